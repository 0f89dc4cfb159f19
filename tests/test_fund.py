"""Fund roll-forward (actuarial.finance.fund): the accounting identity, mid-year crediting, borrowing, paths."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from actuarial.finance.fund import FUND_VARIABLES, project_fund, roll_forward

EPS = np.finfo(float).eps


@st.composite
def fund_inputs(draw, max_paths: int = 3, max_years: int = 25):
    paths = draw(st.integers(1, max_paths))
    years = draw(st.integers(1, max_years))
    shape = (paths, years)
    money = st.floats(-1e11, 1e12, allow_nan=False, allow_infinity=False)
    flows = {
        name: draw(arrays(float, shape, elements=money))
        for name in ("contributions", "fiscal_subsidy", "financing_inflows", "benefits")
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
    )
    scale = (
        np.abs(previous) + np.abs(balance) + np.abs(income) + np.abs(inputs["contributions"])
        + np.abs(inputs["fiscal_subsidy"]) + np.abs(inputs["financing_inflows"]) + np.abs(inputs["benefits"])
    )
    assert np.all(np.abs((balance - previous) - flows) <= 8 * EPS * scale)
    # investment income follows the mid-year rule exactly as stated
    net = inputs["contributions"] + inputs["fiscal_subsidy"] + inputs["financing_inflows"] - inputs["benefits"]
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


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="returns must exceed -1"):
        roll_forward(opening_balance=0.0, contributions=[1.0], fiscal_subsidy=0.0, financing_inflows=0.0,
                     benefits=0.0, returns=-1.0)
    with pytest.raises(ValueError, match="do not broadcast"):
        roll_forward(opening_balance=0.0, contributions=[1.0, 2.0], fiscal_subsidy=[0.0, 0.0, 0.0],
                     financing_inflows=0.0, benefits=0.0, returns=0.0)
    with pytest.raises(ValueError, match="opening_balance"):
        roll_forward(opening_balance=[1.0, 2.0, 3.0], contributions=np.ones((2, 4)), fiscal_subsidy=0.0,
                     financing_inflows=0.0, benefits=0.0, returns=0.0)


def test_labelled_wrapper_broadcasts_paths_and_sets_units():
    years = np.arange(2025, 2030)
    paths = [0, 1]
    rates = xr.DataArray([[0.02] * 5, [0.05] * 5], coords={"path": paths, "year": years}, dims=("path", "year"))
    benefits = xr.DataArray(np.full(5, 3.0), coords={"year": years}, dims="year")
    dataset = project_fund(opening_balance=50.0, contributions=2.0 * benefits, fiscal_subsidy=0.0,
                           financing_inflows=0.0, benefits=benefits, returns=rates)
    assert dataset["balance"].dims == ("path", "year")
    for p in paths:
        alone = roll_forward(opening_balance=50.0, contributions=np.full(5, 6.0), fiscal_subsidy=0.0,
                             financing_inflows=0.0, benefits=np.full(5, 3.0), returns=rates.sel(path=p).values)
        np.testing.assert_array_equal(dataset["balance"].sel(path=p).values, alone["balance"])
    for name, (long_name, units) in FUND_VARIABLES.items():
        assert dataset[name].attrs == {"long_name": long_name, "units": units}
