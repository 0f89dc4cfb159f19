"""Economic and migration processes driven by standard normal innovations, and the AI adoption
parameters drawn once per path.

Every process is a deviation from the deterministic path of the assumption it moves, zero in the base
year, so a zero shock leaves the deterministic run unchanged:

* :func:`ar1`: ``X_t = phi X_{t-1} + sigma e_t`` (real wage growth, inflation, the unemployment rate,
  each fund's return with ``phi = 0``; the fertility gap on the logit scale);
* :func:`standardised_ar1`: ``Z_t = phi Z_{t-1} + sqrt(1 - phi^2) e_t`` with ``Z_1 = e_1``, unit
  variance every year, times a year's sd (net migration, whose yearly spread is WPP's).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from actuarial.stochastic.streams import correlate


def ar1(innovations: np.ndarray, *, persistence: float, sd: float) -> np.ndarray:
    """``X_t = persistence X_{t-1} + sd e_t`` over the last axis (year), from ``X_base = 0``."""
    out = np.empty_like(innovations, dtype=float)
    previous = np.zeros(innovations.shape[:-1])
    for t in range(innovations.shape[-1]):
        previous = persistence * previous + sd * innovations[..., t]
        out[..., t] = previous
    return out


def standardised_ar1(innovations: np.ndarray, *, persistence: float) -> np.ndarray:
    """Unit-variance AR(1) over the last axis (year): ``Z_1 = e_1``, ``Z_t = phi Z_{t-1} + sqrt(1 - phi^2) e_t``."""
    out = np.empty_like(innovations, dtype=float)
    if innovations.shape[-1] == 0:
        return out
    out[..., 0] = innovations[..., 0]
    weight = np.sqrt(1.0 - persistence ** 2)
    for t in range(1, innovations.shape[-1]):
        out[..., t] = persistence * out[..., t - 1] + weight * innovations[..., t]
    return out


def split_uniform(u: np.ndarray, *, low: float, central: float, high: float) -> np.ndarray:
    """Uniform on [low, central] below the median and on [central, high] above it (half the probability
    each): ``u`` = 0.5 gives ``central`` exactly."""
    u = np.asarray(u, dtype=float)
    return np.where(u >= 0.5, central + (u - 0.5) * 2.0 * (high - central), central - (0.5 - u) * 2.0 * (central - low))


def ai_parameters(normals: np.ndarray, *, correlation: float, ceiling: tuple[float, float, float],
                  speed: tuple[float, float, float], midpoint: tuple[float, float, float]) -> dict[str, np.ndarray]:
    """AI adoption ceiling, speed and midpoint per path from ``normals`` (path, 3).

    Gaussian copula: the three normals get the pairwise ``correlation`` (Cholesky of the equicorrelation
    matrix); each is mapped through the normal CDF to a split-uniform marginal between the slow and fast
    values (``(low, central, high)`` triples, median the central value).  The fast direction is a higher
    ceiling, a higher speed and an earlier midpoint, so the midpoint takes ``1 - u``: fast draws go
    together.  Zero normals give the central values exactly.
    """
    matrix = np.full((3, 3), correlation) + (1.0 - correlation) * np.eye(3)
    x = correlate(normals, np.linalg.cholesky(matrix))
    u = ndtr(x)
    return {
        "ai_adoption_ceiling": split_uniform(u[:, 0], low=ceiling[0], central=ceiling[1], high=ceiling[2]),
        "ai_adoption_speed": split_uniform(u[:, 1], low=speed[0], central=speed[1], high=speed[2]),
        "ai_adoption_midpoint": split_uniform(1.0 - u[:, 2], low=midpoint[0], central=midpoint[1], high=midpoint[2]),
    }


__all__ = ["ar1", "ai_parameters", "split_uniform", "standardised_ar1"]
