"""The command line through its real entry point (the installed console script)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import xarray as xr

from actuarial import SUMMARY_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
ACTUARIAL = Path(sys.executable).parent / "actuarial"


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(ACTUARIAL), *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["validate", "--help"]])
def test_help(args):
    result = cli(*args)
    assert result.returncode == 0
    assert "Usage:" in result.stdout


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    return cli("run", "--out", str(out)), out


def test_run_without_scenario_writes_the_three_files(default_run):
    result, out = default_run
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == ["manifest.json", "metrics.csv", "projection.nc", "summary.csv"]
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    assert summary["year"].tolist() == list(range(2024, 2101))
    assert summary.loc[0, "population"] == pytest.approx(1_408_280_000, abs=5_000)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scenario"] == "baseline"
    assert len(manifest["assumption_set_hash"]) == 64
    assert {"version", "seed", "wall_time_seconds", "command"} <= set(manifest)
    with xr.open_dataset(out / "projection.nc") as projection:
        for name in ("population", "births", "deaths", "net_migration"):
            assert {"units", "long_name"} <= set(projection[name].attrs)
        assert projection["population"].sum(["sex", "age"]).sel(year=2100).item() == pytest.approx(summary["population"].iloc[-1], rel=1e-9)
    assert "old-age dependency" in result.stdout
    assert set(manifest["files"]) == {"projection.nc", "summary.csv", "metrics.csv"}
    assert manifest["files"]["summary.csv"]["size_bytes"] == (out / "summary.csv").stat().st_size
    leftovers = [path.name for path in out.parent.iterdir() if path.name.startswith(f".{out.name}.")]
    assert not leftovers, f"a run that succeeded left {leftovers}"


def test_low_fertility_scenario_has_fewer_births(default_run, tmp_path):
    _, out = default_run
    result = cli("run", "projections/fertility_low.yaml", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    low, base = pd.read_csv(tmp_path / "summary.csv"), pd.read_csv(out / "summary.csv")
    assert (low["births"].iloc[1:] < base["births"].iloc[1:]).all()
    assert json.loads((tmp_path / "manifest.json").read_text())["scenario"] == "fertility_low"


def test_bad_scenario_exits_with_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    result = cli("run", "tests/broken/03_fraction_out_of_range/scenario.yaml", "--out", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: tests/broken/03_fraction_out_of_range/scenario.yaml: migration_start_share.values.2030: "
        "value 1.4 is outside [0, 1]; fractions must lie in that range"
    ]
    assert not out.exists()


def test_missing_scenario_file_is_one_line(tmp_path):
    result = cli("run", "projections/no_such_file.yaml", "--out", str(tmp_path))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "no_such_file.yaml" in result.stderr and "Traceback" not in result.stderr


def test_validate_unknown_case_is_one_line():
    result = cli("validate", "--case", "no_such_case")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_validate_without_cases_is_one_line(tmp_path):
    for args in (["--cases-dir", str(tmp_path)], ["--cases-dir", str(tmp_path), "--case", "pension2024"],
                 ["--cases-dir", str(tmp_path / "absent")]):
        result = cli("validate", *args)
        assert result.returncode == 2, result.stdout
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        assert str(tmp_path.name) in result.stderr
    assert "holds no validation case" in cli("validate", "--cases-dir", str(tmp_path)).stderr
