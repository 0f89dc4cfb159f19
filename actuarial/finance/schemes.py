"""Scheme funds: the employee pension fund with its baseline fiscal-subsidy rule.

The base year (2024) is observed: contributions, fiscal subsidy, expenditure
and the end balance are the published (or estimated) figures and investment
income is the residual of revenue.  From 2025 the fund rolls forward
(:func:`actuarial.finance.fund.project_fund`) with the baseline subsidy rule
``S_t = s_t E_t`` (a stated share of benefits) and, for comparison, without
any fiscal subsidy.
"""

from __future__ import annotations

import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.finance.fund import project_fund
from actuarial.variables import label

FUND_OUTPUTS = {
    "pension_fiscal_subsidy": ("UEBPI fiscal subsidy over the year (baseline rule: share of benefits)", "yuan"),
    "pension_financing_inflows": ("UEBPI inflows from financing options over the year", "yuan"),
    "pension_investment_income": ("UEBPI investment income over the year", "yuan"),
    "pension_fund_balance": ("UEBPI fund balance at 31 December", "yuan"),
    "pension_fund_balance_without_subsidy": ("UEBPI fund balance at 31 December with no fiscal subsidy from 2025", "yuan"),
}


def employee_pension_fund(assumptions: AssumptionSet, pension: xr.Dataset) -> xr.Dataset:
    """Fund flows and balances of the employee pension over the base and projection years."""
    years = pension["year"].values
    base_year, projection = int(years[0]), years[1:]
    contributions = pension["pension_contributions"].sel(year=projection)
    benefits = pension["pension_benefits"].sel(year=projection)
    subsidy = assumptions.data("fiscal_subsidy_share_of_benefits").sel(year=projection) * benefits
    returns = assumptions.data("pension_fund_return").sel(year=projection)
    opening = assumptions.scalar("pension_fund_balance_base")
    zero = xr.zeros_like(benefits)
    with_subsidy = project_fund(opening_balance=opening, contributions=contributions, fiscal_subsidy=subsidy,
                                financing_inflows=zero, benefits=benefits, returns=returns)
    without = project_fund(opening_balance=opening, contributions=contributions, fiscal_subsidy=zero,
                           financing_inflows=zero, benefits=benefits, returns=returns)
    subsidy_base = assumptions.scalar("pension_fiscal_subsidy_base")
    base = {
        "pension_fiscal_subsidy": subsidy_base,
        "pension_financing_inflows": 0.0,
        "pension_investment_income": assumptions.scalar("pension_revenue_base")
        - float(pension["pension_contributions"].sel(year=base_year)) - subsidy_base,
        "pension_fund_balance": opening,
        "pension_fund_balance_without_subsidy": opening,
    }
    projected = {
        "pension_fiscal_subsidy": subsidy,
        "pension_financing_inflows": zero,
        "pension_investment_income": with_subsidy["investment_income"],
        "pension_fund_balance": with_subsidy["balance"],
        "pension_fund_balance_without_subsidy": without["balance"],
    }
    dataset = xr.Dataset(
        {
            name: xr.concat([xr.DataArray([value], coords={"year": [base_year]}, dims="year"),
                             projected[name].drop_attrs()], dim="year")
            for name, value in base.items()
        }
    )
    label(dataset, FUND_OUTPUTS)
    return dataset
