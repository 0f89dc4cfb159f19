"""A run's report for readers: ``report.html`` (self-contained, charts as inline SVG) and ``report.xlsx``.

:func:`load_run_outputs` reads what ``actuarial run`` wrote (``projection.nc``, ``summary.csv``,
``metrics.csv``, ``manifest.json``) and, when the same folder or the extra folders given hold them, what
``compare`` (``comparison.csv``) and ``sensitivity`` (``tornado.csv``) wrote.  :func:`report_charts` draws
the charts (matplotlib, SVG text: the page needs no network and no script); :func:`report_tables` gives the
tables with their units; :func:`render_html` and :func:`write_workbook` assemble them.  Reading and drawing
only: no model run here.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from actuarial.report.checks import OutputError
from actuarial.report.fan_charts import (
    StochasticOutputs, coverage_label, load_stochastic, stochastic_charts, stochastic_tables)
from actuarial.report.figures import new_figure, svg_text
from actuarial.variables import FUND_PREFIXES, VARIABLES

PYRAMID_YEARS = (2024, 2050, 2100)
RUN_FILES = ("projection.nc", "summary.csv", "metrics.csv", "manifest.json")
EXTRA_FILES = ("comparison.csv", "tornado.csv")
SUMMARY_YEARS = (2024, 2030, 2035, 2040, 2050, 2060, 2075, 2100)


@dataclass
class RunOutputs:
    """What a run folder (and the extra folders) hold."""

    folder: Path
    projection: xr.Dataset
    summary: pd.DataFrame
    metrics: pd.DataFrame
    manifest: dict
    extras: dict[str, pd.DataFrame] = field(default_factory=dict)
    stochastic: StochasticOutputs | None = None   # percentiles, depletion, metric quantiles of a run with paths


def load_run_outputs(folder: str | Path, extra: tuple[str | Path, ...] = ()) -> RunOutputs:
    """Read a run folder; a missing file is a one-line error naming it."""
    folder = Path(folder)
    for name in RUN_FILES:
        if not (folder / name).is_file():
            raise OutputError(f"{folder / name}: not found; RUN_DIR must hold the outputs of 'actuarial run' "
                              f"({', '.join(RUN_FILES)})")
    extras = {}
    for place in (folder, *map(Path, extra)):
        for name in EXTRA_FILES:
            if (place / name).is_file():
                extras[name] = pd.read_csv(place / name)
    with xr.open_dataset(folder / "projection.nc") as data:
        projection = data.load()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return RunOutputs(folder=folder, projection=projection, summary=pd.read_csv(folder / "summary.csv"),
                      metrics=pd.read_csv(folder / "metrics.csv"), manifest=manifest, extras=extras,
                      stochastic=load_stochastic(folder, manifest))


# --------------------------------------------------------------------------- charts
def _pyramids(projection: xr.Dataset) -> tuple[str, str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    years = [y for y in PYRAMID_YEARS if y in projection["year"].values]
    figure, axes = plt.subplots(1, len(years), figsize=(3.3 * len(years), 3.6), sharey=True)
    axes = np.atleast_1d(axes)
    top = float(projection["population"].sel(year=years).max()) / 1e6
    for axis, year in zip(axes, years):
        people = projection["population"].sel(year=year) / 1e6
        ages = people["age"].values
        axis.barh(ages, -people.sel(sex="male").values, height=1.0, color="#4e79a7", label="men")
        axis.barh(ages, people.sel(sex="female").values, height=1.0, color="#e15759", label="women")
        axis.set_xlim(-top * 1.05, top * 1.05)
        axis.set_title(str(year))
        axis.set_xlabel("million persons")
    axes[0].set_ylabel("age (100 = 100 and over)")
    axes[0].legend(loc="upper left", fontsize=8)
    return "Population by sex and single age at 31 December", svg_text(figure)


def _lines(title: str, series: dict[str, xr.DataArray], unit: str, scale: float = 1.0, zero: bool = False) -> tuple[str, str]:
    figure, axis = new_figure()
    for name, values in series.items():
        axis.plot(values["year"].values, values.values / scale, label=name)
    if zero:
        axis.axhline(0.0, color="black", linewidth=0.6)
    axis.set_ylabel(unit)
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8, ncol=2)
    return title, svg_text(figure)


def _bars(title: str, labels: list[str], values: np.ndarray, unit: str, low=None, high=None) -> tuple[str, str]:
    figure, axis = new_figure(7.0, 0.35 * len(labels) + 1.2)
    y = np.arange(len(labels))
    if low is not None:
        axis.barh(y, np.asarray(high) - np.asarray(low), left=low, color="#76b7b2")
        axis.axvline(float(values[0]), color="black", linewidth=0.8)
    else:
        axis.barh(y, values, color="#4e79a7")
    axis.set_yticks(y, labels, fontsize=8)
    axis.invert_yaxis()
    axis.set_xlabel(unit)
    axis.grid(alpha=0.3, axis="x")
    return title, svg_text(figure)


def report_charts(run: RunOutputs) -> list[tuple[str, str]]:
    """(title, inline SVG) of every chart the run supports."""
    p = run.projection
    charts = [_pyramids(p)]
    employment = p["employment"].sum(["sex", "age"])
    charts.append(_lines("Persons by labour status at 31 December",
                         {str(s): employment.sel(status=s) for s in employment["status"].values}, "million persons", 1e6))
    balances, ratios, payable = {}, {}, {}
    for fund, (prefix, name) in FUND_PREFIXES.items():
        closed, benefits = f"{prefix}_fund_balance_closed", f"{prefix}_benefits"
        if closed not in p:
            continue
        balances[name] = p[closed] / p["gdp"]
        payable[name] = p[f"{prefix}_benefits_payable_share"]
        if benefits in p and p[benefits].dims == ("year",):
            ratios[name] = (p[closed] / p[benefits].shift(year=-1)).dropna("year")
    charts.append(_lines("Fund balances at 31 December, share of GDP (closed: never below zero; spending is cut or "
                         "backed once the reserve is gone)", balances, "fraction of GDP"))
    charts.append(_lines("Reserve ratios: closed balance / next year's expenditure", ratios, "years of expenditure"))
    charts.append(_lines("Share of scheduled expenditure payable from each fund's own resources", payable, "fraction"))
    base = p["pension_contribution_base"]
    charts.append(_lines("UEBPI cost and income rates (share of the contribution base)", {
        "cost rate (benefits)": p["pension_benefits"] / base,
        "income rate (contributions)": p["pension_contributions"] / base,
        "income rate with the fiscal subsidy": (p["pension_contributions"] + p["pension_fiscal_subsidy"]) / base},
        "fraction of base"))
    metrics = run.metrics[run.metrics["scheme"] == "pension_employee"].set_index("metric")["value"]
    rates = {int(m.rsplit("_", 1)[1]): v for m, v in metrics.items()
             if m.startswith("replacement_rate_") and m.rsplit("_", 1)[1].isdigit()}
    if rates:
        charts.append(_bars("UEBPI replacement rate (mean pension in payment / average wage)",
                            [str(year) for year in sorted(rates)], np.array([rates[y] for y in sorted(rates)]), "ratio"))
    if run.stochastic is not None:
        charts.extend(stochastic_charts(run.stochastic, run.summary))
    if "comparison.csv" in run.extras:
        table = run.extras["comparison.csv"]
        cost = [c for c in table.columns if "cost" in c and "pv" in c]
        if cost:
            charts.append(_bars(f"Financing options: {cost[0]}", table["option"].astype(str).tolist(),
                                table[cost[0]].to_numpy(dtype=float), cost[0]))
    if "tornado.csv" in run.extras:
        tornado = run.extras["tornado.csv"]
        for metric, part in tornado.groupby("metric", sort=False):
            charts.append(_bars(f"Tornado: {metric} (line: baseline)", part["parameter"].tolist(),
                                part["baseline"].to_numpy(dtype=float), metric, low=part["low"].to_numpy(dtype=float),
                                high=part["high"].to_numpy(dtype=float)))
    return charts


# --------------------------------------------------------------------------- tables
def _unit(name: str) -> str:
    variable = VARIABLES.get(name)
    return variable.units if variable is not None else ""


def report_tables(run: RunOutputs, assumptions: pd.DataFrame | None = None,
                  validation: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The report's tables, headers carrying units (``name (unit)``)."""
    summary = run.summary[run.summary["year"].isin(SUMMARY_YEARS)]
    summary = summary.rename(columns={c: f"{c} ({_unit(c)})" if _unit(c) else c for c in summary.columns})
    tables = {"summary": summary.reset_index(drop=True), "metrics": run.metrics}
    if run.stochastic is not None:
        tables.update(stochastic_tables(run.stochastic, run.metrics, run.manifest.get("end_year")))
    for name, table in run.extras.items():
        tables[name.removesuffix(".csv")] = table
    if assumptions is not None:
        tables["assumptions"] = assumptions
    if validation is not None:
        tables["validation"] = validation
    tables["manifest"] = pd.DataFrame({"key": list(run.manifest),
                                       "value": [json.dumps(v) if isinstance(v, (list, dict)) else str(v)
                                                 for v in run.manifest.values()]})
    return tables


