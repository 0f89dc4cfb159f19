"""Drawn paths as assumption sets: the stochastic layer's draws applied to the deterministic assumptions, one
path's set or a chunk's stacked set.

A path's set is the deterministic set with these entries replaced (:func:`path_assumptions`):

* ``mortality``: the death rates times ``exp(b_x (k^p - k^median))`` (Lee-Carter,
  :func:`actuarial.stochastic.mortality_paths`);
* ``fertility``: every variant's age-specific rates times the path's total-fertility ratio;
* ``migration``: plus the path's net-migration shift spread over sex and age like the base population aged
  :data:`actuarial.demography.stochastic.MIGRANT_AGES`;
* ``productivity_growth`` and ``inflation``: plus the path's shifts;
* ``unemployment_rate_deviation``: the path's deviation of the aggregate unemployment rate (0 in the base
  year; :func:`actuarial.labour.market.unemployment_factor`);
* each shocked fund's return path (:data:`RETURN_ASSUMPTION`): plus the path's return shift;
* ``ai_adoption_ceiling``, ``ai_adoption_speed``, ``ai_adoption_midpoint``: the path's drawn values.

A zero draw (``draw_paths(..., zero=True)``) multiplies by exactly 1 and adds exactly 0, so its set holds
the deterministic values bit for bit and the run is the deterministic run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np
import xarray as xr

from actuarial.config.assumptions import AssumptionSet, replace_data
from actuarial.demography.stochastic import migration_profile
from actuarial.dims import SEXES
from actuarial.stochastic import StochasticParameters, draw_paths, mortality_paths
from actuarial.stochastic.draws import AI_PARAMETERS, SHOCKED_FUNDS

RETURN_ASSUMPTION = {
    "pension_employee": "pension_fund_return",
    "pension_resident": "resident_fund_return",
    "medical_employee": "medical_fund_return",
    "medical_resident": "resident_medical_fund_return",
}
"""The return path each shocked fund's drawn shift is added to."""
assert set(RETURN_ASSUMPTION) == set(SHOCKED_FUNDS), "every shocked fund needs its return assumption"


@dataclass(frozen=True)
class ChunkShocks:
    """The draws of a chunk of paths as plain arrays on the set's projection years (path first)."""

    paths: np.ndarray
    mortality: np.ndarray           # (path, year, sex, age) death rates
    fertility_ratio: np.ndarray     # (path, year)
    migration: np.ndarray           # (path, year, sex, age) persons added
    productivity_growth: np.ndarray  # (path, year)
    inflation: np.ndarray           # (path, year)
    unemployment: np.ndarray        # (path, year)
    returns: np.ndarray             # (path, year, fund) in SHOCKED_FUNDS order
    ai: np.ndarray                  # (path, parameter) in AI_PARAMETERS order

    @classmethod
    def from_draws(cls, draws: xr.Dataset, assumptions: AssumptionSet,
                   parameters: StochasticParameters) -> "ChunkShocks":
        py = ("path", "year")
        profile = migration_profile(assumptions.data("base_population").sel(sex=list(SEXES)).values)
        shift = draws["net_migration_shift"].transpose(*py).values
        return cls(
            paths=draws["path"].values,
            mortality=mortality_paths(draws, parameters),
            fertility_ratio=draws["fertility_ratio"].transpose(*py).values,
            migration=shift[:, :, None, None] * profile[None, None],
            productivity_growth=draws["productivity_growth_shift"].transpose(*py).values,
            inflation=draws["inflation_shift"].transpose(*py).values,
            unemployment=draws["unemployment_rate_shift"].transpose(*py).values,
            returns=draws["fund_return_shift"].transpose(*py, "fund").sel(fund=list(SHOCKED_FUNDS)).values,
            ai=np.stack([draws[name].values for name in AI_PARAMETERS], axis=-1),
        )


