"""The engine on WPP 2024 medium-variant inputs against WPP 2024's published projection.

Inputs: the shipped China set (WPP 2024 medium mortality pinned to annual e0,
medium fertility, sex ratio at birth, net migration by age), with the base
population replaced by the WPP-consistent end-2024 estimate carried forward
from WPP 2022 (``base_population_carried_forward.csv``, written by
``assumptions/china/build/build_demography.py`` before the NBS reconciliation),
scaled by sex to WPP 2024's end-2024 totals (721,962,890 male, 695,770,746
female).

Run by hand: ``python validation/wpp2024_china/case.py``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd

from actuarial import demographic_inputs, load_assumption_set, project_population

HERE = Path(__file__).resolve().parent
WPP_END_2024 = {"male": 721_962_890.0, "female": 695_770_746.0}


def wpp_base_population() -> np.ndarray:
    """(1, sex, age) carried-forward base population scaled to WPP's end-2024 totals by sex."""
    table = pd.read_csv(HERE / "base_population_carried_forward.csv")
    rows = []
    for sex, total in WPP_END_2024.items():
        counts = table[table["sex"] == sex].sort_values("age")["population"].to_numpy()
        rows.append(counts * total / counts.sum())
    return np.stack(rows)[None]


def model_figures(published: pd.DataFrame) -> list[float]:
    inputs = demographic_inputs(load_assumption_set(HERE.parents[1] / "assumptions" / "china"))
    projection = project_population(dataclasses.replace(inputs, base_population=wpp_base_population()))
    totals = {
        "population": projection["population"].sum(["sex", "age"]),
        "births": projection["births"].sum("sex"),
        "deaths": projection["deaths"].sum("sex"),
    }
    return [totals[row.quantity].sel(year=row.year).item() for row in published.itertuples()]


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    print(validation_report(HERE.name, run_case(Case(HERE.name, HERE))))
