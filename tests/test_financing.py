"""Financing options, mixes, the comparison and the optimiser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import brentq

from actuarial import AssumptionError, load_scenario, run_model
from actuarial.analysis.valuation import next_year_cost
from actuarial.config.financing import parse_options
from actuarial.financing.mix import run_mix
from actuarial.financing.optimise import optimise
from actuarial.financing.study import load_study, load_target
from actuarial.funds.options import BalanceRule, FundContext, cash_flows

from conftest import ROOT

STUDY = ROOT / "projections" / "financing_options.yaml"


@pytest.fixture(scope="module")
def setting():
    study = load_study(STUDY)
    assumptions = load_scenario(study.scenario)
    baseline = run_mix(assumptions, {}, name="baseline")
    return study, assumptions, baseline


def context_of(result) -> FundContext:
    fund = result.fund
    return FundContext(years=fund["year"].values, gdp=fund["gdp"].values, benefits=fund["benefits"].values,
                       projection=result.projection)


def test_an_option_of_size_zero_reproduces_the_baseline(setting):
    study, assumptions, baseline = setting
    for name, option in study.options.items():
        zero = run_mix(assumptions, {name: option.scaled(0.0)}, name=name)
        np.testing.assert_allclose(zero.fund["balance"].values, baseline.fund["balance"].values, rtol=1e-12, err_msg=name)
        assert float(np.abs(zero.fund["option_fiscal_cost"]).max()) == 0.0


def test_pure_inflow_options_never_lower_a_balance(setting):
    study, assumptions, baseline = setting
    for name in ("special_bonds", "bonds_fixed", "state_capital", "platform_levy"):
        result = run_mix(assumptions, {name: study.options[name]}, name=name)
        assert bool((result.fund["balance"] >= baseline.fund["balance"] - 1e-3).all()), name
        assert bool((result.fund["financing_inflows"] >= 0).all()), name


def test_bond_accounting_conserves_money(setting):
    study, assumptions, baseline = setting
    option = study.options["bonds_fixed"].model_copy(update={"last_year": 2040, "maturity": 10})
    context = context_of(baseline)
    flows = cash_flows(option, context, BalanceRule(opening=0.0, returns=np.zeros(context.years.size),
                                                    other_net=np.zeros(context.years.size)))
    issued, service = flows["bonds_issued"], flows["debt_service"]
    np.testing.assert_allclose(flows["inflows"], issued)  # the fund receives what is issued
    np.testing.assert_allclose(flows["fiscal_cost"], service)  # the treasury carries the service
    principal = service - np.array([option.coupon * flows["debt_stock"][t - 1] if t else 0.0
                                    for t in range(issued.size)])
    assert principal.sum() == pytest.approx(issued.sum(), rel=1e-12)  # every bond is repaid by 2050
    assert flows["debt_stock"][-1] == pytest.approx(0.0, abs=1e-3)


def test_fund_serviced_bonds_cost_the_budget_nothing_and_repay_from_the_fund(setting):
    study, assumptions, baseline = setting
    option = study.options["bonds_fixed"].model_copy(update={"serviced_by": "fund"})
    result = run_mix(assumptions, {"fund_bonds": option}, name="fund_bonds")
    assert float(np.abs(result.fund["option_fiscal_cost"]).max()) == 0.0
    assert float(result.fund["financing_inflows"].min()) < 0.0  # repayments flow out


def test_state_capital_flows_by_hand(setting):
    """The stake enters the fund at market value (its cost to the budget) and earns dividends plus growth;
    the roll credits the fund's return r on it, so the excess (d + g - r) V enters as an inflow; sales
    turn stake into cash within the fund (no flow)."""
    study, assumptions, baseline = setting
    option = study.options["state_capital"].model_copy(update={"transfer": 100.0, "first_year": 2026,
                                                                "dividend_yield": 0.05, "value_growth": 0.1,
                                                                "sale_share_per_year": 0.5, "sale_start_year": 2027})
    context = context_of(baseline)
    returns = np.full(context.years.size, 0.03)
    flows = cash_flows(option, context, BalanceRule(0.0, returns, np.zeros(context.years.size)))
    # 2026: transfer 100; 2027: excess 0.12 x 100, stake 110 then half sold; 2028: 0.12 x 55
    np.testing.assert_allclose(flows["inflows"][:4], [0.0, 100.0, 12.0, 6.6])
    np.testing.assert_allclose(flows["fiscal_cost"][:4], [0.0, 100.0, 0.0, 0.0])
    np.testing.assert_allclose(flows["stake_value"][:4], [0.0, 100.0, 55.0, 30.25])
    np.testing.assert_allclose(flows["dividends"][:4], [0.0, 0.0, 5.0, 2.75])


def test_optimiser_finds_a_known_solution(setting, tmp_path):
    """One linear instrument and a short horizon: the answer is the smallest levy meeting the target,
    found here independently by bisection on full runs."""
    study, assumptions, baseline = setting
    target = tmp_path / "target.yaml"
    target.write_text(
        "target:\n  name: small\n  description: levy only, reserve ratio 1.2 from 2030\n"
        f"  options_file: {STUDY}\n  scenario: {ROOT / 'projections' / 'ai_central.yaml'}\n"
        "  reserve_ratio_min: 1.2\n  first_year: 2030\n"
        "instruments:\n  platform_levy: {bounds: [0.0, 1000.0]}\n"
    )
    result = optimise(load_target(target))
    assert result.feasible
    levy = study.options["platform_levy"]

    def worst(size: float) -> float:
        fund = run_mix(assumptions, {"levy": levy.scaled(size)}, name="levy").fund
        reserve = fund["balance"] / next_year_cost(fund["benefits"])
        return float(reserve.sel(year=slice(2030, None)).min()) - 1.2

    known = brentq(worst, 0.0, 1000.0, xtol=1e-9)
    assert result.sizes["platform_levy"] == pytest.approx(known, rel=1e-6)
    assert result.verified_min_reserve >= 1.2 - 1e-9


def test_shipped_target_is_met_on_rerun():
    """The ministry's target: the reserve ratio, sustainable solvency, the debt ceiling and the annual cost
    cap all hold on the whole-model re-run of the optimiser's answer."""
    target = load_target(ROOT / "projections" / "solvency_target.yaml")
    result = optimise(target)
    assert result.feasible and result.checks.ok
    fund = result.verified.fund
    reserve = fund["balance"] / next_year_cost(fund["benefits"])
    assert float(reserve.sel(year=slice(2025, None)).min()) >= 1.0 - 1e-6
    assert float(reserve.sel(year=2100)) >= float(reserve.sel(year=2090)) - 1e-6  # stable or rising at the end
    assert float((fund["treasury_debt"] / fund["gdp"]).max()) <= target.info.debt_to_gdp_max + 1e-6
    assert float(result.cost_by_year.max()) <= target.info.annual_cost_pct_gdp_max + 1e-6
    # bonds are sized year by year, and the report names what binds
    assert len(result.issuance_by_year["bonds_fixed"]) == 2100 - 2030 + 1
    assert result.binding
    # state capital at market value: the stake enters the reserve at the value transferred, its path reported
    size = result.sizes["state_capital"]
    if size > 0:
        transfer = target.study.options["state_capital"].transfer * size
        assert float(result.stake_value["state_capital"].sel(year=2026)) == pytest.approx(transfer, rel=1e-12)


