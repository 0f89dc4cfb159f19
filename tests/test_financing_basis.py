"""One cost basis and one effect basis (issue 11 item 1): hand-computed funds and the comparison's columns."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from actuarial import AssumptionError, load_scenario
from actuarial.financing.basis import (
    FINANCED_FUNDS,
    backstop_variable,
    budget_cost,
    discount_basis,
    net_position,
    pv,
)
from actuarial.variables import FUND_PREFIXES

from conftest import ROOT

YEARS = np.array([2024, 2025, 2026])


def two_year_projection(**pension) -> xr.Dataset:
    """A projection over 2024-2026 in which every fund is empty and idle except the series given for the
    employee pension (values for 2025 and 2026; the base year is 0)."""
    series = {}
    for fund in FINANCED_FUNDS:
        prefix = FUND_PREFIXES[fund][0]
        for name in ("fund_balance", "fund_balance_closed", "residual_subsidy", "fiscal_subsidy", "financing_fiscal_cost",
                     "financing_debt_stock", "financing_treasury_debt", "financing_inflows"):
            values = pension.get(name, [0.0, 0.0]) if fund == "pension_employee" else [0.0, 0.0]
            series[f"{prefix}_{name}"] = ("year", np.array([0.0, *values]))
    series["gdp"] = ("year", np.array([100.0, 100.0, 100.0]))
    return xr.Dataset(series, coords={"year": YEARS})


RATE = xr.DataArray([0.10, 0.10], coords={"year": [2025, 2026]}, dims="year")


def test_net_position_of_a_two_year_fund_by_hand():
    """End balance 100 at end-2026, of which 20 is debt the fund owes; backstop 11 paid in 2025:
    NP = 80 / 1.1^2 - 11 x 1.05 / 1.1 = 66.1157 - 10.5 = 55.6157."""
    projection = two_year_projection(fund_balance_closed=[0.0, 100.0], residual_subsidy=[11.0, 0.0],
                                     financing_debt_stock=[20.0, 20.0])
    assert net_position(projection, "pension_employee", RATE) == pytest.approx(80 / 1.21 - 11 * 1.05 / 1.1, rel=1e-12)
    # treasury-serviced debt is not the fund's: it does not reduce the net position
    treasury = two_year_projection(fund_balance_closed=[0.0, 100.0], residual_subsidy=[11.0, 0.0],
                                   financing_debt_stock=[20.0, 20.0], financing_treasury_debt=[20.0, 20.0])
    assert net_position(treasury, "pension_employee", RATE) == pytest.approx(100 / 1.21 - 11 * 1.05 / 1.1, rel=1e-12)


def test_effect_and_cost_of_an_option_on_a_two_year_fund_by_hand():
    """Baseline: the fund needs a backstop of 10 in 2026. The option (bonds serviced by the treasury, interest
    2 in 2026, 20 still owed at the end) lifts the backstop and leaves 10 at the end.
    Effect = 10 / 1.21 + 10 x 1.05 / 1.21; cost = 2 x 1.05 / 1.21 + 20 / 1.21 - 10 x 1.05 / 1.21."""
    baseline = two_year_projection(residual_subsidy=[0.0, 10.0])
    option = two_year_projection(fund_balance_closed=[5.0, 10.0], financing_fiscal_cost=[0.0, 2.0],
                                 financing_debt_stock=[20.0, 20.0], financing_treasury_debt=[20.0, 20.0])
    effect = net_position(option, "pension_employee", RATE) - net_position(baseline, "pension_employee", RATE)
    assert effect == pytest.approx((10 + 10 * 1.05) / 1.21, rel=1e-12)
    cost = budget_cost(option, baseline, RATE)
    assert cost["own"] == pytest.approx(2 * 1.05 / 1.21 + 20 / 1.21, rel=1e-12)
    assert cost["support_pension_employee"] == pytest.approx(-10 * 1.05 / 1.21, rel=1e-12)
    assert cost["total"] == pytest.approx(cost["own"] + cost["support_pension_employee"], rel=1e-12)


def test_an_option_that_only_raises_benefits_costs_its_subsidy_change():
    """No cash cost of its own: the budget cost is the change in the fund's subsidy and backstop."""
    baseline = two_year_projection(fiscal_subsidy=[10.0, 10.0])
    richer = two_year_projection(fiscal_subsidy=[12.0, 13.0], residual_subsidy=[0.0, 4.0])
    cost = budget_cost(richer, baseline, RATE)
    expected = 2 * 1.05 / 1.1 + (3 + 4) * 1.05 / 1.21
    assert cost["own"] == 0.0
    assert cost["total"] == pytest.approx(expected, rel=1e-12)
    assert cost["support_pension_employee"] == pytest.approx(expected, rel=1e-12)


