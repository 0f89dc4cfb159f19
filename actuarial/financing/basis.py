"""One cost basis and one effect basis for every financing study (issue 11, DESIGN §5 Finance).

All present values are at 31 December of the base year, flows at mid-year
(:func:`actuarial.analysis.valuation.present_value`), on one stated discount
basis (:func:`discount_basis`): the government's borrowing rate by default
(``government_borrowing_rate``), the employee pension fund's assumed return
(``fund``), or a constant user rate (e.g. ``0.03``).

**Budget support of a fund** in year ``t`` (:func:`fund_support`): what the
budget pays into it under the baseline rules, ``S_t + K_t``, where ``S_t`` is
``{prefix}_fiscal_subsidy`` (where the scheme has one) and ``K_t`` the fiscal
backstop, ``{prefix}_backstop`` when the run has it, otherwise the
pay-as-you-go residual subsidy ``{prefix}_residual_subsidy`` (the transfer that
would pay scheduled expenditure in full once the fund's own resources fall
short).  :func:`backstop_variable` is the one place that choice is made.

**Budget cost of an option** (or mix), yuan in present value::

    cost = PV(own cash cost) + v_T D^treasury_T + sum_funds [PV(S + K)_option - PV(S + K)_baseline]

the option's own cash cost (debt service, forgone dividends, paid contributions)
over the years, the treasury-serviced bonds still outstanding at 31 December
of the last year, and the change it causes in every fund's support.

**Net position of a fund** (:func:`net_position`), yuan in present value::

    NP = v_T (B_T - D^fund_T) - PV(K)

the balance at the end of the horizon under the fund's closure rule
(:func:`headline_balance_variable`: never negative for a backstopped fund,
negative for one that borrows, like the employee pension; the pay-as-you-go
closed balance in a run without backstops) net of debt the fund itself owes,
less the backstop the budget paid to keep it there.  When the discount rate
equals the fund's return this is ``v_T`` times the borrowing balance
(:func:`actuarial.funds.rollforward.roll_forward`), less fund-owed debt.  The **effect** of an option on a fund is ``NP_option -
NP_baseline``; the fund's **baseline deficit** is ``-NP_baseline`` (the present
value of what, beyond its own resources and the baseline subsidy, it needs to
end the horizon at zero), reported when positive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from actuarial.analysis.valuation import discount_factors, present_value
from actuarial.config import AssumptionError, AssumptionSet
from actuarial.dims import FUNDED_SCHEMES
from actuarial.variables import FUND_PREFIXES

FINANCED_FUNDS: tuple[str, ...] = FUNDED_SCHEMES
"""The funds an option can act on and a comparison reports: each scheme's main fund (the national pension
option has none: the budget pays it as it goes)."""

BASES = ("borrowing", "fund")


@dataclass(frozen=True)
class DiscountBasis:
    """A discount rate over the projection years and what it is, for labels."""

    name: str
    rate: xr.DataArray
    description: str


def discount_basis(assumptions: AssumptionSet, basis: str | float = "borrowing") -> DiscountBasis:
    """The discount basis ``basis``: ``borrowing`` (``government_borrowing_rate``, the default),
    ``fund`` (``pension_fund_return``, the employee pension fund's assumed return) or a number
    (a constant nominal rate a year, e.g. ``0.03``)."""
    years = assumptions.years
    if isinstance(basis, str) and basis not in BASES:
        try:
            basis = float(basis)
        except ValueError:
            raise AssumptionError("--discount", "discount", f"value {basis!r} is not 'borrowing', 'fund' or a rate "
                                  "such as 0.03") from None
    if not isinstance(basis, str):
        if not -0.05 <= basis <= 0.3:
            raise AssumptionError("--discount", "discount", f"value {basis} must lie in [-0.05, 0.3] (a rate a year)")
        rate = xr.DataArray(np.full(years.size, float(basis)), coords={"year": years}, dims="year")
        return DiscountBasis(f"{basis:g}", rate, f"a constant {basis:.2%} a year (user rate)")
    name = "government_borrowing_rate" if basis == "borrowing" else "pension_fund_return"
    if name not in assumptions:
        raise AssumptionError(assumptions.scenario, name, f"the '{basis}' discount basis needs this assumption; "
                              "the set does not declare it")
    rate = assumptions.data(name).sel(year=years)
    return DiscountBasis(basis, rate, f"{name} ({float(rate.isel(year=0)):.2%} in {years[0]})")


def backstop_variable(projection: xr.Dataset, fund: str) -> str:
    """The name of ``fund``'s fiscal backstop in ``projection``: ``{prefix}_backstop`` where the run
    has it, else the pay-as-you-go ``{prefix}_residual_subsidy``."""
    prefix = FUND_PREFIXES[fund][0]
    return f"{prefix}_backstop" if f"{prefix}_backstop" in projection else f"{prefix}_residual_subsidy"


def borrowing_balance(projection: xr.Dataset, fund: str) -> xr.DataArray:
    """``fund``'s balance rolled with borrowing (negative once its resources run out), over the
    projection years: ``{prefix}_fund_balance_borrowing`` where the run has it, else ``{prefix}_fund_balance``."""
    prefix = FUND_PREFIXES[fund][0]
    name = f"{prefix}_fund_balance_borrowing"
    return _projection_years(projection, name if name in projection else f"{prefix}_fund_balance")


def _projection_years(projection: xr.Dataset, name: str) -> xr.DataArray:
    return projection[name].isel(year=slice(1, None)).drop_attrs()


def headline_balance_variable(projection: xr.Dataset, fund: str) -> str:
    """The balance that goes with :func:`backstop_variable`: ``{prefix}_fund_balance`` under the fund's closure
    rule where the run has a backstop (never negative for a backstopped fund; negative for a fund that
    borrows), else the pay-as-you-go ``{prefix}_fund_balance_closed``."""
    prefix = FUND_PREFIXES[fund][0]
    return f"{prefix}_fund_balance" if f"{prefix}_backstop" in projection else f"{prefix}_fund_balance_closed"


def fund_support(projection: xr.Dataset, fund: str) -> xr.DataArray:
    """``S_t + K_t``: the baseline fiscal subsidy and the backstop paid into ``fund`` over each
    projection year (yuan)."""
    prefix = FUND_PREFIXES[fund][0]
    support = _projection_years(projection, backstop_variable(projection, fund))
    if f"{prefix}_fiscal_subsidy" in projection:
        support = support + _projection_years(projection, f"{prefix}_fiscal_subsidy")
    return support


def own_cash_cost(projection: xr.Dataset, fund: str) -> xr.DataArray:
    """The financing options' own budget cost for ``fund`` over each projection year (yuan)."""
    return _projection_years(projection, f"{FUND_PREFIXES[fund][0]}_financing_fiscal_cost")


def end_value(stock: xr.DataArray, rate: xr.DataArray) -> float:
    """``v_T X_T``: a stock at 31 December of the last year in present value."""
    return float(discount_factors(rate, stock["year"].values).isel(year=-1)) * float(stock.isel(year=-1))


def pv(series: xr.DataArray, rate: xr.DataArray) -> float:
    """Present value of a flow over the projection years (mid-year)."""
    return float(present_value(series, rate))


def pv_option_cost(fiscal_cost: xr.DataArray, treasury_debt: xr.DataArray, rate: xr.DataArray) -> float:
    """An option's own budget cost in present value: its cash cost over the years plus the
    treasury-serviced bonds still outstanding at 31 December of the last year."""
    return pv(fiscal_cost, rate) + end_value(treasury_debt, rate)


def net_position(projection: xr.Dataset, fund: str, rate: xr.DataArray) -> float:
    """``NP = v_T (B_T - D^fund_T) - PV(K)`` (module docstring), yuan in present value."""
    prefix = FUND_PREFIXES[fund][0]
    owed = _projection_years(projection, f"{prefix}_financing_debt_stock") - _projection_years(
        projection, f"{prefix}_financing_treasury_debt")
    end = _projection_years(projection, headline_balance_variable(projection, fund)) - owed
    return end_value(end, rate) - pv(_projection_years(projection, backstop_variable(projection, fund)), rate)


def budget_cost(result: xr.Dataset, baseline: xr.Dataset, rate: xr.DataArray) -> dict[str, float]:
    """The budget cost of ``result`` against ``baseline`` (module docstring), yuan in present value:
    ``own`` (cash cost and treasury debt left at the end), ``support_{fund}`` (change in each fund's
    subsidy and backstop) and ``total``."""
    own = sum(pv(own_cash_cost(result, fund), rate) for fund in FINANCED_FUNDS)
    own += sum(end_value(_projection_years(result, f"{FUND_PREFIXES[fund][0]}_financing_treasury_debt"), rate)
               for fund in FINANCED_FUNDS)
    support = {fund: pv(fund_support(result, fund) - fund_support(baseline, fund), rate) for fund in FINANCED_FUNDS}
    return {"own": own, **{f"support_{fund}": value for fund, value in support.items()},
            "total": own + sum(support.values())}


def budget_cost_by_year(result: xr.Dataset, baseline: xr.Dataset) -> xr.DataArray:
    """Budget cost over each projection year, yuan: own cash cost plus the change in every fund's
    support (no discounting; treasury debt counts as it is serviced)."""
    return sum(own_cash_cost(result, fund) + fund_support(result, fund) - fund_support(baseline, fund)
               for fund in FINANCED_FUNDS)


__all__ = ["BASES", "DiscountBasis", "FINANCED_FUNDS", "backstop_variable", "borrowing_balance", "budget_cost", "budget_cost_by_year",
           "discount_basis", "end_value", "fund_support", "headline_balance_variable", "net_position", "own_cash_cost", "pv",
           "pv_option_cost"]
