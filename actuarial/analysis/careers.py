"""Employee pension (UEBPI) seen by one member: model-career replacement rates and money's worth by cohort.

Award at retirement (Guofa [2005] No. 38), per month, as in :mod:`actuarial.kernels.pension`::

    basic        = W_{T-1} (1 + I) / 2 * y * a_T
    account      = B_T / divisor(x)
    transitional = W_{T-1} * I * deemed * a_tr

``W_{T-1}``: social average **monthly** wage of the year before retirement (the projection's
``average_wage`` / 12); ``I``: mean indexed-wage ratio (declared base / average wage) over the ``y``
contribution years, deemed years included; ``a_T`` = ``basic_pension_accrual`` of the retirement year;
``divisor(x)`` = ``account_divisor`` (months) at the completed age ``x`` at 31 December of the retirement
year; ``a_tr`` = ``transitional_accrual``; ``deemed`` = career years before 1997 (the reform year,
:data:`~actuarial.schemes.pension_employee_base.REFORM_YEAR`), which count in ``y`` and ``I`` but credit
no account.  The account ``B`` is credited as in the kernel: each contribution year ``t``
``B_t = B_{t-1} (1 + c_t) + r_t base_t`` (annual base, account rate ``r``, crediting ``c_t`` =
``account_crediting_rate``); the retirement year adds neither interest nor contributions: a model career
is a whole number of years (the kernel's members also contribute half of their retirement year).

Timing (the kernel's): a member retiring in year ``T`` contributes in the years before ``T`` (the part
of year ``T`` worked before the birthday is ignored), is awarded in ``T`` and paid half a year in ``T``
(mid-year award); the pension is indexed from ``T + 1`` by ``i_t = f_t + h_t g_t``
(``pension_indexation_fixed``, ``pension_indexation_wage_share``, average-wage growth ``g_t``).

Year paths: every rate is read with :meth:`AssumptionSet.path`, so a year before the first projection
year takes its value (the rule of every stage); wages before the base year are the history table
``history_social_average_wage`` (the award formula's wage: non-private units, the all-employee average
from 2019; scaled to the run's base-year wage; before 1997 at the 1997-2004 growth), the wages of the
history run.  **Beyond the horizon** wages grow at, and pensions are indexed at, the mean of
their last ten projection years; the other rates keep their last value and mortality its last year.
Mortality before the first table year takes the first year.  No minimum-years rule is applied to the
money's worth (the representative careers have at least 20 years except the 1960 female worker:
13 years from 1997, whose award is valued as if deemed years made her eligible).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr
from scipy.optimize import brentq

from actuarial.config import AssumptionSet
from actuarial.demography.lifetable import survival_ratios
from actuarial.dims import OPEN_AGE, REPORT_YEARS, RETIREMENT_GROUPS
from actuarial.schemes.pension_employee_history import REFORM_YEAR

CAREER_YEARS = tuple(sorted({2025, 2030, *REPORT_YEARS}))
"""Default retirement years of the model careers: 2025 (the last year a 15-year career qualifies: the minimum
rises to 15.5 in 2030), 2030 and the project's report years."""
CAREER_LENGTHS = (15, 25, 35, 40)
WAGE_MULTIPLES = (0.6, 1.0, 2.0)
ORIGINAL_AGES = {"male": 60, "female_cadre": 55, "female_worker": 50}
"""Pre-2025 retirement ages of the groups (the default of the model careers)."""
SEX_OF_GROUP = {"male": "male", "female_cadre": "female", "female_worker": "female"}
FIRST_CONTRIBUTION_AGE = 16
"""Careers that would start younger are not reported (NaN), as in the kernel (contributions from 16)."""
COHORTS = (1960, 1970, 1980, 1990, 2000, 2010)
START_AGE = 22
BIRTH_MONTH = 7
"""Representative member born in July: statutory age of that birth month, retired at 31 December of ``t``
if ``12 x + 12 - m >= 12 R`` (:mod:`actuarial.labour.retirement`)."""
LAST_AGE = 130
"""Cash flows are followed to this age (the 100+ group runs off at its constant hazard)."""
TAIL_YEARS = 10
STATUSES = {"employee": 1.0, "flexible": None}
"""Money's-worth statuses and their base ratio (flexible: ``flexible_base_ratio``)."""
RATES = {"floor": "contribution_floor_ratio", "ceiling": "contribution_ceiling_ratio",
         "employer": "employer_pension_rate", "worker": "worker_pension_rate",
         "flexible": "flexible_pension_rate", "flexible_account": "flexible_account_rate",
         "crediting": "account_crediting_rate", "accrual": "basic_pension_accrual",
         "minimum_years": "minimum_contribution_years", "discount": "valuation_discount_rate",
         "female_cadre_share": "female_cadre_share"}


