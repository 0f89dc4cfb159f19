"""Financing options for the employee pension fund: declared, validated, composable.

Each option is a small frozen model read from YAML (unknown keys are errors)
and acts in one or both of two ways:

* **behavioural** options change assumptions before the projection runs
  (``rate_cut``: lower rates with coverage and declared-base responses;
  ``employer_share_subsidy``: the state pays part of platform workers'
  contributions and their coverage rises) — :meth:`Option.assumption_changes`;
* **cash-flow** options add inflows to the fund and costs to the budget after
  it (``special_bonds``, ``state_capital``, ``platform_levy``,
  ``employer_share_subsidy``'s budget cost) or change the fund's return
  (``investment``) — :meth:`Option.cash_flows`.

A mix is a list of options; :func:`run_mix` applies the behavioural parts,
runs the model once, then rolls the fund with every option's flows.  Money is
nominal yuan; ``fiscal_cost`` is what the budget pays (or forgoes) each year,
on a cash basis; timing as the fund (flows mid-year).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

import numpy as np
import xarray as xr
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from actuarial.config import AssumptionError, AssumptionSet
from actuarial.config.loader import _raise_validation, replace_data
from actuarial.config.registry import EMPLOYED_STATUSES


class _Option(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    description: str = Field(min_length=1)
    source: str = Field(min_length=1, description="document and table, or 'assumed: <reason>'")

    linear: ClassVar[bool] = False  # cash flows proportional to the size (the optimiser solves these by linear programming)

    def scaled(self, size: float) -> "_Option":
        """The option at ``size`` times its declared size (1: as declared, 0: no effect)."""
        raise NotImplementedError

    def assumption_changes(self, assumptions: AssumptionSet) -> dict[str, xr.DataArray]:
        return {}

    def returns(self, base_returns: xr.DataArray) -> xr.DataArray:
        return base_returns

    def cash_flows(self, context: "FundContext", balance_rule: "BalanceRule") -> dict[str, xr.DataArray]:
        return {}


class SpecialBonds(_Option):
    """Special government bonds: a fixed issuance (share of GDP a year over a window) or a rule
    covering what keeps the fund's balance at ``floor_reserve_ratio`` years of expenditure, capped."""

    type: Literal["special_bonds"]
    rule: Literal["fixed", "cover_deficit"]
    issuance_pct_gdp: float = Field(ge=0.0, le=0.2, description="fixed: issued each year of the window; rule: the cap")
    first_year: int
    last_year: int
    coupon: float = Field(ge=0.0, le=0.2)
    maturity: int = Field(ge=1, le=100)
    serviced_by: Literal["treasury", "fund"]
    floor_reserve_ratio: float = Field(default=0.0, ge=0.0, le=10.0)

    @model_validator(mode="after")
    def _window(self):
        if self.last_year < self.first_year:
            raise ValueError(f"last_year {self.last_year} is before first_year {self.first_year}")
        return self

    @property
    def linear(self) -> bool:  # type: ignore[override]
        return self.rule == "fixed"

    def scaled(self, size: float) -> "SpecialBonds":
        return self.model_copy(update={"issuance_pct_gdp": self.issuance_pct_gdp * size})

    def cash_flows(self, context: FundContext, rule: BalanceRule) -> dict[str, xr.DataArray]:
        n = context.years.size
        window = _window(context, self.first_year, self.last_year)
        cap = self.issuance_pct_gdp * context.gdp.values * window
        issued, coupons, principal, stock = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
        outstanding = np.zeros(n)  # by issue year
        balance = rule.opening
        next_cost = np.append(context.benefits.values[1:], context.benefits.values[-1] ** 2 / context.benefits.values[-2])
        for t in range(n):
            coupons[t] = self.coupon * outstanding[:t].sum()
            if t >= self.maturity:
                principal[t] = outstanding[t - self.maturity]
                outstanding[t - self.maturity] = 0.0
            service = coupons[t] + principal[t] if self.serviced_by == "fund" else 0.0
            r = rule.returns[t] if balance >= 0.0 else rule.borrowing_returns[t]  # as the fund roll charges
            if self.rule == "fixed":
                issued[t] = cap[t]
            else:
                target = self.floor_reserve_ratio * next_cost[t]
                needed = (target - balance * (1.0 + r)) / (1.0 + r / 2.0) - (rule.other_net[t] - service)
                issued[t] = min(cap[t], max(0.0, needed))
            outstanding[t] = issued[t]
            net = rule.other_net[t] + issued[t] - service
            balance = balance * (1.0 + r) + net * (1.0 + r / 2.0)
            stock[t] = outstanding[: t + 1].sum()
        as_array = lambda values: xr.DataArray(values, coords={"year": context.years}, dims="year")  # noqa: E731
        service = coupons + principal
        fund_side = issued - (service if self.serviced_by == "fund" else 0.0)
        budget = service if self.serviced_by == "treasury" else np.zeros(n)
        treasury = stock if self.serviced_by == "treasury" else np.zeros(n)
        return {"inflows": as_array(fund_side), "fiscal_cost": as_array(budget), "debt_stock": as_array(stock),
                "treasury_debt": as_array(treasury), "bonds_issued": as_array(issued), "debt_service": as_array(service)}



