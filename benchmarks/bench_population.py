"""Benchmark: the population projection to 2100, numba kernel against its numpy twin.

Paths differ by a small fertility shock (multiplier exp(0.05 z), z ~ N(0, 1) per path
and year, drawn from a seeded numpy Generator).  Both implementations run in the same
process on the same inputs; the kernel is warmed up first (compilation excluded).
The numpy twin is run on at most ``--numpy-max-paths`` paths and its time per
path-year is used for the ratio (it is linear in paths).

    python benchmarks/bench_population.py [--paths 1 1000 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import numba
import numpy as np

from actuarial import demographic_inputs, load_scenario
from actuarial.demography.projection import DemographicInputs, run_kernel
from actuarial.paths import DEFAULT_SCENARIO


def shocked_inputs(base: DemographicInputs, n_paths: int, seed: int = 2024) -> DemographicInputs:
    rng = np.random.default_rng(seed)
    shock = np.exp(0.05 * rng.standard_normal((n_paths, base.years.size, 1)))
    return dataclasses.replace(base, fertility=base.fertility * shock)


def best_time(inputs: DemographicInputs, implementation: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run_kernel(inputs, implementation=implementation)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, nargs="+", default=[1, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--numpy-max-paths", type=int, default=200)
    args = parser.parse_args()

    base = demographic_inputs(load_scenario(DEFAULT_SCENARIO))
    n_years = base.years.size
    run_kernel(shocked_inputs(base, 2))  # compile (or load the cache) before timing
    print(f"population projection {base.years[0]}-{base.years[-1]} ({n_years} years), "
          f"numba {numba.__version__}, {numba.get_num_threads()} threads")
    print(f"{'paths':>7} {'numba s':>9} {'numba ns/path-yr':>17} {'numpy ns/path-yr':>17} {'ratio':>7}")
    for n_paths in args.paths:
        inputs = shocked_inputs(base, n_paths)
        fast = best_time(inputs, "numba", args.repeat)
        reference_paths = min(n_paths, args.numpy_max_paths)
        slow = best_time(shocked_inputs(base, reference_paths), "numpy", max(1, args.repeat - 2))
        fast_ns = fast / (n_paths * n_years) * 1e9
        slow_ns = slow / (reference_paths * n_years) * 1e9
        print(f"{n_paths:>7} {fast:>9.4f} {fast_ns:>17.1f} {slow_ns:>17.1f} {slow_ns / fast_ns:>7.1f}")


if __name__ == "__main__":
    main()
