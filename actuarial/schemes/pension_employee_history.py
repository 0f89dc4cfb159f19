"""The employee pension's history: cohort states run forward from end-1997 to the base year.

The base-year state of every cohort (its members, their contribution-year
distribution with deemed pre-1997 years as their own group, indexed-wage
ratios, account balances) and the pensioners in payment come from running the
cohort kernel (:func:`actuarial.kernels.pension.pension_histories_kernel`, the
projection's own) over the history years, driven by published series:

* **population** by sex and age in each history year: the base-year
  population survived backwards with the history mortality (single-age rates
  graduated from WPP 2024); migration is ignored (China's net migration was
  below 0.03 % of the population a year);
* **members and contributors**: the published in-service participants
  (参保职工) of each year, spread over sex and age with the base year's
  contribution-density profile (one level factor a year, a cell never above
  1).  Group 0 holds ``age - CAREER_START_AGE`` deemed years (视同缴费年限,
  service before the account reform): ``deemed_members`` times the end-1997
  contributors of the cell (capped at the cell), the contributors paying and
  the rest not paying on 31 December 1997 (laid-off and suspended workers, who
  may resume); everyone else is group 0's complement, who join when the
  density of their cell first needs them, up to ``spread`` times the density
  (the rest never join), and contribute from one year to the next with
  persistence ``persistence``;
* **wages**: the social average wage of the award formula and the declared
  bases: the published average wage of urban non-private units, from 2019 the
  all-employee average (non-private and private units, Guobanfa [2019] No.
  13) for the declared bases, and for awards with the award base never
  below the year before (the plan's 平稳衔接: the 2019 switch lowers no
  award; assumed, provinces' transition rules differ); the base year's
  indexed-wage ratio profile, its level moved by :func:`ratio_level`;
* **accounts** start in 1998, credited at the history crediting rates;
* **pensions in payment**: the end-1997 retirees (published count, the
  nearest published mean pension) survive with the history mortality and are
  indexed with the announced increases; new awards follow the award formula
  with the 15-year minimum in force throughout; the public-institution
  retirees (机关事业单位, in the scheme since 2014-10) enter as one stock in
  their entry year with their own level and the same increases (national
  adjustments have been common to both since 2016).

The run reports, year by year, what the published series can be held against
(:mod:`actuarial.analysis.backtest`).  The base year's stock is then joined to the
published figures: the count is scaled to the published retirees (the factor
is reported: it measures the fit) and the public-institution level is solved so
that the base year's expenditure is met (reported as its ratio to the
enterprise mean): the only two steps between the history and the base year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from actuarial.demography.lifetable import survival_ratios
from actuarial.dims import OPEN_AGE, SEXES
from actuarial.kernels.pension import GROUPS, pension_histories_kernel

N_BUCKETS = 56  # contribution years 0..55 (deemed included): a cohort's support is age - 15
REFORM_YEAR = 1997
CAREER_START_AGE = 20
"""Age from which pre-1997 service of the 1997 members is deemed."""
MAX_SHORT_YEARS = 5.0
"""Members short of the minimum by at most this many years may extend or buy the missing years
(2024 NPC Standing Committee decision on the retirement age, art. on minimum contribution years)."""
MINIMUM_YEARS_HISTORY = 15.0
"""Minimum contribution years in force before 2030 (Guofa [1997] No. 26; Social Insurance Law art. 16)."""


@dataclass(frozen=True)
class HistoryInputs:
    """Plain inputs of the history run; ``(year)`` runs over REFORM_YEAR .. base year.

    Attributes
    ----------
    years : the history years, end-1997 first (its state is the starting point) to the base year.
    workers : (year) published in-service participants at 31 December.
    wage : (year) average annual wage of urban non-private units; wage[0] is 1997's.
    social_wage : (year) the social average wage of the award formula and the declared bases (the
        non-private average, the all-employee average from 2019).  indexation : (year) increase of pensions in
        payment in that year.  account_rate : (year) share of the declared base credited to accounts.
        crediting : (year) account crediting rate.  mortality : (year, sex, age) central death rates.
    start_retirees, start_pension : end-1997 retirees and their mean monthly pension.
    institution_retirees : public-institution retirees in the scheme at the base year (persons).
    institution_entry_year : the year their stock enters the scheme.
    persistence, spread, take_up : the membership dynamics (module docstring) and the take-up of
        extended or bought years by members short of the minimum.
    tilt, deemed_members : the lean of the 1997 member profile towards older ages
        (:func:`coverage_profile`) and the holders of deemed years per 1997 contributor.
    """

    years: np.ndarray
    workers: np.ndarray
    wage: np.ndarray
    social_wage: np.ndarray
    indexation: np.ndarray
    account_rate: np.ndarray
    crediting: np.ndarray
    mortality: np.ndarray
    start_retirees: float
    start_pension: float
    institution_retirees: float
    institution_entry_year: int
    persistence: float
    spread: float
    take_up: float
    tilt: float = 0.0
    deemed_members: float = 1.0


@dataclass(frozen=True)
class BaseProfiles:
    """What the history borrows from the base year (sex, age): population, the share past retirement
    age, the contribution density among persons not past it, the indexed-wage ratio of contributors."""

    population: np.ndarray
    retired: np.ndarray
    density: np.ndarray
    base_ratio: np.ndarray


def history_population(base_population: np.ndarray, survival: np.ndarray) -> np.ndarray:
    """Population (year, sex, age) at 31 December of each history year, the base year's survived backwards.

    ``survival[t]`` takes the end of year ``t-1`` to the end of year ``t`` (unused at t = 0).  The open
    age 100+ is carried back unchanged (negligible for a pension scheme); ages 0..99 are the next year's
    ages 1..100 divided by their survival ratio.
    """
    n_years = survival.shape[0]
    population = np.zeros((n_years, *base_population.shape))
    population[-1] = base_population
    for t in range(n_years - 1, 0, -1):
        ratio = np.where(survival[t, :, 1:] > 0.0, survival[t, :, 1:], 1.0)
        population[t - 1, :, :OPEN_AGE] = population[t, :, 1:] / ratio
        population[t - 1, :, OPEN_AGE] = population[t, :, OPEN_AGE]
    return population


def spread_density(profile: np.ndarray, actives: np.ndarray, total: float) -> np.ndarray:
    """Density ``min(1, k profile)`` (sex, age) with ``k`` so that ``sum(density x actives) = total``."""
    capacity = float((actives * (profile > 0)).sum())
    if total >= capacity:
        raise ValueError(f"{total:,.0f} contributors exceed the {capacity:,.0f} persons of the cells that contribute")
    gap = lambda k: float((np.minimum(1.0, k * profile) * actives).sum()) - total  # noqa: E731
    high = 1.0
    while gap(high) < 0.0:
        high *= 2.0
    return np.minimum(1.0, brentq(gap, 0.0, high, xtol=1e-14, rtol=1e-14) * profile)


COVERAGE_START_AGE = 18


def coverage_profile(base_density: np.ndarray, weight: float, tilt: float = 0.0) -> np.ndarray:
    """Age-sex profile of contribution density in a history year: the base year's profile (weight 1) blended
    with an even profile over the working ages from :data:`COVERAGE_START_AGE` (weight 0, end-1997), both
    normalised to a mean of 1 over the cells that contribute; ``tilt`` leans the 1997 profile towards older
    ages (factor ``exp(tilt (x - 40) / 10)``), fitted to the published retirees.  In 1997 the scheme covered the urban state
    and collective workforce of every working age (and had few young migrant workers); by 2024 coverage
    peaks among workers aged 25-45: assumed, no age profile of members before 2024 is in the source data.
    """
    ages = np.arange(base_density.shape[1])
    working = (base_density > 0.0) & (ages >= COVERAGE_START_AGE)[None, :]
    even = working * np.exp(tilt * (ages - 40.0) / 10.0)[None, :]
    shaped = base_density / base_density[working].mean()
    return weight * shaped + (1.0 - weight) * even / even[working].mean()


def ratio_level(base: BaseProfiles, nonprivate: np.ndarray, social: np.ndarray) -> np.ndarray:
    """Factor (year) on the base year's indexed-wage ratio profile (declared base / social average wage).

    The contributors' mean declared base, as a ratio of the non-private average wage, is 1 at end-1997
    and the base year's at the base year, linear in between; each year's factor turns it into a ratio of
    that year's social average wage (``social``; the non-private average ``nonprivate`` until 2018).  In
    1997 the members were the workforce of the urban non-private units whose mean wage is the social
    average wage (index 1 by definition); the base year's lower mean (declared bases at the 60 % floor,
    flexible workers) came with the spread of coverage to private firms and flexible work, which the
    density profile also blends in.
    """
    weights = base.population * (1.0 - base.retired) * base.density
    mean = float((weights * base.base_ratio).sum() / weights.sum())
    blend = np.arange(nonprivate.size) / (nonprivate.size - 1)
    of_nonprivate = (1.0 - blend) + blend * mean * social[-1] / nonprivate[-1]
    return of_nonprivate * nonprivate / social / mean


@dataclass(frozen=True)
class HistoryRun:
    """A history run: the kernel's outputs by history year and its final (base-year) state."""

    years: np.ndarray
    outputs: dict
    final: dict
    institution: np.ndarray


