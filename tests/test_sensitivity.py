"""Sensitivity studies: declared ranges, changes applied to a set, tornado and grid runs, the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from actuarial import load_scenario
from actuarial.config import AssumptionError
from actuarial.sensitivity import Change, apply_changes, load_sensitivity, run_sensitivity, tornado_table

from conftest import ROOT

ACTUARIAL = Path(sys.executable).parent / "actuarial"
CHINA = ROOT / "assumptions" / "china"


def scenario(folder: Path, end_year: int = 2040) -> Path:
    path = folder / "short.yaml"
    path.write_text(f"scenario:\n  name: short\n  description: baseline to {end_year}\n  assumptions: {CHINA}\n"
                    f"  end_year: {end_year}\n", encoding="utf-8")
    return path


def study(folder: Path, body: str) -> Path:
    scenario(folder)
    path = folder / "study.yaml"
    path.write_text("study:\n  name: s\n  description: test study\n  scenario: short.yaml\n" + body, encoding="utf-8")
    return path


def test_shipped_ranges_are_declared_with_their_reasons(baseline):
    declared = {name: item.range for name, item in baseline.items.items() if item.range is not None}
    assert {"fertility_variant", "mortality", "ai_adoption_ceiling", "contribution_persistence",
            "history_deemed_members", "pension_fund_return", "productivity_growth"} <= set(declared)
    assert all(span.reason or span.reference for span in declared.values())
    assert baseline["fertility_variant"].range.low == "low"
    assert baseline["mortality"].range.kind == "scale"


def test_changes_scale_shift_from_a_coordinate_and_replace_a_choice(baseline):
    rate = baseline.data("employer_pension_rate")
    shifted = apply_changes(baseline, (Change("employer_pension_rate", "shift", 0.02, (("year", 2030.0),)),), label="t")
    moved = shifted.data("employer_pension_rate") - rate
    np.testing.assert_allclose(moved.sel(year=slice(None, 2029)).values, 0.0)
    np.testing.assert_allclose(moved.sel(year=slice(2030, None)).values, 0.02, rtol=1e-12)
    scaled = apply_changes(baseline, (Change("mortality", "scale", 0.9),), label="t")
    np.testing.assert_allclose(scaled.data("mortality").values, 0.9 * baseline.data("mortality").values, rtol=1e-12)
    chosen = apply_changes(baseline, (Change("fertility_variant", "value", "low"),), label="t")
    assert chosen["fertility_variant"].choice == "low" and baseline["fertility_variant"].choice == "medium"
    assert len({baseline.digest, shifted.digest, scaled.digest, chosen.digest}) == 4
    with pytest.raises(AssumptionError, match="employer_pension_rate"):  # the registry's bounds still hold
        apply_changes(baseline, (Change("employer_pension_rate", "shift", 1.0),), label="t")


def test_a_grid_point_with_no_change_is_the_baseline_and_the_grid_moves_the_metric(tmp_path):
    path = study(tmp_path, "  kind: grid\nmetrics: [pension_employee.actuarial_balance]\naxes:\n"
                 "  - assumption: employer_pension_rate\n    mode: shift\n    values: [-0.02, 0.0]\n")
    loaded = load_sensitivity(path)
    results = run_sensitivity(loaded)
    assert list(results.columns) == ["employer_pension_rate_shift", "metric", "value", "baseline"]
    by_point = results.set_index("employer_pension_rate_shift")["value"]
    assert by_point[0.0] == results["baseline"].iloc[0]                          # same model, same numbers
    assert by_point[-0.02] < by_point[0.0]                                        # less income, worse balance


def test_tornado_table_orders_by_swing():
    results = pd.DataFrame({"parameter": ["a", "a", "b", "b"], "side": ["low", "high", "low", "high"],
                            "metric": ["m"] * 4, "value": [1.0, 2.0, -3.0, 3.0], "baseline": [1.5] * 4})
    table = tornado_table(results)
    assert list(table["parameter"]) == ["b", "a"]
    assert list(table["swing"]) == [6.0, 1.0]


@pytest.mark.parametrize("body, field, rule", [
    ("  kind: grid\nmetrics: [pension_employee.depletion_year]\naxes: []\n", "axes", "one or two axes"),
    ("  kind: grid\nmetrics: [pension_employee.depletion_year]\naxes:\n  - assumption: nope\n    mode: shift\n"
     "    values: [1.0]\n", "axes.0.assumption", "not an assumption"),
    ("  kind: grid\nmetrics: [pension_employee.depletion_year]\naxes:\n  - assumption: contribution_persistence\n"
     "    mode: shift\n    values: [0.1]\n", "axes.0.mode", "a scalar takes mode value"),
    ("  kind: tornado\nmetrics: [depletion_year]\n", "metrics.0", "must be 'scheme.metric'"),
    ("  kind: tornado\nmetrics: [pension_employee.depletion_year]\nassumptions: [employer_pension_rate]\n",
     "assumptions", "declares no range"),
])
def test_bad_studies_name_file_field_and_rule(tmp_path, body, field, rule):
    with pytest.raises(AssumptionError) as error:
        load_sensitivity(study(tmp_path, body))
    message = str(error.value)
    assert "study.yaml" in message and field in message and rule in message


def test_a_range_must_fit_its_assumption(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "scenario:\n  name: bad\n  description: a range of the wrong kind\n"
        f"  assumptions: {CHINA}\noverrides:\n  contribution_persistence:\n    range:\n      low: 0.7\n"
        "      high: 0.95\n      kind: scale\n      reason: test\n", encoding="utf-8")
    with pytest.raises(AssumptionError, match="contribution_persistence.range.kind.*takes kind 'value'"):
        load_scenario(path)


def test_command_writes_the_grid(tmp_path):
    path = study(tmp_path, "  kind: grid\nmetrics: [pension_employee.depletion_year]\naxes:\n"
                 "  - assumption: ai_adoption_ceiling\n    mode: value\n    values: [0.3, 0.8]\n")
    out = tmp_path / "out"
    result = subprocess.run([str(ACTUARIAL), "sensitivity", str(path), "--out", str(out)], capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "ai_adoption_ceiling" in result.stdout
    grid = xr.open_dataset(out / "grid.nc")
    assert grid["pension_employee__depletion_year"].dims == ("ai_adoption_ceiling_value",)
    table = pd.read_csv(out / "sensitivity.csv")
    assert len(table) == 2 and set(table["metric"]) == {"pension_employee.depletion_year"}
