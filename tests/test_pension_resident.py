"""Resident basic pension (URRBP): base-year calibration, fund identity, transfers, subsidy and indexation rules.

Array-level tests use small synthetic inputs; the shipped YAML is loaded on its own
(a copy of ``set.yaml``, ``pension_resident.yaml`` and its CSV in a temporary folder, with
the other stages' entries made optional), so these tests do not depend on other stages.
"""

from __future__ import annotations

import dataclasses
import shutil

import numpy as np
import pytest
import xarray as xr

from actuarial import dims
from actuarial.config import Assumption, AssumptionError, load_assumption_set, load_scenario
from actuarial.config import registry
from actuarial.dims import OPEN_AGE
from actuarial.funds.rollforward import fund_outputs
from actuarial.schemes.pension_resident import SCHEME, TARGETS, ResidentPensionParameters, resident_pension_projection
from actuarial.schemes.pension_resident_rules import history_factors, transferred_stock
from actuarial.variables import VARIABLES

from conftest import ROOT

CHINA = ROOT / "assumptions" / "china"
AGES = np.arange(OPEN_AGE + 1)
SEXES = list(dims.SEXES)
BASE = 2024

# Published 2024 figures, China Statistical Yearbook 2025 table 24-27 (万人 / 亿元), typed here independently
# of the YAML so that a transcription or unit slip there is caught.
PUBLISHED_2024 = {
    "resident_pension_participants": 53830.2e4,
    "resident_pension_beneficiaries": 18039.4e4,
    "resident_pension_benefits": 5321.6e8,
    "resident_pension_fund_balance": 16499.5e8,
}
PUBLISHED_REVENUE_2024 = 7287.0e8
REVENUE = ("contributions", "fiscal_subsidy", "investment_income")


# --------------------------------------------------------------------------- synthetic inputs
def path(values: dict[int, float], end: int) -> np.ndarray:
    """A step-function path over BASE..end as a stage reads it: the loader's expansion over BASE+1..end,
    the base year taking the first projection year's value."""
    years = np.arange(BASE + 1, end + 1)
    keys = np.array(sorted(values))
    picked = keys[np.searchsorted(keys, years, side="right") - 1]
    later = [float(values[int(k)]) for k in picked]
    return np.array([later[0], *later])


def synthetic_targets(values: dict) -> dict[str, Assumption]:
    """Base-year figures as assumptions of a file ``synthetic.yaml`` (for the calibration's errors)."""
    fields = {"resident_participants_target": "participants_target",
              "resident_beneficiaries_target": "beneficiaries_target", "resident_revenue_base": "revenue_base",
              "resident_expenditure_base": "expenditure_base", "resident_fund_return": "fund_return"}
    value = lambda field: float(np.ravel(values[field])[0])  # noqa: E731  (a path: its (first) base-year value)
    return {name: Assumption(name=name, description=name, unit="persons", status="assumed", reason="test",
                             references=(), files=("synthetic.yaml",), data=xr.DataArray(value(fields[name])))
            for name in TARGETS}


def parameters(end: int = 2035, **changes) -> ResidentPensionParameters:
    profile = np.zeros((2, AGES.size))
    profile[:, 16:60] = np.interp(np.arange(16, 60), [16, 25, 45, 59], [0.2, 0.7, 1.0, 1.0])
    values = dict(
        base_year=BASE, participants_target=300e6, beneficiaries_target=140e6, revenue_base=550e9,
        expenditure_base=400e9, fund_balance_base=1200e9, minimum_pension_base=123.0,
        minimum_pension=path({2025: 143.0}, end), indexation_fixed=path({2025: 0.0}, end),
        indexation_wage_share=path({2025: 0.5}, end), contribution_subsidy_ratio=path({2025: 0.12}, end),
        account_divisor=139.0, account_history_years=13.0, contribution_growth_history=0.08,
        participation_profile=profile, fund_return=path({2025: 0.025, 2030: 0.03}, end),
    )
    values.update(changes)
    return ResidentPensionParameters(**values, targets=synthetic_targets(values))


def resident_pension(parameters: ResidentPensionParameters, **arrays) -> xr.Dataset:
    """The scheme's outputs with its fund rolled forward (as the model's fund stage does)."""
    result = resident_pension_projection(parameters, **arrays)
    return xr.merge([result.outputs, *(fund_outputs(flows) for flows in result.funds)])


