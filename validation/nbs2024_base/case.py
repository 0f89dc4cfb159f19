"""Base population (31 December 2024) against NBS end-2024 aggregates.

Run by hand: ``python validation/nbs2024_base/case.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from actuarial import load_assumption_set

HERE = Path(__file__).resolve().parent
GROUPS = {"0_15": (0, 15), "16_59": (16, 59), "60plus": (60, 100), "65plus": (65, 100)}


def model_figures(published: pd.DataFrame) -> list[float]:
    base = load_assumption_set(HERE.parents[1] / "assumptions" / "china").data("base_population")
    figures = {"population_total": base.sum().item()}
    for sex in ("male", "female"):
        figures[f"population_{sex}"] = base.sel(sex=sex).sum().item()
    for label, (low, high) in GROUPS.items():
        figures[f"population_{label}"] = base.sel(age=slice(low, high)).sum().item()
    return [figures[quantity] for quantity in published["quantity"]]


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    print(validation_report(HERE.name, run_case(Case(HERE.name, HERE))))
