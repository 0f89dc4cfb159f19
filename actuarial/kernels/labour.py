"""AI displacement kernel: the displaced pool carried along cohorts, and its numpy twin.

Axis order ``(path, year, sex, age)``; inputs with one path are broadcast.
All quantities are shares of the population of the (year, sex, age) cell.

For each year t >= 1 and age x >= 1 (age 0 and the base year hold no pool)::

    carried   = D(t-1, x-1)               (for the open age: the larger of D(t-1, 99), D(t-1, 100))
    D(t, x)   = min(X(t, x), max((1 - rho) * carried, R(t, x)))

``X`` is the share of the cell in exposed work (standard and non-standard) had
there been no AI, ``R`` the share whose exposed jobs AI has removed net of
complementary job creation (rising with adoption) and ``rho`` the share of the
displaced re-absorbed each year.  Re-absorption cannot bring exposed
employment above what AI leaves (``D >= R``), and nobody is displaced from more
exposed work than the cell has (``D <= X``).  ``D`` is non-decreasing in ``R``
pointwise, so a faster adoption path never leaves more exposed work.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(cache=True, inline="always")
def _pool_path(p, exposed, required, reabsorption, pool):
    """Fill path ``p`` of ``pool`` (arguments of :func:`displaced_pool_kernel`)."""
    n_years, n_sexes, n_ages = pool.shape[1:]
    pe = p % exposed.shape[0]
    pr = p % required.shape[0]
    for s in range(n_sexes):
        for x in range(n_ages):
            pool[p, 0, s, x] = 0.0
    for t in range(1, n_years):
        keep = 1.0 - reabsorption[t]
        for s in range(n_sexes):
            pool[p, t, s, 0] = 0.0
            for x in range(1, n_ages):
                carried = pool[p, t - 1, s, x - 1]
                if x == n_ages - 1 and pool[p, t - 1, s, x] > carried:
                    carried = pool[p, t - 1, s, x]
                value = max(keep * carried, required[pr, t, s, x])
                pool[p, t, s, x] = min(value, exposed[pe, t, s, x])


@njit(cache=True, parallel=True)
def displaced_pool_kernel(exposed, required, reabsorption, pool):
    """Fill ``pool`` (path, year, sex, age) from ``exposed`` and ``required`` (1 or path, year, sex, age).

    ``reabsorption`` is an array over years (the rate applying during the year).
    """
    for path in prange(pool.shape[0]):
        _pool_path(np.int64(path), exposed, required, reabsorption, pool)


@njit(cache=True)
def displaced_pool_serial(exposed, required, reabsorption, pool):
    """:func:`displaced_pool_kernel` on the calling thread, path after path (no thread pool: the faster
    choice for one path, and unaffected by a busy machine); results are identical."""
    for path in range(pool.shape[0]):
        _pool_path(np.int64(path), exposed, required, reabsorption, pool)


def displaced_pool_numpy(exposed, required, reabsorption, pool):
    """Plain-numpy twin of :func:`displaced_pool_kernel` (same arguments)."""
    n_paths, n_years = pool.shape[:2]
    for p in range(n_paths):
        x_share = exposed[p % exposed.shape[0]]
        r_share = required[p % required.shape[0]]
        pool[p, 0] = 0.0
        for t in range(1, n_years):
            carried = np.zeros_like(pool[p, t - 1])
            carried[:, 1:] = pool[p, t - 1, :, :-1]
            carried[:, -1] = np.maximum(carried[:, -1], pool[p, t - 1, :, -1])
            value = np.maximum((1.0 - reabsorption[t]) * carried, r_share[t])
            value[:, 0] = 0.0
            pool[p, t] = np.minimum(value, x_share[t])
