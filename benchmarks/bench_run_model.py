"""Benchmark: one deterministic run (``run_model`` on the shipped baseline), warm, numba kernels against
the numpy twins.

The first run is excluded (numba compilation or cache loading, first-call costs);
then ``--repeat`` runs are timed and the minimum and median reported.  The
same process then repeats the runs with the plain-numpy twins of the three kernels: the population kernel
(:func:`actuarial.demography.projection.run_kernel`) and the AI displaced-pool
kernel (:func:`actuarial.labour.market.displaced_pool`), each switched to
``implementation="numpy"``, and the employee-pension cohort kernel
(:func:`actuarial.kernels.pension.pension_histories_kernel`, in the history run and the projection) replaced by
its twin (:func:`actuarial.kernels.pension_twin.pension_histories_numpy`), for the duration of the twin runs.
The ratio is twin time over numba time; the largest relative difference between the two
summary tables is printed as a check that the twins agree.

    python benchmarks/bench_run_model.py [--repeat 10]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import statistics
import time
from unittest import mock

import numba
import numpy as np
import pandas as pd

from actuarial import load_scenario, run_model, summary_table
from actuarial.config import AssumptionSet
from actuarial.demography import projection
from actuarial.kernels.pension_twin import pension_histories_numpy
from actuarial.labour import market
from actuarial.paths import DEFAULT_SCENARIO
from actuarial.schemes import pension_employee, pension_employee_history

WRAPPERS = ((projection, "run_kernel"), (market, "displaced_pool"))
"""Stage wrappers taking ``implementation=``: (module, function name)."""
KERNELS = ((pension_employee, "pension_histories_kernel"), (pension_employee_history, "pension_histories_kernel"))
"""Where the pension kernel is called by name: replaced by its numpy twin."""


@contextlib.contextmanager
def numpy_twins():
    """Within the block, the stage wrappers of :data:`WRAPPERS` run the numpy twins, and :data:`KERNELS` the
    pension kernel's twin."""
    with contextlib.ExitStack() as stack:
        for module, name in WRAPPERS:
            wrapper = getattr(module, name)
            stack.enter_context(mock.patch.object(module, name, functools.partial(wrapper, implementation="numpy")))
        for module, name in KERNELS:
            stack.enter_context(mock.patch.object(module, name, pension_histories_numpy))
        yield


def timed_runs(assumptions: AssumptionSet, repeat: int) -> tuple[list[float], pd.DataFrame]:
    """Wall times of ``repeat`` warm runs (one untimed run first) and the summary table of the last."""
    result = run_model(assumptions)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = run_model(assumptions)
        times.append(time.perf_counter() - start)
    return times, summary_table(result)


def largest_relative_difference(first: pd.DataFrame, second: pd.DataFrame) -> float:
    a, b = first.to_numpy(dtype=float), second.to_numpy(dtype=float)
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-300)
    difference = np.where(np.isnan(a) & np.isnan(b), 0.0, np.abs(a - b) / scale)
    return float(np.nanmax(difference))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    assumptions = load_scenario(DEFAULT_SCENARIO)
    numba_times, numba_summary = timed_runs(assumptions, args.repeat)
    with numpy_twins():
        twin_times, twin_summary = timed_runs(assumptions, args.repeat)
    print(f"run_model, scenario {assumptions.scenario}, {assumptions.base_year}-{assumptions.end_year}, "
          f"{args.repeat} warm runs each, numba {numba.__version__}, {numba.get_num_threads()} threads")
    print(f"{'kernels':>12} {'min s':>8} {'median s':>9}")
    for label, times in (("numba", numba_times), ("numpy twins", twin_times)):
        print(f"{label:>12} {min(times):>8.4f} {statistics.median(times):>9.4f}")
    print(f"{'ratio':>12} {min(twin_times) / min(numba_times):>8.2f} "
          f"{statistics.median(twin_times) / statistics.median(numba_times):>9.2f}")
    difference = largest_relative_difference(numba_summary, twin_summary)
    print(f"summary tables agree to {difference:.1e} (largest relative difference)")


if __name__ == "__main__":
    main()
