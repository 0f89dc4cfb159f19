"""Load an assumption set (and a scenario over it) into a frozen, validated object.

An assumption set is a folder: ``set.yaml`` (name, base year, horizon) and any
number of other ``*.yaml`` files, each a mapping of assumption name to an entry
with metadata and values (DESIGN §4)::

    sex_ratio_at_birth:
      description: Males born per female birth
      unit: ratio
      status: projected
      reference:
        - title: UN DESA, World Population Prospects 2024
          locator: sexRatio1dt, China
      table:
        file: sex_ratio_at_birth.csv
        dims: [year]

A scenario is a YAML file naming a base set and overriding entries by deep
merge.  Everything is checked once, here; nothing downstream re-validates.
Every failure raises :class:`AssumptionError` with a one-line message naming
the file, the field, the value and the rule.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, Mapping

import numpy as np
import pandas as pd
import xarray as xr
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from actuarial.config.errors import AssumptionError
from actuarial.config.registry import DIM_LABELS, REGISTRY, STANDINGS, Spec
from actuarial.dims import SCHEME_REQUIRES, SCHEMES, UNITS

SET_FILE = "set.yaml"
FIRST_YEAR, LAST_YEAR = 1900, 2300


# --------------------------------------------------------------------------- schema
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Reference(_Strict):
    """A citation: document title, and where in it (table, article, page)."""

    title: str = Field(min_length=1)
    locator: str | None = None
    publisher: str | None = None
    year: int | None = None
    url: str | None = None


class TableRef(_Strict):
    file: str = Field(min_length=1)
    dims: list[str]


class Entry(_Strict):
    description: str = Field(min_length=1)
    unit: Literal[UNITS]  # type: ignore[valid-type]
    status: Literal[STANDINGS]  # type: ignore[valid-type]
    reason: str | None = None
    reference: list[Reference] = []
    values: dict[int, float] | None = None
    value: str | float | None = None
    table: TableRef | None = None


class SetInfo(_Strict):
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    base_year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    end_year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    schemes: list[Literal[SCHEMES]] = Field(min_length=1)  # type: ignore[valid-type]
    """The schemes the set runs, in order (each after the schemes it builds on)."""


class ScenarioInfo(_Strict):
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    assumptions: str = Field(min_length=1)
    end_year: int | None = None


class ScenarioFile(_Strict):
    scenario: ScenarioInfo
    overrides: dict[str, dict[str, Any]] = {}
    financing: dict[str, Any] = {}


# --------------------------------------------------------------------------- frozen result
@dataclass(frozen=True)
class Assumption:
    """One validated assumption: metadata and its values.

    ``data`` is a read-only :class:`xarray.DataArray`: a table over its declared
    dims, or a time path expanded to one value per projection year; ``None``
    for a choice, whose label is ``choice``.
    """

    name: str
    description: str
    unit: str
    status: str
    reason: str | None
    references: tuple[Reference, ...]
    files: tuple[str, ...]
    data: xr.DataArray | None = None
    choice: str | None = None


@dataclass(frozen=True)
class AssumptionSet:
    """A validated, immutable assumption set (optionally with a scenario applied)."""

    name: str
    scenario: str
    description: str
    base_year: int
    end_year: int
    digest: str
    sources: tuple[str, ...]
    items: Mapping[str, Assumption] = field(repr=False)
    schemes: tuple[str, ...] = ()
    """The schemes the set runs, in order (``set.yaml``)."""
    financing: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), repr=False)
    """Financing options of the scenario (validated option objects by name; applied in this order)."""

    @property
    def years(self) -> np.ndarray:
        """Projection years: base year + 1 .. end year (flows and end-of-year stocks)."""
        return np.arange(self.base_year + 1, self.end_year + 1)

    def __getitem__(self, name: str) -> Assumption:
        return self.items[name]

    def __contains__(self, name: object) -> bool:
        return name in self.items

    def data(self, name: str) -> xr.DataArray:
        """The values of assumption ``name`` (read-only)."""
        return self.items[name].data

    def scalar(self, name: str) -> float:
        """The value of the scalar assumption ``name``."""
        return float(self.items[name].data)

    def path(self, name: str, years: np.ndarray) -> np.ndarray:
        """The time path ``name`` over ``years`` as a float array; a year before the first projection
        year (the base year) takes the first projection year's value."""
        data = self.items[name].data
        index = np.clip(np.asarray(years) - (self.base_year + 1), 0, None)
        return np.asarray(data.values, dtype=float)[index]


