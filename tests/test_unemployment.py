"""Unemployment insurance (issue 13 item 2): base year, fund identity, closure, entitlement, rates, options."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from actuarial import load_scenario, run_model
from actuarial.analysis.fund_metrics import unemployment_metrics
from actuarial.config import AssumptionError
from actuarial.config.assumptions import replace_data
from actuarial.demography.projection import demographic_inputs
from actuarial.schemes.unemployment_rules import entitlement_months, months_paid, share_within_entitlement
from stacked import StackedCase, assert_scheme_stacks, stack_sets

ROOT = Path(__file__).resolve().parents[1]
PROJECTIONS = ROOT / "projections"
CASE = ROOT / "validation" / "unemployment2024"


def scenario_file(tmp_path: Path, overrides: str) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text("scenario:\n  name: test\n  description: test\n  assumptions: " + str(ROOT / "assumptions" / "china")
                    + "\noverrides:\n" + overrides)
    return path


@pytest.fixture(scope="module")
def baseline():
    assumptions = load_scenario(PROJECTIONS / "baseline.yaml")
    return assumptions, run_model(assumptions)


def test_base_year_meets_its_published_targets(baseline):
    _, projection = baseline
    p = projection.sel(year=2024)
    published = pd.read_csv(CASE / "published.csv").set_index("quantity")["published"]
    revenue = float(p["unemployment_contributions"] + p["unemployment_fiscal_subsidy"] + p["unemployment_investment_income"])
    expenditure = float(p["unemployment_benefits"] + p["unemployment_other_outflows"])
    assert float(p["unemployment_contributors"]) == pytest.approx(published["ui_participants"], rel=1e-9)
    assert float(p["unemployment_beneficiaries"]) == pytest.approx(published["ui_beneficiaries_yearend"], rel=1e-9)
    assert revenue == pytest.approx(published["ui_revenue"], rel=1e-9)
    assert expenditure == pytest.approx(published["ui_expenditure"], rel=1e-9)
    assert float(p["unemployment_fund_balance"]) == pytest.approx(published["ui_balance"], rel=1e-9)
    take_up = projection.attrs["unemployment.take_up"] if "unemployment.take_up" in projection.attrs else \
        projection.attrs["unemployment_take_up"]
    assert 0.0 < take_up < 1.0


def test_fund_rolls_forward_by_its_identity(baseline):
    _, projection = baseline
    years = projection["year"].values[1:]
    p = projection.sel(year=years)
    balance = projection["unemployment_fund_balance"].values
    change = balance[1:] - balance[:-1]
    inflows = (p["unemployment_contributions"] + p["unemployment_fiscal_subsidy"] + p["unemployment_investment_income"]
               + p["unemployment_backstop"] + p["unemployment_financing_inflows"])
    outflows = p["unemployment_benefits"] + p["unemployment_other_outflows"]
    np.testing.assert_allclose(change, (inflows - outflows).values, rtol=1e-9, atol=1e-3 * abs(balance).max() * 1e-6)


def test_balance_never_negative_under_the_backstop(tmp_path):
    path = scenario_file(tmp_path, "  unemployment_employer_rate:\n    values: {2025: 0.005, 2027: 0.0}\n"
                                   "  unemployment_worker_rate:\n    values: {2025: 0.005, 2027: 0.0}\n")
    projection = run_model(load_scenario(path))
    assert (projection["unemployment_fund_balance"].values >= 0.0).all()
    assert projection["unemployment_backstop"].sum() > 0.0
    assert (projection["unemployment_fund_balance_borrowing"].values < 0.0).any()
    rows = unemployment_metrics(load_scenario(path), projection).set_index("metric")["value"]
    assert 2027 <= rows["depletion_year"] <= 2035


def test_no_benefit_for_the_uncovered_or_beyond_the_legislated_duration():
    assert entitlement_months([0.5, 1.0, 4.9, 5.0, 9.9, 10.0, 30.0]).tolist() == [0, 12, 12, 18, 18, 24, 24]
    spells = np.array([6.0, 30.0, 30.0, 30.0, 30.0])
    years = np.array([3.0, 3.0, 7.0, 12.0, 0.5])
    np.testing.assert_array_equal(months_paid(spells, years, covered=True), [6, 12, 18, 24, 0])
    np.testing.assert_array_equal(months_paid(spells, years, covered=False), np.zeros(5))
    assert share_within_entitlement(0.0, 8.0) == 0.0
    assert 0.0 < share_within_entitlement(12.0, 8.0) < share_within_entitlement(24.0, 8.0) < 1.0


def test_uncovered_flexible_workers_are_not_members_until_cover_is_extended(baseline):
    _, projection = baseline
    by_status = projection["unemployment_contributors_by_status"]
    assert float(by_status.sel(status=["platform", "self_employed"]).sum()) == 0.0
    extended = run_model(load_scenario(PROJECTIONS / "ui_extend_flexible.yaml"))
    flexible = extended["unemployment_contributors_by_status"].sel(status=["platform", "self_employed"], year=2030)
    assert float(flexible.sum()) > 0.0
    # flexible workers carry more risk: more beneficiaries per member than the employees' cover alone
    base, ext = projection.sel(year=2030), extended.sel(year=2030)
    assert float(ext["unemployment_beneficiaries"] / ext["unemployment_contributors"]) > \
        float(base["unemployment_beneficiaries"] / base["unemployment_contributors"])
    assert float(extended.sel(year=2024)["unemployment_contributors"]) == float(projection.sel(year=2024)["unemployment_contributors"])


def test_raising_the_rate_raises_revenue_and_leaves_the_base_year_alone(baseline):
    _, projection = baseline
    raised = run_model(load_scenario(PROJECTIONS / "ui_rate_raise.yaml"))
    assert float(raised.sel(year=2024)["unemployment_contributions"]) == float(projection.sel(year=2024)["unemployment_contributions"])
    later = raised["year"] >= 2026
    assert (raised["unemployment_contributions"].where(later, drop=True)
            > projection["unemployment_contributions"].where(later, drop=True)).all()
    assert float(raised.sel(year=2030)["unemployment_fund_balance"]) > float(projection.sel(year=2030)["unemployment_fund_balance"])


def test_ai_supplement_is_paid_by_the_budget(baseline):
    _, projection = baseline
    assert float(projection["unemployment_ai_supplement"].sum()) == 0.0
    supplemented = run_model(load_scenario(PROJECTIONS / "ui_ai_supplement.yaml"))
    year = supplemented.sel(year=2035)
    assert float(year["unemployment_ai_supplement"]) > 0.0
    assert float(year["unemployment_fiscal_subsidy"]) == pytest.approx(float(year["unemployment_ai_supplement"]))
    np.testing.assert_allclose(supplemented["unemployment_fund_balance"].values,
                               projection["unemployment_fund_balance"].values, rtol=1e-9)


def test_ai_displaced_inflows_add_beneficiaries():
    fast = run_model(load_scenario(PROJECTIONS / "ai_fast.yaml"))
    no_ai = run_model(load_scenario(PROJECTIONS / "no_ai.yaml"))
    assert float(fast.sel(year=2035)["unemployment_beneficiaries_ai"]) > 0.0
    assert float(no_ai["unemployment_beneficiaries_ai"].sum()) == 0.0


def test_unreachable_take_up_is_an_input_error(tmp_path):
    path = scenario_file(tmp_path, "  unemployment_beneficiaries_target:\n    value: 1.0e+8\n")
    with pytest.raises(AssumptionError, match="take-up"):
        run_model(load_scenario(path))


def test_metrics_rows(baseline):
    assumptions, projection = baseline
    rows = unemployment_metrics(assumptions, projection)
    assert set(rows["scheme"]) == {"unemployment"}
    names = set(rows["metric"])
    for name in ("depletion_year", "reserve_months_2030", "reserve_months_2050", "cost_rate_2050", "income_rate_2050",
                 "fiscal_cost_pct_gdp_2024", "fiscal_cost_pct_gdp_2050"):
        assert name in names


def test_a_chunk_whose_fund_return_varies_calibrates_path_by_path(baseline):
    """The UI fund's return is not drawn, but a chunk where it varies (the base year's return too) opens and
    calibrates each path's base year on its own: the chunk run once gives each path's own run, bit for bit."""
    assumptions, projection = baseline
    returns = assumptions.data("unemployment_fund_return")
    sets = tuple(replace_data(assumptions, {"unemployment_fund_return": returns + shift}, label=f"return {shift}")
                 for shift in (0.0, 0.01))
    survival = demographic_inputs(assumptions).survival
    case = StackedCase(sets, stack_sets(sets), (projection, projection),
                       xr.concat([projection, projection], dim="path").transpose("path", ...),
                       np.concatenate([survival, survival]))
    assert_scheme_stacks("unemployment", case)
