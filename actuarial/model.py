"""The whole model as one function: assumptions in, labelled projection out.

Stages run in the order of DESIGN §1, each a plain call on labelled arrays;
no stage reaches back into an earlier one: demography, then the labour
market (statuses, retirement, AI substitution), wages and GDP, the employee
pension scheme and its fund, the resident pension scheme, the employee and
resident medical schemes.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.config.registry import EMPLOYED_STATUSES
from actuarial.demography.projection import demographic_inputs, project_population
from actuarial.finance.schemes import employee_pension_fund
from actuarial.labour.economy import project_economy
from actuarial.labour.market import project_labour
from actuarial.schemes.medical_employee import project_medical
from actuarial.schemes.pension_employee import project_employee_pension
from actuarial.schemes.pension_resident import project_resident_pension

try:
    __version__ = version("actuarial")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"


def run_model(assumptions: AssumptionSet) -> xr.Dataset:
    """Run every stage for one (deterministic) scenario and return the full dataset."""
    inputs = demographic_inputs(assumptions)
    population = project_population(inputs)
    labour = project_labour(assumptions, population["population"])
    employed = labour["employment"].sel(status=list(EMPLOYED_STATUSES))
    economy = project_economy(assumptions, adoption=labour["ai_adoption"], employment=employed)
    pension = project_employee_pension(
        assumptions,
        population=population["population"],
        survival=inputs.survival[0],
        employment=(employed - labour["employment_past_retirement"].sel(status=list(EMPLOYED_STATUSES))).clip(min=0.0),
        retired=labour["past_retirement_age"],
        earnings=economy["earnings"],
        average_wage=economy["average_wage"],
    )
    fund = employee_pension_fund(assumptions, pension)
    resident = project_resident_pension(
        assumptions,
        population=population["population"],
        employee_members=pension["pension_contributors"] + pension["pensioners"],
        transferred=pension["pension_transferred"],
        average_wage=economy["average_wage"],
    )
    economy = economy.reindex(status=labour["status"])  # earnings: NaN for statuses without earnings
    pension = pension.reindex(status=labour["status"], fill_value=0.0)  # by-status flows: 0 for non-employed
    projection = xr.merge([population, labour, economy, pension, fund, resident], combine_attrs="override")
    medical = project_medical(assumptions, projection, survival=inputs.survival[0])
    projection = xr.merge([projection, medical], combine_attrs="override")
    projection.attrs.update(
        title=f"actuarial projection: {assumptions.scenario}",
        scenario=assumptions.scenario,
        assumption_set=assumptions.name,
        assumption_set_hash=assumptions.digest,
        base_year=assumptions.base_year,
        end_year=assumptions.end_year,
        package_version=__version__,
        conventions="stocks at 31 December; flows over the calendar year; money in nominal yuan",
    )
    return projection
