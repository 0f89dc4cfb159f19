"""The whole model on drawn paths, in chunks, locally or on dask.distributed.

:func:`run_paths` runs one chunk: it draws the shocks of :data:`MODEL_PATHS` paths at a time into one stacked set
(:func:`actuarial.simulation.shocks.chunk_assumptions`) and runs every stage once for them, with a leading
``path`` axis, through the same :func:`actuarial.model.run_model` as a deterministic run (its one-path case),
keeping the per-path summary columns and fund inputs, not the age-by-status detail; the fund metrics of the whole
chunk are computed at once.  A path's numbers
depend only on (scenario, options, seed, path), never on the chunk it runs in or the worker that runs it, so
results are bitwise identical whatever the chunk size and the number of workers; the same seed gives every
scenario and financing option the same shocks (common random numbers).

:func:`simulate` splits ``n_paths`` into chunks and runs them in order, or as tasks on a
:class:`distributed.Client` (``client``; :func:`map_chunks`, which the stochastic comparison of financing
options uses too), and joins them along ``path``.  Memory: one stacked run of :data:`MODEL_PATHS` paths at a
time per worker, plus the kept per-path tables (about ``paths x (years x 52 + 250) x 8``
bytes: 340 MB for 10,000 paths over 76 years).
"""

from __future__ import annotations

from typing import Callable, Iterator, Mapping

import numpy as np
import xarray as xr

from actuarial.analysis.fund_metrics import fund_inputs, fund_rows, split_paths, stack_inputs
from actuarial.analysis.summary import SUMMARY_COLUMNS, summary_columns
from actuarial.config import AssumptionSet
from actuarial.config.financing import Option
from actuarial.model import run_model
from actuarial.simulation.shocks import chunk_assumptions

DEFAULT_CHUNK = 50
"""Paths per task (few enough to keep two workers busy on a few hundred paths).  A task runs its paths through the
model :data:`MODEL_PATHS` at a time and values the funds of all of them at once, which costs about 0.25 s whatever
the number of paths."""
MODEL_PATHS = 25
"""Paths run through :func:`actuarial.model.run_model` at once, with a leading path axis: about 0.15 s whatever
their number plus 19 ms a path, and about 9 MB a path held while they run.  10,000 paths of the baseline on 2
workers (measured 2026-11-26): tasks of 50 run 25 at a time, 242 s and 1.79 GB over all processes; tasks of 25
run at once, 278 s and 1.76 GB; tasks of 50 run at once, 210 s and 2.29 GB."""


def run_paths(assumptions: AssumptionSet, *, seed: int, paths, options: Mapping[str, Option] | None = None,
              zero: bool = False) -> xr.Dataset:
    """Per-path summaries of ``paths`` (a ``range`` or indices): every summary column as (path, year) and the
    fund metrics as ``metric_value`` (path, row), the rows labelled by ``scheme``, ``metric`` and ``unit``.

    :data:`MODEL_PATHS` paths at a time run once, every stage with a leading ``path`` axis: their stacked set
    (:func:`actuarial.simulation.shocks.chunk_assumptions`) through :func:`actuarial.model.run_model`; the fund
    rows of all ``paths`` are then computed at once.  ``zero=True`` runs the zero draw on every path: the
    deterministic run, bit for bit.
    """
    numbers = list(paths)
    tables, inputs = [], []
    for start in range(0, len(numbers), MODEL_PATHS):
        table, part = _summaries(assumptions, seed=seed, paths=numbers[start:start + MODEL_PATHS], options=options,
                                 zero=zero)
        tables.append(table)
        inputs.extend(part)
    table = np.concatenate(tables)                                            # (path, year, column)
    rows = fund_rows(stack_inputs(inputs, paths=numbers))                     # the task's paths at once
    years = np.concatenate([[assumptions.base_year], assumptions.years])
    data = {name: (("path", "year"), table[:, :, i]) for i, name in enumerate(SUMMARY_COLUMNS) if name != "year"}
    data["metric_value"] = (("path", "row"), np.stack([np.broadcast_to(row[2], len(numbers)) for row in rows], axis=1))
    coords = {"path": np.array(numbers), "year": years, "row": np.arange(len(rows)),
              **{key: ("row", np.array([row[i] for row in rows], dtype=str))
                 for i, key in ((0, "scheme"), (1, "metric"), (3, "unit"))}}
    return xr.Dataset(data, coords=coords)