def _survival(mortality: np.ndarray) -> np.ndarray:
    return np.stack([survival_ratios(mortality[:, i], sex=sex) for i, sex in enumerate(SEXES)], axis=1)


def run_history(history: HistoryInputs, base: BaseProfiles, *, divisor: np.ndarray, accrual: float,
                transitional_accrual: float, institution_level: float = 0.0) -> HistoryRun:
    """Run the kernel over the history years (module docstring); ``institution_level`` is the monthly
    pension of an institution retiree at entry."""
    h = history
    years = h.years
    n_years, n_ages = years.size, OPEN_AGE + 1
    survival = _survival(h.mortality)
    population = history_population(base.population, survival)
    active_share = 1.0 - base.retired
    retiring = np.zeros((n_years, 2, n_ages))
    retiring[1:, :, 1:] = np.clip(base.retired[:, 1:] - base.retired[:, :-1], 0.0, 1.0)
    retiring[1:, :, OPEN_AGE] = 0.0
    density = np.stack([spread_density(coverage_profile(base.density, t / (n_years - 1), h.tilt), population[t] * active_share,
                                       h.workers[t]) for t in range(n_years)])
    base_ratio = base.base_ratio[None] * ratio_level(base, h.wage, h.social_wage)[:, None, None]
    account = h.account_rate[:, None, None] * base_ratio * h.social_wage[:, None, None]
    award_wage = np.maximum.accumulate(h.social_wage)  # the 2019 switch of caliber lowers no award base
    saw_previous = np.concatenate([[award_wage[0]], award_wage[:-1]]) / 12.0

    ages = np.arange(n_ages)
    members = np.zeros((2, n_ages, GROUPS))
    members[:, :, 0] = np.minimum(1.0, h.deemed_members * density[0])
    deemed = np.zeros((2, n_ages, GROUPS))
    deemed[:, :, 0] = np.clip(ages - CAREER_START_AGE, 0, N_BUCKETS - 1)[None, :]
    h_c = np.zeros((2, n_ages, GROUPS, N_BUCKETS))
    h_n = np.zeros_like(h_c)
    for x in range(n_ages):
        h_c[:, x, 0, int(deemed[0, x, 0])] = density[0, :, x]
        h_n[:, x, 0, int(deemed[0, x, 0])] = members[:, x, 0] - density[0, :, x]
    retired_persons = population[0] * base.retired
    start = retired_persons * h.start_retirees / float(retired_persons.sum())

    entries_count = np.zeros((n_years, 2, n_ages))
    entries_amount = np.zeros((n_years, 2, n_ages))
    entry = int(np.searchsorted(years, h.institution_entry_year))
    institution = np.zeros((n_years, 2, n_ages))
    if h.institution_retirees > 0.0 and entry < n_years:
        # a stock spread like the persons past retirement age, sized so that its survivors at the base
        # year are the stated number
        shape = population[entry] * base.retired
        survivors = shape.copy()
        for t in range(entry + 1, n_years):
            moved = np.zeros_like(survivors)
            moved[:, 1:] = survivors[:, :-1]
            moved[:, OPEN_AGE] += survivors[:, OPEN_AGE]
            survivors = moved * survival[t]
        entries_count[entry] = shape * h.institution_retirees / float(survivors.sum())
        entries_amount[entry] = entries_count[entry] * institution_level
        institution[entry] = entries_count[entry]
        for t in range(entry + 1, n_years):
            institution[t, :, 1:] = institution[t - 1, :, :-1] * survival[t, :, 1:]
            institution[t, :, OPEN_AGE] += institution[t - 1, :, OPEN_AGE] * survival[t, :, OPEN_AGE]

    cells = (1, n_years, 2, n_ages)
    outputs = {name: np.zeros(cells) for name in ("contributors", "new_pensioners", "new_pension_amount", "transferred",
                                                  "pensioners", "pension_amount", "active_years", "final_year")}
    outputs.update(award_years=np.zeros((1, n_years, 2, N_BUCKETS)), benefits=np.zeros((1, n_years)),
                   buy_in_base=np.zeros((1, n_years)), transfer_balance=np.zeros((1, n_years)))
    final = {"final_h_c": np.zeros((1, 2, n_ages, GROUPS, N_BUCKETS)), "final_h_n": np.zeros((1, 2, n_ages, GROUPS, N_BUCKETS)),
             **{f"final_{name}": np.zeros((1, 2, n_ages, GROUPS)) for name in ("members", "deemed", "ratio_sum", "balance")},
             "final_pensioners": np.zeros((1, 2, n_ages)), "final_pension_amount": np.zeros((1, 2, n_ages))}
    pension_histories_kernel(
        population=population[None], active_share=np.broadcast_to(active_share, population.shape)[None],
        retiring=retiring[None], density=density[None], base_ratio=np.ascontiguousarray(base_ratio)[None],
        account_contribution=account[None], survival=np.concatenate([np.ones((1, 2, n_ages)), survival[1:]])[None],
        saw_monthly_previous=saw_previous[None], indexation=h.indexation[None], crediting=h.crediting,
        min_years=np.full(n_years, MINIMUM_YEARS_HISTORY), accrual=np.full(n_years, accrual),
        transitional_accrual=transitional_accrual, divisor=divisor, persistence=h.persistence, spread=h.spread,
        take_up=h.take_up, max_short=MAX_SHORT_YEARS, entries_count=entries_count, entries_amount=entries_amount,
        initial_h_c=h_c[None], initial_h_n=h_n[None], initial_members=members[None],
        initial_deemed=deemed[None], initial_ratio_sum=np.zeros((1, 2, n_ages, GROUPS)),
        initial_balance=np.zeros((1, 2, n_ages, GROUPS)), initial_pensioners=start[None],
        initial_pension_amount=(start * h.start_pension)[None], **outputs, **final)
    return HistoryRun(years=years, outputs={k: v[0] for k, v in outputs.items()},
                      final={k.removeprefix("final_"): v[0] for k, v in final.items()}, institution=institution)