@dataclass(frozen=True)
class Award:
    """Monthly pension at award (yuan/month) by part."""

    basic: float
    account: float
    transitional: float

    @property
    def total(self) -> float:
        return self.basic + self.account + self.transitional


def monthly_award(*, wage: np.ndarray, base_ratio: np.ndarray, account_rate: np.ndarray, crediting: np.ndarray,
                  wage_previous: float, accrual: float, divisor: float, deemed_years: int = 0,
                  transitional_accrual: float = 0.0) -> Award:
    """The award of one career (module docstring for the formula).

    Parameters
    ----------
    wage : (career year,) social average wage of each contribution year, yuan/year (**annual**).
    base_ratio : (career year,) declared base / average wage (already clipped to floor and ceiling).
    account_rate : (career year,) rate credited to the account, fraction of the base (0 in deemed years).
    crediting : (career year,) account crediting rate of each year, per year.
    wage_previous : average wage of the year before retirement, yuan/year (divided by 12 here).
    accrual : basic-pension accrual of the retirement year.  divisor : months.
    deemed_years : the first ``deemed_years`` career years are pre-1997 deemed years (no account credit).
    transitional_accrual : accrual of the transitional pension on deemed years.

    Returns
    -------
    Award, yuan/month: ``I`` is the mean of ``base_ratio`` over all career years, ``y`` their number.
    """
    balance = 0.0
    for w, ratio, rate, c in zip(wage, base_ratio, account_rate, crediting):
        balance = balance * (1.0 + c) + rate * ratio * w
    years, ratio = len(wage), float(np.mean(base_ratio))
    monthly = wage_previous / 12.0
    return Award(basic=monthly * (1.0 + ratio) / 2.0 * years * accrual, account=balance / divisor,
                 transitional=monthly * ratio * deemed_years * transitional_accrual)


@dataclass(frozen=True)
class YearPaths:
    """Year paths from ``first`` to ``last`` read from a run (array index ``t - first``; module docstring).

    Attributes
    ----------
    first : the first calendar year.
    wage : social average wage, yuan/year (the run's; before the base year the history table's,
        beyond the horizon grown at the mean growth of the last :data:`TAIL_YEARS` years).
    growth : its growth over the previous year, per year.
    indexation : pension indexation of the year ``f_t + h_t g_t``, per year (beyond the horizon the mean of
        the last :data:`TAIL_YEARS` projection years).
    rates : the :data:`RATES` paths by key (:meth:`AssumptionSet.path`; beyond the horizon the last value).
    divisor : (age 0..100) account divisor, months (nearest tabulated age outside the table).
    """

    first: int
    wage: np.ndarray
    growth: np.ndarray
    indexation: np.ndarray
    rates: dict
    divisor: xr.DataArray

    def at(self, name: str, years) -> np.ndarray:
        """Path ``name`` (``wage``, ``growth``, ``indexation`` or a key of :data:`RATES`) over ``years``."""
        values = self.rates[name] if name in self.rates else getattr(self, name)
        return values[np.asarray(years) - self.first]