def test_optimiser_says_when_no_mix_meets_the_target(tmp_path):
    target = tmp_path / "target.yaml"
    target.write_text(
        "target:\n  name: impossible\n  description: tiny levy only\n"
        f"  options_file: {STUDY}\n  reserve_ratio_min: 1.0\n  first_year: 2025\n"
        "instruments:\n  platform_levy: {bounds: [0.0, 0.1]}\n"
    )
    result = optimise(load_target(target))
    assert not result.feasible
    assert result.shortfall > 0.0
    assert result.verified_min_reserve < 1.0


@pytest.mark.parametrize("body, message", [
    ({"type": "platform_levy", "description": "x", "source": "y", "rate": -0.01, "revenue_per_earnings": 0.3,
      "first_year": 2026}, "t.yaml: options.levy.rate: value -0.01: input should be greater than or equal to 0"),
    ({"type": "lottery", "description": "x", "source": "y"},
     "t.yaml: options.levy.type: value 'lottery' is not an option type; known: special_bonds, state_capital, investment, rate_cut, platform_levy, employer_share_subsidy, "
     "platform_contributions, retirement_age, indexation, minimum_years, medical_rate, policy_path"),
    ({"type": "special_bonds", "description": "x", "source": "y", "rule": "fixed", "issuance_pct_gdp": 0.01,
      "first_year": 2030, "last_year": 2040, "coupon": 0.02, "maturity": 0, "serviced_by": "treasury"},
     "t.yaml: options.levy.maturity: value 0: input should be greater than or equal to 1"),
    ({"type": "platform_levy", "description": "x", "source": "y", "rate": 0.01, "revenue_per_earnings": 0.3,
      "first_year": 2026, "colour": "red"}, "t.yaml: options.levy.colour: value 'red': unknown key (misspelt? unknown keys are errors)"),
])
def test_bad_option_parameters_give_one_line_errors(body, message):
    with pytest.raises(AssumptionError) as error:
        parse_options({"levy": body}, file="t.yaml")
    assert str(error.value) == message


