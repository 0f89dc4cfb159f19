"""Employee pension: kernel twin, a hand-computed career, bounds on contribution years, minimum-years monotonicity."""

from __future__ import annotations


import numpy as np
import pytest

from actuarial import load_scenario, run_model
from actuarial.kernels.pension import pension_histories_kernel
from actuarial.kernels.pension_twin import pension_histories_numpy

from conftest import ROOT

AGES, BUCKETS = 101, 56


def career_inputs(n_years: int = 50, *, min_years: float = 15.0, density: float = 1.0):
    """One person per cell; contributes every year from age 20 to 59; retires at 60; flat wages."""
    shape = (1, n_years, 2, AGES)
    ages = np.arange(AGES)
    population = np.ones(shape)
    retired = (ages >= 60).astype(float)[None, None, None, :] * np.ones(shape)
    retiring = np.zeros(shape)
    retiring[:, 1:, :, 60] = 1.0
    dens = np.where((ages >= 20) & (ages < 60), density, 0.0)[None, None, None, :] * np.ones(shape)
    return dict(
        population=population, active_share=1.0 - retired, retiring=retiring, density=dens,
        base_ratio=np.full(shape, 1.0), account_contribution=np.full(shape, 1000.0), survival=np.ones(shape),
        saw_monthly_previous=np.full((1, n_years), 6000.0), indexation=np.zeros((1, n_years)),
        crediting=np.zeros(n_years), min_years=np.full(n_years, min_years), accrual=np.full(n_years, 0.01),
        transitional_accrual=0.012, divisor=np.full(AGES, 139.0), persistence=0.9, spread=1.0, take_up=0.0,
        max_short=5.0, entries_count=np.zeros((n_years, 2, AGES)), entries_amount=np.zeros((n_years, 2, AGES)),
        initial_h_c=np.zeros((1, 2, AGES, 2, BUCKETS)), initial_h_n=np.zeros((1, 2, AGES, 2, BUCKETS)),
        initial_members=np.zeros((1, 2, AGES, 2)), initial_deemed=np.zeros((1, 2, AGES, 2)),
        initial_ratio_sum=np.zeros((1, 2, AGES, 2)), initial_balance=np.zeros((1, 2, AGES, 2)),
        initial_pensioners=np.zeros((1, 2, AGES)), initial_pension_amount=np.zeros((1, 2, AGES)),
    )


def run(kernel, inputs, n_out_ages=AGES):
    n_years = inputs["population"].shape[1]
    n_years_out = BUCKETS if n_out_ages > 1 else 1
    cells = ["contributors", "new_pensioners", "new_pension_amount", "transferred", "pensioners", "pension_amount",
             "active_years", "final_year"]
    results = {name: np.zeros((1, n_years, 2, n_out_ages)) for name in cells}
    results["award_years"] = np.zeros((1, n_years, 2, n_years_out))
    results.update({name: np.zeros((1, n_years)) for name in ("benefits", "buy_in_base", "transfer_balance")})
    results.update(final_h_c=np.zeros((1, 2, AGES, 2, BUCKETS)), final_h_n=np.zeros((1, 2, AGES, 2, BUCKETS)),
                   final_pensioners=np.zeros((1, 2, AGES)), final_pension_amount=np.zeros((1, 2, AGES)),
                   **{f"final_{k}": np.zeros((1, 2, AGES, 2)) for k in ("members", "deemed", "ratio_sum", "balance")})
    kernel(**inputs, **results)  # by keyword: the order of the arguments cannot be mixed up
    return results


def test_full_career_gets_exactly_the_formula():
    """Born so that they are 15 at the base year: 40 contribution years (ages 20-59), retire at 60 in year 45."""
    out = run(pension_histories_kernel, career_inputs())
    award = out["new_pension_amount"][0, 45, 0, 60] / out["new_pensioners"][0, 45, 0, 60]
    expected = 6000.0 * (1.0 + 1.0) / 2.0 * 40 * 0.01 + 40 * 1000.0 / 139.0
    assert award == pytest.approx(expected, rel=1e-12)
    assert out["transferred"][0, 45, 0, 60] == 0.0
    assert out["award_years"][0, 45, 0, 40] == pytest.approx(1.0)  # the one new pensioner has 40 years