def year_paths(assumptions: AssumptionSet, projection: xr.Dataset, first: int, last: int) -> YearPaths:
    """The :class:`YearPaths` over ``first..last`` (wages before the base year and beyond the horizon extended)."""
    years = np.arange(first, last + 1)
    base, end = assumptions.base_year, assumptions.end_year
    run_wage = projection["average_wage"].sel(year=np.arange(base, end + 1)).values
    run_growth = run_wage[1:] / run_wage[:-1] - 1.0
    tail_growth = float(run_growth[-TAIL_YEARS:].mean())
    history = assumptions.data("history_social_average_wage")
    past = history["history_year"].values
    past_wage = history.values.astype(float) * run_wage[0] / float(history.sel(history_year=base))
    early_growth = (past_wage[7] / past_wage[0]) ** (1.0 / 7.0) - 1.0  # 1997-2004, before the published years
    growth = np.full(years.size, tail_growth)
    inside = (years > base) & (years <= end)
    growth[inside] = run_growth[years[inside] - base - 1]
    wage = run_wage[np.clip(years, base, end) - base]  # anchored on the run, compounded outside it
    before, after = years < base, years > end
    known = before & (years >= past[0])
    wage[known] = past_wage[years[known] - past[0]]
    growth[known & (years > past[0])] = past_wage[years[known & (years > past[0])] - past[0]] / past_wage[
        years[known & (years > past[0])] - past[0] - 1] - 1.0
    early = years < past[0]
    growth[early | (years == past[0])] = early_growth
    wage[early] = past_wage[0] * (1.0 + early_growth) ** (years[early] - past[0])
    wage[after] *= np.cumprod(1.0 + growth[after])                  # W_t = W_end prod_{end<k<=t} (1 + g_k)
    clipped = np.minimum(years, end)
    rates = {key: assumptions.path(name, clipped) for key, name in RATES.items()}
    run_index = (assumptions.path("pension_indexation_fixed", np.arange(base + 1, end + 1))
                 + assumptions.path("pension_indexation_wage_share", np.arange(base + 1, end + 1)) * run_growth)
    indexation = (assumptions.path("pension_indexation_fixed", clipped)
                  + assumptions.path("pension_indexation_wage_share", clipped) * growth)
    indexation[after] = run_index[-TAIL_YEARS:].mean()
    divisor = assumptions.data("account_divisor").reindex(age=np.arange(OPEN_AGE + 1), method="nearest")
    return YearPaths(first=first, wage=wage, growth=growth, indexation=indexation, rates=rates, divisor=divisor)


def _award(paths: YearPaths, assumptions: AssumptionSet, *, start: int, retire: int, age: int, multiple: float,
           account_rate: str) -> Award:
    """Award in ``retire`` of a career ``start..retire-1`` at ``multiple`` x the wage, aged ``age`` at award."""
    career = np.arange(start, retire)
    ratio = np.clip(multiple, paths.at("floor", career), paths.at("ceiling", career))
    rate = np.where(career >= REFORM_YEAR, paths.at(account_rate, career), 0.0)
    return monthly_award(wage=paths.at("wage", career), base_ratio=ratio, account_rate=rate,
                         crediting=paths.at("crediting", career), wage_previous=float(paths.at("wage", retire - 1)),
                         accrual=float(paths.at("accrual", retire)), divisor=float(paths.divisor.sel(age=age)),
                         deemed_years=int(np.clip(REFORM_YEAR - start, 0, career.size)),
                         transitional_accrual=assumptions.scalar("transitional_accrual"))


