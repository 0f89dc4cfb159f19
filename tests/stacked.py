"""A chunk of drawn paths run two ways, for the tests of the path axis (issue 14 item 2).

:func:`stacked_case` draws a few paths of the baseline, runs each path's own set through
:func:`actuarial.model.run_model`, and takes the chunk's stacked set as the stochastic engine builds it
(:func:`actuarial.simulation.shocks.chunk_assumptions`) and the projections concatenated along ``path``.
:func:`stack_sets` stacks any sets of the same entries, for a test's own variants.  :func:`assert_scheme_stacks`
runs one scheme once on the stacked set and projection and checks every output and fund flow against the
path-by-path runs, bit for bit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from functools import lru_cache
from types import MappingProxyType
from typing import Sequence

import numpy as np
import xarray as xr

from actuarial import load_scenario
from actuarial.config import AssumptionSet
from actuarial.config.assumptions import Assumption
from actuarial.demography.projection import demographic_inputs
from actuarial.model import run_model
from actuarial.paths import DEFAULT_SCENARIO
from actuarial.schemes import SCHEMES
from actuarial.schemes.protocol import Upstream
from actuarial.simulation.shocks import chunk_assumptions, path_sets


@dataclass(frozen=True)
class StackedCase:
    sets: tuple[AssumptionSet, ...]        # each path's own set
    stacked: AssumptionSet                 # the same, stacked along path
    projections: tuple[xr.Dataset, ...]    # each path's deterministic-code run
    projection: xr.Dataset                 # the same, concatenated along path (path first)
    survival: np.ndarray                   # (path, year, sex, age)

    def upstream(self, index: int | None = None) -> Upstream:
        """The stacked upstream (``index`` None) or path ``index``'s own."""
        if index is None:
            return Upstream(projection=self.projection, survival=self.survival)
        return Upstream(projection=self.projections[index], survival=self.survival[index:index + 1])


def stack_sets(sets: Sequence[AssumptionSet]) -> AssumptionSet:
    """One set for any sets of the same entries (a test's own variants): an entry the sets share is kept once;
    an entry whose values differ between them is stacked along a new leading ``path`` dim, path ``i`` holding
    ``sets[i]``'s values, as :func:`actuarial.simulation.shocks.chunk_assumptions` stacks drawn paths."""
    first = sets[0]
    if any(s.items.keys() != first.items.keys() or s.base_year != first.base_year or s.end_year != first.end_year
           or s.schemes != first.schemes for s in sets):
        raise ValueError("stacked sets must have the same entries, years and schemes")
    items = dict(first.items)
    for name, item in first.items.items():
        others = [s.items[name] for s in sets]
        if item.data is None or all(other is item or other.data.equals(item.data) for other in others):
            continue
        data = xr.concat([other.data for other in others], dim="path", coords="minimal", compat="override")
        data.values.flags.writeable = False
        items[name] = Assumption(**{**item.__dict__, "data": data, "reason": f"stacked over {len(sets)} paths"})
    hasher = hashlib.sha256(b"stacked")
    for s in sets:
        hasher.update(s.digest.encode())
    return AssumptionSet(
        name=first.name, scenario=first.scenario, description=first.description, base_year=first.base_year,
        end_year=first.end_year, digest=hasher.hexdigest(), sources=first.sources, items=MappingProxyType(items),
        schemes=first.schemes, financing=first.financing)


@lru_cache(maxsize=None)
def stacked_case(n_paths: int = 3, seed: int = 11) -> StackedCase:
    assumptions = load_scenario(DEFAULT_SCENARIO)
    sets = tuple(s for _, s in path_sets(assumptions, seed=seed, paths=range(n_paths)))
    projections = tuple(run_model(s) for s in sets)
    projection = xr.concat(projections, dim="path", combine_attrs="override").transpose("path", ...)
    survival = np.concatenate([demographic_inputs(s).survival for s in sets])
    stacked = chunk_assumptions(assumptions, seed=seed, paths=range(n_paths))
    return StackedCase(sets, stacked, projections, projection, survival)


def _same(stacked, single, where: str, index: int) -> None:
    stacked, single = np.asarray(stacked), np.asarray(single)
    if stacked.ndim and stacked.ndim == single.ndim + 1:
        stacked = stacked[index]
    assert stacked.shape == single.shape, f"{where}: shape {stacked.shape} against {single.shape}"
    if stacked.dtype.kind == "f" or single.dtype.kind == "f":
        ok = np.array_equal(stacked, single, equal_nan=True)
    else:
        ok = np.array_equal(stacked, single)
    assert ok, f"{where}, path {index}: not bit-identical (max abs diff {np.nanmax(np.abs(stacked - single))})"


def assert_scheme_stacks(name: str, case: StackedCase | None = None) -> None:
    """Scheme ``name`` run once on the stacked set gives each path's own run, bit for bit: every output
    (``path`` first where it varies) and every field of every fund's flows and base year."""
    case = case or stacked_case()
    scheme = SCHEMES[name]
    together = scheme.run(case.stacked, case.upstream())
    for index, single_set in enumerate(case.sets):
        alone = scheme.run(single_set, case.upstream(index))
        assert "path" not in alone.outputs.dims
        assert set(together.outputs.data_vars) == set(alone.outputs.data_vars)
        for var in alone.outputs.data_vars:
            got = together.outputs[var]
            if "path" in got.dims:
                assert got.dims[0] == "path", f"{name}.{var}: path is not the first dim ({got.dims})"
                got = got.isel(path=index)
            assert got.dims == alone.outputs[var].dims, f"{name}.{var}: dims {got.dims} vs {alone.outputs[var].dims}"
            _same(got.values, alone.outputs[var].values, f"{name}.{var}", index)
        assert len(together.funds) == len(alone.funds)
        for flows, own in zip(together.funds, alone.funds):
            for field in fields(own):
                value, expected = getattr(flows, field.name), getattr(own, field.name)
                if field.name == "base":
                    for inner in fields(expected):
                        _same(getattr(value, inner.name) if getattr(value, inner.name) is not None else np.nan,
                              getattr(expected, inner.name) if getattr(expected, inner.name) is not None else np.nan,
                              f"{name} {own.fund} base.{inner.name}", index)
                elif isinstance(expected, (np.ndarray, float, int)) or np.isscalar(expected):
                    _same(value, expected, f"{name} {own.fund} {field.name}", index)
                else:
                    assert value == expected, f"{name} {own.fund} {field.name}: {value!r} vs {expected!r}"
        for key, value in alone.base_year.items():
            _same(together.base_year[key], value, f"{name} base_year {key}", index)
