"""The demography stage on drawn paths: zero draws are the deterministic run, chunking changes nothing, the
median path stays on the deterministic projection."""

from __future__ import annotations

import numpy as np
import pytest

from actuarial.demography.projection import demographic_inputs, project_population
from actuarial.demography.stochastic import (
    migration_profile,
    path_percentiles,
    population_paths,
    stochastic_demographic_inputs,
)
from actuarial.stochastic import draw_paths


def test_zero_draws_give_the_deterministic_inputs_exactly(baseline):
    zero = draw_paths(baseline, seed=3, paths=range(2), zero=True)
    drawn, deterministic = stochastic_demographic_inputs(baseline, zero), demographic_inputs(baseline)
    for name in ("survival", "fertility", "migration"):
        np.testing.assert_array_equal(getattr(drawn, name), np.broadcast_to(getattr(deterministic, name),
                                                                            getattr(drawn, name).shape))


def test_the_migration_shift_is_spread_over_young_adults(baseline):
    profile = migration_profile(demographic_inputs(baseline).base_population[0])
    assert profile.sum() == pytest.approx(1.0, rel=1e-12)
    assert profile[:, :18].sum() == 0.0 and profile[:, 41:].sum() == 0.0


def test_chunks_do_not_change_the_paths(baseline):
    one = population_paths(baseline, seed=11, n_paths=6, chunk_size=6)
    three = population_paths(baseline, seed=11, n_paths=6, chunk_size=2)
    for name in one.data_vars:
        np.testing.assert_array_equal(one[name].values, three[name].values)


def test_the_median_path_follows_the_deterministic_projection(baseline):
    n_paths = 1000
    paths = population_paths(baseline, seed=2026, n_paths=n_paths)
    median = path_percentiles(paths, quantiles=(0.5,))["population"].sel(quantile=0.5)
    deterministic = project_population(baseline)["population"].sum(["sex", "age"])
    for year in (2030, 2050, 2075):
        # within 3 standard errors of a sample median (1.25 sd / sqrt(n)): 0.4 % of the level in 2075 (sd 9 %)
        error = 1.25 * paths["population"].sel(year=year).std().item() / np.sqrt(n_paths)
        assert float(median.sel(year=year)) == pytest.approx(float(deterministic.sel(year=year)), abs=3 * error)
    spread = paths["population"].sel(year=2050).std().item() / float(deterministic.sel(year=2050))
    assert 0.01 < spread < 0.2                      # the paths do spread, and not absurdly