def path_assumptions(assumptions: AssumptionSet, shocks: ChunkShocks, index: int | slice) -> AssumptionSet:
    """The set of the ``index``-th path of ``shocks`` (position in the chunk, not the path number), or, with a
    slice of several paths, their stacked set (every drawn entry with a leading ``path`` dim labelled by the path
    numbers, each path's values those of its own set, bit for bit)."""
    years, sexes = assumptions.years, list(SEXES)
    ages = assumptions.data("mortality")["age"].values
    numbers = shocks.paths[index]
    lead = ("path",) if np.ndim(numbers) else ()
    path = {"path": numbers} if lead else {}

    def by_year(values: np.ndarray) -> xr.DataArray:
        return xr.DataArray(values, coords={**path, "year": years}, dims=(*lead, "year"))

    def by_cell(values: np.ndarray) -> xr.DataArray:
        return xr.DataArray(values, coords={**path, "year": years, "sex": sexes, "age": ages},
                            dims=(*lead, "year", "sex", "age"))

    def like(values: xr.DataArray, data: xr.DataArray) -> xr.DataArray:
        return values.transpose(*lead, *data.dims)

    def shifted(name: str, shift: xr.DataArray) -> xr.DataArray:
        data = assumptions.data(name)
        return like(data + shift, data)

    mortality, fertility = assumptions.data("mortality"), assumptions.data("fertility")
    deviation = shocks.unemployment[index]
    changes = {
        "mortality": like(by_cell(shocks.mortality[index]), mortality).reindex_like(mortality),
        "fertility": like(fertility * by_year(shocks.fertility_ratio[index]), fertility),
        "migration": shifted("migration", by_cell(shocks.migration[index])),
        "productivity_growth": shifted("productivity_growth", by_year(shocks.productivity_growth[index])),
        "inflation": shifted("inflation", by_year(shocks.inflation[index])),
        "unemployment_rate_deviation": xr.DataArray(
            np.concatenate([np.zeros((*deviation.shape[:-1], 1)), deviation], axis=-1),
            coords={**path, "year": np.concatenate([[assumptions.base_year], years])}, dims=(*lead, "year")),
        **{RETURN_ASSUMPTION[fund]: shifted(RETURN_ASSUMPTION[fund], by_year(shocks.returns[index][..., i]))
           for i, fund in enumerate(SHOCKED_FUNDS)},
        **{name: xr.DataArray(shocks.ai[index][..., i], coords=path, dims=lead)
           for i, name in enumerate(AI_PARAMETERS)},
    }
    label = f"stochastic path {int(numbers)}" if not lead else f"stochastic paths {int(numbers[0])}-{int(numbers[-1])}"
    return replace_data(assumptions, changes, label=label)


def _shocks(assumptions: AssumptionSet, *, seed: int, paths, zero: bool) -> ChunkShocks:
    """The draws of ``paths`` under ``seed`` as arrays, drawn once for the chunk."""
    parameters = StochasticParameters.from_assumptions(assumptions)
    return ChunkShocks.from_draws(draw_paths(parameters, seed=seed, paths=paths, zero=zero), assumptions, parameters)


def chunk_assumptions(assumptions: AssumptionSet, *, seed: int, paths, zero: bool = False) -> AssumptionSet:
    """The stacked set of ``paths`` under ``seed`` (one path: that path's own set), every stage's input for
    running the chunk at once (``zero``: the zero draw)."""
    shocks = _shocks(assumptions, seed=seed, paths=paths, zero=zero)
    return path_assumptions(assumptions, shocks, slice(None) if shocks.paths.size > 1 else 0)


def path_sets(assumptions: AssumptionSet, *, seed: int, paths, zero: bool = False) -> Iterator[tuple[int, AssumptionSet]]:
    """``(path number, the path's set)`` for each of ``paths`` under ``seed``, the chunk drawn once and each set
    built when it is reached (``zero``: the zero draw, the deterministic set)."""
    shocks = _shocks(assumptions, seed=seed, paths=paths, zero=zero)
    for index in range(shocks.paths.size):
        yield int(shocks.paths[index]), path_assumptions(assumptions, shocks, index)


__all__ = ["ChunkShocks", "RETURN_ASSUMPTION", "chunk_assumptions", "path_assumptions", "path_sets"]
