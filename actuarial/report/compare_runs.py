"""Two run folders side by side (``actuarial diff``): the summary and the metrics, A, B, B - A and B / A - 1.

Reading only: the folders hold what ``actuarial run`` wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from actuarial.dims import REPORT_YEARS
from actuarial.report.checks import OutputError

DIFF_YEARS = (2025, 2030, *REPORT_YEARS, 2100)


@dataclass(frozen=True)
class RunTables:
    folder: Path
    summary: pd.DataFrame
    metrics: pd.DataFrame


def read_run_tables(folder: str | Path) -> RunTables:
    """``summary.csv`` and ``metrics.csv`` of a run folder (one-line error when either is missing)."""
    folder = Path(folder)
    for name in ("summary.csv", "metrics.csv"):
        if not (folder / name).is_file():
            raise OutputError(f"{folder / name}: not found; give folders written by 'actuarial run'")
    return RunTables(folder=folder, summary=pd.read_csv(folder / "summary.csv"), metrics=pd.read_csv(folder / "metrics.csv"))


def _sides(a: pd.Series, b: pd.Series) -> pd.DataFrame:
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(a.to_numpy() != 0.0, b.to_numpy() / a.to_numpy() - 1.0, np.nan)
    return pd.DataFrame({"a": a, "b": b, "b_minus_a": b - a, "b_over_a_minus_1": relative})


def diff_summary(a: RunTables, b: RunTables, *, all_years: bool = False) -> pd.DataFrame:
    """Long table ``year, column, a, b, b_minus_a, b_over_a_minus_1`` over the years both runs hold (the
    report years unless ``all_years``) and the columns both summaries have; rows where A and B differ."""
    years = sorted(set(a.summary["year"]) & set(b.summary["year"]))
    if not all_years:
        years = [year for year in years if year in DIFF_YEARS or year == years[-1]]
    columns = [c for c in a.summary.columns if c != "year" and c in b.summary.columns]
    left = a.summary.set_index("year").loc[years, columns].stack(future_stack=True)
    right = b.summary.set_index("year").loc[years, columns].stack(future_stack=True)
    table = _sides(left, right).rename_axis(["year", "column"]).reset_index()
    return table[~(np.isclose(table["a"], table["b"], rtol=0.0, atol=0.0, equal_nan=True))].reset_index(drop=True)


def diff_metrics(a: RunTables, b: RunTables) -> pd.DataFrame:
    """``scheme, metric, unit, a, b, b_minus_a, b_over_a_minus_1`` for the metrics either run has; rows
    where A and B differ (a metric only one run has shows NaN on the other side)."""
    key = ["scheme", "metric"]
    merged = a.metrics.merge(b.metrics, on=key, how="outer", suffixes=("_a", "_b"), sort=False)
    sides = _sides(merged["value_a"], merged["value_b"])
    table = pd.concat([merged[key], merged["unit_a"].fillna(merged["unit_b"]).rename("unit"), sides], axis=1)
    return table[~np.isclose(table["a"], table["b"], rtol=0.0, atol=0.0, equal_nan=True)].reset_index(drop=True)


__all__ = ["DIFF_YEARS", "RunTables", "diff_metrics", "diff_summary", "read_run_tables"]
