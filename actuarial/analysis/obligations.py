"""Open-group and closed-group unfunded obligations of the employee pension to the horizon, Trustees-style.

The US Social Security Trustees' measures (Annual Report, section IV.B.5 and appendix F): the present
value over the projection of the scheme's cost minus its non-interest income, minus the fund at the
valuation date, for everyone (the **open group**, future entrants included) and for the current
participants only (the **closed group**: persons at least the entry age at the valuation date).  Here
the cost is the pensions paid plus the account balances carried out by members who transfer to the
resident scheme (``pension_account_transfers``); the income is the contributions (regular, the final half
year of the retiring, lump-sum buy-ins).  The fiscal subsidy is **not** income: the obligation is what
contributions and the fund leave to be financed, and ``..._after_subsidy`` subtracts the present value of
the baseline subsidy rule.  Flows are taken at mid-year (:func:`actuarial.analysis.valuation.present_value`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from actuarial.analysis.pension_debt import implicit_pension_debt
from actuarial.analysis.valuation import discount_factors, present_value
from actuarial.dims import OPEN_AGE
from actuarial.kernels.pension import FIRST_AGE

ENTRY_AGE = FIRST_AGE
"""Youngest age at 31 December of the valuation year at which a person can hold a contribution year (the
kernel's first contribution age): the closed group is everyone at least this age then."""


@dataclass(frozen=True)
class GroupObligations:
    """Unfunded obligations at 31 December of the base year (yuan).

    Attributes
    ----------
    open_group, closed_group : PV(benefits + account transfers - contributions) - opening fund, over the
        projection years, for everyone / for the cohorts born up to ``base_year - entry_age``.
    pv_benefits, pv_transfers, pv_contributions : the open group's present values.
    pv_benefits_closed, pv_transfers_closed, pv_contributions_closed : the closed group's.
    pv_fiscal_subsidy : the baseline subsidy rule's present value (open group).
    opening_balance : the fund at 31 December of the base year.
    closed_group_beyond_horizon : PV at the valuation date of the closed group's pensions still in payment
        at 31 December of the last year (an indexed life annuity on the last year's mortality); the closed
        group holds no active member by then.
    """

    open_group: float
    closed_group: float
    pv_benefits: float
    pv_transfers: float
    pv_contributions: float
    pv_benefits_closed: float
    pv_transfers_closed: float
    pv_contributions_closed: float
    pv_fiscal_subsidy: float
    opening_balance: float
    closed_group_beyond_horizon: float


def benefits_by_age(*, pensioners: xr.DataArray, pension_in_payment: xr.DataArray,
                    indexation: xr.DataArray) -> xr.DataArray:
    """Pensions paid over each projection year by (year, sex, age), the kernel's mid-year rule.

    ``E_t(x) = 6 [A_{t-1}(x-1) (1 + i_t) + A_t(x)]`` with ``A = pensioners x pension_in_payment`` the
    monthly amount in payment at 31 December (the open age takes ``A_{t-1}(99) + A_{t-1}(100+)``).  Summed
    over sex and age it is the scheme's ``pension_benefits`` of every projection year (the base year's,
    observed, is not in the result).

    Parameters
    ----------
    pensioners, pension_in_payment : (year, sex, age) from the base year; NaN amounts (nobody) count as 0.
    indexation : (year) increase of pensions in payment over each projection year.
    """
    amount = (pensioners * pension_in_payment.fillna(0.0)).transpose("year", "sex", "age")
    values = amount.values
    opening = np.zeros_like(values[1:])
    opening[:, :, 1:] = values[:-1, :, :-1]
    opening[:, :, OPEN_AGE] += values[:-1, :, OPEN_AGE]
    years = amount["year"].values[1:]
    rate = indexation.sel(year=years).values[:, None, None]
    paid = 6.0 * (opening * (1.0 + rate) + values[1:])
    return xr.DataArray(paid, coords={"year": years, "sex": amount["sex"].values, "age": amount["age"].values},
                        dims=("year", "sex", "age"))


def _share(by_age: xr.DataArray, closed: xr.DataArray) -> xr.DataArray:
    """The closed group's share (year) of a flow's distribution by (year, sex, age); 1 in a year without any."""
    total = by_age.sum(["sex", "age"])
    inside = by_age.where(closed, 0.0).sum(["sex", "age"])
    return xr.where(total > 0.0, inside / total.where(total > 0.0, 1.0), 1.0)


def group_obligations(projection: xr.Dataset, *, base_year: int, discount, indexation: xr.DataArray,
                      mortality_last: xr.DataArray, entry_age: int = ENTRY_AGE) -> GroupObligations:
    """Open- and closed-group unfunded obligations of the employee pension to the horizon (module docstring).

    Parameters
    ----------
    projection : a run with the employee pension (base year and projection years).
    base_year : the valuation year (stocks at its 31 December).
    discount : float or xarray.DataArray (year) nominal discount rate (the fund's return by default in
        :func:`actuarial.analysis.metrics.valuation_metrics`).
    indexation : (year) increase of pensions in payment over each projection year.
    mortality_last : (sex, age) central death rates of the last projection year (the closed group's
        pensions beyond the horizon).
    entry_age : the closed group is the cohorts born up to ``base_year - entry_age``.

    Notes
    -----
    By cohort (birth year ``t - x``): benefits from :func:`benefits_by_age`, regular contributions from
    ``pension_contributions_by_age``.  The final half year of the retiring and the buy-ins are known by
    year only and are shared out like the year's new pensioners by age; the account balances carried out,
    like the year's transfers by age (persons: an approximation where balances differ by age).
    """
    years = projection["year"].values
    years = years[years > base_year]
    data = projection.sel(year=years)
    benefits = benefits_by_age(pensioners=projection["pensioners"].sel(year=[base_year, *years]),
                               pension_in_payment=projection["pension_in_payment"].sel(year=[base_year, *years]),
                               indexation=indexation)
    closed = (benefits["year"] - benefits["age"]) <= base_year - entry_age      # (year, age) by birth year
    regular = data["pension_contributions_by_age"].transpose("year", "sex", "age")
    by_year = data["pension_contributions"] - regular.sum(["sex", "age"])       # final half year and buy-ins
    contributions_closed = (regular.where(closed, 0.0).sum(["sex", "age"])
                            + by_year * _share(data["pension_new_pensioners"], closed))
    transfers = data["pension_account_transfers"]
    transfers_closed = transfers * _share(data["pension_transferred"], closed)
    benefits_closed = benefits.where(closed, 0.0).sum(["sex", "age"])
    total_benefits = data["pension_benefits"]
    opening = float(projection["pension_fund_balance"].sel(year=base_year))
    pv = {name: present_value(series.drop_attrs(), discount) for name, series in (
        ("benefits", total_benefits), ("transfers", transfers), ("contributions", data["pension_contributions"]),
        ("benefits_closed", benefits_closed), ("transfers_closed", transfers_closed),
        ("contributions_closed", contributions_closed), ("subsidy", data["pension_fiscal_subsidy"]))}
    last = int(years[-1])
    still_paid = projection["pensioners"].sel(year=last).where(closed.sel(year=last), 0.0)
    amount = (12.0 * projection["pension_in_payment"].sel(year=last)).fillna(0.0)
    rate = discount.sel(year=last).item() if isinstance(discount, xr.DataArray) else float(discount)
    tail_index = float(indexation.sel(year=years[-10:]).mean())
    beyond = implicit_pension_debt(mx=mortality_last, pensioners=still_paid, average_pension=amount,
                                   discount=rate, indexation=tail_index).in_payment
    beyond *= float(discount_factors(discount, years).sel(year=last))
    return GroupObligations(
        open_group=pv["benefits"] + pv["transfers"] - pv["contributions"] - opening,
        closed_group=pv["benefits_closed"] + pv["transfers_closed"] - pv["contributions_closed"] - opening,
        pv_benefits=pv["benefits"], pv_transfers=pv["transfers"], pv_contributions=pv["contributions"],
        pv_benefits_closed=pv["benefits_closed"], pv_transfers_closed=pv["transfers_closed"],
        pv_contributions_closed=pv["contributions_closed"], pv_fiscal_subsidy=pv["subsidy"], opening_balance=opening,
        closed_group_beyond_horizon=beyond)


__all__ = ["ENTRY_AGE", "GroupObligations", "benefits_by_age", "group_obligations"]
