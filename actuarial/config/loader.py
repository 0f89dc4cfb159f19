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

The pieces: :mod:`~actuarial.config.yaml_io` (YAML reading, pydantic errors),
:mod:`~actuarial.config.schema` (what the files may contain),
:mod:`~actuarial.config.tables` (CSV tables and value rules),
:mod:`~actuarial.config.assumptions` (the frozen results).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np
import xarray as xr
from pydantic import ValidationError

from actuarial.config.assumptions import Assumption, AssumptionSet
from actuarial.config.errors import AssumptionError
from actuarial.config.registry import REGISTRY, Spec, unknown_assumption
from actuarial.config.schema import FIRST_YEAR, SET_FILE, Entry, Range, ScenarioFile, SetInfo
from actuarial.config.tables import check_values, read_table
from actuarial.config.yaml_io import raise_validation, read_yaml, shown
from actuarial.dims import SCHEME_REQUIRES


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
        info = SetInfo(**read_yaml(set_path))
    except ValidationError as error:
        raise_validation(error, set_path)
    if info.end_year <= info.base_year:
        raise AssumptionError(set_path, "end_year", f"value {info.end_year} must be after base_year {info.base_year}")
    for position, scheme in enumerate(info.schemes):
        missing = [needed for needed in SCHEME_REQUIRES.get(scheme, ()) if needed not in info.schemes[:position]]
        if missing:
            raise AssumptionError(set_path, f"schemes.{position}", f"value {shown(scheme)} builds on {shown(missing[0])}, "
                                  "which must be listed before it")
    entries: dict[str, _RawEntry] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == SET_FILE:
            continue
        for name, content in read_yaml(path).items():
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


def _expand_path(name: str, raw: _RawEntry, entry: Entry, spec: Spec, info: SetInfo) -> xr.DataArray:
    """A path given by year (a step function: each value holds until the next) as one value per projection year."""
    if not entry.values:
        raise AssumptionError(raw.blame("values"), f"{name}.values", "a time path needs 'values' keyed by year")
    first_needed = info.base_year + 1
    for year, value in entry.values.items():
        file = raw.blame("values", year)
        if year > info.end_year:
            raise AssumptionError(file, f"{name}.values.{year}", f"year {year} is after the end of the horizon, {info.end_year}")
        if year < FIRST_YEAR:
            raise AssumptionError(file, f"{name}.values.{year}", f"year {year} is before {FIRST_YEAR}")
        check_values(np.array([float(value)]), spec, file, f"{name}.values.{year}", [""])
    if min(entry.values) > first_needed:
        raise AssumptionError(raw.blame("values"), f"{name}.values", f"first year {min(entry.values)} is after {first_needed}; the path must cover every projection year")
    years = np.arange(first_needed, info.end_year + 1)
    keys = np.array(sorted(entry.values))
    picked = keys[np.searchsorted(keys, years, side="right") - 1]
    return xr.DataArray([float(entry.values[int(k)]) for k in picked], coords={"year": years}, dims="year", name=name)


