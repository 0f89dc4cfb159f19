"""What financing options do: their changes to assumptions and their cash flows into a fund.

The options themselves are validated data (:mod:`actuarial.config.financing`).
They act in one or both of two ways:

* **behavioural** options change assumptions before the projection runs
  (``rate_cut``: lower rates, phased in, with coverage and declared-base responses
  to each status's relative cut in total labour cost;
  ``employer_share_subsidy``: the state pays part of platform workers'
  contributions and their coverage rises; ``platform_contributions``: platforms
  collect them per order or periodically and may pay a share; the levers ``retirement_age``,
  ``indexation``, ``minimum_years``, ``medical_rate``: rules changed before the
  run, their effects on members, benefits and subsidies computed by the model) —
  :func:`apply_behaviour`;
* **cash-flow** options add inflows to their fund and costs to the budget
  (``special_bonds``, ``state_capital``, ``platform_levy``,
  ``employer_share_subsidy``'s budget cost) or change the fund's return
  (``investment``) — :func:`finance_fund`, called inside the run by the fund
  stage of :func:`actuarial.model.run_model`.

Money is nominal yuan; ``fiscal_cost`` is what the budget pays (or forgoes)
each year, on a cash basis; timing as the fund (flows mid-year).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import xarray as xr

from actuarial.config.assumptions import AssumptionSet, replace_data
from actuarial.config.financing import (
    EmployerShareSubsidy,
    Indexation,
    Investment,
    MedicalRate,
    MinimumYears,
    Option,
    PlatformContributions,
    PlatformLevy,
    PolicyPath,
    RateCut,
    RetirementAge,
    SpecialBonds,
    StateCapital,
)
from actuarial.dims import EMPLOYED_STATUSES, EMPLOYEES


@dataclass(frozen=True)
class FundContext:
    """What an option's cash flows depend on: the projection years, GDP and the fund's benefits
    (arrays over ``years``), and the projection so far (for option-specific series)."""

    years: np.ndarray
    gdp: np.ndarray
    benefits: np.ndarray
    projection: xr.Dataset

    def window(self, first: int, last: int | None = None) -> np.ndarray:
        """1 in the years ``first..last`` (default: to the horizon), else 0."""
        last = self.years[-1] if last is None else last
        return ((self.years >= first) & (self.years <= last)).astype(float)


@dataclass(frozen=True)
class BalanceRule:
    """What a rule-based option needs to know of the fund while it rolls: the other flows and returns."""

    opening: float
    returns: np.ndarray
    other_net: np.ndarray  # contributions + subsidy + other options' inflows - benefits - other outflows
    borrowing_returns: np.ndarray | None = None  # rate on a negative balance (default: returns)

    def rate(self, t: int, balance: float) -> float:
        """The rate the fund earns (or pays) in year index ``t`` on ``balance``."""
        borrowing = self.returns if self.borrowing_returns is None else self.borrowing_returns
        return borrowing[t] if balance < 0.0 else self.returns[t]


# --------------------------------------------------------------------------- behaviour (before the run)
def _years_from(assumptions: AssumptionSet, first_year: int) -> xr.DataArray:
    years = assumptions.years
    return xr.DataArray(years >= first_year, coords={"year": years}, dims="year")


def _density_adjustment(assumptions: AssumptionSet) -> xr.DataArray:
    if "contribution_density_adjustment" in assumptions:
        return assumptions.data("contribution_density_adjustment")
    return xr.DataArray(np.ones((assumptions.years.size, len(EMPLOYED_STATUSES))),
                        coords={"year": assumptions.years, "status": list(EMPLOYED_STATUSES)}, dims=("year", "status"))


def _phase(assumptions: AssumptionSet, first_year: int, years: int) -> xr.DataArray:
    """Share of a phased change in force by year: ``clip((t - first + 1) / n, 0, 1)``."""
    t = assumptions.years
    return xr.DataArray(np.clip((t - first_year + 1) / years, 0.0, 1.0), coords={"year": t}, dims="year")


def _rate_cut_changes(option: RateCut, assumptions: AssumptionSet) -> dict[str, xr.DataArray]:
    """Rates cut by ``phi_t`` times the cut (``phi_t`` the phase-in share); each status's relative cut in
    total labour cost ``k_s = phi_t cut_s / (1 + rate_s)`` (employees: the employer rate on top of the wage;
    flexible workers: their own rate on top of their earnings; other social charges left out, so ``k_s`` is
    slightly overstated) raises contribution density by ``e_s k_s`` and compliance (the declared base per
    yuan of earnings, before the floor and ceiling) by ``e_b k_s``."""
    phase = _phase(assumptions, option.first_year, option.phase_in_years)
    employer = assumptions.data("employer_pension_rate")
    flexible = assumptions.data("flexible_pension_rate")
    cost_cut = {"employees": phase * option.employer_cut / (1.0 + employer),
                "flexible": phase * option.flexible_cut / (1.0 + flexible)}
    by_status = {s: cost_cut["employees" if s in EMPLOYEES else "flexible"] for s in EMPLOYED_STATUSES}
    factor = xr.concat([1.0 + option.coverage(s) * by_status[s] for s in EMPLOYED_STATUSES],
                       dim=xr.DataArray(list(EMPLOYED_STATUSES), dims="status", name="status"))
    density = _density_adjustment(assumptions) * factor

    def adjustment(name: str, group: str) -> xr.DataArray:
        before = assumptions.data(name) if name in assumptions else xr.ones_like(employer)
        return before * (1.0 + option.declared_base() * cost_cut[group])

    return {
        "employer_pension_rate": employer - phase * option.employer_cut,
        "flexible_pension_rate": flexible - phase * option.flexible_cut,
        "contribution_density_adjustment": density.transpose("year", "status"),
        "declared_base_adjustment": adjustment("declared_base_adjustment", "employees"),
        "flexible_base_adjustment": adjustment("flexible_base_adjustment", "flexible"),
    }


def _platform_density(assumptions: AssumptionSet, first_year: int, rise: float) -> xr.DataArray:
    """The set's density adjustment with platform workers' density times ``1 + rise`` from ``first_year``."""
    active = _years_from(assumptions, first_year)
    is_platform = xr.DataArray([s == "platform" for s in EMPLOYED_STATUSES], coords={"status": list(EMPLOYED_STATUSES)})
    factor = xr.where(active & is_platform, 1.0 + rise, 1.0)
    return (_density_adjustment(assumptions) * factor).transpose("year", "status")


def _subsidy_changes(option: EmployerShareSubsidy, assumptions: AssumptionSet) -> dict[str, xr.DataArray]:
    return {"contribution_density_adjustment": _platform_density(assumptions, option.first_year,
                                                                 option.coverage_response)}


UPLIFTS = {"per_order": "platform_per_order_density_uplift", "periodic": "platform_periodic_density_uplift"}
"""The set's density uplift of each way platforms collect contributions."""