def _summaries(assumptions: AssumptionSet, *, seed: int, paths: list[int], options, zero: bool):
    """``paths`` through :func:`actuarial.model.run_model` at once: the summary columns (path, year, column)
    and each path's fund inputs."""
    stacked = chunk_assumptions(assumptions, seed=seed, paths=paths, zero=zero)
    projection = run_model(stacked, options=options)
    inputs = fund_inputs(stacked, projection)
    columns = summary_columns(projection)
    shape = np.shape(columns["pop_65plus"])
    table = np.stack([np.broadcast_to(columns[name], shape) for name in SUMMARY_COLUMNS], axis=-1)
    if "path" not in projection.dims:                                         # one path
        table, inputs = table[None], {name: value[None] if value.ndim == 1 and name != "year" else value
                                      for name, value in inputs.items()}
    return table, split_paths(inputs)


def chunks(n_paths: int, chunk_size: int) -> list[range]:
    """Paths ``0 .. n_paths - 1`` in consecutive ranges of at most ``chunk_size``."""
    if n_paths < 1:
        raise ValueError(f"n_paths must be at least 1, got {n_paths}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    return [range(start, min(start + chunk_size, n_paths)) for start in range(0, n_paths, chunk_size)]


def iter_chunks(task: Callable, assumptions: AssumptionSet, *, n_paths: int, chunk_size: int, client=None,
                progress: Callable[[int], None] | None = None, **kwargs) -> Iterator[tuple[range, object]]:
    """``(chunk, task(assumptions, paths=chunk, **kwargs))`` for every chunk of paths ``0 .. n_paths - 1`` as it
    is done: in chunk order in this process, in completion order as tasks on the :class:`distributed.Client`
    ``client`` (the set scattered once to every worker; each result fetched and released as it ends, so the
    workers do not hold the results).  ``progress`` is called with the number of paths of each chunk done."""
    done = progress or (lambda count: None)
    ranges = chunks(n_paths, chunk_size)
    if client is None:
        for paths in ranges:
            result = task(assumptions, paths=paths, **kwargs)
            done(len(paths))
            yield paths, result
        return
    from distributed import as_completed

    # hash=False: a fresh key per call (a set scattered again under the content-hashed key of a call whose
    # futures are being released loses its data: "lost dependencies")
    shared = client.scatter(assumptions, broadcast=True, hash=False)
    futures = {client.submit(task, shared, paths=paths, pure=False, **kwargs): paths for paths in ranges}
    for future in as_completed(futures):
        paths = futures.pop(future)
        result = future.result()
        future.release()
        done(len(paths))
        yield paths, result


def map_chunks(task: Callable, assumptions: AssumptionSet, **kwargs) -> list:
    """The results of :func:`iter_chunks` in chunk order."""
    done = dict(iter_chunks(task, assumptions, **kwargs))
    return [done[paths] for paths in sorted(done, key=lambda paths: paths.start)]


def simulate(assumptions: AssumptionSet, *, n_paths: int, seed: int, chunk_size: int = DEFAULT_CHUNK,
             options: Mapping[str, Option] | None = None, client=None,
             progress: Callable[[int], None] | None = None) -> xr.Dataset:
    """Per-path summaries of paths ``0 .. n_paths - 1`` under ``seed`` (see :func:`run_paths`), the chunks run by
    :func:`map_chunks`."""
    result = None
    for paths, part in iter_chunks(run_paths, assumptions, n_paths=n_paths, chunk_size=chunk_size, client=client,
                                   progress=progress, seed=seed, options=options):
        if result is None:       # every path's arrays allocated once and filled as chunks end: no list, no concat
            result = xr.Dataset(
                {name: (var.dims, np.empty((n_paths, *var.shape[1:]), dtype=var.dtype))
                 for name, var in part.data_vars.items()},
                coords={**{name: coord for name, coord in part.coords.items() if "path" not in coord.dims},
                        "path": np.arange(n_paths)})
        for name, var in part.data_vars.items():
            result[name].values[paths.start:paths.stop] = var.values
    return result.assign_attrs(seed=int(seed), n_paths=int(n_paths), scenario=assumptions.scenario,
                               assumption_set_hash=assumptions.digest)


__all__ = ["DEFAULT_CHUNK", "chunks", "iter_chunks", "map_chunks", "run_paths", "simulate"]
