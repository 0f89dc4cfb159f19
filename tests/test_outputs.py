"""Outputs written all or nothing (issue 12): a run killed while writing leaves the complete old outputs or the
complete new ones; ``--out`` checked before the projection; no ±inf, and NaN only where documented, in what is
written; stale staging folders of killed runs removed by the next run."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from actuarial.analysis.metrics import valuation_metrics
from actuarial.analysis.summary import summary_table
from actuarial.cli import main
from actuarial.report import outputs
from actuarial.report.checks import OutputError
from actuarial.report.outputs import OutputFolder, remove_stale
from actuarial.report.writers import write_run
from actuarial.variables import VARIABLES

ROOT = Path(__file__).resolve().parents[1]
ACTUARIAL = Path(sys.executable).parent / "actuarial"
SCENARIOS = (str(ROOT / "projections" / "baseline.yaml"), str(ROOT / "projections" / "fertility_low.yaml"))


# --------------------------------------------------------------------------- helpers
def staging_folders(out: Path) -> list[Path]:
    """The hidden staging (or set-aside) folders of ``out`` in its parent."""
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.(tmp|old)-\d+-")
    return sorted(path for path in out.parent.iterdir() if pattern.match(path.name))


def pid_of(folder: Path) -> int:
    return int(folder.name.rsplit("-", 2)[-2])


def complete_outputs(out: Path) -> dict:
    """The manifest of ``out`` after checking that every file it lists is there with its sha256 and size, and
    that nothing else is."""
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(p.name for p in out.iterdir()) == sorted([*manifest["files"], "manifest.json"])
    for name, record in manifest["files"].items():
        data = (out / name).read_bytes()
        assert len(data) == record["size_bytes"], name
        assert hashlib.sha256(data).hexdigest() == record["sha256"], name
    return manifest


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(ACTUARIAL), *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def invoke(*args: str):
    """The CLI in-process (the same error handling, without a process start-up per case)."""
    return CliRunner().invoke(main, list(args))


def one_line_error(result, *fragments: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


# --------------------------------------------------------------------------- killed while writing
def _wait(condition, process: subprocess.Popen, what: str, timeout: float = 60.0):
    """Poll ``condition()`` until it returns a true value or the process ends (None)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if process.poll() is not None:
            return None
        time.sleep(0.0005)
    process.kill()
    process.wait()
    raise AssertionError(f"timed out waiting for {what}")


def _staging_of(out: Path, pid: int):
    def found():
        return next((p for p in staging_folders(out) if pid_of(p) == pid), None)
    return found


def _has_files(folder: Path):
    def found():
        try:
            return any(os.scandir(folder))
        except FileNotFoundError:
            return False
    return found


def _swapped(out: Path, inode: int):
    def found():
        try:
            return os.stat(out).st_ino == inode
        except FileNotFoundError:
            return False
    return found


