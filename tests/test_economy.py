"""Wages and GDP (actuarial.labour.economy): base-year anchors, growth, the labour-share identity, AI effects,
and the shipped economy assumptions loaded on their own."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from actuarial import dims
from actuarial.config import loader
from actuarial.config.registry import REGISTRY
from actuarial.dims import EMPLOYED_STATUSES
from actuarial.labour.economy import (
    ECONOMY_OUTPUTS,
    EconomyParameters,
    combine_average_wage,
    economy_projection,
    project_economy,
    social_average_wage_base,
)

ROOT = Path(__file__).resolve().parents[1]
CHINA = ROOT / "assumptions" / "china"
BASE_YEAR = 2024
YEARS = np.arange(BASE_YEAR, 2031)
AGES = np.array([10, 16, 30, 45, 60, 75])
SEXES = list(dims.SEXES)
STATUSES = list(EMPLOYED_STATUSES)
GROWTH = np.array([0.05, 0.04, 0.03, 0.03, 0.02, 0.01])      # 2025..2030
INFLATION = np.array([0.00, 0.01, 0.02, 0.02, -0.01, 0.03])
W0, Y0 = 100_000.0, 1.0e13


def parameters(*, phi: float = 0.3, theta: float = 0.15, growth=GROWTH, inflation=INFLATION) -> EconomyParameters:
    age_profile = np.array([[0.0, 0.6, 1.0, 1.3, 1.0, 0.5], [0.0, 0.5, 0.8, 1.0, 0.8, 0.4]])
    return EconomyParameters(
        base_year=BASE_YEAR,
        average_wage_base=W0,
        gdp_base=Y0,
        productivity_growth=np.asarray(growth, dtype=float),
        inflation=np.asarray(inflation, dtype=float),
        ai_productivity_effect=phi,
        ai_labour_share_effect=theta,
        relative_earnings_status=xr.DataArray([1.0, 0.7, 0.6, 0.65, 0.3], coords={"status": STATUSES}, dims="status"),
        relative_earnings_age=xr.DataArray(age_profile, coords={"sex": SEXES, "age": AGES}, dims=("sex", "age")),
    )


def employment(cells: np.ndarray | None = None, *, years=YEARS) -> xr.DataArray:
    """(year, sex, age, status) persons; constant over years unless ``cells`` has a year axis."""
    if cells is None:
        cells = np.arange(1, 1 + 2 * AGES.size * 4, dtype=float).reshape(2, AGES.size, 4) * 1e5
        cells = np.concatenate([cells, cells[..., 3:] / 2.0], axis=-1)     # farm: half the self-employed
    if cells.ndim == 3:
        cells = np.broadcast_to(cells, (years.size, *cells.shape)).copy()
    return xr.DataArray(cells, coords={"year": years, "sex": SEXES, "age": AGES, "status": STATUSES},
                        dims=("year", "sex", "age", "status"))


def adoption(values) -> xr.DataArray:
    return xr.DataArray(np.asarray(values, dtype=float), coords={"year": YEARS}, dims="year")


def logistic(ceiling: float = 0.5, midpoint: float = 2027.0, speed: float = 0.8) -> xr.DataArray:
    return adoption(ceiling / (1.0 + np.exp(-speed * (YEARS - midpoint))))


FLAT = adoption(np.full(YEARS.size, 0.2))


# ------------------------------------------------------------------ base year
def test_all_employee_average_wage_is_the_employment_weighted_mean():
    assert combine_average_wage(124_110.0, 69_476.0, 0.55) == pytest.approx(99_524.7, abs=1e-6)
    assert combine_average_wage(124_110.0, 69_476.0, 1.0) == 124_110.0


def test_base_year_gdp_and_average_wage_equal_the_anchors():
    result = economy_projection(parameters(), adoption=logistic(), employment=employment())
    base = result.sel(year=BASE_YEAR)
    assert float(base["gdp"]) == pytest.approx(Y0, rel=1e-12)
    assert float(base["average_wage"]) == pytest.approx(W0, rel=1e-12)
    assert float(base["productivity_index"]) == 1.0 and float(base["price_index"]) == 1.0
    # the base-year employment-weighted mean of standard workers' earnings is the average wage (normalisation)
    persons = employment().sel(year=BASE_YEAR, status="standard")
    pay = result["earnings"].sel(year=BASE_YEAR, status="standard")
    assert float((persons * pay).sum() / persons.sum()) == pytest.approx(W0, rel=1e-12)


# ------------------------------------------------------------------ growth
def test_constant_adoption_and_employment_grow_wages_at_productivity_times_prices():
    result = economy_projection(parameters(), adoption=FLAT, employment=employment())
    expected = (1.0 + GROWTH) * (1.0 + INFLATION) - 1.0
    for name in ("average_wage", "wage_level", "gdp", "wage_bill"):
        series = result[name].values
        np.testing.assert_allclose(series[1:] / series[:-1] - 1.0, expected, rtol=1e-12, atol=1e-15, err_msg=name)
    earnings = result["earnings"].sel(age=45, sex="female", status="platform").values
    np.testing.assert_allclose(earnings[1:] / earnings[:-1] - 1.0, expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(result["labour_share"].values, result["labour_share"].values[0], rtol=1e-14)


def test_price_index_is_the_cumulated_inflation():
    result = economy_projection(parameters(), adoption=FLAT, employment=employment())
    np.testing.assert_allclose(result["price_index"].values, np.cumprod(np.r_[1.0, 1.0 + INFLATION]), rtol=1e-14)


# ------------------------------------------------------------------ identity
@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    phi=st.floats(-0.5, 2.0),
    theta=st.floats(-0.5, 0.9),
    ceiling=st.floats(0.0, 1.0),
)
def test_wage_bill_over_gdp_is_the_labour_share_every_year(seed, phi, theta, ceiling):
    rng = np.random.default_rng(seed)
    persons = employment(rng.uniform(0.0, 1e6, size=(YEARS.size, 2, AGES.size, len(STATUSES))))
    persons.loc[{"year": BASE_YEAR, "status": "standard", "age": 30}] += 1.0   # some standard workers in 2024
    result = economy_projection(parameters(phi=phi, theta=theta), adoption=logistic(ceiling), employment=persons)
    bill = (persons * result["earnings"]).sum(["sex", "age", "status"])
    np.testing.assert_allclose(result["wage_bill"].values, bill.values, rtol=1e-12)
    np.testing.assert_allclose((result["wage_bill"] / result["gdp"]).values, result["labour_share"].values, rtol=1e-12)
    change = logistic(ceiling) - logistic(ceiling).sel(year=BASE_YEAR)
    expected = result["labour_share"].sel(year=BASE_YEAR) * (1.0 - theta * change)
    np.testing.assert_allclose(result["labour_share"].values, expected.values, rtol=1e-12)


# ------------------------------------------------------------------ AI
def test_higher_adoption_lowers_the_labour_share_and_raises_gdp():
    persons = employment()
    low = economy_projection(parameters(), adoption=logistic(0.2), employment=persons)
    high = economy_projection(parameters(), adoption=logistic(0.6), employment=persons)
    later = {"year": YEARS[1:]}
    assert np.all(high["labour_share"].sel(later).values < low["labour_share"].sel(later).values)
    assert np.all(high["gdp"].sel(later).values > low["gdp"].sel(later).values)
    # phi = 0.3 > theta = 0.15 here: wages per efficiency unit still rise, by less than GDP
    wage_ratio = high["wage_level"].sel(later) / low["wage_level"].sel(later)
    gdp_ratio = high["gdp"].sel(later) / low["gdp"].sel(later)
    assert np.all(wage_ratio.values > 1.0) and np.all(wage_ratio.values < gdp_ratio.values)


def test_ai_productivity_effect_is_a_level_effect_of_phi_per_unit_of_adoption():
    path = adoption(np.linspace(0.0, 1.0, YEARS.size))
    with_ai = economy_projection(parameters(phi=0.3), adoption=path, employment=employment())
    without = economy_projection(parameters(phi=0.0, theta=0.0), adoption=path, employment=employment())
    ratio = (with_ai["productivity_index"] / without["productivity_index"]).values
    np.testing.assert_allclose(ratio, 1.0 + 0.3 * path.values, rtol=1e-13)


def test_only_changes_in_adoption_since_the_base_year_matter():
    first = economy_projection(parameters(), adoption=FLAT, employment=employment())
    second = economy_projection(parameters(), adoption=FLAT * 0 + 0.7, employment=employment())
    for name in ECONOMY_OUTPUTS:
        np.testing.assert_allclose(first[name].values, second[name].values, rtol=1e-13, err_msg=name)


# ------------------------------------------------------------------ composition
def test_moving_standard_workers_to_platform_work_lowers_gdp_and_the_wage_bill_not_the_wage_level():
    cells = employment().values.copy()
    moved = cells.copy()
    shift = 0.5 * moved[3:, :, :, 0]
    moved[3:, :, :, 0] -= shift
    moved[3:, :, :, 2] += shift
    before = economy_projection(parameters(), adoption=FLAT, employment=employment(cells))
    after = economy_projection(parameters(), adoption=FLAT, employment=employment(moved))
    np.testing.assert_allclose(after["wage_level"].values, before["wage_level"].values, rtol=1e-14)
    assert np.all(after["gdp"].values[3:] < before["gdp"].values[3:])
    assert np.all(after["wage_bill"].values[3:] < before["wage_bill"].values[3:])
    np.testing.assert_allclose(after["gdp"].values[:3], before["gdp"].values[:3], rtol=1e-14)


def test_statuses_outside_employment_are_ignored():
    persons = employment()
    other = xr.full_like(persons.isel(status=slice(0, 3)), 5e7).assign_coords(status=["unemployed", "inactive", "retired"])
    with_others = xr.concat([persons, other], dim="status")
    plain = economy_projection(parameters(), adoption=logistic(), employment=persons)
    padded = economy_projection(parameters(), adoption=logistic(), employment=with_others)
    xr.testing.assert_allclose(plain, padded)


# ------------------------------------------------------------------ earnings
def test_earnings_are_zero_below_16_and_positive_at_employed_ages():
    earnings = economy_projection(parameters(), adoption=logistic(), employment=employment())["earnings"]
    assert earnings.dims == ("year", "sex", "age", "status")
    assert np.all(earnings.sel(age=AGES[AGES < 16]).values == 0.0)
    assert np.all(earnings.sel(age=AGES[AGES >= 16]).values > 0.0)


def test_every_output_has_units_and_long_name():
    result = economy_projection(parameters(), adoption=logistic(), employment=employment())
    assert set(result.data_vars) == set(ECONOMY_OUTPUTS)
    for name, variable in result.data_vars.items():
        assert variable.attrs.get("units") and variable.attrs.get("long_name"), name
        assert "year" in variable.dims


# ------------------------------------------------------------------ bad input
def test_bad_inputs_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="from the base year"):
        economy_projection(parameters(), adoption=logistic().isel(year=slice(1, None)),
                           employment=employment(years=YEARS[1:]))
    no_standard = employment().values.copy()
    no_standard[0, :, :, 0] = 0.0
    with pytest.raises(ValueError, match="no standard workers"):
        economy_projection(parameters(), adoption=logistic(), employment=employment(no_standard))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        economy_projection(parameters(), adoption=logistic() + 1.0, employment=employment())
    short = EconomyParameters(**{**parameters().__dict__,
                                 "productivity_growth": parameters().productivity_growth[:-1]})
    with pytest.raises(ValueError, match="productivity_growth has no value for year 2030"):
        economy_projection(short, adoption=logistic(), employment=employment())
    huge = EconomyParameters(**{**parameters().__dict__, "gdp_base": 1.0e6})
    with pytest.raises(ValueError, match="labour share must lie in"):
        economy_projection(huge, adoption=logistic(), employment=employment())


# ------------------------------------------------------------------ the shipped assumptions
@pytest.fixture(scope="module")
def china_economy(tmp_path_factory):
    """The shipped economy entries, loaded by the real loader restricted to the economy stage."""
    folder = tmp_path_factory.mktemp("economy")
    for name in ("set.yaml", "economy.yaml", "relative_earnings_status.csv", "relative_earnings_age.csv"):
        shutil.copy(CHINA / name, folder / name)
    economy = {name: spec for name, spec in REGISTRY.items() if spec.stage == "economy"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "REGISTRY", economy)
        return loader.load_assumption_set(folder)


def test_shipped_social_average_wage_and_gdp(china_economy):
    assert social_average_wage_base(china_economy) == pytest.approx(0.55 * 124_110 + 0.45 * 69_476, rel=1e-12)
    assert float(china_economy.data("gdp_base")) == pytest.approx(134.91e12, rel=1e-12)
    assert china_economy["average_wage_nonprivate"].status == "official_statistic"
    assert china_economy["nonprivate_employment_weight"].status == "assumed"


def test_shipped_profiles_have_the_documented_shape(china_economy):
    status = china_economy.data("relative_earnings_status")
    assert float(status.sel(status="standard")) == 1.0
    assert np.all(status.sel(status=["nonstandard", "platform", "self_employed", "farm"]).values < 1.0)
    age = china_economy.data("relative_earnings_age")
    assert np.all(age.sel(age=slice(0, 15)).values == 0.0)
    assert np.all(age.sel(age=slice(16, None)).values > 0.0)
    for sex in ("male", "female"):
        assert 40 <= int(age.sel(sex=sex).idxmax("age")) <= 49
    assert np.all(age.sel(sex="female", age=slice(16, None)).values < age.sel(sex="male", age=slice(16, None)).values)


def test_shipped_assumptions_project_from_the_2024_anchors(china_economy):
    years = np.arange(china_economy.base_year, china_economy.end_year + 1)
    ages = np.arange(101)
    cells = np.where((ages >= 16) & (ages <= 64), 1.0e6, 0.0)[None, :, None] * np.ones((2, 1, len(STATUSES)))
    persons = xr.DataArray(np.broadcast_to(cells, (years.size, *cells.shape)).copy(),
                           coords={"year": years, "sex": SEXES, "age": ages, "status": STATUSES},
                           dims=("year", "sex", "age", "status"))
    flat = xr.DataArray(np.zeros(years.size), coords={"year": years}, dims="year")
    result = project_economy(china_economy, adoption=flat, employment=persons)
    assert float(result["gdp"].sel(year=2024)) == pytest.approx(134.91e12, rel=1e-12)
    assert float(result["average_wage"].sel(year=2024)) == pytest.approx(99_524.7, rel=1e-12)
    growth = china_economy.data("productivity_growth")
    inflation = china_economy.data("inflation")
    wage = result["average_wage"]
    np.testing.assert_allclose((wage.sel(year=years[1:]).values / wage.sel(year=years[:-1]).values),
                               ((1 + growth) * (1 + inflation)).values, rtol=1e-12)
