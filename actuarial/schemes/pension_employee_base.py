"""Rights accrued to date by the employee pension's active members at the base year.

The base-year state comes from the history run
(:mod:`actuarial.schemes.pension_employee_history`).  The accrued pension of a
cohort is the award formula on what its members hold so far, group by group
(members of 1997 with their deemed years, later members), without the minimum
years.

:func:`accrued_rights` splits the rights into the wage-linked part (basic
and transitional pensions, yuan a year at base-year wages) and the account
balances (yuan), each on three vesting bases (:data:`VESTING`), for the debt's
standard bases (:mod:`actuarial.analysis.pension_debt`).  Timing: the state at
31 December of the base year; "actives" are the persons not past their
retirement age.  Every array may carry leading axes (a path axis: one path in a deterministic run, or the
paths of a stacked run, :mod:`actuarial.schemes.protocol`), written ``...`` below.
"""

from __future__ import annotations

import numpy as np


VESTING = ("all", "vested", "vestable")
"""Vesting bases of the accrued rights: ``all`` members; ``vested``: members who already hold the minimum
contribution years in force in the base year (deemed years included); ``vestable``: members who reach the
minimum in force in their retirement year if they contribute every remaining year to their expected
retirement age (:func:`accrued_rights`)."""


def expected_retirement_age(active_share: np.ndarray) -> np.ndarray:
    """Mean age at retirement (..., sex, age) of the base year's actives: ``x + sum_k a(k, x+k) / a(0, x)`` with
    ``a`` the share not past retirement age along the cohort (..., year, sex, age); ages past the horizon count
    as retired.

    This counts the further years the cohort ends **active** at 31 December, i.e. the completed age at the
    last 31 December before retirement: one year less than the exact age at retirement
    (:func:`exact_retirement_age`)."""
    n_years, n_ages = active_share.shape[-3], active_share.shape[-1]
    start = active_share[..., 0, :, :]
    expected = np.broadcast_to(np.arange(n_ages, dtype=float), start.shape).copy()
    for k in range(1, min(n_years, n_ages)):
        later = np.zeros(start.shape)
        later[..., : n_ages - k] = active_share[..., k, :, k:]
        expected += np.divide(later, start, out=np.zeros_like(later), where=start > 0)
    return expected


def exact_retirement_age(active_share: np.ndarray) -> np.ndarray:
    """Expected exact age at retirement (..., sex, age) of the base year's actives: :func:`expected_retirement_age`
    + 1.

    A member retiring at exact age ``R`` is active at 31 December up to completed age ``R - 1`` (fraction
    ``ceil(R) - R`` of the cohort at ``floor(R)``); summed along the cohort, the shares give ``R - 1 - x``
    years after the base year.  The cohort aged ``x`` (mean exact age ``x + 1/2``) then retires on average
    ``R - x - 1/2`` years after 31 December of the base year, in the kernel's step at completed age
    ``floor(R)`` or ``ceil(R)`` (so the linear interpolation of the divisor at ``R`` is the kernel's mix).
    """
    return expected_retirement_age(active_share) + 1.0


def group_means(state, n_buckets: int) -> dict[str, np.ndarray]:
    """Per active (..., sex, age, group): total years, actual years, and the group's mean indexed ratio."""
    years = np.arange(n_buckets)
    mass = state.h_c + state.h_n
    total = mass @ years
    actual = total - state.deemed * mass.sum(axis=-1)
    ratio = np.divide(state.ratio_sum, actual, out=np.zeros_like(actual), where=actual > 0)
    return {"total": total, "actual": actual, "ratio": ratio, "members": mass.sum(axis=-1)}


def vesting_weights(*, n_buckets: int, retirement_age: np.ndarray, minimum_now: float,
                    minimum_at_retirement: np.ndarray) -> np.ndarray:
    """Which contribution-year buckets count on each basis of :data:`VESTING`: (basis, ..., sex, age, bucket) of 0/1.

    Parameters
    ----------
    n_buckets : buckets of total contribution years ``y = 0 .. n_buckets - 1`` (deemed years included).
    retirement_age : (..., sex, age) expected exact age ``R`` at retirement (:func:`exact_retirement_age`).
    minimum_now : minimum years in force in the base year (``vested``: ``y >= minimum_now``).
    minimum_at_retirement : (..., sex, age) minimum years in force in each cell's retirement year
        (``vestable``: ``y + max(R - x - 1/2, 0) >= minimum``: every remaining year contributed, the final
        half year included).
    """
    years = np.arange(n_buckets, dtype=float)
    ages = np.arange(retirement_age.shape[-1], dtype=float)
    remaining = np.clip(retirement_age - ages - 0.5, 0.0, None)
    weights = np.ones((len(VESTING), *retirement_age.shape, n_buckets))
    weights[1] = years >= minimum_now - 1e-9
    weights[2] = years + remaining[..., None] >= minimum_at_retirement[..., None] - 1e-9
    return weights