def assumption_table(assumptions) -> pd.DataFrame:
    """Name, description, unit, status and source (first reference, or the reason) of every assumption."""
    rows = []
    for name in sorted(assumptions.items):
        item = assumptions[name]
        source = "; ".join(ref.title + (f", {ref.locator}" if ref.locator else "") for ref in item.references)
        rows.append({"assumption": name, "description": item.description, "unit": item.unit, "status": item.status,
                     "source or reason": source or (item.reason or "")})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- documents
STYLE = ("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
         "table{border-collapse:collapse;font-size:12px;margin-bottom:2em}"
         "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#f3f3f3}"
         "td:first-child,th:first-child{text-align:left}figure{margin:1.5em 0}figcaption{font-weight:bold}"
         ".wide{overflow-x:auto}")


PAGE_SELECTED_YEARS = ("percentiles",)
"""Tables the page shows for :data:`SUMMARY_YEARS` only (the workbook keeps every year)."""


def _stochastic_note(run: RunOutputs) -> str:
    """The page's paragraph on a stochastic run (empty for a deterministic one)."""
    if run.stochastic is None:
        return ""
    bands = ", ".join(coverage_label(low, high) for low, high in run.stochastic.bands)
    return (f"<p>Stochastic run: {run.stochastic.paths} paths, seed {run.stochastic.seed}, quantiles "
            f"{', '.join(f'{q:g}' for q in run.stochastic.quantiles)}. Fan charts shade the {bands or 'no'} "
            "ranges between symmetric quantiles, draw the median as a solid line and the deterministic run as a "
            "dashed one.</p>")


