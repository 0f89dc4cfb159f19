"""Reading an assumption's CSV table, and the rules values obey: bounds, full coverage, shares, schedules.

A table is a CSV with one column per declared dimension and one value column
(:class:`~actuarial.config.spec.Spec`): every key of the dimensions' labels
exactly once, no other key, every value a finite number inside the bounds.
Each failure is one :class:`~actuarial.config.AssumptionError` naming the
file, the column, the offending row and the rule.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import xarray as xr

from actuarial.config.errors import AssumptionError, display
from actuarial.config.registry import DIM_LABELS, Spec
from actuarial.config.schema import SetInfo, TableRef
from actuarial.config.yaml_io import MAX_TABLE_BYTES, read_text, shown


def check_values(values: np.ndarray, spec: Spec, file: Path | str, where: str, labels: Sequence[str]) -> None:
    """Raise for the first value that is not finite or lies outside the bounds of ``spec``.

    ``labels[i]`` describes value ``i`` in the message (e.g. `` for male 65``).
    """
    low, high = spec.limits()
    bad = ~np.isfinite(values)
    bad |= (values < low) if low is not None else False
    bad |= (values > high) if high is not None else False
    if not bad.any():
        return
    first = int(np.argmax(bad))
    text = f"value {shown(float(values[first]))}{labels[first]}"
    if not math.isfinite(values[first]):
        raise AssumptionError(file, where, f"{text} is not a finite number")
    kind = {"probability": "probabilities", "fraction": "fractions"}.get(spec.unit, f"{spec.unit} values")
    bounds = f"[{'-inf' if low is None else f'{low:g}'}, {'inf' if high is None else f'{high:g}'}]"
    raise AssumptionError(file, where, f"{text} is outside {bounds}; {kind} must lie in that range")


def dimension_labels(dim: str, spec: Spec, info: SetInfo) -> list:
    """The labels dimension ``dim`` of a table must cover: the projection years, the ages of ``spec``, its
    declared integer range, or the fixed labels of :data:`~actuarial.config.registry.DIM_LABELS`."""
    if dim == "year":
        return list(range(info.base_year + 1, info.end_year + 1))
    if dim == "age":
        return list(range(spec.ages[0], spec.ages[1] + 1))
    for name, low, high in spec.ranges:
        if name == dim:
            return list(range(low, high + 1))
    return list(DIM_LABELS[dim])


def _is_integer_dim(dim: str, spec: Spec) -> bool:
    return dim in ("year", "age") or any(name == dim for name, _, _ in spec.ranges)


def describe(key: tuple, dims: tuple[str, ...]) -> str:
    """A row key in words for error messages, e.g. ``female age 65 in 2030``."""
    parts = {dim: value for dim, value in zip(dims, key)}
    words = [f"{parts[d]}" for d in dims if d in DIM_LABELS]
    words += [f"{d.replace('_', ' ')} {parts[d]}" for d in dims if d not in DIM_LABELS and d != "year"]
    if "year" in parts:
        words += [f"in {parts['year']}" if words else f"year {parts['year']}"]
    return " ".join(words)


class LazyLabels:
    """Row descriptions for error messages, built only for the row that is reported."""

    def __init__(self, keys: list[tuple], dims: tuple[str, ...]):
        self.keys, self.dims = keys, dims

    def __getitem__(self, row: int) -> str:
        return f" for {describe(self.keys[row], self.dims)}"


def read_table(name: str, table: TableRef | None, spec: Spec, info: SetInfo,
               blame: Callable[..., Path]) -> tuple[xr.DataArray, Path]:
    """Read and check the CSV table of assumption ``name``; return its values over ``spec.dims`` and the CSV path.

    ``blame(*fields)`` is the YAML file that supplied a field of the entry (the
    scenario override or the set's file); the CSV is read relative to the file
    that named it.
    """
    if table is None:
        raise AssumptionError(blame("table"), f"{name}.table", "a table assumption needs 'table: {file, dims}'")
    yaml_file = blame("table", "file")
    if tuple(table.dims) != spec.dims:
        raise AssumptionError(blame("table", "dims"), f"{name}.table.dims", f"value {table.dims} does not match the dimensions of {name}, which are {list(spec.dims)}")
    folder = yaml_file.parent.resolve()
    try:
        path = (yaml_file.parent / table.file).resolve()
    except (RuntimeError, OSError):  # a symbolic-link loop
        raise AssumptionError(yaml_file, f"{name}.table.file", f"value {shown(table.file)} is a symbolic-link loop; "
                              "a CSV file is expected") from None
    if not path.is_relative_to(folder):
        raise AssumptionError(yaml_file, f"{name}.table.file", f"value {shown(table.file)}: tables must lie inside "
                              f"{display(folder)}, the folder of the file that names them")
    if not path.exists() and not path.is_symlink():
        raise AssumptionError(yaml_file, f"{name}.table.file", f"value {shown(table.file)}: file not found")
    if path.is_dir():
        raise AssumptionError(yaml_file, f"{name}.table.file", f"value {shown(table.file)} is a folder; a CSV file "
                              "is expected")
    text = read_text(path, limit=MAX_TABLE_BYTES, what="tables")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype={dim: str for dim in spec.dims if dim in DIM_LABELS},
                            keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise AssumptionError(path, "", f"unreadable CSV: {str(error).splitlines()[0][:200]}") from None
    expected = [*spec.dims, spec.column]
    if sorted(frame.columns) != sorted(expected):
        raise AssumptionError(path, "columns", f"value {list(frame.columns)} does not match the declared dimensions: columns must be {expected}")
    labels = {dim: dimension_labels(dim, spec, info) for dim in spec.dims}
    for dim in spec.dims:
        column = frame[dim]
        if _is_integer_dim(dim, spec):
            numeric = pd.to_numeric(column, errors="coerce")
            bad = column[numeric.isna() | (numeric != numeric.round())]
            if len(bad):
                raise AssumptionError(path, dim, f"value {shown(bad.iloc[0])} is not a whole number")
            frame[dim] = numeric.astype(int)
        unknown = sorted(set(frame[dim]) - set(labels[dim]), key=str)
        if unknown:
            allowed = f"{labels[dim][0]}..{labels[dim][-1]}" if _is_integer_dim(dim, spec) else str(labels[dim])
            rule = "is outside the horizon" if dim == "year" else "is not allowed; allowed"
            raise AssumptionError(path, dim, f"value {shown(unknown[0])} {rule} {allowed}")
    values = pd.to_numeric(frame[spec.column], errors="coerce")
    if values.isna().any():
        row = int(values.isna().to_numpy().argmax())
        raise AssumptionError(path, spec.column, f"value {shown(frame[spec.column].iloc[row])} for {describe(tuple(frame.loc[row, list(spec.dims)]), spec.dims)} is not a number")
    duplicated = frame.duplicated(list(spec.dims))
    if duplicated.any():
        key = tuple(frame.loc[duplicated.to_numpy().argmax(), list(spec.dims)])
        raise AssumptionError(path, spec.column, f"{describe(key, spec.dims)} appears more than once; each key may appear once")
    full = pd.MultiIndex.from_product([labels[d] for d in spec.dims], names=list(spec.dims))
    indexed = pd.Series(values.to_numpy(dtype=float), index=pd.MultiIndex.from_frame(frame[list(spec.dims)]))
    missing = full.difference(indexed.index)
    if len(missing):
        key = missing[0] if isinstance(missing[0], tuple) else (missing[0],)
        raise AssumptionError(path, spec.column, f"{describe(key, spec.dims)} is missing; the table needs {len(full)} rows ({' x '.join(str(len(labels[d])) for d in spec.dims)} over {list(spec.dims)}), found {len(frame)}")
    keys = [key if isinstance(key, tuple) else (key,) for key in indexed.index]
    check_values(indexed.to_numpy(), spec, path, spec.column, LazyLabels(keys, spec.dims))
    if spec.positive_at_open_age:
        at_open = (indexed.index.get_level_values("age") == spec.ages[1]) & (indexed.to_numpy() <= 0.0)
        if at_open.any():
            row = int(np.argmax(at_open))
            raise AssumptionError(path, spec.column, f"value {shown(float(indexed.iloc[row]))}{LazyLabels(keys, spec.dims)[row]} must be positive at the open age {spec.ages[1]}+ (person-years above it are l({spec.ages[1]}) / m({spec.ages[1]}))")
    ordered = indexed.reindex(full).to_numpy().reshape([len(labels[d]) for d in spec.dims])
    data = xr.DataArray(ordered, coords=labels, dims=spec.dims, name=name)
    check_shape_rules(data, spec, path)
    return data, path


def _first_cell(mask: xr.DataArray) -> str:
    """Description of the first True cell of ``mask`` for an error message."""
    index = np.unravel_index(int(np.argmax(mask.values)), mask.shape)
    key = tuple(mask[dim].values[i].item() for dim, i in zip(mask.dims, index))
    return ", ".join(f"{dim} {value}" for dim, value in zip(mask.dims, key))


def check_shape_rules(data: xr.DataArray, spec: Spec, path: Path) -> None:
    """Shares that must sum to 1, totals with a ceiling and schedules that must not decrease."""
    if spec.sums_to_one_over:
        total = data.sum(spec.sums_to_one_over)
        bad = np.abs(total - 1.0) > 1e-9
        if bad.any():
            where = _first_cell(bad) if total.ndim else "the table"
            value = float(total.values[np.unravel_index(int(np.argmax(bad.values)), bad.shape)]) if total.ndim else float(total)
            raise AssumptionError(path, spec.column, f"shares over {spec.sums_to_one_over} sum to {value:.12g} for {where}; they must sum to 1")
    if spec.total_at_most:
        dim, limit = spec.total_at_most
        total = data.sum(dim)
        bad = total > limit
        if bad.any():
            value = float(total.values[np.unravel_index(int(np.argmax(bad.values)), bad.shape)])
            raise AssumptionError(path, spec.column, f"the sum over {dim} is {value:.6g} for {_first_cell(bad)}; "
                                  f"it must not exceed {limit:g}")
    if spec.monotone_along:
        others = [d for d in data.dims if d not in spec.monotone_along]
        flat = data.transpose(*others, *spec.monotone_along).values.reshape(
            int(np.prod([data.sizes[d] for d in others])), -1
        )
        steps = np.diff(flat, axis=1)
        if (steps < 0).any():
            row, col = np.unravel_index(int(np.argmax(steps < 0)), steps.shape)
            along = data.stack(order=list(spec.monotone_along))["order"].values[col + 1]
            group = data.stack(cell=others)["cell"].values[row] if others else ()
            label = ", ".join(f"{d} {v}" for d, v in zip([*others, *spec.monotone_along], [*np.atleast_1d(group), *along]))
            raise AssumptionError(path, spec.column, f"value {shown(float(flat[row, col + 1]))} for {label} is below the value before it ({shown(float(flat[row, col]))}); the schedule must not decrease")


__all__ = ["LazyLabels", "check_shape_rules", "check_values", "describe", "dimension_labels", "read_table"]