def statutory_age(assumptions: AssumptionSet, group: str, *, birth_year: int | None = None,
                  year: int | None = None) -> int:
    """Completed age at 31 December of the retirement year under the statutory schedule.

    For a cohort (``birth_year``): ``ceil(R - 1 + m / 12)`` with ``R`` the statutory age of birth month
    ``m`` = :data:`BIRTH_MONTH` (cohorts outside the table take its nearest year).  For a retirement
    ``year``: the youngest age whose cohort is retired at 31 December of that year.
    """
    schedule = assumptions.data("statutory_retirement_age").sel(group=group, birth_month=BIRTH_MONTH)

    def age_of(b: int) -> int:
        r = float(schedule.sel(birth_year=b, method="nearest"))
        return int(np.ceil(r - 1.0 + BIRTH_MONTH / 12.0 - 1e-9))

    if birth_year is not None:
        return age_of(birth_year)
    return next(x for x in range(FIRST_CONTRIBUTION_AGE, OPEN_AGE) if age_of(year - x) <= x)


def model_career_replacement_rates(assumptions: AssumptionSet, projection: xr.Dataset, *, years=None,
                                   lengths=CAREER_LENGTHS, multiples=WAGE_MULTIPLES,
                                   statutory: bool = False) -> pd.DataFrame:
    """Gross replacement rates of model careers retiring in ``years`` (default :data:`CAREER_YEARS` within the
    horizon).

    A career of ``y`` years retiring in ``T`` at age ``R`` contributes in ``T - y .. T - 1`` on the base
    ``clip(m, floor_t, ceiling_t) W_t`` (employee: worker rate to the account); years before 1997 are deemed
    years (transitional pension, no account).  ``R`` is the group's original age (60, 55, 50) or, with
    ``statutory``, the statutory age of the cohort retiring in ``T``.

    Returns
    -------
    DataFrame with columns ``year`` (retirement year), ``sex``, ``years``, ``wage_multiple``,
    ``replacement_rate_final_wage`` (award / (m W_{T-1} / 12), the member's own final monthly wage),
    ``replacement_rate_average_wage`` (award / (W_{T-1} / 12), the average wage of the same final year),
    and ``group``, ``retirement_age``, ``start_year``, ``pension`` (yuan/month), ``eligible`` (``y`` at least
    the minimum years in force in ``T``; a whole-year career qualifies with at least that many years).  Rates are NaN for careers that would
    start before age 16.
    """
    years = [y for y in (CAREER_YEARS if years is None else years) if y <= assumptions.end_year]
    first = min(years) - max(lengths) - 1
    paths = year_paths(assumptions, projection, first, max(years))
    rows = []
    for year in years:
        for group in RETIREMENT_GROUPS:
            age = statutory_age(assumptions, group, year=year) if statutory else ORIGINAL_AGES[group]
            required = float(paths.at("minimum_years", year))  # whole-year careers: 15.5 needs 16
            for length in lengths:
                for m in multiples:
                    feasible = age - length >= FIRST_CONTRIBUTION_AGE
                    award = _award(paths, assumptions, start=year - length, retire=year, age=age, multiple=m,
                                   account_rate="worker").total if feasible else np.nan
                    final = float(paths.at("wage", year - 1)) / 12.0
                    rows.append((year, SEX_OF_GROUP[group], length, m, award / (m * final), award / final, group,
                                 age, year - length, award, length >= required - 1e-9))
    return pd.DataFrame(rows, columns=["year", "sex", "years", "wage_multiple", "replacement_rate_final_wage",
                                       "replacement_rate_average_wage", "group", "retirement_age", "start_year",
                                       "pension", "eligible"])


def irr(contributions: np.ndarray, benefits: np.ndarray) -> float:
    """Internal rate of return of yearly cash flows (index = years from the first; same timing for both).

    Root of ``sum_k (benefits_k - contributions_k) (1 + r)^-k`` by Brent's method on [-0.9, 1]; the
    net flow must change sign once (contributions first), which makes the root unique.
    """
    net = np.asarray(benefits, dtype=float) - np.asarray(contributions, dtype=float)
    k = np.arange(net.size)
    npv = lambda r: float(np.sum(net * (1.0 + r) ** -k))  # noqa: E731
    if not npv(-0.9) > 0.0 > npv(1.0):
        raise ValueError("the net cash flows have no internal rate of return in [-90 %, 100 %]")
    return brentq(npv, -0.9, 1.0, xtol=1e-15, rtol=1e-15, maxiter=500)


