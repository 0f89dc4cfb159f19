"""Labour statuses: conservation, shares, retirement-only change without AI, monotone AI, kernel twin."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from actuarial import load_scenario
from actuarial.dims import EMPLOYED_STATUSES, STATUSES
from actuarial.labour.market import displaced_pool

from conftest import ROOT

SCENARIOS = ("no_ai", "ai_slow", "ai_central", "ai_fast")


@pytest.fixture(scope="module")
def runs():
    from actuarial import run_model

    return {name: run_model(load_scenario(ROOT / "projections" / f"{name}.yaml")) for name in SCENARIOS}


def test_persons_are_conserved_in_every_cell(runs):
    for name, run in runs.items():
        total = run["employment"].sum("status")
        np.testing.assert_allclose(total.values, run["population"].values, rtol=1e-12, atol=1e-6, err_msg=name)


def test_status_shares_lie_in_unit_interval(runs):
    for name, run in runs.items():
        shares = run["employment"] / run["population"].where(run["population"] > 0)
        finite = shares.values[np.isfinite(shares.values)]
        assert finite.min() >= -1e-12 and finite.max() <= 1 + 1e-12, name


def test_base_year_meets_the_calibration_targets(baseline, runs):
    base = runs["ai_central"]["employment"].sel(year=2024).sum(["sex", "age"])
    employed = float(base.sel(status=list(EMPLOYED_STATUSES)).sum())
    assert employed == pytest.approx(float(baseline.data("employment_target")), rel=1e-9)
    for status in ("standard", "nonstandard", "platform"):
        assert float(base.sel(status=status)) == pytest.approx(float(baseline.data(f"{status}_target")), rel=1e-9)
    rate = float(base.sel(status="unemployed")) / (employed + float(base.sel(status="unemployed")))
    assert rate == pytest.approx(float(baseline.data("unemployment_rate_target")), rel=1e-9)


def test_scenarios_share_the_base_year(runs):
    base = runs["no_ai"]["employment"].sel(year=2024)
    for name in SCENARIOS[1:]:
        np.testing.assert_allclose(runs[name]["employment"].sel(year=2024).values, base.values, rtol=1e-12)


def test_without_ai_shares_change_only_through_retirement(runs):
    run = runs["no_ai"]
    shares = run["employment"] / run["population"].where(run["population"] > 0)
    retired = run["past_retirement_age"]
    same_retirement = np.abs(retired - retired.sel(year=2024)) < 1e-15
    difference = np.abs(shares - shares.sel(year=2024)).max("status")
    assert float(difference.where(same_retirement).max()) < 1e-12
    assert bool((~same_retirement).any())  # the reform does move some cells


def test_faster_ai_never_leaves_more_standard_work(runs):
    order = [runs[name]["employment"].sel(status="standard").sum(["sex", "age"]) for name in SCENARIOS]
    for slower, faster in zip(order, order[1:]):
        assert bool((faster <= slower * (1 + 1e-12)).all())
    assert float(order[-1].sel(year=2050)) < float(order[0].sel(year=2050))


def logistic(ceiling, speed, midpoint, years):
    return ceiling / (1.0 + np.exp(-speed * (years - midpoint)))


@settings(max_examples=60, deadline=None)
@given(
    ceiling=st.floats(0.0, 1.0), speed=st.floats(0.01, 2.0), midpoint=st.floats(2025, 2100),
    extra_ceiling=st.floats(0.0, 0.5), earlier=st.floats(0.0, 30.0), rho=st.floats(0.0, 1.0), seed=st.integers(0, 1000),
)
def test_pool_is_monotone_in_the_adoption_path(ceiling, speed, midpoint, extra_ceiling, earlier, rho, seed):
    """A pointwise higher adoption path never leaves more exposed work (hypothesis over adoption parameters)."""
    rng = np.random.default_rng(seed)
    years = np.arange(2024, 2061, dtype=float)
    slow = logistic(ceiling, speed, midpoint, years)
    fast = logistic(min(1.0, ceiling + extra_ceiling), speed, midpoint - earlier, years)
    slow_gain, fast_gain = slow - slow[0], fast - fast[0]
    assume(np.all(fast_gain >= slow_gain))
    exposed = rng.uniform(0.0, 0.9, (1, years.size, 2, 101))
    exposure = rng.uniform(0.0, 1.0, (1, 1, 2, 101))
    pools = [displaced_pool(exposed, exposed * np.clip(exposure * g[None, :, None, None], 0, 1), np.full(years.size, rho))
             for g in (slow_gain, fast_gain)]
    assert np.all(pools[1] >= pools[0] - 1e-15)
    assert np.all(pools[1] <= exposed + 1e-15)


@pytest.mark.parametrize("seed", range(4))
def test_displacement_kernel_equals_numpy_twin(seed):
    rng = np.random.default_rng(seed)
    exposed = rng.uniform(0.0, 0.9, (3, 30, 2, 101))
    required = exposed * rng.uniform(0.0, 0.6, (3, 30, 2, 101))
    rho = rng.uniform(0.0, 0.5, 30)
    np.testing.assert_allclose(displaced_pool(exposed, required, rho),
                               displaced_pool(exposed, required, rho, implementation="numpy"), rtol=1e-12, atol=0)


def test_serial_and_parallel_displacement_kernels_agree_exactly():
    from actuarial.kernels.labour import displaced_pool_kernel, displaced_pool_serial

    rng = np.random.default_rng(7)
    exposed = rng.uniform(0.0, 0.9, (3, 30, 2, 101))
    required = exposed * rng.uniform(0.0, 0.6, (3, 30, 2, 101))
    rho = rng.uniform(0.0, 0.5, 30)
    pools = [np.empty_like(exposed), np.empty_like(exposed)]
    displaced_pool_kernel(exposed, required, rho, pools[0])
    displaced_pool_serial(exposed, required, rho, pools[1])
    np.testing.assert_array_equal(pools[0], pools[1])


def test_statuses_are_the_seven_of_the_design(runs):
    assert list(runs["no_ai"]["status"].values) == list(STATUSES)