# --------------------------------------------------------------------------- YAML
class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML loader that refuses duplicated keys instead of keeping the last."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicated key {key!r} (each key may appear once)", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AssumptionError(path, "", "file not found") from None
    try:
        content = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "YAML"
        problem = getattr(error, "problem", None) or str(error)
        raise AssumptionError(path, where, f"invalid YAML: {problem}") from None
    if not isinstance(content, dict):
        raise AssumptionError(path, "", f"top level is {type(content).__name__}; it must be a mapping of names")
    return content


def _raise_validation(error: ValidationError, file: Path | str, prefix: str = "") -> None:
    """Turn the first pydantic error into a one-line :class:`AssumptionError`."""
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in (prefix, *first["loc"]) if part != "")
    value = first.get("input")
    if first["type"] == "extra_forbidden":
        rule = "unknown key (misspelt? unknown keys are errors)"
    elif first["type"] == "missing":
        raise AssumptionError(file, where, "required field is missing")
    elif first["type"] == "literal_error":
        rule = f"must be one of {first['ctx']['expected']}"
    else:
        rule = first["msg"][0].lower() + first["msg"][1:]
    raise AssumptionError(file, where, f"value {value!r}: {rule}")


# --------------------------------------------------------------------------- raw set
@dataclass
class _RawEntry:
    content: dict
    file: Path
    override: dict = field(default_factory=dict)
    override_file: Path | None = None

    def blame(self, *path: str) -> Path:
        """The file that supplied the field at ``path`` (scenario override or base)."""
        node: Any = self.override
        for part in path:
            if not isinstance(node, dict) or part not in node:
                return self.file
            node = node[part]
        return self.override_file or self.file


def _read_set(folder: Path) -> tuple[SetInfo, dict[str, _RawEntry]]:
    set_path = folder / SET_FILE
    if not folder.is_dir():
        raise AssumptionError(folder, "", "assumption set folder not found")
    try:
        info = SetInfo(**_read_yaml(set_path))
    except ValidationError as error:
        _raise_validation(error, set_path)
    if info.end_year <= info.base_year:
        raise AssumptionError(set_path, "end_year", f"value {info.end_year} must be after base_year {info.base_year}")
    for position, scheme in enumerate(info.schemes):
        missing = [needed for needed in SCHEME_REQUIRES.get(scheme, ()) if needed not in info.schemes[:position]]
        if missing:
            raise AssumptionError(set_path, f"schemes.{position}", f"value {scheme!r} builds on {missing[0]!r}, "
                                  "which must be listed before it")
    entries: dict[str, _RawEntry] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == SET_FILE:
            continue
        for name, content in _read_yaml(path).items():
            if name in entries:
                raise AssumptionError(path, name, f"already declared in {entries[name].file}; each assumption is declared once")
            entries[name] = _RawEntry(content=content, file=path)
    return info, entries


