"""The demography stage on drawn paths (issue 14, first stage with a leading path axis).

:func:`stochastic_demographic_inputs` turns the stochastic layer's draws (:mod:`actuarial.stochastic`) into
the cohort-component kernel's inputs with a ``path`` axis: death rates shocked along Lee-Carter's
``b_x`` (survival ratios by path), the age-specific fertility rates scaled by each path's total-fertility
ratio to the deterministic path, and net migration shifted by each path's drawn level, spread over sex
and age like the base population aged :data:`MIGRANT_AGES` (assumed: the net migrants of a shock are young
adults, in proportion to their numbers).  :func:`population_paths` runs the kernel chunk by chunk and keeps
per-path summaries (total population, births, deaths, aged 65 and over, old-age dependency), not the
age detail; :func:`path_percentiles` gives their quantiles by year.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.demography.lifetable import survival_ratios
from actuarial.demography.projection import DemographicInputs, demographic_inputs, run_kernel
from actuarial.dims import SEXES
from actuarial.stochastic import StochasticParameters, draw_paths, mortality_paths

MIGRANT_AGES = (18, 40)
"""Ages (inclusive) over which a path's migration shift is spread, like the base population of those ages."""
QUANTILES = (0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975)


def migration_profile(base_population: np.ndarray) -> np.ndarray:
    """(sex, age) shares summing to 1: the base population aged :data:`MIGRANT_AGES`."""
    ages = np.arange(base_population.shape[-1])
    young = (ages >= MIGRANT_AGES[0]) & (ages <= MIGRANT_AGES[1])
    weights = base_population * young[None, :]
    return weights / weights.sum()


def stochastic_demographic_inputs(assumptions: AssumptionSet, draws: xr.Dataset,
                                  parameters: StochasticParameters | None = None) -> DemographicInputs:
    """Kernel inputs (path, ...) for the drawn paths; a zero draw (``draw_paths(..., zero=True)``) gives the
    deterministic inputs exactly."""
    parameters = parameters or StochasticParameters.from_assumptions(assumptions)
    base = demographic_inputs(assumptions)
    mx = mortality_paths(draws, parameters)                                   # (path, year, sex, age)
    survival = np.stack([np.stack([survival_ratios(mx[p, :, i], sex=sex) for i, sex in enumerate(SEXES)], axis=1)
                         for p in range(mx.shape[0])])
    ratio = draws["fertility_ratio"].transpose("path", "year").values
    fertility = base.fertility * ratio[:, :, None]
    shift = draws["net_migration_shift"].transpose("path", "year").values
    migration = base.migration + shift[:, :, None, None] * migration_profile(base.base_population[0])[None, None]
    return replace(base, survival=survival, fertility=fertility, migration=migration)


def population_paths(assumptions: AssumptionSet, *, seed: int, n_paths: int, chunk_size: int = 500) -> xr.Dataset:
    """Per-path yearly summaries (path, year) of the population projection on ``n_paths`` drawn paths."""
    parameters = StochasticParameters.from_assumptions(assumptions)
    years = np.concatenate([[assumptions.base_year], assumptions.years])
    ages = np.arange(101)
    parts = []
    for start in range(0, n_paths, chunk_size):
        draws = draw_paths(parameters, seed=seed, paths=range(start, min(start + chunk_size, n_paths)))
        out = run_kernel(stochastic_demographic_inputs(assumptions, draws, parameters))
        people = out["population"]                                            # (path, year+1, sex, age)
        total = people.sum(axis=(2, 3))
        old = people[:, :, :, ages >= 65].sum(axis=(2, 3))
        working = people[:, :, :, (ages >= 15) & (ages < 65)].sum(axis=(2, 3))
        pad = np.full((people.shape[0], 1), np.nan)
        parts.append(xr.Dataset({
            "population": (("path", "year"), total),
            "pop_65plus": (("path", "year"), old),
            "old_age_dependency": (("path", "year"), old / working),
            "births": (("path", "year"), np.concatenate([pad, out["births"].sum(axis=2)], axis=1)),
            "deaths": (("path", "year"), np.concatenate([pad, out["deaths"].sum(axis=2)], axis=1)),
        }, coords={"path": draws["path"].values, "year": years}))
    return xr.concat(parts, dim="path").assign_attrs(seed=int(seed), n_paths=int(n_paths))


def path_percentiles(paths: xr.Dataset, quantiles=QUANTILES) -> xr.Dataset:
    """Quantiles (quantile, year) of every per-path series (NaN where a series has no value, e.g. the base
    year's flows)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="All-NaN slice encountered", category=RuntimeWarning)
        return paths.quantile(list(quantiles), dim="path")


__all__ = ["MIGRANT_AGES", "QUANTILES", "migration_profile", "path_percentiles", "population_paths",
           "stochastic_demographic_inputs"]
