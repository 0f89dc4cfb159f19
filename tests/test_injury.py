"""Work-injury insurance and the platform occupational-injury pilot (issue 13 item 3): base year, fund identities,
legislated benefits, pension stocks, the pilot's incidence, the levy routed to the pilot, metrics, validation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from actuarial import load_scenario, run_model
from actuarial.analysis.fund_metrics import injury_metrics, unemployment_metrics
from actuarial.analysis.validation import Case, run_case
from actuarial.config import AssumptionError
from actuarial.schemes.injury_rules import (
    age_stock,
    death_benefit,
    entry_ages,
    excess_survival,
    steady_stock,
    steady_survivors,
)
from actuarial.schemes.platform_injury import base_interest, sector_incidence

ROOT = Path(__file__).resolve().parents[1]
PROJECTIONS = ROOT / "projections"
CASE = ROOT / "validation" / "injury2024"
COMPONENTS = ("injury_medical", "injury_disability_grants", "injury_disability_pensions", "injury_survivor_pensions",
              "injury_death_grants")


def scenario_file(tmp_path: Path, overrides: str, extra: str = "") -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text("scenario:\n  name: test\n  description: test\n  assumptions: " + str(ROOT / "assumptions" / "china")
                    + "\noverrides:\n" + overrides + extra)
    return path


@pytest.fixture(scope="module")
def baseline():
    assumptions = load_scenario(PROJECTIONS / "baseline.yaml")
    return assumptions, run_model(assumptions)


# --------------------------------------------------------------------------- legislated rules, by hand
def test_death_benefit_is_twenty_years_of_income_plus_six_months_of_wage():
    assert death_benefit(np.array([50_000.0]), np.array([120_000.0]))[0] == pytest.approx(20 * 50_000 + 60_000)


def test_entry_ages_are_a_distribution_over_working_ages():
    ages = np.arange(101.0)
    weights = entry_ages(ages, 40.0, 10.0, 59.0)
    assert weights.sum() == pytest.approx(1.0)
    assert weights[:16].sum() == 0.0 and weights[60:].sum() == 0.0
    assert weights.argmax() == 40


def test_stock_ages_one_year_and_keeps_the_open_age():
    stock = np.array([10.0, 20.0, 30.0])
    survival = np.array([1.0, 0.5, 0.8])
    aged = age_stock(stock, survival, entrants=np.array([1.0, 0.0, 0.0]))
    # age 0: entrants; age 1: 10 x 0.5; open age: (20 + 30) x 0.8
    np.testing.assert_allclose(aged, [1.0, 5.0, 40.0])


def test_steady_stock_without_deaths_is_inflow_times_years_lived_and_survivors_are_inflow_over_exit():
    survival = np.array([1.0, 1.0, 1.0, 0.0])  # everyone dies leaving age 2 (the open age keeps none)
    stock = steady_stock(survival, np.array([3.0, 0.0, 0.0, 0.0]))
    np.testing.assert_allclose(stock, [3.0, 3.0, 3.0, 0.0])
    assert steady_survivors(1_000.0, 0.05) == pytest.approx(20_000.0)


def test_excess_mortality_multiplies_the_death_probability_and_stays_a_probability():
    np.testing.assert_allclose(excess_survival(np.array([0.99, 0.6]), 2.0), [0.98, 0.2])
    assert excess_survival(np.array([0.3]), 2.0)[0] == 0.0


def test_sector_incidence_keeps_the_pooled_rate():
    delivery, other = sector_incidence(0.004, 0.7, 2.0)
    assert delivery == pytest.approx(2.0 * other)
    assert 0.7 * delivery + 0.3 * other == pytest.approx(0.004)


def test_base_interest_satisfies_the_roll_forward_of_the_year():
    balance, net, rate = 100.0, 10.0, 0.02
    interest = base_interest(balance=balance, net=net, rate=rate)
    opening = balance - net - interest
    assert interest == pytest.approx(opening * rate + net * rate / 2.0)


# --------------------------------------------------------------------------- the base year and the funds
def test_base_year_meets_its_published_targets(baseline):
    _, projection = baseline
    p = projection.sel(year=2024)
    published = pd.read_csv(CASE / "published.csv").set_index("quantity")["published"]
    assert float(p["injury_contributors"]) == pytest.approx(published["wi_participants"], rel=1e-9)
    assert float(p["injury_beneficiaries"]) == pytest.approx(published["wi_beneficiaries_during_year"], rel=1e-9)
    revenue = float(p["injury_contributions"] + p["injury_investment_income"])
    assert revenue == pytest.approx(published["wi_revenue"], rel=1e-9)
    assert float(p["injury_benefits"]) == pytest.approx(published["wi_expenditure"], rel=1e-9)
    assert float(p["injury_fund_balance"]) == pytest.approx(published["wi_balance"], rel=1e-9)
    assert float(p["platform_injury_covered"]) == pytest.approx(published["platform_injury_pilot_covered"], rel=1e-9)
    for name in ("injury.coverage_scale", "injury.stock_scale", "platform_injury.reach"):
        key = name if name in projection.attrs else name.replace(".", "_")
        assert 0.0 < projection.attrs[key] <= 1.0


def test_validation_case_passes_at_the_published_rounding():
    table = run_case(Case(CASE.name, CASE))
    assert table["ok"].all(), table[~table["ok"]]
    assert table.loc[table["year"] == 2024, "asserted"].all()         # every base-year figure is asserted
    backcast = table[table["quantity"] == "wi_revenue_backcast"]       # the back-cast is shown, not asserted
    assert set(backcast["year"]) == {2015, 2021} and not backcast["asserted"].any()


@pytest.mark.parametrize("prefix", ["injury", "platform_injury"])
def test_fund_rolls_forward_by_its_identity(baseline, prefix):
    _, projection = baseline
    years = projection["year"].values[1:]
    p = projection.sel(year=years)
    balance = projection[f"{prefix}_fund_balance"].values
    inflows = (p[f"{prefix}_contributions"] + p[f"{prefix}_investment_income"] + p[f"{prefix}_backstop"]
               + p[f"{prefix}_financing_inflows"])
    np.testing.assert_allclose(balance[1:] - balance[:-1], (inflows - p[f"{prefix}_benefits"]).values, rtol=1e-9,
                               atol=1e-6 * abs(balance).max())
    assert (balance >= 0.0).all()  # backstop: never negative


def test_benefits_are_the_sum_of_their_parts_and_cases_split_by_sector(baseline):
    _, projection = baseline
    parts = sum(projection[name] for name in COMPONENTS)
    np.testing.assert_allclose(projection["injury_benefits"].values, parts.values, rtol=1e-12)
    sectors = projection["platform_injury_cases_delivery"] + projection["platform_injury_cases_other"]
    np.testing.assert_allclose(projection["platform_injury_cases"].values, sectors.values, rtol=1e-12)
    members = projection["injury_contributors_by_status"].sum("status")
    np.testing.assert_allclose(members.values, projection["injury_contributors"].values, rtol=1e-12)
    assert float(projection["injury_contributors_by_status"].sel(status=["platform", "self_employed"]).sum()) == 0.0


def test_pension_stocks_age_and_die_without_new_cases(tmp_path):
    path = scenario_file(tmp_path, "  injury_case_rate:\n    values: {2024: 0.0042, 2025: 0.0}\n"
                                   "    reason: test, no case after 2024\n")
    # the base year takes the first projection year's value: it must stay at the calibrated rate
    with pytest.raises(AssumptionError, match="injury_beneficiaries_target"):
        run_model(load_scenario(path))
    path = scenario_file(tmp_path, "  injury_case_rate:\n    values: {2025: 0.0042, 2026: 0.0}\n"
                                   "    reason: test, no case after 2025\n")
    p = run_model(load_scenario(path)).sel(year=slice(2026, 2060))
    pensioners = p["injury_disability_pensioners"].values
    survivors = p["injury_survivor_pensioners"].values
    assert (np.diff(pensioners) < 0).all()
    np.testing.assert_allclose(survivors[1:], 0.94 * survivors[:-1], rtol=1e-12)
    assert float(p["injury_cases"].sum()) == 0.0 and float(p["injury_death_grants"].sum()) == 0.0


def test_a_higher_rate_raises_contributions_and_leaves_benefits(baseline, tmp_path):
    _, projection = baseline
    path = scenario_file(tmp_path, "  injury_average_rate:\n    values: {2016: 0.0075, 2030: 0.01}\n"
                                   "    reason: test\n")
    raised = run_model(load_scenario(path))
    ratio = (raised["injury_contributions"] / projection["injury_contributions"]).sel(year=[2029, 2030, 2050])
    np.testing.assert_allclose(ratio.values, [1.0, 0.01 / 0.0075, 0.01 / 0.0075], rtol=1e-12)
    np.testing.assert_allclose(raised["injury_benefits"].values, projection["injury_benefits"].values, rtol=1e-12)


def test_unreachable_participants_are_an_input_error(tmp_path):
    path = scenario_file(tmp_path, "  injury_members_target:\n    value: 400000000\n    reason: test\n")
    with pytest.raises(AssumptionError, match="injury_members_target"):
        run_model(load_scenario(path))


# --------------------------------------------------------------------------- the levy routed to the pilot
def test_platform_levy_can_be_routed_to_the_pilots_fund(baseline):
    _, projection = baseline
    routed = run_model(load_scenario(PROJECTIONS / "injury_platform_levy.yaml"))
    inflows = routed["platform_injury_financing_inflows"].sel(year=slice(2026, None))
    assert (inflows > 0).all()
    assert float(routed["platform_injury_financing_inflows"].sel(year=2025)) == 0.0
    assert float(abs(routed["pension_financing_inflows"]).sum()) == 0.0
    for name in ("pension_fund_balance", "unemployment_fund_balance", "injury_fund_balance", "platform_injury_benefits"):
        np.testing.assert_array_equal(routed[name].values, projection[name].values)
    assert (routed["platform_injury_fund_balance"].sel(year=2030) > projection["platform_injury_fund_balance"].sel(year=2030))


# --------------------------------------------------------------------------- metrics
def test_metrics_rows_for_each_injury_fund_in_the_shape_of_the_others(baseline):
    assumptions, projection = baseline
    rows = injury_metrics(assumptions, projection)
    assert list(rows.columns) == ["scheme", "metric", "value", "unit"]
    assert set(rows["scheme"]) == {"injury", "platform_injury"}
    ui = set(unemployment_metrics(assumptions, projection)["metric"])
    for scheme in ("injury", "platform_injury"):
        metrics = set(rows.loc[rows["scheme"] == scheme, "metric"])
        shared = {m for m in ui if not m.startswith("beneficiaries_per_1000")}
        assert shared <= metrics, shared - metrics
        assert {f"cases_per_1000_members_{y}" for y in (2030, 2050, 2075)} <= metrics
    cases = rows.set_index(["scheme", "metric"])["value"]
    assert cases[("injury", "cases_per_1000_members_2050")] == pytest.approx(4.2)
