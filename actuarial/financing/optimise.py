"""The least-cost mix of financing instruments that keeps a fund's reserve ratio above a target."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from actuarial.analysis.valuation import next_year_cost
from actuarial.config import AssumptionError, load_scenario
from actuarial.config.financing import check_option_years
from actuarial.financing.compare import pv_fiscal_cost
from actuarial.financing.mix import MixResult, linear_response, run_mix
from actuarial.financing.study import Target
from actuarial.funds.rollforward import roll_forward


@dataclass(frozen=True)
class OptimisationResult:
    feasible: bool
    sizes: dict[str, float]
    pv_fiscal_cost: float
    shortfall: float  # reserve-ratio years missing in the worst year (0 when feasible)
    binding_years: list[int]
    at_bounds: list[str]
    verified: MixResult
    verified_min_reserve: float
    verified_year: int


def optimise(target: Target) -> OptimisationResult:
    """Least-cost sizes meeting the reserve-ratio target in every year from ``first_year``.

    For each combination of levels of the non-linear instruments, the model
    runs once with them; each linear instrument's cash flows at unit size are
    rolled through the fund alone (the roll-forward is linear in inflows for
    given returns), giving balance responses ``R_i(t)`` and unit fiscal costs
    ``c_i``; ``scipy.optimize.linprog`` (HiGHS) then solves
    ``min sum c_i x_i`` s.t. ``B_0(t) + sum x_i R_i(t) >= rho E(t+1)``
    within bounds.  If no combination is feasible, the same programme with a
    shortfall variable ``s`` (``... + s E(t+1) >= rho E(t+1)``, minimise ``s``)
    says how far the best mix falls short.  The chosen mix is re-run through
    :func:`run_mix` to verify it.
    """
    assumptions = load_scenario(target.scenario)
    check_option_years(target.study.options, assumptions.years, file=str(target.study.file))
    if not assumptions.years[0] <= target.info.first_year <= assumptions.years[-1]:
        raise AssumptionError(target.file, "target.first_year", f"value {target.info.first_year} is outside the "
                              f"projection years {assumptions.years[0]}..{assumptions.years[-1]}")
    discount = assumptions.data("valuation_discount_rate")
    fund_name = target.study.fund
    options = target.study.options
    linear = [n for n, i in target.instruments.items() if options[n].linear]
    searched = [n for n in target.instruments if not options[n].linear]
    best = None
    for levels in itertools.product(*[target.instruments[n].levels for n in searched]):
        fixed = {n: options[n].scaled(level) for n, level in zip(searched, levels) if level > 0}
        base = run_mix(assumptions, fixed, name="search", fund=fund_name)
        fund = base.fund
        # the programme is linear when every balance earns the fund's return; a feasible answer keeps every
        # balance positive, so the base balance is rolled with that return throughout (no borrowing rate)
        linear_balance = roll_forward(opening_balance=base.opening, contributions=fund["contributions"].values,
                                      fiscal_subsidy=fund["baseline_fiscal_subsidy"].values,
                                      financing_inflows=fund["financing_inflows"].values, benefits=fund["benefits"].values,
                                      other_outflows=fund["other_outflows"].values,
                                      returns=fund["returns"].values)["balance"]
        years = fund["year"].values
        mask = years >= target.info.first_year
        required = target.info.reserve_ratio_min * next_year_cost(fund["benefits"]).values
        responses, costs = [], []
        for name in linear:
            response, fiscal, debt = linear_response(base, options[name].scaled(1.0))
            responses.append(response.values)
            costs.append(pv_fiscal_cost(fiscal, debt, discount))
        fixed_cost = pv_fiscal_cost(fund["option_fiscal_cost"], fund["treasury_debt"], discount)
        a = -np.array(responses).T[mask] if linear else np.zeros((mask.sum(), 0))
        b = (linear_balance - required)[mask]
        bounds = [tuple(target.instruments[n].bounds) for n in linear]
        solution = linprog(np.array(costs), A_ub=a, b_ub=b, bounds=bounds, method="highs") if linear else None
        feasible = bool(np.all(b >= -1e-6)) if not linear else solution.status == 0
        if feasible:
            x = solution.x if linear else np.zeros(0)
            cost = fixed_cost + float(np.dot(costs, x))
            candidate = (0.0, cost, dict(zip(linear, x)), dict(zip(searched, levels)))
        else:
            scale = next_year_cost(fund["benefits"]).values[mask]
            a_s = np.column_stack([a, -scale])
            shortfall = linprog(np.r_[np.zeros(len(linear)), 1.0], A_ub=a_s, b_ub=b, bounds=bounds + [(0, None)],
                                method="highs")
            x = shortfall.x[:-1]
            candidate = (float(shortfall.x[-1]), fixed_cost + float(np.dot(costs, x)), dict(zip(linear, x)),
                         dict(zip(searched, levels)))
        if best is None or (candidate[0], candidate[1]) < (best[0], best[1]):
            best = candidate
    shortfall, cost, linear_sizes, searched_levels = best
    sizes = {**searched_levels, **linear_sizes}
    chosen = {n: options[n].scaled(size) for n, size in sizes.items() if size > 0}
    verified = run_mix(assumptions, chosen, name="optimal_mix", fund=fund_name)
    reserve = verified.fund["balance"] / next_year_cost(verified.fund["benefits"])
    window = reserve.sel(year=slice(target.info.first_year, None))
    slack = window - target.info.reserve_ratio_min
    binding = [int(y) for y in window["year"].values[np.abs(slack.values) < 1e-6]]
    at_bounds = [n for n in linear if any(abs(sizes[n] - edge) < 1e-9 for edge in target.instruments[n].bounds)]
    verified_ok = float(window.min()) >= target.info.reserve_ratio_min - 1e-6
    return OptimisationResult(
        feasible=shortfall <= 1e-9 and verified_ok, sizes=sizes, pv_fiscal_cost=cost, shortfall=shortfall, binding_years=binding,
        at_bounds=at_bounds, verified=verified, verified_min_reserve=float(window.min()),
        verified_year=int(window["year"].values[int(np.argmin(window.values))]),
    )


__all__ = ["OptimisationResult", "optimise"]
