"""actuarial report on a stochastic run: fan charts (bands nested, lower quantile below upper), the probability
of depletion, the stochastic tables in the page and the workbook, all read without paths.nc; a run folder
without the stochastic files gives the deterministic report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from actuarial.report.document import load_run_outputs, report_charts, report_tables
from actuarial.report.fan_charts import (
    STOCHASTIC_FILES, StochasticOutputs, coverage_label, fan_chart, fan_columns, fan_series, load_stochastic,
    metric_range_table, quantile_bands)
from actuarial.variables import FUND_PREFIXES
from test_report_document import BROWSER_ARGS, CHROMIUM, baseline_to, cli

PATHS, SEED = 6, 3
FAN_INDICATORS = {"population", "old_age_dependency", "pension_reserve_ratio", "gdp", "average_wage"}


def fan_columns_expected(run_folder: Path) -> set[str]:
    """The indicators, and the balance of every fund the run's summary carries."""
    summary = pd.read_csv(run_folder / "summary.csv", nrows=1)
    balances = {f"{prefix}_fund_balance" for prefix, _ in FUND_PREFIXES.values()}
    return FAN_INDICATORS | (balances & set(summary.columns))


@pytest.fixture(scope="module")
def stochastic_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stochastic_report")
    run = cli("run", str(baseline_to(folder, 2040)), "--out", str(folder / "run"), "--paths", str(PATHS), "--seed",
              str(SEED))
    assert run.returncode == 0, run.stderr
    (folder / "run" / "paths.nc").unlink()              # the report reads the quantile tables only
    made = cli("report", str(folder / "run"), "--out", str(folder / "report"))
    assert made.returncode == 0, made.stderr
    return folder


def test_fan_charts_render_in_chromium_with_nested_bands_and_no_console_errors(stochastic_run):
    sync_api = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).is_file(), "Chromium is needed for this test (.ci/run installs Debian's chromium)"
    errors, fans, depletion = [], {}, []
    with sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_())
        page.goto((stochastic_run / "report" / "report.html").as_uri())
        for chart in page.query_selector_all("figure.chart"):
            caption = chart.query_selector("figcaption").inner_text()
            svg = chart.query_selector("svg")
            box, paths = svg.bounding_box(), len(chart.query_selector_all("svg path"))
            assert box["width"] > 200 and box["height"] > 100 and paths > 10, caption
            median = chart.query_selector("g[id$='-median']")
            if median is not None:
                column = median.get_attribute("id").removesuffix("-median")
                bands = {float(band.get_attribute("id").rsplit("-", 1)[1]): band.bounding_box()
                         for band in chart.query_selector_all(f"g[id^='{column}-band-']")}
                fans[column] = (bands, median.bounding_box(),
                                chart.query_selector(f"g[id='{column}-deterministic']").bounding_box())
            depletion += [line.get_attribute("id") for line in chart.query_selector_all("g[id^='depletion-']")]
        text = page.inner_text("body")
        browser.close()
    assert errors == []
    assert set(fans) == fan_columns_expected(stochastic_run / "run") and "pension_fund_balance" in fans
    for column, (bands, median, deterministic) in fans.items():
        assert sorted(bands) == [50.0, 80.0, 90.0, 95.0], column
        assert median["width"] > 100 and deterministic["width"] > 100, column
        widest_first = [bands[coverage] for coverage in sorted(bands, reverse=True)]
        for outer, inner in zip(widest_first, widest_first[1:]):      # each band inside the wider one (pixels)
            assert inner["y"] >= outer["y"] - 1.0 and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 1.0, column
    funds = pd.read_csv(stochastic_run / "run" / "depletion_probability.csv").columns.drop("year")
    assert sorted(depletion) == sorted(f"depletion-{fund}" for fund in funds) and "pension_employee" in funds
    assert f"Stochastic run: {PATHS} paths, seed {SEED}" in text


def test_quantile_bands_are_ordered_in_the_data(stochastic_run):
    run = load_run_outputs(stochastic_run / "run")
    stochastic = run.stochastic
    assert (stochastic.paths, stochastic.seed) == (PATHS, SEED)
    expected = fan_columns_expected(stochastic_run / "run")
    assert set(fan_columns(stochastic)) == expected
    for column in expected:
        series = fan_series(stochastic, column)
        lower_bound, upper_bound = series[0.5], series[0.5]
        for low, high in reversed(stochastic.bands):                  # narrowest first
            lower, upper = series[low], series[high]
            assert (lower <= upper + 1e-9 * upper.abs()).all(), (column, low, high)
            assert (lower <= lower_bound + 1e-9 * lower.abs()).all() and (upper >= upper_bound - 1e-9 * upper.abs()).all()
            lower_bound, upper_bound = lower, upper


