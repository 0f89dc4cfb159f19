"""The stochastic-run plumbing of the command line: the shared ``--paths``/``--seed``/``--quantiles``/
``--chunk-size``/``--workers``/``--scheduler`` options, the dask client they ask for, the progress bar, and the
runs of ``run --paths`` and ``compare --paths`` with their manifest entries.  No model logic here."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click


def progress(length: int, label: str, **kwargs):
    """A progress bar on stderr, drawn only on a terminal (a log or a pipe gets no extra lines)."""
    return click.progressbar(length=length, label=label, file=sys.stderr, hidden=not sys.stderr.isatty(), **kwargs)


def quantile_list(ctx, param, value: str | None):
    from actuarial.simulation.statistics import QUANTILES, check_quantiles

    if value is None:
        return QUANTILES
    try:
        return check_quantiles(float(part) for part in value.split(","))
    except ValueError as error:
        raise click.BadParameter(f"{value!r}: {error}; give numbers in (0, 1) separated by commas") from None


def stochastic_options(quantiles: bool = True):
    """The options of a stochastic run, shared by ``run``, ``compare`` and (without ``--quantiles``) ``optimise``."""
    options = [
        click.option("--paths", "n_paths", type=click.IntRange(min=1), default=None, metavar="N",
                     help="Stochastic paths to run (the shocks of the set's stochastic.yaml), besides the "
                          "deterministic run."),
        click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
                     help="Seed of the stochastic paths: the same seed gives every scenario and option the same "
                          "shocks (common random numbers)."),
        *([click.option("--quantiles", callback=quantile_list, default=None, metavar="Q1,Q2,...",
                        help="Quantiles of the stochastic tables  [default: 0.025,0.05,0.1,0.25,0.5,0.75,0.9,0.95,"
                             "0.975]")] if quantiles else []),
        click.option("--chunk-size", type=click.IntRange(min=1), default=None, metavar="N",
                     help="Paths per task (default 50); results do not depend on it."),
        click.option("--workers", type=click.IntRange(min=1), default=None, metavar="K",
                     help="Run the paths on a local dask cluster of K worker processes; results do not depend on K."),
        click.option("--scheduler", default=None, metavar="ADDRESS",
                     help="Run the paths on the running dask scheduler at ADDRESS (e.g. tcp://10.0.0.5:8786)."),
    ]

    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command
    return decorate


def check_stochastic(n_paths: int | None, chunk_size: int | None, workers: int | None, scheduler: str | None) -> None:
    if n_paths is None and (workers or scheduler or chunk_size):
        raise click.UsageError("--workers, --scheduler and --chunk-size apply to stochastic runs; add --paths N")
    if workers and scheduler:
        raise click.UsageError("--workers starts a local cluster and --scheduler uses a running one; give one")


@contextmanager
def dask_client(workers: int | None, scheduler: str | None):
    """A :class:`distributed.Client` on a local cluster of ``workers`` processes (closed after) or on
    ``scheduler``; ``None`` (the paths run in this process) when neither is given.

    The local workers run without dask's statistical profiler: it keeps every sampled call tree for the
    last hour, and over a 10,000-path run that grew each worker by about 0.5 GB (issue 14 item 4; a worker
    stays near 0.28 GB without it).  A running scheduler's workers keep their own configuration."""
    if not (workers or scheduler):
        yield None
        return
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as error:
            raise OSError(f"--scheduler {scheduler}: cannot connect ({error})") from None
        with client:
            yield client
        return
    with dask.config.set({"distributed.worker.profile.enabled": False}), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        yield client


def stochastic_run(assumptions, *, n_paths: int, seed: int, quantiles, chunk_size: int | None, client):
    """The per-path run and its tables, with a progress bar over paths, and the manifest entries."""
    from actuarial.simulation import DEFAULT_CHUNK, simulate
    from actuarial.simulation.statistics import StochasticTables

    chunk_size = chunk_size or DEFAULT_CHUNK
    with progress(n_paths, f"{assumptions.scenario}: {n_paths:,} paths") as bar:
        paths = simulate(assumptions, n_paths=n_paths, seed=seed, chunk_size=chunk_size, client=client,
                         progress=bar.update)
    workers = len(client.scheduler_info()["workers"]) if client is not None else 0
    return StochasticTables.from_paths(paths, quantiles), {
        "seed": seed, "paths": n_paths, "chunk_size": chunk_size, "quantiles": list(quantiles),
        "dask_workers": workers, "dask_scheduler": None if client is None else client.scheduler.address}


def stochastic_comparison(study, scenario, discount, *, n_paths, seed, quantiles, chunk_size, workers, scheduler,
                           last_year):
    """The comparison on paths and its tables (file name -> table), with a progress bar, and manifest entries."""
    from actuarial.financing.compare import comparison_runs
    from actuarial.simulation import DEFAULT_CHUNK
    from actuarial.simulation.financing import compare_on_paths, comparison_depletion, comparison_distribution

    chunk_size = chunk_size or DEFAULT_CHUNK
    runs = comparison_runs(study)
    with dask_client(workers, scheduler) as client, \
            progress(n_paths, f"{study.name}: {n_paths:,} paths x {runs} runs") as bar:
        rows, _, _, _ = compare_on_paths(study, n_paths=n_paths, seed=seed, scenario=scenario, discount=discount,
                                         chunk_size=chunk_size, client=client, progress=bar.update)
        workers_used = len(client.scheduler_info()["workers"]) if client is not None else 0
    tables = {"comparison_paths.csv": rows, "comparison_percentiles.csv": comparison_distribution(rows, quantiles),
              "comparison_depletion_probability.csv": comparison_depletion(rows, last_year)}
    return tables, {"seed": seed, "paths": n_paths, "chunk_size": chunk_size, "quantiles": list(quantiles),
                    "dask_workers": workers_used}


__all__ = ["check_stochastic", "dask_client", "progress", "quantile_list", "stochastic_comparison",
           "stochastic_options", "stochastic_run"]
