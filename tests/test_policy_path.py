"""The policy_path option: time paths set from a year on (a step function), the values held to the
assumption's own rules, years inside the projection, and the joint proposal study it serves."""

from __future__ import annotations

import numpy as np
import pytest

from actuarial.config import AssumptionError
from actuarial.config.financing import check_option_years, parse_options
from actuarial.funds.options import apply_behaviour

RAISE = {"type": "policy_path", "fund": "unemployment", "description": "UI rate 2 %", "source": "assumed",
         "paths": {"unemployment_employer_rate": {2026: 0.013, 2030: 0.015}}}


def test_the_path_steps_from_each_given_year(baseline):
    option = parse_options({"raise": RAISE}, file="study.yaml")["raise"]
    changed = apply_behaviour(baseline, [option], label="test")
    years = baseline.years
    before, after = baseline.path("unemployment_employer_rate", years), changed.path("unemployment_employer_rate", years)
    np.testing.assert_array_equal(after[years < 2026], before[years < 2026])
    assert (after[(years >= 2026) & (years < 2030)] == 0.013).all() and (after[years >= 2030] == 0.015).all()
    assert option.first_year == 2026


@pytest.mark.parametrize("paths, message", [
    ({"unemployment_employer_rat": {2026: 0.01}}, "is not a time-path assumption"),
    ({"unemployment_minimum_wage_base": {2026: 1.0}}, "is not a time-path assumption"),
    ({"unemployment_employer_rate": {}}, "has no values"),
])
def test_bad_paths_are_one_line_errors(paths, message):
    with pytest.raises(AssumptionError, match=message):
        parse_options({"raise": {**RAISE, "paths": paths}}, file="study.yaml")


def test_values_obey_the_assumption_rules_and_years_the_horizon(baseline):
    too_high = parse_options({"raise": {**RAISE, "paths": {"unemployment_employer_rate": {2026: 0.5}}}},
                             file="study.yaml")["raise"]
    with pytest.raises(AssumptionError, match="unemployment_employer_rate"):
        apply_behaviour(baseline, [too_high], label="study.yaml options.raise")
    late = parse_options({"raise": {**RAISE, "paths": {"unemployment_employer_rate": {2200: 0.01}}}},
                         file="study.yaml")
    with pytest.raises(AssumptionError, match=r"options.raise.paths.unemployment_employer_rate: year 2200 is outside"):
        check_option_years(late, baseline.years, file="study.yaml")


def test_the_joint_proposal_study_compares_every_measure_and_their_mix():
    from pathlib import Path

    from actuarial.financing.compare import compare
    from actuarial.financing.study import load_study

    table, _, _ = compare(load_study(Path(__file__).resolve().parents[1] / "projections" / "joint_proposal.yaml"))
    rows = table.set_index("option")
    joint = rows.loc["joint_proposal"]
    # only the pension rate cut touches the UEBPI; the UI measures add up (their interaction is small)
    assert joint["pension_employee_effect_pv_yuan"] == pytest.approx(
        rows.loc["pension_rate_cut", "pension_employee_effect_pv_yuan"], rel=1e-9)
    ui = rows.loc["unemployment_rate_raise", "unemployment_effect_pv_yuan"] + rows.loc[
        "unemployment_for_flexible_workers", "unemployment_effect_pv_yuan"]
    assert joint["unemployment_effect_pv_yuan"] == pytest.approx(ui, rel=0.02)
    assert rows.loc["unemployment_rate_raise", "unemployment_effect_pv_yuan"] > 0
    assert rows.loc["levy_to_injury", "platform_injury_effect_pv_yuan"] > 0
    assert rows.loc["medical_rate_cut", "medical_employee_effect_pv_yuan"] < 0