class StateCapital(_Option):
    """A further transfer of state-owned equity to the fund: dividends and a sale schedule."""

    type: Literal["state_capital"]
    transfer: float = Field(ge=0.0, description="value transferred in first_year, yuan")
    first_year: int
    dividend_yield: float = Field(ge=0.0, le=0.3)
    value_growth: float = Field(ge=-0.2, le=0.3)
    sale_share_per_year: float = Field(ge=0.0, le=1.0, description="share of the remaining stake sold each year")
    sale_start_year: int

    linear: ClassVar[bool] = True

    def scaled(self, size: float) -> "StateCapital":
        return self.model_copy(update={"transfer": self.transfer * size})

    def cash_flows(self, context: FundContext, rule: BalanceRule) -> dict[str, xr.DataArray]:
        n = context.years.size
        value, dividends, sales = 0.0, np.zeros(n), np.zeros(n)
        for t, year in enumerate(context.years):
            if year == self.first_year:
                value += self.transfer
            elif value > 0.0:
                value *= 1.0 + self.value_growth
            dividends[t] = self.dividend_yield * value
            if year >= self.sale_start_year:
                sales[t] = self.sale_share_per_year * value
                value -= sales[t]
        inflows = xr.DataArray(dividends + sales, coords={"year": context.years}, dims="year")
        # the budget forgoes the dividends and the sale proceeds it would otherwise have had
        return {"inflows": inflows, "fiscal_cost": inflows.copy()}



class Investment(_Option):
    """Invest a share of the balance through a diversified mandate (e.g. entrusted to the NSSF)."""

    type: Literal["investment"]
    share: float = Field(ge=0.0, le=1.0, description="share of the balance moved to the mandate (beyond today's)")
    mandate_return: float = Field(ge=-0.2, le=0.3)
    fees: float = Field(ge=0.0, le=0.05)
    first_year: int

    linear: ClassVar[bool] = False

    def scaled(self, size: float) -> "Investment":
        return self.model_copy(update={"share": min(1.0, self.share * size)})

    def returns(self, base_returns: xr.DataArray) -> xr.DataArray:
        extra = self.share * (self.mandate_return - self.fees - base_returns)
        return base_returns + xr.where(base_returns["year"] >= self.first_year, extra, 0.0)



