"""Funds (actuarial.funds): the accounting identity, mid-year crediting, borrowing, drawdown, base-year opening,
the labelled fund outputs, paths."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from actuarial.funds.record import BaseYear, FundFlows, open_base_year
from actuarial.funds.rollforward import fund_outputs, roll_forward
from actuarial.variables import VARIABLES

EPS = np.finfo(float).eps


@st.composite
def fund_inputs(draw, max_paths: int = 3, max_years: int = 25):
    paths = draw(st.integers(1, max_paths))
    years = draw(st.integers(1, max_years))
    shape = (paths, years)
    money = st.floats(-1e11, 1e12, allow_nan=False, allow_infinity=False)
    flows = {
        name: draw(arrays(float, shape, elements=money))
        for name in ("contributions", "fiscal_subsidy", "financing_inflows", "benefits", "other_outflows")
    }
    flows["returns"] = draw(arrays(float, shape, elements=st.floats(-0.5, 0.5, allow_nan=False)))
    flows["opening_balance"] = draw(arrays(float, (paths,), elements=st.floats(-1e13, 1e13, allow_nan=False)))
    return flows


@settings(max_examples=60, deadline=None)
@given(fund_inputs())
def test_identity_holds_to_rounding_including_negative_balances(inputs):
    result = roll_forward(**inputs)
    balance, income = result["balance"], result["investment_income"]
    previous = np.concatenate([inputs["opening_balance"][:, None], balance[:, :-1]], axis=1)
    flows = (
        inputs["contributions"] + inputs["fiscal_subsidy"] + inputs["financing_inflows"] + income - inputs["benefits"]
        - inputs["other_outflows"]
    )
    scale = (
        np.abs(previous) + np.abs(balance) + np.abs(income) + np.abs(inputs["contributions"])
        + np.abs(inputs["fiscal_subsidy"]) + np.abs(inputs["financing_inflows"]) + np.abs(inputs["benefits"])
        + np.abs(inputs["other_outflows"])
    )
    assert np.all(np.abs((balance - previous) - flows) <= 8 * EPS * scale)
    # investment income follows the mid-year rule exactly as stated
    net = (inputs["contributions"] + inputs["fiscal_subsidy"] + inputs["financing_inflows"] - inputs["benefits"]
           - inputs["other_outflows"])
    expected = previous * inputs["returns"] + net * inputs["returns"] / 2
    assert np.allclose(income, expected, rtol=1e-12, atol=1e-12 * scale.max())


@settings(max_examples=30, deadline=None)
@given(fund_inputs())
def test_paths_are_independent_one_path_runs(inputs):
    together = roll_forward(**inputs)["balance"]
    for p in range(together.shape[0]):
        alone = roll_forward(**{k: v[p] for k, v in inputs.items()})["balance"]
        np.testing.assert_array_equal(alone, together[p])


def test_zero_returns_give_the_cumulative_sum():
    c = np.array([5.0, 6.0, 7.0, 8.0])
    s = np.array([1.0, 0.0, 2.0, 0.0])
    f = np.array([0.0, 3.0, 0.0, 0.5])
    e = np.array([4.0, 12.0, 20.0, 1.0])
    result = roll_forward(opening_balance=10.0, contributions=c, fiscal_subsidy=s, financing_inflows=f,
                          benefits=e, returns=0.0)
    np.testing.assert_allclose(result["balance"], 10.0 + np.cumsum(c + s + f - e), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(result["investment_income"], 0.0)


def test_hand_computed_year_and_borrowing_at_the_same_rate():
    # B0 = 100, net flow 6 at mid-year, r = 10 %: I = 10 + 0.3, B1 = 116.3
    one = roll_forward(opening_balance=100.0, contributions=[10.0], fiscal_subsidy=[0.0], financing_inflows=[0.0],
                       benefits=[4.0], returns=[0.1])
    assert one["investment_income"][0] == pytest.approx(10.3, rel=1e-14)
    assert one["balance"][0] == pytest.approx(116.3, rel=1e-14)
    # a negative balance keeps accruing: -100 -> -110 -> -121
    debt = roll_forward(opening_balance=-100.0, contributions=np.zeros(2), fiscal_subsidy=0.0, financing_inflows=0.0,
                        benefits=0.0, returns=0.1)
    np.testing.assert_allclose(debt["balance"], [-110.0, -121.0], rtol=1e-14)
    np.testing.assert_allclose(debt["investment_income"], [-10.0, -11.0], rtol=1e-14)


def test_borrowing_rate_applies_only_to_a_negative_opening_balance():
    # -100 borrowed at 20 % while a positive balance would earn 10 %: -100 -> -120 + 130 (mid-year) ...
    result = roll_forward(opening_balance=-100.0, contributions=[130.0, 0.0], returns=[0.1, 0.1],
                          borrowing_returns=[0.2, 0.2])
    assert result["investment_income"][0] == pytest.approx(-20.0 + 130.0 * 0.2 / 2, rel=1e-14)
    first = -100.0 + 130.0 + result["investment_income"][0]
    assert first > 0 and result["investment_income"][1] == pytest.approx(first * 0.1, rel=1e-14)


def test_drawdown_spends_a_share_of_what_the_fund_holds():
    # pi = 0.25 of (opening + credits): 0.25 (100 + 20) = 30 spent, B1 = 100 + 20 - 30 = 90 at r = 0
    result = roll_forward(opening_balance=100.0, contributions=[20.0, 10.0], returns=0.0, drawdown=0.25)
    np.testing.assert_allclose(result["benefits"], [30.0, 25.0], rtol=1e-15)
    np.testing.assert_allclose(result["balance"], [90.0, 75.0], rtol=1e-15)


def test_a_base_year_is_opened_from_revenue_expenditure_and_balance():
    # the identity solved for I: B0 = B_-1 + (R - X), I = B_-1 r + (R - I - X) r / 2
    opened = open_base_year(revenue=120.0, expenditure=80.0, balance=1040.0, rate=0.03)
    opening = 1040.0 - 40.0
    assert opened.investment_income == pytest.approx(opening * 0.03 + (40.0 - opened.investment_income) * 0.015,
                                                     rel=1e-14)
    split = open_base_year(revenue=120.0, expenditure=80.0, balance=1040.0, rate=0.03, non_investment_revenue=100.0)
    assert split.investment_income == 20.0 and split.balance == 1040.0


def test_every_fund_gets_the_same_labelled_outputs_base_year_first():
    years = np.arange(2025, 2030)
    flows = FundFlows(fund="pension_resident", years=years, base=BaseYear(balance=50.0, investment_income=1.5, rate=0.03),
                      contributions=np.full(5, 6.0), fiscal_subsidy=np.full(5, 1.0), benefits=np.full(5, 3.0),
                      returns=np.full(5, 0.03))
    dataset = fund_outputs(flows)
    assert dataset["year"].values.tolist() == [2024, *years]
    with_subsidy = roll_forward(opening_balance=50.0, contributions=np.full(5, 6.0), fiscal_subsidy=1.0, benefits=3.0,
                                returns=0.03)
    without = roll_forward(opening_balance=50.0, contributions=np.full(5, 6.0), benefits=3.0, returns=0.03)
    np.testing.assert_array_equal(dataset["resident_pension_fund_balance"].values[1:], with_subsidy["balance"])
    np.testing.assert_array_equal(dataset["resident_pension_fund_balance_without_subsidy"].values[1:], without["balance"])
    assert dataset["resident_pension_fund_balance"].values[0] == 50.0
    assert dataset["resident_pension_investment_income"].values[0] == 1.5
    for name in dataset.data_vars:
        assert float(np.abs(dataset[name].values).sum()) == 0.0 or not name.endswith(("_debt_stock", "_treasury_debt"))
        assert dataset[name].attrs == {"long_name": VARIABLES[name].long_name, "units": VARIABLES[name].units}, name
    assert set(dataset.data_vars) == {f"resident_pension_{series}" for series in (
        "fund_return", "financing_inflows", "investment_income", "fund_balance", "fund_balance_without_subsidy",
        "financing_fiscal_cost", "financing_debt_stock", "financing_treasury_debt", "fund_balance_closed",
        "benefits_payable_share", "residual_subsidy", "fund_balance_borrowing", "backstop", "cost_shifted",
        "closure_contributions", "closure_rate", "reserve_months")}
