"""The least-cost mix of financing instruments that keeps a fund solvent, as a ministry would pose it.

Decision variables: a scale on each linear instrument (state capital, levy,
bonds on a fixed schedule) or, for bonds sized ``by_year``, the issuance of
each year of the window; non-linear instruments (investment mandates,
behavioural options) are searched over stated levels, each level a whole-model
run.  For each combination the programme is linear:

    minimise   sum_j x_j [PV(c_j) + v_T D_j(T) + lambda PV(L_j)]
    subject to B_0(t) + sum_j x_j R_j(t) >= rho E(t+1)               every year t >= first_year
               reserve ratio at T >= reserve ratio at T - k            (sustainable solvency, optional)
               D_0(t) + sum_j x_j D_j(t) <= delta GDP(t)               (bonds outstanding, optional)
               c_0(t) + sum_j x_j c_j(t) <= kappa GDP(t)               (annual cash cost, optional)
               bounds on x_j

where ``R_j`` is instrument ``j``'s balance response at unit size (its inflows
rolled alone with the fund's returns: the roll-forward is linear in inflows),
``c_j`` its cash cost to the budget, ``D_j`` the treasury-serviced bonds it
leaves outstanding, ``L_j`` the levy revenue it raises, priced at the marginal
cost of public funds ``lambda`` (``marginal_cost_of_public_funds``), so a levy
is not free.  The searched levels add their own budget cost on the basis of
:mod:`actuarial.financing.basis` (own cash cost plus the change in every fund's
subsidy, and in the backstop of the other funds; the target fund needs none
once the target holds).  Present values on the target's discount basis (the
government's borrowing rate by default).  The chosen mix is re-run through the
whole model and every constraint is checked on the re-run.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import xarray as xr
from scipy.optimize import linprog

from actuarial.analysis.valuation import next_year_cost
from actuarial.config import AssumptionError, load_scenario
from actuarial.config.financing import PlatformLevy, StateCapital, check_option_years
from actuarial.financing.basis import (
    FINANCED_FUNDS,
    backstop_variable,
    budget_cost,
    budget_cost_by_year,
    discount_basis,
    end_value,
    own_cash_cost,
    pv,
)
from actuarial.financing.mix import MixResult, linear_response, run_mix
from actuarial.financing.study import Target
from actuarial.funds.options import BalanceRule, FundContext, cash_flows
from actuarial.funds.rollforward import roll_forward

TOLERANCE = 1e-6
"""Slack (in years of expenditure, or share of GDP) below which a constraint counts as binding or met."""


@dataclass(frozen=True)
class Checks:
    """The constraints measured on the verification re-run."""

    min_reserve: float
    min_reserve_year: int
    end_reserve: float
    reserve_k_before: float | None
    max_debt_pct_gdp: float
    max_cost_pct_gdp: float
    ok: bool


@dataclass(frozen=True)
class OptimisationResult:
    feasible: bool
    sizes: dict[str, float]
    issuance_by_year: dict[str, dict[int, float]]  # by-year bonds: share of GDP issued each year
    objective: float  # PV of the instruments' budget cost, levies priced at the MCPF (the programme's objective)
    pv_budget_cost: float  # the re-run's budget cost on the basis of financing/basis (no MCPF)
    pv_levy_price: float  # MCPF x PV of levy revenue in the re-run
    shortfall: float
    binding: dict[str, list[int]]
    at_bounds: list[str]
    verified: MixResult
    checks: Checks
    cost_by_year: xr.DataArray  # own cash cost of the mix over each year / GDP
    budget_cost_by_year: xr.DataArray  # budget cost (own cash + change in every fund's support) / GDP
    discount: str = ""
    chosen: dict = field(default_factory=dict)
    stake_value: dict[str, xr.DataArray] = field(default_factory=dict)
    """State capital in the chosen mix: the stake's market value at 31 December (part of the fund's reserve)."""

    @property
    def verified_min_reserve(self) -> float:
        return self.checks.min_reserve

    @property
    def verified_year(self) -> int:
        return self.checks.min_reserve_year

    @property
    def pv_fiscal_cost(self) -> float:
        return self.objective


def _variables(target: Target, linear: list[str], years: np.ndarray) -> list[tuple[str, int | None]]:
    """The decision variables: (instrument, None) for a scale, (instrument, year) for a by-year issue."""
    out = []
    for name in linear:
        option = target.study.options[name]
        if target.instruments[name].by_year:
            out += [(name, int(y)) for y in years if option.first_year <= y <= option.last_year]
        else:
            out.append((name, None))
    return out


def _unit(option, year: int | None):
    return option.scaled(1.0) if year is None else option.model_copy(update={"first_year": year, "last_year": year})


def _searched_cost(run: MixResult, baseline: MixResult, fund: str, rate: xr.DataArray) -> float:
    """Budget cost of the searched (non-linear) levels without the target fund's backstop."""
    cost = budget_cost(run.projection, baseline.projection, rate)["total"]
    backstop = backstop_variable(run.projection, fund)
    change = (run.projection[backstop] - baseline.projection[backstop]).isel(year=slice(1, None))
    return cost - pv(change, rate)


