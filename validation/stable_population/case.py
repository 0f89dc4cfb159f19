"""Stable population: constant rates and no migration converge to Lotka's r.

With constant fertility f(x), survivorship L(x)/l(0) and female share of births
phi, the intrinsic growth rate r solves the (discrete) Euler-Lotka equation::

    1 = sum_x phi * f(x) * L_f(x) / l(0) * exp(-r (x + 1/2))

(Lotka 1939; Preston, Heuveline & Guillot 2001, *Demography*, ch. 7), and the
stable stock at the end of a year, by sex s and single age x < 100, is
proportional to ``share_s * exp(-r x) * L_s(x)`` (births of the year x years
earlier, surviving); the open group follows from the engine's open-group
survival ratio k = T(100) / T(99): ``P(100+) = P(99) k / (exp(r) - k)``.
The engine is run for 600 years from the 2024 base population with the
shipped 2050 mortality, medium-variant fertility and sex ratio at birth held
constant and no migration.

Run by hand: ``python validation/stable_population/case.py``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from actuarial import demographic_inputs, life_table, load_assumption_set
from actuarial.demography.projection import DemographicInputs, run_kernel

HERE = Path(__file__).resolve().parent
RATE_YEAR, N_YEARS = 2050, 600
SHARES = {"share_0_14": (0, 14), "share_15_64": (15, 64), "share_65plus": (65, 100)}


def constant_inputs() -> DemographicInputs:
    """The shipped inputs of ``RATE_YEAR`` repeated for ``N_YEARS``, migration zero."""
    shipped = demographic_inputs(load_assumption_set(HERE.parents[1] / "assumptions" / "china"))
    t = int(np.searchsorted(shipped.years, RATE_YEAR))
    repeat = lambda array: np.repeat(array[:, t : t + 1], N_YEARS, axis=1)  # noqa: E731
    return DemographicInputs(
        base_year=shipped.base_year,
        years=shipped.base_year + 1 + np.arange(N_YEARS),
        base_population=shipped.base_population,
        survival=repeat(shipped.survival),
        fertility=repeat(shipped.fertility),
        female_birth_share=repeat(shipped.female_birth_share),
        migration=np.zeros_like(repeat(shipped.migration)),
        migration_start_share=np.full(N_YEARS, 0.5),
    )


@lru_cache(maxsize=1)
def lotka() -> tuple[float, np.ndarray]:
    """Intrinsic rate r and stable single-age shares (both sexes, ages 0..100+)."""
    assumptions = load_assumption_set(HERE.parents[1] / "assumptions" / "china")
    mortality = assumptions.data("mortality").sel(year=RATE_YEAR)
    tables = {sex: life_table(mortality.sel(sex=sex).values, sex=sex) for sex in ("male", "female")}
    inputs = constant_inputs()
    fertility, phi = inputs.fertility[0, 0], float(inputs.female_birth_share[0, 0])
    ages = np.arange(fertility.size)
    net_maternity = phi * fertility * tables["female"].Lx  # radix l(0) = 1
    r = brentq(lambda rate: np.sum(net_maternity * np.exp(-rate * (ages + 0.5))) - 1.0, -0.2, 0.2, xtol=1e-14)
    stable = np.zeros(ages.size)
    for sex, share in (("male", 1.0 - phi), ("female", phi)):
        table = tables[sex]
        stock = share * np.exp(-r * ages) * table.Lx
        k = table.Tx[100] / table.Tx[99]
        stock[100] = stock[99] * k / (np.exp(r) - k)
        stable += stock
    return r, stable / stable.sum()


def published_figures() -> pd.DataFrame:
    """Lotka's intrinsic rate and the stable age shares, from theory."""
    r, stable = lotka()
    rows = [("intrinsic_growth_rate", r, "per year", 1e-4)]
    rows += [(name, stable[low : high + 1].sum(), "fraction", 1e-4) for name, (low, high) in SHARES.items()]
    rows += [("max_single_age_share_gap", 0.0, "fraction", 1e-5)]
    return pd.DataFrame(rows, columns=["quantity", "published", "unit", "tolerance"]).assign(
        year=RATE_YEAR, kind="absolute"
    )[["quantity", "year", "published", "unit", "tolerance", "kind"]]


def model_figures(published: pd.DataFrame) -> list[float]:
    """The engine's growth rate and age shares in the last projected year."""
    population = run_kernel(constant_inputs())["population"][0].sum(axis=1)  # (year, age)
    total = population.sum(axis=1)
    shares = population[-1] / total[-1]
    figures = {"intrinsic_growth_rate": float(np.log(total[-1] / total[-2]))}
    figures.update({name: float(shares[low : high + 1].sum()) for name, (low, high) in SHARES.items()})
    figures["max_single_age_share_gap"] = float(np.max(np.abs(shares - lotka()[1])))
    return [figures[quantity] for quantity in published["quantity"]]


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    print(validation_report(HERE.name, run_case(Case(HERE.name, HERE))))