def _platform_contribution_changes(option: PlatformContributions,
                                   assumptions: AssumptionSet) -> dict[str, xr.DataArray]:
    """From ``first_year``: platform workers' density times ``1 + u`` (``u`` the collection's uplift) and
    ``platform_employer_share`` set to the option's share (the scheme's cost response follows from it)."""
    share = assumptions.data("platform_employer_share")
    uplift = assumptions.scalar(UPLIFTS[option.collection])
    return {"contribution_density_adjustment": _platform_density(assumptions, option.first_year, uplift),
            "platform_employer_share": xr.where(share["year"] >= option.first_year, option.platform_share, share)}


def _retirement_changes(option: RetirementAge, assumptions: AssumptionSet) -> dict[str, xr.DataArray]:
    """Every group's statutory age plus ``rise * clip((b - b_0 + 1) / n, 0, 1)`` for birth year ``b``."""
    ages = assumptions.data("statutory_retirement_age")
    share = ((ages["birth_year"] - option.from_birth_year + 1) / option.phase_in_cohorts).clip(0.0, 1.0)
    return {"statutory_retirement_age": (ages + option.rise_years * share).transpose(*ages.dims)}


def _indexation_changes(option: Indexation, assumptions: AssumptionSet) -> dict[str, xr.DataArray]:
    """From ``first_year``: ``f_t = 0, h_t = h`` (a share of wage growth) or ``f_t = inflation_t, h_t = 0`` (prices)."""
    active = _years_from(assumptions, option.first_year)
    fixed = assumptions.data("pension_indexation_fixed")
    share = assumptions.data("pension_indexation_wage_share")
    new_fixed = assumptions.data("inflation") if option.rule == "prices" else xr.zeros_like(fixed)
    new_share = xr.zeros_like(share) + (option.wage_share if option.rule == "wage_share" else 0.0)
    return {"pension_indexation_fixed": xr.where(active, new_fixed, fixed),
            "pension_indexation_wage_share": xr.where(active, new_share, share)}


def _minimum_years_changes(option: MinimumYears, assumptions: AssumptionSet) -> dict[str, xr.DataArray]:
    """The minimum moves from its value the year before ``first_year`` to ``years`` in equal steps."""
    minimum = assumptions.data("minimum_contribution_years")
    before = minimum.sel(year=minimum["year"] < option.first_year)
    start = float(before[-1]) if before.size else float(minimum[0])
    phase = _phase(assumptions, option.first_year, option.phase_in_years)
    return {"minimum_contribution_years": xr.where(phase > 0, start + (option.years - start) * phase, minimum)}


