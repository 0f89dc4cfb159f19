"""What a stochastic run reports from its per-path summaries (:func:`actuarial.simulation.simulate`).

* :func:`percentile_dataset`: every summary column's quantiles by year (``percentiles.csv``: year, quantile,
  columns; NaN where the summary column itself is missing, e.g. the base year's flows);
* :func:`depletion_probability`: for each fund, the share of paths whose fund has been depleted by each
  year (``depletion_probability.csv``); a fund is depleted in the year its own resources first fall short
  (the metric ``depletion_year``, on the borrowing basis for closed funds), and stays counted after, so the
  probability never falls with the year;
* :func:`metric_distribution`: quantiles over paths of every fund metric (``metric_percentiles.csv``),
  with the share of paths where the metric has a value.  Year metrics (depletion, first deficit) count
  "not within the horizon" as later than every year: their quantiles are the ``inverted_cdf`` order
  statistics (a year that happened on some path), NaN where the quantile falls after the horizon; other
  metrics take the linear quantile over the paths where they have a value.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from actuarial.demography.stochastic import QUANTILES


def check_quantiles(quantiles) -> tuple[float, ...]:
    """Sorted distinct quantiles strictly inside (0, 1); anything else is a ``ValueError`` naming the value."""
    values = tuple(sorted({float(q) for q in quantiles}))
    if not values:
        raise ValueError("at least one quantile is needed")
    for q in values:
        if not 0.0 < q < 1.0:
            raise ValueError(f"quantile {q:g} is outside (0, 1)")
    return values


def _summary(paths: xr.Dataset) -> xr.Dataset:
    return paths[[name for name, array in paths.data_vars.items() if array.dims == ("path", "year")]]


def percentile_dataset(paths: xr.Dataset, quantiles=QUANTILES) -> xr.Dataset:
    """Quantiles (quantile, year) of every per-path summary column."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="All-NaN slice encountered", category=RuntimeWarning)
        return _summary(paths).quantile(list(check_quantiles(quantiles)), dim="path").transpose("quantile", "year")


def _fund_label(scheme: str, metric: str) -> str:
    return scheme + metric.removeprefix("depletion_year")


def depletion_years(paths: xr.Dataset) -> xr.DataArray:
    """(path, fund) year of depletion (NaN: not within the horizon); funds named ``scheme`` or
    ``scheme_without_subsidy`` (the employee fund without the budget subsidy)."""
    metric = paths["metric"].values
    rows = [i for i, name in enumerate(metric) if str(name).startswith("depletion_year")]
    labels = [_fund_label(str(paths["scheme"].values[i]), str(metric[i])) for i in rows]
    values = paths["metric_value"].values[:, rows]
    return xr.DataArray(values, coords={"path": paths["path"].values, "fund": labels}, dims=("path", "fund"))


def depleted_by(depletion: np.ndarray, years) -> np.ndarray:
    """(year, fund) share of paths depleted in or before each year, from (path, fund) depletion years (NaN:
    not within the horizon)."""
    later = np.nan_to_num(np.asarray(depletion, dtype=float), nan=np.inf)
    return np.stack([(later <= year).mean(axis=0) for year in years])


def depletion_probability(paths: xr.Dataset) -> pd.DataFrame:
    """``depletion_probability.csv``: year, then per fund the share of paths depleted in or before that year."""
    years = paths["year"].values[1:]                         # projection years
    depleted = depletion_years(paths)
    shares = depleted_by(depleted.values, years)
    return pd.DataFrame({"year": years, **{str(fund): shares[:, i] for i, fund in enumerate(depleted["fund"].values)}})


def column_quantiles(column: np.ndarray, quantiles, *, year: bool) -> tuple[float, float, np.ndarray]:
    """(share of paths with a value, mean, quantiles) of one quantity over paths; ``year``: an event year where
    NaN means "not within the horizon" (order statistics, NaN where a quantile falls after the horizon, no
    mean); otherwise the linear quantiles and mean over the paths with a value."""
    finite = np.isfinite(column)
    share = float(finite.mean())
    if year:
        cut = np.quantile(np.where(finite, column, np.inf), quantiles, method="inverted_cdf")
        return share, np.nan, np.where(np.isinf(cut), np.nan, cut)
    if not finite.any():
        return share, np.nan, np.full(len(quantiles), np.nan)
    return share, float(column[finite].mean()), np.quantile(column[finite], quantiles)


def quantile_columns(quantiles) -> list[str]:
    return [f"q{q:g}" for q in quantiles]


def metric_distribution(paths: xr.Dataset, quantiles=QUANTILES) -> pd.DataFrame:
    """``metric_percentiles.csv``: scheme, metric, unit, share of paths with a value, mean, then one column per
    quantile (``q0.025`` ...)."""
    quantiles = check_quantiles(quantiles)
    values = paths["metric_value"].values
    records = []
    for row in range(values.shape[1]):
        unit = str(paths["unit"].values[row])
        share, mean, cut = column_quantiles(values[:, row], quantiles, year=unit == "year")
        records.append((str(paths["scheme"].values[row]), str(paths["metric"].values[row]), unit, share, mean, *cut))
    return pd.DataFrame(records, columns=["scheme", "metric", "unit", "share_with_value", "mean",
                                          *quantile_columns(quantiles)])


@dataclass(frozen=True)
class StochasticTables:
    """Everything a stochastic run writes besides the deterministic run's files."""

    paths: xr.Dataset                 # paths.nc
    percentiles: pd.DataFrame         # percentiles.csv
    percentile_dataset: xr.Dataset    # percentiles.nc
    depletion: pd.DataFrame           # depletion_probability.csv
    metrics: pd.DataFrame             # metric_percentiles.csv

    @classmethod
    def from_paths(cls, paths: xr.Dataset, quantiles=QUANTILES) -> "StochasticTables":
        quantiles = check_quantiles(quantiles)
        data = percentile_dataset(paths, quantiles)
        table = data.to_dataframe().reset_index().sort_values(["year", "quantile"], kind="stable")
        return cls(paths=paths, percentiles=table.reset_index(drop=True), percentile_dataset=data,
                   depletion=depletion_probability(paths), metrics=metric_distribution(paths, quantiles))


__all__ = ["QUANTILES", "StochasticTables", "check_quantiles", "column_quantiles", "depleted_by", "depletion_probability",
           "depletion_years", "metric_distribution", "percentile_dataset", "quantile_columns"]
