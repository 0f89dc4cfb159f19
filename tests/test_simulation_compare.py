"""Financing options on drawn paths (compare --paths): every option runs on its path's shocks, so an option
identical to the baseline differs from it by exactly nothing, and the baseline rows are the stochastic run's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from actuarial.financing.basis import FINANCED_FUNDS, discount_basis
from actuarial.simulation import run_paths
from actuarial.simulation.financing import compare_chunk, comparison_depletion, comparison_distribution
from actuarial.simulation.statistics import depletion_years

ROOT = Path(__file__).resolve().parents[1]
ACTUARIAL = Path(sys.executable).parent / "actuarial"


def test_an_option_equal_to_the_baseline_differs_by_exactly_nothing(baseline):
    rate = discount_basis(baseline, "borrowing").rate
    rows = compare_chunk(baseline, paths=range(2), seed=9, mixes={"baseline": {}, "same": {}}, rate=rate)
    assert rows["option"].tolist() == ["baseline", "same", "baseline", "same"]
    numbers = rows.drop(columns=["option"])
    pd.testing.assert_frame_equal(numbers.iloc[[0, 2]].reset_index(drop=True),
                                  numbers.iloc[[1, 3]].reset_index(drop=True))
    assert (rows["pv_budget_cost_yuan"] == 0.0).all()
    # the baseline's depletion years are the stochastic run's on the same paths
    paths = depletion_years(run_paths(baseline, seed=9, paths=range(2)))
    for fund in FINANCED_FUNDS:
        np.testing.assert_array_equal(rows.loc[rows["option"] == "baseline", f"{fund}_depletion_year"].to_numpy(),
                                      paths.sel(fund=fund).values)


def test_comparison_tables_by_option():
    rows = pd.DataFrame({"path": [0, 0, 1, 1], "option": ["baseline", "x", "baseline", "x"],
                         "pv_budget_cost_yuan": [0.0, 2.0, 0.0, 4.0],
                         **{f"{fund}_depletion_year": [2040.0, np.nan, 2060.0, 2070.0] for fund in FINANCED_FUNDS}})
    table = comparison_distribution(rows, (0.5,)).set_index(["option", "column"])
    assert table.loc[("x", "pv_budget_cost_yuan"), "mean"] == 3.0
    assert table.loc[("x", "pension_employee_depletion_year"), "share_with_value"] == 0.5
    depletion = comparison_depletion(rows, 2100).set_index(["option", "year"])
    assert depletion.loc[("baseline", 2050), "pension_employee"] == 0.5
    assert depletion.loc[("x", 2100), "pension_employee"] == 0.5


def test_compare_with_paths_writes_the_stochastic_tables(tmp_path):
    out = tmp_path / "compare"
    result = subprocess.run([str(ACTUARIAL), "compare", "projections/financing_options.yaml", "--out", str(out),
                             "--paths", "2", "--seed", "3", "--quantiles", "0.5"],
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    names = {path.name for path in out.iterdir()}
    assert {"comparison_paths.csv", "comparison_percentiles.csv", "comparison_depletion_probability.csv"} <= names
    paths = pd.read_csv(out / "comparison_paths.csv")
    deterministic = pd.read_csv(out / "comparison.csv")
    assert len(paths) == 2 * len(deterministic)
    assert list(paths["option"].unique()) == deterministic["option"].tolist()
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["paths"], manifest["seed"]) == (2, 3)
    assert "probability of depletion" in result.stdout