def cube(values: np.ndarray, years: np.ndarray) -> xr.DataArray:
    return xr.DataArray(values, coords={"year": years, "sex": SEXES, "age": AGES}, dims=("year", "sex", "age"))


def inputs(end: int = 2035, transfer: float = 0.0) -> dict[str, xr.DataArray]:
    """A stationary population (7 M per age to 59, falling 5 % a year of age after), employee members
    (4.5 M per age at 16-59, 40 % at 60+), ``transfer`` persons a year at each age 55-64, wages +4 % a year."""
    years = np.arange(BASE, end + 1)
    per_age = np.where(AGES < 60, 7e6, 7e6 * 0.95 ** np.clip(AGES - 60, 0, None))
    population = np.broadcast_to(per_age, (years.size, 2, AGES.size)).copy()
    members = np.where((AGES >= 16) & (AGES < 60), 4.5e6, np.where(AGES >= 60, 0.4 * per_age, 0.0))
    members = np.broadcast_to(members, population.shape).copy()
    moved = np.zeros_like(population)
    moved[1:, :, 55:65] = transfer
    wage = xr.DataArray(99_524.7 * 1.04 ** (years - BASE), coords={"year": years}, dims="year")
    return {"population": cube(population, years), "employee_members": cube(members, years),
            "transferred": cube(moved, years), "average_wage": wage}


@pytest.fixture(scope="module")
def projection():
    return resident_pension(parameters(), **inputs())


# --------------------------------------------------------------------------- base year
def test_base_year_reproduces_the_calibration_targets(projection):
    base = projection.sel(year=BASE)
    p = parameters()
    assert base["resident_pension_participants"].item() == pytest.approx(p.participants_target, rel=1e-9)
    assert base["resident_pension_beneficiaries"].item() == pytest.approx(p.beneficiaries_target, rel=1e-9)
    assert base["resident_pension_benefits"].item() == pytest.approx(p.expenditure_base, rel=1e-12)
    assert base["resident_pension_fund_balance"].item() == p.fund_balance_base
    revenue = sum(base[f"resident_pension_{k}"].item() for k in REVENUE)
    assert revenue == pytest.approx(p.revenue_base, rel=1e-12)
    # the base-year investment income follows the same mid-year rule from the implied 2023 balance
    opening = p.fund_balance_base - (p.revenue_base - p.expenditure_base)
    net = revenue - base["resident_pension_investment_income"].item() - p.expenditure_base
    expected = opening * 0.025 + net * 0.025 / 2
    assert base["resident_pension_investment_income"].item() == pytest.approx(expected, rel=1e-12)


def test_every_output_has_units_and_long_name(projection):
    for name, variable in projection.data_vars.items():
        assert name in VARIABLES and variable.attrs["units"] and variable.attrs["long_name"], name
    assert projection["year"].values[0] == BASE


# --------------------------------------------------------------------------- fund
def test_fund_identity_is_exact_every_year(projection):
    balance = projection["resident_pension_fund_balance"].values
    flows = (projection["resident_pension_contributions"] + projection["resident_pension_fiscal_subsidy"]
             + projection["resident_pension_investment_income"] - projection["resident_pension_benefits"]).values
    scale = np.abs(balance).max()
    np.testing.assert_allclose(np.diff(balance), flows[1:], rtol=0, atol=1e-12 * scale)
    # and in the base year against the balance implied for the end of 2023
    p = parameters()
    opening = p.fund_balance_base - (p.revenue_base - p.expenditure_base)
    assert balance[0] - opening == pytest.approx(flows[0], rel=1e-12)
    # investment income: opening balance a full year, net flow half a year
    returns = p.fund_return
    net = flows - projection["resident_pension_investment_income"].values
    expected = balance[:-1] * returns[1:] + net[1:] * returns[1:] / 2
    np.testing.assert_allclose(projection["resident_pension_investment_income"].values[1:], expected, rtol=1e-12)


def test_a_higher_return_raises_every_later_balance():
    low = resident_pension(parameters(), **inputs())
    high = resident_pension(parameters(fund_return=path({2025: 0.05}, 2035)), **inputs())
    assert np.all(np.diff((high - low)["resident_pension_fund_balance"].values[1:]) > 0)


@pytest.mark.parametrize("second", [{2025: 0.04, 2028: -0.01}, {2025: 0.025, 2028: -0.01}],
                         ids=["calibrated path by path", "calibrated once"])
