"""Valuation metrics (actuarial.analysis.valuation): hand-built series, present values against hand values,
PAYG analytics, actuarial balance and general average premium round trips, required rates through the
roll-forward, and the implicit pension debt against closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
import xarray as xr

from actuarial import dims
from actuarial.analysis.pension_debt import implicit_pension_debt
from actuarial.analysis.required_rate import required_contribution_rate
from actuarial.analysis.scheme_metrics import scheme_metrics
from actuarial.analysis.valuation import (
    actuarial_balance,
    cost_rate,
    depletion_year,
    discount_factors,
    ending_target,
    first_deficit_year,
    general_average_premium,
    income_rate,
    present_value,
    replacement_rate,
    reserve_ratio,
    summarized_rates,
    system_dependency_ratio,
)
from actuarial.demography.lifetable import N_AGES, life_table
from actuarial.funds.rollforward import roll_forward

YEARS = np.arange(2025, 2101)          # projection years; 2024 is the observed base year
SEXES = list(dims.SEXES)


def series(values, years=None) -> xr.DataArray:
    years = YEARS if years is None else np.asarray(years)
    return xr.DataArray(np.asarray(values, dtype=float), coords={"year": years}, dims="year")


def maturing_scheme(rate: float = 0.16):
    """A fund in decline: benefits grow faster than the base (7 % vs 5 % a year)."""
    t = np.arange(YEARS.size)
    base = series(1.0e12 * 1.05**t)
    benefits = series(0.12e12 * 1.07**t)
    subsidy = series(0.01e12 * 1.05**t)
    return {"base": base, "benefits": benefits, "subsidy": subsidy, "contributions": rate * base, "opening": 0.8e12}


def fund_balance(scheme, contributions, returns):
    return roll_forward(
        opening_balance=scheme["opening"],
        contributions=contributions.values,
        fiscal_subsidy=scheme["subsidy"].values,
        financing_inflows=0.0,
        benefits=scheme["benefits"].values,
        returns=returns,
    )["balance"]


# --------------------------------------------------------------------------- year metrics


def test_depletion_and_first_deficit_on_a_hand_built_series():
    years = [2025, 2026, 2027, 2028, 2029]
    contributions = series([10, 10, 10, 10, 10], years)
    subsidy = series([0, 0, 1, 0, 0], years)
    inflows = series([0, 0, 0, 2, 0], years)
    benefits = series([9, 10, 11, 11, 12], years)
    # 2025: 10 >= 9; 2026: 10 == 10 (not a deficit); 2027: 11 == 11; 2028: 12 > 11; 2029: 10 < 12
    assert first_deficit_year(contributions=contributions, benefits=benefits, fiscal_subsidy=subsidy,
                              financing_inflows=inflows) == 2029
    assert first_deficit_year(contributions=contributions, benefits=benefits) == 2027
    assert first_deficit_year(contributions=contributions + 5, benefits=benefits) is None
    balance = series([3.0, 1.0, 0.0, -0.5, 2.0], years)
    assert depletion_year(balance) == 2028                      # zero is not depleted; -0.5 is
    assert depletion_year(balance.clip(min=0.0)) is None


def test_year_metrics_carry_a_path_dimension():
    balance = xr.DataArray([[1.0, -1.0, 2.0], [1.0, 1.0, 1.0]], coords={"path": [0, 1], "year": [2025, 2026, 2027]},
                           dims=("path", "year"))
    years = depletion_year(balance)
    assert years.dims == ("path",)
    assert years.sel(path=0) == 2026 and np.isnan(years.sel(path=1))


def test_reserve_ratio_uses_next_year_benefits_and_extrapolates_the_last():
    years = [2025, 2026, 2027]
    ratio = reserve_ratio(balance=series([10.0, 20.0, 30.0], years), benefits=series([1.0, 2.0, 4.0], years))
    # last year: benefits 4 grown at the last growth rate (x2) = 8
    np.testing.assert_allclose(ratio.values, [10 / 2, 20 / 4, 30 / 8], rtol=1e-15)
    assert float(ending_target(series([1.0, 2.0, 4.0], years))) == 8.0


def test_simple_ratios():
    years = [2025, 2026]
    base = series([100.0, 0.0], years)
    assert cost_rate(benefits=series([20.0, 1.0], years), contribution_base=base).values[0] == 0.2
    assert np.isnan(cost_rate(benefits=series([20.0, 1.0], years), contribution_base=base).values[1])
    both = income_rate(contributions=series([16.0, 0.0], years), contribution_base=base,
                       fiscal_subsidy=series([4.0, 0.0], years))
    only = income_rate(contributions=series([16.0, 0.0], years), contribution_base=base)
    assert both.values[0] == pytest.approx(0.2) and only.values[0] == pytest.approx(0.16)


# --------------------------------------------------------------------------- present values


def test_present_value_of_a_constant_series_against_a_hand_value():
    flows = series([100.0, 100.0, 100.0], [2025, 2026, 2027])
    # 100 (1 + 0.05/2) (1.05^-1 + 1.05^-2 + 1.05^-3)
    assert present_value(flows, 0.05) == pytest.approx(279.13292301047403, rel=1e-13)
    # year-varying: d = 10 % then 0 %: 10 * 1.05 / 1.1 + 20 * 1 / 1.1
    rates = series([0.10, 0.0], [2025, 2026])
    assert present_value(series([10.0, 20.0], [2025, 2026]), rates) == pytest.approx(30.5 / 1.1, rel=1e-14)
    np.testing.assert_allclose(discount_factors(rates, [2025, 2026]).values, [1 / 1.1, 1 / 1.1])


def test_present_values_agree_with_the_roll_forward_when_the_fund_earns_the_discount_rate():
    rng = np.random.default_rng(7)
    rates = series(rng.uniform(-0.02, 0.08, YEARS.size))
    scheme = maturing_scheme()
    balance = fund_balance(scheme, scheme["contributions"], rates.values)
    net = scheme["contributions"] + scheme["subsidy"] - scheme["benefits"]
    v_end = float(discount_factors(rates, YEARS)[-1])
    assert v_end * balance[-1] == pytest.approx(scheme["opening"] + present_value(net, rates), rel=1e-11)


# --------------------------------------------------------------------------- PAYG analytics (DESIGN §9)


def test_payg_cost_rate_is_dependency_ratio_times_replacement_ratio():
    contributors, pensioners = 1000.0, 400.0
    pension, base_per_contributor = 30_000.0, 60_000.0
    ones = series(np.ones(YEARS.size))
    data = xr.Dataset({
        "contributors": contributors * ones,
        "pensioners": pensioners * ones,
        "employed": 1250.0 * ones,
        "benefits": pensioners * pension * ones,
        "contribution_base": contributors * base_per_contributor * ones,
        "contributions": pensioners * pension * ones,      # pay-as-you-go: income equals outgo each year
        "average_pension": pension * ones,
        "average_wage": base_per_contributor * ones,
    })
    data["balance"] = series(roll_forward(opening_balance=0.0, contributions=data.contributions.values,
                                          fiscal_subsidy=0.0, financing_inflows=0.0,
                                          benefits=data.benefits.values, returns=0.04)["balance"])
    cost = cost_rate(benefits=data.benefits, contribution_base=data.contribution_base)
    dependency = system_dependency_ratio(pensioners=data.pensioners, contributors=data.contributors)
    analytic = pensioners / contributors * pension / base_per_contributor          # 0.4 x 0.5
    np.testing.assert_allclose(cost.values, analytic, rtol=1e-15)
    np.testing.assert_allclose(
        cost.values, (dependency * replacement_rate(average_pension=data.average_pension,
                                                    average_wage=data.average_wage)).values, rtol=1e-15)
    assert depletion_year(data.balance) is None and np.all(data.balance.values == 0.0)
    # with no fund, the smallest rate that keeps the balance non-negative is the PAYG cost rate itself
    required = required_contribution_rate(benefits=data.benefits, contribution_base=data.contribution_base,
                                          opening_balance=0.0, returns=0.04)
    assert required == pytest.approx(analytic, rel=1e-12)

    table = scheme_metrics("pension_employee", data, opening_balance=0.0, discount=0.04).set_index("metric")
    assert table.loc["cost_rate_2100", "value"] == pytest.approx(analytic, rel=1e-15)
    assert table.loc["system_dependency_ratio_2050", "value"] == pytest.approx(0.4)
    assert table.loc["coverage_rate_2035", "value"] == pytest.approx(0.8)
    assert np.isnan(table.loc["depletion_year", "value"]) and table.loc["depletion_year", "unit"] == "year"
    assert np.isnan(table.loc["first_deficit_year", "value"])


# --------------------------------------------------------------------------- horizon balance


def test_actuarial_balance_is_zero_at_the_general_average_premium():
    scheme = maturing_scheme()
    discount = series(np.linspace(0.05, 0.03, YEARS.size))
    common = dict(benefits=scheme["benefits"], contribution_base=scheme["base"], opening_balance=scheme["opening"],
                  discount=discount, fiscal_subsidy=scheme["subsidy"])
    gap = general_average_premium(**common)
    assert 0.16 < gap < 1.0
    assert actuarial_balance(contributions=gap * scheme["base"], **common) == pytest.approx(0.0, abs=1e-14)
    # AB = PV-average effective contribution rate - GAP
    ab = actuarial_balance(contributions=scheme["contributions"], **common)
    assert ab == pytest.approx(0.16 - gap, rel=1e-12)
    rates = summarized_rates(contributions=scheme["contributions"], **common)
    assert rates["summarized_income_rate"] - rates["summarized_cost_rate"] == pytest.approx(ab, rel=1e-12)
    # with the fund earning the discount rate, contributing the GAP ends the horizon exactly at the target
    balance = fund_balance(scheme, gap * scheme["base"], discount.values)
    assert balance[-1] == pytest.approx(float(ending_target(scheme["benefits"])), rel=1e-9)
    assert required_contribution_rate(benefits=scheme["benefits"], contribution_base=scheme["base"],
                                      opening_balance=scheme["opening"], returns=discount,
                                      fiscal_subsidy=scheme["subsidy"], criterion="terminal_reserve") == \
        pytest.approx(gap, rel=1e-10)


def test_required_rate_keeps_the_fund_just_solvent_and_any_lower_rate_depletes_it():
    scheme = maturing_scheme()
    kwargs = dict(benefits=scheme["benefits"], contribution_base=scheme["base"], opening_balance=scheme["opening"],
                  returns=0.035, fiscal_subsidy=scheme["subsidy"])
    rate = required_contribution_rate(**kwargs)
    assert 0.16 < rate < 1.0
    scale = float(scheme["benefits"].max())
    at_rate = fund_balance(scheme, rate * scheme["base"], 0.035)
    assert abs(at_rate.min()) <= 1e-6 * scale
    below = fund_balance(scheme, rate * (1 - 1e-6) * scheme["base"], 0.035)
    assert below.min() < 0.0 and depletion_year(series(below)) is not None
    # a temporary hump in cost (a baby-boom cohort): the binding year is inside the horizon, not the last one
    t = np.arange(YEARS.size)
    hump = {**scheme, "benefits": scheme["base"] * (0.10 + 0.12 * np.exp(-(((t - 30) / 8.0) ** 2)))}
    hump_kwargs = {**kwargs, "benefits": hump["benefits"]}
    rate = required_contribution_rate(**hump_kwargs)
    at_rate = fund_balance(hump, rate * hump["base"], 0.035)
    assert 0 < at_rate.argmin() < YEARS.size - 1 and at_rate[-1] > 0.0
    assert abs(at_rate.min()) <= 1e-6 * float(hump["benefits"].max())
    assert fund_balance(hump, rate * (1 - 1e-6) * hump["base"], 0.035).min() < 0.0
    # the terminal-reserve rate is higher here (a reserve of one year's cost at 2100)
    terminal = required_contribution_rate(**kwargs, criterion="terminal_reserve")
    end = fund_balance(scheme, terminal * scheme["base"], 0.035)[-1]
    assert end / float(ending_target(scheme["benefits"])) == pytest.approx(1.0, rel=1e-9)
    # bounds: already solvent without contributions -> 0; unattainable below the cap -> NaN
    assert required_contribution_rate(**{**kwargs, "opening_balance": 1e17}) == 0.0
    assert math.isnan(required_contribution_rate(**kwargs, cap=0.05))


def test_required_rates_of_several_paths_at_once_are_each_paths_own():
    """A path dimension (the stochastic engine's chunk) gives every path the rate it gets alone, bit for bit:
    solvent, binding inside the horizon, unattainable."""
    scheme = maturing_scheme()
    t = np.arange(YEARS.size)
    shapes = [scheme["benefits"], scheme["base"] * (0.10 + 0.12 * np.exp(-(((t - 30) / 8.0) ** 2))),
              scheme["benefits"] * 4.0, scheme["benefits"] * 10.0]
    returns = [0.035, 0.02, 0.05, 0.035]
    openings = [scheme["opening"], scheme["opening"], 1e17, scheme["opening"]]
    stacked = dict(benefits=xr.concat(shapes, dim="path"), contribution_base=scheme["base"],
                   opening_balance=xr.DataArray(openings, dims="path"), fiscal_subsidy=scheme["subsidy"],
                   returns=xr.concat([xr.full_like(scheme["base"], r) for r in returns], dim="path"))
    for criterion in ("solvency", "terminal_reserve"):
        together = required_contribution_rate(**stacked, criterion=criterion, cap=0.5)
        alone = [required_contribution_rate(benefits=b, contribution_base=scheme["base"], opening_balance=o,
                                            fiscal_subsidy=scheme["subsidy"], returns=r, criterion=criterion, cap=0.5)
                 for b, o, r in zip(shapes, openings, returns)]
        np.testing.assert_array_equal(together.values, alone)
        assert together.dims == ("path",) and alone[2] == 0.0 and math.isnan(alone[3]) and 0.0 < min(alone[:2])


# --------------------------------------------------------------------------- implicit pension debt


def mortality(m_open_or_all: float | None = None) -> xr.DataArray:
    ages = np.arange(N_AGES)
    if m_open_or_all is None:
        male = np.clip(4e-5 * np.exp(0.095 * ages), 2e-4, 0.9)
        female = np.clip(2e-5 * np.exp(0.1 * ages), 1e-4, 0.85)
        values = np.stack([male, female])
    else:
        values = np.full((2, N_AGES), m_open_or_all)
    return xr.DataArray(values, coords={"sex": SEXES, "age": ages}, dims=("sex", "age"))


def one_cell(age: int, value: float = 1.0, sex: str = "female") -> xr.DataArray:
    cells = xr.DataArray(np.zeros((2, N_AGES)), coords={"sex": SEXES, "age": np.arange(N_AGES)}, dims=("sex", "age"))
    cells.loc[{"sex": sex, "age": age}] = value
    return cells


def open_group_annuity(m: float, d: float, i: float) -> float:
    """Closed form for 1 yuan a year at 100+ under constant hazard m:
    sum_k (q^{k-1} + q^k)/2 g^k (1 + d/2) = (1 + d/2)(1 + q) g / (2 (1 - g q)), q = e^-m, g = (1+i)/(1+d)."""
    q, g = math.exp(-m), (1 + i) / (1 + d)
    return (1 + d / 2) * (1 + q) * g / (2 * (1 - g * q))


def test_ipd_of_one_pensioner_aged_100_plus_matches_the_closed_form():
    m, d, i, pension = 0.4, 0.03, 0.02, 24_000.0
    debt = implicit_pension_debt(mx=mortality(m), pensioners=one_cell(100), average_pension=pension,
                                 discount=d, indexation=i)
    assert debt.in_payment == pytest.approx(pension * open_group_annuity(m, d, i), rel=1e-12)
    assert debt.accrued_active == 0.0 and debt.total == debt.in_payment


def test_ipd_deferral_and_revaluation_in_the_open_group():
    m, d, i, rho, n = 0.4, 0.03, 0.02, 0.05, 3
    q, g = math.exp(-m), (1 + i) / (1 + d)
    immediate = open_group_annuity(m, d, i)
    nobody = one_cell(100, 0.0)
    # retiring at exact age 100.5 + n: the cell's mean age reaches it after n years, payments from year n + 1
    deferred = implicit_pension_debt(mx=mortality(m), pensioners=nobody, average_pension=0.0, discount=d,
                                     indexation=i, accrued_pension=one_cell(100, 1000.0), retirement_age=100.5 + n)
    assert deferred.accrued_active == pytest.approx(1000.0 * (g * q) ** n * immediate, rel=1e-12)
    revalued = implicit_pension_debt(mx=mortality(m), pensioners=nobody, average_pension=0.0, discount=d,
                                     indexation=i, accrued_pension=one_cell(100, 1000.0), retirement_age=100.5 + n,
                                     revaluation=rho)
    assert revalued.accrued_active == pytest.approx(deferred.accrued_active * ((1 + rho) / (1 + i)) ** n, rel=1e-12)
    # an active member already past the retirement age is valued as a pensioner
    now = implicit_pension_debt(mx=mortality(), pensioners=one_cell(70, 1.0, "male"), average_pension=1000.0,
                                discount=d, indexation=i, accrued_pension=one_cell(70, 1000.0, "male"),
                                retirement_age=60.0)
    assert now.accrued_active == pytest.approx(now.in_payment, rel=1e-14)


def test_ipd_annuity_without_discounting_is_the_life_table_expectation():
    # d = i = 0: a(x) = 1/2 + sum_{k>=1} L_{x+k} / L_x = T_{x+1} / L_x + 1/2
    mx = mortality()
    debt = implicit_pension_debt(mx=mx, pensioners=one_cell(0) + 1.0, average_pension=1.0, discount=0.0,
                                 indexation=0.0)
    for sex in SEXES:
        table = life_table(mx.sel(sex=sex).values, sex=sex)
        expected = table.Tx[1:] / table.Lx[:-1] + 0.5
        got = debt.cells["annuity_in_payment"].sel(sex=sex).values[:-1]
        np.testing.assert_allclose(got, expected, rtol=1e-10)


# --------------------------------------------------------------------------- metrics table


def test_scheme_metrics_rows_units_and_graceful_skips():
    scheme = maturing_scheme()
    balance = series(fund_balance(scheme, scheme["contributions"], 0.035))
    data = xr.Dataset({"contributions": scheme["contributions"], "benefits": scheme["benefits"],
                       "fiscal_subsidy": scheme["subsidy"], "contribution_base": scheme["base"], "balance": balance})
    table = scheme_metrics("medical_employee", data, opening_balance=scheme["opening"], discount=0.035,
                           report_years=(2035, 2200))
    assert list(table.columns) == ["scheme", "metric", "value", "unit"]
    assert set(table["scheme"]) == {"medical_employee"}
    rows = table.set_index("metric")
    assert rows.loc["depletion_year", "value"] == depletion_year(balance)
    assert rows.loc["first_deficit_year", "unit"] == "year"
    assert rows.loc["reserve_ratio_2035", "value"] == pytest.approx(
        float(balance.sel(year=2035) / scheme["benefits"].sel(year=2036)))
    assert rows.loc["required_rate_solvency", "unit"] == "fraction_of_base"
    assert not any(m.endswith("_2200") for m in rows.index)                  # outside the series: skipped
    assert not any(m.startswith(("system_dependency", "replacement", "coverage")) for m in rows.index)
    # default report years end with the last projection year
    default = scheme_metrics("medical_employee", data, opening_balance=scheme["opening"], discount=0.035)
    assert {"cost_rate_2035", "cost_rate_2050", "cost_rate_2075", "cost_rate_2100"} <= set(default["metric"])
    # only a balance: the depletion year and nothing that needs flows
    alone = scheme_metrics("x", data[["balance"]], opening_balance=0.0, discount=0.03)
    assert list(alone["metric"]) == ["depletion_year"]


def test_a_closed_fund_is_depleted_when_its_borrowing_balance_turns_negative():
    years = np.arange(2025, 2030)
    series = xr.Dataset({
        "contributions": ("year", np.full(5, 1.0)), "benefits": ("year", np.full(5, 2.0)),
        "balance": ("year", np.array([2.0, 1.0, 0.0, 0.0, 0.0])),              # closed: never below zero
        "balance_borrowing": ("year", np.array([2.0, 1.0, -0.5, -1.5, -2.5])),  # what borrowing would leave
    }, coords={"year": years})
    rows = scheme_metrics("medical_employee", series, opening_balance=3.0, discount=0.03).set_index("metric")["value"]
    assert rows["depletion_year"] == 2027
    closed_only = scheme_metrics("medical_employee", series.drop_vars("balance_borrowing"), opening_balance=3.0,
                                 discount=0.03).set_index("metric")["value"]
    assert np.isnan(closed_only["depletion_year"])
