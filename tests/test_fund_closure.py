"""The pay-as-you-go closure of a fund (actuarial.funds.rollforward.close_pay_as_you_go): the balance floored at
zero, scheduled expenditure paid in proportion once the fund's own resources fall short, the residual subsidy that
would pay it in full; the existing (borrowing) balance untouched; the shipped baseline's UEBPI."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from actuarial.analysis.metrics import valuation_metrics
from actuarial.analysis.valuation import depletion_year
from actuarial.funds.record import BaseYear, Closure, FundFlows
from actuarial.funds.rollforward import close_fund, close_pay_as_you_go, fund_outputs, roll_forward
from actuarial.variables import FUND_PREFIXES, VARIABLES

# Three years, depletion in year 2 (r: 5 %, then 10 %; flows at mid-year):
#   year 1: B0 = 100, C = 50, S = 10, E = 60: N = 0, I = 100 x 0.05 = 5, B1 = 105 (share 1, residual 0)
#   year 2: C = 50, S = 10, E = 200: the borrowing roll-forward gives N = -140, I = 10.5 - 7 = 3.5, B2 = -31.5 < 0.
#           Resources at mid-year R = 105 x 1.1 / 1.05 + 60 = 110 + 60 = 170: payable 170, share 170 / 200 = 0.85,
#           residual 200 - 170 = 30 (30 x 1.05 = 31.5, the borrowing balance's shortfall at 31 December).
#           Closed: I = 105 x 0.1 + (60 - 170) x 0.05 = 5, B = 105 + 60 - 170 + 5 = 0.
#   year 3: C = 50, S = 10, E = 100, other outflows O = 20: scheduled 120, R = 0 + 60 = 60: share 0.5, residual 60,
#           closed balance 0 (borrowing: -31.5 x 1.1 + (60 - 120) x 1.05 = -97.65).
HAND = dict(opening_balance=100.0, contributions=[50.0, 50.0, 50.0], fiscal_subsidy=[10.0, 10.0, 10.0],
            benefits=[60.0, 200.0, 100.0], other_outflows=[0.0, 0.0, 20.0], returns=[0.05, 0.1, 0.1])
SCHEDULED = np.array([60.0, 200.0, 120.0])


def test_hand_computed_three_year_fund_depleted_in_year_two():
    closed = close_pay_as_you_go(**HAND)
    np.testing.assert_allclose(closed["payable_share"], [1.0, 0.85, 0.5], rtol=1e-14)
    np.testing.assert_allclose(closed["residual_subsidy"], [0.0, 30.0, 60.0], rtol=1e-14, atol=1e-12)
    np.testing.assert_allclose(closed["payable"], [60.0, 170.0, 60.0], rtol=1e-14)
    np.testing.assert_allclose(closed["balance"], [105.0, 0.0, 0.0], rtol=1e-14)
    borrowing = roll_forward(**HAND)["balance"]
    np.testing.assert_allclose(borrowing, [105.0, -31.5, -97.65], rtol=1e-13)


def test_closed_balance_never_negative_and_nothing_changes_before_depletion():
    closed, borrowing = close_pay_as_you_go(**HAND), roll_forward(**HAND)["balance"]
    assert (closed["balance"] >= 0.0).all()
    # before depletion (year 1): the same balance bit for bit, full payment, no residual subsidy
    assert closed["balance"][0] == borrowing[0]
    assert closed["payable_share"][0] == 1.0 and closed["residual_subsidy"][0] == 0.0


def test_residual_subsidy_plus_payable_benefits_are_the_scheduled_benefits():
    closed = close_pay_as_you_go(**HAND)
    np.testing.assert_allclose(closed["residual_subsidy"] + closed["payable"], SCHEDULED, rtol=1e-14)
    np.testing.assert_allclose(closed["payable_share"] * SCHEDULED, closed["payable"], rtol=1e-14)


def test_a_year_whose_flows_cover_the_schedule_pays_in_full_and_rebuilds_from_zero():
    # after year 3 (closed balance 0): C + S = 60, E = 40 at r = 10 %: B = 20 x 1.05 = 21, share 1
    inputs = {k: (v + [v[-1]] if isinstance(v, list) else v) for k, v in HAND.items()}
    inputs["benefits"], inputs["other_outflows"] = [60.0, 200.0, 100.0, 40.0], [0.0, 0.0, 20.0, 0.0]
    closed = close_pay_as_you_go(**inputs)
    assert closed["payable_share"][3] == 1.0 and closed["residual_subsidy"][3] == 0.0
    assert closed["balance"][3] == pytest.approx(21.0, rel=1e-14)


@st.composite
def fund_inputs(draw, max_paths: int = 3, max_years: int = 20):
    shape = (draw(st.integers(1, max_paths)), draw(st.integers(1, max_years)))
    money = st.floats(0.0, 1e12, allow_nan=False, allow_infinity=False)
    flows = {name: draw(arrays(float, shape, elements=money))
             for name in ("contributions", "fiscal_subsidy", "financing_inflows", "benefits", "other_outflows")}
    flows["returns"] = draw(arrays(float, shape, elements=st.floats(-0.5, 0.5, allow_nan=False)))
    flows["opening_balance"] = draw(arrays(float, (shape[0],), elements=st.floats(0.0, 1e13, allow_nan=False)))
    return flows


@settings(max_examples=60, deadline=None)
@given(fund_inputs())
def test_closure_properties_on_random_funds(inputs):
    closed, borrowing = close_pay_as_you_go(**inputs), roll_forward(**inputs)["balance"]
    scheduled = inputs["benefits"] + inputs["other_outflows"]
    assert (closed["balance"] >= 0.0).all()
    assert ((closed["payable_share"] >= 0.0) & (closed["payable_share"] <= 1.0)).all()
    assert (closed["residual_subsidy"] >= 0.0).all()
    np.testing.assert_allclose(closed["payable"] + closed["residual_subsidy"], scheduled, rtol=1e-12,
                               atol=1e-12 * scheduled.max(initial=1.0))
    # until the borrowing balance first turns negative, the closure is the roll-forward, paying in full
    for path in range(borrowing.shape[0]):
        negative = np.flatnonzero(borrowing[path] < 0.0)
        before = negative[0] if negative.size else borrowing.shape[1]
        np.testing.assert_array_equal(closed["balance"][path, :before], borrowing[path, :before])
        assert (closed["payable_share"][path, :before] == 1.0).all()
        assert (closed["residual_subsidy"][path, :before] == 0.0).all()
        if negative.size:
            # a shortfall below the float resolution of what is scheduled cannot lower the share
            due, shortfall = scheduled[path, before], -borrowing[path, before]
            assert closed["payable_share"][path, before] < 1.0 or due == 0.0 or due + shortfall == due


def test_every_fund_writes_the_closure_series_base_year_first():
    years = np.arange(2025, 2028)
    flows = FundFlows(fund="pension_employee", years=years, base=BaseYear(balance=100.0, investment_income=4.0,
                      rate=0.04), contributions=np.array(HAND["contributions"]),
                      fiscal_subsidy=np.array(HAND["fiscal_subsidy"]), benefits=np.array(HAND["benefits"]),
                      other_outflows=np.array(HAND["other_outflows"]), returns=np.array(HAND["returns"]))
    dataset = fund_outputs(flows)
    np.testing.assert_allclose(dataset["pension_benefits_payable_share"].values, [1.0, 1.0, 0.85, 0.5], rtol=1e-14)
    np.testing.assert_allclose(dataset["pension_residual_subsidy"].values, [0.0, 0.0, 30.0, 60.0], rtol=1e-14,
                               atol=1e-12)
    np.testing.assert_allclose(dataset["pension_fund_balance_closed"].values, [100.0, 105.0, 0.0, 0.0], rtol=1e-14)
    np.testing.assert_allclose(dataset["pension_fund_balance"].values, [100.0, 105.0, -31.5, -97.65], rtol=1e-13)
    for prefix, _ in FUND_PREFIXES.values():
        for series in ("fund_balance_closed", "benefits_payable_share", "residual_subsidy"):
            assert f"{prefix}_{series}" in VARIABLES


def test_baseline_uebpi_payable_share_falls_below_one_at_the_depletion_year(baseline, baseline_projection):
    projection = baseline_projection
    metrics = valuation_metrics(baseline, projection)
    row = metrics[(metrics["scheme"] == "pension_employee") & (metrics["metric"] == "depletion_year")]
    depleted = int(row["value"].iloc[0])
    share = projection["pension_benefits_payable_share"]
    residual = projection["pension_residual_subsidy"]
    before, after = share["year"] < depleted, share["year"] >= depleted
    assert (share.where(before, drop=True) == 1.0).all() and (residual.where(before, drop=True) == 0.0).all()
    assert (share.where(after, drop=True) < 1.0).all() and (residual.where(after, drop=True) > 0.0).all()
    assert (projection["pension_fund_balance_closed"] >= 0.0).all()
    # residual subsidy + payable benefits = scheduled benefits, every year
    scheduled = projection["pension_benefits"] + projection["pension_account_transfers"]  # accounts carried out
    np.testing.assert_allclose(share * scheduled + residual, scheduled, rtol=1e-12)
    # the existing balance is still the borrowing roll-forward of the same flows (negative after depletion)
    p = projection.isel(year=slice(1, None))
    rolled = roll_forward(opening_balance=float(projection["pension_fund_balance"].isel(year=0)),
                          contributions=p["pension_contributions"].values,
                          fiscal_subsidy=p["pension_fiscal_subsidy"].values,
                          financing_inflows=p["pension_financing_inflows"].values,
                          benefits=p["pension_benefits"].values, returns=p["pension_fund_return"].values,
                          other_outflows=p["pension_account_transfers"].values)
    np.testing.assert_array_equal(p["pension_fund_balance"].values, rolled["balance"])
    assert depletion_year(p["pension_fund_balance"]) == depleted
    assert float(projection["pension_fund_balance"].isel(year=-1)) < 0.0
    names = set(metrics.loc[metrics["scheme"] == "pension_employee", "metric"])
    assert {"benefits_payable_share_2050", "residual_subsidy_pv", "residual_subsidy_pct_gdp_2075"} <= names


# --------------------------------------------------------------------------- closure rules (close_fund)
# Two years (r: 5 %, then 10 %; flows at mid-year):
#   year 1: B0 = 100, C = 50, S = 10, E = 60: I = 5, B1 = 105 under every rule (6-month target 30 < 105)
#   year 2: C = 50, S = 10, E = 300: mid-year resources R = 105 x 1.1 / 1.05 + 60 = 170; borrowing balance
#           105 x 1.1 + (60 - 300) x 1.05 = -136.5 = -(300 - 170) x 1.05.
#           backstop: G = 300 - 170 = 130, I = 10.5 + (60 + 130 - 300) x 0.05 = 5, B2 = 0
#           spending cap: paid 170, cost shifted 130, B2 = 0, no backstop
#           rate rule (6 months): target 300 / 2 = 150, H = (150 + 136.5) / 1.05 = 272.857..., B2 = 150
TWO = dict(opening_balance=100.0, contributions=[50.0, 50.0], fiscal_subsidy=[10.0, 10.0], benefits=[60.0, 300.0],
           returns=[0.05, 0.1])


def test_backstop_equals_the_gap_on_a_hand_computed_two_year_fund():
    ruled = close_fund(closure=Closure("backstop"), **TWO)
    np.testing.assert_allclose(ruled["backstop"], [0.0, 130.0], rtol=1e-14, atol=0.0)
    np.testing.assert_allclose(ruled["balance"], [105.0, 0.0], rtol=1e-14, atol=0.0)
    np.testing.assert_allclose(ruled["investment_income"], [5.0, 5.0], rtol=1e-13)
    # the gap: what the borrowing balance is short at 31 December, paid at mid-year
    borrowing = roll_forward(**TWO)["balance"]
    assert borrowing[1] == pytest.approx(-136.5, rel=1e-14)
    assert ruled["backstop"][1] * 1.05 == pytest.approx(-borrowing[1], rel=1e-14)
    assert ruled["cost_shifted"].sum() == 0.0 and ruled["closure_contributions"].sum() == 0.0


def test_spending_cap_pays_no_more_than_revenue_and_reserve():
    ruled = close_fund(closure=Closure("spending_cap"), **TWO)
    np.testing.assert_allclose(ruled["cost_shifted"], [0.0, 130.0], rtol=1e-14, atol=0.0)
    paid = np.array(TWO["benefits"]) - ruled["cost_shifted"]
    resources = 105.0 * 1.1 / 1.05 + 60.0
    assert paid[1] == pytest.approx(resources, rel=1e-14) and paid[1] <= resources * (1 + 1e-15)
    np.testing.assert_allclose(ruled["balance"], [105.0, 0.0], rtol=1e-14, atol=0.0)
    assert ruled["backstop"].sum() == 0.0


def test_rate_rule_holds_the_target_months():
    ruled = close_fund(closure=Closure("rate_rule", target_months=6.0), **TWO)
    np.testing.assert_allclose(ruled["closure_contributions"], [0.0, 286.5 / 1.05], rtol=1e-14, atol=0.0)
    np.testing.assert_allclose(ruled["balance"], [105.0, 150.0], rtol=1e-14)
    np.testing.assert_allclose(ruled["reserve_months"], [21.0, 6.0], rtol=1e-14)
    flows = FundFlows(fund="medical_employee", years=np.array([2025, 2026]),
                      base=BaseYear(balance=100.0, investment_income=4.0, rate=0.04, expenditure=50.0),
                      contributions=np.array(TWO["contributions"]), fiscal_subsidy=np.array(TWO["fiscal_subsidy"]),
                      benefits=np.array(TWO["benefits"]), returns=np.array(TWO["returns"]),
                      contribution_base=np.array([1000.0, 1000.0]), closure=Closure("rate_rule", 6.0))
    dataset = fund_outputs(flows)
    np.testing.assert_allclose(dataset["medical_closure_rate"].values, [0.0, 0.0, 286.5 / 1.05 / 1000.0], rtol=1e-14)
    np.testing.assert_allclose(dataset["medical_reserve_months"].values, [24.0, 21.0, 6.0], rtol=1e-14)
    np.testing.assert_allclose(dataset["medical_fund_balance_borrowing"].values, [100.0, 105.0, -136.5], rtol=1e-14)


def test_an_unknown_closure_rule_is_refused():
    with pytest.raises(ValueError, match="closure rule 'bailout' is not one of borrowing, backstop"):
        Closure("bailout")


@settings(max_examples=60, deadline=None)
@given(fund_inputs(), st.sampled_from(["backstop", "spending_cap", "rate_rule"]), st.floats(0.0, 24.0))
def test_closure_rules_on_random_funds(inputs, rule, months):
    ruled = close_fund(closure=Closure(rule, months), **inputs)
    scheduled = inputs["benefits"] + inputs["other_outflows"]
    scale = max(1.0, float(np.abs(ruled["balance"]).max()), float(scheduled.max(initial=1.0)))
    assert (ruled["balance"] >= 0.0).all()
    for name in ("backstop", "cost_shifted", "closure_contributions"):
        assert (ruled[name] >= 0.0).all(), name
    assert (ruled["cost_shifted"] <= scheduled).all()
    # B_t - B_{t-1} = C + S + F + G + H + I - (X - shifted)
    opening = np.maximum(inputs["opening_balance"], 0.0)[:, None]
    previous = np.concatenate([opening, ruled["balance"][:, :-1]], axis=1)
    net = (inputs["contributions"] + inputs["fiscal_subsidy"] + inputs["financing_inflows"] + ruled["backstop"]
           + ruled["closure_contributions"] + ruled["investment_income"] - scheduled + ruled["cost_shifted"])
    np.testing.assert_allclose(ruled["balance"] - previous, net, rtol=0, atol=1e-9 * scale)
    if rule == "rate_rule":
        held = scheduled > 0.0
        assert (ruled["balance"][held] >= months / 12.0 * scheduled[held] * (1 - 1e-12)).all()
    if rule == "spending_cap":
        # paid never exceeds the mid-year resources (revenue plus what the fund holds)
        r = inputs["returns"]
        resources = previous * (1 + r) / (1 + r / 2) + inputs["contributions"] + inputs["fiscal_subsidy"] \
            + inputs["financing_inflows"]
        paid = scheduled - ruled["cost_shifted"]
        assert (paid <= np.maximum(resources, scheduled * (ruled["cost_shifted"] == 0)) + 1e-9 * scale).all()