@dataclass(frozen=True)
class BaseYearState:
    """The base year's state for the projection and how it was joined to the published figures."""

    h_c: np.ndarray
    h_n: np.ndarray
    members: np.ndarray
    deemed: np.ndarray
    ratio_sum: np.ndarray
    balance: np.ndarray
    pensioners: np.ndarray
    pension_amount: np.ndarray
    count_scale: float
    institution_level: float
    enterprise_mean: float
    run: HistoryRun


def base_year_state(history: HistoryInputs, base: BaseProfiles, *, divisor: np.ndarray, accrual: float,
                    transitional_accrual: float, pensioners_target: float, pensioners_previous_year: float,
                    indexation_base_year: float, expenditure_target: float) -> BaseYearState:
    """Run the history and join its base year to the published count and expenditure.

    The December pension stock that pays ``expenditure_target`` over the base year is
    ``12 x mean x 2 g / (1 + g)`` with ``g`` the stock's growth in the year (count x the year's increase);
    the institution level solves ``enterprise + institution = that December amount``.  Amounts are linear
    in the entry level (indexed and survived), so two runs (level 0 and 1) give every cell at any level.
    """
    kwargs = dict(divisor=divisor, accrual=accrual, transitional_accrual=transitional_accrual)
    run = run_history(history, base, **kwargs)
    count = run.final["pensioners"]
    scale = pensioners_target / float(count.sum())
    growth = pensioners_target / pensioners_previous_year * (1.0 + indexation_base_year)
    december = expenditure_target / 12.0 * 2.0 * growth / (1.0 + growth)
    institution_now = run.institution[-1]
    enterprise = run.final["pension_amount"]
    per_unit = run_history(history, base, institution_level=1.0, **kwargs).final["pension_amount"] - enterprise
    enterprise_amount = float(enterprise.sum()) * scale
    unit = float(per_unit.sum()) * scale
    level = (december - enterprise_amount) / unit if unit > 0.0 else 0.0
    enterprise_count = (float(count.sum()) - float(institution_now.sum())) * scale
    return BaseYearState(
        h_c=run.final["h_c"], h_n=run.final["h_n"], members=run.final["members"], deemed=run.final["deemed"],
        ratio_sum=run.final["ratio_sum"], balance=run.final["balance"], pensioners=count * scale,
        pension_amount=(enterprise + level * per_unit) * scale, count_scale=scale, institution_level=level,
        enterprise_mean=enterprise_amount / enterprise_count if enterprise_count > 0 else 0.0, run=run)


__all__ = ["BaseProfiles", "BaseYearState", "HistoryInputs", "HistoryRun", "base_year_state", "history_population",
           "run_history", "spread_density"]
