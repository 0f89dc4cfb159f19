"""Valuation metrics of a run (``metrics.csv``): one row per scheme and metric.

The employee pension is valued with the baseline fiscal-subsidy rule and,
as ``*_without_subsidy`` metrics, with no fiscal subsidy from 2025; the
implicit pension debt (accrued to date, closed group) is added in yuan and in
% of base-year GDP, with indexation and revaluation at their horizon means.
The employee scheme's fiscal cost includes the budget cost of a scenario's
financing options.  Discounting uses ``valuation_discount_rate``.
"""

from __future__ import annotations

import pandas as pd
import xarray as xr

from actuarial.analysis.valuation import implicit_pension_debt, scheme_metrics
from actuarial.config import AssumptionSet
from actuarial.config.registry import EMPLOYED_STATUSES
from actuarial.labour.retirement import mean_statutory_retirement_age
from actuarial.schemes.medical_employee import medical_metrics


SUBSIDY_DEPENDENT = ("first_deficit_year", "depletion_year", "summarized_income_rate", "actuarial_balance",
                     "general_average_premium", "required_rate", "reserve_ratio", "income_rate")
"""Metrics that change when the fiscal subsidy is removed (reported again with ``_without_subsidy``)."""


def _employee_series(projection: xr.Dataset, years, *, with_subsidy: bool) -> xr.Dataset:
    p = projection.sel(year=years)
    pensioners = p["pensioners"].sum(["sex", "age"])
    amount = (p["pension_in_payment"].fillna(0.0) * p["pensioners"]).sum(["sex", "age"])
    series = {
        "contributions": p["pension_contributions"],
        "benefits": p["pension_benefits"],
        "financing_inflows": p["pension_financing_inflows"],
        "contribution_base": p["pension_contribution_base"],
        "pensioners": pensioners,
        "contributors": p["pension_contributors"].sum(["sex", "age"]),
        "employed": p["employment"].sel(status=list(EMPLOYED_STATUSES)).sum(["sex", "age", "status"]),
        "average_pension": 12.0 * amount / pensioners,
        "average_wage": p["average_wage"],
    }
    if with_subsidy:
        series.update(fiscal_subsidy=p["pension_fiscal_subsidy"], balance=p["pension_fund_balance"])
    else:
        series.update(balance=p["pension_fund_balance_without_subsidy"])
    return xr.Dataset({k: v.drop_attrs() for k, v in series.items()})


def _retirement_age_of_actives(assumptions: AssumptionSet) -> xr.DataArray:
    """Mean statutory retirement age (sex, age) of each base-year cohort (women: mix of the two groups)."""
    schedule = mean_statutory_retirement_age(assumptions)
    ages = assumptions.data("base_population")["age"].values
    birth = (assumptions.base_year - ages).clip(schedule["birth_year"].min().item(), schedule["birth_year"].max().item())
    by_cohort = schedule.sel(birth_year=xr.DataArray(birth, coords={"age": ages}, dims="age"))
    cadre = float(assumptions.data("female_cadre_share").isel(year=0))
    female = cadre * by_cohort.sel(group="female_cadre") + (1.0 - cadre) * by_cohort.sel(group="female_worker")
    return xr.concat([by_cohort.sel(group="male"), female], dim=xr.DataArray(["male", "female"], dims="sex", name="sex"))


def valuation_metrics(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """Rows ``scheme, metric, value, unit`` for every scheme of the run."""
    years = assumptions.years
    base_year = assumptions.base_year
    discount = assumptions.data("valuation_discount_rate")
    returns = assumptions.data("pension_fund_return")
    opening = assumptions.scalar("pension_fund_balance_base")
    tables = [scheme_metrics("pension_employee", _employee_series(projection, years, with_subsidy=True),
                             opening_balance=opening, discount=discount, returns=returns)]
    without = scheme_metrics("pension_employee", _employee_series(projection, years, with_subsidy=False),
                             opening_balance=opening, discount=discount, returns=returns)
    without = without[without["metric"].str.startswith(SUBSIDY_DEPENDENT)]
    tables.append(without.assign(metric=without["metric"] + "_without_subsidy"))
    base = projection.sel(year=base_year)
    wage = projection["average_wage"].values
    growth = wage[1:] / wage[:-1] - 1.0
    # constant-rate inputs of the debt: the horizon means of wage growth and of the indexation rule
    indexation = (assumptions.data("pension_indexation_fixed").values
                  + assumptions.data("pension_indexation_wage_share").values * growth)
    debt = implicit_pension_debt(
        mx=assumptions.data("mortality").sel(year=years[0]),
        pensioners=base["pensioners"],
        average_pension=12.0 * base["pension_in_payment"].fillna(0.0),
        discount=float(discount.sel(year=years[0])),
        indexation=float(indexation.mean()),
        accrued_pension=base["pension_accrued_base_year"],
        retirement_age=_retirement_age_of_actives(assumptions),
        revaluation=float(growth.mean()),
    )
    gdp = float(base["gdp"])
    resident = projection.sel(year=years)
    resident_series = xr.Dataset({
        "contributions": resident["resident_pension_contributions"],
        "fiscal_subsidy": resident["resident_pension_fiscal_subsidy"],
        "benefits": resident["resident_pension_benefits"],
        "balance": resident["resident_pension_fund_balance"],
        "pensioners": resident["resident_pension_beneficiaries"],
        "contributors": resident["resident_pension_contributors"],
    }).drop_attrs()
    tables.append(scheme_metrics("pension_resident", resident_series,
                                 opening_balance=assumptions.scalar("resident_fund_balance_base"),
                                 discount=discount, returns=assumptions.data("resident_fund_return")))
    options_cost = projection["financing_fiscal_cost"] if "financing_fiscal_cost" in projection else 0.0 * projection["gdp"]
    fiscal = (projection["pension_fiscal_subsidy"] + options_cost + projection["resident_pension_fiscal_subsidy"]) / projection["gdp"]
    tables.append(pd.DataFrame(
        [(scheme, f"fiscal_cost_pct_gdp_{year}", float(share.sel(year=year)), "fraction_of_gdp")
         for scheme, share in (("pension_employee", (projection["pension_fiscal_subsidy"] + options_cost) / projection["gdp"]),
                               ("pension_resident", projection["resident_pension_fiscal_subsidy"] / projection["gdp"]),
                               ("pensions_total", fiscal))
         for year in (base_year, 2035, 2050, 2075, int(years[-1])) if year in projection["year"].values],
        columns=["scheme", "metric", "value", "unit"],
    ))
    tables.append(pd.DataFrame(
        [("pension_employee", "implicit_pension_debt_in_payment", debt.in_payment, "yuan"),
         ("pension_employee", "implicit_pension_debt_accrued_active", debt.accrued_active, "yuan"),
         ("pension_employee", "implicit_pension_debt", debt.total, "yuan"),
         ("pension_employee", "implicit_pension_debt_pct_gdp", debt.total / gdp, "fraction_of_gdp")],
        columns=["scheme", "metric", "value", "unit"],
    ))
    tables.append(medical_metrics(assumptions, projection))
    return pd.concat(tables, ignore_index=True)
