"""The registry of output variables: units from the one vocabulary, every output registered with its dims,
summary columns from the registry in their contract order, ``label`` refusing unregistered outputs."""

from __future__ import annotations

import pytest
import xarray as xr

from actuarial import SUMMARY_COLUMNS
from actuarial.dims import UNITS
from actuarial.variables import VARIABLES, label

CONTRACT_COLUMNS = (
    "year", "population", "births", "deaths", "net_migration", "pop_65plus", "old_age_dependency", "employed",
    "employed_standard", "employed_nonstandard", "employed_platform", "employed_self_employed", "employed_farm",
    "unemployed",
    "average_wage", "gdp", "pension_contributors", "pensioners", "pension_contributions", "pension_benefits",
    "pension_fiscal_subsidy", "pension_financing_inflows", "pension_fund_balance", "pension_benefits_payable_share",
    "pension_residual_subsidy", "pension_reserve_ratio",
    "pension_cost_rate", "system_dependency_ratio", "resident_pension_participants", "resident_pension_beneficiaries",
    "resident_pension_contributions", "resident_pension_fiscal_subsidy", "resident_pension_benefits",
    "resident_pension_fund_balance", "medical_contributions", "medical_benefits", "medical_fund_balance",
    "medical_backstop", "medical_reserve_months",
    "resident_medical_members", "resident_medical_premiums", "resident_medical_fiscal_subsidy",
    "resident_medical_benefits", "resident_medical_fund_balance", "resident_medical_backstop",
    "resident_medical_reserve_months",
    "unemployment_contributors", "unemployment_beneficiaries", "unemployment_contributions", "unemployment_benefits",
    "unemployment_fund_balance", "unemployment_backstop", "unemployment_reserve_months",
    "injury_contributors", "injury_beneficiaries", "injury_contributions", "injury_benefits", "injury_fund_balance",
    "injury_cases", "platform_injury_covered", "platform_injury_contributions", "platform_injury_benefits",
    "platform_injury_fund_balance", "platform_injury_cases", "national_pension_cost", "national_pension_net_cost",
)
"""The columns of summary.csv (DESIGN §7; a public contract: add, never rename)."""


def test_every_registered_unit_is_in_the_vocabulary():
    outside = {name: variable.units for name, variable in VARIABLES.items() if variable.units not in UNITS}
    assert not outside


def test_registry_keys_are_the_variable_names():
    assert all(name == variable.name for name, variable in VARIABLES.items())


def test_every_output_of_the_baseline_is_registered_with_its_dims(baseline_projection):
    baseline = baseline_projection
    unregistered = [name for name in baseline.variables if name not in VARIABLES]
    assert not unregistered, f"not registered: {unregistered}"
    wrong = {name: (baseline[name].dims, VARIABLES[name].dims) for name in baseline.variables
             if baseline[name].dims != VARIABLES[name].dims}
    assert not wrong, f"dims (produced, registered): {wrong}"
    for name in baseline.variables:
        assert baseline[name].attrs.get("units") == VARIABLES[name].units, name
        assert baseline[name].attrs.get("long_name") == VARIABLES[name].long_name, name


def test_summary_columns_are_the_registry_summary_entries_in_contract_order():
    assert tuple(SUMMARY_COLUMNS) == tuple(name for name, variable in VARIABLES.items() if variable.summary)
    assert tuple(SUMMARY_COLUMNS) == CONTRACT_COLUMNS


def test_summary_columns_of_projection_variables_have_a_year_dimension():
    for variable in SUMMARY_COLUMNS.values():
        assert variable.dims[:1] == ("year",), variable.name


def test_label_sets_attrs_from_the_registry():
    dataset = xr.Dataset({"gdp": ("year", [1.0, 2.0])}, coords={"year": [2024, 2025]})
    label(dataset)
    assert dataset["gdp"].attrs == {"long_name": VARIABLES["gdp"].long_name, "units": "yuan"}
    assert dataset["year"].attrs["units"] == "calendar_year"


def test_label_refuses_an_unregistered_variable():
    dataset = xr.Dataset({"gdp": ("year", [1.0]), "gross_output": ("year", [1.0]), "foo": ("year", [2.0])})
    with pytest.raises(KeyError, match="gross_output, foo"):
        label(dataset)
