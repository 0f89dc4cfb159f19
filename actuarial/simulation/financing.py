"""Financing options compared on drawn paths with common random numbers (``compare --paths``).

On every path the baseline, each option and each mix of a study run on the same shocks (the path's
assumption set, :func:`actuarial.simulation.shocks.path_assumptions`), and the path's comparison rows are
the deterministic comparison's (:func:`actuarial.financing.compare.compare_row`) against that path's own
baseline: an option's cost and effects differ from the baseline's by the option alone, not by noise.

:func:`compare_on_paths` returns the rows of every (path, option) and :func:`comparison_distribution` their
distribution by option; :func:`comparison_depletion` the probability that each fund is depleted by each
report year, by option.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pandas as pd
import xarray as xr

from actuarial.config import AssumptionSet, load_scenario
from actuarial.config.financing import check_option_years
from actuarial.dims import REPORT_YEARS
from actuarial.financing.basis import FINANCED_FUNDS, discount_basis
from actuarial.financing.compare import compare_row, study_mixes
from actuarial.financing.mix import run_mix
from actuarial.financing.study import Study
from actuarial.simulation.engine import DEFAULT_CHUNK, map_chunks
from actuarial.simulation.shocks import path_sets
from actuarial.simulation.statistics import QUANTILES, check_quantiles, column_quantiles, depleted_by, quantile_columns


def compare_chunk(assumptions: AssumptionSet, *, paths, seed: int, mixes: dict, rate: xr.DataArray) -> pd.DataFrame:
    """The comparison rows (path, option, columns) of the ``paths`` of one chunk."""
    rows = []
    for path, drawn in path_sets(assumptions, seed=seed, paths=paths):
        runs = {name: run_mix(drawn, options, name=name) for name, options in mixes.items()}
        rows.extend({"path": path, **compare_row(result, runs["baseline"], rate)}
                    for result in runs.values())
    return pd.DataFrame(rows)


def compare_on_paths(study: Study, *, n_paths: int, seed: int, scenario: Path | None = None,
                     discount: str | float = "borrowing", chunk_size: int = DEFAULT_CHUNK, client=None,
                     progress: Callable[[int], None] | None = None) -> tuple[pd.DataFrame, str, str, str]:
    """Every (path, option) row of the study on ``n_paths`` paths; also the scenario's name, the set's hash and
    the discount basis described."""
    assumptions = load_scenario(scenario or study.scenario)
    check_option_years(study.options, assumptions.years, file=str(study.file))
    basis = discount_basis(assumptions, discount)
    parts = map_chunks(compare_chunk, assumptions, n_paths=n_paths, chunk_size=chunk_size, client=client,
                       progress=progress, seed=seed, mixes=study_mixes(study), rate=basis.rate)
    table = pd.concat(parts, ignore_index=True)
    return table, assumptions.scenario, assumptions.digest, basis.description


def comparison_distribution(table: pd.DataFrame, quantiles=QUANTILES) -> pd.DataFrame:
    """``comparison_percentiles.csv``: option, column, share of paths with a value, mean, quantiles; depletion
    years as event years (:func:`actuarial.simulation.statistics.column_quantiles`)."""
    quantiles = check_quantiles(quantiles)
    records = []
    for option, rows in table.groupby("option", sort=False):
        for column in rows.columns.drop(["path", "option"]):
            values = rows[column].to_numpy(dtype=float)
            share, mean, cut = column_quantiles(values, quantiles, year=column.endswith("_depletion_year"))
            records.append((option, column, share, mean, *cut))
    return pd.DataFrame(records, columns=["option", "column", "share_with_value", "mean", *quantile_columns(quantiles)])


def comparison_depletion(table: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """``comparison_depletion_probability.csv``: option, year (the report years and the last), then per fund the
    share of paths whose fund is depleted by that year."""
    years = [year for year in (*REPORT_YEARS, last_year) if year <= last_year]
    frames = []
    for option, rows in table.groupby("option", sort=False):
        shares = depleted_by(rows[[f"{fund}_depletion_year" for fund in FINANCED_FUNDS]].to_numpy(dtype=float), years)
        frames.append(pd.DataFrame({"option": option, "year": years,
                                    **{fund: shares[:, i] for i, fund in enumerate(FINANCED_FUNDS)}}))
    return pd.concat(frames, ignore_index=True)


__all__ = ["compare_chunk", "compare_on_paths", "comparison_depletion", "comparison_distribution"]