def _medical_rate_changes(option: MedicalRate, assumptions: AssumptionSet) -> dict[str, xr.DataArray]:
    """``medical_employer_rate_change`` plus the change times the phase-in share."""
    change = assumptions.data("medical_employer_rate_change")
    return {"medical_employer_rate_change": change + option.employer_rate_change
            * _phase(assumptions, option.first_year, option.phase_in_years)}


def _policy_path_changes(option: PolicyPath, assumptions: AssumptionSet) -> dict[str, xr.DataArray]:
    """Each path takes the given values as a step function from its first given year on."""
    changes = {}
    for name, values in option.paths.items():
        path = assumptions.data(name)
        years = path["year"]
        stepped = path.copy()
        for year, value in sorted(values.items()):
            stepped = xr.where(years >= year, value, stepped)
        changes[name] = stepped.transpose(*path.dims)
    return changes


BEHAVIOUR: dict[type, Callable[[Option, AssumptionSet], dict[str, xr.DataArray]]] = {
    RateCut: _rate_cut_changes,
    EmployerShareSubsidy: _subsidy_changes,
    PlatformContributions: _platform_contribution_changes,
    RetirementAge: _retirement_changes,
    Indexation: _indexation_changes,
    MinimumYears: _minimum_years_changes,
    MedicalRate: _medical_rate_changes,
    PolicyPath: _policy_path_changes,
}


def changes_assumptions(option: Option) -> bool:
    """Whether ``option`` acts on the assumptions before the run (it is then not linear in cash)."""
    return type(option) in BEHAVIOUR


def assumption_changes(option: Option, assumptions: AssumptionSet) -> dict[str, xr.DataArray]:
    """The assumptions ``option`` changes before the run (empty for pure cash-flow options)."""
    change = BEHAVIOUR.get(type(option))
    return change(option, assumptions) if change else {}


def apply_behaviour(assumptions: AssumptionSet, options: Sequence[Option], *, label: str) -> AssumptionSet:
    """The assumption set with every behavioural option applied in turn (the same set when none changes it)."""
    for option in options:
        changes = assumption_changes(option, assumptions)
        if changes:
            assumptions = replace_data(assumptions, changes, label=label)
    return assumptions


# --------------------------------------------------------------------------- cash flows (inside the run)
def _bond_flows(option: SpecialBonds, context: FundContext, rule: BalanceRule) -> dict[str, np.ndarray]:
    n = context.years.size
    cap = np.array([option.issued_share(year) for year in context.years]) * context.gdp
    issued, coupons, principal, stock = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    outstanding = np.zeros(n)  # by issue year
    balance = rule.opening
    benefits = context.benefits
    next_cost = np.append(benefits[1:], benefits[-1] ** 2 / benefits[-2])
    for t in range(n):
        coupons[t] = option.coupon * outstanding[:t].sum()
        if t >= option.maturity:
            principal[t] = outstanding[t - option.maturity]
            outstanding[t - option.maturity] = 0.0
        service = coupons[t] + principal[t] if option.serviced_by == "fund" else 0.0
        r = rule.rate(t, balance)  # as the fund roll charges
        if option.rule in ("fixed", "schedule"):
            issued[t] = cap[t]
        else:
            target = option.floor_reserve_ratio * next_cost[t]
            needed = (target - balance * (1.0 + r)) / (1.0 + r / 2.0) - (rule.other_net[t] - service)
            issued[t] = min(cap[t], max(0.0, needed))
        outstanding[t] = issued[t]
        net = rule.other_net[t] + issued[t] - service
        balance = balance * (1.0 + r) + net * (1.0 + r / 2.0)
        stock[t] = outstanding[: t + 1].sum()
    service = coupons + principal
    by_fund = option.serviced_by == "fund"
    return {"inflows": issued - (service if by_fund else 0.0), "fiscal_cost": np.zeros(n) if by_fund else service,
            "debt_stock": stock, "treasury_debt": np.zeros(n) if by_fund else stock,
            "bonds_issued": issued, "debt_service": service}


