"""The contract every scheme module implements.

A scheme declares the assumptions it reads, builds a typed, frozen parameters
object from the set, and projects ``(parameters, upstream) -> SchemeResult``:
its members and flows by year (labelled, base year included), the funds it
feeds (:class:`actuarial.funds.record.FundFlows`, rolled forward by the fund
stage of :func:`actuarial.model.run_model`, where financing options enter) and
the base-year quantities it solved from published figures.  ``set.yaml`` names
the schemes a set runs; :data:`actuarial.schemes.SCHEMES` registers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Mapping

import numpy as np
import xarray as xr

from actuarial.config import Assumption, AssumptionSet
from actuarial.dims import EMPLOYED_STATUSES, plain, same_on_every_path, unstack
from actuarial.funds.record import FundFlows


@dataclass(frozen=True)
class Upstream:
    """What a scheme receives from the stages before it.

    Attributes
    ----------
    projection : the labelled projection so far (demography, labour, wages and GDP, earlier
        schemes and their funds), over ``year`` from the base year.
    survival : (path, projection year, sex, age) cohort-component survival ratios of the demography (one path
        in a deterministic run).
    """

    projection: xr.Dataset
    survival: np.ndarray

    @property
    def paths(self) -> np.ndarray | None:
        """The path labels of a stacked run; ``None`` in a deterministic run (for :func:`unstack`, :func:`labelled`)."""
        return self.projection["path"].values if self.stacked else None

    @property
    def stacked(self) -> bool:
        """Whether the projection carries a ``path`` dim (a chunk of stochastic paths): the scheme's outputs
        then carry it too, first; a deterministic run's outputs have none."""
        return "path" in self.projection.dims


@dataclass(frozen=True)
class SchemeResult:
    """A scheme's projection.

    Attributes
    ----------
    outputs : members, contributions, benefits and other scheme variables over ``year``
        (base year included), registered in :mod:`actuarial.variables`.
    funds : the funds the scheme feeds, with their flows over the projection years.
    base_year : the quantities solved from the base year's published figures (name -> value),
        written to the dataset attrs as ``{scheme}.{name}``.
    """

    outputs: xr.Dataset
    funds: tuple[FundFlows, ...]
    base_year: Mapping[str, float]


@dataclass(frozen=True)
class Scheme:
    """A scheme module's entry points.

    Attributes
    ----------
    name : the scheme's name (:data:`actuarial.dims.SCHEMES`).
    assumptions : every assumption the scheme reads (the parameters see only these).
    parameters : ``AssumptionSet -> parameters`` (a frozen dataclass of plain arrays and numbers).
    project : ``(parameters, Upstream) -> SchemeResult``.
    """

    name: str
    assumptions: tuple[str, ...]
    parameters: Callable[["DeclaredAssumptions"], Any]
    project: Callable[[Any, Upstream], SchemeResult]

    def read(self, assumptions: AssumptionSet):
        """The scheme's parameters from the assumptions it declared."""
        return self.parameters(DeclaredAssumptions(assumptions, self))

    def run(self, assumptions: AssumptionSet, upstream: Upstream) -> SchemeResult:
        """Parameters from the declared assumptions, then the projection."""
        return self.project(self.read(assumptions), upstream)


class DeclaredAssumptions:
    """A view of an assumption set that lets a scheme read only what it declared.

    Reading an undeclared name raises ``KeyError`` naming the scheme, so the
    declaration cannot fall out of date.  ``in`` answers for declared names
    (optional assumptions may be absent from the set).
    """

    def __init__(self, assumptions: AssumptionSet, scheme: Scheme):
        self._assumptions, self._scheme, self._declared = assumptions, scheme, frozenset(scheme.assumptions)

    def _check(self, name: str) -> str:
        if name not in self._declared:
            raise KeyError(f"scheme {self._scheme.name!r} reads {name!r} without declaring it")
        return name

    def __contains__(self, name: str) -> bool:
        return self._check(name) in self._assumptions

    def __getitem__(self, name: str):
        return self._assumptions[self._check(name)]

    def data(self, name: str) -> xr.DataArray:
        return self._assumptions.data(self._check(name))

    def scalar(self, name: str) -> float:
        return self._assumptions.scalar(self._check(name))

    def path(self, name: str, years: np.ndarray) -> np.ndarray:
        return self._assumptions.path(self._check(name), years)

    def fields(self, *, scalars: Mapping[str, str] = MappingProxyType({}),
               paths: Mapping[str, str] = MappingProxyType({})) -> dict:
        """Parameter fields from assumption names: ``{field: scalar}`` for ``scalars`` and
        ``{field: path over the base and projection years}`` for ``paths`` (both ``field -> name``)."""
        years = self.run_years
        return {**{field: self.scalar(name) for field, name in scalars.items()},
                **{field: self.path(name, years) for field, name in paths.items()}}

    def sources(self, names) -> Mapping[str, Assumption]:
        """The assumptions ``names`` themselves (read-only), for calibration errors naming their files."""
        return MappingProxyType({name: self[name] for name in names})

    @property
    def base_year(self) -> int:
        return self._assumptions.base_year

    @property
    def years(self) -> np.ndarray:
        """Projection years (base year + 1 .. end)."""
        return self._assumptions.years

    @property
    def run_years(self) -> np.ndarray:
        """The base year and the projection years."""
        return np.arange(self._assumptions.base_year, self._assumptions.end_year + 1)


def working_before_retirement(employment: xr.DataArray, past_retirement: xr.DataArray) -> np.ndarray:
    """Employed persons not past their own retirement age, (path, year, sex, age, employed status) in
    :data:`actuarial.dims.EMPLOYED_STATUSES` order: the labour stage's ``employment`` less
    ``employment_past_retirement``, floored at 0.  The members every employment-linked scheme counts."""
    order, statuses = ("year", "sex", "age", "status"), list(EMPLOYED_STATUSES)
    return np.clip(plain(employment.sel(status=statuses), *order)
                   - plain(past_retirement.sel(status=statuses), *order), 0.0, None)


def once_or_per_path(solve: Callable, *inputs: np.ndarray) -> list:
    """``solve`` on one path's ``inputs`` (each (path, ...)): once (a list of one) where every input is the same on
    every path (a base-year calibration: the base year is not shocked), else path by path (a list over paths)."""
    n_paths = max(len(values) for values in inputs)
    return [solve(*(values[k % len(values)] for values in inputs))
            for k in range(1 if same_on_every_path(*inputs) else n_paths)]


def collapsed(values: np.ndarray) -> np.ndarray | float:
    """(path, ...) values as handed on where they need not vary: the path axis dropped where every path holds the
    same (always in a deterministic run), a single number then a float; else unchanged."""
    values = np.asarray(values)
    if len(values) > 1 and not same_on_every_path(values):
        return values
    return unstack(values, None)


def labelled(values: np.ndarray, paths: np.ndarray | None, **coords) -> xr.DataArray:
    """A result computed with a leading path axis as a labelled array over ``coords`` (its dims, in that order):
    ``path`` first, labelled ``paths``, in a stacked run; no ``path`` dim in a deterministic run (``paths``
    None)."""
    lead = {} if paths is None else {"path": paths}
    return xr.DataArray(unstack(values, paths), coords={**lead, **coords}, dims=(*lead, *coords))


__all__ = ["DeclaredAssumptions", "Scheme", "SchemeResult", "Upstream", "collapsed", "labelled", "once_or_per_path",
           "plain", "same_on_every_path", "unstack", "working_before_retirement"]
