"""Benchmark: the whole model on drawn paths (``simulate``), warm, numba kernels against the numpy twins, and
on dask.distributed with 1 and 2 local workers.

Every chunk of paths runs every stage at once (:mod:`actuarial.simulation`): draws, the chunk's stacked
assumption set, ``run_model`` with a leading path axis, the summary and the fund metrics.  Rows:

* in this process, numba kernels, for each ``--paths`` count (the first path excluded: compilation or
  cache loading);
* in this process, the numpy twins of the population, AI displaced-pool and employee-pension kernels
  (:func:`bench_run_model.numpy_twins`), on ``--numpy-paths`` paths; the ratio is twin time per path over
  numba time per path;
* dask with 1 and 2 worker processes (``--dask-paths`` paths, chunks of ``--chunk-size``), each cluster warmed
  by one chunk first; the speed-up of 2 workers over 1.

Peak memory is this process's maximum resident set (``ru_maxrss``); worker processes are not counted in it.
The issue's targets (issue 14: 10,000 paths in at most 3 s, 20 times the numpy reference, 2 workers 1.7 times
faster than 1, under 2 GB) are printed beside the measurements.

    python benchmarks/bench_stochastic.py [--paths 1 100] [--numpy-paths 20] [--dask-paths 100]
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import sys
import time
from pathlib import Path

import numba

from actuarial import load_scenario
from actuarial.cli_paths import dask_client
from actuarial.paths import DEFAULT_SCENARIO
from actuarial.simulation import run_paths, simulate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_run_model import numpy_twins  # noqa: E402


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--numpy-paths", type=int, default=20)
    parser.add_argument("--dask-paths", type=int, default=100)
    parser.add_argument("--chunk-size", type=int, default=25)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    assumptions = load_scenario(DEFAULT_SCENARIO)
    run_paths(assumptions, seed=args.seed, paths=[0])                       # warm: compile or load the caches
    print(f"whole model on drawn paths, scenario {assumptions.scenario}, {assumptions.base_year}-"
          f"{assumptions.end_year}, numba {numba.__version__}, {numba.get_num_threads()} threads")
    print(f"{'run':>24} {'paths':>7} {'seconds':>9} {'s / path':>9} {'10,000 paths (s)':>17}")
    per_path = {}
    for n in args.paths:
        seconds, _ = timed(simulate, assumptions, n_paths=n, seed=args.seed, chunk_size=args.chunk_size)
        per_path[n] = seconds / n
        print(f"{'in process, numba':>24} {n:>7,} {seconds:>9.2f} {seconds / n:>9.4f} {seconds / n * 1e4:>17.0f}")
    with numpy_twins():
        seconds, _ = timed(simulate, assumptions, n_paths=args.numpy_paths, seed=args.seed, chunk_size=args.chunk_size)
    twin = seconds / args.numpy_paths
    print(f"{'in process, numpy twins':>24} {args.numpy_paths:>7,} {seconds:>9.2f} {twin:>9.4f} {twin * 1e4:>17.0f}")
    reference = per_path[max(per_path)]
    print(f"ratio numpy twins / numba per path: {twin / reference:.2f} (target >= 20)")
    dask_times = {}
    if importlib.util.find_spec("distributed") is None:
        print("dask.distributed is not installed: no dask rows")
    else:
        for workers in (1, 2):
            with dask_client(workers, None) as client:                   # the command line's local cluster
                simulate(assumptions, n_paths=workers, seed=args.seed, chunk_size=1, client=client)  # warm workers
                seconds, _ = timed(simulate, assumptions, n_paths=args.dask_paths, seed=args.seed,
                                   chunk_size=args.chunk_size, client=client)
            dask_times[workers] = seconds
            per = seconds / args.dask_paths
            print(f"{f'dask, {workers} worker(s)':>24} {args.dask_paths:>7,} {seconds:>9.2f} {per:>9.4f} {per * 1e4:>17.0f}")
        print(f"speed-up 2 workers / 1: {dask_times[1] / dask_times[2]:.2f} (target >= 1.7)")
    best = min([*per_path.values(), *(t / args.dask_paths for t in dask_times.values())]) * 1e4
    print(f"10,000 paths at the best rate: {best:,.0f} s (target <= 3 s); peak memory of this process "
          f"{peak_gb():.2f} GB (target < 2 GB)")


if __name__ == "__main__":
    main()
