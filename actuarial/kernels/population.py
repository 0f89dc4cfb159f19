"""Cohort-component population projection kernel and its numpy twin.

Axis order is fixed: ``(path, year, sex, age)`` with sex 0 = male, 1 = female
and age 0..A-1 where the last age is the open group.  Inputs that do not vary
by path carry a leading path axis of length 1 and are broadcast.

Timing (DESIGN §3): ``population[:, t]`` is the stock at 31 December of
projection step t (t = 0 is the base year).  Flows with index t are over the
calendar year that ends at step t + 1.

For each sex and each age x >= 1 at the end of the year::

    entrants  = P(x-1, t) + a M(x-1)            (ages 99 and 100+ together for the open group)
    survivors = entrants * S(x)
    P(x, t+1) = survivors + (1 - a) M(x)

and for age 0 the entrants are the year's births of that sex.  ``S(x)`` are
life-table survival ratios (L_x / L_{x-1}; L_0 / l_0 for births; T_100 / T_99
for the open group).  ``M(x)`` are the year's net migrants aged x when they
move, as the UN tabulates them: a share ``a`` moves at the start of the year at
age x, is exposed to the year's mortality and ends the year aged x + 1; the
rest moves at the end of the year at age x.  With a = 1/2 this is the UN
Population Division's "even" migration assumption (ccmppWPP, used for WPP).
Net emigration cannot remove more persons than are present: the realised net
migration is returned and is what enters the accounting identity.

Births over the year use mean female exposure::

    B = sum_x f(x) * (F(x, t) + F(x, t+1)) / 2

with f the age-specific fertility rates (zero outside the fertile ages, which
must start at age 1 or later), split by the female share of births
1 / (1 + SRB).  Deaths are entrants minus survivors in every cell, so
``P(t+1) - P(t) = births - deaths + net_migration`` holds exactly to rounding.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(cache=True, inline="always")
def _migrate(present, migrants):
    """Net migrants actually added to ``present`` persons (emigration capped)."""
    if migrants < -present:
        return -present
    return migrants


@njit(cache=True, inline="always")
def _project_path(
    p,
    base_population,
    survival,
    fertility,
    female_birth_share,
    migration,
    start_share,
    population,
    births,
    deaths,
    net_migration,
):
    """Project path ``p`` (arguments of :func:`project_population_kernel`)."""
    n_years = survival.shape[1]
    n_ages = base_population.shape[2]
    open_age = n_ages - 1
    ps = p % survival.shape[0]  # inputs with one path are broadcast
    pf = p % fertility.shape[0]
    pb = p % female_birth_share.shape[0]
    pm = p % migration.shape[0]
    for s in range(2):
        for x in range(n_ages):
            population[p, 0, s, x] = base_population[p, s, x]
    for t in range(n_years):
        for s in range(2):
            dead = 0.0
            moved = 0.0
            for x in range(1, n_ages):
                present = population[p, t, s, x - 1]
                arriving = start_share[t] * migration[pm, t, s, x - 1]
                if x == open_age:
                    present += population[p, t, s, open_age]
                    arriving += start_share[t] * migration[pm, t, s, open_age]
                early = _migrate(present, arriving)
                entrants = present + early
                survivors = entrants * survival[ps, t, s, x]
                late = _migrate(survivors, (1.0 - start_share[t]) * migration[pm, t, s, x])
                population[p, t + 1, s, x] = survivors + late
                dead += entrants - survivors
                moved += early + late
            deaths[p, t, s] = dead
            net_migration[p, t, s] = moved
        total_births = 0.0
        for x in range(1, n_ages):
            rate = fertility[pf, t, x]
            if rate != 0.0:
                total_births += rate * 0.5 * (population[p, t, 1, x] + population[p, t + 1, 1, x])
        female = total_births * female_birth_share[pb, t]
        births[p, t, 1] = female
        births[p, t, 0] = total_births - female
        for s in range(2):
            survivors = births[p, t, s] * survival[ps, t, s, 0]
            late = _migrate(survivors, (1.0 - start_share[t]) * migration[pm, t, s, 0])
            population[p, t + 1, s, 0] = survivors + late
            deaths[p, t, s] += births[p, t, s] - survivors
            net_migration[p, t, s] += late


@njit(cache=True, parallel=True)
def project_population_kernel(
    base_population,
    survival,
    fertility,
    female_birth_share,
    migration,
    start_share,
    population,
    births,
    deaths,
    net_migration,
):
    """Project a population by single age and sex over several paths.

    Parameters
    ----------
    base_population : (path, sex, age) float64
        Stock at 31 December of the base year.
    survival : (1 or path, year, sex, age) float64
        Survival ratios; index 0 is births to age 0, the last index the open group.
    fertility : (1 or path, year, age) float64
        Age-specific fertility rates of women (births per woman-year).
    female_birth_share : (1 or path, year) float64
        Share of births that are female, 1 / (1 + SRB).
    migration : (1 or path, year, sex, age) float64
        Net migrants over the year by age at the time of the move.
    start_share : (year,) float64
        Share of net migrants arriving at the start of the year.
    population : (path, year + 1, sex, age) float64, output
    births, deaths, net_migration : (path, year, sex) float64, output
    """
    for path in prange(base_population.shape[0]):
        _project_path(np.int64(path), base_population, survival, fertility, female_birth_share, migration, start_share,
                      population, births, deaths, net_migration)


@njit(cache=True)
def project_population_serial(
    base_population,
    survival,
    fertility,
    female_birth_share,
    migration,
    start_share,
    population,
    births,
    deaths,
    net_migration,
):
    """:func:`project_population_kernel` on the calling thread, path after path (no thread pool: the
    faster choice for one path, and unaffected by a busy machine); results are identical."""
    for path in range(base_population.shape[0]):
        _project_path(np.int64(path), base_population, survival, fertility, female_birth_share, migration, start_share,
                      population, births, deaths, net_migration)


def project_population_numpy(
    base_population,
    survival,
    fertility,
    female_birth_share,
    migration,
    start_share,
    population,
    births,
    deaths,
    net_migration,
):
    """Plain-numpy twin of :func:`project_population_kernel` (same arguments).

    Written for clarity, one path and one year at a time, vectorised over age;
    used by the differential tests and as the benchmark reference.
    """
    n_paths, n_years = base_population.shape[0], survival.shape[1]

    def pick(array, p):
        return array[p if array.shape[0] > 1 else 0]

    for p in range(n_paths):
        surv, fert = pick(survival, p), pick(fertility, p)
        share, mig = pick(female_birth_share, p), pick(migration, p)
        population[p, 0] = base_population[p]
        for t in range(n_years):
            start = population[p, t]
            present = np.zeros_like(start)
            present[:, 1:] = start[:, :-1]
            present[:, -1] += start[:, -1]
            arriving = np.zeros_like(start)
            arriving[:, 1:] = start_share[t] * mig[t, :, :-1]
            arriving[:, -1] += start_share[t] * mig[t, :, -1]
            early = np.maximum(arriving[:, 1:], -present[:, 1:])
            entrants = present[:, 1:] + early
            survivors = entrants * surv[t, :, 1:]
            late = np.maximum((1.0 - start_share[t]) * mig[t, :, 1:], -survivors)
            population[p, t + 1, :, 1:] = survivors + late
            exposure = 0.5 * (start[1, 1:] + population[p, t + 1, 1, 1:])
            total_births = np.sum(fert[t, 1:] * exposure)
            births[p, t, 1] = total_births * share[t]
            births[p, t, 0] = total_births - births[p, t, 1]
            survivors0 = births[p, t] * surv[t, :, 0]
            late0 = np.maximum((1.0 - start_share[t]) * mig[t, :, 0], -survivors0)
            population[p, t + 1, :, 0] = survivors0 + late0
            deaths[p, t] = (entrants - survivors).sum(axis=1) + births[p, t] - survivors0
            net_migration[p, t] = (early + late).sum(axis=1) + late0