def measure_checks(target: Target, run: MixResult) -> tuple[Checks, xr.DataArray, xr.DataArray]:
    info, fund = target.info, run.fund
    reserve = fund["balance"] / next_year_cost(fund["benefits"])
    window = reserve.sel(year=slice(info.first_year, None))
    debt = fund["treasury_debt"] / fund["gdp"]
    own = sum(own_cash_cost(run.projection, f) for f in FINANCED_FUNDS) / fund["gdp"]
    k = info.sustainable_years
    before = float(reserve.isel(year=-1 - k)) if k else None
    end = float(reserve.isel(year=-1))
    ok = (float(window.min()) >= info.reserve_ratio_min - TOLERANCE
          and (k is None or end >= before - TOLERANCE)
          and (info.debt_to_gdp_max is None or float(debt.max()) <= info.debt_to_gdp_max + TOLERANCE)
          and (info.annual_cost_pct_gdp_max is None or float(own.max()) <= info.annual_cost_pct_gdp_max + TOLERANCE))
    checks = Checks(min_reserve=float(window.min()), min_reserve_year=int(window["year"].values[int(np.argmin(window.values))]),
                    end_reserve=end, reserve_k_before=before, max_debt_pct_gdp=float(debt.max()),
                    max_cost_pct_gdp=float(own.max()), ok=ok)
    return checks, own, debt


def _stake(run: MixResult, option: StateCapital) -> xr.DataArray:
    """The stake's market value at 31 December over the projection years (:mod:`actuarial.funds.options`)."""
    fund = run.fund
    context = FundContext(years=fund["year"].values, gdp=fund["gdp"].values, benefits=fund["benefits"].values,
                          projection=run.projection)
    flows = cash_flows(option, context, BalanceRule(opening=run.opening, returns=fund["returns"].values,
                                                    other_net=np.zeros(fund["year"].size)))
    return xr.DataArray(flows["stake_value"], coords={"year": fund["year"].values}, dims="year")


@dataclass(frozen=True)
class Programme:
    """The linear programme of one searched combination on one run (module docstring): ``a x <= b``, the
    reserve rows first (then the sustainable row, the debt ceiling, the annual cost cap), ``kinds`` naming
    the blocks (name, years, scale of the slack), the cost of each variable at unit size and of the searched
    levels."""

    variables: list[tuple[str, int | None]]
    unit_cost: np.ndarray
    a: np.ndarray
    b: np.ndarray
    kinds: list[tuple[str, np.ndarray, np.ndarray]]
    bounds: list[tuple[float, float]]
    fixed_cost: float
    cost_next: np.ndarray
    mask: np.ndarray

    @property
    def solvency_rows(self) -> int:
        """How many rows, from the first, state the reserve condition (reserve rows and the sustainable row)."""
        return sum(len(years) for kind, years, _ in self.kinds if kind in ("reserve", "sustainable"))


@dataclass(frozen=True)
class Setting:
    """What every programme of a target shares: the scenario's set, the discount rate, the price of levies,
    the linear and the searched instruments."""

    assumptions: object
    basis: object
    mcpf: float
    linear: list[str]
    searched: list[str]
    levels: dict[str, list[float]]

    @property
    def combinations(self) -> list[tuple[float, ...]]:
        """Every combination of the searched instruments' levels."""
        return [tuple(levels) for levels in itertools.product(*[self.levels[n] for n in self.searched])]


def prepare(target: Target) -> Setting:
    """Load the target's scenario and check the target against it."""
    assumptions = load_scenario(target.scenario)
    check_option_years(target.study.options, assumptions.years, file=str(target.study.file))
    info = target.info
    if not assumptions.years[0] <= info.first_year <= assumptions.years[-1]:
        raise AssumptionError(target.file, "target.first_year", f"value {info.first_year} is outside the "
                              f"projection years {assumptions.years[0]}..{assumptions.years[-1]}")
    mcpf = assumptions.scalar("marginal_cost_of_public_funds") if "marginal_cost_of_public_funds" in assumptions else 0.0
    options = target.study.options
    searched = [n for n in target.instruments if not options[n].linear]
    return Setting(assumptions=assumptions, basis=discount_basis(assumptions, info.discount), mcpf=mcpf,
                   linear=[n for n in target.instruments if options[n].linear], searched=searched,
                   levels={n: target.instruments[n].levels for n in searched})


