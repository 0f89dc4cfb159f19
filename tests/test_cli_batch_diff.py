"""actuarial run with several scenarios (one folder each) and actuarial diff of two run folders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT

ACTUARIAL = Path(sys.executable).parent / "actuarial"
CHINA = ROOT / "assumptions" / "china"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ACTUARIAL), *args], cwd=ROOT, capture_output=True, text=True, timeout=900)


def scenario(folder: Path, name: str, overrides: str = "") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(f"scenario:\n  name: {name}\n  description: short run\n  assumptions: {CHINA}\n  end_year: 2030\n"
                    + (f"overrides:\n{overrides}" if overrides else ""), encoding="utf-8")
    return path


def test_batch_run_writes_one_folder_per_scenario_and_diff_reads_them(tmp_path):
    base = scenario(tmp_path, "base")
    fast = scenario(tmp_path, "fast", "  ai_adoption_ceiling:\n    value: 0.8\n    reason: test\n")
    out = tmp_path / "runs"
    result = cli("run", str(base), str(fast), "--out", str(out))
    assert result.returncode == 0, result.stderr
    for name in ("base", "fast"):
        assert {p.name for p in (out / name).iterdir()} == {"projection.nc", "summary.csv", "metrics.csv", "manifest.json"}
    same = cli("diff", str(out / "base"), str(out / "base"))
    assert same.returncode == 0 and "0 summary cells and 0 metrics differ" in same.stdout
    changed = cli("diff", str(out / "base"), str(out / "fast"), "--out", str(tmp_path / "diff"))
    assert changed.returncode == 0, changed.stderr
    metrics = pd.read_csv(tmp_path / "diff" / "diff_metrics.csv")
    a = pd.read_csv(out / "base" / "metrics.csv").set_index(["scheme", "metric"])["value"]
    b = pd.read_csv(out / "fast" / "metrics.csv").set_index(["scheme", "metric"])["value"]
    row = metrics.set_index(["scheme", "metric"]).loc[("pension_employee", "actuarial_balance")]
    expected = b[("pension_employee", "actuarial_balance")] - a[("pension_employee", "actuarial_balance")]
    assert row["b_minus_a"] == pytest.approx(expected, rel=1e-9)  # the CSVs' 10 significant digits
    summary = pd.read_csv(tmp_path / "diff" / "diff_summary.csv")
    assert set(summary["year"]) <= {2025, 2030} and len(summary) > 0


def test_batch_refuses_two_files_with_one_name_before_running(tmp_path):
    (tmp_path / "x").mkdir()
    first, second = scenario(tmp_path, "same"), scenario(tmp_path / "x", "same")
    result = cli("run", str(first), str(second), "--out", str(tmp_path / "runs"))
    assert result.returncode == 2 and "two scenario files share this name" in result.stderr
    assert not (tmp_path / "runs").exists()


def test_diff_of_a_folder_without_a_run_is_one_line(tmp_path):
    result = cli("diff", str(tmp_path), str(tmp_path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "summary.csv: not found" in result.stderr