def pv_ratio(contributions: np.ndarray, benefits: np.ndarray, discount) -> float:
    """``PV(benefits) / PV(contributions)`` with factors ``v_k = prod_{j=1..k} (1 + d_j)^-1`` (``v_0 = 1``).

    ``discount``: a rate per year, constant or one per cash-flow year (the first is unused).
    """
    d = np.broadcast_to(np.asarray(discount, dtype=float), np.shape(contributions)).copy()
    d[0] = 0.0
    v = np.cumprod(1.0 / (1.0 + d))
    return float(np.sum(v * benefits) / np.sum(v * contributions))


def _alive(assumptions: AssumptionSet, sex: str, birth_year: int, years: np.ndarray) -> np.ndarray:
    """Expected survivors at 31 December of each of ``years`` (consecutive), 1 at the end of the year before.

    Year ``t`` applies the cohort-component ratio of its age ``x = t - b`` from the ``mortality`` table of
    ``t`` (clamped to the table's years); beyond age 100 the open group's constant hazard ``exp(-m_100)``.
    """
    mx = assumptions.data("mortality").sel(sex=sex).transpose("year", "age")
    table_years = mx["year"].values
    idx = np.clip(years, table_years[0], table_years[-1]) - table_years[0]
    ratios = survival_ratios(mx.values, sex=sex)[idx]
    ages = years - birth_year
    step = np.where(ages <= OPEN_AGE, ratios[np.arange(years.size), np.minimum(ages, OPEN_AGE)],
                    np.exp(-mx.values[idx, OPEN_AGE]))
    return np.cumprod(step)