def test_a_chunk_of_paths_in_one_call_gives_each_paths_own_projection_bit_for_bit(second):
    """Two paths with their own returns, wages and transfers, stacked along a leading ``path`` dim (as in a
    stochastic chunk), against each path run alone; the base year's inputs differ (the return) or not."""
    returns = [path({2025: 0.025, 2030: 0.03}, 2035), path(second, 2035)]
    arrays = [inputs(transfer=moved) for moved in (0.0, 0.3e6)]
    arrays[1]["average_wage"] = arrays[1]["average_wage"] * 1.01 ** np.arange(arrays[1]["average_wage"].size)
    alone = [resident_pension_projection(parameters(fund_return=r), **a) for r, a in zip(returns, arrays)]
    stacked = {name: xr.concat([a[name] for a in arrays], dim="path").assign_coords(path=[3, 8])
               for name in arrays[0]}
    together = resident_pension_projection(parameters(fund_return=np.array(returns)), **stacked)
    for index, own in enumerate(alone):
        for name, values in own.outputs.items():
            assert together.outputs[name].dims == ("path", *values.dims)
            assert np.array_equal(together.outputs[name].isel(path=index).values, values.values), name
        for name in ("contributions", "fiscal_subsidy", "benefits", "returns"):
            assert np.array_equal(getattr(together.funds[0], name)[index], getattr(own.funds[0], name)), name
        for name in ("balance", "investment_income", "rate", "expenditure"):
            assert np.broadcast_to(getattr(together.funds[0].base, name), (2,))[index] == \
                getattr(own.funds[0].base, name), name
        for name, value in own.base_year.items():
            assert together.base_year[name][index] == value, name
            assert isinstance(value, float)
    assert list(together.outputs["path"].values) == [3, 8]


# --------------------------------------------------------------------------- members
def test_more_transferred_persons_raise_beneficiaries_contributors_and_benefits():
    without = resident_pension(parameters(), **inputs(transfer=0.0))
    with_transfers = resident_pension(parameters(), **inputs(transfer=0.5e6))
    later = slice(BASE + 1, None)
    for name in ("resident_pension_beneficiaries", "resident_pension_benefits", "resident_pension_contributors"):
        gain = (with_transfers[name] - without[name]).sel(year=later).values
        assert np.all(gain > 0), name
    base = (with_transfers - without).sel(year=BASE)
    assert base["resident_pension_beneficiaries"].item() == 0.0  # no transfers in the base year


def test_transferred_persons_age_and_survive_with_their_cohort():
    years = 3
    population = np.full((years, 2, AGES.size), 100.0)
    population[1, :, 61] = 90.0  # 10 % of the cohort aged 60 in year 0 dies
    population[2, :, 62] = 81.0
    moved = np.zeros_like(population)
    moved[0, 0, 60] = 10.0
    moved[1, 1, 59] = 4.0
    stock = transferred_stock(moved, population)
    assert stock[1, 0, 61] == pytest.approx(9.0)
    assert stock[2, 0, 62] == pytest.approx(9.0 * 0.9)
    assert stock[1, 1, 59] == 4.0 and stock[2, 1, 60] == 4.0  # survival capped at 1
    assert stock.sum(axis=(1, 2)).tolist() == pytest.approx([10.0, 13.0, 8.1 + 4.0])
    # the open age pools those reaching 100 with the survivors already there
    moved = np.zeros_like(population)
    moved[0, 0, 99], moved[0, 0, 100] = 3.0, 5.0
    population[1, 0, 100] = 100.0  # = half of the 200 aged 99 and 100+ a year before
    assert transferred_stock(moved, population)[1, 0, 100] == pytest.approx((3.0 + 5.0) * 0.5)


def test_take_up_above_one_is_refused_naming_the_figure():
    too_many = parameters(beneficiaries_target=200e6)
    with pytest.raises(AssumptionError, match=r"^synthetic.yaml: resident_beneficiaries_target: value 200000000.0 "
                                              r"cannot be met by calibration: it implies a take-up of 1\.\d+"):
        resident_pension(too_many, **inputs())