def test_the_backstop_is_read_where_the_run_has_it():
    projection = two_year_projection(residual_subsidy=[1.0, 1.0])
    assert backstop_variable(projection, "pension_employee") == "pension_residual_subsidy"
    with_backstop = projection.assign(pension_backstop=("year", np.array([0.0, 3.0, 3.0])),
                                      pension_fund_balance=("year", np.array([0.0, 0.0, 2.0])))
    assert backstop_variable(with_backstop, "pension_employee") == "pension_backstop"
    # with a backstop, the balance under the fund's closure rule (here 2 at the end) goes with it
    assert net_position(with_backstop, "pension_employee", RATE) == pytest.approx(
        2 / 1.21 - (3 * 1.05 / 1.1 + 3 * 1.05 / 1.21))
    # a fund that borrows (backstop 0): its negative balance is its net position
    borrowing = projection.assign(pension_backstop=("year", np.zeros(3)),
                                  pension_fund_balance=("year", np.array([0.0, -5.0, -12.1])))
    assert net_position(borrowing, "pension_employee", RATE) == pytest.approx(-10.0)


def test_discount_bases():
    assumptions = load_scenario(ROOT / "projections" / "ai_central.yaml")
    borrowing = discount_basis(assumptions)
    assert float(borrowing.rate.sel(year=2050)) == pytest.approx(0.0257)
    assert "government_borrowing_rate" in borrowing.description
    fund = discount_basis(assumptions, "fund")
    np.testing.assert_allclose(fund.rate.values, assumptions.data("pension_fund_return").sel(year=fund.rate["year"]).values)
    assert float(discount_basis(assumptions, "0.03").rate.max()) == 0.03
    with pytest.raises(AssumptionError) as error:
        discount_basis(assumptions, "cheap")
    assert str(error.value) == "--discount: discount: value 'cheap' is not 'borrowing', 'fund' or a rate such as 0.03"


# --------------------------------------------------------------------------- the rate cut's behaviour (item 7)
def test_rate_cut_is_phased_in_and_acts_on_each_status_labour_cost():
    from actuarial.config.financing import parse_options
    from actuarial.funds.options import assumption_changes

    assumptions = load_scenario(ROOT / "projections" / "ai_central.yaml")
    body = {"type": "rate_cut", "description": "x", "source": "y", "employer_cut": 0.02, "flexible_cut": 0.04,
            "first_year": 2026, "phase_in_years": 3, "declared_base_elasticity": {"low": 0.2, "central": 0.5, "high": 1.0},
            "coverage_elasticity": {"standard": 0.1, "nonstandard": 0.5, "platform": {"low": 1, "central": 1.5, "high": 3},
                                    "self_employed": 1.0, "farm": 0.0}}
    cut = parse_options({"cut": body}, file="t.yaml")["cut"]
    changes = assumption_changes(cut, assumptions)
    employer = assumptions.data("employer_pension_rate")
    for year, share in ((2025, 0.0), (2026, 1 / 3), (2027, 2 / 3), (2028, 1.0), (2040, 1.0)):
        assert float(changes["employer_pension_rate"].sel(year=year)) == pytest.approx(
            float(employer.sel(year=year)) - share * 0.02, abs=1e-15)
        platform = float(changes["contribution_density_adjustment"].sel(year=year, status="platform"))
        flexible = float(assumptions.data("flexible_pension_rate").sel(year=year))
        assert platform == pytest.approx(1.0 + 1.5 * share * 0.04 / (1.0 + flexible), rel=1e-12)
        base = float(changes["declared_base_adjustment"].sel(year=year))
        assert base == pytest.approx(1.0 + 0.5 * share * 0.02 / (1.0 + float(employer.sel(year=year))), rel=1e-12)
    high = parse_options({"cut": {**body, "elasticity_case": "high"}}, file="t.yaml")["cut"]
    assert high.coverage("platform") == 3 and high.declared_base() == 1.0
    with pytest.raises(AssumptionError) as error:
        parse_options({"cut": {**body, "declared_base_elasticity": {"low": 0.6, "central": 0.5, "high": 1.0}}},
                      file="t.yaml")
    assert str(error.value).startswith("t.yaml: options.cut.declared_base_elasticity")
    assert "low <= central <= high" in str(error.value)


