"""The per-year summary table (DESIGN §7): one row per year, contract columns.

:data:`SUMMARY_COLUMNS` is the single registry of summary columns (name, long
name, units); it drives the CSV header order and the units written beside it.
Columns are a public contract: add, never rename.
"""

from __future__ import annotations

import pandas as pd
import xarray as xr

from actuarial.analysis.valuation import reserve_ratio
from actuarial.dims import EMPLOYED_STATUSES

SUMMARY_COLUMNS: dict[str, tuple[str, str]] = {
    "year": ("Calendar year (stocks at 31 December, flows over the year)", "year"),
    "population": ("Population at 31 December", "persons"),
    "births": ("Live births during the year", "persons"),
    "deaths": ("Deaths during the year", "persons"),
    "net_migration": ("Net migration during the year", "persons"),
    "pop_65plus": ("Population aged 65 and over at 31 December", "persons"),
    "old_age_dependency": ("Old-age dependency ratio: population 65+ / population 15-64", "ratio"),
    "employed": ("Employed persons at 31 December (standard, non-standard, platform, self-employed)", "persons"),
    "employed_standard": ("Employees with a labour contract at 31 December", "persons"),
    "employed_nonstandard": ("Dispatch and part-time workers at 31 December", "persons"),
    "employed_platform": ("Platform workers at 31 December", "persons"),
    "employed_self_employed": ("Self-employed and other flexible workers at 31 December", "persons"),
    "unemployed": ("Unemployed persons at 31 December", "persons"),
    "average_wage": ("Social average wage (all urban employees) over the year", "yuan per year"),
    "gdp": ("Gross domestic product over the year, nominal", "yuan"),
    "pension_contributors": ("UEBPI contributors during the year", "persons"),
    "pensioners": ("UEBPI pensioners at 31 December", "persons"),
    "pension_contributions": ("UEBPI contributions over the year", "yuan"),
    "pension_benefits": ("UEBPI benefit expenditure over the year", "yuan"),
    "pension_fiscal_subsidy": ("UEBPI fiscal subsidy over the year", "yuan"),
    "pension_financing_inflows": ("UEBPI inflows from financing options over the year", "yuan"),
    "pension_fund_balance": ("UEBPI fund balance at 31 December", "yuan"),
    "pension_reserve_ratio": ("UEBPI balance / next year's expenditure", "years"),
    "pension_cost_rate": ("UEBPI expenditure / contribution base", "fraction of base"),
    "system_dependency_ratio": ("UEBPI pensioners / contributors", "ratio"),
    "resident_pension_participants": ("URRBP participants (enrolled 16-59 and beneficiaries)", "persons"),
    "resident_pension_beneficiaries": ("URRBP beneficiaries at 31 December", "persons"),
    "resident_pension_contributions": ("URRBP individual contributions over the year", "yuan"),
    "resident_pension_fiscal_subsidy": ("URRBP fiscal subsidy over the year", "yuan"),
    "resident_pension_benefits": ("URRBP benefit expenditure over the year", "yuan"),
    "resident_pension_fund_balance": ("URRBP fund balance at 31 December", "yuan"),
    "medical_contributions": ("UEBMI pooled-fund contributions over the year (net of credits to retirees' accounts)", "yuan"),
    "medical_benefits": ("UEBMI pooled-fund expenditure over the year", "yuan"),
    "medical_fund_balance": ("UEBMI pooled-fund balance at 31 December", "yuan"),
    "resident_medical_members": ("URRBMI members at 31 December", "persons"),
    "resident_medical_premiums": ("URRBMI individual premiums over the year", "yuan"),
    "resident_medical_fiscal_subsidy": ("URRBMI fiscal subsidy over the year", "yuan"),
    "resident_medical_benefits": ("URRBMI expenditure over the year", "yuan"),
    "resident_medical_fund_balance": ("URRBMI fund balance at 31 December", "yuan"),
}


RESIDENT_COLUMNS = [name for name in SUMMARY_COLUMNS if name.startswith("resident_pension_")]
MEDICAL_COLUMNS = [name for name in SUMMARY_COLUMNS if name.startswith(("medical_", "resident_medical_"))]


def summary_table(projection: xr.Dataset) -> pd.DataFrame:
    """One row per year with the :data:`SUMMARY_COLUMNS` of a deterministic projection.

    ``old_age_dependency`` = P(65+) / P(15-64), stocks at 31 December;
    ``pension_reserve_ratio`` = balance / next year's expenditure (the last
    year: expenditure grown at its last growth rate).
    """
    population = projection["population"]
    by_age = population.sum("sex")
    working = by_age.sel(age=slice(15, 64)).sum("age")
    older = by_age.sel(age=slice(65, None)).sum("age")
    status = projection["employment"].sum(["sex", "age"])
    contributors = projection["pension_contributors"].sum(["sex", "age"])
    pensioners = projection["pensioners"].sum(["sex", "age"])
    benefits = projection["pension_benefits"]
    table = pd.DataFrame(
        {
            "year": projection["year"].values,
            "population": by_age.sum("age").values,
            "births": projection["births"].sum("sex", skipna=False).values,
            "deaths": projection["deaths"].sum("sex", skipna=False).values,
            "net_migration": projection["net_migration"].sum("sex", skipna=False).values,
            "pop_65plus": older.values,
            "old_age_dependency": (older / working).values,
            "employed": status.sel(status=list(EMPLOYED_STATUSES)).sum("status").values,
            **{f"employed_{name}": status.sel(status=name).values for name in EMPLOYED_STATUSES},
            "unemployed": status.sel(status="unemployed").values,
            "average_wage": projection["average_wage"].values,
            "gdp": projection["gdp"].values,
            "pension_contributors": contributors.values,
            "pensioners": pensioners.values,
            "pension_contributions": projection["pension_contributions"].values,
            "pension_benefits": benefits.values,
            "pension_fiscal_subsidy": projection["pension_fiscal_subsidy"].values,
            "pension_financing_inflows": projection["pension_financing_inflows"].values,
            "pension_fund_balance": projection["pension_fund_balance"].values,
            "pension_reserve_ratio": reserve_ratio(balance=projection["pension_fund_balance"], benefits=benefits).values,
            "pension_cost_rate": (benefits / projection["pension_contribution_base"]).values,
            "system_dependency_ratio": (pensioners / contributors).values,
            **{name: projection[name].values for name in RESIDENT_COLUMNS},
            **{name: projection[name].values for name in MEDICAL_COLUMNS},
        }
    )
    return table[list(SUMMARY_COLUMNS)]
