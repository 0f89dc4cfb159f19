"""actuarial report: the page opens in headless Chromium with every chart drawn and no console error, and the
workbook holds one sheet per table with units in the headers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT

ACTUARIAL = Path(sys.executable).parent / "actuarial"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ACTUARIAL), *args], cwd=ROOT, capture_output=True, text=True, timeout=900)


def baseline_to(folder: Path, end_year: int) -> Path:
    """A scenario file in ``folder``: the China baseline to ``end_year`` (a short run for report tests)."""
    scenario = folder / f"to{end_year}.yaml"
    scenario.write_text(f"scenario:\n  name: to{end_year}\n  description: baseline to {end_year}\n"
                        f"  assumptions: {ROOT / 'assumptions' / 'china'}\n  end_year: {end_year}\n", encoding="utf-8")
    return scenario


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    run = cli("run", str(baseline_to(folder, 2050)), "--out", str(folder / "run"))
    assert run.returncode == 0, run.stderr
    made = cli("report", str(folder / "run"), "--out", str(folder / "report"))
    assert made.returncode == 0, made.stderr
    return folder / "report"


def test_the_page_renders_every_chart_in_chromium_without_console_errors(report):
    sync_api = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).is_file(), "Chromium is needed for this test (.ci/run installs Debian's chromium)"
    errors = []
    with sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_())
        page.goto((report / "report.html").as_uri())
        charts = page.query_selector_all("figure.chart")
        drawn = [(chart.query_selector("figcaption").inner_text(), chart.query_selector("svg").bounding_box(),
                  len(chart.query_selector_all("svg path"))) for chart in charts]
        browser.close()
    assert len(drawn) >= 7                                   # pyramids, statuses, balances, ratios, payable, rates
    for caption, box, paths in drawn:
        assert box["width"] > 200 and box["height"] > 100, caption
        assert paths > 10, caption                           # axes, ticks and the data themselves
    assert errors == []


def test_the_workbook_has_a_sheet_per_table_with_units(report):
    sheets = pd.read_excel(report / "report.xlsx", sheet_name=None)
    assert {"summary", "metrics", "assumptions", "manifest"} <= set(sheets)
    assert "pension_fund_balance (yuan)" in sheets["summary"].columns
    assert {"assumption", "status", "source or reason"} <= set(sheets["assumptions"].columns)
    assert (sheets["assumptions"]["source or reason"].str.len() > 0).all()


def test_report_of_a_folder_without_a_run_is_one_line(tmp_path):
    result = cli("report", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "projection.nc: not found" in result.stderr
