"""The 2024 labour-market base against its published targets, with the reconciliation.

The base year is calibrated, so employment, the unemployment rate and the
standard, platform and non-farm self-employed counts must come out at the
published (or derived) figures to their rounding; the household farmers' sex
and age structure is shown against the 2016 agricultural census (reported); SOURCE.md shows how the disagreeing flexible-employment figures
were reconciled into the statuses.

Run by hand: ``python validation/labour2024_base/case.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from actuarial import load_assumption_set
from actuarial.dims import EMPLOYED_STATUSES
from actuarial.demography.projection import project_population
from actuarial.labour.market import project_labour

HERE = Path(__file__).resolve().parent


def model_figures(published: pd.DataFrame) -> list[float]:
    assumptions = load_assumption_set(HERE.parents[1] / "assumptions" / "china")
    population = project_population(assumptions)["population"]
    cells = project_labour(assumptions, population)["employment"].sel(year=2024)
    status = cells.sum(["sex", "age"])
    employed = float(status.sel(status=list(EMPLOYED_STATUSES)).sum())
    unemployed = float(status.sel(status="unemployed"))
    farm = cells.sel(status="farm")
    by_age = farm.sum("sex")
    farmers = float(by_age.sum())
    figures = {
        "employed": employed,
        "unemployment_rate": unemployed / (employed + unemployed),
        **{f"employed_{name}": float(status.sel(status=name)) for name in EMPLOYED_STATUSES},
        # the 2024 base's farmers against the age and sex structure of the 2016 agricultural census
        "farm_share_male": float(farm.sel(sex="male").sum()) / farmers,
        "farm_share_aged_35_or_under": float(by_age.sel(age=slice(0, 35)).sum()) / farmers,
        "farm_share_aged_36_54": float(by_age.sel(age=slice(36, 54)).sum()) / farmers,
        "farm_share_aged_55_plus": float(by_age.sel(age=slice(55, None)).sum()) / farmers,
    }
    return [figures[quantity] for quantity in published["quantity"]]


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    print(validation_report(HERE.name, run_case(Case(HERE.name, HERE))))