def _cash_flows(assumptions: AssumptionSet, paths: YearPaths, birth_year: int, group: str, status: str,
                years: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expected contributions (total, member's share) and benefits by year of ``years`` (yuan, per member alive
    at the start of the career)."""
    start = int(years[0])
    age = statutory_age(assumptions, group, birth_year=birth_year)
    retire = birth_year + age
    career = (years < retire)
    ratio = STATUSES[status] or assumptions.scalar("flexible_base_ratio")
    base = np.clip(ratio, paths.at("floor", years), paths.at("ceiling", years)) * paths.at("wage", years) * career
    if status == "employee":
        total, own = (paths.at("employer", years) + paths.at("worker", years)) * base, paths.at("worker", years) * base
    else:
        total = own = paths.at("flexible", years) * base
    award = _award(paths, assumptions, start=start, retire=retire, age=age, multiple=ratio,
                   account_rate="worker" if status == "employee" else "flexible_account").total
    after = years > retire
    pension = award * np.cumprod(np.where(after, 1.0 + paths.at("indexation", years), 1.0)) * (years >= retire)
    alive = _alive(assumptions, SEX_OF_GROUP[group], birth_year, years)
    person_years = (np.concatenate([[1.0], alive[:-1]]) + alive) / 2.0
    benefits = np.where(after, 12.0 * pension * person_years, 6.0 * pension * alive)
    return total * person_years, own * person_years, benefits


def money_s_worth(assumptions: AssumptionSet, projection: xr.Dataset, *, cohorts=COHORTS) -> pd.DataFrame:
    """Money's worth of a full career for a representative member of each birth cohort, sex and status.

    Career from age 22 or from 1997 if later (deemed years for earlier work are **not** credited), to the
    statutory age of the cohort (born in July; :func:`statutory_age`), at 1 x the average wage (employee:
    employer + worker rates, worker rate to the account) or at ``flexible_base_ratio`` x the wage
    (flexible: flexible rate, ``flexible_account_rate`` to the account), both clipped to floor and ceiling.
    Pensions indexed, all flows weighted by the cohort's survival from the career start (person-years of each
    year) to age :data:`LAST_AGE` (module docstring for the paths beyond the horizon).  A woman is the mix of
    the two female groups with ``female_cadre_share`` of the year she turns 55 (expected cash flows).

    Returns
    -------
    DataFrame with columns ``birth_year``, ``sex``, ``status`` (``employee``, ``flexible``), ``irr``
    (nominal, per year), ``pv_ratio_discount`` (PV benefits / PV contributions at ``valuation_discount_rate``),
    ``pv_ratio_wage_growth`` (the same, discounted at average-wage growth) and ``contributions_share``:
    ``total`` (all contributions: what the member's contributions buy) or ``worker`` (the member's own
    share: the worker rate for an employee, the whole flexible rate for a flexible worker, who pays it all).
    """
    last = max(cohorts) + LAST_AGE
    paths = year_paths(assumptions, projection, REFORM_YEAR, last)
    rows = []
    for b in cohorts:
        years = np.arange(max(b + START_AGE, REFORM_YEAR), b + LAST_AGE + 1)
        cadre = float(paths.at("female_cadre_share", b + ORIGINAL_AGES["female_cadre"]))
        for sex, mix in (("male", {"male": 1.0}), ("female", {"female_cadre": cadre, "female_worker": 1.0 - cadre})):
            for status in STATUSES:
                flows = [sum(w * f for w, f in zip(mix.values(), parts)) for parts in zip(
                    *(_cash_flows(assumptions, paths, b, group, status, years) for group in mix))]
                total, own, benefits = flows
                discount, growth = paths.at("discount", years), paths.at("growth", years)
                for share, paid in (("total", total), ("worker", own)):
                    rows.append((b, sex, status, irr(paid, benefits), pv_ratio(paid, benefits, discount),
                                 pv_ratio(paid, benefits, growth), share))
    return pd.DataFrame(rows, columns=["birth_year", "sex", "status", "irr", "pv_ratio_discount",
                                       "pv_ratio_wage_growth", "contributions_share"])


def career_metrics_rows(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """Rows ``scheme, metric, value, unit`` (scheme ``pension_employee``) for ``metrics.csv``.

    ``replacement_rate_model_{y}y_{m:.1f}x_{T}`` (men, final wage; women add ``_female_cadre`` /
    ``_female_worker``) and ``replacement_rate_average_wage_model_...`` for eligible careers only (a career
    short of the minimum years in force has no pension); ``irr_{status}_{sex}_{b}``,
    ``pv_ratio_discount_...`` and ``pv_ratio_wage_growth_...``, with ``_worker_share`` for the member's own
    contributions.
    """
    rows = []
    careers = model_career_replacement_rates(assumptions, projection)
    careers = careers[careers["eligible"] & careers["pension"].notna()]
    for r in careers.itertuples():
        suffix = "" if r.group == "male" else f"_{r.group}"
        name = f"model_{r.years}y_{r.wage_multiple:.1f}x_{r.year}{suffix}"
        rows += [("pension_employee", f"replacement_rate_{name}", r.replacement_rate_final_wage, "ratio"),
                 ("pension_employee", f"replacement_rate_average_wage_{name}", r.replacement_rate_average_wage, "ratio")]
    for r in money_s_worth(assumptions, projection).itertuples():
        name = f"{r.status}_{r.sex}_{r.birth_year}" + ("" if r.contributions_share == "total" else "_worker_share")
        rows += [("pension_employee", f"irr_{name}", r.irr, "per_year"),
                 ("pension_employee", f"pv_ratio_discount_{name}", r.pv_ratio_discount, "ratio"),
                 ("pension_employee", f"pv_ratio_wage_growth_{name}", r.pv_ratio_wage_growth, "ratio")]
    return pd.DataFrame(rows, columns=["scheme", "metric", "value", "unit"])


__all__ = ["Award", "CAREER_YEARS", "YearPaths", "career_metrics_rows", "irr", "model_career_replacement_rates",
           "money_s_worth", "monthly_award", "pv_ratio", "statutory_age", "year_paths"]
