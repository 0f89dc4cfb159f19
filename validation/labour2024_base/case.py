"""The 2024 labour-market base against its published targets, with the reconciliation.

The base year is calibrated, so employment, the unemployment rate and the
standard and platform counts must come out at the published figures to their
rounding; SOURCE.md shows how the disagreeing flexible-employment figures
were reconciled into the statuses.

Run by hand: ``python validation/labour2024_base/case.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from actuarial import load_assumption_set
from actuarial.demography.projection import project_population
from actuarial.labour.market import project_labour

HERE = Path(__file__).resolve().parent


def model_figures(published: pd.DataFrame) -> list[float]:
    assumptions = load_assumption_set(HERE.parents[1] / "assumptions" / "china")
    population = project_population(assumptions)["population"]
    status = project_labour(assumptions, population)["employment"].sel(year=2024).sum(["sex", "age"])
    employed = float(status.sel(status=["standard", "nonstandard", "platform", "self_employed"]).sum())
    unemployed = float(status.sel(status="unemployed"))
    figures = {
        "employed": employed,
        "unemployment_rate": unemployed / (employed + unemployed),
        "employed_standard": float(status.sel(status="standard")),
        "employed_platform": float(status.sel(status="platform")),
    }
    return [figures[quantity] for quantity in published["quantity"]]


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    print(validation_report(HERE.name, run_case(Case(HERE.name, HERE))))