def test_a_return_that_leaves_no_contributions_names_the_return_and_its_file(tmp_path):
    scenario = tmp_path / "rich_fund.yaml"
    scenario.write_text(WRITE_HEAD.format(set=CHINA) + "  resident_fund_return:\n    values:\n      2025: 0.15\n")
    from actuarial import run_model

    with pytest.raises(AssumptionError) as caught:
        run_model(load_scenario(scenario))
    message = str(caught.value)
    assert "resident_revenue_base: value 728700000000.0 cannot be met by calibration" in message
    assert f"resident_fund_return 0.15 ({scenario})" in message and "\n" not in message


def test_participants_beyond_the_eligible_population_are_refused_naming_the_figure():
    with pytest.raises(AssumptionError, match="resident_participants_target: .* residents aged 16-59 outside the "
                                              "employee scheme who may join"):
        resident_pension(parameters(participants_target=400e6), **inputs())


# --------------------------------------------------------------------------- rules
def test_fiscal_subsidy_is_basic_pensions_plus_contribution_subsidies(projection):
    p = parameters()
    sigma = p.contribution_subsidy_ratio
    basic = projection["resident_pension_basic_pension"] * projection["resident_pension_beneficiaries"]
    subsidy = sigma * projection["resident_pension_contributions"]
    np.testing.assert_allclose(projection["resident_pension_contribution_subsidy"], subsidy, rtol=1e-12)
    np.testing.assert_allclose(projection["resident_pension_fiscal_subsidy"], basic + subsidy, rtol=1e-12)
    np.testing.assert_allclose(projection["resident_pension_basic_benefits"], basic, rtol=1e-12)


def test_a_higher_subsidy_ratio_moves_money_from_contributions_to_subsidy_only_after_the_base_year(projection):
    ratio = path({2025: 0.12, 2030: 0.5}, 2035)
    richer = resident_pension(parameters(contribution_subsidy_ratio=ratio), **inputs())
    before, after = slice(None, 2029), slice(2030, None)
    for name in ("resident_pension_fiscal_subsidy", "resident_pension_contributions", "resident_pension_benefits"):
        np.testing.assert_allclose(richer[name].sel(year=before), projection[name].sel(year=before), rtol=1e-12)
    gain = (richer - projection)["resident_pension_fiscal_subsidy"].sel(year=after)
    assert np.all(gain > 0)
    np.testing.assert_allclose(richer["resident_pension_contributions"].sel(year=after),
                               projection["resident_pension_contributions"].sel(year=after), rtol=1e-12)


def test_minimum_pension_is_the_policy_floor_or_the_indexed_level(projection):
    minimum = projection["resident_pension_minimum_pension"]
    assert minimum.sel(year=BASE).item() == 123.0
    assert minimum.sel(year=2025).item() == 143.0  # 123 * 1.02 < 143
    np.testing.assert_allclose(minimum.sel(year=slice(2026, None)).values, 143.0 * 1.02 ** np.arange(1, 11), rtol=1e-12)
    raised = resident_pension(parameters(minimum_pension=path({2025: 143.0, 2030: 300.0}, 2035)), **inputs())
    assert raised["resident_pension_minimum_pension"].sel(year=2030).item() == 300.0
    assert raised["resident_pension_minimum_pension"].sel(year=2031).item() == pytest.approx(306.0)


def test_basic_pension_is_indexed_by_half_of_wage_growth(projection):
    basic = projection["resident_pension_basic_pension"]
    growth = (basic / basic.shift(year=1) - 1).sel(year=slice(2026, None)).values
    np.testing.assert_allclose(growth, 0.02, rtol=1e-12)  # 0 + 0.5 * 4 % wage growth
    per_contributor = projection["resident_pension_contribution_per_contributor"]
    np.testing.assert_allclose((per_contributor / per_contributor.shift(year=1)).values[1:], 1.04, rtol=1e-12)


def test_history_factors_by_hand():
    ages = np.arange(OPEN_AGE + 1)
    balance, pension = history_factors(history_years=13, growth=0.0, crediting=0.0, divisor=139.0, ages=ages)
    assert [balance[x] for x in (15, 16, 20, 40, 59)] == [0.0, 1.0, 5.0, 13.0, 13.0]
    assert pension[59] == 0.0 and pension[60] == pytest.approx(12 / 139 * 12) and pension[71] == pytest.approx(12 / 139)
    assert pension[72] == 0.0 and pension[100] == 0.0
    balance, pension = history_factors(history_years=3, growth=0.1, crediting=0.1, divisor=100.0, ages=ages)
    assert balance[30] == 3.0  # interest and growth cancel
    assert pension[61] == pytest.approx(0.12 * 1.1 ** -2 * 1.0)