def deep_merge(base: Mapping, override: Mapping) -> dict:
    """Merge ``override`` into ``base``: mappings merge key by key, anything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


# --------------------------------------------------------------------------- validation
def _check_values(values: np.ndarray, spec: Spec, file: Path | str, where: str, labels: list[str]) -> None:
    """Raise for the first value that is not finite or lies outside the bounds of ``spec``."""
    low, high = spec.limits()
    bad = ~np.isfinite(values)
    bad |= (values < low) if low is not None else False
    bad |= (values > high) if high is not None else False
    if not bad.any():
        return
    first = int(np.argmax(bad))
    text = f"value {float(values[first])!r}{labels[first]}"
    if not math.isfinite(values[first]):
        raise AssumptionError(file, where, f"{text} is not a finite number")
    kind = {"probability": "probabilities", "fraction": "fractions"}.get(spec.unit, f"{spec.unit} values")
    bounds = f"[{'-inf' if low is None else f'{low:g}'}, {'inf' if high is None else f'{high:g}'}]"
    raise AssumptionError(file, where, f"{text} is outside {bounds}; {kind} must lie in that range")


def _expand_path(name: str, raw: _RawEntry, entry: Entry, spec: Spec, info: SetInfo) -> xr.DataArray:
    if not entry.values:
        raise AssumptionError(raw.blame("values"), f"{name}.values", "a time path needs 'values' keyed by year")
    first_needed = info.base_year + 1
    for year, value in entry.values.items():
        file = raw.blame("values", year)
        if year > info.end_year:
            raise AssumptionError(file, f"{name}.values.{year}", f"year {year} is after the end of the horizon, {info.end_year}")
        if year < FIRST_YEAR:
            raise AssumptionError(file, f"{name}.values.{year}", f"year {year} is before {FIRST_YEAR}")
        _check_values(np.array([float(value)]), spec, file, f"{name}.values.{year}", [""])
    if min(entry.values) > first_needed:
        raise AssumptionError(raw.blame("values"), f"{name}.values", f"first year {min(entry.values)} is after {first_needed}; the path must cover every projection year")
    years = np.arange(first_needed, info.end_year + 1)
    keys = np.array(sorted(entry.values))
    picked = keys[np.searchsorted(keys, years, side="right") - 1]
    return xr.DataArray([float(entry.values[int(k)]) for k in picked], coords={"year": years}, dims="year", name=name)


def _dimension_labels(dim: str, spec: Spec, info: SetInfo) -> list:
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


def _describe(key: tuple, dims: tuple[str, ...]) -> str:
    parts = {dim: value for dim, value in zip(dims, key)}
    words = [f"{parts[d]}" for d in dims if d in DIM_LABELS]
    words += [f"{d.replace('_', ' ')} {parts[d]}" for d in dims if d not in DIM_LABELS and d != "year"]
    if "year" in parts:
        words += [f"in {parts['year']}" if words else f"year {parts['year']}"]
    return " ".join(words)


class _LazyLabels:
    """Row descriptions for error messages, built only for the row that is reported."""

    def __init__(self, keys: list[tuple], dims: tuple[str, ...]):
        self.keys, self.dims = keys, dims

    def __getitem__(self, row: int) -> str:
        return f" for {_describe(self.keys[row], self.dims)}"


def _read_table(name: str, raw: _RawEntry, entry: Entry, spec: Spec, info: SetInfo) -> tuple[xr.DataArray, Path]:
    table = entry.table
    if table is None:
        raise AssumptionError(raw.blame("table"), f"{name}.table", "a table assumption needs 'table: {file, dims}'")
    yaml_file = raw.blame("table", "file")
    if tuple(table.dims) != spec.dims:
        raise AssumptionError(raw.blame("table", "dims"), f"{name}.table.dims", f"value {table.dims} does not match the dimensions of {name}, which are {list(spec.dims)}")
    path = (yaml_file.parent / table.file).resolve()
    try:
        frame = pd.read_csv(path, dtype={dim: str for dim in spec.dims if dim in DIM_LABELS}, keep_default_na=False)
    except FileNotFoundError:
        raise AssumptionError(yaml_file, f"{name}.table.file", f"value {table.file!r}: file not found") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise AssumptionError(path, "", f"unreadable CSV: {str(error).splitlines()[0]}") from None
    expected = [*spec.dims, spec.column]
    if sorted(frame.columns) != sorted(expected):
        raise AssumptionError(path, "columns", f"value {list(frame.columns)} does not match the declared dimensions: columns must be {expected}")
    labels = {dim: _dimension_labels(dim, spec, info) for dim in spec.dims}
    for dim in spec.dims:
        column = frame[dim]
        if _is_integer_dim(dim, spec):
            numeric = pd.to_numeric(column, errors="coerce")
            bad = column[numeric.isna() | (numeric != numeric.round())]
            if len(bad):
                raise AssumptionError(path, dim, f"value {bad.iloc[0]!r} is not a whole number")
            frame[dim] = numeric.astype(int)
        unknown = sorted(set(frame[dim]) - set(labels[dim]), key=str)
        if unknown:
            allowed = f"{labels[dim][0]}..{labels[dim][-1]}" if _is_integer_dim(dim, spec) else str(labels[dim])
            rule = "is outside the horizon" if dim == "year" else "is not allowed; allowed"
            raise AssumptionError(path, dim, f"value {unknown[0]!r} {rule} {allowed}")
    values = pd.to_numeric(frame[spec.column], errors="coerce")
    if values.isna().any():
        row = int(values.isna().to_numpy().argmax())
        raise AssumptionError(path, spec.column, f"value {frame[spec.column].iloc[row]!r} for {_describe(tuple(frame.loc[row, list(spec.dims)]), spec.dims)} is not a number")
    duplicated = frame.duplicated(list(spec.dims))
    if duplicated.any():
        key = tuple(frame.loc[duplicated.to_numpy().argmax(), list(spec.dims)])
        raise AssumptionError(path, spec.column, f"{_describe(key, spec.dims)} appears more than once; each key may appear once")
    full = pd.MultiIndex.from_product([labels[d] for d in spec.dims], names=list(spec.dims))
    indexed = pd.Series(values.to_numpy(dtype=float), index=pd.MultiIndex.from_frame(frame[list(spec.dims)]))
    missing = full.difference(indexed.index)
    if len(missing):
        key = missing[0] if isinstance(missing[0], tuple) else (missing[0],)
        raise AssumptionError(path, spec.column, f"{_describe(key, spec.dims)} is missing; the table needs {len(full)} rows ({' x '.join(str(len(labels[d])) for d in spec.dims)} over {list(spec.dims)}), found {len(frame)}")
    keys = [key if isinstance(key, tuple) else (key,) for key in indexed.index]
    _check_values(indexed.to_numpy(), spec, path, spec.column, _LazyLabels(keys, spec.dims))
    if spec.positive_at_open_age:
        at_open = (indexed.index.get_level_values("age") == spec.ages[1]) & (indexed.to_numpy() <= 0.0)
        if at_open.any():
            row = int(np.argmax(at_open))
            raise AssumptionError(path, spec.column, f"value {float(indexed.iloc[row])!r}{_LazyLabels(keys, spec.dims)[row]} must be positive at the open age {spec.ages[1]}+ (person-years above it are l({spec.ages[1]}) / m({spec.ages[1]}))")
    ordered = indexed.reindex(full).to_numpy().reshape([len(labels[d]) for d in spec.dims])
    data = xr.DataArray(ordered, coords=labels, dims=spec.dims, name=name)
    _check_shape_rules(data, spec, path)
    return data, path


def _first_cell(mask: xr.DataArray) -> str:
    """Description of the first True cell of ``mask`` for an error message."""
    index = np.unravel_index(int(np.argmax(mask.values)), mask.shape)
    key = tuple(mask[dim].values[i].item() for dim, i in zip(mask.dims, index))
    return ", ".join(f"{dim} {value}" for dim, value in zip(mask.dims, key))


def _check_shape_rules(data: xr.DataArray, spec: Spec, path: Path) -> None:
    """Shares that must sum to 1 and schedules that must not decrease."""
    if spec.sums_to_one_over:
        total = data.sum(spec.sums_to_one_over)
        bad = np.abs(total - 1.0) > 1e-9
        if bad.any():
            where = _first_cell(bad) if total.ndim else "the table"
            value = float(total.values[np.unravel_index(int(np.argmax(bad.values)), bad.shape)]) if total.ndim else float(total)
            raise AssumptionError(path, spec.column, f"shares over {spec.sums_to_one_over} sum to {value:.12g} for {where}; they must sum to 1")
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
            raise AssumptionError(path, spec.column, f"value {float(flat[row, col + 1])!r} for {label} is below the value before it ({float(flat[row, col])!r}); the schedule must not decrease")


def _unknown(name: str) -> str:
    """Message for an assumption name the registry does not know, with the closest known names."""
    close = difflib.get_close_matches(name, REGISTRY, n=3)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else "the known names are in actuarial/config/registry.py"
    return f"unknown assumption {name!r} ({hint})"


def _build(name: str, raw: _RawEntry, info: SetInfo) -> Assumption:
    spec = REGISTRY.get(name)
    if spec is None:
        raise AssumptionError(raw.file, name, _unknown(name))
    if not isinstance(raw.content, dict):
        raise AssumptionError(raw.file, name, f"value {raw.content!r} must be a mapping with description, unit, status, reference and values")
    try:
        entry = Entry(**raw.content)
    except ValidationError as error:
        loc = error.errors(include_url=False)[0]["loc"]
        _raise_validation(error, raw.blame(*[str(part) for part in loc[:1]]), prefix=name)
    if entry.unit != spec.unit:
        raise AssumptionError(raw.blame("unit"), f"{name}.unit", f"value {entry.unit!r} does not match the unit of {name}, which is {spec.unit!r}")
    if entry.status == "assumed" and not entry.reason:
        raise AssumptionError(raw.blame("reason"), f"{name}.reason", "status 'assumed' needs a 'reason'")
    if entry.status != "assumed" and not entry.reference:
        raise AssumptionError(raw.blame("reference"), f"{name}.reference", f"status {entry.status!r} needs at least one reference")
    allowed = {"path": "values", "scalar": "value", "choice": "value", "table": "table"}[spec.kind]
    for key in {"values", "value", "table"} - {allowed}:
        if getattr(entry, key) is not None:
            raise AssumptionError(raw.blame(key), f"{name}.{key}", f"{name} is a {spec.kind}; give '{allowed}', not '{key}'")
    files = [raw.file] + ([raw.override_file] if raw.override_file and raw.override_file != raw.file else [])
    data, choice = None, None
    if spec.kind == "path":
        data = _expand_path(name, raw, entry, spec, info)
    elif spec.kind == "table":
        data, table_path = _read_table(name, raw, entry, spec, info)
        files.append(table_path)
    elif spec.kind == "scalar":
        if not isinstance(entry.value, float):
            raise AssumptionError(raw.blame("value"), f"{name}.value", f"value {entry.value!r} must be a number")
        _check_values(np.array([entry.value]), spec, raw.blame("value"), f"{name}.value", [""])
        if spec.unit == "calendar_year" and not info.base_year <= entry.value <= info.end_year:
            raise AssumptionError(raw.blame("value"), f"{name}.value", f"value {entry.value!r} is outside the horizon {info.base_year}..{info.end_year}")
        data = xr.DataArray(entry.value, name=name)
    else:
        if entry.value not in spec.choices:
            raise AssumptionError(raw.blame("value"), f"{name}.value", f"value {entry.value!r} must be one of {list(spec.choices)}")
        choice = entry.value
    if data is not None:
        data.attrs.update(units=spec.unit, long_name=entry.description)
        data.values.flags.writeable = False
    return Assumption(
        name=name, description=entry.description, unit=entry.unit, status=entry.status, reason=entry.reason,
        references=tuple(entry.reference), files=tuple(str(f) for f in files), data=data, choice=choice,
    )


def _finalise(info: SetInfo, entries: dict[str, _RawEntry], scenario: str, end_year: int, origin: Path) -> AssumptionSet:
    built: dict[str, Assumption] = {}
    hasher = hashlib.sha256()
    sources: set[Path] = set()
    for name in sorted(entries):
        assumption = _build(name, entries[name], info)
        if assumption.data is not None and "year" in assumption.data.dims:
            assumption = _slice(assumption, end_year)
        built[name] = assumption
        hasher.update(json.dumps({name: entries[name].content}, sort_keys=True, default=str).encode())
        for file in assumption.files:
            if file.endswith(".csv"):
                hasher.update(Path(file).read_bytes())
        sources.update(assumption.files)
    missing = [name for name, spec in REGISTRY.items() if spec.required and name not in built]
    if missing:
        raise AssumptionError(origin, missing[0], "required assumption is missing from the set")
    hasher.update(f"{info.base_year}-{end_year}".encode())
    return AssumptionSet(
        name=info.name, scenario=scenario, description=info.description, base_year=info.base_year,
        end_year=end_year, digest=hasher.hexdigest(), sources=tuple(sorted(str(s) for s in sources)),
        items=MappingProxyType(built), schemes=tuple(info.schemes),
    )


def _slice(assumption: Assumption, end_year: int) -> Assumption:
    data = assumption.data.sel(year=slice(None, end_year)).copy()
    data.values.flags.writeable = False
    return Assumption(**{**assumption.__dict__, "data": data})


def replace_data(assumptions: AssumptionSet, changes: Mapping[str, xr.DataArray], *, label: str) -> AssumptionSet:
    """A new frozen set with the values of some assumptions replaced (for options and studies).

    ``changes`` maps registered names to arrays with the dims of the original
    (any registered name may be added, e.g. an optional adjustment); the
    digest covers the change, ``label`` says what made it.
    """
    items = dict(assumptions.items)
    hasher = hashlib.sha256(assumptions.digest.encode())
    for name, data in changes.items():
        spec = REGISTRY.get(name)
        if spec is None:
            raise AssumptionError(label, name, _unknown(name))
        data = data.copy()
        _check_values(np.asarray(data.values, dtype=float).ravel(), spec, label, name, _LazyLabels([()] * data.size, ()))
        data.values.flags.writeable = False
        data.attrs.update(units=spec.unit)
        previous = items.get(name)
        items[name] = Assumption(
            name=name, description=previous.description if previous else name, unit=spec.unit, status="assumed",
            reason=f"set by {label}", references=(), files=(label,), data=data,
        )
        hasher.update(name.encode() + np.ascontiguousarray(data.values, dtype=float).tobytes())
    return AssumptionSet(
        name=assumptions.name, scenario=assumptions.scenario, description=assumptions.description,
        base_year=assumptions.base_year, end_year=assumptions.end_year, digest=hasher.hexdigest(),
        sources=assumptions.sources, items=MappingProxyType(items), schemes=assumptions.schemes,
        financing=assumptions.financing,
    )


def load_assumption_set(folder: str | Path) -> AssumptionSet:
    """Load and validate the assumption set in ``folder``."""
    folder = Path(folder)
    info, entries = _read_set(folder)
    return _finalise(info, entries, scenario=info.name, end_year=info.end_year, origin=folder / SET_FILE)


def load_scenario(path: str | Path) -> AssumptionSet:
    """Load a scenario file: its base assumption set with the overrides deep-merged in."""
    path = Path(path)
    try:
        scenario = ScenarioFile(**_read_yaml(path))
    except ValidationError as error:
        _raise_validation(error, path)
    folder = (path.parent / scenario.scenario.assumptions).resolve()
    if not (folder / SET_FILE).is_file():
        raise AssumptionError(path, "scenario.assumptions", f"value {scenario.scenario.assumptions!r}: no assumption set ({SET_FILE}) at {folder}")
    info, entries = _read_set(folder)
    end_year = scenario.scenario.end_year or info.end_year
    if not info.base_year < end_year <= info.end_year:
        raise AssumptionError(path, "scenario.end_year", f"value {end_year} is outside the horizon of set {info.name!r}: {info.base_year + 1}..{info.end_year}")
    for name, override in scenario.overrides.items():
        if name not in REGISTRY:
            raise AssumptionError(path, f"overrides.{name}", _unknown(name))
        raw = entries.get(name) or _RawEntry(content={}, file=path)
        raw.content = deep_merge(raw.content, override) if raw.file != path else override
        raw.override, raw.override_file = override, path
        entries[name] = raw
    assumptions = _finalise(info, entries, scenario=scenario.scenario.name, end_year=end_year, origin=path)
    if not scenario.financing:
        return assumptions
    from actuarial.config.financing import check_option_years, parse_options  # noqa: PLC0415  (it imports this module)

    options = parse_options(scenario.financing, file=str(path), section="financing")
    check_option_years(options, assumptions.years, file=str(path), section="financing")
    digest = hashlib.sha256((assumptions.digest + json.dumps(scenario.financing, sort_keys=True, default=str)).encode())
    return dataclasses.replace(assumptions, financing=MappingProxyType(options), digest=digest.hexdigest())
