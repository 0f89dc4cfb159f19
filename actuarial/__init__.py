"""actuarial: long-horizon projection and valuation of social-insurance funds.

Public API (re-exports only; nothing runs at import)::

    from actuarial import load_scenario, run_model, summary_table
    assumptions = load_scenario("projections/baseline.yaml")
    projection = run_model(assumptions)          # xarray.Dataset
    table = summary_table(projection)            # pandas.DataFrame, one row per year
"""

from actuarial.analysis.summary import SUMMARY_COLUMNS, summary_table
from actuarial.config import Assumption, AssumptionError, AssumptionSet, load_assumption_set, load_scenario
from actuarial.demography.lifetable import LifeTable, life_expectancy_at_birth, life_table, survival_ratios
from actuarial.demography.projection import DemographicInputs, demographic_inputs, project_population
from actuarial.model import __version__, run_model

__all__ = [
    "SUMMARY_COLUMNS",
    "Assumption",
    "AssumptionError",
    "AssumptionSet",
    "DemographicInputs",
    "LifeTable",
    "__version__",
    "demographic_inputs",
    "life_expectancy_at_birth",
    "life_table",
    "load_assumption_set",
    "load_scenario",
    "project_population",
    "run_model",
    "summary_table",
    "survival_ratios",
]