def searched_options(target: Target, setting: Setting, levels) -> dict:
    """The searched options at ``levels`` (those at level 0 left out)."""
    options = target.study.options
    return {n: options[n].scaled(level) for n, level in zip(setting.searched, levels) if level > 0}


def programme(target: Target, setting: Setting, base: MixResult, baseline: MixResult, fixed: dict) -> Programme:
    """The programme of the searched options ``fixed`` run as ``base`` (``baseline``: no option)."""
    info, options, rate, mcpf = target.info, target.study.options, setting.basis.rate, setting.mcpf
    fund = base.fund
    years = fund["year"].values
    gdp = fund["gdp"].values
    # a feasible answer keeps the balance positive, so the base balance is rolled with the fund's
    # return throughout (no borrowing rate): the programme is then exactly linear
    balance = roll_forward(opening_balance=base.opening, contributions=fund["contributions"].values,
                           fiscal_subsidy=fund["baseline_fiscal_subsidy"].values,
                           financing_inflows=fund["financing_inflows"].values, benefits=fund["benefits"].values,
                           other_outflows=fund["other_outflows"].values, returns=fund["returns"].values)["balance"]
    cost_next = next_year_cost(fund["benefits"]).values
    variables = _variables(target, setting.linear, years)
    responses = [linear_response(base, _unit(options[n], y)) for n, y in variables]
    unit_cost = np.array([pv(r["fiscal_cost"], rate) + end_value(r["treasury_debt"], rate)
                          + (mcpf * pv(r["inflows"], rate) if isinstance(options[n], PlatformLevy) else 0.0)
                          for (n, _), r in zip(variables, responses)])
    R = np.array([r["balance"].values for r in responses]).reshape(len(variables), years.size)
    mask = years >= info.first_year
    # each block of rows: (name, years, scale of its slack: years of expenditure or GDP)
    rows, rhs = [-R.T[mask]], [(balance - info.reserve_ratio_min * cost_next)[mask]]
    kinds = [("reserve", years[mask], cost_next[mask])]
    if info.sustainable_years:
        k = info.sustainable_years
        rows.append((-(R[:, -1] / cost_next[-1] - R[:, -1 - k] / cost_next[-1 - k]))[None, :])
        rhs.append(np.array([balance[-1] / cost_next[-1] - balance[-1 - k] / cost_next[-1 - k]]))
        kinds.append(("sustainable", years[-1:], np.ones(1)))
    if info.debt_to_gdp_max is not None:
        D = np.array([r["treasury_debt"].values for r in responses]).reshape(len(variables), years.size)
        rows.append(D.T)
        rhs.append(info.debt_to_gdp_max * gdp - fund["treasury_debt"].values)
        kinds.append(("debt_ceiling", years, gdp))
    if info.annual_cost_pct_gdp_max is not None:
        C = np.array([r["fiscal_cost"].values for r in responses]).reshape(len(variables), years.size)
        rows.append(C.T)
        rhs.append(info.annual_cost_pct_gdp_max * gdp - fund["option_fiscal_cost"].values)
        kinds.append(("annual_cost", years, gdp))
    return Programme(variables=variables, unit_cost=unit_cost, a=np.vstack(rows), b=np.concatenate(rhs), kinds=kinds,
                     bounds=[tuple(target.instruments[n].bounds) for n, _ in variables],
                     fixed_cost=_searched_cost(base, baseline, base.fund_name, rate) if fixed else 0.0,
                     cost_next=cost_next, mask=mask)


def mix_of(target: Target, variables: list[tuple[str, int | None]], x: np.ndarray,
           levels: dict[str, float]) -> tuple[dict[str, float], dict[str, dict[int, float]], dict]:
    """The sizes (searched levels and linear scales), the by-year issuance (share of GDP) and the options of
    a solution ``x`` of the programme's ``variables``."""
    options = target.study.options
    sizes = dict(levels)
    issuance: dict[str, dict[int, float]] = {}
    for (name, year), value in zip(variables, x):
        if year is None:
            sizes[name] = float(value)
        else:
            issuance.setdefault(name, {})[year] = float(value) * options[name].issuance_pct_gdp
    chosen = {n: options[n].scaled(size) for n, size in sizes.items() if size > 0}
    for name, by_year in issuance.items():
        option = options[name]
        first, last = min(by_year), max(by_year)
        chosen[name] = option.model_copy(update={"rule": "schedule", "first_year": first, "last_year": last,
                                                 "schedule": by_year, "schedule_scale": 1.0})
    return sizes, issuance, chosen