def test_a_run_killed_at_any_moment_leaves_the_old_outputs_or_the_new_ones(tmp_path):
    """SIGKILL an ``actuarial run`` into an ``--out`` holding a previous run: right after its staging folder
    appears (during the projection), at random delays after its first file appears in the staging folder
    (while writing), and right after the swap (while the old folder is removed).  Every time ``--out`` is
    complete (every file of its manifest with its sha256, nothing else), either the old run or the new one;
    each run removes the stale staging folders of the killed ones, and a run that completes leaves none."""
    out = tmp_path / "out"
    first = cli("run", SCENARIOS[0], "--out", str(out))
    assert first.returncode == 0, first.stderr
    complete_outputs(out)
    rng = random.Random(20240612)
    plan = ["staging", "staging"] + ["writing"] * 12 + ["swap", "swap"]
    rng.shuffle(plan)
    plan.append("writing")  # the last try leaves a stale staging folder for the final run to remove
    outcomes: Counter = Counter()
    cleaned = 0
    for moment in plan:
        before = (out / "manifest.json").read_bytes()
        scenario = SCENARIOS[1] if json.loads(before)["scenario_file"] == SCENARIOS[0] else SCENARIOS[0]
        stale = staging_folders(out)
        process = subprocess.Popen([str(ACTUARIAL), "run", scenario, "--out", str(out)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        staging = _wait(_staging_of(out, process.pid), process, "the staging folder")
        assert staging is not None, "the run ended before its staging folder appeared"
        if moment == "writing":
            if _wait(_has_files(staging), process, "a file in the staging folder"):
                time.sleep(rng.uniform(0.0, 0.12))  # writing takes about 0.1 s
        elif moment == "swap":
            _wait(_swapped(out, os.stat(staging).st_ino), process, "the swap")
        finished = process.poll() is not None
        process.send_signal(signal.SIGKILL)
        process.wait()  # reaped: a zombie would count as a running owner
        manifest = complete_outputs(out)
        now = (out / "manifest.json").read_bytes()
        if now == before:
            outcomes[f"{moment}: old"] += 1
        else:
            assert manifest["scenario_file"] == scenario
            outcomes[f"{moment}: {'new (finished before the kill)' if finished else 'new'}"] += 1
        # the run removed the staging folders of the runs killed before it
        assert all(pid_of(folder) == process.pid for folder in staging_folders(out)), staging_folders(out)
        cleaned += len([folder for folder in stale if not folder.exists()])
    print("\nkill outcomes:", dict(sorted(outcomes.items())))
    assert len(plan) >= 16
    assert any(key.endswith(": old") for key in outcomes) and any(": new" in key for key in outcomes)
    assert cleaned >= 1
    last = staging_folders(out)
    final = cli("run", SCENARIOS[0], "--out", str(out))
    assert final.returncode == 0, final.stderr
    complete_outputs(out)
    assert staging_folders(out) == [], f"left behind: {staging_folders(out)} (stale before: {last})"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# --------------------------------------------------------------------------- --out checked first
def test_empty_out_is_refused_before_anything_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one_line_error(invoke("run", "--out", ""), "--out ''", "empty string")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out", [".", "./", "{cwd}"])
def test_the_working_directory_is_refused(tmp_path, monkeypatch, out):
    (tmp_path / "summary.csv").write_text("year\n")
    monkeypatch.chdir(tmp_path)
    one_line_error(invoke("run", "--out", out.format(cwd=tmp_path)), "current working directory")
    assert [p.name for p in tmp_path.iterdir()] == ["summary.csv"]


def test_an_existing_file_is_refused(tmp_path):
    target = tmp_path / "results.csv"
    target.write_text("mine\n")
    one_line_error(invoke("run", "--out", str(target)), str(target), "existing file")
    assert target.read_text() == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["results.csv"]
    one_line_error(invoke("run", "--out", str(target / "sub")), "is not a folder")


def _unwritable_folder(tmp_path: Path) -> Path | None:
    """A folder this process cannot create folders in: a read-only one, or (as root, who ignores modes) a
    pseudo-filesystem that refuses new folders."""
    candidate = tmp_path / "read_only"
    candidate.mkdir()
    candidate.chmod(0o555)
    for folder in (candidate, Path("/sys"), Path("/proc")):
        probe = folder / f"probe-{os.getpid()}"
        try:
            probe.mkdir()
        except OSError:
            return folder
        probe.rmdir()
    return None


def test_an_unwritable_parent_is_refused(tmp_path):
    parent = _unwritable_folder(tmp_path)
    if parent is None:
        pytest.skip("no folder here refuses this process a new folder")
    try:
        one_line_error(invoke("run", "--out", str(parent / "results")), str(parent), "writable")
        assert not (parent / "results").exists()
    finally:
        (tmp_path / "read_only").chmod(0o755)


def test_a_folder_that_is_not_a_previous_run_is_refused(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("keep me\n")
    (home / "summary.csv").write_text("year\n")
    line = one_line_error(invoke("run", "--out", str(home)), str(home), "'notes.txt'", "refusing to replace")
    assert "summary.csv" not in line
    assert sorted(p.name for p in home.iterdir()) == ["notes.txt", "summary.csv"]
    assert staging_folders(home) == []
    (home / "notes.txt").unlink()
    (home / "projects").mkdir()
    one_line_error(invoke("run", "--out", str(home)), "'projects'")


def test_missing_parents_are_created_and_removed_again_when_the_run_fails(tmp_path):
    result = cli("run", "projections/no_such_file.yaml", "--out", str(tmp_path / "a" / "b" / "out"))
    assert result.returncode == 2 and "no_such_file.yaml" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- what is written
@pytest.fixture(scope="module")
def run_tables(baseline, baseline_projection):
    return baseline_projection, summary_table(baseline_projection), valuation_metrics(baseline, baseline_projection)


@pytest.fixture()
def previous(tmp_path, run_tables):
    """An ``--out`` holding a complete run."""
    projection, summary, metrics = run_tables
    out = tmp_path / "out"
    write_run(out, projection=projection, summary=summary, metrics=metrics, manifest={"scenario": "previous"})
    return out


def _refused(out: Path, run_tables, *fragments: str, **doctored) -> str:
    projection, summary, metrics = run_tables
    tables = {"projection": projection, "summary": summary, "metrics": metrics, **doctored}
    before = complete_outputs(out)
    with pytest.raises(OutputError) as error:
        write_run(out, manifest={"scenario": "doctored"}, **tables)
    message = str(error.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert complete_outputs(out) == before
    assert staging_folders(out) == []
    return message


def test_inf_in_a_variable_is_refused_with_its_name_and_first_year(previous, run_tables):
    projection = run_tables[0].copy(deep=True)
    projection["pension_in_payment"].loc[{"year": 2051, "sex": "female", "age": 70}] = np.inf
    projection["pension_in_payment"].loc[{"year": 2077, "sex": "male", "age": 80}] = -np.inf
    message = _refused(previous, run_tables, "projection.nc", "pension_in_payment", "inf in 2051", "sex=female",
                       "age=70", projection=projection)
    assert "-inf" not in message
    projection = run_tables[0].copy(deep=True)
    projection["gdp"].loc[{"year": 2040}] = -np.inf
    _refused(previous, run_tables, "variable gdp: -inf in 2040", projection=projection)


def test_nan_only_in_variables_that_say_what_it_means(previous, run_tables):
    projection = run_tables[0].copy(deep=True)
    projection["gdp"].loc[{"year": 2060}] = np.nan
    _refused(previous, run_tables, "variable gdp: NaN in 2060", projection=projection)
    assert VARIABLES["gdp"].missing is None and VARIABLES["pension_in_payment"].missing


def test_summary_and_metrics_are_checked(previous, run_tables):
    _, summary, metrics = run_tables
    doctored = summary.copy()
    doctored.loc[doctored["year"] == 2045, "pension_cost_rate"] = np.inf
    _refused(previous, run_tables, "summary.csv: column pension_cost_rate: inf in 2045", summary=doctored)
    doctored = summary.copy()
    doctored.loc[doctored["year"] == 2046, "pop_65plus"] = np.nan
    _refused(previous, run_tables, "summary.csv: column pop_65plus: NaN in 2046", summary=doctored)
    doctored = metrics.copy()
    doctored.loc[doctored["metric"] == "reserve_ratio_2050", "value"] = np.nan
    _refused(previous, run_tables, "metrics.csv: row pension_employee reserve_ratio_2050: NaN", metrics=doctored)
    doctored = metrics.copy()
    doctored.loc[doctored["metric"] == "actuarial_balance", "value"] = -np.inf
    _refused(previous, run_tables, "actuarial_balance: -inf", metrics=doctored)
    # a NaN year or required rate is the public "never" / "above the cap"
    allowed = metrics.copy()
    for metric in ("depletion_year", "first_deficit_year_without_subsidy", "required_rate_solvency"):
        allowed.loc[allowed["metric"] == metric, "value"] = np.nan
    write_run(previous, projection=run_tables[0], summary=summary, metrics=allowed, manifest={})
    assert complete_outputs(previous)["files"].keys() == {"projection.nc", "summary.csv", "metrics.csv"}


def test_the_nan_of_a_baseline_run_are_exactly_the_documented_ones(run_tables):
    projection, summary, metrics = run_tables
    with_nan = {name for name, array in projection.data_vars.items()
                if array.dtype.kind == "f" and bool(np.isnan(array.values).any())}
    documented = {name for name, variable in VARIABLES.items() if variable.missing}
    assert with_nan <= documented
    assert with_nan == {"births", "deaths", "net_migration", "earnings", "pension_in_payment", "pension_new_award",
                        "pension_contribution_years"}
    assert documented - with_nan == {"medical_cost_per_member", "resident_medical_cost_per_member"}
    assert set(summary.columns[summary.isna().any()]) == {"births", "deaths", "net_migration"}
    assert summary.loc[summary.isna().any(axis=1), "year"].tolist() == [2024]


# --------------------------------------------------------------------------- the folder swap
def test_a_completed_write_leaves_no_staging_folder_with_or_without_the_atomic_exchange(previous, run_tables,
                                                                                        monkeypatch):
    projection, summary, metrics = run_tables
    for label in ("exchange", "fallback"):
        if label == "fallback":
            monkeypatch.setattr(outputs, "_exchange", lambda first, second: False)
        written = write_run(previous, projection=projection, summary=summary, metrics=metrics,
                            manifest={"scenario": label})
        assert [p.name for p in written] == ["projection.nc", "summary.csv", "metrics.csv", "manifest.json"]
        assert complete_outputs(previous)["scenario"] == label
        assert sorted(p.name for p in previous.parent.iterdir()) == ["out"]


def test_an_error_inside_the_folder_leaves_the_previous_outputs_and_no_staging(previous):
    before = complete_outputs(previous)
    with pytest.raises(RuntimeError):
        with OutputFolder(previous) as folder:
            assert len(staging_folders(previous)) == 1
            folder.commit({"summary.csv": lambda path: path.write_text("year\n")} | {
                "metrics.csv": lambda path: (_ for _ in ()).throw(RuntimeError("disk on fire"))})
    assert complete_outputs(previous) == before
    assert staging_folders(previous) == []


def test_stale_staging_folders_of_dead_runs_only_are_removed(tmp_path):
    out = tmp_path / "out"
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    dead, alive = finished.pid, os.getppid()
    names = {f".out.tmp-{dead}-abc": "dead", f".out.old-{dead}-def": "dead", f".out.tmp-{alive}-abc": "alive",
             f".out.tmp-{os.getpid()}-abc": "ours, before this process", f".other.tmp-{dead}-abc": "other target"}
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "projection.nc").write_bytes(b"partial")
        os.utime(tmp_path / name, (time.time() - 3600, time.time() - 3600))
    (tmp_path / f".out.tmp-{dead}-file").write_text("a file, not ours")
    fresh = tmp_path / f".out.tmp-{dead}-new"
    fresh.mkdir()
    os.utime(fresh, (time.time() + 60, time.time() + 60))  # modified after this process started
    removed = {path.name for path in remove_stale(out)}
    assert removed == {f".out.tmp-{dead}-abc", f".out.old-{dead}-def", f".out.tmp-{os.getpid()}-abc"}
    assert {p.name for p in tmp_path.iterdir()} == {f".out.tmp-{alive}-abc", f".other.tmp-{dead}-abc",
                                                     f".out.tmp-{dead}-file", fresh.name}


def test_a_folder_written_by_an_older_version_may_be_replaced(tmp_path, run_tables):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("projection.nc", "summary.csv", "metrics.csv", "manifest.json", ".summary.csv.k2j3h4.tmp"):
        (out / name).write_text("old\n")
    projection, summary, metrics = run_tables
    write_run(out, projection=projection, summary=summary, metrics=metrics, manifest={})
    complete_outputs(out)
    shutil.rmtree(out)