def test_short_careers_transfer_and_never_get_the_pension():
    inputs = career_inputs(min_years=45.0)
    out = run(pension_histories_kernel, inputs)
    assert out["new_pensioners"][0, 45].sum() == 0.0
    assert out["transferred"][0, 45, 0, 60] == pytest.approx(1.0)


@pytest.mark.parametrize("n_out_ages", [AGES, 1])
def test_kernel_equals_numpy_twin_on_a_career(n_out_ages):
    inputs = career_inputs(density=0.55)
    fast = run(pension_histories_kernel, inputs, n_out_ages)
    slow = run(pension_histories_numpy, inputs, n_out_ages)
    for name in fast:
        np.testing.assert_allclose(fast[name], slow[name], rtol=1e-10, atol=1e-9, err_msg=name)


@pytest.fixture(scope="module")
def central():
    return run_model(load_scenario(ROOT / "projections" / "ai_central.yaml"))


def test_contribution_years_never_exceed_years_since_16(central):
    mean_years = central["pension_contribution_years"]
    limit = np.maximum(0, central["age"] - 15)
    assert bool((mean_years.fillna(0.0) <= limit + 1e-9).all())


def test_base_year_meets_pension_targets(baseline, central):
    base = central.sel(year=2024)
    assert float(base["pension_contributors"].sum()) == pytest.approx(float(baseline.data("contributors_target")), rel=1e-9)
    assert float(base["pensioners"].sum()) == pytest.approx(float(baseline.data("pensioners_target")), rel=1e-9)
    assert float(base["pension_contributions"]) == pytest.approx(float(baseline.data("pension_contributions_target")), rel=1e-9)
    assert float(base["pension_benefits"]) == pytest.approx(float(baseline.data("pension_expenditure_target")), rel=1e-12)


def test_fund_roll_forward_identity_every_year(central):
    p = central.sel(year=slice(2025, None))
    change = central["pension_fund_balance"].diff("year")
    flows = (p["pension_contributions"] + p["pension_fiscal_subsidy"] + p["pension_financing_inflows"]
             + p["pension_investment_income"] - p["pension_benefits"] - p["pension_account_transfers"])
    np.testing.assert_allclose(change.values, flows.values, rtol=0, atol=1e-6 * float(np.abs(flows).max()))


def test_raising_the_minimum_years_never_raises_new_pensioners(tmp_path):
    scenario = tmp_path / "min25.yaml"
    scenario.write_text(
        "scenario:\n  name: min25\n  description: minimum years 25 from 2030 (merged into the base path)\n"
        f"  assumptions: {ROOT / 'assumptions' / 'china'}\n  end_year: 2060\n"
        "overrides:\n  minimum_contribution_years:\n    merge_values: true\n    values:\n"
        + "".join(f"      {year}: 25\n" for year in range(2030, 2040))  # every key of the base path from 2030
    )
    short = tmp_path / "base.yaml"
    short.write_text(
        "scenario:\n  name: base\n  description: baseline to 2060\n"
        f"  assumptions: {ROOT / 'assumptions' / 'china'}\n  end_year: 2060\noverrides: {{}}\n"
    )
    strict, base = run_model(load_scenario(scenario)), run_model(load_scenario(short))
    new_strict = strict["pension_new_pensioners"].sum(["sex", "age"])
    new_base = base["pension_new_pensioners"].sum(["sex", "age"])
    assert bool((new_strict <= new_base * (1 + 1e-12)).all())
    assert float(new_strict.sel(year=2035)) < float(new_base.sel(year=2035))


def test_numpy_twin_on_the_china_pension_stage(tmp_path):
    from actuarial import demographic_inputs
    from actuarial.schemes import SCHEMES
    from actuarial.schemes.pension_employee import kernel_inputs
    from actuarial.schemes.protocol import Upstream

    scenario = tmp_path / "to2040.yaml"
    scenario.write_text("scenario:\n  name: to2040\n  description: baseline to 2040\n"
                        f"  assumptions: {ROOT / 'assumptions' / 'china'}\n  end_year: 2040\n")
    assumptions = load_scenario(scenario)
    projection = run_model(assumptions)
    upstream = Upstream(projection=projection, survival=demographic_inputs(assumptions).survival)
    inputs = kernel_inputs(SCHEMES["pension_employee"].read(assumptions), upstream)
    fast, slow = ({name: np.zeros(shape) for name, shape in inputs.output_shapes().items()} for _ in range(2))
    pension_histories_kernel(**inputs.arrays(), **fast)
    pension_histories_numpy(**inputs.arrays(), **slow)
    for name in fast:
        np.testing.assert_allclose(fast[name], slow[name], rtol=1e-10, atol=1e-6, err_msg=name)
    # and the stage reports what the kernel computed
    np.testing.assert_allclose(fast["contributors"][0], projection["pension_contributors"].values, rtol=1e-12)


