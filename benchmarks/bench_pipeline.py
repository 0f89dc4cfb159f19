"""Benchmark: population + labour + employee pension to 2100 for many paths, numba vs numpy twins.

Paths differ by a small fertility shock (exp(0.05 z) per path and year), drawn
from a seeded numpy Generator.  Per path, the population kernel projects the
population and the pension kernel runs the cohort histories on that path's
population, keeping per-path summaries (ages summed).  The labour stage
(status shares, retirement, AI displacement, wages) works on shares of each
cell, which do not depend on the path's population when only fertility is
shocked: it runs once (the deterministic run, labour kernel included) and its
shares are broadcast to every path; its time is reported on the 1-path row.  The numpy twins run in the same
process on at most ``--numpy-max-paths`` paths; their time per path-year is
used for the ratio (it is linear in paths).  Compilation is excluded (warm).

    python benchmarks/bench_pipeline.py [--paths 1 10000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import numba
import numpy as np

import xarray as xr

from actuarial import demographic_inputs, load_scenario, project_population
from actuarial.demography.projection import run_kernel
from actuarial.dims import EMPLOYED_STATUSES
from actuarial.kernels.pension import pension_histories_kernel
from actuarial.kernels.pension_twin import pension_histories_numpy
from actuarial.labour.economy import project_economy
from actuarial.labour.market import project_labour
from actuarial.paths import DEFAULT_SCENARIO
from actuarial.schemes import SCHEMES
from actuarial.schemes.pension_employee import kernel_inputs
from actuarial.schemes.protocol import Upstream

KERNELS = {"numba": pension_histories_kernel, "numpy": pension_histories_numpy}


def deterministic_parts():
    """Demographic inputs and the pension kernel inputs of the deterministic run (labour stage included)."""
    assumptions = load_scenario(DEFAULT_SCENARIO)
    inputs = demographic_inputs(assumptions)
    population = project_population(inputs)
    start = time.perf_counter()
    labour = project_labour(assumptions, population["population"])
    employed = labour["employment"].sel(status=list(EMPLOYED_STATUSES))
    economy = project_economy(assumptions, adoption=labour["ai_adoption"], employment=employed)
    labour_seconds = time.perf_counter() - start
    upstream = Upstream(projection=xr.merge([population, labour, economy.reindex(status=labour["status"])]),
                        survival=inputs.survival)
    pension_inputs = kernel_inputs(SCHEMES["pension_employee"].read(assumptions), upstream)
    return inputs, pension_inputs, labour_seconds


def run_paths(inputs, pension_inputs, n_paths: int, implementation: str, seed: int = 2024) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    fertility = inputs.fertility * np.exp(0.05 * rng.standard_normal((n_paths, inputs.years.size, 1)))
    times = {}
    start = time.perf_counter()
    population = run_kernel(dataclasses.replace(inputs, fertility=fertility), implementation=implementation)["population"]
    times["population"] = time.perf_counter() - start
    start = time.perf_counter()
    paths = dataclasses.replace(pension_inputs, population=population)
    outputs = {name: np.zeros(shape) for name, shape in paths.output_shapes(per_age=False).items()}
    KERNELS[implementation](**paths.arrays(), **outputs)
    times["pension"] = time.perf_counter() - start
    times["total"] = times["population"] + times["pension"]
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, nargs="+", default=[1, 10000])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--numpy-max-paths", type=int, default=20)
    args = parser.parse_args()
    inputs, pension_inputs, labour_seconds = deterministic_parts()
    inputs, pension_inputs, labour_seconds = deterministic_parts()  # warm: kernels compiled or cached
    run_paths(inputs, pension_inputs, 2, "numba")
    n_years = inputs.years.size
    print(f"population + labour + pension {inputs.years[0]}-{inputs.years[-1]} ({n_years} years), "
          f"numba {numba.__version__}, {numba.get_num_threads()} threads")
    print(f"labour stage (deterministic, broadcast to all paths): {labour_seconds:.3f} s")
    print(f"{'paths':>6} {'stage':>11} {'numba s':>9} {'numba ns/path-yr':>17} {'numpy ns/path-yr':>17} {'ratio':>7}")
    for n_paths in args.paths:
        fast = min((run_paths(inputs, pension_inputs, n_paths, "numba") for _ in range(args.repeat)),
                   key=lambda t: t["total"])
        reference_paths = min(n_paths, args.numpy_max_paths)
        slow = run_paths(inputs, pension_inputs, reference_paths, "numpy")
        for stage in ("population", "pension", "total"):
            fast_ns = fast[stage] / (n_paths * n_years) * 1e9
            slow_ns = slow[stage] / (reference_paths * n_years) * 1e9
            print(f"{n_paths:>6} {stage:>11} {fast[stage]:>9.3f} {fast_ns:>17.1f} {slow_ns:>17.1f} {slow_ns / fast_ns:>7.1f}")
        print(f"{n_paths:>6} {'+ labour':>11} {fast['total'] + labour_seconds:>9.3f}")


if __name__ == "__main__":
    main()