def retirement_year_minimum(minimum_years: np.ndarray, years: np.ndarray, retirement_age: np.ndarray) -> np.ndarray:
    """Minimum years (..., sex, age) in force in each cell's retirement year ``base + max(1, ceil(R - x - 1/2))``
    (the year the cohort's mean exact age reaches ``R``; past the horizon, the last year's minimum)."""
    ages = np.arange(retirement_age.shape[-1], dtype=float)
    after = np.maximum(1, np.ceil(retirement_age - ages - 0.5 - 1e-9)).astype(int)
    return np.asarray(minimum_years, dtype=float)[np.clip(after, 0, len(years) - 1)]


def accrued_rights(parameters, stage: dict) -> dict[str, np.ndarray]:
    """The accrued rights of the base year's actives, per active, on each basis of :data:`VESTING`.

    ``stage`` holds the base-year ``state`` (its ``h_c``, ``h_n`` (..., sex, age, group, bucket), ``deemed``,
    ``ratio_sum``, ``balance`` (..., sex, age, group)), the ``retirement_age`` (..., sex, age) of
    :func:`expected_retirement_age` and the average ``wage`` (..., year).

    Returns
    -------
    dict of
        ``wage_linked`` : (..., basis, sex, age) annual basic + transitional pension accrued to date at the base
            year's wages, ``12 sum_g sum_y v_y m_gy [W (1 + I_g) / 2 y a + W I_g D_g a_tr]`` (yuan/year per
            active);
        ``account`` : (..., basis, sex, age) individual-account balances at 31 December,
            ``sum_g balance_g sum_y v_y m_gy (y - D_g) / sum_y m_gy (y - D_g)`` (yuan per active);
        ``retirement_age`` : (..., sex, age) expected exact age at retirement (:func:`exact_retirement_age`).

    ``m_gy`` is the share of actives in group ``g`` holding ``y`` total years (``h_c + h_n``), ``v_y`` the
    basis' weight (:func:`vesting_weights`), ``D_g`` the group's deemed years, ``I_g`` its mean
    indexed-wage ratio, ``W`` the base year's monthly average wage, ``a`` and ``a_tr`` the accruals of the
    base year.  Balances are shared within a group in proportion to actual years, as the kernel awards
    them.
    """
    p = parameters
    state = stage["state"]
    n_buckets = state.h_c.shape[-1]
    retirement = stage["retirement_age"] + 1.0  # the stage keeps expected_retirement_age
    weights = np.moveaxis(vesting_weights(                              # (..., basis, sex, age, bucket)
        n_buckets=n_buckets, retirement_age=retirement, minimum_now=float(p.minimum_years[0]),
        minimum_at_retirement=retirement_year_minimum(p.minimum_years, p.years, retirement)), 0, -4)
    basis = lambda values: np.expand_dims(values, -4)  # noqa: E731  (..., 1, sex, age, group)
    mass = np.expand_dims(state.h_c + state.h_n, -5)                    # (..., 1, sex, age, group, bucket)
    years = np.arange(n_buckets, dtype=float)
    actual_years = np.expand_dims(years - state.deemed[..., None], -5)
    means = {name: basis(values) for name, values in group_means(state, n_buckets).items()}
    saw_base = stage["wage"][..., 0, None, None, None, None] / 12.0
    counted = mass * weights[..., None, :]                              # (..., basis, sex, age, group, bucket)
    monthly = (saw_base * (1.0 + means["ratio"]) / 2.0 * float(p.accrual[0]) * (counted @ years)
               + saw_base * means["ratio"] * basis(state.deemed) * p.transitional_accrual * counted.sum(axis=-1))
    share = np.divide((counted * actual_years).sum(axis=-1), means["actual"],
                      out=np.zeros(counted.shape[:-1]), where=means["actual"] > 0)
    return {"wage_linked": 12.0 * monthly.sum(axis=-1), "account": (basis(state.balance) * share).sum(axis=-1),
            "retirement_age": retirement}


__all__ = ["VESTING", "accrued_rights", "exact_retirement_age", "expected_retirement_age",
           "group_means", "retirement_year_minimum", "vesting_weights"]