def deemed_career(min_years: float, take_up: float = 0.0):
    """A man aged 54 at the start, a member of 1997 with 10 deemed years, contributing every year (ages 55-59)
    and half of his retirement year; retires at 60 in year 6 with 15.5 years (10 deemed + 5 + 0.5)."""
    inputs = career_inputs(n_years=8, min_years=min_years)
    ages = np.arange(AGES)
    inputs["density"] = np.where((ages >= 20) & (ages <= 60), 1.0, 0.0)[None, None, None, :] * np.ones((1, 8, 2, AGES))
    inputs["take_up"] = take_up
    for key in ("initial_h_c", "initial_members", "initial_deemed"):
        inputs[key] = inputs[key].copy()
    inputs["initial_h_c"][0, 0, 54, 0, 10] = 1.0
    inputs["initial_members"][0, 0, 54, 0] = 1.0
    inputs["initial_deemed"][0, 0, 54, 0] = 10.0
    inputs["population"] = np.zeros((1, 8, 2, AGES))
    for t in range(8):
        inputs["population"][0, t, 0, 54 + t] = 1.0
    return run(pension_histories_kernel, inputs)


def test_deemed_years_and_a_half_year_minimum_by_hand():
    out = deemed_career(15.5)
    award = out["new_pension_amount"][0, 6, 0, 60]
    # basic 6000 x (1 + 1) / 2 x 15.5 x 1 %; account 5 x 1000 yuan over 5 actual years, 5.5 with the final half
    # year, at the divisor 139; transitional 6000 x 1 x 10 deemed years x 1.2 %
    expected = 6000.0 * 15.5 * 0.01 + 1000.0 * 5.5 / 139.0 + 6000.0 * 10 * 0.012
    assert out["new_pensioners"][0, 6, 0, 60] == pytest.approx(1.0)
    assert award == pytest.approx(expected, rel=1e-12)
    assert out["final_year"][0, 6, 0, 60] == pytest.approx(0.5)  # half a contributor-year before retiring


def test_short_of_the_half_year_minimum_transfers_with_the_account():
    out = deemed_career(16.0)
    assert out["new_pensioners"][0, 6].sum() == 0.0
    assert out["transferred"][0, 6, 0, 60] == pytest.approx(1.0)
    assert out["transfer_balance"][0, 6] == pytest.approx(5500.0, rel=1e-12)  # 5.5 actual years x 1000 yuan


def test_buying_the_missing_half_year_qualifies_at_the_minimum():
    out = deemed_career(16.0, take_up=1.0)
    award = out["new_pension_amount"][0, 6, 0, 60]
    assert out["transferred"][0, 6].sum() == 0.0
    assert award == pytest.approx(6000.0 * 16.0 * 0.01 + 1000.0 * 5.5 / 139.0 + 6000.0 * 10 * 0.012, rel=1e-12)
    assert out["buy_in_base"][0, 6] == pytest.approx(0.5 * 12 * 6000.0, rel=1e-12)  # half a year of base at ratio 1


@pytest.mark.parametrize("case", [15.5, 16.0])
def test_twin_on_the_deemed_career(case):
    inputs = career_inputs(n_years=8, min_years=case, density=0.6)
    inputs["take_up"] = 0.5
    inputs["initial_h_c"] = inputs["initial_h_c"].copy()
    inputs["initial_members"] = inputs["initial_members"].copy()
    inputs["initial_deemed"] = inputs["initial_deemed"].copy()
    inputs["initial_h_c"][0, :, 40:60, 0, 10] = 0.3
    inputs["initial_members"][0, :, 40:60, 0] = 0.3
    inputs["initial_deemed"][0, :, 40:60, 0] = 10.0
    fast, slow = run(pension_histories_kernel, inputs), run(pension_histories_numpy, inputs)
    for name in fast:
        np.testing.assert_allclose(fast[name], slow[name], rtol=1e-10, atol=1e-9, err_msg=name)