def render_html(run: RunOutputs, charts: list[tuple[str, str]], tables: dict[str, pd.DataFrame]) -> str:
    """One self-contained page: title, charts (inline SVG), tables."""
    title = f"actuarial run {run.manifest.get('scenario', '')}: {run.manifest.get('assumption_set', '')}"
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
             f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>",
             f"<p>Scenario file {html.escape(str(run.manifest.get('scenario_file')))}, assumption set hash "
             f"{html.escape(str(run.manifest.get('assumption_set_hash', ''))[:12])}; money in nominal yuan unless "
             "a header says otherwise.</p>" + _stochastic_note(run) + "<h2>Charts</h2>"]
    for i, (caption, svg) in enumerate(charts):
        parts.append(f"<figure class='chart' id='chart-{i}'><figcaption>{html.escape(caption)}</figcaption>{svg}</figure>")
    for name, table in tables.items():
        if name in PAGE_SELECTED_YEARS and "year" in table:
            table = table[table["year"].isin(SUMMARY_YEARS)]
            name = f"{name} (years {', '.join(map(str, SUMMARY_YEARS))}; every year in report.xlsx)"
        parts.append(f"<h2>{html.escape(name)}</h2><div class='wide'>"
                     + table.to_html(index=False, na_rep="", float_format=lambda v: f"{v:.6g}", border=0) + "</div>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_workbook(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """One sheet per table (sheet names cut to Excel's 31 characters)."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in tables.items():
            table.to_excel(writer, sheet_name=name[:31], index=False)


__all__ = ["RunOutputs", "assumption_table", "load_run_outputs", "render_html", "report_charts", "report_tables",
           "write_workbook"]
