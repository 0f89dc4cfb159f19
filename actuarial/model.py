"""The whole model as one function: assumptions in, labelled projection out.

Stages run in the order of DESIGN §1, each a plain call on labelled arrays;
no stage reaches back into an earlier one.  Only demography exists so far.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.demography.projection import project_population

try:
    __version__ = version("actuarial")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"


def run_model(assumptions: AssumptionSet) -> xr.Dataset:
    """Run every stage for one (deterministic) scenario and return the full dataset."""
    projection = project_population(assumptions)
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