def _build(name: str, raw: _RawEntry, info: SetInfo) -> Assumption:
    spec = REGISTRY.get(name)
    if spec is None:
        raise AssumptionError(raw.file, name, unknown_assumption(name))
    if not isinstance(raw.content, dict):
        raise AssumptionError(raw.file, name, f"value {shown(raw.content)} must be a mapping with description, unit, status, reference and values")
    try:
        entry = Entry(**raw.content)
    except ValidationError as error:
        loc = error.errors(include_url=False)[0]["loc"]
        raise_validation(error, raw.blame(*[str(part) for part in loc[:1]]), prefix=name)
    if entry.unit != spec.unit:
        raise AssumptionError(raw.blame("unit"), f"{name}.unit", f"value {shown(entry.unit)} does not match the unit of {name}, which is {shown(spec.unit)}")
    if entry.status == "assumed" and not entry.reason:
        raise AssumptionError(raw.blame("reason"), f"{name}.reason", "status 'assumed' needs a 'reason'")
    if entry.status != "assumed" and not entry.reference:
        raise AssumptionError(raw.blame("reference"), f"{name}.reference", f"status {shown(entry.status)} needs at least one reference")
    allowed = {"path": "values", "scalar": "value", "choice": "value", "table": "table"}[spec.kind]
    for key in {"values", "value", "table"} - {allowed}:
        if getattr(entry, key) is not None:
            raise AssumptionError(raw.blame(key), f"{name}.{key}", f"{name} is a {spec.kind}; give '{allowed}', not '{key}'")
    files = [raw.file] + ([raw.override_file] if raw.override_file and raw.override_file != raw.file else [])
    data, choice = None, None
    if spec.kind == "path":
        data = _expand_path(name, raw, entry, spec, info)
    elif spec.kind == "table":
        data, table_path = read_table(name, entry.table, spec, info, raw.blame)
        files.append(table_path)
    elif spec.kind == "scalar":
        if not isinstance(entry.value, float):
            raise AssumptionError(raw.blame("value"), f"{name}.value", f"value {shown(entry.value)} must be a number")
        check_values(np.array([entry.value]), spec, raw.blame("value"), f"{name}.value", [""])
        if spec.unit == "calendar_year" and not info.base_year <= entry.value <= info.end_year:
            raise AssumptionError(raw.blame("value"), f"{name}.value", f"value {shown(entry.value)} is outside the horizon {info.base_year}..{info.end_year}")
        data = xr.DataArray(entry.value, name=name)
    else:
        if entry.value not in spec.choices:
            raise AssumptionError(raw.blame("value"), f"{name}.value", f"value {shown(entry.value)} must be one of {list(spec.choices)}")
        choice = entry.value
    if data is not None:
        data.attrs.update(units=spec.unit, long_name=entry.description)
        data.values.flags.writeable = False
    if entry.range is not None:
        _check_range(name, entry.range, spec, raw)
    return Assumption(
        name=name, description=entry.description, unit=entry.unit, status=entry.status, reason=entry.reason,
        references=tuple(entry.reference), files=tuple(str(f) for f in files), data=data, choice=choice,
        range=entry.range,
    )


def _check_range(name: str, span: Range, spec: Spec, raw: _RawEntry) -> None:
    """A declared range: its why, a kind that fits the assumption, labels of a choice or numbers, low < high
    for values (and within the bounds)."""
    where = f"{name}.range"
    if not span.reason and not span.reference:
        raise AssumptionError(raw.blame("range"), where, "a range needs a 'reason' or a 'reference'")
    if spec.kind in ("scalar", "choice") and span.kind != "value":
        raise AssumptionError(raw.blame("range", "kind"), f"{where}.kind", f"value {shown(span.kind)}: a {spec.kind} "
                              "takes kind 'value'")
    if spec.kind in ("path", "table") and span.kind == "value":
        raise AssumptionError(raw.blame("range", "kind"), f"{where}.kind", f"a {spec.kind} takes kind 'scale' or "
                              "'shift', not 'value'")
    for side in ("low", "high"):
        value = getattr(span, side)
        if spec.kind == "choice":
            if value not in spec.choices:
                raise AssumptionError(raw.blame("range", side), f"{where}.{side}", f"value {shown(value)} must be one "
                                      f"of {list(spec.choices)}")
        elif not isinstance(value, float):
            raise AssumptionError(raw.blame("range", side), f"{where}.{side}", f"value {shown(value)} must be a number")
    if spec.kind == "scalar":
        check_values(np.array([span.low, span.high]), spec, raw.blame("range"), where, ["low", "high"])
    if spec.kind != "choice" and not span.low < span.high:
        raise AssumptionError(raw.blame("range"), where, f"low {shown(span.low)} must be below high {shown(span.high)}")


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
    _check_order(built, entries)
    hasher.update(f"{info.base_year}-{end_year}".encode())
    return AssumptionSet(
        name=info.name, scenario=scenario, description=info.description, base_year=info.base_year,
        end_year=end_year, digest=hasher.hexdigest(), sources=tuple(sorted(str(s) for s in sources)),
        items=MappingProxyType(built), schemes=tuple(info.schemes),
    )


