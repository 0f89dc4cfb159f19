"""Command line: parse, call the API, print and write.  No model logic here.

Bad input (an :class:`AssumptionError`, a missing file, a bad ``--out``, a
result that is not finite where it must be: :class:`OutputError`) prints one
line to stderr and exits with status 2, without a traceback.  A command that
writes checks ``--out`` before it computes and writes all its files at once
(:class:`actuarial.report.outputs.OutputFolder`).
"""

from __future__ import annotations

import sys
import time
from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path

import click

from actuarial.cli_paths import (
    check_stochastic,
    dask_client,
    progress,
    stochastic_comparison,
    stochastic_options,
    stochastic_run,
)
from actuarial.config import AssumptionError, load_scenario
from actuarial.paths import DEFAULT_SCENARIO, VALIDATION_DIR
from actuarial.report.checks import OutputError
from actuarial.report.outputs import OutputFolder


class _Group(click.Group):
    """Turn input errors into one line on stderr and exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (AssumptionError, OutputError, OSError) as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="actuarial")
def main() -> None:
    """Project a national social-insurance system and value its funds."""


def _package() -> dict:
    """The first manifest entries of every writing command."""
    from actuarial.model import __version__

    return {"package": "actuarial", "version": __version__}


def _provenance(started: float) -> dict:
    """The last manifest entries of every writing command (``files`` follows, added by the writer)."""
    return {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "wall_time_seconds": round(time.perf_counter() - started, 3),
        "command": sys.argv,
    }


@main.command()
@click.argument("scenarios", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, metavar="DIR",
              help="Folder for projection.nc, summary.csv, metrics.csv and manifest.json (created, or replaced "
                   "if it holds a previous run's outputs); with several scenarios, one subfolder each, named "
                   "after the scenario file.  With --paths, also paths.nc, percentiles.csv/.nc, "
                   "depletion_probability.csv and metric_percentiles.csv.")
@stochastic_options()
def run(scenarios: tuple[Path, ...], out_dir: str, n_paths: int | None, seed: int, quantiles, chunk_size,
        workers: int | None, scheduler: str | None) -> None:
    """Run SCENARIOS (default: the shipped China baseline) and write their outputs to --out.

    A scenario file holds 'scenario:' (name, description, assumptions: the folder of the assumption set,
    end_year: the last projection year, at most the set's horizon), 'overrides:' of assumption entries
    and 'financing:' options; see projections/*.yaml and the README.
    """
    scenarios = scenarios or (DEFAULT_SCENARIO,)
    stems = [path.stem for path in scenarios]
    if len(set(stems)) < len(stems):
        repeated = sorted({stem for stem in stems if stems.count(stem) > 1})[0]
        raise AssumptionError(repeated, "SCENARIOS", "two scenario files share this name; each run needs its own "
                              "subfolder of --out")
    check_stochastic(n_paths, chunk_size, workers, scheduler)
    loaded = [load_scenario(scenario) for scenario in scenarios]  # every file checked before any run
    stochastic = None if n_paths is None else dict(n_paths=n_paths, seed=seed, quantiles=quantiles,
                                                   chunk_size=chunk_size)
    with dask_client(workers, scheduler) as client:
        for scenario, assumptions in zip(scenarios, loaded):
            _run_one(scenario, assumptions, out_dir if len(scenarios) == 1 else str(Path(out_dir) / scenario.stem),
                     stochastic=stochastic, client=client)


def _run_one(scenario: Path, assumptions, out_dir: str, *, stochastic: dict | None = None, client=None) -> None:
    from actuarial.analysis.metrics import valuation_metrics
    from actuarial.analysis.summary import summary_table
    from actuarial.model import run_model, stage_names
    from actuarial.report.writers import write_run
    from actuarial.report.terminal import run_report, stochastic_report

    started = time.perf_counter()
    with OutputFolder(out_dir) as out:
        stages = stage_names(assumptions)
        with progress(len(stages) + 1, assumptions.scenario, item_show_func=lambda stage: stage) as bar:
            projection = run_model(assumptions, progress=lambda stage: bar.update(1, stage))
            summary = summary_table(projection)
            metrics = valuation_metrics(assumptions, projection)
            bar.update(1, "metrics")
        tables, extra = None, {"seed": None, "paths": 1}
        if stochastic is not None:
            tables, extra = stochastic_run(assumptions, client=client, **stochastic)
        manifest = {
            **_package(),
            "scenario": assumptions.scenario,
            "scenario_file": str(scenario),
            "assumption_set": assumptions.name,
            "assumption_set_hash": assumptions.digest,
            "assumption_files": list(assumptions.sources),
            "base_year": assumptions.base_year,
            "end_year": assumptions.end_year,
            "financing_options": list(assumptions.financing),
            **extra,
            **_provenance(started),
        }
        written = write_run(out, projection=projection, summary=summary, metrics=metrics, manifest=manifest,
                            stochastic=tables)
    click.echo(run_report(assumptions, summary, metrics, written))
    if tables is not None:
        click.echo(stochastic_report(tables))


@main.command()
@click.argument("run_a", type=click.Path(path_type=Path))
@click.argument("run_b", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default=None, metavar="DIR",
              help="Also write diff_summary.csv and diff_metrics.csv (and manifest.json) to this folder.")
@click.option("--all-years", is_flag=True, help="Every year of the summary, not only the report years.")
def diff(run_a: Path, run_b: Path, out_dir: str | None, all_years: bool) -> None:
    """Print the differences between two run folders: summary and metrics side by side (A, B, B - A, B / A - 1)."""
    from actuarial.report.compare_runs import diff_metrics, diff_summary, read_run_tables
    from actuarial.report.writers import write_diff
    from actuarial.report.terminal import diff_report

    started = time.perf_counter()
    with OutputFolder(out_dir) if out_dir is not None else nullcontext() as out:
        a, b = read_run_tables(run_a), read_run_tables(run_b)
        summary = diff_summary(a, b, all_years=all_years)
        metrics = diff_metrics(a, b)
        if out is not None:
            manifest = {**_package(), "run_a": str(run_a), "run_b": str(run_b), **_provenance(started)}
            write_diff(out, summary=summary, metrics=metrics, manifest=manifest)
    click.echo(diff_report(run_a, run_b, summary, metrics))


@main.command()
@click.option("--case", "cases", multiple=True, help="Run only this case (repeatable); default: every case.")
@click.option("--cases-dir", type=click.Path(path_type=Path), default=VALIDATION_DIR,
              show_default=True, help="Folder holding the validation cases.")
def validate(cases: tuple[str, ...], cases_dir: Path) -> None:
    """Run the validation cases: model against published figures, side by side.

    Exits with status 1 when any figure lies outside its tolerance, 2 when there is no case to run.
    """
    from actuarial.analysis.validation import discover_cases, run_case
    from actuarial.report.terminal import validation_report

    if not cases_dir.is_dir():
        raise AssumptionError(cases_dir, "--cases-dir", "is not a folder; give the folder holding the validation cases")
    if not discover_cases(cases_dir):
        raise AssumptionError(cases_dir, "--cases-dir", "holds no validation case (a folder with a case.py); "
                              "nothing to validate")
    selected = discover_cases(cases_dir, names=cases)
    failed = 0
    for case in selected:
        table = run_case(case)
        click.echo(validation_report(case.name, table))
        failed += int((~table["ok"]).sum())
    click.echo(f"{len(selected)} case(s), {failed} figure(s) outside tolerance")
    if failed:
        sys.exit(1)


@main.command()
@click.argument("study", type=click.Path(path_type=Path))
@click.option("--scenario", type=click.Path(path_type=Path), default=None,
              help="Run on this scenario instead of the one the study names (e.g. projections/ai_fast.yaml).")
@click.option("--out", "out_dir", required=True, metavar="DIR",
              help="Folder for comparison.csv, comparison.nc and manifest.json (created, or replaced if it holds "
                   "a previous run's outputs).")
@click.option("--discount", default="borrowing", show_default=True, metavar="BASIS",
              help="Discount basis of costs and effects: 'borrowing' (the government's borrowing rate), 'fund' "
                   "(the employee pension fund's return) or a rate such as 0.03.")
@stochastic_options()
def compare(study: Path, scenario: Path | None, out_dir: str, discount: str, n_paths: int | None, seed: int,
            quantiles, chunk_size: int | None, workers: int | None, scheduler: str | None) -> None:
    """Run the baseline, every financing option and every mix of STUDY side by side.

    With --paths N, also compare them on N stochastic paths, every option on the same shocks as the baseline:
    comparison_paths.csv (every path and option), comparison_percentiles.csv and
    comparison_depletion_probability.csv.
    """
    from actuarial.financing.compare import compare as run_comparison
    from actuarial.financing.compare import comparison_runs
    from actuarial.financing.study import load_study
    from actuarial.report.writers import write_comparison
    from actuarial.report.terminal import comparison_report, stochastic_comparison_report

    check_stochastic(n_paths, chunk_size, workers, scheduler)
    started = time.perf_counter()
    with OutputFolder(out_dir) as out:
        loaded = load_study(study)
        with progress(comparison_runs(loaded), f"{loaded.name}: runs", item_show_func=lambda name: name) as bar:
            table, dataset, scenario_name = run_comparison(loaded, scenario=scenario, discount=discount,
                                                           progress=lambda name: bar.update(1, name))
        stochastic, extra = None, {"seed": None, "paths": 1}
        if n_paths is not None:
            stochastic, extra = stochastic_comparison(loaded, scenario, discount, n_paths=n_paths, seed=seed,
                                                       quantiles=quantiles, chunk_size=chunk_size, workers=workers,
                                                       scheduler=scheduler, last_year=int(dataset["year"].values[-1]))
        manifest = {**_package(), "study": loaded.name, "study_file": str(study), "scenario": scenario_name,
                    "scenario_file": None if scenario is None else str(scenario),
                    "discount_basis": dataset.attrs.get("discount_basis"),
                    "assumption_set_hash": dataset.attrs.get("assumption_set_hash"), **extra,
                    **_provenance(started)}
        written = write_comparison(out, table=table, dataset=dataset, manifest=manifest, stochastic=stochastic)
    click.echo(comparison_report(loaded.name, scenario_name, table, written))
    if stochastic is not None:

        click.echo(stochastic_comparison_report(stochastic["comparison_depletion_probability.csv"]))


@main.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default=None, metavar="DIR",
              help="Folder for optimal_mix.csv (the sizes), optimal_fund.nc (the verified run; with --paths, "
                   "optimal_paths.csv: the checks of the re-run on every path) and manifest.json (created, or "
                   "replaced if it holds a previous run's outputs).")
@stochastic_options(quantiles=False)
@click.option("--probability", type=click.FloatRange(min=0.0, max=1.0, min_open=True), default=None, metavar="P",
              help="With --paths: the share of paths on which the reserve condition must hold (replaces the "
                   "target's 'probability:').")
def optimise(target: Path, out_dir: str | None, n_paths: int | None, seed: int, chunk_size: int | None,
             workers: int | None, scheduler: str | None, probability: float | None) -> None:
    """Find the least-cost mix of financing instruments that meets the solvency TARGET.

    With --paths N the target states 'probability:' (or --probability gives it, e.g. 0.9): the reserve
    condition must hold on at least that share of N drawn paths (sample average; the debt ceiling and the annual cost cap on every
    path), at the least mean cost.  Exits with status 1 when no mix within the bounds meets the target.
    """
    from actuarial.financing.optimise import optimise as run_optimiser
    from actuarial.financing.study import load_target
    from actuarial.report.writers import write_optimisation
    from actuarial.report.terminal import optimisation_report, stochastic_optimisation_report

    check_stochastic(n_paths, chunk_size, workers, scheduler)
    if probability is not None and n_paths is None:
        raise click.UsageError("--probability applies to a target met on drawn paths; add --paths N")
    started = time.perf_counter()
    with OutputFolder(out_dir) if out_dir is not None else nullcontext() as out:
        loaded = load_target(target)
        if probability is not None:
            import dataclasses

            loaded = dataclasses.replace(loaded, info=loaded.info.model_copy(update={"probability": probability}))
        if n_paths is None:
            if loaded.info.probability is not None:
                raise AssumptionError(target, "target.probability", "states a share of paths; give --paths N to "
                                      "optimise on drawn paths")
            result = run_optimiser(loaded)
            fund, paths, extra = result.verified.fund, None, {"seed": None, "paths": 1}
        else:
            from actuarial.simulation import DEFAULT_CHUNK
            from actuarial.simulation.optimise import optimise_on_paths

            chunk_size = chunk_size or DEFAULT_CHUNK
            with dask_client(workers, scheduler) as client, \
                    progress(2 * n_paths, f"{loaded.info.name}: {n_paths:,} paths, then the re-runs") as bar:
                result = optimise_on_paths(loaded, n_paths=n_paths, seed=seed, chunk_size=chunk_size, client=client,
                                           progress=bar.update)
            fund, paths = None, result.verified
            extra = {"seed": seed, "paths": n_paths, "chunk_size": chunk_size, "probability": result.probability,
                     "share_met_on_rerun": result.verified_share}
        if out is not None:
            import pandas as pd

            scales = {**result.sizes, **{f"{name}_{year}": share / loaded.study.options[name].issuance_pct_gdp
                                         for name, by_year in result.issuance_by_year.items()
                                         for year, share in by_year.items()}}
            sizes = pd.DataFrame({"instrument": list(scales), "size": list(scales.values())})
            manifest = {**_package(), "target": loaded.info.name, "target_file": str(target),
                        "scenario": loaded.scenario.name, "feasible": bool(result.feasible), **extra,
                        **_provenance(started)}
            write_optimisation(out, sizes=sizes, fund=fund, paths=paths, manifest=manifest)
    click.echo(optimisation_report(loaded, result) if n_paths is None else stochastic_optimisation_report(loaded, result))
    if not result.feasible:
        sys.exit(1)


@main.command()
@click.argument("study", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, metavar="DIR",
              help="Folder for sensitivity.csv (every case and metric), tornado.csv or grid.nc, and manifest.json "
                   "(created, or replaced if it holds a previous run's outputs).")
def sensitivity(study: Path, out_dir: str) -> None:
    """Run the sensitivity STUDY: one assumption at a time over its declared range (tornado), or a grid.

    Every case is a whole-model run; metrics are rows of metrics.csv named scheme.metric.
    """
    from actuarial.report.writers import write_sensitivity
    from actuarial.report.terminal import sensitivity_report
    from actuarial.sensitivity import grid_dataset, load_sensitivity, run_sensitivity, tornado_table

    started = time.perf_counter()
    with OutputFolder(out_dir) as out:
        loaded = load_sensitivity(study)
        with progress(len(loaded.cases), f"{loaded.name}: {len(loaded.cases)} runs") as bar:
            results = run_sensitivity(loaded, progress=lambda: bar.update(1))
        tornado = tornado_table(results) if loaded.kind == "tornado" else None
        grid = grid_dataset(results, loaded) if loaded.kind == "grid" else None
        manifest = {**_package(), "study": loaded.name, "study_file": str(study), "kind": loaded.kind,
                    "scenario_file": str(loaded.scenario), "runs": len(loaded.cases) + 1, **_provenance(started)}
        written = write_sensitivity(out, results=results, tornado=tornado, grid=grid, manifest=manifest)
    click.echo(sensitivity_report(loaded, results, tornado, written))


@main.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, metavar="DIR",
              help="Folder for report.html, report.xlsx and manifest.json (created, or replaced if it holds a "
                   "previous report).")
@click.option("--extra", multiple=True, type=click.Path(path_type=Path), metavar="DIR",
              help="A folder of 'compare' or 'sensitivity' outputs to include (comparison.csv, tornado.csv); "
                   "repeatable. RUN_DIR itself is searched too.")
@click.option("--validation/--no-validation", default=False, show_default=True,
              help="Run the validation cases and include their table (about a minute).")
def report(run_dir: Path, out_dir: str, extra: tuple[Path, ...], validation: bool) -> None:
    """Write report.html (self-contained, with charts) and report.xlsx (one sheet per table) for the run in RUN_DIR.

    The assumption list is read from the scenario file the run's manifest names (relative to the current
    folder, as the run was started).  When RUN_DIR holds a stochastic run (percentiles.csv,
    depletion_probability.csv, metric_percentiles.csv), the report adds fan charts, the probability of
    depletion and the stochastic tables; paths.nc is not read.
    """
    from actuarial.report.document import (
        assumption_table, load_run_outputs, render_html, report_charts, report_tables, write_workbook)
    from actuarial.report.writers import write_report

    started = time.perf_counter()
    with OutputFolder(out_dir) as out:
        run = load_run_outputs(run_dir, extra)
        scenario_file = Path(run.manifest.get("scenario_file") or "")
        if not scenario_file.is_file():
            raise AssumptionError(run_dir / "manifest.json", "scenario_file",
                                  f"value {str(scenario_file)!r} is not a file from here; run the report from the "
                                  "folder the run was started in")
        validation_table = None
        if validation:
            import pandas as pd

            from actuarial.analysis.validation import discover_cases, run_case

            validation_table = pd.concat([run_case(case).assign(case=case.name) for case in discover_cases(VALIDATION_DIR)],
                                         ignore_index=True)
        with progress(1, "charts") as bar:
            charts = report_charts(run)
            bar.update(1)
        tables = report_tables(run, assumptions=assumption_table(load_scenario(scenario_file)),
                               validation=validation_table)
        manifest = {**_package(), "run_dir": str(run_dir), "scenario": run.manifest.get("scenario"),
                    "charts": [title for title, _ in charts], "tables": list(tables), **_provenance(started)}
        written = write_report(out, html=render_html(run, charts, tables),
                               workbook=lambda path: write_workbook(tables, path), manifest=manifest)
    click.echo(f"report of {run_dir}: {len(charts)} charts, {len(tables)} tables; wrote "
               + ", ".join(str(path) for path in written))


if __name__ == "__main__":
    main()
