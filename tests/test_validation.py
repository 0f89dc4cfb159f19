"""Golden tests: every validation case reproduces its published figures within tolerance."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from actuarial.analysis.validation import discover_cases, run_case

ROOT = Path(__file__).resolve().parents[1]
CASES = discover_cases(ROOT / "validation")


def test_the_three_cases_exist():
    assert {case.name for case in CASES} >= {"nbs2024_base", "wpp2024_china", "stable_population"}
    for case in CASES:
        assert (case.folder / "SOURCE.md").is_file()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_within_tolerance(case):
    table = run_case(case)
    assert len(table) > 0
    outside = table.loc[~table["ok"], ["quantity", "year", "published", "model", "difference", "tolerance"]]
    assert outside.empty, f"{case.name} outside tolerance:\n{outside.to_string()}"


def test_validate_exits_non_zero_when_a_case_fails(tmp_path):
    case = tmp_path / "always_wrong"
    case.mkdir()
    (case / "published.csv").write_text("quantity,year,published,unit,tolerance,kind\nx,2024,100,persons,0.01,relative\n")
    (case / "case.py").write_text("def model_figures(published):\n    return [102.0]\n")
    (case / "SOURCE.md").write_text("test case\n")
    result = subprocess.run([str(Path(sys.executable).parent / "actuarial"), "validate", "--cases-dir", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "FAIL" in result.stdout and "+2.000%" in result.stdout


@pytest.mark.parametrize(("row", "message"), [
    ("x,2024,100,persons,tight,relative", "published.csv: tolerance: value 'tight' for x must be a non-negative number"),
    ("x,2024,100,persons,-0.01,relative", "published.csv: tolerance: value -0.01 for x must be a non-negative number"),
    ("x,2024,lots,persons,0.01,relative", "published.csv: published: value 'lots' for x must be a finite number"),
])
def test_a_broken_published_table_is_a_one_line_error(tmp_path, row, message):
    case = tmp_path / "broken"
    case.mkdir()
    (case / "published.csv").write_text(f"quantity,year,published,unit,tolerance,kind\n{row}\n")
    (case / "case.py").write_text("def model_figures(published):\n    return [100.0]\n")
    result = subprocess.run([str(Path(sys.executable).parent / "actuarial"), "validate", "--cases-dir", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().endswith(message) and len(result.stderr.strip().splitlines()) == 1
