"""The model's population intervals against WPP 2024's 80 % and 95 % intervals for China.

The demography stage on drawn paths (:mod:`actuarial.demography.stochastic`: Lee-Carter mortality, logit
AR(1) total fertility, net-migration shocks, calibrated to WPP's intervals of life expectancy and total
fertility, not of population) run from WPP's own end-2024 population (the base of the ``wpp2024_china``
case), :data:`N_PATHS` paths under seed :data:`SEED`; the quantiles over paths of the total population at
31 December against WPP's median and bounds.

Run by hand: ``python validation/wpp2024_intervals/case.py``.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd

from actuarial import load_assumption_set
from actuarial.demography.projection import run_kernel
from actuarial.demography.stochastic import stochastic_demographic_inputs
from actuarial.stochastic import StochasticParameters, draw_paths

HERE = Path(__file__).resolve().parent
N_PATHS, SEED = 2000, 2024
QUANTILE = {"population_q0.025": 0.025, "population_q0.1": 0.1, "population_median": 0.5,
            "population_q0.9": 0.9, "population_q0.975": 0.975}
"""Row quantity -> quantile over paths (WPP: pop_95l, pop_80l, popM + popF, pop_80u, pop_95u)."""


def wpp_base_population() -> np.ndarray:
    """WPP's end-2024 population by sex and age: the base of the sibling case ``wpp2024_china``."""
    spec = importlib.util.spec_from_file_location("wpp2024_china_case", HERE.parent / "wpp2024_china" / "case.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.wpp_base_population()


def population_quantiles(years) -> pd.DataFrame:
    """Quantiles (rows: years; columns: :data:`QUANTILE`'s quantities) of the total population over paths."""
    assumptions = load_assumption_set(HERE.parents[1] / "assumptions" / "china")
    parameters = StochasticParameters.from_assumptions(assumptions)
    draws = draw_paths(parameters, seed=SEED, paths=N_PATHS)
    inputs = stochastic_demographic_inputs(assumptions, draws, parameters)
    inputs = dataclasses.replace(inputs, base_population=np.broadcast_to(wpp_base_population(),
                                                                         (N_PATHS, *inputs.base_population.shape[1:])))
    totals = run_kernel(inputs)["population"].sum(axis=(2, 3))               # (path, year + 1)
    all_years = np.concatenate([[assumptions.base_year], assumptions.years])
    columns = {name: [float(np.quantile(totals[:, np.flatnonzero(all_years == year)[0]], q)) for year in years]
               for name, q in QUANTILE.items()}
    return pd.DataFrame(columns, index=list(years))


def model_figures(published: pd.DataFrame) -> list[float]:
    table = population_quantiles(sorted(set(published["year"])))
    return [table.loc[row.year, row.quantity] for row in published.itertuples()]


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    print(validation_report(HERE.name, run_case(Case(HERE.name, HERE))))
