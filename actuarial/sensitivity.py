"""Sensitivity studies: one assumption at a time (tornado) or grids in one or two dimensions.

A study file names a scenario, the metrics (``scheme.metric`` rows of ``metrics.csv``) and either the
assumptions to move one at a time or the axes of a grid::

    study:
      name: sensitivity_tornado
      description: ...
      scenario: ai_central.yaml        # relative to the study file
      kind: tornado                    # or grid
    metrics: [pension_employee.depletion_year, pension_employee.actuarial_balance]
    assumptions: declared              # tornado: every assumption with a declared range, or a list of names
    axes:                              # grid: one or two axes
      - assumption: employer_pension_rate
        mode: shift                    # value (a scalar), scale or shift (every value of a path or table)
        values: [-0.04, -0.02, 0.0]
        from: {year: 2026}             # optional: change only where a coordinate is at least this

A tornado moves each assumption to the low and the high of the range its entry declares (``range:`` in
the assumption YAML, with its reason or reference; :class:`actuarial.config.schema.Range`), the others
as the scenario has them.  Every case is the whole model (:func:`actuarial.model.run_model` and
:func:`actuarial.analysis.metrics.valuation_metrics`) on the changed set; the baseline is run once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
import xarray as xr
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from actuarial.config import AssumptionError, AssumptionSet, load_scenario
from actuarial.config.assumptions import replace_data
from actuarial.config.registry import REGISTRY
from actuarial.config.yaml_io import raise_validation, read_yaml, shown

MODES = ("value", "scale", "shift")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class StudyInfo(_Strict):
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    scenario: str = Field(min_length=1)
    kind: Literal["tornado", "grid"]


class Axis(_Strict):
    assumption: str = Field(min_length=1)
    mode: Literal[MODES]  # type: ignore[valid-type]
    values: list[float | str] = Field(min_length=1)
    start: dict[str, float] = Field(default={}, alias="from")


class StudyFile(_Strict):
    study: StudyInfo
    metrics: list[str] = Field(min_length=1)
    assumptions: Literal["declared"] | list[str] = "declared"
    axes: list[Axis] = []


@dataclass(frozen=True)
class Change:
    """One assumption moved: its value replaced (``value``), or every value (from ``start`` on) scaled or
    shifted by ``amount``."""

    name: str
    mode: str
    amount: float | str
    start: tuple[tuple[str, float], ...] = ()

    def label(self) -> str:
        return f"{self.name} {'=' if self.mode == 'value' else 'x' if self.mode == 'scale' else '+'} {self.amount}"


@dataclass(frozen=True)
class Case:
    """A set of changes run together; ``coords`` places it in the study (parameter and side, or grid point)."""

    changes: tuple[Change, ...]
    coords: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class SensitivityStudy:
    name: str
    description: str
    kind: str
    scenario: Path
    metrics: tuple[tuple[str, str], ...]
    cases: tuple[Case, ...]
    axes: tuple[Axis, ...]
    file: Path


def _changed_data(data: xr.DataArray, change: Change) -> xr.DataArray:
    if change.mode == "value":
        return xr.full_like(data, float(change.amount), dtype=float)
    where = xr.ones_like(data, dtype=bool)
    for dim, first in change.start:
        where = where & (data[dim] >= first)
    moved = data * float(change.amount) if change.mode == "scale" else data + float(change.amount)
    return xr.where(where, moved, data).transpose(*data.dims)


def apply_changes(assumptions: AssumptionSet, changes: tuple[Change, ...], *, label: str) -> AssumptionSet:
    """A new set with ``changes`` applied (numbers through :func:`replace_data`, with its bound checks; a
    choice's label replaced with its digest updated)."""
    numbers = {c.name: _changed_data(assumptions.data(c.name), c) for c in changes if assumptions[c.name].data is not None}
    changed = replace_data(assumptions, numbers, label=label) if numbers else assumptions
    choices = [c for c in changes if assumptions[c.name].data is None]
    if not choices:
        return changed
    items = dict(changed.items)
    hasher = hashlib.sha256(changed.digest.encode())
    for c in choices:
        items[c.name] = dataclasses.replace(items[c.name], choice=str(c.amount), status="assumed",
                                            reason=f"set by {label}")
        hasher.update(f"{c.name}={c.amount}".encode())
    return dataclasses.replace(changed, items=type(changed.items)(items), digest=hasher.hexdigest())


def _tornado_cases(assumptions: AssumptionSet, names, file: Path) -> list[Case]:
    if names == "declared":
        names = sorted(name for name, item in assumptions.items.items() if item.range is not None)
        if not names:
            raise AssumptionError(file, "assumptions", "no assumption of the scenario's set declares a range")
    cases = []
    for name in names:
        if name not in assumptions:
            raise AssumptionError(file, "assumptions", f"value {shown(name)} is not an assumption of the scenario's set")
        span = assumptions[name].range
        if span is None:
            raise AssumptionError(file, "assumptions", f"value {shown(name)} declares no range (add 'range:' to its entry)")
        for side in ("low", "high"):
            change = Change(name=name, mode=span.kind, amount=getattr(span, side))
            cases.append(Case(changes=(change,), coords=(("parameter", name), ("side", side))))
    return cases


def _grid_cases(assumptions: AssumptionSet, axes: list[Axis], file: Path) -> list[Case]:
    if not 1 <= len(axes) <= 2:
        raise AssumptionError(file, "axes", f"a grid has one or two axes; this study has {len(axes)}")
    if len({axis.assumption for axis in axes}) < len(axes):
        raise AssumptionError(file, "axes", f"value {shown(axes[0].assumption)} is on both axes; a grid moves two "
                              "different assumptions")
    for i, axis in enumerate(axes):
        where = f"axes.{i}"
        if axis.assumption not in assumptions:
            raise AssumptionError(file, f"{where}.assumption", f"value {shown(axis.assumption)} is not an assumption of the scenario's set")
        kind = REGISTRY[axis.assumption].kind
        if (kind in ("scalar", "choice")) != (axis.mode == "value"):
            raise AssumptionError(file, f"{where}.mode", f"value {shown(axis.mode)}: a {kind} takes mode "
                                  f"{'value' if kind in ('scalar', 'choice') else 'scale or shift'}")
        data = assumptions[axis.assumption].data
        for dim in axis.start:
            if data is None or dim not in data.dims:
                raise AssumptionError(file, f"{where}.from", f"value {shown(dim)} is not a dimension of {axis.assumption}")
    cases = []
    for point in itertools.product(*(axis.values for axis in axes)):
        changes = tuple(Change(axis.assumption, axis.mode, value, tuple(axis.start.items()))
                        for axis, value in zip(axes, point))
        cases.append(Case(changes=changes, coords=tuple((axis_name(axis), value) for axis, value in zip(axes, point))))
    return cases


def axis_name(axis: Axis) -> str:
    """The column of a grid axis in the outputs: ``{assumption}_{mode}``."""
    return f"{axis.assumption}_{axis.mode}"


def load_sensitivity(path: str | Path) -> SensitivityStudy:
    """Read and validate a sensitivity study file (one-line errors naming file and field)."""
    path = Path(path)
    try:
        raw = StudyFile(**read_yaml(path))
    except ValidationError as error:
        raise_validation(error, path)
    metrics = []
    for i, metric in enumerate(raw.metrics):
        scheme, _, name = metric.partition(".")
        if not scheme or not name:
            raise AssumptionError(path, f"metrics.{i}", f"value {shown(metric)} must be 'scheme.metric' (a row of metrics.csv)")
        metrics.append((scheme, name))
    scenario = (path.parent / raw.study.scenario).resolve()
    assumptions = load_scenario(scenario)
    if raw.study.kind == "tornado":
        if raw.axes:
            raise AssumptionError(path, "axes", "a tornado study moves declared ranges; 'axes' belong to a grid")
        cases = _tornado_cases(assumptions, raw.assumptions, path)
    else:
        cases = _grid_cases(assumptions, raw.axes, path)
    return SensitivityStudy(name=raw.study.name, description=raw.study.description, kind=raw.study.kind,
                            scenario=scenario, metrics=tuple(metrics), cases=tuple(cases), axes=tuple(raw.axes),
                            file=path)


def case_metrics(assumptions: AssumptionSet, metrics) -> dict[tuple[str, str], float]:
    """The study's metrics on one run of the whole model."""
    from actuarial.analysis.metrics import valuation_metrics
    from actuarial.model import run_model

    table = valuation_metrics(assumptions, run_model(assumptions)).set_index(["scheme", "metric"])["value"]
    missing = [f"{s}.{m}" for s, m in metrics if (s, m) not in table.index]
    if missing:
        raise AssumptionError(assumptions.scenario, "metrics", f"value {shown(missing[0])} is not a row of metrics.csv")
    return {key: float(table[key]) for key in metrics}


def run_sensitivity(study: SensitivityStudy, progress=None) -> pd.DataFrame:
    """One row per case and metric: the case's coordinates, ``metric``, ``value`` and ``baseline``."""
    assumptions = load_scenario(study.scenario)
    baseline = case_metrics(assumptions, study.metrics)
    rows = []
    for case in study.cases:
        label = "; ".join(change.label() for change in case.changes)
        changed = apply_changes(assumptions, case.changes, label=f"{study.file.name}: {label}")
        values = case_metrics(changed, study.metrics)
        for key in study.metrics:
            rows.append({**dict(case.coords), "metric": ".".join(key), "value": values[key],
                         "baseline": baseline[key]})
        if progress is not None:
            progress()
    return pd.DataFrame(rows)


def tornado_table(results: pd.DataFrame) -> pd.DataFrame:
    """Low and high side by side per parameter and metric, ordered by the swing ``|high - low|`` (largest
    first within each metric)."""
    wide = results.pivot_table(index=["metric", "parameter"], columns="side", values="value", aggfunc="first")
    wide = wide.join(results.groupby(["metric", "parameter"])["baseline"].first())
    wide["swing"] = (wide["high"] - wide["low"]).abs()
    wide = wide.reset_index()[["metric", "parameter", "baseline", "low", "high", "swing"]]
    return wide.sort_values(["metric", "swing"], ascending=[True, False], kind="stable").reset_index(drop=True)


def grid_dataset(results: pd.DataFrame, study: SensitivityStudy) -> xr.Dataset:
    """The grid as a Dataset: one variable per metric over the axes (named after their assumptions)."""
    names = [axis_name(axis) for axis in study.axes]
    variables = {}
    for metric, part in results.groupby("metric", sort=False):
        variables[metric.replace(".", "__")] = part.set_index(names)["value"].to_xarray()
    data = xr.Dataset(variables)
    data.attrs.update(study=study.name, scenario=str(study.scenario), description=study.description)
    return data


__all__ = ["Case", "Change", "SensitivityStudy", "apply_changes", "axis_name", "grid_dataset", "load_sensitivity",
           "run_sensitivity", "tornado_table"]