@pytest.mark.parametrize("kernel", [pension_histories_kernel, pension_histories_numpy])
def test_deemed_years_only_take_the_cells_ratio_of_the_year(kernel):
    """A member of 1997 aged 59 with 39 deemed years who does not pay in his retirement year: no actual year,
    so the index of the award is the cell's ratio of the year (0.8), not 0."""
    inputs = career_inputs(n_years=2)
    inputs["density"] = np.zeros_like(inputs["density"])
    inputs["base_ratio"] = np.full_like(inputs["base_ratio"], 0.8)
    for key in ("initial_h_n", "initial_members", "initial_deemed"):
        inputs[key] = inputs[key].copy()
    inputs["initial_h_n"][0, 0, 59, 0, 39] = 1.0
    inputs["initial_members"][0, 0, 59, 0] = 1.0
    inputs["initial_deemed"][0, 0, 59, 0] = 39.0
    out = run(kernel, inputs)
    # basic 6000 x (1 + 0.8) / 2 x 39 x 1 %; no account; transitional 6000 x 0.8 x 39 x 1.2 %
    expected = 6000.0 * 0.9 * 39 * 0.01 + 6000.0 * 0.8 * 39 * 0.012
    assert out["new_pensioners"][0, 1, 0, 60] == pytest.approx(1.0)
    assert out["new_pension_amount"][0, 1, 0, 60] == pytest.approx(expected, rel=1e-12)


def test_history_ratio_level_runs_from_one_in_1997_to_the_base_year():
    from actuarial.schemes.pension_employee_history import BaseProfiles, ratio_level

    population = np.ones((2, AGES))
    density = np.where(np.arange(AGES) < 60, 0.5, 0.0)[None, :] * np.ones((2, 1))
    base = BaseProfiles(population=population, retired=np.zeros((2, AGES)), density=density,
                        base_ratio=np.full((2, AGES), 0.6))
    nonprivate = np.array([100.0, 110.0, 121.0, 133.1])
    social = np.array([100.0, 110.0, 100.0, 110.0])  # the all-employee caliber from the third year
    level = ratio_level(base, nonprivate, social)
    # the contributors' mean declared base over the non-private wage: 1 in the first year, 0.6 x 110 / 133.1 last
    mean_of_nonprivate = 0.6 * level * social / nonprivate
    assert mean_of_nonprivate[0] == pytest.approx(1.0, rel=1e-12)
    assert level[-1] == pytest.approx(1.0, rel=1e-12)
    np.testing.assert_allclose(np.diff(mean_of_nonprivate), np.diff(mean_of_nonprivate)[0], rtol=1e-12)


def test_a_chunk_whose_base_years_differ_calibrates_path_by_path():
    """The base year is not shocked, so a chunk calibrates once; where a path's base-year inputs (its population)
    or its retirement ages differ, that path's calibration, history and accrued rights are its own, and the chunk
    still gives each path's own run bit for bit (:mod:`tests.stacked`)."""
    from dataclasses import replace

    from actuarial.schemes import SCHEMES
    from stacked import assert_scheme_stacks, stacked_case

    case = stacked_case()
    projection = case.projection.copy(deep=True)
    projection["population"].loc[{"path": projection["path"][1], "year": projection["year"][0]}] *= 1.001
    projection["past_retirement_age"].loc[{"path": projection["path"][2], "year": projection["year"][10:]}] *= 0.999
    shifted = replace(case, projection=projection,
                      projections=tuple(projection.isel(path=k, drop=True) for k in range(projection.sizes["path"])))
    assert_scheme_stacks("pension_employee", shifted)
    base_year = SCHEMES["pension_employee"].run(shifted.stacked, shifted.upstream()).base_year
    assert np.shape(base_year["contribution_scale"]) == (3,)
    scale = base_year["contribution_scale"]
    assert scale[0] == scale[2] != scale[1]