def test_compare_through_the_cli(tmp_path):
    result = subprocess.run([str(Path(sys.executable).parent / "actuarial"), "compare", str(STUDY), "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    import pandas as pd
    import xarray as xr

    table = pd.read_csv(tmp_path / "comparison.csv")
    assert table["option"].tolist()[0] == "baseline"
    assert set(load_study(STUDY).options) | set(load_study(STUDY).mixes) <= set(table["option"])
    with xr.open_dataset(tmp_path / "comparison.nc") as data:
        assert data.sizes["option"] == len(table)
    assert "discounted at government_borrowing_rate" in result.stdout
    for fund in ("pension_employee", "pension_resident", "medical_employee", "medical_resident"):
        assert f"{fund}_effect_pv_yuan" in table and f"pv_support_change_{fund}_yuan" in table
    baseline = table.set_index("option").loc["baseline"]
    assert baseline["pv_budget_cost_yuan"] == 0.0 and baseline["pension_employee_effect_pv_yuan"] == 0.0
    # the rate cut has no cash cost of its own; its budget cost is the change it causes in the funds' support
    cut = table.set_index("option").loc["rate_cut"]
    assert cut["pv_own_cash_cost_yuan"] == 0.0
    support = sum(cut[f"pv_support_change_{f}_yuan"] for f in ("pension_employee", "pension_resident",
                                                                "medical_employee", "medical_resident"))
    assert cut["pv_budget_cost_yuan"] == pytest.approx(support, rel=1e-9) and support > 0.0
    # bonds whose coupon is the borrowing rate cost, in present value, about the cash they raise
    bonds = table.set_index("option").loc["bonds_fixed"]
    assert bonds["pv_own_cash_cost_yuan"] == pytest.approx(bonds["pv_inflows_yuan"], rel=0.01)


def test_scenario_financing_section_is_applied_by_run_model(tmp_path):
    scenario = load_scenario(ROOT / "projections" / "ai_central_with_bonds_and_levy.yaml")
    assert list(scenario.financing) == ["special_bonds", "platform_levy"]
    projection = run_model(scenario)
    baseline = run_model(load_scenario(ROOT / "projections" / "ai_central.yaml"))
    inflows = projection["pension_financing_inflows"].sel(year=slice(2025, None))
    assert float(inflows.min()) >= 0.0 and float(inflows.sum()) > 0.0
    assert bool((projection["pension_fund_balance"] >= baseline["pension_fund_balance"] - 1e-3).all())
    assert float(projection["pension_financing_debt_stock"].max()) > 0.0
    assert scenario.digest != load_scenario(ROOT / "projections" / "ai_central.yaml").digest
    # the same options passed as a mix give the same funds, and no options give the baseline
    mix = run_mix(load_scenario(ROOT / "projections" / "ai_central.yaml"), dict(scenario.financing), name="mix")
    np.testing.assert_array_equal(mix.projection["pension_fund_balance"].values, projection["pension_fund_balance"].values)
    bare = run_model(scenario, options={})
    np.testing.assert_array_equal(bare["pension_fund_balance"].values, baseline["pension_fund_balance"].values)


def test_run_model_and_the_cli_give_the_same_funds_for_a_scenario_with_financing(tmp_path):
    import pandas as pd

    path = ROOT / "projections" / "ai_central_with_bonds_and_levy.yaml"
    result = subprocess.run([str(Path(sys.executable).parent / "actuarial"), "run", str(path), "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    summary = pd.read_csv(tmp_path / "summary.csv")
    projection = run_model(load_scenario(path))
    for name in ("pension_fund_balance", "pension_financing_inflows", "resident_pension_fund_balance",
                 "medical_fund_balance", "resident_medical_fund_balance"):
        # summary.csv carries 10 significant digits: agreement to half a unit in the tenth digit
        np.testing.assert_allclose(summary[name].values, projection[name].values, rtol=5e-10, err_msg=name)


def test_an_option_can_act_on_another_fund():
    """A platform levy paid into the UEBMI pooled fund raises that fund and leaves the pension fund alone."""
    assumptions = load_scenario(ROOT / "projections" / "ai_central.yaml")
    levy = load_study(STUDY).options["platform_levy"].model_copy(update={"fund": "medical_employee"})
    baseline = run_model(assumptions, options={})
    financed = run_model(assumptions, options={"levy": levy})
    np.testing.assert_array_equal(financed["pension_fund_balance"].values, baseline["pension_fund_balance"].values)
    gain = (financed["medical_fund_balance_borrowing"] - baseline["medical_fund_balance_borrowing"]).sel(
        year=slice(2027, None))  # the fund's own position: the backstop keeps both headline balances at 0 once out
    assert bool((gain > 0).all())
    inflows = financed["medical_financing_inflows"].sel(year=2030).item()
    platform = financed.sel(year=2030)
    expected = 0.01 * 0.3 * float((platform["employment"].sel(status="platform")
                                   * platform["earnings"].sel(status="platform")).sum())
    assert inflows == pytest.approx(expected, rel=1e-12)


def test_an_option_on_a_fund_it_cannot_act_on_is_refused():
    body = {"type": "rate_cut", "description": "x", "source": "y", "fund": "medical_employee", "employer_cut": 0.01,
            "flexible_cut": 0.01, "first_year": 2026, "declared_base_elasticity": 0.0,
            "coverage_elasticity": {"standard": 0, "nonstandard": 0, "platform": 0, "self_employed": 0, "farm": 0}}
    with pytest.raises(AssumptionError) as error:
        parse_options({"cut": body}, file="t.yaml")
    assert str(error.value) == ("t.yaml: options.cut.fund: value 'medical_employee': value error, a rate_cut option "
                                "acts on pension_employee only")
