"""Medical insurance: employee (UEBMI) and resident (URRBMI) schemes.

Roll-forward identities, cost growth with a flat age-cost curve and constant membership, the
free-cover minimum and the other levers, building blocks checked by hand, the 2024 figures,
the metrics and summary columns, and one-line errors for broken medical parameters.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from actuarial import demographic_inputs
from actuarial.analysis.fund_metrics import medical_metrics
from actuarial.analysis.metrics import valuation_metrics
from actuarial.analysis.summary import SUMMARY_COLUMNS, summary_table
from actuarial.config import AssumptionError, load_scenario
from actuarial.funds.rollforward import fund_outputs
from actuarial.schemes import SCHEMES
from actuarial.schemes.medical_employee import project_medical_employee
from actuarial.schemes.medical_employee_rules import cost_index, free_cover, retired_members
from actuarial.schemes.medical_resident import resident_medical_projection
from actuarial.schemes.protocol import Upstream

ROOT = Path(__file__).resolve().parents[1]
BASE = 2024


# --------------------------------------------------------------------------- inputs
def employee(parameters, upstream: Upstream) -> xr.Dataset:
    """The UEBMI outputs with both funds rolled forward (as the model's fund stage does); the base-year
    calibration in the attrs as ``medical_*``."""
    result = project_medical_employee(parameters, upstream)
    dataset = xr.merge([result.outputs, *(fund_outputs(flows) for flows in result.funds)])
    dataset.attrs = {f"medical_{key}": value for key, value in result.base_year.items()}
    return dataset


def frozen_inputs(projection: xr.Dataset, end: int = 2045) -> Upstream:
    """Every input held at its 2024 value (no deaths, no retirements) except wages and AI adoption."""
    years = np.arange(BASE, end + 1)
    p = projection.sel(year=years).copy()
    hold = lambda a: a.sel(year=BASE, drop=True).expand_dims(year=years).transpose("year", *a.sel(year=BASE).dims)  # noqa: E731
    p["employment"] = hold(p["employment"] - p["employment_past_retirement"])
    p["employment_past_retirement"] = xr.zeros_like(p["employment"])
    for name in ("pension_contributors", "pensioners", "pension_in_payment"):
        p[name] = hold(p[name])
    p["earnings"] = hold(p["earnings"]) * p["average_wage"] / p["average_wage"].sel(year=BASE)
    p["pension_new_pensioners"] = xr.zeros_like(p["pensioners"])
    p["pension_new_by_years"] = xr.zeros_like(p["pension_new_by_years"])
    return Upstream(projection=p, survival=np.ones((1, years.size - 1, 2, 101)))


@pytest.fixture(scope="module")
def survival(baseline):
    return demographic_inputs(baseline).survival


@pytest.fixture(scope="module")
def upstream(baseline_projection, survival):
    return Upstream(projection=baseline_projection, survival=survival)


@pytest.fixture(scope="module")
def parameters(baseline):
    return SCHEMES["medical_employee"].read(baseline)


# --------------------------------------------------------------------------- accounting
def test_funds_roll_forward_exactly(baseline_projection):
    p = baseline_projection
    funds = {
        "pooled": ("medical_fund_balance", ["medical_contributions", "medical_fiscal_subsidy",
                                            "medical_investment_income", "medical_backstop",
                                            "medical_closure_contributions"], "medical_benefits"),
        "accounts": ("medical_account_fund_balance", ["medical_account_contributions",
                                                 "medical_account_investment_income"], "medical_account_benefits"),
        "resident": ("resident_medical_fund_balance", ["resident_medical_premiums", "resident_medical_fiscal_subsidy",
                                                       "resident_medical_investment_income", "resident_medical_backstop",
                                                       "resident_medical_closure_contributions"],
                     "resident_medical_benefits"),
    }
    for name, (balance, inflows, outflow) in funds.items():
        change = p[balance].diff("year")
        flows = (sum(p[k] for k in inflows) - p[outflow]).sel(year=change["year"])
        np.testing.assert_allclose(change.values, flows.values, rtol=1e-10, atol=1.0, err_msg=name)


def test_pooled_contributions_add_up(baseline_projection):
    p = baseline_projection
    parts = (p["medical_employer_contributions"] + p["medical_flexible_contributions"]
             + p["medical_shortfall_contributions"] + p["medical_retiree_contributions"]
             - p["medical_retiree_account_credits"])
    np.testing.assert_allclose(parts.values, p["medical_contributions"].values, rtol=1e-12)
    everyone = (p["medical_members_active"] + p["medical_members_retired"] + p["resident_medical_members"])
    assert np.all(everyone.values <= p["population"].sum(["sex", "age"]).values)
    assert np.all(p["medical_members_active_by_age"].values >= 0.0)


def test_every_medical_variable_has_units_and_long_name(baseline_projection):
    names = [n for n in baseline_projection.data_vars if n.startswith(("medical_", "resident_medical_"))]
    assert len(names) >= 30
    for name in names:
        attrs = baseline_projection[name].attrs
        assert attrs.get("units") and attrs.get("long_name"), name


# --------------------------------------------------------------------------- cost growth
@pytest.mark.parametrize("ai_effect", [0.0, -0.3])
def test_flat_curve_and_constant_membership_grow_at_the_stated_cost_growth(
    baseline, baseline_projection, parameters, ai_effect
):
    flat = xr.ones_like(parameters.age_cost)
    stated = dataclasses.replace(parameters, age_cost=flat, ai_cost_effect=ai_effect)
    inputs = frozen_inputs(baseline_projection)
    result = employee(stated, inputs)
    years = result["year"].values
    assert np.ptp(result["medical_members_active"].values) < 1e-6
    assert np.ptp(result["medical_members_retired"].values) < 1e-6
    wage = inputs.projection["average_wage"].sel(year=years).values
    excess = parameters.excess_cost_growth[1:years.size]
    fade = np.clip((parameters.fade_end - years[1:]) / (parameters.fade_end - parameters.fade_start), 0.0, 1.0)
    ai = 1.0 + ai_effect * inputs.projection["ai_adoption"].sel(year=years).values
    control = parameters.cost_control[1:years.size]
    expected = wage[1:] / wage[:-1] * (1.0 + excess * fade) * (1.0 - control) * ai[1:] / ai[:-1]
    benefits = result["medical_benefits"].values
    np.testing.assert_allclose(benefits[1:] / benefits[:-1], expected, rtol=1e-12)
    # the resident scheme on a constant population grows at the same rate
    resident_parameters = dataclasses.replace(SCHEMES["medical_resident"].read(baseline), age_cost=flat)
    population = inputs.projection["pensioners"] * 0.0 + baseline_projection["population"].sel(year=BASE)
    members = population * 0.0 + (result["medical_members_active_by_age"]
                                  + result["medical_members_retired_by_age"]).sel(year=BASE)  # held as in 2024
    resident = resident_medical_projection(resident_parameters, population=population, employee_members=members,
                                           cost_index=result["medical_cost_index"])
    spending = resident.outputs["resident_medical_benefits"].values
    np.testing.assert_allclose(spending[1:] / spending[:-1], expected, rtol=1e-12)


def test_cost_index_fades_linearly():
    years = np.arange(2024, 2071, dtype=float)
    index = cost_index(years=years, wage=np.ones(years.size), excess=np.full(years.size, 0.02), fade_start=2030,
                       fade_end=2060, adoption=np.zeros(years.size), ai_effect=0.0)
    growth = index[1:] / index[:-1] - 1.0
    np.testing.assert_allclose(growth[:6], 0.02)  # 2025..2030 in full
    assert growth[years[1:].tolist().index(2045)] == pytest.approx(0.01)
    np.testing.assert_allclose(growth[years[1:] >= 2060], 0.0, atol=1e-15)
    assert index[0] == 1.0


# --------------------------------------------------------------------------- retirees and levers
def test_free_cover_share_and_shortfall_by_hand():
    counts = np.zeros((1, 2, 56))
    counts[0, 0, [15, 25, 30]] = [1.0, 2.0, 1.0]  # men: one with 15 years, two with 25, one with 30
    counts[0, 1, [18, 20]] = [1.0, 3.0]
    share, shortfall = free_cover(counts, np.array([[25.0, 20.0]]))
    np.testing.assert_allclose(share, [[0.75, 0.75]])
    np.testing.assert_allclose(shortfall, [[10.0 / 4.0, 2.0 / 4.0]])
    share, shortfall = free_cover(np.zeros((1, 2, 56)), np.array([[25.0, 20.0]]))
    np.testing.assert_allclose(share, 1.0)
    np.testing.assert_allclose(shortfall, 0.0)


def test_retired_members_age_and_survive():
    initial = np.zeros((2, 101))
    initial[:, 99], initial[:, 100], initial[0, 60] = 10.0, 5.0, 100.0
    survival = np.full((2, 2, 101), 0.5)
    new = np.zeros((3, 2, 101))
    new[1, 1, 55] = 7.0
    stock = retired_members(initial, survival, new)
    assert stock[1, 0, 61] == 50.0 and stock[1, 0, 100] == 7.5 and stock[1, 1, 55] == 7.0
    assert stock[2, 1, 56] == 3.5 and stock[2, 0, 62] == 25.0


def test_building_blocks_with_a_path_axis_give_each_paths_own_result_bit_for_bit():
    rng = np.random.default_rng(3)
    years = np.arange(2024, 2040, dtype=float)
    wage, excess, adoption = (rng.uniform(0.5, 1.5, (3, years.size)) for _ in range(3))
    index = cost_index(years=years, wage=wage, excess=excess, fade_start=2030, fade_end=2035, adoption=adoption,
                       ai_effect=-0.2, control=excess[:1] / 10.0)
    initial, survival, new = (rng.uniform(size=shape) for shape in ((3, 2, 101), (3, 4, 2, 101), (3, 5, 2, 101)))
    stock = retired_members(initial, survival, new)
    counts, minimum = rng.uniform(size=(3, 4, 2, 56)), rng.uniform(15.0, 25.0, (1, 4, 2))
    share, shortfall = free_cover(counts, minimum)
    for path in range(3):
        alone = cost_index(years=years, wage=wage[path], excess=excess[path], fade_start=2030, fade_end=2035,
                           adoption=adoption[path], ai_effect=-0.2, control=excess[0] / 10.0)
        assert np.array_equal(index[path], alone)
        assert np.array_equal(stock[path], retired_members(initial[path], survival[path], new[path]))
        own = free_cover(counts[path], minimum[0])
        assert np.array_equal(share[path], own[0]) and np.array_equal(shortfall[path], own[1])


def run_years(path: np.ndarray) -> np.ndarray:
    return np.arange(BASE, BASE + path.size)


def raise_minimum(parameters, start: int, extra: float):
    raised = {name: getattr(parameters, name) + np.where(run_years(getattr(parameters, name)) >= start, extra, 0.0)
              for name in ("free_cover_years_male", "free_cover_years_female")}
    return dataclasses.replace(parameters, **raised)


@pytest.mark.parametrize(("start", "extra"), [(2026, 5.0), (2030, 2.0), (2040, 10.0), (2060, 30.0)])
def test_raising_the_free_cover_minimum_never_lowers_contributions(upstream, parameters, start, extra):
    before = employee(parameters, upstream)
    after = employee(raise_minimum(parameters, start, extra), upstream)
    gain = (after["medical_contributions"] - before["medical_contributions"]).values
    assert np.all(gain >= -1e-6 * before["medical_contributions"].values)
    assert gain[before["year"].values >= start].max() > 0.0
    np.testing.assert_allclose(after["medical_benefits"].values, before["medical_benefits"].values)
    assert np.all(after["medical_free_cover_share"].values <= before["medical_free_cover_share"].values + 1e-12)


def test_employer_rate_and_retiree_levers_act_from_their_year_only(upstream, parameters):
    before = employee(parameters, upstream)
    years = run_years(parameters.employer_rate_change)
    change = dataclasses.replace(parameters, employer_rate_change=np.where(years >= 2030, 0.01, 0.0),
                                 retiree_contribution_rate=np.where(years >= 2035, 0.02, 0.0))
    after = employee(change, upstream)
    gain = (after["medical_contributions"] - before["medical_contributions"])
    base = before["medical_contribution_base"] - before["medical_flexible_contributions"] / (
        parameters.flexible_rate - parameters.flexible_account_rate)
    pensions = before["medical_retired_pensions"]
    expected = 0.01 * base * (before["year"] >= 2030) + 0.02 * pensions * (before["year"] >= 2035)
    np.testing.assert_allclose(gain.values, expected.values, rtol=1e-9, atol=1.0)
    assert float(gain.sel(year=2029)) == 0.0
    assert after.attrs["medical_compliance"] == before.attrs["medical_compliance"]


def test_ai_cost_lever_lowers_costs_with_adoption(baseline_projection, parameters, upstream):
    neutral = baseline_projection
    robots = dataclasses.replace(parameters, ai_cost_effect=-0.2)
    cheaper = employee(robots, upstream)
    adoption = baseline_projection["ai_adoption"]
    ratio = cheaper["medical_benefits"] / neutral["medical_benefits"]
    np.testing.assert_allclose(ratio.values, ((1 - 0.2 * adoption) / (1 - 0.2 * adoption.sel(year=BASE))).values,
                               rtol=1e-12)
    assert float(ratio.sel(year=2100)) < 0.93


# --------------------------------------------------------------------------- 2024 and outputs
PUBLISHED_2024 = {
    "medical_members_active": 274_918_400,
    "medical_members_retired": 104_575_000,
    "medical_benefits": 1_322_271e6,
    "medical_fund_balance": 3_044_550e6,
    "medical_account_benefits": 587_983e6,
    "medical_account_fund_balance": 1_447_175e6,
    "resident_medical_members": 947_137_400,
    "resident_medical_benefits": 1_066_149e6,
    "resident_medical_fund_balance": 818_302e6,
}


def test_2024_matches_the_nhsa_bulletin_within_two_percent(baseline_projection):
    p = baseline_projection.sel(year=BASE)
    for name, published in PUBLISHED_2024.items():
        assert float(p[name]) == pytest.approx(published, rel=0.02), name
    pooled = float(p["medical_contributions"] + p["medical_fiscal_subsidy"] + p["medical_investment_income"])
    accounts = float(p["medical_account_contributions"] + p["medical_account_investment_income"])
    resident = float(p["resident_medical_premiums"] + p["resident_medical_fiscal_subsidy"]
                     + p["resident_medical_investment_income"])
    assert pooled == pytest.approx(1_734_245e6, rel=0.02)
    assert accounts == pytest.approx(639_001e6, rel=0.02)
    assert resident == pytest.approx(1_118_090e6, rel=0.02)
    assert float(p["resident_medical_premium"]) == 400.0
    assert float(p["resident_medical_subsidy"]) >= 670.0


def test_metrics_and_summary_report_both_schemes(baseline, baseline_projection):
    rows = valuation_metrics(baseline, baseline_projection)
    medical = rows[rows["scheme"].isin(["medical_employee", "medical_resident"])]
    for scheme in ("medical_employee", "medical_resident"):
        metrics = set(medical.loc[medical["scheme"] == scheme, "metric"])
        assert {"first_deficit_year", "depletion_year", "reserve_months_2035", "reserve_months_2050",
                "reserve_months_2075", "reserve_months_2100", "cost_rate_2035", "fiscal_cost_pct_gdp_2050"} <= metrics
    assert "active_to_retired_ratio_2050" in set(medical["metric"])
    assert medical_metrics(baseline, baseline_projection).shape[1] == 4
    table = summary_table(baseline_projection)
    for column in ("medical_contributions", "medical_benefits", "medical_fund_balance", "resident_medical_members",
                   "resident_medical_premiums", "resident_medical_fiscal_subsidy", "resident_medical_benefits",
                   "resident_medical_fund_balance"):
        assert column in SUMMARY_COLUMNS and table[column].notna().all(), column


# --------------------------------------------------------------------------- broken parameters
HEAD = "scenario:\n  name: broken\n  description: a broken medical parameter\n  assumptions: {set}\noverrides:\n"


@pytest.mark.parametrize(
    ("override", "field", "rule"),
    [
        ("  medical_employer_rate:\n    value: 0.5\n", "medical_employer_rate.value", "is outside [0, 0.3]"),
        ("  medical_free_cover_years_male:\n    values:\n      2030: -5\n", "medical_free_cover_years_male.values.2030",
         "years values must lie in that range"),
        ("  medical_ai_cost_effect:\n    unit: fraction\n", "medical_ai_cost_effect.unit", "does not match the unit"),
        ("  resident_medical_premium_minimum:\n    valuez:\n      2025: 400\n", "resident_medical_premium_minimum.valuez",
         "unknown key"),
        ("  medical_excess_cost_fade_end:\n    value: 2200\n", "medical_excess_cost_fade_end.value",
         "outside the horizon"),
        ("  medical_retiree_contribution_rat:\n    values:\n      2030: 0.02\n", "overrides.medical_retiree_contribution_rat",
         "did you mean 'medical_retiree_contribution_rate'"),
    ],
)
def test_a_broken_medical_parameter_gives_a_one_line_error_naming_file_and_field(tmp_path, override, field, rule):
    scenario = tmp_path / "broken_medical.yaml"
    scenario.write_text(HEAD.format(set=ROOT / "assumptions" / "china") + override)
    with pytest.raises(AssumptionError) as caught:
        load_scenario(scenario)
    message = str(caught.value)
    assert "\n" not in message
    assert "broken_medical.yaml" in message and field in message and rule in message, message


def test_targets_the_model_cannot_reproduce_are_input_errors_naming_the_figure(upstream, parameters, tmp_path):
    scenario = tmp_path / "too_many_retired.yaml"
    scenario.write_text(HEAD.format(set=ROOT / "assumptions" / "china")
                        + "  medical_members_retired_target:\n    value: 2.0e+8\n")
    from actuarial import run_model

    with pytest.raises(AssumptionError) as caught:
        run_model(load_scenario(scenario))
    message = str(caught.value)
    assert ("too_many_retired.yaml: medical_members_retired_target: value 200000000.0 cannot be met by calibration: "
            "it exceeds the ") in message  # the override file, not the base set, is named
    assert "UEBPI pensioners" in message and "\n" not in message
    with pytest.raises(AssumptionError, match="medical_members_active_target: .* density of"):
        employee(dataclasses.replace(parameters, flexible_active_target=2e8), upstream)


# --------------------------------------------------------------------------- closure of the medical funds
def _shipped_scenarios() -> list[Path]:
    """The scenario files of ``projections/`` (a top-level ``scenario:`` entry; study and target files have none)."""
    from actuarial.paths import PROJECTIONS_DIR
    return [path for path in sorted(PROJECTIONS_DIR.glob("*.yaml"))
            if any(line.startswith("scenario:") for line in path.read_text(encoding="utf-8").splitlines())]


def test_the_shipped_scenarios_are_found():
    names = {path.stem for path in _shipped_scenarios()}
    assert {"baseline", "ai_central", "ai_fast", "no_ai", "fertility_low"} <= names
    assert "financing_options" not in names and "solvency_target" not in names


@pytest.mark.parametrize("path", _shipped_scenarios(), ids=lambda path: path.stem)
def test_no_negative_medical_balance_and_the_backstop_equals_the_gap(path):
    from actuarial import run_model
    projection = run_model(load_scenario(path))
    for prefix, benefits in (("medical", "medical_benefits"), ("medical_account", "medical_account_benefits"),
                             ("resident_medical", "resident_medical_benefits")):
        balance = projection[f"{prefix}_fund_balance"]
        assert float(balance.min()) >= 0.0, f"{path.stem}: {prefix} balance {float(balance.min()):.4g}"
    # the backstop is the gap: what the fund lacks at mid-year to pay the year's expenditure, and nothing else
    for prefix, inflows, benefits in (
            ("medical", ["medical_contributions", "medical_fiscal_subsidy"], "medical_benefits"),
            ("resident_medical", ["resident_medical_premiums", "resident_medical_fiscal_subsidy"],
             "resident_medical_benefits")):
        p = projection.isel(year=slice(1, None))
        r = p[f"{prefix}_fund_return"].values
        opening = projection[f"{prefix}_fund_balance"].values[:-1]
        resources = opening * (1 + r) / (1 + r / 2) + sum(p[k].values for k in inflows) \
            + p[f"{prefix}_financing_inflows"].values
        gap = np.maximum(p[benefits].values - resources, 0.0)
        np.testing.assert_allclose(p[f"{prefix}_backstop"].values, gap, rtol=1e-12, atol=1e-6 * float(gap.max(initial=1)))
        assert (p[f"{prefix}_backstop"].values[gap == 0.0] == 0.0).all()


# --------------------------------------------------------------------------- trend, resident reset, retirees' credits
def test_the_shipped_trend_is_the_fit_of_the_published_series(baseline):
    """medical.yaml holds what build_medical_trend.py fits on validation/medical_history/history.csv."""
    import importlib.util
    path = ROOT / "assumptions" / "china" / "build" / "build_medical_trend.py"
    spec = importlib.util.spec_from_file_location("build_medical_trend", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fitted = module.fit(module.pd.read_csv(ROOT / "validation" / "medical_history" / "history.csv"))
    assert float(baseline.data("medical_excess_cost_growth").values[0]) == pytest.approx(fitted["excess_before"], abs=5e-6)
    assert float(baseline.data("medical_cost_control").values[0]) == pytest.approx(fitted["control"], abs=5e-5)
    assert fitted["excess_after"] < fitted["excess_before"]  # growth slowed after 2018


def test_the_cost_control_lever_lowers_the_cost_index_by_its_rate():
    years = np.arange(2024, 2031, dtype=float)
    wage = 100.0 * 1.05 ** (years - 2024)
    common = dict(years=years, wage=wage, excess=np.full(7, 0.01), fade_start=2100.0, fade_end=2100.0,
                  adoption=np.zeros(7), ai_effect=0.0)
    free, held = cost_index(**common), cost_index(**common, control=np.full(7, 0.02))
    np.testing.assert_allclose(held / free, 0.98 ** (years - 2024), rtol=1e-14)


def test_resident_standards_reset_to_cover_expected_cost(baseline, baseline_projection):
    p = baseline_projection
    premium, subsidy = p["resident_medical_premium"], p["resident_medical_subsidy"]
    cost = p["resident_medical_cost_per_member"]
    cover = (premium + subsidy) / cost
    # the 2024 cover (financing / cost per member) and premium share are held every year the floors do not bind
    assert float(cover.sel(year=2024)) > 1.0
    np.testing.assert_allclose(cover.values, float(cover.sel(year=2024)), rtol=1e-10)
    share = premium / (premium + subsidy)
    np.testing.assert_allclose(share.values, float(share.sel(year=2024)), rtol=1e-10)
    # so revenue net of interest covers expenditure every year: no deficit before interest
    revenue = p["resident_medical_premiums"] + p["resident_medical_fiscal_subsidy"]
    assert bool((revenue >= p["resident_medical_benefits"]).all())
    assert float(p["resident_medical_backstop"].sum()) == 0.0


def test_resident_take_up_falls_when_the_premium_outgrows_wages(baseline):
    from actuarial.config.assumptions import replace_data
    projection = __import__("actuarial").run_model(baseline)
    stronger = replace_data(baseline, {"resident_medical_takeup_elasticity": xr.DataArray(-0.6)}, label="test")
    changed = __import__("actuarial").run_model(stronger)
    relative = (projection["resident_medical_premium"] / projection["average_wage"]).values
    rising = relative[1:] > relative[0]
    members, fewer = projection["resident_medical_members"].values[1:], changed["resident_medical_members"].values[1:]
    assert rising.any()
    assert (fewer[rising] < members[rising]).all() and (fewer[~rising] >= members[~rising]).all()
    assert changed["resident_medical_members"].values[0] == projection["resident_medical_members"].values[0]


def test_retirees_account_credit_is_a_fixed_amount_per_head(baseline_projection):
    p = baseline_projection
    per_head = p["medical_retiree_account_credits"] / p["medical_members_retired"]
    np.testing.assert_allclose(per_head.values, float(per_head.sel(year=2024)), rtol=1e-12)
    assert 700.0 < float(per_head.sel(year=2024)) < 1000.0  # about 857 yuan a year (METHOD_medical.md section 3)
