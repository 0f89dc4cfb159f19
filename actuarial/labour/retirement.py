"""Retirement by birth cohort: statutory ages, flexible retirement and retired fractions.

Pure functions of a validated :class:`~actuarial.config.AssumptionSet`; nothing
here mutates it.  The rules are those of the Decision of the NPC Standing
Committee of 13 September 2024 and its annexed *Measures of the State Council
on the Gradual Raising of the Statutory Retirement Age* (in force 1 January
2025); the shipped table and its checks are documented in
``assumptions/china/METHOD_retirement.md``.

Conventions
-----------
* Stocks at 31 December.  A person aged ``x`` (completed years) at 31 December
  of year ``t`` was born in year ``b = t - x``; ``x = 100`` is the open group
  100+ (all past any retirement age).
* Births are uniform within the birth year, at mid-month of each month: a person
  born in month ``m`` of year ``b`` is aged exactly
  ``x + (12 - m + 0.5) / 12`` years at 31 December of ``t = b + x``.
* A retirement age ``R`` is reached in the month of birth ``R`` months after
  birth, so with mid-month births the person is retired at 31 December of
  ``t`` if ``12 x + 12 - m >= 12 R`` (the retirement month is December of ``t``
  or earlier), the rule of the annex tables (born January 1965, statutory age
  60 years 1 month, retires February 2025).
* Groups: ``male``; ``female_cadre`` (original age 55, managerial and
  professional-technical posts); ``female_worker`` (original age 50).  The
  original age of a group is its statutory age for the earliest cohort of the
  table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.dims import OPEN_AGE, RETIREMENT_GROUPS, SEXES

AGES = np.arange(OPEN_AGE + 1)
MONTHS = np.arange(1, 13)
TOLERANCE_MONTHS = 1e-6
"""Slack when comparing ages in months (exact ages are half-months, statutory ages whole months)."""


@dataclass(frozen=True)
class RetirementRules:
    """The retirement rules of each group, as read-only labelled arrays (the mix of the two female
    groups, ``female_cadre_share``, is a time path read by :func:`retired_fraction`).

    Attributes
    ----------
    schedule : (group, birth_year, birth_month) statutory retirement age, years.
    flexible : (offset,) share of each group choosing retirement ``offset`` whole
        years from the statutory age (sums to 1).
    """

    schedule: xr.DataArray
    flexible: xr.DataArray

    @classmethod
    def from_assumptions(cls, assumptions: AssumptionSet) -> RetirementRules:
        """Pick the schedule and the flexible-retirement shares out of ``assumptions``."""
        schedule = assumptions.data("statutory_retirement_age").transpose("group", "birth_year", "birth_month")
        return cls(
            schedule=schedule.sel(group=list(RETIREMENT_GROUPS)),
            flexible=assumptions.data("flexible_retirement"),
        )


def original_retirement_age(schedule: xr.DataArray) -> xr.DataArray:
    """The pre-reform ("original") age of each group: its value for the earliest cohort.

    Parameters
    ----------
    schedule : (group, birth_year, birth_month) statutory age, years.

    Returns
    -------
    xr.DataArray (group,), years: 60 / 55 / 50 for the shipped China table.
    """
    first = schedule.isel(birth_year=0, birth_month=0, drop=True)
    return first.assign_attrs(units="years", long_name="Original (pre-2025) statutory retirement age")


def retirement_age_by_birth_month(
    schedule: xr.DataArray, *, offsets: xr.DataArray, original_age: xr.DataArray
) -> xr.DataArray:
    """Retirement age of each cohort for each flexible-retirement offset.

    For group ``g``, cohort born in month ``m`` of year ``b`` with statutory
    age ``R = R_g(b, m)`` and original age ``A0_g``, the age at which a person
    choosing offset ``d`` (whole years) retires is (Measures, article 3)::

        R_d = max(R + d, A0_g)   if R > A0_g and d < 0   (early, never below the original age)
        R_d = R + d              if R > A0_g and d >= 0  (at the statutory age or deferred)
        R_d = A0_g               if R = A0_g             (cohorts the reform did not raise)

    Flexible retirement exists only from 1 January 2025.  It is applied to the
    cohorts whose statutory age the reform raised (``R > A0``); with the
    legislated schedule these are exactly the cohorts reaching the original
    age on or after 1 January 2025 (men born from January 1965, cadres from
    January 1970, workers from January 1975), so every flexible retirement
    date falls in 2025 or later and earlier cohorts keep the old rules.

    Parameters
    ----------
    schedule : (group, birth_year, birth_month) statutory age, years.
    offsets : (offset,) the offsets (only its ``offset`` coordinate is used),
        whole years.
    original_age : (group,) original age, years.

    Returns
    -------
    xr.DataArray (group, birth_year, birth_month, offset), years.
    """
    offset = offsets["offset"].astype(float)
    raised = schedule > original_age + TOLERANCE_MONTHS / 12.0
    shifted = schedule + offset
    early = np.maximum(shifted, original_age)
    ages = xr.where(offset < 0, early, shifted)
    ages = xr.where(raised, ages, original_age + 0.0 * offset)
    return ages.transpose("group", "birth_year", "birth_month", "offset").assign_attrs(
        units="years", long_name="Retirement age by birth month and flexible-retirement offset"
    )


def retired_fraction_by_group(rules: RetirementRules, years) -> xr.DataArray:
    """Fraction of each (year, group, age) cell past its own retirement age at 31 December.

    With ``b = t - x`` clamped to the birth years of the table (earlier cohorts
    take the first table year, later ones the last), retirement ages
    ``R_d(g, b, m)`` from :func:`retirement_age_by_birth_month` and shares
    ``w_d`` of :attr:`RetirementRules.flexible`::

        r_g(t, x) = (1/12) sum_{m=1..12} sum_d w_d 1[12 x + 12 - m >= 12 R_d(g, b, m)]

    i.e. births spread evenly over the months of ``b`` and the person born in
    month ``m`` (mid-month) is retired once the month in which they reach
    ``R_d`` is December of ``t`` or earlier.

    Parameters
    ----------
    rules : the retirement assumptions.
    years : sequence of int, calendar years (may include the base year and
        years before the reform; the schedule itself carries the reform).

    Returns
    -------
    xr.DataArray (year, group, age), fraction in [0, 1], non-decreasing in age.
    """
    years = np.asarray(years, dtype=int)
    original = original_retirement_age(rules.schedule)
    ages_d = retirement_age_by_birth_month(rules.schedule, offsets=rules.flexible, original_age=original)
    months_d = ages_d.values * 12.0                                     # (group, birth_year, month, offset)
    shares = rules.flexible.sel(offset=ages_d["offset"]).values         # (offset,)
    birth_years = ages_d["birth_year"].values                         # consecutive: the table covers its declared range
    birth_index = np.clip(years[:, None] - AGES[None, :] - birth_years[0], 0, len(birth_years) - 1)  # (year, age)
    reached = 12.0 * AGES[:, None] + 12.0 - MONTHS[None, :]             # (age, month): months lived at the December retirement test
    threshold = months_d[:, birth_index]                                # (group, year, age, month, offset)
    retired = reached[None, None, :, :, None] >= threshold - TOLERANCE_MONTHS
    fraction = np.einsum("gyamd,d->gya", retired, shares) / len(MONTHS)
    # Shares sum to 1 only to rounding: a cell in which every month and offset has retired is exactly 1.
    fraction = np.where(retired.all(axis=(3, 4)), 1.0, np.clip(fraction, 0.0, 1.0))
    return xr.DataArray(
        fraction.transpose(1, 0, 2),
        coords={"year": years, "group": list(ages_d["group"].values), "age": AGES},
        dims=("year", "group", "age"),
        name="retired_fraction",
        attrs={"units": "fraction", "long_name": "Share of the cell past its own retirement age at 31 December"},
    )


def retired_fraction(assumptions: AssumptionSet, years) -> xr.DataArray:
    """Fraction of persons in each (year, sex, age) cell past their own retirement age at 31 December.

    Men follow the ``male`` schedule; women are a mix of the two female groups
    with the share ``c(t)`` of ``female_cadre_share`` in the year of observation
    (the first projection year's value for the base year)::

        r(t, male, x)   = r_male(t, x)
        r(t, female, x) = max(c(t) r_female_cadre(t, x) + (1 - c(t)) r_female_worker(t, x),
                              r(t - 1, female, x - 1))

    A cohort's share past retirement age never falls (nobody un-retires): when
    ``c`` rises, women already past the worker age stay retired and the higher
    share of cadres applies to those not yet retired.  With a constant ``c`` the
    mix already rises along every cohort and the maximum changes nothing; the
    running maximum starts in the base year (or the first year asked for, if
    earlier) and runs over consecutive years whatever ``years`` holds.

    Here ``r_g`` is :func:`retired_fraction_by_group` (statutory age by month
    of birth, flexible offsets for the cohorts the 2024 reform raised, births
    mid-month).  "Retired" means past one's own retirement age under the
    employee-scheme rules; eligibility (minimum contribution years) is a
    matter for the schemes.

    Parameters
    ----------
    assumptions : the validated set (uses ``statutory_retirement_age``,
        ``flexible_retirement``, ``female_cadre_share``).
    years : sequence of int, calendar years of the 31-December stocks; may
        include the base year (2024: the pre-reform rules, since no raised
        cohort reaches its original age before 2025).

    Returns
    -------
    xr.DataArray (year, sex, age), fraction in [0, 1].
    """
    rules = RetirementRules.from_assumptions(assumptions)
    years = np.asarray(years, dtype=int)
    span = np.arange(min(int(years.min()), assumptions.base_year), int(years.max()) + 1)
    by_group = retired_fraction_by_group(rules, span)
    cadre = xr.DataArray(assumptions.path("female_cadre_share", span), coords={"year": span}, dims="year")
    female = cadre * by_group.sel(group="female_cadre", drop=True) + (1.0 - cadre) * by_group.sel(group="female_worker", drop=True)
    female = female.transpose("year", "age")
    female = female.copy(data=_never_falling_along_cohorts(female.values))
    male = by_group.sel(group="male", drop=True)
    result = xr.concat([male, female], dim=xr.DataArray(list(SEXES), dims="sex", name="sex"))
    result = result.sel(year=years)
    return result.transpose("year", "sex", "age").rename("retired_fraction").assign_attrs(by_group.attrs)


def _never_falling_along_cohorts(fraction: np.ndarray) -> np.ndarray:
    """``r(t, x) = max(r(t, x), r(t - 1, x - 1))`` over consecutive years (year, age): the share of a cohort
    past its retirement age never falls as it ages (the open age keeps the max with the age below it)."""
    out = fraction.copy()
    for t in range(1, out.shape[0]):
        out[t, 1:] = np.maximum(out[t, 1:], out[t - 1, :-1])
    return out


def mean_statutory_retirement_age(assumptions: AssumptionSet) -> xr.DataArray:
    """Mean statutory retirement age of each birth cohort (over its 12 birth months), for reports.

    ``R̄_g(b) = (1/12) sum_m R_g(b, m)`` (births uniform over the year; no
    flexible offsets).

    Returns
    -------
    xr.DataArray (group, birth_year), years.
    """
    schedule = RetirementRules.from_assumptions(assumptions).schedule
    return schedule.mean("birth_month").rename("mean_statutory_retirement_age").assign_attrs(
        units="years", long_name="Mean statutory retirement age of the birth cohort"
    )
