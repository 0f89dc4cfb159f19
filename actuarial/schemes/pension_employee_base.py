"""Rights accrued to date by the employee pension's active members at the base year.

The base-year state comes from the history run
(:mod:`actuarial.schemes.pension_employee_history`).  The accrued pension of a
cohort is the award formula on what its members hold so far, group by group
(members of 1997 with their deemed years, later members), without the minimum
years (vested-only values are in :mod:`actuarial.analysis.pension_debt`); the
account part is converted at the divisor of the cohort's expected retirement
age.
"""

from __future__ import annotations

import numpy as np

from actuarial.dims import OPEN_AGE


def expected_retirement_age(active_share: np.ndarray) -> np.ndarray:
    """Mean age at retirement (sex, age) of the base year's actives: ``x + sum_k a(k, x+k) / a(0, x)`` with
    ``a`` the share not past retirement age along the cohort (year, sex, age); ages past the horizon count
    as retired."""
    n_years, n_sexes, n_ages = active_share.shape
    ages = np.arange(n_ages)
    expected = np.tile(ages.astype(float), (n_sexes, 1))
    start = active_share[0]
    for k in range(1, min(n_years, n_ages)):
        later = np.zeros((n_sexes, n_ages))
        later[:, : n_ages - k] = active_share[k, :, k:]
        expected += np.divide(later, start, out=np.zeros_like(later), where=start > 0)
    return expected


def group_means(state, n_buckets: int) -> dict[str, np.ndarray]:
    """Per active (sex, age, group): total years, actual years, and the group's mean indexed ratio."""
    years = np.arange(n_buckets)
    mass = state.h_c + state.h_n
    total = mass @ years
    actual = total - state.deemed * mass.sum(axis=-1)
    ratio = np.divide(state.ratio_sum, actual, out=np.zeros_like(actual), where=actual > 0)
    return {"total": total, "actual": actual, "ratio": ratio, "members": mass.sum(axis=-1)}


def accrued_pension(parameters, stage: dict) -> np.ndarray:
    """Annual pension accrued to date per person not past retirement age in the base year (sex, age):
    ``12 sum_g [W (1 + I_g) / 2 Y_g a + balance_g / divisor(R) + W I_g D_g a_tr n_g]`` with ``Y_g`` the
    group's total years per active, ``D_g`` its deemed years, ``n_g`` its members, ``I_g`` its
    mean indexed-wage ratio, ``W`` the base year's monthly average wage and ``R`` the cohort's expected
    retirement age."""
    p = parameters
    state = stage["state"]
    means = group_means(state, state.h_c.shape[-1])
    saw_base = stage["wage"][0] / 12.0
    retirement = np.clip(np.rint(stage["retirement_age"]), 0, OPEN_AGE).astype(int)
    monthly = (saw_base * (1.0 + means["ratio"]) / 2.0 * means["total"] * float(p.accrual[0])
               + state.balance / p.divisor[retirement][..., None]
               + saw_base * means["ratio"] * state.deemed * means["members"] * p.transitional_accrual)
    return 12.0 * monthly.sum(axis=-1)