class RateCut(_Option):
    """Lower employer and flexible-worker rates from first_year, with coverage and declared-base responses."""

    type: Literal["rate_cut"]
    employer_cut: float = Field(ge=0.0, le=0.16, description="points off the employer rate")
    flexible_cut: float = Field(ge=0.0, le=0.20, description="points off the flexible-worker rate")
    first_year: int
    coverage_elasticity: dict[Literal["standard", "nonstandard", "platform", "self_employed"], float]
    declared_base_elasticity: float = Field(ge=0.0, le=5.0)

    @model_validator(mode="after")
    def _every_status(self):
        missing = [s for s in EMPLOYED_STATUSES if s not in self.coverage_elasticity]
        if missing:
            raise ValueError(f"coverage_elasticity needs every employed status; missing {missing}")
        if any(value < 0 for value in self.coverage_elasticity.values()):
            raise ValueError("coverage elasticities must be non-negative")
        return self

    linear: ClassVar[bool] = False

    def scaled(self, size: float) -> "RateCut":
        return self.model_copy(update={"employer_cut": self.employer_cut * size, "flexible_cut": self.flexible_cut * size})

    def assumption_changes(self, assumptions: AssumptionSet) -> dict[str, xr.DataArray]:
        active = _years_from(assumptions, self.first_year)
        employer = assumptions.data("employer_pension_rate")
        flexible = assumptions.data("flexible_pension_rate")
        relative_cut = {status: (self.employer_cut / employer if status in ("standard", "nonstandard")
                                 else self.flexible_cut / flexible) for status in EMPLOYED_STATUSES}
        factor = xr.concat([1.0 + self.coverage_elasticity[s] * relative_cut[s] for s in EMPLOYED_STATUSES],
                           dim=xr.DataArray(list(EMPLOYED_STATUSES), dims="status", name="status"))
        density = _density_adjustment(assumptions) * xr.where(active, factor, 1.0)
        mean_cut = (self.employer_cut + self.flexible_cut) / (employer + flexible)
        base = (assumptions.data("declared_base_adjustment") if "declared_base_adjustment" in assumptions
                else xr.ones_like(employer)) * xr.where(active, 1.0 + self.declared_base_elasticity * mean_cut, 1.0)
        return {
            "employer_pension_rate": employer - xr.where(active, self.employer_cut, 0.0),
            "flexible_pension_rate": flexible - xr.where(active, self.flexible_cut, 0.0),
            "contribution_density_adjustment": density.transpose("year", "status"),
            "declared_base_adjustment": base,
        }



class PlatformLevy(_Option):
    """A levy on platform revenue paid into the pension fund."""

    type: Literal["platform_levy"]
    rate: float = Field(ge=0.0, le=0.1, description="share of platform revenue")
    revenue_per_earnings: float = Field(gt=0.0, le=10.0, description="platform operating revenue per yuan of platform workers' earnings")
    first_year: int

    linear: ClassVar[bool] = True

    def scaled(self, size: float) -> "PlatformLevy":
        return self.model_copy(update={"rate": self.rate * size})

    def cash_flows(self, context: FundContext, rule: BalanceRule) -> dict[str, xr.DataArray]:
        p = context.projection.sel(year=context.years)
        earnings_bill = (p["employment"].sel(status="platform") * p["earnings"].sel(status="platform")).sum(["sex", "age"])
        revenue = earnings_bill * self.revenue_per_earnings
        levy = self.rate * revenue * _window(context, self.first_year)
        return {"inflows": levy.drop_attrs(), "fiscal_cost": _zeros(context), "platform_revenue": revenue.drop_attrs()}



class EmployerShareSubsidy(_Option):
    """The state pays part of platform workers' contributions; their coverage rises."""

    type: Literal["employer_share_subsidy"]
    paid_share_of_contribution: float = Field(ge=0.0, le=1.0, description="share of a platform worker's contribution the state pays")
    coverage_response: float = Field(ge=0.0, le=10.0, description="relative rise in platform workers' contribution density")
    first_year: int

    linear: ClassVar[bool] = False

    def scaled(self, size: float) -> "EmployerShareSubsidy":
        return self.model_copy(update={"paid_share_of_contribution": min(1.0, self.paid_share_of_contribution * size),
                                       "coverage_response": self.coverage_response * size})

    def cash_flows(self, context: FundContext, rule: BalanceRule) -> dict[str, xr.DataArray]:
        platform = context.projection.sel(year=context.years)["pension_contributions_by_status"].sel(status="platform", drop=True)
        paid = self.paid_share_of_contribution * platform * _window(context, self.first_year)
        # the contributions are already in the fund (the pension stage counts them); the budget pays its share
        return {"fiscal_cost": paid.drop_attrs()}

    def assumption_changes(self, assumptions: AssumptionSet) -> dict[str, xr.DataArray]:
        active = _years_from(assumptions, self.first_year)
        is_platform = xr.DataArray([s == "platform" for s in EMPLOYED_STATUSES], coords={"status": list(EMPLOYED_STATUSES)})
        factor = xr.where(active & is_platform, 1.0 + self.coverage_response, 1.0)
        return {"contribution_density_adjustment": (_density_adjustment(assumptions) * factor).transpose("year", "status")}