def test_the_declared_base_response_acts_before_the_floor_and_ceiling():
    """A compliance rise of 50 % cannot lift a base above the ceiling, and lifts one below the floor only
    once it clears it."""
    from types import SimpleNamespace

    from actuarial.schemes.pension_employee_rules import IS_EMPLOYEE, declared_bases

    p = SimpleNamespace(floor_ratio=np.array([0.6]), ceiling_ratio=np.array([3.0]), flexible_base_ratio=1.0,
                        declared_base_adjustment=np.array([1.5]), flexible_base_adjustment=np.array([2.5]),
                        earnings_link=np.array([0.0]), declared_income_share=np.array([1.0]),
                        flexible_floor_ratio=np.array([0.6]))  # today's flexible rule: no earnings link
    wage = np.array([100.0])
    earnings = np.zeros((1, 1, 3, IS_EMPLOYEE.size))
    earnings[..., IS_EMPLOYEE] = np.array([30.0, 100.0, 250.0])[None, None, :, None]
    bases = declared_bases(p, earnings, wage, 1.0, adjusted=True)[0, 0]
    standard = bases[:, list(IS_EMPLOYEE).index(True)]
    np.testing.assert_allclose(standard, [60.0, 150.0, 300.0])  # 45 -> floor 60, 150, 375 -> ceiling 300
    assert np.all(bases[:, ~IS_EMPLOYEE] == 250.0)  # flexible: 2.5 x the ratio 1.0, below the ceiling
    np.testing.assert_allclose(declared_bases(p, earnings, wage, 1.0)[0, 0][:, list(IS_EMPLOYEE).index(True)],
                               [60.0, 100.0, 250.0])


# --------------------------------------------------------------------------- the levers (item 6)
LEVERS = ROOT / "projections" / "financing_levers.yaml"


def test_an_option_that_only_raises_benefits_costs_the_budget_its_subsidy_change():
    """Indexing pensions at 80 % of wage growth (baseline 60 %) has no cash cost of its own; its budget cost is
    the rise it causes in the employee pension's fiscal subsidy, and the fund's effect is negative."""
    from actuarial.config.financing import parse_options
    from actuarial.financing.mix import run_mix

    assumptions = load_scenario(ROOT / "projections" / "ai_central.yaml")
    rate = discount_basis(assumptions).rate
    richer = parse_options({"richer": {"type": "indexation", "description": "x", "source": "y", "rule": "wage_share",
                                       "wage_share": 0.8, "first_year": 2026}}, file="t.yaml")
    baseline = run_mix(assumptions, {}, name="baseline").projection
    result = run_mix(assumptions, richer, name="richer").projection
    cost = budget_cost(result, baseline, rate)
    subsidy = (result["pension_fiscal_subsidy"] - baseline["pension_fiscal_subsidy"]).isel(year=slice(1, None))
    backstop = (result[backstop_variable(result, "pension_employee")]
                - baseline[backstop_variable(baseline, "pension_employee")]).isel(year=slice(1, None))
    assert cost["own"] == 0.0
    assert cost["total"] == pytest.approx(sum(cost[f"support_{fund}"] for fund in FINANCED_FUNDS), rel=1e-12)
    assert cost["support_pension_employee"] == pytest.approx(pv(subsidy + backstop, rate), rel=1e-12)
    assert cost["support_pension_employee"] > 0.0
    assert net_position(result, "pension_employee", rate) < net_position(baseline, "pension_employee", rate)


def test_levers_change_their_rules_as_declared():
    from actuarial.financing.study import load_study
    from actuarial.funds.options import assumption_changes

    study = load_study(LEVERS)
    assumptions = load_scenario(study.scenario)
    ages = assumption_changes(study.options["retirement_age_plus_2"], assumptions)["statutory_retirement_age"]
    before = assumptions.data("statutory_retirement_age")
    rise = (ages - before).sel(birth_month=1)
    assert float(abs(rise.sel(birth_year=slice(None, 1975))).max()) == 0.0  # nobody already retired is touched
    assert float(rise.sel(birth_year=1987).max()) == pytest.approx(1.0)  # 12 of 24 birth years
    assert float(rise.sel(birth_year=slice(1999, None)).min()) == pytest.approx(2.0)
    assert bool((ages.diff("birth_year") >= -1e-12).all())  # the schedule stays monotone
    minimum = assumption_changes(study.options["minimum_years_25"], assumptions)["minimum_contribution_years"]
    np.testing.assert_allclose(minimum.sel(year=[2039, 2040, 2045, 2049, 2060]).values, [20.0, 20.5, 23.0, 25.0, 25.0])
    prices = assumption_changes(study.options["indexation_prices"], assumptions)
    np.testing.assert_allclose(prices["pension_indexation_fixed"].sel(year=2030), assumptions.data("inflation").sel(year=2030))
    assert float(prices["pension_indexation_wage_share"].sel(year=slice(2026, None)).max()) == 0.0
    medical = assumption_changes(study.options["medical_rate_plus_1"], assumptions)["medical_employer_rate_change"]
    np.testing.assert_allclose(medical.sel(year=[2025, 2026, 2028, 2050]).values, [0.0, 0.01 / 3, 0.01, 0.01], atol=1e-15)
