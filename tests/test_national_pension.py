"""The national pension option (issue 13 item 4): off pays nothing; top-up pays every resident from the age;
replace pays those without an employee pension and counts the URRBP basic pensions it replaces; personal
contributions come from the residents of contribution age; a chunk of paths runs at once, bit for bit."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import xarray as xr

from actuarial import load_scenario
from actuarial.analysis.fund_metrics import national_pension_metrics
from actuarial.paths import PROJECTIONS_DIR
from actuarial.schemes import SCHEMES
from actuarial.schemes.national_pension import NationalPensionParameters, project_national_pension
from actuarial.schemes.protocol import Upstream
from stacked import assert_scheme_stacks, stacked_case

SCHEME = SCHEMES["national_pension"]


def _run(projection: xr.Dataset, **changes) -> xr.Dataset:
    fields = dict(mode="top_up", wage_share=0.1, age=65.0, contribution_share=0.0, contribution_age=20.0,
                  start_year=2026.0)
    fields.update(changes)
    return project_national_pension(NationalPensionParameters(**fields), Upstream(projection, np.empty(0))).outputs


def _over(projection: xr.Dataset, name: str, low: int, high: int = 200) -> xr.DataArray:
    return projection[name].sel(age=slice(low, high - 1)).sum(["sex", "age"])


def test_the_shipped_set_runs_it_off(baseline, baseline_projection):
    assert baseline["national_pension_mode"].choice == "off"
    for name in ("national_pension_cost", "national_pension_net_cost", "national_pension_recipients"):
        assert (baseline_projection[name] == 0.0).all()
    assert SCHEME.read(baseline).mode == "off"


def test_top_up_pays_every_resident_from_the_age_after_the_start(baseline_projection):
    out = _run(baseline_projection)
    wage = baseline_projection["average_wage"]
    people = _over(baseline_projection, "population", 65)
    assert out["national_pension_recipients"].sel(year=2025).item() == 0.0
    np.testing.assert_allclose(out["national_pension_recipients"].sel(year=slice(2026, None)),
                               people.sel(year=slice(2026, None)), rtol=1e-12)
    np.testing.assert_allclose(out["national_pension_benefits"], 0.1 * wage * out["national_pension_recipients"],
                               rtol=1e-12)
    np.testing.assert_array_equal(out["national_pension_net_cost"], out["national_pension_cost"])


def test_replace_pays_residents_without_an_employee_pension_and_saves_the_urrbp_basic_pension(baseline_projection):
    out = _run(baseline_projection, mode="replace")
    p = baseline_projection
    others = np.maximum(p["population"] - p["pensioners"], 0.0).sel(age=slice(65, None)).sum(["sex", "age"])
    np.testing.assert_allclose(out["national_pension_recipients"].sel(year=2050), others.sel(year=2050), rtol=1e-12)
    replaced = (_over(p, "resident_pension_beneficiaries_by_age", 65) * p["resident_pension_basic_pension"]).sel(year=2050)
    assert out["national_pension_replaced_basic_pensions"].sel(year=2050).item() == pytest.approx(replaced.item(),
                                                                                                  rel=1e-12)
    assert (out["national_pension_net_cost"] < out["national_pension_cost"]).sel(year=slice(2026, None)).all()
    # fewer recipients than the universal top-up, every year it runs
    top_up = _run(p)
    assert (out["national_pension_recipients"] < top_up["national_pension_recipients"]).sel(year=slice(2026, None)).all()


def test_personal_contributions_come_from_residents_of_contribution_age(baseline_projection):
    out = _run(baseline_projection, contribution_share=0.01)
    payers = _over(baseline_projection, "population", 20, 65)
    expected = 0.01 * baseline_projection["average_wage"] * payers
    np.testing.assert_allclose(out["national_pension_contributions"].sel(year=2040), expected.sel(year=2040), rtol=1e-12)
    np.testing.assert_allclose(out["national_pension_cost"],
                               out["national_pension_benefits"] - out["national_pension_contributions"], rtol=1e-12)


def test_metrics_give_cost_in_gdp_and_the_share_of_the_mean_pensions(baseline, baseline_projection):
    projection = baseline_projection.assign(**_run(baseline_projection).data_vars)
    rows = national_pension_metrics(baseline, projection).set_index("metric")["value"]
    cost = (projection["national_pension_cost"] / projection["gdp"]).sel(year=2050).item()
    assert rows["cost_pct_gdp_2050"] == pytest.approx(cost, rel=1e-12)
    mean_uebpi = (projection["pension_benefits"] / projection["pensioners"].sum(["sex", "age"])).sel(year=2050).item()
    assert rows["share_of_uebpi_pension_2050"] == pytest.approx(
        projection["national_pension_amount"].sel(year=2050).item() / mean_uebpi, rel=1e-12)
    assert rows["cost_pct_gdp_2024"] == 0.0


@pytest.mark.parametrize("mode", ["top_up", "replace"])
def test_a_chunk_of_paths_runs_at_once_with_the_option_on(mode):
    # the drawn paths of the baseline (tests/stacked.py) under the option's set: one run on the stacked projection
    # gives each path's own run, bit for bit
    on = load_scenario(PROJECTIONS_DIR / f"national_pension_{mode}.yaml")
    assert SCHEME.read(on).mode == mode
    case = stacked_case()
    assert_scheme_stacks("national_pension", replace(case, sets=(on,) * len(case.sets), stacked=on))
