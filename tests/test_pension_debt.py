"""The implicit pension debt on its standard bases, the vesting of accrued rights, and the open- and
closed-group unfunded obligations: hand-computed small cases and what holds by construction on the baseline."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
import xarray as xr

from actuarial import dims
from actuarial.analysis.obligations import benefits_by_age, group_obligations
from actuarial.analysis.pension_debt import DISCOUNTS, account_divisor_at, debt_on_bases
from actuarial.demography.lifetable import N_AGES
from actuarial.schemes.pension_employee_base import (
    VESTING,
    accrued_rights,
    exact_retirement_age,
    retirement_year_minimum,
)

SEXES = list(dims.SEXES)
AGES = np.arange(N_AGES)
N_BUCKETS = 56


def cells(value: float = 0.0) -> xr.DataArray:
    return xr.DataArray(np.full((2, N_AGES), value), coords={"sex": SEXES, "age": AGES}, dims=("sex", "age"))


def by_vesting(all_: xr.DataArray, vested: xr.DataArray, vestable: xr.DataArray) -> xr.DataArray:
    return xr.concat([all_, vested, vestable], dim=xr.DataArray(list(VESTING), dims="vesting", name="vesting"))


# --------------------------------------------------------------------------- rights by vesting basis
MINIMUM = {2024: 15.0, 2029: 15.0, 2030: 15.5, 2031: 16.0, 2032: 16.5, 2033: 17.0, 2034: 17.5, 2035: 18.0}


def parameters():
    years = np.arange(2024, 2036)
    minimum = np.array([MINIMUM.get(int(y), 15.0) for y in years])
    return SimpleNamespace(years=years, minimum_years=minimum, accrual=np.full(years.size, 0.01),
                           transitional_accrual=0.012, divisor=np.linspace(300.0, 50.0, N_AGES))


def empty_state():
    shape = (2, N_AGES, 2)
    return SimpleNamespace(h_c=np.zeros((*shape, N_BUCKETS)), h_n=np.zeros((*shape, N_BUCKETS)),
                           deemed=np.zeros(shape), ratio_sum=np.zeros(shape), balance=np.zeros(shape))


def hand_state():
    """Men aged 50: 1997 members (5 deemed years) with 5, 12 and 20 total years; later members with 3, 7, 14
    and 16."""
    state = empty_state()
    state.deemed[0, 50, 0] = 5.0
    state.h_c[0, 50, 0, [5, 12, 20]] = [0.05, 0.1, 0.2]
    state.h_n[0, 50, 0, [5, 12, 20]] = [0.05, 0.1, 0.1]       # masses 0.1, 0.2, 0.3
    state.h_n[0, 50, 1, [3, 7, 14, 16]] = [0.1, 0.05, 0.05, 0.2]
    state.ratio_sum[0, 50] = [5.9 * 0.8, 4.55 * 1.2]          # actual years 5.9 and 4.55: I = 0.8 and 1.2
    state.balance[0, 50] = [1000.0, 700.0]
    return state


def stage(state, expected_age: float = 59.0):
    return {"state": state, "retirement_age": np.full((2, N_AGES), expected_age), "wage": np.array([120_000.0])}


def test_rights_by_vesting_basis_match_a_hand_computation():
    # exact retirement age 60: 9.5 more years to the retirement year 2034, whose minimum is 17.5
    rights = accrued_rights(parameters(), stage(hand_state()))
    w, a, a_tr = 10_000.0, 0.01, 0.012
    part = {  # (group, total years): annual wage-linked pension and account share of one unit of mass
        (0, 5): 12 * (w * 0.9 * 5 * a + w * 0.8 * 5 * a_tr), (0, 12): 12 * (w * 0.9 * 12 * a + w * 0.8 * 5 * a_tr),
        (0, 20): 12 * (w * 0.9 * 20 * a + w * 0.8 * 5 * a_tr),
        **{(1, y): 12 * w * 1.1 * y * a for y in (3, 7, 14, 16)}}
    mass = {(0, 5): 0.1, (0, 12): 0.2, (0, 20): 0.3, (1, 3): 0.1, (1, 7): 0.05, (1, 14): 0.05, (1, 16): 0.2}
    account = {(0, 5): 0.0, (0, 12): 1000 * 0.2 * 7 / 5.9, (0, 20): 1000 * 0.3 * 15 / 5.9,
               **{(1, y): 700 * mass[1, y] * y / 4.55 for y in (3, 7, 14, 16)}}
    # vested: 15 years held; vestable: 17.5 reached with 9.5 more years (7 + 9.5 falls short)
    keep = {"all": list(mass), "vested": [(0, 20), (1, 16)], "vestable": [(0, 12), (0, 20), (1, 14), (1, 16)]}
    for i, basis in enumerate(VESTING):
        assert rights["wage_linked"][i, 0, 50] == pytest.approx(sum(mass[k] * part[k] for k in keep[basis]), rel=1e-12)
        assert rights["account"][i, 0, 50] == pytest.approx(sum(account[k] for k in keep[basis]), rel=1e-12)
    assert rights["account"][0, 0, 50] == pytest.approx(1700.0, rel=1e-12)
    assert np.all(rights["retirement_age"] == 60.0)


def test_members_who_cannot_vest_count_for_nothing_whatever_the_persistence():
    # women aged 58 retiring at exact age 60 (1.5 more years) with at most 10 years can never reach 15
    rng = np.random.default_rng(7)
    for _ in range(5):
        state = hand_state()                                  # other cells: anything
        state.h_c[0, 50] *= rng.uniform(0.1, 2.0)
        years = rng.integers(1, 11, size=4)                   # how persistence spreads the cell's years
        state.h_c[1, 58, 1, years] += rng.uniform(0.0, 0.2, size=4)
        state.h_n[1, 58, 1, years] += rng.uniform(0.0, 0.2, size=4)
        state.ratio_sum[1, 58, 1] = rng.uniform(0.5, 3.0)
        state.balance[1, 58, 1] = rng.uniform(100.0, 5000.0)
        rights = accrued_rights(parameters(), stage(state))
        assert rights["wage_linked"][0, 1, 58] > 0.0 and rights["account"][0, 1, 58] > 0.0
        for basis in ("vested", "vestable"):
            i = VESTING.index(basis)
            assert rights["wage_linked"][i, 1, 58] == 0.0 and rights["account"][i, 1, 58] == 0.0


def test_exact_retirement_age_and_the_minimum_of_the_retirement_year():
    # everybody retires at exact age 63: active at 31 December up to completed age 62
    active = np.zeros((60, 2, N_AGES))
    active[:, :, :63] = 1.0
    exact = exact_retirement_age(active)
    assert exact[0, 20] == 63.0 and exact[1, 62] == 63.0
    p = parameters()
    # aged 50 retiring at 60: 9.5 years on, in 2034; aged 59: 0.5 year, in 2025; beyond the path: its last value
    minimum = retirement_year_minimum(p.minimum_years, p.years, np.full((2, N_AGES), 60.0))
    assert minimum[0, 50] == 17.5 and minimum[0, 59] == 15.0 and minimum[0, 20] == 18.0


def test_divisor_is_interpolated_at_the_exact_retirement_age():
    divisor = xr.DataArray(np.linspace(300.0, 50.0, N_AGES), coords={"age": AGES}, dims="age")
    got = account_divisor_at(divisor, cells(60.25))
    assert float(got.sel(sex="male", age=30)) == pytest.approx(0.75 * float(divisor[60]) + 0.25 * float(divisor[61]))


# --------------------------------------------------------------------------- the debt on its bases
def constant_mortality(m: float) -> xr.DataArray:
    return cells(m)


def one(age: int, value: float, sex: str = "female") -> xr.DataArray:
    out = cells()
    out.loc[{"sex": sex, "age": age}] = value
    return out


def test_each_basis_against_the_closed_form_of_the_open_age_group():
    # one pensioner and one active at 100+, constant hazard m: the annuity is a geometric series
    m, i, g_w, c, n = 0.3, 0.02, 0.05, 0.03, 2
    pension, wage_part, balance = 20_000.0, 1_000.0, 50_000.0
    q = math.exp(-m)
    wage_linked = by_vesting(one(100, wage_part), one(100, 0.0), one(100, wage_part))
    accounts = by_vesting(one(100, balance), one(100, 0.0), one(100, 0.4 * balance))
    divisor = xr.DataArray(np.full(N_AGES, 100.0), coords={"age": AGES}, dims="age")
    table = debt_on_bases(mx=constant_mortality(m), pensioners=one(100, 1.0), average_pension=pension, indexation=i,
                          wage_growth=g_w, crediting=c, wage_linked=wage_linked, account_balance=accounts,
                          retirement_age=cells(100.5 + n), divisor=divisor, discounts=DISCOUNTS)
    assert len(table) == 3 * 3 * 2
    for d in DISCOUNTS:
        g = (1 + i) / (1 + d)
        annuity = (1 + d / 2) * (1 + q) * g / (2 * (1 - g * q))
        deferred = (g * q) ** n * annuity                     # retiring n years on, base-year amount indexed after
        account = 12 * balance / 100.0 * deferred * ((1 + c) / (1 + i)) ** n
        carried = ((1 + c) / (1 + d)) ** n
        for r in table[table["discount"] == d].itertuples():
            grow = ((1 + g_w) / (1 + i)) ** n if r.revaluation == "reval" else (1 / (1 + i)) ** n
            wage = {"accrued": wage_part, "vested": 0.0, "vestable": wage_part}[r.rights] * deferred * grow
            share = {"accrued": 1.0, "vested": 0.0, "vestable": 0.4}[r.rights]
            assert r.in_payment == pytest.approx(pension * annuity, rel=1e-12)
            assert r.actives_wage_linked == pytest.approx(wage, rel=1e-12, abs=1e-9)
            assert r.actives_account == pytest.approx(share * account, rel=1e-12, abs=1e-9)
            assert r.accounts_non_vested == pytest.approx((1 - share) * balance * carried, rel=1e-12, abs=1e-9)
            assert r.total == pytest.approx(r.in_payment + r.actives_wage_linked + r.actives_account, rel=1e-14)


def test_the_debt_falls_with_the_discount_and_freezing_wages_lowers_it():
    ages = xr.DataArray(AGES, coords={"age": AGES}, dims="age")
    mx = xr.DataArray(np.stack([np.clip(4e-5 * np.exp(0.095 * AGES), 2e-4, 0.9)] * 2),
                      coords={"sex": SEXES, "age": AGES}, dims=("sex", "age"))
    working = ((ages >= 20) & (ages < 60)).astype(float)
    wage_linked = by_vesting(cells(1.0) * working * (ages - 19), cells(1.0) * working * (ages >= 35) * (ages - 19),
                             cells(1.0) * working * (ages >= 25) * (ages - 19))
    accounts = wage_linked * 30.0
    table = debt_on_bases(mx=mx, pensioners=cells(1.0) * (ages >= 60), average_pension=20.0, indexation=0.02,
                          wage_growth=0.045, crediting=0.03, wage_linked=wage_linked, account_balance=accounts,
                          retirement_age=cells(61.0), divisor=xr.DataArray(np.full(N_AGES, 139.0), coords={"age": AGES},
                                                                           dims="age"))
    totals = table.set_index(["rights", "revaluation", "discount"])["total"]
    for rights in ("accrued", "vested", "vestable"):
        for revaluation in ("reval", "frozen"):
            at = [totals[rights, revaluation, d] for d in (0.03, 0.04, 0.05)]
            assert at[0] > at[1] > at[2]
        for d in DISCOUNTS:
            assert totals[rights, "frozen", d] < totals[rights, "reval", d]
    for d in DISCOUNTS:
        assert totals["vested", "reval", d] < totals["vestable", "reval", d] < totals["accrued", "reval", d]


# --------------------------------------------------------------------------- group obligations
def tiny_projection():
    """Base year 2024 and two projection years; pensioners aged 98 (cohort 1926), contributors aged 30 (1994)
    16 (2008, the youngest participant at entry age 16) and 10 (2014, a future entrant), transfers at 60
    (cohort 1964 in 2025)."""
    years = [2024, 2025, 2026]
    coords = {"year": years, "sex": SEXES, "age": AGES}
    cube = lambda: xr.DataArray(np.zeros((3, 2, N_AGES)), coords=coords, dims=("year", "sex", "age"))  # noqa: E731
    pensioners, amount, contributions = cube(), cube(), cube()
    new, transferred = cube(), cube()
    for t, year in enumerate(years):
        pensioners[t, 0, 98 + t] = 10.0 * 0.9**t
        amount[t, 0, 98 + t] = 100.0 * 1.02**t
        if t:
            contributions[t, 0, 30 + t] = 5_000.0
            contributions[t, 1, 10 + t] = 2_000.0
            contributions[t, 1, 16 + t] = 1_000.0
            new[t, 1, 10 + t] = 1.0             # final half years and buy-ins shared like new pensioners
            new[t, 0, 60 + t] = 3.0
            transferred[t, 0, 60 + t] = 1.0
    series = lambda values: xr.DataArray(np.asarray(values, float), coords={"year": years}, dims="year")  # noqa: E731
    regular = contributions.sum(["sex", "age"]).values
    payg = xr.Dataset({"pensioners": pensioners, "pension_in_payment": amount.where(pensioners > 0),
                       "pension_contributions_by_age": contributions, "pension_new_pensioners": new,
                       "pension_transferred": transferred,
                       "pension_contributions": series(regular + np.array([0.0, 400.0, 400.0])),
                       "pension_account_transfers": series([0.0, 50.0, 80.0]),
                       "pension_fiscal_subsidy": series([0.0, 10.0, 10.0]),
                       "pension_fund_balance": series([1_000.0, 0.0, 0.0])})
    paid = 6.0 * np.array([10 * 100 * 1.02 + 9 * 102, 9 * 102 * 1.02 + 8.1 * 1.02**2 * 100])
    payg["pension_benefits"] = series([0.0, *paid])
    return payg, paid


def test_group_obligations_of_a_tiny_projection_by_hand():
    projection, paid = tiny_projection()
    d, i = 0.04, 0.02
    indexation = xr.DataArray([i, i], coords={"year": [2025, 2026]}, dims="year")
    mid = np.array([(1 + d / 2) / (1 + d), (1 + d / 2) / (1 + d) ** 2])
    result = group_obligations(projection, base_year=2024, discount=d, indexation=indexation,
                               mortality_last=cells(0.5), entry_age=16)
    contributions = np.array([8_400.0, 8_400.0])
    # the closed group: cohorts born up to 2008 — all but the one aged 10 in 2024; it takes three quarters of the
    # final half years and buy-ins (3 of the 4 new pensioners) and every transfer
    closed_contributions = np.array([6_000.0 + 300.0, 6_000.0 + 300.0])
    transfers = np.array([50.0, 80.0])
    assert result.pv_benefits == pytest.approx(paid @ mid, rel=1e-12)
    assert result.pv_benefits_closed == pytest.approx(paid @ mid, rel=1e-12)
    assert result.pv_contributions == pytest.approx(contributions @ mid, rel=1e-12)
    assert result.pv_contributions_closed == pytest.approx(closed_contributions @ mid, rel=1e-12)
    assert result.pv_transfers_closed == pytest.approx(transfers @ mid, rel=1e-12)
    assert result.open_group == pytest.approx((paid + transfers - contributions) @ mid - 1_000.0, rel=1e-12)
    assert result.closed_group == pytest.approx((paid + transfers - closed_contributions) @ mid - 1_000.0, rel=1e-12)
    assert result.pv_fiscal_subsidy == pytest.approx(np.array([10.0, 10.0]) @ mid, rel=1e-12)
    # the closed group's pensions still in payment at the horizon: 8.1 pensioners aged 100+ of 12 x 104.04 a
    # year, an annuity in closed form at constant hazard (indexed at the mean of the last years' increases)
    q, g = math.exp(-0.5), (1 + i) / (1 + d)
    annuity = (1 + d / 2) * (1 + q) * g / (2 * (1 - g * q))
    assert result.closed_group_beyond_horizon == pytest.approx(8.1 * 12 * 104.04 * annuity / (1 + d) ** 2, rel=1e-12)


def test_benefits_by_age_add_up_to_the_schemes_benefits(baseline, baseline_projection):
    p = baseline_projection
    years = baseline.years
    growth = p["average_wage"].values[1:] / p["average_wage"].values[:-1] - 1.0
    indexation = xr.DataArray(baseline.data("pension_indexation_fixed").values
                              + baseline.data("pension_indexation_wage_share").values * growth,
                              coords={"year": years}, dims="year")
    paid = benefits_by_age(pensioners=p["pensioners"], pension_in_payment=p["pension_in_payment"],
                           indexation=indexation).sum(["sex", "age"])
    np.testing.assert_allclose(paid.values, p["pension_benefits"].sel(year=years).values, rtol=1e-10)


# --------------------------------------------------------------------------- the rows of metrics.csv
def test_metrics_rows_on_the_baseline(baseline, baseline_projection):
    from actuarial.analysis.metrics import valuation_metrics

    metrics = valuation_metrics(baseline, baseline_projection)
    rows = metrics[metrics["scheme"] == "pension_employee"].set_index("metric")["value"]
    assert not metrics.duplicated(["scheme", "metric"]).any()
    for d in ("d3", "d4", "d5"):
        for revaluation in ("reval", "frozen"):
            vested, vestable, accrued = (rows[f"implicit_pension_debt_{r}_{revaluation}_{d}"]
                                         for r in ("vested", "vestable", "accrued"))
            assert 0.0 < vested <= vestable <= accrued
        assert rows[f"implicit_pension_debt_vested_{d}_accounts_non_vested"] >= rows[
            f"implicit_pension_debt_vestable_{d}_accounts_non_vested"] >= 0.0
    base = baseline_projection.sel(year=baseline.base_year)
    accounts = base["pension_account_balance_base_year"].sum(["sex", "age"])
    assert rows["notional_account_liability"] == pytest.approx(float(accounts.sel(vesting="all")), rel=1e-12)
    assert rows["implicit_pension_debt_accrued_reval_d4_pct_gdp"] == pytest.approx(
        rows["implicit_pension_debt_accrued_reval_d4"] / float(base["gdp"]), rel=1e-12)
    assert rows["open_group_unfunded_obligation"] == pytest.approx(
        rows["open_group_pv_benefits"] + rows["open_group_pv_account_transfers"] - rows["open_group_pv_contributions"]
        - float(base["pension_fund_balance"]), rel=1e-12)
    assert {"return_minus_wage_growth", "discount_minus_wage_growth"} <= set(
        metrics.loc[metrics["scheme"] == "medical_resident", "metric"])
    assert metrics["metric"].str.startswith("replacement_rate_model_").any()
