"""The cohort-component kernel: numpy twin, accounting identity and properties."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actuarial.demography.projection import DemographicInputs, run_kernel

N_YEARS = 12


def synthetic_inputs(seed: int, *, n_paths: int = 1, migration_scale: float = 2e4) -> DemographicInputs:
    """Small random but plausible inputs (independent of the shipped data)."""
    rng = np.random.default_rng(seed)
    ages = 101
    survival = np.clip(1.0 - rng.uniform(1e-4, 0.3, (1, N_YEARS, 2, ages)) * np.linspace(0.01, 1, ages), 0.0, 1.0)
    fertility = np.zeros((n_paths, N_YEARS, ages))
    fertility[:, :, 15:50] = rng.uniform(0.0, 0.12, (n_paths, N_YEARS, 35))
    return DemographicInputs(
        base_year=2024,
        years=np.arange(2025, 2025 + N_YEARS),
        base_population=rng.uniform(0.0, 1e7, (1, 2, ages)),
        survival=survival,
        fertility=fertility,
        female_birth_share=rng.uniform(0.45, 0.5, (1, N_YEARS)),
        migration=rng.normal(0.0, migration_scale, (1, N_YEARS, 2, ages)),
        migration_start_share=rng.uniform(0.0, 1.0, N_YEARS),
    )


def identity_residual(out: dict) -> float:
    """max |P(t+1) - P(t) - (B - D + M)| relative to the population."""
    population = out["population"].sum(axis=-1)
    change = population[:, 1:] - population[:, :-1]
    flows = out["births"] - out["deaths"] + out["net_migration"]
    return float(np.max(np.abs(change - flows)) / np.max(population))


@pytest.mark.parametrize("seed", range(5))
def test_kernel_equals_numpy_twin(seed):
    inputs = synthetic_inputs(seed, n_paths=3, migration_scale=5e5)  # large enough to cap emigration
    fast, reference = run_kernel(inputs), run_kernel(inputs, implementation="numpy")
    for name in fast:
        np.testing.assert_allclose(fast[name], reference[name], rtol=1e-10, atol=1e-10 * np.abs(reference[name]).max())


def test_kernel_equals_twin_on_china(baseline_inputs):
    fast, reference = run_kernel(baseline_inputs), run_kernel(baseline_inputs, implementation="numpy")
    for name in fast:
        np.testing.assert_allclose(fast[name], reference[name], rtol=1e-10)


def test_accounting_identity_every_year_china(baseline_projection):
    total = baseline_projection["population"].sum(["sex", "age"])
    change = total.diff("year")
    flows = (baseline_projection["births"] - baseline_projection["deaths"] + baseline_projection["net_migration"]).sum("sex")
    residual = np.abs(change - flows.sel(year=change["year"])) / total.sel(year=change["year"])
    assert float(residual.max()) < 1e-13
    assert change.sizes["year"] == 76


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), scale=st.sampled_from([0.0, 1e3, 1e5, 1e7]))
def test_identity_and_no_negative_population(seed, scale):
    out = run_kernel(synthetic_inputs(seed, n_paths=2, migration_scale=scale))
    assert identity_residual(out) < 1e-12
    assert out["population"].min() >= 0.0
    assert out["births"].min() >= 0.0 and out["deaths"].min() >= 0.0


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_no_births_no_migration_only_shrinks(seed):
    inputs = synthetic_inputs(seed)
    inputs = dataclasses.replace(inputs, fertility=np.zeros_like(inputs.fertility), migration=np.zeros_like(inputs.migration))
    population = run_kernel(inputs)["population"].sum(axis=(-1, -2))[0]
    assert np.all(np.diff(population) <= 0.0)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), factor=st.floats(1e-3, 1e3))
def test_scaling_the_population_scales_every_output(seed, factor):
    inputs = synthetic_inputs(seed)
    inputs = dataclasses.replace(inputs, migration=np.zeros_like(inputs.migration))
    scaled = dataclasses.replace(inputs, base_population=inputs.base_population * factor)
    one, many = run_kernel(inputs), run_kernel(scaled)
    for name in one:
        np.testing.assert_allclose(many[name], one[name] * factor, rtol=1e-10, atol=1e-6)


def test_scaling_with_migration_scales_every_output():
    inputs = synthetic_inputs(7)
    scaled = dataclasses.replace(inputs, base_population=inputs.base_population * 3.0, migration=inputs.migration * 3.0)
    one, three = run_kernel(inputs), run_kernel(scaled)
    for name in one:
        np.testing.assert_allclose(three[name], one[name] * 3.0, rtol=1e-10, atol=1e-6)


def test_paths_are_independent_and_broadcast():
    inputs = synthetic_inputs(3, n_paths=4)
    together = run_kernel(inputs)
    for path in range(4):
        alone = run_kernel(dataclasses.replace(inputs, fertility=inputs.fertility[path : path + 1]))
        np.testing.assert_array_equal(together["population"][path], alone["population"][0])


def test_serial_and_parallel_kernels_agree_exactly():
    """One path runs on the calling thread (project_population_serial); it must match the parallel kernel bit for bit."""
    from actuarial.kernels.population import project_population_kernel, project_population_serial

    inputs = synthetic_inputs(5, n_paths=3)
    base = np.broadcast_to(inputs.base_population, (3, 2, 101)).copy()
    results = []
    for kernel in (project_population_kernel, project_population_serial):
        out = [np.empty((3, N_YEARS + 1, 2, 101)), *(np.empty((3, N_YEARS, 2)) for _ in range(3))]
        kernel(base, inputs.survival, inputs.fertility, inputs.female_birth_share, inputs.migration,
               inputs.migration_start_share, *out)
        results.append(out)
    for parallel, serial in zip(*results):
        np.testing.assert_array_equal(parallel, serial)


def test_shape_errors_are_reported():
    inputs = synthetic_inputs(0)
    with pytest.raises(ValueError, match="survival has shape"):
        run_kernel(dataclasses.replace(inputs, survival=inputs.survival[:, :, :, :50]))
    fertility = inputs.fertility.copy()
    fertility[0, 0, 0] = 0.1
    with pytest.raises(ValueError, match="fertility at age 0"):
        run_kernel(dataclasses.replace(inputs, fertility=fertility))
