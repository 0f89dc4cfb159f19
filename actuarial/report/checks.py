"""Checks of results before they are written: no ±inf anywhere, and NaN only where the variable
registry (:attr:`actuarial.variables.Variable.missing`) or the tables' contracts give it a meaning."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd
import xarray as xr

from actuarial.dims import FUNDED_SCHEMES
from actuarial.variables import VARIABLES


METRIC_MISSING: dict[str, str] = {
    "first_deficit_year": "never within the horizon",
    "depletion_year": "never within the horizon",
    "required_rate_solvency": "above the cap (no rate up to the cap meets the criterion)",
    "required_rate_terminal_reserve": "above the cap (no rate up to the cap meets the criterion)",
}
"""Metrics of ``metrics.csv`` that may be NaN, and what NaN means (a public contract; the
``_without_subsidy`` twins alike).  Every other metric is a finite number."""

COMPARISON_MISSING: dict[str, str] = {
    **{f"{fund}_depletion_year": "never within the horizon" for fund in FUNDED_SCHEMES},
    **{f"{fund}_baseline_deficit_pv_yuan": "the fund has no deficit in the baseline (net position >= 0)"
       for fund in FUNDED_SCHEMES},
    **{f"{fund}_effect_pct_of_baseline_deficit": "the fund has no deficit in the baseline (net position >= 0)"
       for fund in FUNDED_SCHEMES},
}
"""Columns of ``comparison.csv`` that may be NaN, and what NaN means; every other column is finite."""


class OutputError(ValueError):
    """Outputs that cannot be written: a bad ``--out`` or a result that is not a finite number
    where one is required.  The message is one line naming the path (or output) and the rule."""


# --------------------------------------------------------------------------- checks of the values
def _first(array: xr.DataArray, mask: np.ndarray) -> str:
    """Where ``mask`` is first true: ``in 2040 (first year; sex=female, age=63)``."""
    dims = list(array.dims)
    if "year" in dims:
        order = ["year", *(d for d in dims if d != "year")]
        mask = np.transpose(mask, [dims.index(d) for d in order])
        dims = order
    index = tuple(int(i) for i in np.argwhere(mask)[0])
    coords = {dim: (array[dim].values[i] if dim in array.coords else i) for dim, i in zip(dims, index)}
    cell = ", ".join(f"{dim}={_plain(value)}" for dim, value in coords.items() if dim != "year")
    if "year" in coords:
        return f"in {_plain(coords['year'])} (first year{'; ' + cell if cell else ''})"
    return f"at {cell}" if cell else ""


def _plain(value) -> str:
    return str(value.item() if hasattr(value, "item") else value)


def _infinity(values: np.ndarray, mask: np.ndarray) -> str:
    return "-inf" if values[tuple(np.argwhere(mask)[0])] < 0 else "inf"


FINITE_RULE = "written outputs must be finite numbers"


def check_dataset(dataset: xr.Dataset, file: str | Path) -> None:
    """Refuse ±inf in any data variable and NaN in a variable whose registry entry
    (:class:`actuarial.variables.Variable`) gives NaN no ``missing`` meaning.

    Raises
    ------
    OutputError
        Naming ``file``, the variable, the first year (and cell) and the rule.
    """
    for name, array in dataset.data_vars.items():
        values = np.asarray(array.values)
        if values.dtype.kind not in "fc":
            continue
        infinite = np.isinf(values)
        if infinite.any():
            raise OutputError(f"{file}: variable {name}: {_infinity(values, infinite)} {_first(array, infinite)}; "
                              f"{FINITE_RULE}")
        missing = np.isnan(values)
        variable = VARIABLES.get(str(name))
        if missing.any() and (variable is None or variable.missing is None):
            raise OutputError(f"{file}: variable {name}: NaN {_first(array, missing)}; NaN is written only where the "
                              f"variable registry (actuarial.variables) says what it means, and it does not for {name}")


def check_table(table: pd.DataFrame, file: str | Path, *, key: str, missing: Mapping[str, str]) -> None:
    """Refuse ±inf in any numeric column of ``table`` and NaN in a column not in ``missing``.

    ``key`` names the column that identifies a row in messages (``year``: "in 2040 (first year)").
    """
    for column in table.columns:
        values = table[column].to_numpy()
        if values.dtype.kind not in "fc":
            continue
        for bad, what, allowed in ((np.isinf(values), None, False), (np.isnan(values), "NaN", column in missing)):
            if not bad.any() or allowed:
                continue
            first = table[key].to_numpy()[bad][0]
            where = f"in {_plain(first)} (first year)" if key == "year" else f"in row {_plain(first)}"
            if what is None:
                raise OutputError(f"{file}: column {column}: {_infinity(values, bad)} {where}; {FINITE_RULE}")
            meanings = ", ".join(sorted(missing)) or "none"
            raise OutputError(f"{file}: column {column}: NaN {where}; NaN is written only in the columns where it has "
                              f"a documented meaning ({meanings})")


def summary_missing() -> dict[str, str]:
    """The columns of ``summary.csv`` that may hold NaN (their registry ``missing`` meaning)."""
    return {name: variable.missing for name, variable in VARIABLES.items()
            if variable.summary and variable.missing is not None}


def check_metrics(metrics: pd.DataFrame, file: str | Path) -> None:
    """Refuse ±inf in ``metrics.csv`` and NaN in a metric other than those of :data:`METRIC_MISSING`."""
    values = metrics["value"].to_numpy(dtype=float)
    for position in np.flatnonzero(~np.isfinite(values)):
        row = metrics.iloc[position]
        where = f"row {row['scheme']} {row['metric']}"
        if np.isinf(values[position]):
            raise OutputError(f"{file}: {where}: {'-inf' if values[position] < 0 else 'inf'}; {FINITE_RULE}")
        if str(row["metric"]).removesuffix("_without_subsidy") not in METRIC_MISSING:
            raise OutputError(f"{file}: {where}: NaN; a metric is NaN only where it has a documented meaning "
                              f"({', '.join(METRIC_MISSING)}, and their _without_subsidy twins)")


__all__ = ["COMPARISON_MISSING", "METRIC_MISSING", "OutputError", "check_dataset", "check_metrics", "check_table",
           "summary_missing"]
