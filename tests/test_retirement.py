"""Statutory retirement ages (2024 reform), flexible retirement and retired fractions."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
import time
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from actuarial.labour.retirement import (
    RetirementRules,
    mean_statutory_retirement_age,
    original_retirement_age,
    retired_fraction,
    retired_fraction_by_group,
    retirement_age_by_birth_month,
)
from actuarial.paths import ASSUMPTIONS_DIR

CHINA = ASSUMPTIONS_DIR / "china"
YEARS = np.arange(2024, 2101)


def with_data(assumptions, **arrays):
    """A copy of ``assumptions`` with the data of some items replaced (the original stays frozen)."""
    items = dict(assumptions.items)
    for name, data in arrays.items():
        items[name] = dataclasses.replace(items[name], data=data)
    return dataclasses.replace(assumptions, items=MappingProxyType(items))


def flexible(shares: dict[int, float]) -> xr.DataArray:
    offsets = np.arange(-3, 4)
    return xr.DataArray([shares.get(int(d), 0.0) for d in offsets], coords={"offset": offsets}, dims="offset")


def age(schedule, group, year, month):
    return float(schedule.sel(group=group, birth_year=year, birth_month=month))


@pytest.fixture(scope="module")
def fractions(baseline):
    return retired_fraction(baseline, YEARS)


# --------------------------------------------------------------------------- the legislated table
@pytest.mark.parametrize("group, year, month, expected", [
    ("male", 1964, 12, 60.0),
    ("male", 1965, 1, 60 + 1 / 12),
    ("male", 1965, 4, 60 + 1 / 12),
    ("male", 1965, 5, 60 + 2 / 12),
    ("male", 1976, 8, 62 + 11 / 12),
    ("male", 1976, 9, 63.0),
    ("male", 2010, 12, 63.0),
    ("female_cadre", 1969, 12, 55.0),
    ("female_cadre", 1970, 1, 55 + 1 / 12),
    ("female_cadre", 1981, 8, 57 + 11 / 12),
    ("female_cadre", 1981, 9, 58.0),
    ("female_worker", 1974, 12, 50.0),
    ("female_worker", 1975, 1, 50 + 1 / 12),
    ("female_worker", 1975, 2, 50 + 1 / 12),
    ("female_worker", 1975, 3, 50 + 2 / 12),
    ("female_worker", 1984, 10, 54 + 11 / 12),
    ("female_worker", 1984, 11, 55.0),
    ("female_worker", 1920, 1, 50.0),
])
def test_statutory_age_matches_the_annex_tables(baseline, group, year, month, expected):
    assert age(baseline.data("statutory_retirement_age"), group, year, month) == pytest.approx(expected, abs=1e-12)


def test_table_is_whole_months_monotone_and_capped(baseline):
    schedule = baseline.data("statutory_retirement_age")
    months = schedule.values * 12
    np.testing.assert_allclose(months, np.round(months), atol=1e-9)
    for group, low, high in (("male", 60, 63), ("female_cadre", 55, 58), ("female_worker", 50, 55)):
        flat = schedule.sel(group=group).values.ravel()        # birth year then birth month
        assert (np.diff(flat) >= 0).all()
        assert flat.min() == low and flat.max() == pytest.approx(high, abs=1e-12)
        assert set(np.round(np.diff(flat) * 12, 9)) <= {0.0, 1.0}  # one month at a time
    assert original_retirement_age(schedule).values.tolist() == [60.0, 55.0, 50.0]


def test_build_script_regenerates_the_shipped_table(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("build_retirement", CHINA / "build" / "build_retirement.py")
    build = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, build)   # dataclasses look their module up there
    spec.loader.exec_module(build)
    assert build.main(["--out", str(tmp_path)]) == 0
    for name in ("statutory_retirement_age.csv", "flexible_retirement.csv"):
        assert (tmp_path / name).read_bytes() == (CHINA / name).read_bytes(), f"{name} is stale; rerun the build script"


def test_mean_statutory_age_by_cohort(baseline):
    mean = mean_statutory_retirement_age(baseline)
    assert mean.dims == ("group", "birth_year") and mean.attrs["units"] == "years"
    assert float(mean.sel(group="male", birth_year=1964)) == 60.0
    assert float(mean.sel(group="male", birth_year=1965)) == pytest.approx(60 + 2 / 12)   # 1,1,1,1,2,2,2,2,3,3,3,3 months
    assert float(mean.sel(group="male", birth_year=1980)) == pytest.approx(63.0)
    assert float(mean.sel(group="female_worker", birth_year=1975)) == pytest.approx(50 + 3.5 / 12)
    assert float(mean.sel(group="female_worker", birth_year=1985)) == pytest.approx(55.0)


def test_minimum_contribution_years_path(baseline):
    years = baseline.data("minimum_contribution_years")
    assert years.sel(year=2025).item() == 15.0 and years.sel(year=2029).item() == 15.0
    np.testing.assert_allclose(years.sel(year=slice(2030, 2039)).values, 15.5 + 0.5 * np.arange(10))
    assert (years.sel(year=slice(2039, None)).values == 20.0).all()


def test_flexible_shares(baseline):
    shares = baseline.data("flexible_retirement")
    assert shares["offset"].values.tolist() == list(range(-3, 4))
    assert float(shares.sum()) == pytest.approx(1.0, abs=1e-12)
    assert float(shares.sel(offset=0)) > 0.5          # most retire at the statutory age


def test_flexible_ages_respect_the_original_age_and_spare_old_cohorts(baseline):
    schedule = baseline.data("statutory_retirement_age")
    ages = retirement_age_by_birth_month(schedule, offsets=baseline.data("flexible_retirement"),
                                         original_age=original_retirement_age(schedule))
    assert ages.dims == ("group", "birth_year", "birth_month", "offset")
    assert (ages >= original_retirement_age(schedule)).all()
    assert (ages.sel(group="male", birth_year=1964) == 60.0).all()            # before the reform: no flexibility
    born_jan_1965 = ages.sel(group="male", birth_year=1965, birth_month=1)
    np.testing.assert_allclose(born_jan_1965.values, [60, 60, 60, 60 + 1 / 12, 61 + 1 / 12, 62 + 1 / 12, 63 + 1 / 12])
    born_1990 = ages.sel(group="female_worker", birth_year=1990, birth_month=6)
    np.testing.assert_allclose(born_1990.values, [52, 53, 54, 55, 56, 57, 58])


# --------------------------------------------------------------------------- retired fractions
def test_retired_fraction_shape_bounds_and_monotone_in_age(fractions):
    assert fractions.dims == ("year", "sex", "age")
    assert fractions["sex"].values.tolist() == ["male", "female"]
    assert fractions["age"].values.tolist() == list(range(101))
    assert fractions["year"].values.tolist() == YEARS.tolist()
    assert fractions.attrs["units"] == "fraction" and fractions.attrs["long_name"]
    assert ((fractions >= 0) & (fractions <= 1)).all()
    assert (fractions.diff("age") >= -1e-12).all()
    assert (fractions.sel(age=slice(0, 44)) == 0).all()
    assert (fractions.sel(age=slice(70, None)) == 1).all()


def test_2024_follows_the_old_rules_exactly(fractions, baseline):
    old = fractions.sel(year=2024)
    cadre = float(baseline.data("female_cadre_share").isel(year=0))
    assert (old.sel(sex="male", age=slice(0, 59)) == 0).all()       # no flexible early retirement before 2025
    assert (old.sel(sex="male", age=slice(60, None)) == 1).all()    # born 1964: all reached 60 during 2024
    assert (old.sel(sex="female", age=slice(0, 49)) == 0).all()
    np.testing.assert_allclose(old.sel(sex="female", age=slice(50, 54)).values, 1 - cadre, atol=1e-12)
    assert (old.sel(sex="female", age=slice(55, None)) == 1).all()


def test_2025_values_worked_by_hand(fractions, baseline):
    shares = baseline.data("flexible_retirement")
    at_statutory, early = float(shares.sel(offset=0)), float(shares.sel(offset=[-3, -2, -1]).sum())
    cadre = float(baseline.data("female_cadre_share").sel(year=2025))
    # Men aged 60 at end-2025 were born in 1965: statutory age 60y1m (Jan-Apr), 60y2m (May-Aug), 60y3m
    # (Sep-Dec); by December those born Jan-Sep reached it (9 of 12 months); early retirees (floor 60) all
    # have; deferrers none.
    assert float(fractions.sel(year=2025, sex="male", age=60)) == pytest.approx(at_statutory * 9 / 12 + early)
    assert float(fractions.sel(year=2025, sex="male", age=59)) == 0.0
    # Women aged 50 at end-2025, born 1975: workers 50y1m..50y6m by pairs of months, reached by those born
    # Jan-Aug (8 of 12); cadres (55 rule) none.
    expected = (1 - cadre) * (at_statutory * 8 / 12 + early)
    assert float(fractions.sel(year=2025, sex="female", age=50)) == pytest.approx(expected)


def test_reform_never_raises_the_retired_fraction(fractions):
    base = fractions.sel(year=2024)
    assert (fractions <= base + 1e-12).all()
    later = fractions.sel(year=slice(2025, None), sex="male", age=slice(60, 63))
    assert (later <= base.sel(sex="male", age=slice(60, 63)) + 1e-12).all()
    assert float(fractions.sel(year=2040, sex="male", age=61)) < 0.2      # fully phased in: 63 from 2040


def test_raising_the_cadre_share_lowers_the_female_fraction(baseline, fractions):
    share = baseline.data("female_cadre_share")
    higher = with_data(baseline, female_cadre_share=xr.full_like(share, min(float(share.max()) + 0.2, 1.0)))
    raised = retired_fraction(higher, YEARS)
    band = dict(sex="female", age=slice(50, 57))
    assert (raised.sel(**band) <= fractions.sel(**band) + 1e-12).all()
    assert (raised.sel(**band) < fractions.sel(**band) - 1e-6).any()
    xr.testing.assert_equal(raised.sel(sex="male"), fractions.sel(sex="male"))


def test_without_flexibility_the_fraction_is_the_statutory_one(baseline):
    strict = with_data(baseline, flexible_retirement=flexible({0: 1.0}))
    fraction = retired_fraction(strict, [2030, 2040])
    assert float(fraction.sel(year=2030, sex="male", age=60)) == 0.0     # born 1970: 61y4m..61y6m
    assert float(fraction.sel(year=2040, sex="male", age=62)) == 0.0     # born 1978: 63
    assert float(fraction.sel(year=2040, sex="male", age=63)) == 1.0
    everyone_early = with_data(baseline, flexible_retirement=flexible({-3: 1.0}))
    early = retired_fraction(everyone_early, YEARS)
    assert (early.sel(sex="male", age=slice(0, 59)) == 0).all()           # never below the original age 60
    assert (early.sel(sex="male", age=slice(60, None)) == 1).all()        # 63 - 3 = 60 for every raised cohort


def test_cohorts_outside_the_table_take_the_nearest_table_year(baseline):
    fraction = retired_fraction(baseline, [2080, 2100])
    # Everyone aged 30+ in 2080 or 2100 and born after 2010 follows the 2010 cohort's rules.
    xr.testing.assert_equal(fraction.sel(year=2080, age=slice(30, 70), drop=True),
                            fraction.sel(year=2100, age=slice(30, 70), drop=True))


def reference_fraction(rules: RetirementRules, year: int, group: str) -> np.ndarray:
    """Plain-loop twin of retired_fraction_by_group for one year and group."""
    schedule, shares = rules.schedule.sel(group=group), rules.flexible
    original = float(schedule.isel(birth_year=0, birth_month=0))
    first, last = int(schedule.birth_year[0]), int(schedule.birth_year[-1])
    out = np.zeros(101)
    for x in range(101):
        birth = min(max(year - x, first), last)
        for month in range(1, 13):
            exact = x + (12 - month + 0.5) / 12
            statutory = float(schedule.sel(birth_year=birth, birth_month=month))
            for offset, share in zip(shares["offset"].values, shares.values):
                if statutory > original:
                    chosen = max(statutory + offset, original) if offset < 0 else statutory + offset
                else:
                    chosen = original
                out[x] += share / 12 * (exact >= chosen)
    return out


@pytest.mark.parametrize("year", [2024, 2027, 2033, 2041])
def test_vectorised_fraction_matches_a_plain_loop(baseline, year):
    rules = RetirementRules.from_assumptions(baseline)
    by_group = retired_fraction_by_group(rules, [year])
    for group in ("male", "female_cadre", "female_worker"):
        np.testing.assert_allclose(by_group.sel(year=year, group=group).values,
                                   reference_fraction(rules, year, group), atol=1e-12)


def test_retired_fraction_is_fast(baseline):
    retired_fraction(baseline, YEARS)
    start = time.perf_counter()
    retired_fraction(baseline, YEARS)
    assert time.perf_counter() - start < 0.5


def test_shipped_csv_columns():
    table = pd.read_csv(CHINA / "statutory_retirement_age.csv")
    assert table.columns.tolist() == ["group", "birth_year", "birth_month", "retirement_age"]
    assert len(table) == 3 * 91 * 12
