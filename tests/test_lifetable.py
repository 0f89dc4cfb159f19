"""Tests of the single-age life table (actuarial.demography.lifetable)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from actuarial.demography.lifetable import (
    N_AGES,
    OPEN_AGE,
    andreev_kingkade_a0,
    life_expectancy_at_birth,
    life_table,
    survival_ratios,
)

ROOT = Path(__file__).resolve().parents[1]
MORTALITY_CSV = ROOT / "assumptions" / "china" / "mortality.csv"


def gompertz_makeham(level: float = 1.0) -> np.ndarray:
    """A plausible adult-shaped schedule: m_x = level * (0.0005 + 0.00003 exp(0.1 x)), m0 = level * 0.006."""
    ages = np.arange(N_AGES)
    mx = level * (0.0005 + 0.00003 * np.exp(0.1 * ages))
    mx[0] = level * 0.006
    return mx


# --------------------------------------------------------------------------- a0


@pytest.mark.parametrize(
    ("sex", "m0", "expected"),
    [
        # males, HMD MP v6 table 2
        ("male", 0.0, 0.14929),
        ("male", 0.0229999, 0.14929 - 1.99545 * 0.0229999),
        ("male", 0.0230, 0.02832 + 3.26201 * 0.0230),
        ("male", 0.05, 0.02832 + 3.26201 * 0.05),
        ("male", 0.0830699, 0.02832 + 3.26201 * 0.0830699),
        ("male", 0.08307, 0.29915),
        ("male", 0.5, 0.29915),
        # females
        ("female", 0.0, 0.14903),
        ("female", 0.0172399, 0.14903 - 2.05527 * 0.0172399),
        ("female", 0.01724, 0.04667 + 3.88089 * 0.01724),
        ("female", 0.04, 0.04667 + 3.88089 * 0.04),
        ("female", 0.0689099, 0.04667 + 3.88089 * 0.0689099),
        ("female", 0.06891, 0.31411),
        ("female", 0.5, 0.31411),
    ],
)
def test_a0_matches_andreev_kingkade_segments(sex, m0, expected):
    assert andreev_kingkade_a0(m0, sex=sex) == pytest.approx(expected, abs=1e-15)


def test_a0_is_used_by_the_life_table():
    mx = gompertz_makeham()
    for sex in ("male", "female"):
        table = life_table(mx, sex=sex)
        assert table.ax[0] == pytest.approx(andreev_kingkade_a0(mx[0], sex=sex))
        assert np.all(table.ax[1:OPEN_AGE] == 0.5)
        assert table.qx[0] == pytest.approx(mx[0] / (1.0 + (1.0 - table.ax[0]) * mx[0]))


# --------------------------------------------------------------------------- hand-computable cases


@pytest.mark.parametrize(("m", "sex"), [(0.02, "male"), (0.02, "female"), (0.5, "female"), (0.001, "male")])
def test_constant_rate_matches_closed_form(m, sex):
    """With m_x = m at every age the table is geometric and e0 has a closed form.

    a0 = AK(m), q0 = m / (1 + (1 - a0) m), q = m / (1 + m/2) at ages 1..99, p = 1 - q;
    l_x = (1 - q0) p^(x-1) for x >= 1, L_0 = 1 - (1 - a0) q0, L_x = l_x / (1 + m/2) for 1..99
    (since 1 - q/2 = 1/(1 + m/2)), L_100 = l_100 / m. Hence
    e0 = L_0 + (1 - q0) (1 - p^99) / (q (1 + m/2)) + (1 - q0) p^99 / m.
    """
    a0 = andreev_kingkade_a0(m, sex=sex)
    q0 = m / (1.0 + (1.0 - a0) * m)
    q = m / (1.0 + 0.5 * m)
    p = 1.0 - q
    e0 = (1.0 - (1.0 - a0) * q0) + (1.0 - q0) * (1.0 - p**99) / (q * (1.0 + 0.5 * m)) + (1.0 - q0) * p**99 / m

    table = life_table(np.full(N_AGES, m), sex=sex)
    assert table.ex[0] == pytest.approx(e0, rel=1e-12)
    assert table.lx[OPEN_AGE] == pytest.approx((1.0 - q0) * p**99, rel=1e-12)
    assert life_expectancy_at_birth(np.full(N_AGES, m), sex=sex) == pytest.approx(e0, rel=1e-12)


def test_constant_rate_e0_is_close_to_one_over_m():
    # For a constant hazard m the exact continuous-time e0 is 1/m; the discrete table is within 1e-3 relative.
    m = 0.02
    assert life_expectancy_at_birth(np.full(N_AGES, m), sex="male") == pytest.approx(1.0 / m, rel=1e-3)


def test_open_age_group():
    mx = gompertz_makeham()
    table = life_table(mx, sex="male")
    assert table.qx[OPEN_AGE] == 1.0
    assert table.dx[OPEN_AGE] == pytest.approx(table.lx[OPEN_AGE])
    assert table.Lx[OPEN_AGE] == pytest.approx(table.lx[OPEN_AGE] / mx[OPEN_AGE], rel=1e-14)
    assert table.ex[OPEN_AGE] == pytest.approx(1.0 / mx[OPEN_AGE], rel=1e-12)


def test_qx_is_clipped_and_dead_ages_have_zero_expectancy():
    mx = np.full(N_AGES, 3.0)  # q = 3 / (1 + 1.5) = 1.2 before clipping
    table = life_table(mx, sex="female")
    assert np.all(table.qx <= 1.0)
    assert table.qx[1] == 1.0
    assert np.all(table.lx[2:] == 0.0)
    assert np.all(np.isfinite(table.ex))
    assert np.all(table.ex[2:] == 0.0)


# --------------------------------------------------------------------------- identities


@pytest.fixture
def stacked_mx():
    """Schedules with two leading axes (3 levels x 2 copies)."""
    levels = np.array([0.5, 1.0, 2.0])
    return np.stack([np.stack([gompertz_makeham(level)] * 2) for level in levels])


def test_column_identities(stacked_mx):
    table = life_table(stacked_mx, sex="female")
    assert table.Lx.shape == stacked_mx.shape
    np.testing.assert_allclose(table.Lx.sum(axis=-1), table.Tx[..., 0], rtol=1e-14)
    np.testing.assert_allclose(table.dx.sum(axis=-1), 1.0, rtol=1e-14)
    np.testing.assert_allclose(table.ex[..., 0], table.Tx[..., 0], rtol=1e-14)
    np.testing.assert_allclose(table.lx[..., 1:], table.lx[..., :-1] - table.dx[..., :-1], atol=1e-15)
    assert np.all(np.diff(table.lx, axis=-1) <= 0.0)
    assert np.all(table.Lx[..., :OPEN_AGE] <= table.lx[..., :OPEN_AGE])
    assert np.all(table.Lx[..., :OPEN_AGE] >= table.lx[..., 1:])


def test_leading_axes_are_independent(stacked_mx):
    e0 = life_expectancy_at_birth(stacked_mx, sex="male")
    assert e0.shape == (3, 2)
    for i in range(3):
        assert e0[i, 0] == life_expectancy_at_birth(stacked_mx[i, 0], sex="male")
    # higher mortality, lower life expectancy
    assert e0[0, 0] > e0[1, 0] > e0[2, 0]


# --------------------------------------------------------------------------- survival ratios


def test_survival_ratio_definitions(stacked_mx):
    table = life_table(stacked_mx, sex="male")
    s = survival_ratios(stacked_mx, sex="male")
    np.testing.assert_allclose(s[..., 0], table.Lx[..., 0] / table.lx[..., 0])
    np.testing.assert_allclose(s[..., 1:OPEN_AGE], table.Lx[..., 1:OPEN_AGE] / table.Lx[..., : OPEN_AGE - 1])
    np.testing.assert_allclose(s[..., OPEN_AGE], table.Tx[..., OPEN_AGE] / table.Tx[..., OPEN_AGE - 1])
    assert np.all((s > 0.0) & (s <= 1.0))


def test_survival_ratios_keep_the_stationary_population_stationary():
    """Projecting the stationary population L_x with l_0 = 1 birth a year returns L_x."""
    mx = gompertz_makeham()
    table = life_table(mx, sex="female")
    s = survival_ratios(mx, sex="female")
    projected = np.empty(N_AGES)
    projected[0] = 1.0 * s[0]
    projected[1:] = table.Lx[:-1] * s[1:]
    projected[OPEN_AGE] = (table.Lx[OPEN_AGE - 1] + table.Lx[OPEN_AGE]) * s[OPEN_AGE]
    np.testing.assert_allclose(projected, table.Lx, rtol=1e-13)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "bad",
    [np.full(100, 0.01), np.full(N_AGES, -0.01), np.append(np.full(OPEN_AGE, 0.01), 0.0), np.full(N_AGES, np.nan)],
)
def test_invalid_rates_are_rejected(bad):
    with pytest.raises(ValueError):
        life_table(bad, sex="male")


def test_invalid_sex_is_rejected():
    with pytest.raises(ValueError):
        life_table(gompertz_makeham(), sex="M")


# --------------------------------------------------------------------------- shipped China table


WPP2024_E0 = {  # UN WPP 2024 medium variant, e0proj1dt (China): (male, female)
    2025: (75.6515, 81.2464),
    2050: (81.5435, 85.2573),
    2075: (85.4563, 88.4445),
    2100: (88.3728, 91.3665),
}


@pytest.mark.skipif(not MORTALITY_CSV.exists(), reason="assumptions/china/mortality.csv not built")
@pytest.mark.parametrize("year", sorted(WPP2024_E0))
def test_shipped_mortality_reproduces_wpp_e0(year):
    import pandas as pd

    table = pd.read_csv(MORTALITY_CSV)
    for sex, target in zip(("male", "female"), WPP2024_E0[year]):
        rows = table[(table.year == year) & (table.sex == sex)].sort_values("age")
        assert rows.age.tolist() == list(range(N_AGES))
        assert life_expectancy_at_birth(rows.mx.to_numpy(), sex=sex) == pytest.approx(target, abs=0.005)
