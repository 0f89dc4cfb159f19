"""Standard normal innovations keyed by (seed, path), and their correlation (Cholesky).

Every path has its own :class:`numpy.random.Generator` (PCG64) seeded by
``SeedSequence([stream, seed, path])``, so the numbers of a path depend on the seed and the path index
only: any chunk of paths gives the same draws whatever the chunking, and every scenario, financing option
or horizon run with the same seed sees the same shocks (common random numbers).  Two streams per path keep
the per-path parameters (AI adoption) independent of the number of years drawn; within the annual stream,
year ``t``'s innovations are the ``t``-th block of the stream, so a shorter horizon gives a prefix of a
longer one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from actuarial.config.errors import AssumptionError

ANNUAL_STREAM = 0
"""Stream of the annual innovations (year, shock)."""
PARAMETER_STREAM = 1
"""Stream of the parameters drawn once per path (AI adoption)."""


def path_generator(seed: int, path: int, stream: int) -> np.random.Generator:
    """The generator of one path and stream: PCG64 seeded by ``SeedSequence([stream, seed, path])``."""
    if seed < 0 or path < 0:
        raise ValueError(f"seed and path must be non-negative integers, got seed {seed}, path {path}")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(stream), int(seed), int(path)])))


def path_indices(paths) -> np.ndarray:
    """``paths`` (a ``range``, an int count from 0, or a sequence of indices) as a 1-d int64 array."""
    if isinstance(paths, (int, np.integer)):
        paths = range(int(paths))
    indices = np.asarray(list(paths) if isinstance(paths, range) else paths, dtype=np.int64).reshape(-1)
    if indices.size and indices.min() < 0:
        raise ValueError("path indices must be non-negative")
    return indices


def standard_normals(seed: int, paths, n_years: int, n_shocks: int, *, stream: int = ANNUAL_STREAM) -> np.ndarray:
    """Independent standard normals of shape ``(path, year, shock)`` (``n_years`` may be 1 for per-path
    draws); row ``i`` is path ``paths[i]``'s, whatever else is in ``paths``."""
    indices = path_indices(paths)
    out = np.empty((indices.size, n_years, n_shocks))
    for row, path in enumerate(indices):
        out[row] = path_generator(seed, int(path), stream).standard_normal((n_years, n_shocks))
    return out


def cholesky_factor(matrix, *, labels, file: str | Path = "stochastic.yaml",
                    field: str = "shock_correlation") -> np.ndarray:
    """Lower-triangular ``L`` with ``L @ L.T = matrix``, after checking that ``matrix`` is a correlation
    matrix: finite, symmetric (within 1e-12), unit diagonal (within 1e-12), entries in [-1, 1] and
    positive definite.  A failure is one :class:`AssumptionError` line naming the file, the field, the
    offending value and the rule."""
    corr = np.asarray(matrix, dtype=float)
    n = len(labels)
    if corr.shape != (n, n):
        raise AssumptionError(file, field, f"shape {corr.shape} is not ({n}, {n}); one row and column per shock")
    if not np.all(np.isfinite(corr)):
        i, j = np.argwhere(~np.isfinite(corr))[0]
        raise AssumptionError(file, field, f"{labels[i]} with {labels[j]} is {corr[i, j]}; correlations must be finite")
    for i in range(n):
        if abs(corr[i, i] - 1.0) > 1e-12:
            raise AssumptionError(file, field, f"{labels[i]} with itself is {corr[i, i]:g}; the diagonal must be 1")
        for j in range(i + 1, n):
            if abs(corr[i, j] - corr[j, i]) > 1e-12:
                raise AssumptionError(file, field, f"{labels[i]} with {labels[j]} is {corr[i, j]:g} but "
                                      f"{labels[j]} with {labels[i]} is {corr[j, i]:g}; the matrix must be symmetric")
            if abs(corr[i, j]) > 1.0:
                raise AssumptionError(file, field, f"{labels[i]} with {labels[j]} is {corr[i, j]:g}; "
                                      "correlations must lie in [-1, 1]")
    smallest = float(np.linalg.eigvalsh(corr)[0])
    if smallest <= 1e-10:
        raise AssumptionError(file, field, f"smallest eigenvalue is {smallest:.3g}; the correlation matrix must be "
                              "positive definite (no shock a combination of the others)")
    return np.linalg.cholesky(corr)


def correlate(normals: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """Correlated innovations ``z @ L.T`` over the last axis (shock), same shape as ``normals``.

    Summed elementwise over each row, not by a matrix product: BLAS picks its kernel (and its order of
    summation) by the shape of the whole array, so a path's draws would change in the last bits with the
    number of paths drawn with it."""
    return (normals[..., None, :] * factor).sum(axis=-1)


__all__ = ["ANNUAL_STREAM", "PARAMETER_STREAM", "cholesky_factor", "correlate", "path_generator", "path_indices",
           "standard_normals"]