def _check_order(built: dict[str, Assumption], entries: dict[str, _RawEntry]) -> None:
    """Scalars declared ``at_most`` another must not exceed it (both present)."""
    for name, assumption in built.items():
        ceiling = REGISTRY[name].at_most
        if ceiling is None or ceiling not in built:
            continue
        value, limit = float(assumption.data), float(built[ceiling].data)
        if value > limit:
            raise AssumptionError(entries[name].blame("value"), f"{name}.value",
                                  f"value {shown(value)} exceeds {ceiling} ({shown(limit)}), of which it is a part; it must not exceed it")


def _slice(assumption: Assumption, end_year: int) -> Assumption:
    data = assumption.data.sel(year=slice(None, end_year)).copy()
    data.values.flags.writeable = False
    return Assumption(**{**assumption.__dict__, "data": data})


def load_assumption_set(folder: str | Path) -> AssumptionSet:
    """Load and validate the assumption set in ``folder``."""
    folder = Path(folder)
    info, entries = _read_set(folder)
    return _finalise(info, entries, scenario=info.name, end_year=info.end_year, origin=folder / SET_FILE)


MERGE_VALUES = "merge_values"
"""Key of an override entry asking to merge its ``values`` into the base path year by year."""


def _overridden(base: dict, override: dict, *, path: Path, name: str) -> tuple[dict, dict]:
    """The entry ``name`` with a scenario's ``override`` applied, and the override as given (for blame).

    Fields merge into the base entry key by key (``deep_merge``), except a time path's ``values``: they
    **replace** the base path, so that what the scenario writes is what runs (``values: {2025: 0.0}`` is
    zero in every year).  ``merge_values: true`` in the override merges them year by year instead: the
    base path's keys stay and the scenario's keys are added or replace those of the same year.
    """
    merge = override.get(MERGE_VALUES, False)
    if not isinstance(merge, bool):
        raise AssumptionError(path, f"overrides.{name}.{MERGE_VALUES}", f"value {shown(merge)} must be true or false")
    given = {key: value for key, value in override.items() if key != MERGE_VALUES}
    if merge and "values" not in given:
        raise AssumptionError(path, f"overrides.{name}.{MERGE_VALUES}", "applies to a 'values' override, and this "
                              "override has none")
    kept = base if merge else {key: value for key, value in base.items() if key != "values" or "values" not in given}
    return deep_merge(kept, given), given


def load_scenario(path: str | Path) -> AssumptionSet:
    """Load a scenario file: its base assumption set with the overrides applied (:func:`_overridden`:
    fields merge key by key; a time path's ``values`` replace the base path unless ``merge_values: true``)."""
    path = Path(path)
    try:
        scenario = ScenarioFile(**read_yaml(path))
    except ValidationError as error:
        raise_validation(error, path)
    folder = (path.parent / scenario.scenario.assumptions).resolve()
    if not (folder / SET_FILE).is_file():
        raise AssumptionError(path, "scenario.assumptions", f"value {shown(scenario.scenario.assumptions)}: no assumption set ({SET_FILE}) at {folder}")
    info, entries = _read_set(folder)
    end_year = scenario.scenario.end_year or info.end_year
    if not info.base_year < end_year <= info.end_year:
        raise AssumptionError(path, "scenario.end_year", f"value {end_year} is outside the horizon of set {shown(info.name)}: {info.base_year + 1}..{info.end_year}")
    for name, override in scenario.overrides.items():
        if name not in REGISTRY:
            raise AssumptionError(path, f"overrides.{name}", unknown_assumption(name))
        raw = entries.get(name) or _RawEntry(content={}, file=path)
        content, given = _overridden(raw.content if raw.file != path else {}, override, path=path, name=name)
        raw.content, raw.override, raw.override_file = content, given, path
        entries[name] = raw
    assumptions = _finalise(info, entries, scenario=scenario.scenario.name, end_year=end_year, origin=path)
    if not scenario.financing:
        return assumptions
    from actuarial.config.financing import check_option_years, parse_options  # noqa: PLC0415  (it imports this package)

    options = parse_options(scenario.financing, file=str(path), section="financing")
    check_option_years(options, assumptions.years, file=str(path), section="financing")
    digest = hashlib.sha256((assumptions.digest + json.dumps(scenario.financing, sort_keys=True, default=str)).encode())
    return dataclasses.replace(assumptions, financing=MappingProxyType(options), digest=digest.hexdigest())


__all__ = ["deep_merge", "load_assumption_set", "load_scenario"]
