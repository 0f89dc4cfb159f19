"""Financing options, mixes, the comparison and the optimiser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import brentq

from actuarial import AssumptionError, load_scenario
from actuarial.analysis.valuation import next_year_cost
from actuarial.finance.mix import run_mix
from actuarial.finance.options import parse_options
from actuarial.finance.study import load_study, load_target, optimise

from conftest import ROOT

STUDY = ROOT / "projections" / "financing_options.yaml"


@pytest.fixture(scope="module")
def setting():
    study = load_study(STUDY)
    assumptions = load_scenario(study.scenario)
    baseline = run_mix(assumptions, [], name="baseline")
    return study, assumptions, baseline


def test_an_option_of_size_zero_reproduces_the_baseline(setting):
    study, assumptions, baseline = setting
    for name, option in study.options.items():
        zero = run_mix(assumptions, [option.scaled(0.0)], name=name, baseline=baseline.projection)
        np.testing.assert_allclose(zero.fund["balance"].values, baseline.fund["balance"].values, rtol=1e-12, err_msg=name)
        assert float(np.abs(zero.fund["option_fiscal_cost"]).max()) == 0.0


def test_pure_inflow_options_never_lower_a_balance(setting):
    study, assumptions, baseline = setting
    for name in ("special_bonds", "bonds_fixed", "state_capital", "platform_levy"):
        result = run_mix(assumptions, [study.options[name]], name=name, baseline=baseline.projection)
        assert bool((result.fund["balance"] >= baseline.fund["balance"] - 1e-3).all()), name
        assert bool((result.fund["financing_inflows"] >= 0).all()), name


def test_bond_accounting_conserves_money(setting):
    study, assumptions, baseline = setting
    option = study.options["bonds_fixed"].model_copy(update={"last_year": 2040, "maturity": 10})
    from actuarial.finance.options import BalanceRule, FundContext

    context = FundContext.build(assumptions, baseline.projection)
    flows = option.cash_flows(context, BalanceRule(opening=0.0, returns=np.zeros(context.years.size),
                                                   other_net=np.zeros(context.years.size)))
    issued, service = flows["bonds_issued"].values, flows["debt_service"].values
    np.testing.assert_allclose(flows["inflows"].values, issued)  # the fund receives what is issued
    np.testing.assert_allclose(flows["fiscal_cost"].values, service)  # the treasury carries the service
    principal = service - np.array([option.coupon * flows["debt_stock"].values[t - 1] if t else 0.0
                                    for t in range(issued.size)])
    assert principal.sum() == pytest.approx(issued.sum(), rel=1e-12)  # every bond is repaid by 2050
    assert flows["debt_stock"].values[-1] == pytest.approx(0.0, abs=1e-3)


def test_fund_serviced_bonds_cost_the_budget_nothing_and_repay_from_the_fund(setting):
    study, assumptions, baseline = setting
    option = study.options["bonds_fixed"].model_copy(update={"serviced_by": "fund"})
    result = run_mix(assumptions, [option], name="fund_bonds", baseline=baseline.projection)
    assert float(np.abs(result.fund["option_fiscal_cost"]).max()) == 0.0
    assert float(result.fund["financing_inflows"].min()) < 0.0  # repayments flow out


def test_state_capital_flows_by_hand(setting):
    study, assumptions, baseline = setting
    option = study.options["state_capital"].model_copy(update={"transfer": 100.0, "first_year": 2026,
                                                                "dividend_yield": 0.05, "value_growth": 0.1,
                                                                "sale_share_per_year": 0.5, "sale_start_year": 2027})
    from actuarial.finance.options import BalanceRule, FundContext

    context = FundContext.build(assumptions, baseline.projection)
    flows = option.cash_flows(context, BalanceRule(0.0, np.zeros(context.years.size), np.zeros(context.years.size)))
    inflows = flows["inflows"].sel(year=[2025, 2026, 2027, 2028]).values
    # 2026: 100 x 5 %; 2027: 110 x 5 % + half of 110 sold; 2028: 55 x 1.1 x 5 % + half of 60.5
    np.testing.assert_allclose(inflows, [0.0, 5.0, 5.5 + 55.0, 3.025 + 30.25])


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
        fund = run_mix(assumptions, [levy.scaled(size)], name="levy", baseline=baseline.projection).fund
        reserve = fund["balance"] / next_year_cost(fund["benefits"])
        return float(reserve.sel(year=slice(2030, None)).min()) - 1.2

    known = brentq(worst, 0.0, 1000.0, xtol=1e-9)
    assert result.sizes["platform_levy"] == pytest.approx(known, rel=1e-6)
    assert result.verified_min_reserve >= 1.2 - 1e-9


def test_shipped_target_is_met_on_rerun():
    result = optimise(load_target(ROOT / "projections" / "solvency_target.yaml"))
    assert result.feasible
    assert result.verified_min_reserve >= 1.0 - 1e-9


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
     "t.yaml: options.levy.type: value 'lottery' is not an option type; known: special_bonds, state_capital, investment, rate_cut, platform_levy, employer_share_subsidy"),
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
    assert "deficit cut" in result.stdout


def test_scenario_financing_section_is_applied_by_run(tmp_path):
    from actuarial.finance.mix import run_scenario

    scenario = load_scenario(ROOT / "projections" / "ai_central_with_bonds_and_levy.yaml")
    assert list(scenario.financing) == ["special_bonds", "platform_levy"]
    projection = run_scenario(scenario)
    baseline = run_scenario(load_scenario(ROOT / "projections" / "ai_central.yaml"))
    inflows = projection["pension_financing_inflows"].sel(year=slice(2025, None))
    assert float(inflows.min()) >= 0.0 and float(inflows.sum()) > 0.0
    assert bool((projection["pension_fund_balance"] >= baseline["pension_fund_balance"] - 1e-3).all())
    assert float(projection["financing_debt_stock"].max()) > 0.0
    assert scenario.digest != load_scenario(ROOT / "projections" / "ai_central.yaml").digest