def _capital_flows(option: StateCapital, context: FundContext, rule: BalanceRule) -> dict[str, np.ndarray]:
    """The stake at market value: ``V`` enters the fund's reserve in ``first_year`` (the budget gives up an
    asset worth ``V``: its cost), then grows by ``g`` a year and pays dividends ``d V``; a share ``s`` is
    sold each year from ``sale_start_year`` (cash within the fund, no flow).  The roll-forward credits the
    fund's return ``r_t`` on the whole balance, stake included, so the stake's own return enters as the
    excess ``(d + g - r_t) V_{t-1}`` (to first order: flows arrive at mid-year).  ``stake_value`` is
    ``V_t`` at 31 December, ``dividends`` the cash it pays."""
    n = context.years.size
    value, stake, dividends, excess = 0.0, np.zeros(n), np.zeros(n), np.zeros(n)
    transfer = np.where(context.years == option.first_year, option.transfer, 0.0)
    for t, year in enumerate(context.years):
        if value > 0.0:
            dividends[t] = option.dividend_yield * value
            excess[t] = (option.dividend_yield + option.value_growth - rule.returns[t]) * value
            value *= 1.0 + option.value_growth
        value += transfer[t]
        if year >= option.sale_start_year:
            value -= option.sale_share_per_year * value
        stake[t] = value
    return {"inflows": transfer + excess, "fiscal_cost": transfer.copy(), "stake_value": stake,
            "dividends": dividends}


def _levy_flows(option: PlatformLevy, context: FundContext, rule: BalanceRule) -> dict[str, np.ndarray]:
    p = context.projection.sel(year=context.years)
    earnings_bill = (p["employment"].sel(status="platform") * p["earnings"].sel(status="platform")).sum(["sex", "age"])
    revenue = earnings_bill.values * option.revenue_per_earnings
    levy = option.rate * revenue * context.window(option.first_year)
    return {"inflows": levy, "fiscal_cost": np.zeros(context.years.size), "platform_revenue": revenue}


def _subsidy_flows(option: EmployerShareSubsidy, context: FundContext, rule: BalanceRule) -> dict[str, np.ndarray]:
    platform = context.projection["pension_contributions_by_status"].sel(year=context.years, status="platform").values
    # the contributions are already in the fund (the pension stage counts them); the budget pays its share
    return {"fiscal_cost": option.paid_share_of_contribution * platform * context.window(option.first_year)}


CASH_FLOWS: dict[type, Callable[[Option, FundContext, BalanceRule], dict[str, np.ndarray]]] = {
    SpecialBonds: _bond_flows,
    StateCapital: _capital_flows,
    PlatformLevy: _levy_flows,
    EmployerShareSubsidy: _subsidy_flows,
}


def cash_flows(option: Option, context: FundContext, rule: BalanceRule) -> dict[str, np.ndarray]:
    """The option's flows over the projection years: ``inflows`` to the fund (net of debt the fund
    services), ``fiscal_cost`` to the budget, ``debt_stock`` and ``treasury_debt`` at 31 December,
    and option-specific series; empty for options without cash flows."""
    flows = CASH_FLOWS.get(type(option))
    return flows(option, context, rule) if flows else {}


def financed_returns(options: Sequence[Option], returns: np.ndarray, years: np.ndarray) -> np.ndarray:
    """The fund's return with the investment mandates among ``options``: a share of the balance earns
    the mandate's return net of fees instead of the fund's own, from the mandate's first year."""
    for option in options:
        if isinstance(option, Investment):
            extra = option.share * (option.mandate_return - option.fees - returns)
            returns = returns + np.where(years >= option.first_year, extra, 0.0)
    return returns


FINANCING_SERIES = ("inflows", "fiscal_cost", "debt_stock", "treasury_debt")


def finance_fund(*, opening: float, contributions, fiscal_subsidy, benefits, other_outflows, returns: np.ndarray,
                 options: Sequence[Option], context: FundContext) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every option's cash flows into one fund, and the fund's return with them.

    Fixed cash flows first, then the rule-based bonds (``cover_deficit``), which
    need the balance as it rolls with the other flows; a negative balance is
    borrowed at the fund's own return, so a better mandate earns only on money
    the fund has.

    Returns
    -------
    (financing, returns) : ``financing`` maps :data:`FINANCING_SERIES` to arrays over the projection
    years; ``returns`` is the fund's return with the investment mandates.
    """
    financed = financed_returns(options, returns, context.years)
    totals = {name: np.zeros(context.years.size) for name in FINANCING_SERIES}
    later = [o for o in options if isinstance(o, SpecialBonds) and o.rule == "cover_deficit"]
    for option in [o for o in options if o not in later] + later:
        other_net = contributions + fiscal_subsidy + totals["inflows"] - benefits - other_outflows
        flows = cash_flows(option, context, BalanceRule(opening=opening, returns=financed, other_net=other_net,
                                                        borrowing_returns=returns))
        for name in FINANCING_SERIES:
            if name in flows:
                totals[name] = totals[name] + flows[name]
    return totals, financed


__all__ = ["BalanceRule", "FINANCING_SERIES", "FundContext", "apply_behaviour", "assumption_changes", "cash_flows", "changes_assumptions",
           "finance_fund", "financed_returns"]