def optimise(target: Target) -> OptimisationResult:
    """Least-cost sizes meeting the target (module docstring); re-run and checked."""
    setting = prepare(target)
    assumptions, basis, rate, mcpf, info = setting.assumptions, setting.basis, setting.basis.rate, setting.mcpf, target.info
    fund_name = target.study.fund
    baseline = run_mix(assumptions, {}, name="baseline", fund=fund_name)
    best = None
    for levels in setting.combinations:
        fixed = searched_options(target, setting, levels)
        base = run_mix(assumptions, fixed, name="search", fund=fund_name) if fixed else baseline
        problem = programme(target, setting, base, baseline, fixed)
        variables, unit_cost, a, b, kinds = problem.variables, problem.unit_cost, problem.a, problem.b, problem.kinds
        bounds, fixed_cost, mask, cost_next = problem.bounds, problem.fixed_cost, problem.mask, problem.cost_next
        solution = linprog(unit_cost, A_ub=a, b_ub=b, bounds=bounds, method="highs") if variables else None
        feasible = solution.status == 0 if variables else bool(np.all(b >= -TOLERANCE))
        if feasible:
            x = solution.x if variables else np.zeros(0)
            slack = b - a @ x
            shortfall = 0.0
        else:
            # how far the best mix falls short: a shortfall s in years of expenditure on the reserve rows only
            # (and on the sustainable row, in years of expenditure), within every other limit
            extra = np.zeros(a.shape[0])
            extra[:mask.sum()] = -cost_next[mask]
            if info.sustainable_years:
                extra[mask.sum()] = -1.0
            short = linprog(np.r_[np.zeros(len(variables)), 1.0], A_ub=np.column_stack([a, extra]), b_ub=b,
                            bounds=bounds + [(0, None)], method="highs")
            if short.status != 0:  # the searched levels alone break a limit: no mix of this combination
                continue
            x, shortfall = short.x[:-1], float(short.x[-1])
            slack = b - a @ x
        objective = fixed_cost + float(unit_cost @ x)
        candidate = (shortfall, objective, variables, x, dict(zip(setting.searched, levels)), slack, kinds)
        if best is None or (candidate[0], candidate[1]) < (best[0], best[1]):
            best = candidate
    if best is None:
        raise AssumptionError(target.file, "instruments", "every searched level already breaks the debt ceiling or "
                              "the annual cost cap on its own; no mix can be formed")
    shortfall, objective, variables, x, levels, slack, kinds = best
    sizes, issuance, chosen = mix_of(target, variables, x, levels)
    verified = run_mix(assumptions, chosen, name="optimal_mix", fund=fund_name)
    checks, own, _ = measure_checks(target, verified)
    binding, start = {}, 0
    for kind, kind_years, scale in kinds:
        part = slack[start:start + len(kind_years)] / scale  # years of expenditure, or share of GDP
        hits = [int(y) for y in np.asarray(kind_years)[np.abs(part) <= TOLERANCE]]
        if hits:
            binding[kind] = hits
        start += len(kind_years)
    at_bounds = sorted({n for (n, y), value in zip(variables, x)
                        if y is None and any(abs(value - edge) < 1e-9 for edge in target.instruments[n].bounds)})
    cost = budget_cost(verified.projection, baseline.projection, rate)["total"]
    stakes = {name: _stake(verified, option) for name, option in chosen.items() if isinstance(option, StateCapital)}
    levy_price = 0.0
    for name, option in chosen.items():
        if isinstance(option, PlatformLevy):
            levy_price += mcpf * pv(linear_response(verified, option)["inflows"], rate)
    return OptimisationResult(
        feasible=shortfall <= 1e-9 and checks.ok, sizes=sizes, issuance_by_year=issuance, objective=objective,
        pv_budget_cost=cost, pv_levy_price=levy_price, shortfall=shortfall, binding=binding,
        at_bounds=at_bounds, verified=verified, checks=checks, cost_by_year=own,
        budget_cost_by_year=budget_cost_by_year(verified.projection, baseline.projection) / verified.fund["gdp"],
        discount=basis.description, chosen=chosen, stake_value=stakes,
    )


__all__ = ["Checks", "OptimisationResult", "Programme", "Setting", "TOLERANCE", "measure_checks", "mix_of", "optimise",
           "prepare", "programme", "searched_options"]
