"""Total fertility as a bounded time series around a deterministic path.

The gap to the deterministic path is an AR(1) on the logit scale between the bounds ``L < U``:

    y_t = ln((F_t - L) / (U - F_t)),       F_t the deterministic total fertility (the WPP medium path),
    X_t = phi X_{t-1} + sigma e_t,         X_base = 0,
    F_t^p = F_t + (U - L) (expit(y_t + X_t^p) - expit(y_t)),

so every path stays inside (L, U), the median path is the deterministic one (``X`` is symmetric and the
map increasing) and a zero shock returns it exactly.  Age-specific rates scale by ``F^p / F`` (the age
pattern held).  ``X_t`` is normal with variance ``sigma^2 (1 - phi^(2n)) / (1 - phi^2)`` after ``n``
steps, so the quantiles are exact (:func:`tfr_quantiles`).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit, ndtri

from actuarial.stochastic.economy import ar1


def _logit(base: np.ndarray, lower: float, upper: float) -> np.ndarray:
    base = np.asarray(base, dtype=float)
    if np.any(base <= lower) or np.any(base >= upper):
        raise ValueError(f"deterministic total fertility {base.min():.4g}..{base.max():.4g} must lie strictly "
                         f"between the bounds {lower:g} and {upper:g}")
    return np.log((base - lower) / (upper - base))


def tfr_paths(base: np.ndarray, innovations: np.ndarray, *, lower: float, upper: float, persistence: float,
              sd: float) -> np.ndarray:
    """Total fertility by (path, year) from the deterministic ``base`` (year) and standard normal
    ``innovations`` (path, year)."""
    y = _logit(base, lower, upper)
    gap = ar1(innovations, persistence=persistence, sd=sd)
    return base + (upper - lower) * (expit(y + gap) - expit(y))


def tfr_quantiles(base: np.ndarray, steps: np.ndarray, probabilities, *, lower: float, upper: float,
                  persistence: float, sd: float) -> np.ndarray:
    """Exact quantiles of the model's total fertility, shape (year, probability), for ``base`` (year)
    ``steps`` (year) years after the base year."""
    y = _logit(base, lower, upper)
    steps = np.asarray(steps, dtype=float)
    variance = sd ** 2 * (steps if persistence == 1.0 else (1 - persistence ** (2 * steps)) / (1 - persistence ** 2))
    z = ndtri(np.asarray(probabilities, dtype=float))
    return lower + (upper - lower) * expit(y[:, None] + np.sqrt(variance)[:, None] * z[None])


__all__ = ["tfr_paths", "tfr_quantiles"]
