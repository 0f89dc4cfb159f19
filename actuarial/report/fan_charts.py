"""The stochastic part of the report: fan charts, the probability of depletion and the tables of a run with paths.

A stochastic run (``actuarial run --paths N``) writes, beside the deterministic files, ``percentiles.csv``
(quantile, year, every summary column), ``depletion_probability.csv`` (year, then per fund the share of paths
depleted by that year) and ``metric_percentiles.csv`` (scheme, metric, unit, share_with_value, mean,
``q0.025`` ...).  :func:`load_stochastic` reads those three small tables only, never ``paths.nc``, so the
report's time does not grow with the number of paths.  The quantiles are whatever the run chose
(``--quantiles``): symmetric pairs (q, 1 - q) become shaded bands labelled with their coverage
(1 - 2q: 2.5-97.5 % is the 95 % range), the 0.5 quantile the median line, and the deterministic run's
line (``summary.csv``) is drawn over them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from actuarial.report.figures import new_figure, svg_text
from actuarial.variables import FUND_PREFIXES, VARIABLES

STOCHASTIC_FILES = ("percentiles.csv", "depletion_probability.csv", "metric_percentiles.csv")
FAN_COLOUR = "#4e79a7"
RANGE_COVERAGE = 0.8
"""The range the metric table shows beside the median (the CBO's 80 % range), or the band nearest to it."""
TABLE_METRICS = ("depletion_year", "actuarial_balance", "depletion_year_without_subsidy",
                 "actuarial_balance_without_subsidy")
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class StochasticOutputs:
    """The stochastic tables of a run folder (a missing ``depletion_probability.csv`` or
    ``metric_percentiles.csv`` is ``None``) and the run's number of paths and seed (``manifest.json``)."""

    percentiles: pd.DataFrame
    depletion: pd.DataFrame | None
    metrics: pd.DataFrame | None
    paths: int | None
    seed: int | None

    @property
    def quantiles(self) -> tuple[float, ...]:
        return tuple(sorted(float(q) for q in self.percentiles["quantile"].unique()))

    @property
    def bands(self) -> list[tuple[float, float]]:
        return quantile_bands(self.quantiles)

    @property
    def label(self) -> str:
        """"40 paths, seed 1" (what the manifest says)."""
        return f"{self.paths if self.paths is not None else '?'} paths, seed {self.seed if self.seed is not None else '?'}"


def load_stochastic(folder: str | Path, manifest: dict) -> StochasticOutputs | None:
    """The stochastic tables of ``folder``, or ``None`` when it holds no ``percentiles.csv`` (a deterministic run)."""
    folder = Path(folder)
    if not (folder / "percentiles.csv").is_file():
        return None
    optional = {name: pd.read_csv(folder / name) if (folder / name).is_file() else None for name in STOCHASTIC_FILES[1:]}
    return StochasticOutputs(percentiles=pd.read_csv(folder / "percentiles.csv"),
                             depletion=optional["depletion_probability.csv"],
                             metrics=optional["metric_percentiles.csv"],
                             paths=manifest.get("paths"), seed=manifest.get("seed"))


# --------------------------------------------------------------------------- bands
def quantile_bands(quantiles) -> list[tuple[float, float]]:
    """The symmetric pairs (q, 1 - q) with q < 0.5 among ``quantiles``, widest first."""
    values = sorted(float(q) for q in quantiles)
    return [(low, high) for low in values if low < 0.5 for high in values if abs(high - (1.0 - low)) < _TOLERANCE]


def coverage_label(low: float, high: float) -> str:
    """'95 %' for (0.025, 0.975)."""
    return f"{round((high - low) * 100, 4):g} %"


def _median(quantiles) -> float | None:
    return next((q for q in quantiles if abs(q - 0.5) < _TOLERANCE), None)


def fan_series(stochastic: StochasticOutputs, column: str) -> dict[float, pd.Series]:
    """Quantile -> the column's values by year (index ``year``)."""
    table = stochastic.percentiles
    return {float(q): part.set_index("year")[column].sort_index() for q, part in table.groupby("quantile")}


# --------------------------------------------------------------------------- charts
def _unit(column: str) -> str:
    variable = VARIABLES.get(column)
    return variable.units if variable is not None else ""


def _title(column: str) -> str:
    variable = VARIABLES.get(column)
    return variable.long_name if variable is not None else column


def fan_chart(stochastic: StochasticOutputs, summary: pd.DataFrame, column: str, *, scale: float = 1.0,
              unit: str | None = None, zero: bool = False) -> tuple[str, str]:
    """(title, SVG) of one summary column: a shaded band per symmetric quantile pair, the median and the
    deterministic run.  SVG groups are named ``{column}-band-{coverage}``, ``{column}-median`` and
    ``{column}-deterministic`` (the report's browser test reads them)."""
    series = fan_series(stochastic, column)
    figure, axis = new_figure()
    bands = stochastic.bands
    for depth, (low, high) in enumerate(bands):
        lower, upper = series[low].dropna(), series[high].dropna()
        years = lower.index.intersection(upper.index)
        axis.fill_between(years.to_numpy(), lower[years].to_numpy() / scale, upper[years].to_numpy() / scale,
                          color=FAN_COLOUR, alpha=0.15 + 0.45 * depth / max(len(bands), 1), linewidth=0,
                          label=f"{coverage_label(low, high)} range", gid=f"{column}-band-{coverage_label(low, high)[:-2]}")
    median = _median(series)
    if median is not None:
        values = series[median].dropna()
        axis.plot(values.index.to_numpy(), values.to_numpy() / scale, color="#1f3b5a", linewidth=1.6,
                  label="median", gid=f"{column}-median")
    if column in summary.columns:
        axis.plot(summary["year"].to_numpy(), summary[column].to_numpy(dtype=float) / scale, color="black",
                  linewidth=1.0, linestyle="--", label="deterministic run", gid=f"{column}-deterministic")
    if zero:
        axis.axhline(0.0, color="black", linewidth=0.6)
    axis.set_ylabel(unit if unit is not None else _unit(column))
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8, ncol=2)
    return f"Fan chart: {_title(column)} ({stochastic.label})", svg_text(figure)


