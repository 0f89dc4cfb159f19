"""Lee-Carter mortality: the fit on abridged death rates and the stochastic paths around a deterministic
mortality table.

Model (Lee and Carter 1992): ``ln m(x, t) = a_x + b_x k_t + e(x, t)`` with ``sum_x b_x = 1`` and
``sum_t k_t = 0``; ``a_x`` the mean of ``ln m`` over the fitted periods, ``b_x`` and ``k_t`` the first
singular vectors of the centred matrix.  The time index is a random walk with drift,
``k_t = k_{t-1} + d + sigma e_t``.

Around the model's deterministic table (pinned to the WPP medium life expectancy), path ``p`` is

    m_p(x, t) = m(x, t) * exp(b_x (k_t^p - k_t^median)),
    k_t^p - k_t^median = s * sigma * W_t^p,   W_t^p = sum_{u = base+1}^{t} e_u^p,
    s = s_up where W_t^p >= 0 (mortality above the median path), s_down where W_t^p < 0 (below it),

so the drift is whatever the deterministic table implies (the median of ``k`` is the deterministic
path) and the spread is the fitted innovation sd ``sigma`` times a calibration scale, one on each side of
the median: a deviation proportional on log death rates lowers life expectancy more than it raises it,
while WPP's intervals are skewed towards longer lives, so one scale cannot match both tails.  The map
from ``W`` to the deviation is increasing and keeps 0, so with ``b_x >= 0`` life expectancy falls as the
deviation rises, its median over paths is the deterministic life expectancy and its quantiles are the life
expectancies at the deviation's quantiles (:func:`e0_quantiles`).

Reference: Lee, R. D. and Carter, L. R. (1992). Modeling and forecasting U.S. mortality. *Journal of the
American Statistical Association* 87(419), 659-671.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy.special import ndtri

from actuarial.dims import OPEN_AGE

GROUP_STARTS = np.array([0, 1, *range(5, OPEN_AGE + 1, 5)])
"""First single age of each abridged group of the WPP tables: 0, 1-4, 5-9, ..., 95-99, 100+."""


@dataclass(frozen=True)
class LeeCarterFit:
    """One sex's fit: ``a`` and ``b`` by abridged group, ``k`` by fitted period, and the share of the
    centred matrix's variance the first component explains."""

    a: np.ndarray
    b: np.ndarray
    k: np.ndarray
    explained: float


def fit_lee_carter(log_mx: np.ndarray) -> LeeCarterFit:
    """Fit ``ln m = a + b k`` on ``log_mx`` of shape (age group, period) by singular value decomposition,
    normalised to ``sum b = 1`` (so ``sum k = 0`` follows from centring)."""
    log_mx = np.asarray(log_mx, dtype=float)
    a = log_mx.mean(axis=1)
    left, values, right = np.linalg.svd(log_mx - a[:, None], full_matrices=False)
    total = left[:, 0].sum()
    b = left[:, 0] / total
    k = values[0] * right[0] * total
    return LeeCarterFit(a=a, b=b, k=k, explained=float(values[0] ** 2 / (values ** 2).sum()))


def single_age(by_group: np.ndarray) -> np.ndarray:
    """Values by abridged group (last axis, :data:`GROUP_STARTS`) held over the group's single ages 0..100."""
    index = np.searchsorted(GROUP_STARTS, np.arange(OPEN_AGE + 1), side="right") - 1
    return np.asarray(by_group)[..., index]


def k_deviation(innovations: np.ndarray, *, sd: float, scale: float, improvement_scale: float) -> np.ndarray:
    """``k^p - k^median`` over (path, year): the running sum ``W`` of the standard normal ``innovations`` over
    years (the base year's deviation is 0, the first projection year's one step) times ``scale * sd`` where
    ``W >= 0`` (mortality above its median) and ``improvement_scale * sd`` where ``W < 0``."""
    walk = np.cumsum(innovations, axis=-1)
    return (np.where(walk < 0.0, improvement_scale, scale) * sd) * walk


def shocked_mortality(mx: np.ndarray, deviation: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``m(x, t) exp(b_x d_t)``: ``mx`` (year, sex, age), ``deviation`` (path, year, sex), ``b`` (sex, age)
    give (path, year, sex, age).  A zero deviation returns ``mx`` exactly."""
    return mx[None] * np.exp(b[None, None] * deviation[..., None])


def e0_quantiles(mx: np.ndarray, b: np.ndarray, *, sd: float, scale: float, improvement_scale: float, steps: int,
                 probabilities, life_expectancy: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """The model's quantiles of life expectancy in a year ``steps`` years after the base year, exactly:
    the walk ``W`` is normal with sd ``sqrt(steps)``, the deviation an increasing function of it
    (:func:`k_deviation`) and life expectancy falls with the deviation, so the ``q`` quantile of life
    expectancy is the life expectancy at the deviation of the walk's ``1 - q`` quantile.

    ``mx`` and ``b`` are one sex's single-age rates and loadings; ``life_expectancy`` maps rates (..., age)
    to life expectancy at birth (the demography stage's life table, passed in to keep this layer below it).
    """
    z = ndtri(1.0 - np.asarray(probabilities, dtype=float))
    deviation = z * np.where(z < 0.0, improvement_scale, scale) * sd * np.sqrt(steps)
    return life_expectancy(mx[None] * np.exp(b[None] * deviation[:, None]))


__all__ = ["GROUP_STARTS", "LeeCarterFit", "e0_quantiles", "fit_lee_carter", "k_deviation", "shocked_mortality",
           "single_age"]
