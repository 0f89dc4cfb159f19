"""Legislated benefits of work-injury insurance and the arithmetic of its pension stocks (pure functions,
plain arrays).

Work-Injury Insurance Regulations (工伤保险条例, State Council Decree 375 of 2003, amended by Decree 586 of
2010): art. 33, during the treatment period (停工留薪期, normally at most 12 months) the employer keeps paying
the wage; art. 35, grades 1-4 receive a lump-sum disability grant of 27, 25, 23, 21 months of their wage and
a monthly disability allowance (伤残津贴) of 90, 85, 80, 75 % of it until retirement, when the basic pension
takes over and the fund pays the difference if the pension is lower; art. 36-37, grades 5-10 a lump sum of
18 down to 7 months; art. 39, a death at work gives a funeral grant of 6 months of the region's previous-year
average monthly wage, survivor pensions (供养亲属抚恤金: 40 % of the wage to the spouse, 30 % to each other
dependant, 10 % more for orphans and the lone elderly, together at most the wage) and a lump-sum death grant
(一次性工亡补助金) of 20 times the previous year's national per-capita disposable income of urban residents.
"""

from __future__ import annotations

import numpy as np

LUMP_SUM_MONTHS = {1: 27, 2: 25, 3: 23, 4: 21, 5: 18, 6: 16, 7: 13, 8: 11, 9: 9, 10: 7}
"""Lump-sum disability grant in months of the worker's wage by disability grade (Regulations 2010 art. 35-37)."""

ALLOWANCE_SHARE = {1: 0.90, 2: 0.85, 3: 0.80, 4: 0.75}
"""Monthly disability allowance as a share of the worker's wage, grades 1-4 (Regulations 2010 art. 35)."""

DEATH_GRANT_MULTIPLE = 20.0
"""Lump-sum death grant in years of urban per-capita disposable income (Regulations 2010 art. 39)."""

FUNERAL_GRANT_MONTHS = 6.0
"""Funeral grant in months of the previous year's average monthly wage (Regulations 2010 art. 39)."""


def death_benefit(income: np.ndarray, wage: np.ndarray, *, multiple: float = DEATH_GRANT_MULTIPLE) -> np.ndarray:
    """Lump sum paid for one death at work: ``multiple x income + 6/12 x wage`` (art. 39), with ``income`` the
    previous year's urban per-capita disposable income and ``wage`` the previous year's average annual wage."""
    return multiple * np.asarray(income, dtype=float) + FUNERAL_GRANT_MONTHS / 12.0 * np.asarray(wage, dtype=float)


def entry_ages(ages: np.ndarray, mean: float, spread: float, last_age: float) -> np.ndarray:
    """Age distribution of new disability pensioners: a normal density of ``mean`` and ``spread`` over the
    working ages 16 to ``last_age`` (inclusive), normalised to 1."""
    ages = np.asarray(ages, dtype=float)
    weight = np.exp(-0.5 * ((ages - mean) / spread) ** 2) * ((ages >= 16) & (ages <= last_age))
    return weight / weight.sum()


def excess_survival(survival: np.ndarray, multiple: float) -> np.ndarray:
    """Survival of a disabled person from age ``x - 1`` to ``x``: ``1 - min(1, multiple (1 - S[x]))``
    (their death probability ``multiple`` times the population's)."""
    return 1.0 - np.minimum(1.0, multiple * (1.0 - np.asarray(survival, dtype=float)))


def age_stock(stock: np.ndarray, survival: np.ndarray, entrants: np.ndarray) -> np.ndarray:
    """One year of a stock by single age (31 December to 31 December): the survivors of each age move up one
    age (the open age keeps its own survivors) and the year's entrants (by age at year end) join:
    ``P_t(x) = P_{t-1}(x-1) S[x] + n_t(x)``, ``P_t(100+) = (P_{t-1}(99) + P_{t-1}(100+)) S[100]``.
    Age is the last axis; leading axes (paths) broadcast."""
    aged = np.zeros(np.broadcast_shapes(np.shape(stock), np.shape(survival)))
    aged[..., 1:] = stock[..., :-1] * survival[..., 1:]
    aged[..., -1] += stock[..., -1] * survival[..., -1]
    return aged + entrants


def steady_stock(survival: np.ndarray, entrants: np.ndarray) -> np.ndarray:
    """The stock a constant inflow ``entrants`` (by age) builds with constant ``survival``: the fixed point of
    :func:`age_stock` (each cohort's entrants followed to the open age).  Age is the last axis; leading axes
    (paths) broadcast."""
    stock = np.zeros(np.broadcast_shapes(np.shape(survival), np.shape(entrants)))
    for _ in range(np.shape(entrants)[-1] + 200):  # the open age converges geometrically after the last single age
        stock = age_stock(stock, survival, entrants)
    return stock


def steady_survivors(inflow: float | np.ndarray, exit_rate: float) -> float | np.ndarray:
    """Stock of survivor pensioners a constant ``inflow`` a year (a number, or one per path) builds with a
    constant exit rate: ``n / e`` (exits at the rate ``e`` a year: dependants ageing out, deaths, remarriage)."""
    return inflow / exit_rate


__all__ = ["ALLOWANCE_SHARE", "DEATH_GRANT_MULTIPLE", "FUNERAL_GRANT_MONTHS", "LUMP_SUM_MONTHS", "age_stock",
           "death_benefit", "entry_ages", "excess_survival", "steady_stock", "steady_survivors"]
