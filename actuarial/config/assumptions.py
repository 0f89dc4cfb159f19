"""The frozen results of loading: one :class:`Assumption`, the :class:`AssumptionSet`, and
:func:`replace_data` (a new set with some values replaced, for options and studies)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np
import xarray as xr

from actuarial.config.errors import AssumptionError
from actuarial.config.registry import REGISTRY, unknown_assumption
from actuarial.config.schema import Range, Reference
from actuarial.config.tables import LazyLabels, check_values


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
    range: Range | None = None


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

    def __reduce__(self):
        """Pickle the read-only mappings as plain dicts (a set travels to dask workers); rebuilt read-only."""
        fields = {**self.__dict__, "items": dict(self.items), "financing": dict(self.financing)}
        return _rebuild_set, (fields,)

    def __contains__(self, name: object) -> bool:
        return name in self.items

    def data(self, name: str) -> xr.DataArray:
        """The values of assumption ``name`` (read-only)."""
        return self.items[name].data

    @property
    def paths(self) -> np.ndarray | None:
        """The path labels of a stacked set (the leading ``path`` dim its varying entries carry); ``None`` for an
        ordinary set."""
        return next((item.data["path"].values for item in self.items.values()
                     if item.data is not None and "path" in item.data.dims), None)

    @property
    def n_paths(self) -> int:
        """Paths of a stacked set (:attr:`paths`); 1 for an ordinary set."""
        paths = self.paths
        return 1 if paths is None else paths.size

    def scalar(self, name: str) -> float:
        """The value of the scalar assumption ``name`` (an error where it varies by path: :meth:`per_path`)."""
        data = self.items[name].data
        if "path" in data.dims:
            raise ValueError(f"{name} varies by path; read it with per_path")
        return float(data)

    def per_path(self, name: str) -> np.ndarray:
        """The scalar ``name`` on every path, shape (:attr:`n_paths`,) (the same value repeated where it does not
        vary)."""
        data = self.items[name].data
        return np.broadcast_to(np.asarray(data.values, dtype=float), (self.n_paths,)).copy()

    def path(self, name: str, years) -> np.ndarray:
        """The time path ``name`` over ``years``, as a new float array.

        A path holds one value per projection year (base year + 1 .. end
        year).  A year before the first projection year (the base year, or
        earlier) takes the first projection year's value: the rule every stage
        uses for the base year.  Index arithmetic on the stored array (no
        alignment), so it is cheap enough for inner loops.

        Raises
        ------
        ValueError
            When ``name`` is not a time path over consecutive years, or a year
            of ``years`` lies after the last year of the path.
        """
        data = self.items[name].data
        if data is None or data.dims not in (("year",), ("path", "year")):
            raise ValueError(f"{name} is not a time path over year")
        path_years = data.indexes["year"]
        first, last = int(path_years[0]), int(path_years[-1])
        if last - first + 1 != len(path_years):
            raise ValueError(f"{name} does not cover consecutive years")
        years = np.asarray(years, dtype=np.int64)
        if years.size and years.max() > last:
            raise ValueError(f"{name} has no value for year {int(years.max())}; its last year is {last}")
        return np.asarray(data.values, dtype=float)[..., np.maximum(years - first, 0)]


def _rebuild_set(fields: dict) -> AssumptionSet:
    return AssumptionSet(**{**fields, "items": MappingProxyType(fields["items"]),
                            "financing": MappingProxyType(fields["financing"])})


def replace_data(assumptions: AssumptionSet, changes: Mapping[str, xr.DataArray], *, label: str) -> AssumptionSet:
    """A new frozen set with the values of some assumptions replaced (for options and studies).

    ``changes`` maps registered names to arrays with the dims of the original
    (any registered name may be added, e.g. an optional adjustment); the
    digest covers the change, ``label`` says what made it.
    """
    items = dict(assumptions.items)
    hasher = hashlib.sha256(assumptions.digest.encode())
    if assumptions.n_paths > 1 and any("path" in data.dims for data in changes.values()):
        raise ValueError(f"{label}: a stacked set's entries are replaced path by path, before they are stacked")
    for name, data in changes.items():
        spec = REGISTRY.get(name)
        if spec is None:
            raise AssumptionError(label, name, unknown_assumption(name))
        data = data.copy()
        check_values(np.asarray(data.values, dtype=float).ravel(), spec, label, name, LazyLabels([()] * data.size, ()))
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


__all__ = ["Assumption", "AssumptionSet", "replace_data"]