def test_a_larger_divisor_lowers_later_account_pensions():
    shorter = resident_pension(parameters(account_divisor=100.0), **inputs())
    longer = resident_pension(parameters(account_divisor=200.0), **inputs())
    later = slice(BASE + 1, None)
    # the base year is calibrated to the same expenditure either way; afterwards new awards differ
    assert np.all((longer - shorter)["resident_pension_benefits"].sel(year=later).values
                  - (longer - shorter)["resident_pension_basic_benefits"].sel(year=later).values < 0)


# --------------------------------------------------------------------------- the shipped YAML
@pytest.fixture
def resident_set(tmp_path, monkeypatch):
    """The shipped resident entries alone: set.yaml, pension_resident.yaml and its table, other stages optional."""
    for name, spec in list(registry.REGISTRY.items()):
        if spec.stage != "pension_resident":
            monkeypatch.setitem(registry.REGISTRY, name, dataclasses.replace(spec, required=False))
    folder = tmp_path / "china_resident"
    folder.mkdir()
    for name in ("set.yaml", "pension_resident.yaml", "resident_participation_profile.csv"):
        shutil.copy(CHINA / name, folder / name)
    return folder


def china_like_inputs(end: int = 2030) -> dict[str, xr.DataArray]:
    """The 2024 NBS-reconciled population held constant, employee members 47 % of ages 16-59 and 36 % of 60+."""
    import pandas as pd

    frame = pd.read_csv(CHINA / "base_population.csv")
    base = frame.set_index(["sex", "age"])["population"].to_xarray().sel(sex=SEXES).values
    years = np.arange(BASE, end + 1)
    population = np.broadcast_to(base, (years.size, *base.shape)).copy()
    share = np.where((AGES >= 16) & (AGES < 60), 0.47, np.where(AGES >= 60, 0.36, 0.0))
    wage = xr.DataArray(99_524.7 * 1.05 ** (years - BASE), coords={"year": years}, dims="year")
    return {"population": cube(population, years), "employee_members": cube(population * share, years),
            "transferred": cube(np.zeros_like(population), years), "average_wage": wage}


def test_shipped_assumptions_reproduce_the_published_2024_figures(resident_set):
    assumptions = load_assumption_set(resident_set)
    result = resident_pension(SCHEME.read(assumptions), **china_like_inputs(2100)).sel(year=BASE)
    for name, published in PUBLISHED_2024.items():
        assert result[name].item() == pytest.approx(published, rel=0.02), name
    revenue = sum(result[f"resident_pension_{k}"].item() for k in REVENUE)
    assert revenue == pytest.approx(PUBLISHED_REVENUE_2024, rel=0.02)
    # 2024 mean benefit: 5,321.6 亿 / 18,039.4 万 = 2,950 yuan a year (245.8 a month)
    mean = result["resident_pension_benefits"].item() / result["resident_pension_beneficiaries"].item()
    assert mean == pytest.approx(2950.0, rel=1e-3)
    assert result["resident_pension_minimum_pension"].item() == 123.0


WRITE_HEAD = "scenario:\n  name: broken\n  description: a broken resident parameter\n  assumptions: {set}\noverrides:\n"


@pytest.mark.parametrize(
    ("override", "field", "rule"),
    [
        ("  resident_contribution_subsidy_ratio:\n    values:\n      2030: -0.1\n",
         "resident_contribution_subsidy_ratio.values.2030", "ratio values must lie in that range"),
        ("  resident_account_divisor:\n    value: 0\n", "resident_account_divisor.value", "is outside [1, 400]"),
        ("  resident_minimum_pension:\n    unit: yuan_per_year\n", "resident_minimum_pension.unit",
         "does not match the unit"),
        ("  resident_fund_return:\n    valuez:\n      2025: 0.03\n", "resident_fund_return.valuez", "unknown key"),
    ],
)
def test_a_broken_resident_parameter_gives_a_one_line_error_naming_file_and_field(
    resident_set, tmp_path, override, field, rule
):
    scenario = tmp_path / "broken_resident.yaml"
    scenario.write_text(WRITE_HEAD.format(set=resident_set) + override)
    with pytest.raises(AssumptionError) as caught:
        load_scenario(scenario)
    message = str(caught.value)
    assert "\n" not in message
    assert "broken_resident.yaml" in message and field in message and rule in message, message
