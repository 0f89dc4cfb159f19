"""What each command writes, checked and committed through an :class:`~actuarial.report.outputs.OutputFolder`.

Every writer checks its results first (:mod:`actuarial.report.checks`: no ±inf anywhere; NaN only where it
has a documented meaning) and then commits all its files at once, with ``manifest.json``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Mapping

import numpy as np
import pandas as pd
import xarray as xr

from actuarial.report.checks import (
    COMPARISON_MISSING,
    FINITE_RULE,
    OutputError,
    check_dataset,
    check_metrics,
    check_table,
    summary_missing,
)
from actuarial.report.outputs import OutputFolder
from actuarial.simulation.statistics import StochasticTables


def _opened(out: OutputFolder | str | os.PathLike, commit: Callable[[OutputFolder], list[Path]]) -> list[Path]:
    if isinstance(out, OutputFolder):
        return commit(out)
    with OutputFolder(out) as folder:
        return commit(folder)


def _csv(table: pd.DataFrame) -> Callable[[Path], None]:
    return lambda path: table.to_csv(path, index=False, float_format="%.10g")


def _netcdf(dataset: xr.Dataset) -> Callable[[Path], None]:
    return lambda path: dataset.to_netcdf(path, engine="netcdf4")


def write_run(out: OutputFolder | str | os.PathLike, *, projection: xr.Dataset, summary: pd.DataFrame,
              metrics: pd.DataFrame, manifest: Mapping, stochastic: StochasticTables | None = None) -> list[Path]:
    """Check, then write ``projection.nc``, ``summary.csv``, ``metrics.csv`` and ``manifest.json`` as ``out``
    (an open :class:`OutputFolder`, or a path to open one on); with ``stochastic``, also ``paths.nc``,
    ``percentiles.csv``, ``percentiles.nc``, ``depletion_probability.csv`` and ``metric_percentiles.csv``.

    Raises
    ------
    OutputError
        ±inf in any output, or NaN where it has no documented meaning (nothing is written).
    """
    def commit(folder: OutputFolder) -> list[Path]:
        check_dataset(projection, folder.path / "projection.nc")
        check_table(summary, folder.path / "summary.csv", key="year", missing=summary_missing())
        check_metrics(metrics, folder.path / "metrics.csv")
        writers = {"projection.nc": _netcdf(projection), "summary.csv": _csv(summary), "metrics.csv": _csv(metrics)}
        if stochastic is not None:
            writers.update(_stochastic_writers(folder, stochastic))
        return folder.commit(writers, manifest)
    return _opened(out, commit)


def _stochastic_writers(folder: OutputFolder, tables: StochasticTables) -> dict[str, Callable[[Path], None]]:
    """Check the stochastic tables (no ±inf; NaN only where :mod:`actuarial.simulation.statistics` says what it
    means) and return their writers."""
    check_table(tables.percentiles, folder.path / "percentiles.csv", key="year", missing=summary_missing())
    check_table(tables.depletion, folder.path / "depletion_probability.csv", key="year", missing={})
    quantile_columns = [column for column in tables.metrics.columns if column.startswith("q")]
    check_table(tables.metrics, folder.path / "metric_percentiles.csv", key="metric",
                missing=dict.fromkeys(["mean", *quantile_columns], "no path has a value, a year metric, or the "
                                      "quantile falls after the horizon"))
    for name, array in tables.paths.data_vars.items():
        if np.isinf(array.values).any():
            raise OutputError(f"{folder.path / 'paths.nc'}: variable {name} holds ±inf; {FINITE_RULE}")
    return {"paths.nc": _netcdf(tables.paths), "percentiles.csv": _csv(tables.percentiles),
            "percentiles.nc": _netcdf(tables.percentile_dataset),
            "depletion_probability.csv": _csv(tables.depletion), "metric_percentiles.csv": _csv(tables.metrics)}


def write_comparison(out: OutputFolder | str | os.PathLike, *, table: pd.DataFrame, dataset: xr.Dataset,
                     manifest: Mapping, stochastic: Mapping[str, pd.DataFrame] | None = None) -> list[Path]:
    """Check, then write ``comparison.csv``, ``comparison.nc`` and ``manifest.json`` as ``out``; with
    ``stochastic`` (file name -> table: ``comparison_paths.csv``, ``comparison_percentiles.csv``,
    ``comparison_depletion_probability.csv``), those too."""
    def commit(folder: OutputFolder) -> list[Path]:
        check_table(table, folder.path / "comparison.csv", key="option", missing=COMPARISON_MISSING)
        check_dataset(dataset, folder.path / "comparison.nc")
        writers = {"comparison.csv": _csv(table), "comparison.nc": _netcdf(dataset)}
        for name, frame in (stochastic or {}).items():
            numbers = frame.select_dtypes("number").to_numpy()
            if np.isinf(numbers).any():
                raise OutputError(f"{folder.path / name}: holds ±inf; {FINITE_RULE}")
            writers[name] = _csv(frame)
        return folder.commit(writers, manifest)
    return _opened(out, commit)


def write_optimisation(out: OutputFolder | str | os.PathLike, *, sizes: pd.DataFrame, fund: xr.Dataset | None,
                       manifest: Mapping, paths: pd.DataFrame | None = None) -> list[Path]:
    """Check, then write ``optimal_mix.csv`` (instrument, size), ``optimal_fund.nc`` (the verified run of a
    deterministic target), ``optimal_paths.csv`` (a stochastic target's re-run checks per path) and
    ``manifest.json``."""
    def commit(folder: OutputFolder) -> list[Path]:
        check_table(sizes, folder.path / "optimal_mix.csv", key="instrument", missing={})
        writers = {"optimal_mix.csv": _csv(sizes)}
        if fund is not None:
            check_dataset(fund, folder.path / "optimal_fund.nc")
            writers["optimal_fund.nc"] = _netcdf(fund)
        if paths is not None:
            check_table(paths, folder.path / "optimal_paths.csv", key="path", missing={})
            writers["optimal_paths.csv"] = _csv(paths)
        return folder.commit(writers, manifest)
    return _opened(out, commit)


YEAR_METRIC_MISSING = "the event does not happen within the horizon (a year metric)"


def write_sensitivity(out: OutputFolder | str | os.PathLike, *, results: pd.DataFrame, tornado: pd.DataFrame | None,
                      grid: xr.Dataset | None, manifest: Mapping) -> list[Path]:
    """Check, then write ``sensitivity.csv`` (every case and metric), ``tornado.csv`` (tornado studies) or
    ``grid.nc`` (grid studies) and ``manifest.json``.  NaN is written only for year metrics (depletion,
    first deficit), where it means the event does not happen within the horizon."""
    def allowed(metric: str) -> bool:
        return metric.endswith("_year") or "_year_" in metric

    def commit(folder: OutputFolder) -> list[Path]:
        for table, name in ((results, "sensitivity.csv"), (tornado, "tornado.csv")):
            if table is None:
                continue
            numbers = table.select_dtypes("number")
            bad = ~np.isfinite(numbers.to_numpy()) & ~table["metric"].map(allowed).to_numpy()[:, None]
            if bad.any():
                row = int(np.argwhere(bad)[0][0])
                raise OutputError(f"{folder.path / name}: metric {table['metric'].iloc[row]} is not finite in row "
                                  f"{row + 1}; {FINITE_RULE}")
        writers = {"sensitivity.csv": _csv(results)}
        if tornado is not None:
            writers["tornado.csv"] = _csv(tornado)
        if grid is not None:
            for name, array in grid.data_vars.items():
                if np.isinf(array.values).any() or (np.isnan(array.values).any() and not allowed(str(name))):
                    raise OutputError(f"{folder.path / 'grid.nc'}: variable {name} is not finite; {FINITE_RULE}")
                if allowed(str(name)):
                    array.attrs["missing"] = YEAR_METRIC_MISSING
            writers["grid.nc"] = _netcdf(grid)
        return folder.commit(writers, manifest)
    return _opened(out, commit)


def write_report(out: OutputFolder | str | os.PathLike, *, html: str, workbook: Callable[[Path], None],
                 manifest: Mapping) -> list[Path]:
    """Write ``report.html``, ``report.xlsx`` (``workbook(path)`` writes it) and ``manifest.json``."""
    def page(path: Path) -> None:
        path.write_text(html, encoding="utf-8")

    return _opened(out, lambda folder: folder.commit({"report.html": page, "report.xlsx": workbook}, manifest))


def write_diff(out: OutputFolder | str | os.PathLike, *, summary: pd.DataFrame, metrics: pd.DataFrame,
               manifest: Mapping) -> list[Path]:
    """Write ``diff_summary.csv``, ``diff_metrics.csv`` and ``manifest.json`` (NaN: a side without the
    value, or a ratio to zero)."""
    return _opened(out, lambda folder: folder.commit({"diff_summary.csv": _csv(summary),
                                                      "diff_metrics.csv": _csv(metrics)}, manifest))


__all__ = ["YEAR_METRIC_MISSING", "write_comparison", "write_diff", "write_optimisation", "write_report", "write_run",
           "write_sensitivity"]
