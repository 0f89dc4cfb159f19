"""Stochastic runs of the whole model (actuarial.simulation): the zero draw is the deterministic run bit for
bit, the bytes do not depend on chunking or on dask workers, the shocks reach the stages, and the statistics
are right on distributions known in advance."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import dask
import numpy as np
import pandas as pd
import pytest
import xarray as xr

from actuarial import load_scenario, run_model
from actuarial.analysis.fund_metrics import fund_metrics
from actuarial.analysis.summary import summary_table
from actuarial.config.assumptions import replace_data
from actuarial.labour.market import project_labour
from actuarial.simulation import chunks, run_paths, simulate
from actuarial.simulation.shocks import ChunkShocks, path_assumptions, path_sets
from actuarial.simulation.statistics import (
    StochasticTables,
    check_quantiles,
    depletion_probability,
    metric_distribution,
    percentile_dataset,
)
from actuarial.stochastic import StochasticParameters, draw_paths

ROOT = Path(__file__).resolve().parents[1]
ACTUARIAL = Path(sys.executable).parent / "actuarial"


@pytest.fixture(scope="module")
def paths4(baseline):
    return run_paths(baseline, seed=5, paths=range(4))


def test_the_zero_draw_is_the_deterministic_run_bit_for_bit(baseline, baseline_projection):
    zero = run_paths(baseline, seed=5, paths=[7], zero=True)
    summary = summary_table(baseline_projection)
    for column in summary.columns.drop("year"):
        np.testing.assert_array_equal(zero[column].values[0], summary[column].to_numpy(dtype=float), err_msg=column)
    metrics = fund_metrics(baseline, baseline_projection)
    np.testing.assert_array_equal(zero["metric_value"].values[0], metrics["value"].to_numpy(dtype=float))
    assert list(zero["metric"].values) == list(metrics["metric"])


def test_the_zero_draw_of_a_stacked_chunk_is_the_deterministic_run_on_every_path(baseline, baseline_projection):
    """Three zero paths run at once, every stage with a path axis of three: each is the deterministic run."""
    zero = run_paths(baseline, seed=5, paths=[7, 8, 9], zero=True)
    summary = summary_table(baseline_projection)
    metrics = fund_metrics(baseline, baseline_projection)["value"].to_numpy(dtype=float)
    for index in range(3):
        for column in summary.columns.drop("year"):
            np.testing.assert_array_equal(zero[column].values[index], summary[column].to_numpy(dtype=float),
                                          err_msg=column)
        np.testing.assert_array_equal(zero["metric_value"].values[index], metrics)


def test_a_chunk_with_financing_options_gives_each_path_its_own_run():
    """The options' cash flows are computed path by path inside a stacked run: each path's summary and fund rows
    are those of its own set run alone."""
    scenario = load_scenario(ROOT / "projections" / "ai_central_with_bonds_and_levy.yaml")
    chunk = run_paths(scenario, seed=5, paths=range(3))
    for number, drawn in path_sets(scenario, seed=5, paths=range(3)):
        alone = run_model(drawn)
        summary = summary_table(alone)
        for column in ("pension_fund_balance", "pension_reserve_ratio", "medical_fund_balance"):
            np.testing.assert_array_equal(chunk[column].sel(path=number).values,
                                          summary[column].to_numpy(dtype=float), err_msg=column)
        np.testing.assert_array_equal(chunk["metric_value"].sel(path=number).values,
                                      fund_metrics(drawn, alone)["value"].to_numpy(float))


def test_paths_do_not_depend_on_the_chunk_they_run_in(baseline, paths4):
    split = xr.concat([run_paths(baseline, seed=5, paths=range(0, 3)), run_paths(baseline, seed=5, paths=[3])],
                      dim="path", coords="minimal", compat="override")
    for name in paths4.data_vars:
        np.testing.assert_array_equal(paths4[name].values, split[name].values, err_msg=name)


def test_a_chunks_fund_metrics_are_each_paths_own_bit_for_bit(baseline, paths4):
    """The fund rows are computed once for the whole chunk (a path dimension through the valuation): each path
    gets exactly the rows of its own run."""
    for number, drawn in path_sets(baseline, seed=5, paths=[1, 3]):
        alone = fund_metrics(drawn, run_model(drawn))
        np.testing.assert_array_equal(paths4["metric_value"].sel(path=number).values, alone["value"].to_numpy(float))


def test_paths_differ_and_the_seed_matters(baseline, paths4):
    population = paths4["population"].sel(year=2100).values
    assert np.unique(population).size == 4
    other = run_paths(baseline, seed=6, paths=[0])
    assert other["population"].sel(year=2100).item() != population[0]
    # the base year is the same on every path: shocks start in the first projection year
    assert np.unique(paths4["population"].sel(year=2024).values).size == 1


def test_each_shock_reaches_its_assumption(baseline):
    parameters = StochasticParameters.from_assumptions(baseline)
    draws = draw_paths(parameters, seed=2, paths=[0])
    shocks = ChunkShocks.from_draws(draws, baseline, parameters)
    drawn = path_assumptions(baseline, shocks, 0)
    years = baseline.years
    np.testing.assert_allclose(drawn.path("productivity_growth", years) - baseline.path("productivity_growth", years),
                               draws["productivity_growth_shift"].values[0], rtol=0, atol=1e-15)
    np.testing.assert_allclose(drawn.path("pension_fund_return", years) - baseline.path("pension_fund_return", years),
                               draws["fund_return_shift"].sel(fund="pension_employee").values[0], rtol=0, atol=1e-15)
    tfr = drawn.data("fertility").sel(variant=baseline["fertility_variant"].choice).sum("age").values
    np.testing.assert_allclose(tfr, draws["total_fertility"].values[0], rtol=1e-12)
    assert drawn.scalar("ai_adoption_ceiling") == draws["ai_adoption_ceiling"].item()
    added = drawn.data("migration").sum(["sex", "age"]) - baseline.data("migration").sum(["sex", "age"])
    np.testing.assert_allclose(added.values, draws["net_migration_shift"].values[0], rtol=1e-9, atol=1e-3)
    assert drawn.path("unemployment_rate_deviation", np.array([baseline.base_year]))[0] == 0.0


def test_the_unemployment_deviation_moves_every_cell_in_proportion(baseline, baseline_projection):
    target = baseline.scalar("unemployment_rate_target")
    years = np.concatenate([[baseline.base_year], baseline.years])
    deviation = np.where(years >= 2030, 0.5 * target, 0.0)  # the aggregate rate half as high again from 2030
    no_ai = replace_data(baseline, {"ai_complementarity": xr.DataArray(1.0)}, label="no AI displacement")
    shifted = replace_data(no_ai, {"unemployment_rate_deviation": xr.DataArray(deviation, coords={"year": years},
                                                                               dims="year")}, label="test")
    before = project_labour(no_ai, baseline_projection["population"])
    after = project_labour(shifted, baseline_projection["population"])
    unemployed = lambda labour: labour["employment"].sel(status="unemployed")  # noqa: E731
    np.testing.assert_array_equal(unemployed(after).sel(year=2029).values, unemployed(before).sel(year=2029).values)
    ratio = unemployed(after).sel(year=2040).sum().item() / unemployed(before).sel(year=2040).sum().item()
    assert ratio == pytest.approx(1.5, rel=1e-12)
    total = after["employment"].sum("status")
    np.testing.assert_allclose(total.values, before["employment"].sum("status").values, rtol=1e-12)


def test_chunks_cover_every_path_once():
    assert [list(r) for r in chunks(7, 3)] == [[0, 1, 2], [3, 4, 5], [6]]
    with pytest.raises(ValueError, match="at least 1"):
        chunks(0, 3)


@pytest.mark.slow
def test_dask_workers_give_the_same_bytes(baseline, paths4):
    pytest.importorskip("distributed")
    from actuarial.cli_paths import dask_client

    with dask_client(2, None) as client:                                    # the command line's local cluster
        # its workers keep no profiler history (it grew each worker by about 0.5 GB over 10,000 paths)
        assert not any(client.run(lambda: dask.config.get("distributed.worker.profile.enabled")).values())
        simulate(baseline, n_paths=2, seed=5, chunk_size=1, client=client)  # a second call on the same client
        remote = simulate(baseline, n_paths=4, seed=5, chunk_size=1, client=client)
    for name in paths4.data_vars:
        np.testing.assert_array_equal(paths4[name].values, remote[name].values, err_msg=name)


# ---------------------------------------------------------------------------------------------- statistics

def _synthetic(values: np.ndarray, depletion: np.ndarray) -> xr.Dataset:
    """Paths of one summary column (path, year) and one depletion-year metric per path."""
    n, years = values.shape[0], np.arange(2024, 2024 + values.shape[1])
    return xr.Dataset(
        {"population": (("path", "year"), values), "metric_value": (("path", "row"), depletion[:, None])},
        coords={"path": np.arange(n), "year": years, "row": [0], "scheme": ("row", ["fund_a"]),
                "metric": ("row", ["depletion_year"]), "unit": ("row", ["year"])})


def test_percentiles_of_a_known_distribution():
    n = 100_001
    values = np.tile(np.linspace(0.0, 1.0, n)[np.random.default_rng(0).permutation(n)][:, None], (1, 3))
    table = percentile_dataset(_synthetic(values, np.full(n, np.nan)), (0.025, 0.5, 0.9))
    np.testing.assert_allclose(table["population"].sel(year=2025).values, [0.025, 0.5, 0.9], atol=1e-12)


def test_depletion_probability_counts_paths_depleted_by_each_year_and_never_falls():
    depletion = np.array([2025.0, 2026.0, 2026.0, np.nan])
    table = depletion_probability(_synthetic(np.ones((4, 4)), depletion))
    assert table["year"].tolist() == [2025, 2026, 2027]
    assert table["fund_a"].tolist() == [0.25, 0.75, 0.75]


def test_depletion_probability_of_the_run_never_falls(paths4):
    table = depletion_probability(paths4)
    assert (table.drop(columns="year").diff().iloc[1:] >= 0).all().all()
    assert {"pension_employee", "pension_employee_without_subsidy", "medical_employee"} <= set(table.columns)


def test_year_metric_quantiles_treat_never_as_after_the_horizon():
    depletion = np.array([2030.0, 2040.0, np.nan, np.nan])
    table = metric_distribution(_synthetic(np.ones((4, 2)), depletion), (0.25, 0.5, 0.75))
    row = table.iloc[0]
    assert row["share_with_value"] == 0.5
    assert (row["q0.25"], row["q0.5"]) == (2030.0, 2040.0) and np.isnan(row["q0.75"])


@pytest.mark.parametrize("bad", [[], [0.0], [1.0], [1.5]])
def test_bad_quantiles_are_refused(bad):
    with pytest.raises(ValueError):
        check_quantiles(bad)


def test_tables_have_every_summary_column(paths4):
    tables = StochasticTables.from_paths(paths4)
    assert len(tables.percentiles) == paths4.sizes["year"] * 9
    assert {"year", "quantile", "population", "pension_fund_balance"} <= set(tables.percentiles.columns)
    low, high = (tables.percentiles[tables.percentiles["quantile"] == q].set_index("year")["population"]
                 for q in (0.025, 0.975))
    assert (low <= high).all()


# ---------------------------------------------------------------------------------------------- command line

def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ACTUARIAL), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_run_with_paths_writes_the_stochastic_files(tmp_path):
    out = tmp_path / "run"
    result = _cli("run", "projections/baseline.yaml", "--out", str(out), "--paths", "3", "--seed", "4",
                  "--quantiles", "0.1,0.5,0.9")
    assert result.returncode == 0, result.stderr
    assert {"paths.nc", "percentiles.csv", "percentiles.nc", "depletion_probability.csv", "metric_percentiles.csv",
            "summary.csv", "metrics.csv", "projection.nc"} <= {path.name for path in out.iterdir()}
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["seed"], manifest["paths"], manifest["quantiles"]) == (4, 3, [0.1, 0.5, 0.9])
    assert sorted(pd.read_csv(out / "percentiles.csv")["quantile"].unique()) == [0.1, 0.5, 0.9]
    assert "probability of depletion" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--workers", "2"], "add --paths N"),
    (["--paths", "2", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "give one"),
    (["--paths", "2", "--quantiles", "0.5,1.2"], "outside (0, 1)"),
    (["--paths", "0"], "0 is not in the range"),
])
def test_bad_stochastic_options_are_one_line_errors(tmp_path, args, message):
    result = _cli("run", "--out", str(tmp_path / "run"), *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "run").exists()