def test_workbook_has_the_stochastic_tables_with_units_and_the_paths_and_seed(stochastic_run):
    sheets = pd.read_excel(stochastic_run / "report" / "report.xlsx", sheet_name=None)
    assert {"summary", "metrics", "stochastic run", "depletion years and balances", "percentiles",
            "depletion probability", "metric percentiles"} <= set(sheets)
    assert "population (persons)" in sheets["percentiles"].columns
    assert "pension_reserve_ratio (years_of_expenditure)" in sheets["percentiles"].columns
    assert set(sheets["percentiles"]["year"]) == set(range(2024, 2041))    # every year in the workbook
    assert "pension_employee (share of paths depleted)" in sheets["depletion probability"].columns
    assert {"unit", "q0.025", "q0.975"} <= set(sheets["metric percentiles"].columns)
    run = dict(zip(sheets["stochastic run"]["key"], sheets["stochastic run"]["value"].astype(str)))
    assert (run["paths"], run["seed"]) == (str(PATHS), str(SEED))
    table = sheets["depletion years and balances"]
    assert {"fund", "metric", "unit", "deterministic", "median", "80 % range, low", "80 % range, high"} <= set(table.columns)
    balance = table[(table["fund"] == "UEBPI fund") & (table["metric"] == "actuarial_balance")].iloc[0]
    assert balance["unit"] == "fraction_of_base"
    assert float(balance["80 % range, low"]) <= float(balance["median"]) <= float(balance["80 % range, high"])
    assert (table[table["metric"] == "depletion_year"]["unit"] == "year").all()


def test_the_quantiles_the_run_chose_are_paired_and_labelled(stochastic_run):
    assert quantile_bands([0.05, 0.1, 0.3, 0.5, 0.9, 0.95]) == [(0.05, 0.95), (0.1, 0.9)]
    assert quantile_bands([0.5]) == [] and coverage_label(0.025, 0.975) == "95 %"
    run = load_run_outputs(stochastic_run / "run")
    full = run.stochastic
    kept = [0.05, 0.5, 0.95]
    metrics = full.metrics.drop(columns=[c for c in full.metrics if c.startswith("q") and float(c[1:]) not in kept])
    chosen = StochasticOutputs(percentiles=full.percentiles[full.percentiles["quantile"].isin(kept)],
                               depletion=full.depletion, metrics=metrics, paths=PATHS, seed=SEED)
    assert chosen.bands == [(0.05, 0.95)]
    title, svg = fan_chart(chosen, run.summary, "population")
    assert "population-band-90" in svg and "population-band-95" not in svg and f"{PATHS} paths, seed {SEED}" in title
    table = metric_range_table(chosen, run.metrics, 2040)
    assert {"90 % range, low", "90 % range, high"} <= set(table.columns)
    never = table[(table["fund"] == "URRBMI fund") & (table["metric"] == "depletion_year")].iloc[0]
    assert never["median"] == "after 2040"


def test_a_run_folder_without_the_stochastic_files_gives_the_deterministic_report(stochastic_run, tmp_path):
    stochastic = load_run_outputs(stochastic_run / "run")
    plain = tmp_path / "run"
    shutil.copytree(stochastic_run / "run", plain)
    for name in (*STOCHASTIC_FILES, "percentiles.nc"):
        (plain / name).unlink()
    manifest = json.loads((plain / "manifest.json").read_text(encoding="utf-8"))
    assert load_stochastic(plain, manifest) is None
    deterministic = load_run_outputs(plain)
    titles = [title for title, _ in report_charts(deterministic)]
    fans = [title for title, _ in report_charts(stochastic) if title not in titles]
    assert len(fans) == len(fan_columns_expected(plain)) + 1 and all("paths, seed" in title for title in fans)
    assert list(report_tables(deterministic)) == ["summary", "metrics", "manifest"]
    assert np.isfinite(stochastic.stochastic.percentiles["population"]).all()