OPTION_CLASSES = {cls.model_fields["type"].annotation.__args__[0]: cls for cls in
                  (SpecialBonds, StateCapital, Investment, RateCut, PlatformLevy, EmployerShareSubsidy)}
OPTION_TYPES = tuple(OPTION_CLASSES)


def parse_options(raw: dict, *, file: str, section: str = "options") -> dict[str, _Option]:
    """Validate a mapping of options (a study's ``options:``, a scenario's ``financing:``),
    with one-line errors naming file and field."""
    if not isinstance(raw, dict):
        raise AssumptionError(file, section, f"value {raw!r} must be a mapping of option names")
    options = {}
    for name, body in raw.items():
        kind = body.get("type") if isinstance(body, dict) else None
        if kind not in OPTION_CLASSES:
            raise AssumptionError(file, f"{section}.{name}.type", f"value {kind!r} is not an option type; known: {', '.join(OPTION_TYPES)}")
        try:
            options[name] = OPTION_CLASSES[kind](**body)
        except ValidationError as error:
            _raise_validation(error, file, prefix=f"{section}.{name}")
    return options


# --------------------------------------------------------------------------- behavioural parts
def _years_from(assumptions: AssumptionSet, first_year: int) -> xr.DataArray:
    years = assumptions.years
    return xr.DataArray(years >= first_year, coords={"year": years}, dims="year")


def _density_adjustment(assumptions: AssumptionSet) -> xr.DataArray:
    if "contribution_density_adjustment" in assumptions:
        return assumptions.data("contribution_density_adjustment")
    return xr.DataArray(np.ones((assumptions.years.size, len(EMPLOYED_STATUSES))),
                        coords={"year": assumptions.years, "status": list(EMPLOYED_STATUSES)}, dims=("year", "status"))




def apply_behaviour(assumptions: AssumptionSet, options: list[_Option], *, label: str) -> AssumptionSet:
    """The assumption set with every behavioural option applied in turn."""
    for option in options:
        changes = option.assumption_changes(assumptions)
        if changes:
            assumptions = replace_data(assumptions, changes, label=label)
    return assumptions


# --------------------------------------------------------------------------- cash-flow parts
@dataclass(frozen=True)
class FundContext:
    """Projection-year series the cash-flow options need (DataArrays over ``year``)."""

    assumptions: AssumptionSet
    projection: xr.Dataset
    years: np.ndarray
    gdp: xr.DataArray
    benefits: xr.DataArray
    contributions: xr.DataArray
    subsidy: xr.DataArray

    @classmethod
    def build(cls, assumptions: AssumptionSet, projection: xr.Dataset) -> "FundContext":
        years = assumptions.years
        p = projection.sel(year=years)
        return cls(assumptions=assumptions, projection=projection, years=years, gdp=p["gdp"],
                   benefits=p["pension_benefits"], contributions=p["pension_contributions"],
                   subsidy=p["pension_fiscal_subsidy"])


@dataclass(frozen=True)
class BalanceRule:
    """What a rule-based option needs to know of the fund while it rolls: the other flows and returns."""

    opening: float
    returns: np.ndarray
    other_net: np.ndarray  # contributions + subsidy + other options' inflows - benefits
    borrowing_returns: np.ndarray | None = None  # rate on a negative balance (default: returns)

    def __post_init__(self):
        if self.borrowing_returns is None:
            object.__setattr__(self, "borrowing_returns", self.returns)


def _zeros(context: FundContext) -> xr.DataArray:
    return xr.DataArray(np.zeros(context.years.size), coords={"year": context.years}, dims="year")


def _window(context: FundContext, first: int, last: int | None = None) -> np.ndarray:
    last = context.years[-1] if last is None else last
    return ((context.years >= first) & (context.years <= last)).astype(float)




def check_option_years(options: dict[str, _Option], years: np.ndarray, *, file: str, section: str = "options") -> None:
    """Every year an option names must lie inside the projection years (one-line error otherwise)."""
    for name, option in options.items():
        for field in ("first_year", "last_year", "sale_start_year"):
            value = getattr(option, field, None)
            if value is not None and not years[0] <= value <= years[-1] and not (field == "sale_start_year"
                                                                                  and value > years[-1]):
                raise AssumptionError(file, f"{section}.{name}.{field}",
                                      f"value {value} is outside the projection years {years[0]}..{years[-1]}")