def fund_name(label: str) -> str:
    """A depletion column (``pension_employee``, ``pension_employee_without_subsidy``) in words."""
    scheme = label.removesuffix("_without_subsidy")
    name = FUND_PREFIXES[scheme][1] if scheme in FUND_PREFIXES else scheme
    return name + (" without the budget subsidy" if label.endswith("_without_subsidy") else "")


def depletion_chart(stochastic: StochasticOutputs) -> tuple[str, str]:
    """(title, SVG): per fund, the share of paths whose fund has been depleted by each year."""
    table = stochastic.depletion
    figure, axis = new_figure()
    for fund in table.columns.drop("year"):
        axis.step(table["year"].to_numpy(), table[fund].to_numpy(dtype=float), where="post", label=fund_name(fund),
                  gid=f"depletion-{fund}")
    axis.set_ylim(-0.03, 1.03)
    axis.set_ylabel("probability")
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8, loc="upper left")
    return (f"Probability that each fund has been depleted by the year (share of paths; {stochastic.label})",
            svg_text(figure))


FAN_COLUMNS = {  # column: (scale, unit shown); the funds' balances follow
    "population": (1e6, "million persons"),
    "old_age_dependency": (1.0, None),
    "pension_reserve_ratio": (1.0, "years of expenditure"),
    "gdp": (1e12, "trillion yuan (current prices)"),
    "average_wage": (1e3, "thousand yuan per year"),
}


def fan_columns(stochastic: StochasticOutputs) -> dict[str, tuple[float, str | None, bool]]:
    """Column -> (scale, unit, zero line) of every fan chart the run's percentiles support."""
    columns = {name: (scale, unit, name == "pension_reserve_ratio") for name, (scale, unit) in FAN_COLUMNS.items()}
    for prefix, _ in FUND_PREFIXES.values():
        columns[f"{prefix}_fund_balance"] = (1e12, "trillion yuan", True)
    return {name: spec for name, spec in columns.items() if name in stochastic.percentiles.columns}


