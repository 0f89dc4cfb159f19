"""Model-career replacement rates and money's worth (actuarial.analysis.careers)."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from actuarial.analysis.careers import (
    CAREER_YEARS,
    TAIL_YEARS,
    career_metrics_rows,
    irr,
    model_career_replacement_rates,
    money_s_worth,
    monthly_award,
    pv_ratio,
    statutory_age,
    year_paths,
)
from actuarial.config.assumptions import replace_data
from actuarial.dims import UNITS

W = 120_000.0  # flat social average wage, yuan/year; monthly W_m = 10,000


@pytest.fixture(scope="module")
def careers(baseline, baseline_projection):
    return model_career_replacement_rates(baseline, baseline_projection)


@pytest.fixture(scope="module")
def worth(baseline, baseline_projection):
    return money_s_worth(baseline, baseline_projection)


def test_hand_computed_career_award():
    # 15 years at 1 x a flat wage, zero crediting, 8 % to the account, accrual 1 %, retiring at 60 (139 months):
    #   basic   = W_m (1 + 1) / 2 * 15 * 0.01 = 0.15 W_m = 1,500 yuan/month
    #   account = 15 years * 0.08 * (12 W_m a year) / 139 months = 15 * 0.08 * 120,000 / 139 = 1,035.97 yuan/month
    award = monthly_award(wage=np.full(15, W), base_ratio=np.ones(15), account_rate=np.full(15, 0.08),
                          crediting=np.zeros(15), wage_previous=W, accrual=0.01, divisor=139.0)
    monthly = W / 12.0
    expected = 0.15 * monthly + 15 * 0.08 * 12 * monthly / 139
    assert award.basic == pytest.approx(0.15 * monthly, rel=1e-12)
    assert award.transitional == 0.0
    assert abs(award.total - expected) <= 1e-12 * expected


def test_hand_computed_deemed_years_and_crediting():
    # 40 years at 2 x, the first 7 deemed (no account, transitional 1.2 % a year), crediting 10 % from year 8:
    #   basic        = W_m (1 + 2) / 2 * 40 * 0.01 = 0.6 W_m
    #   transitional = W_m * 2 * 7 * 0.012         = 0.168 W_m
    #   account      = 0.08 * 2 * W * sum_{k=0..32} 1.1^k / 139   (33 credited years, the last without interest)
    rate = np.r_[np.zeros(7), np.full(33, 0.08)]
    award = monthly_award(wage=np.full(40, W), base_ratio=np.full(40, 2.0), account_rate=rate,
                          crediting=np.full(40, 0.1), wage_previous=W, accrual=0.01, divisor=139.0,
                          deemed_years=7, transitional_accrual=0.012)
    monthly = W / 12.0
    balance = 0.08 * 2 * W * sum(1.1 ** k for k in range(33))
    assert award.basic == pytest.approx(0.6 * monthly, rel=1e-12)
    assert award.transitional == pytest.approx(0.168 * monthly, rel=1e-12)
    assert award.account == pytest.approx(balance / 139.0, rel=1e-12)


def test_hand_computed_career_through_a_run(baseline):
    # The same 15-year career through the run's paths: a flat-wage projection, crediting set to 0; it retires in
    # 2050 at 60 after contributing in 2035..2049 at 1 x (inside the 0.6-3 limits), accrual 0.01 in 2050.
    years = np.arange(baseline.base_year, baseline.end_year + 1)
    projection = xr.Dataset({"average_wage": xr.DataArray(np.full(years.size, W), coords={"year": years}, dims="year")})
    crediting = baseline.data("account_crediting_rate") * 0.0
    assumptions = replace_data(baseline, {"account_crediting_rate": crediting}, label="test")
    table = model_career_replacement_rates(assumptions, projection, years=[2050], lengths=[15], multiples=[1.0])
    row = table[table["group"] == "male"].iloc[0]
    monthly = W / 12.0
    expected = 0.15 * monthly + 15 * 0.08 * 12 * monthly / 139
    assert abs(row["pension"] - expected) <= 1e-12 * expected
    assert row["replacement_rate_average_wage"] == pytest.approx(0.15 + 15 * 0.08 * 12 / 139, rel=1e-12)
    assert row["replacement_rate_final_wage"] == row["replacement_rate_average_wage"]


def test_replacement_rate_rises_with_years_and_falls_with_the_multiple(careers):
    feasible = careers.dropna(subset=["replacement_rate_final_wage"])
    for _, cell in feasible.groupby(["year", "group", "wage_multiple"]):
        assert np.all(np.diff(cell.sort_values("years")["replacement_rate_final_wage"].values) > 0)
    for _, cell in feasible.groupby(["year", "group", "years"]):
        rates = cell.set_index("wage_multiple")["replacement_rate_final_wage"]
        assert rates[2.0] < rates[1.0] < rates[0.6]  # the basic pension's redistribution
        by_average = cell.set_index("wage_multiple")["replacement_rate_average_wage"]
        assert by_average[2.0] > by_average[0.6]


def test_irr_recovers_a_known_rate():
    assert irr(np.array([100.0, 0.0]), np.array([0.0, 110.0])) == pytest.approx(0.1, abs=1e-12)
    rate = 0.0437
    k = np.arange(80)
    contributions = np.where(k < 40, 1.0 + 0.05 * k, 0.0)
    shape = np.where(k >= 40, 1.02 ** (k - 40), 0.0)
    pv = lambda flows: np.sum(flows * (1.0 + rate) ** -k)  # noqa: E731
    benefits = shape * pv(contributions) / pv(shape)  # NPV at `rate` is zero by construction
    assert abs(irr(contributions, benefits) - rate) < 1e-10


def test_pv_ratio_is_one_at_the_irr():
    k = np.arange(70)
    contributions = np.where(k < 38, 1.06 ** k, 0.0)
    benefits = np.where(k >= 38, 9.0 * 1.03 ** (k - 38) * 0.97 ** np.maximum(k - 50, 0), 0.0)
    r = irr(contributions, benefits)
    assert abs(pv_ratio(contributions, benefits, r) - 1.0) < 1e-10
    assert abs(pv_ratio(contributions, benefits, np.full(k.size, r)) - 1.0) < 1e-10
    assert (pv_ratio(contributions, benefits, r - 0.01) > 1.0) and (pv_ratio(contributions, benefits, r + 0.01) < 1.0)


def test_statutory_ages(baseline):
    assert [statutory_age(baseline, "male", birth_year=b) for b in (1960, 1980, 2010)] == [60, 63, 63]
    assert statutory_age(baseline, "female_worker", birth_year=2000) == 55
    assert statutory_age(baseline, "male", year=2050) == 63


def test_paths_beyond_the_horizon(baseline, baseline_projection):
    end = baseline.end_year
    paths = year_paths(baseline, baseline_projection, 2000, end + 5)
    wage = baseline_projection["average_wage"].values
    tail = np.mean(wage[-TAIL_YEARS:] / wage[-TAIL_YEARS - 1:-1] - 1.0)
    assert paths.at("wage", end) == wage[-1]
    assert paths.at("wage", end + 5) == pytest.approx(wage[-1] * (1.0 + tail) ** 5, rel=1e-12)
    history = baseline.data("history_social_average_wage")  # before the base year: the published wages, scaled to the run
    assert paths.at("wage", 2020) == pytest.approx(wage[0] * float(history.sel(history_year=2020))
                                                   / float(history.sel(history_year=2024)), rel=1e-12)


def test_baseline_tables(careers, worth, baseline):
    assert list(careers.columns[:6]) == ["year", "sex", "years", "wage_multiple", "replacement_rate_final_wage",
                                         "replacement_rate_average_wage"]
    assert len(careers) == len(CAREER_YEARS) * 3 * 4 * 3  # years x groups x lengths x multiples
    # a career is NaN only when it would start before 16 (e.g. 40 years retiring at 55)
    missing = careers["replacement_rate_final_wage"].isna()
    assert ((careers["retirement_age"] - careers["years"] < 16) == missing).all()
    assert list(worth.columns) == ["birth_year", "sex", "status", "irr", "pv_ratio_discount", "pv_ratio_wage_growth",
                                   "contributions_share"]
    assert len(worth) == 6 * 2 * 2 * 2 and np.isfinite(worth[["irr", "pv_ratio_discount", "pv_ratio_wage_growth"]]).all().all()
    discount = baseline.data("valuation_discount_rate").values
    assert np.all(discount == discount[0])  # constant: PV ratio above 1 exactly when the IRR beats it
    assert ((worth["pv_ratio_discount"] > 1.0) == (worth["irr"] > discount[0])).all()
    own, total = (worth[worth["contributions_share"] == s].reset_index(drop=True) for s in ("worker", "total"))
    employee = total["status"] == "employee"
    assert (own["irr"][employee] > total["irr"][employee]).all()
    assert (own["irr"][~employee] == total["irr"][~employee]).all()  # flexible workers pay the whole rate


def test_metrics_rows(baseline, baseline_projection):
    rows = career_metrics_rows(baseline, baseline_projection)
    assert list(rows.columns) == ["scheme", "metric", "value", "unit"]
    assert (rows["scheme"] == "pension_employee").all() and rows["metric"].is_unique
    assert np.isfinite(rows["value"]).all() and rows["unit"].isin(UNITS).all()
    names = set(rows["metric"])
    assert {"replacement_rate_model_35y_1.0x_2050", "irr_employee_male_1980",
            "pv_ratio_discount_flexible_female_2010_worker_share"} <= names
    assert "replacement_rate_model_15y_1.0x_2050" not in names  # short of the 20 minimum years in force
