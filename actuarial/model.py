"""The whole model as one function: assumptions in, labelled projection out.

Stages run in the order of DESIGN §1, each a plain call on labelled arrays;
no stage reaches back into an earlier one: demography, then the labour
market (statuses, retirement, AI substitution), then wages and GDP.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.config.registry import EMPLOYED_STATUSES
from actuarial.demography.projection import project_population
from actuarial.labour.economy import project_economy
from actuarial.labour.market import project_labour

try:
    __version__ = version("actuarial")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"


def run_model(assumptions: AssumptionSet) -> xr.Dataset:
    """Run every stage for one (deterministic) scenario and return the full dataset."""
    population = project_population(assumptions)
    labour = project_labour(assumptions, population["population"])
    economy = project_economy(
        assumptions, adoption=labour["ai_adoption"], employment=labour["employment"].sel(status=list(EMPLOYED_STATUSES))
    )
    economy = economy.reindex(status=labour["status"])  # earnings: NaN for statuses without earnings
    projection = xr.merge([population, labour, economy], combine_attrs="override")
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