def stochastic_charts(stochastic: StochasticOutputs, summary: pd.DataFrame) -> list[tuple[str, str]]:
    """The fan charts, then the probability of depletion."""
    charts = [fan_chart(stochastic, summary, column, scale=scale, unit=unit, zero=zero)
              for column, (scale, unit, zero) in fan_columns(stochastic).items()]
    if stochastic.depletion is not None and len(stochastic.depletion.columns) > 1:
        charts.append(depletion_chart(stochastic))
    return charts


# --------------------------------------------------------------------------- tables
def _range_pair(quantiles) -> tuple[float, float] | None:
    bands = quantile_bands(quantiles)
    return min(bands, key=lambda band: abs((band[1] - band[0]) - RANGE_COVERAGE)) if bands else None


def metric_range_table(stochastic: StochasticOutputs, metrics: pd.DataFrame, end_year: int | None) -> pd.DataFrame:
    """Depletion years and actuarial balances per fund: deterministic value, median and the 80 % range (or the
    band nearest to it), units in their column; a depletion year beyond the horizon reads 'after END'."""
    table = stochastic.metrics
    quantiles = sorted(float(c[1:]) for c in table.columns if c.startswith("q"))
    column = {q: next(c for c in table.columns if c.startswith("q") and abs(float(c[1:]) - q) < _TOLERANCE)
              for q in quantiles}
    pair, median = _range_pair(quantiles), _median(quantiles)
    deterministic = metrics.set_index(["scheme", "metric"])["value"] if {"scheme", "metric", "value"} <= set(metrics) else {}
    coverage = coverage_label(*pair) if pair else ""
    rows = []
    for _, row in table[table["metric"].isin(TABLE_METRICS)].iterrows():
        year = row["unit"] == "year"

        def shown(value, year=year):
            if year and not np.isfinite(value):
                return f"after {end_year}" if end_year is not None else "after the horizon"
            return int(value) if year else float(value)

        fund = row["scheme"] + ("_without_subsidy" if row["metric"].endswith("_without_subsidy") else "")
        record = {"fund": fund_name(fund), "metric": row["metric"].removesuffix("_without_subsidy"),
                  "unit": row["unit"],
                  "deterministic": shown(float(deterministic.get((row["scheme"], row["metric"]), np.nan))),
                  "share of paths with a value (years: depleted within the horizon)": float(row["share_with_value"])}
        if median is not None:
            record["median"] = shown(float(row[column[median]]))
        if pair:
            record[f"{coverage} range, low"] = shown(float(row[column[pair[0]]]))
            record[f"{coverage} range, high"] = shown(float(row[column[pair[1]]]))
        rows.append(record)
    return pd.DataFrame(rows)


def stochastic_tables(stochastic: StochasticOutputs, metrics: pd.DataFrame, end_year: int | None) -> dict[str, pd.DataFrame]:
    """The report's stochastic tables, units in the headers or in a ``unit`` column."""
    run = pd.DataFrame({"key": ["paths", "seed", "quantiles", "bands"],
                        "value": [str(stochastic.paths), str(stochastic.seed),
                                  ", ".join(f"{q:g}" for q in stochastic.quantiles),
                                  ", ".join(f"{coverage_label(low, high)} ({low:g}-{high:g})"
                                            for low, high in stochastic.bands)]})
    tables = {"stochastic run": run}
    if stochastic.metrics is not None:
        tables["depletion years and balances"] = metric_range_table(stochastic, metrics, end_year)
    percentiles = stochastic.percentiles
    tables["percentiles"] = percentiles.rename(columns={c: f"{c} ({_unit(c)})" for c in percentiles.columns
                                                     if _unit(c) and c not in ("year", "quantile")})
    if stochastic.depletion is not None:
        depletion = stochastic.depletion
        tables["depletion probability"] = depletion.rename(
            columns={c: f"{c} (share of paths depleted)" for c in depletion.columns if c != "year"})
    if stochastic.metrics is not None:
        tables["metric percentiles"] = stochastic.metrics
    return tables


__all__ = ["STOCHASTIC_FILES", "StochasticOutputs", "coverage_label", "depletion_chart", "fan_chart", "fan_columns",
           "fan_series", "load_stochastic", "metric_range_table", "quantile_bands", "stochastic_charts",
           "stochastic_tables"]
