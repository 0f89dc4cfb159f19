"""The employee pension back-test (actuarial/analysis/backtest.py, validation/pension_history)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from actuarial import load_scenario
from actuarial.analysis import backtest
from actuarial.analysis.validation import Case, discover_cases, run_case

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "validation" / "pension_history"


@pytest.fixture(scope="module")
def setup():
    return backtest.history_setup(load_scenario(ROOT / "projections" / "baseline.yaml"))


@pytest.fixture(scope="module")
def published():
    return backtest.read_history_published(CASE / "published.csv")


@pytest.fixture(scope="module")
def inside(setup, published):
    return backtest.in_sample_table(setup, published)


@pytest.fixture(scope="module")
def outside(setup, published):
    return backtest.out_of_sample_table(setup, published)


def test_in_sample_has_a_row_for_every_published_year_and_quantity(published, inside):
    wanted = published.loc[published["year"].between(2004, 2024) & published["indicator"].isin(backtest.QUANTITIES)]
    have = set(zip(inside["quantity"], inside["year"]))
    missing = [(q, y) for q, y in zip(wanted["indicator"], wanted["year"]) if (q, y) not in have]
    assert not missing
    assert len(have) == len(inside)  # one row each
    # the derived increase appears wherever two consecutive retiree counts are published
    retirees = set(wanted.loc[wanted["indicator"] == "uebpi_retirees", "year"])
    increases = set(inside.loc[inside["quantity"] == "uebpi_retirees_increase", "year"])
    assert increases == {y for y in retirees if y - 1 in retirees}
    # the model has a figure for every row but balances whose previous year is unpublished
    missing_model = inside.loc[inside["model"].isna()]
    assert set(missing_model["quantity"]) <= {"uebpi_balance"}
    balances = set(wanted.loc[wanted["indicator"] == "uebpi_balance", "year"])
    assert set(missing_model["year"]) == {y for y in balances if y - 1 not in balances}


def test_difference_columns_are_consistent(inside, outside):
    for table, model in ((inside, "model"), (outside, "known_2018")):
        rows = table.dropna(subset=[model])
        np.testing.assert_allclose(rows["difference"], rows[model] - rows["published"], rtol=0, atol=1e-6)
        np.testing.assert_allclose(rows["relative_difference"], rows["difference"] / rows["published"], rtol=1e-12)
    np.testing.assert_allclose(outside["input_effect"] + outside["mechanics_error"], outside["difference"],
                               rtol=1e-12, atol=1e-3)
    assert outside["year"].min() == backtest.CUTOFF + 1 and outside["year"].max() == 2024
    assert set(outside["quantity"]) == set(backtest.OUT_OF_SAMPLE)


def test_known_in_2018_keeps_the_past_and_replaces_the_later_years(setup, published):
    h = setup.history
    known = backtest.known_in_2018(h, published)
    years = h.years
    past, later = years <= 2016, years > 2018
    np.testing.assert_array_equal(known.workers[past], h.workers[past])
    for name in ("wage", "indexation", "account_rate", "crediting", "mortality"):
        np.testing.assert_array_equal(getattr(known, name)[years <= 2018], getattr(h, name)[years <= 2018])
    c = int(np.searchsorted(years, 2018))
    assert np.all(known.indexation[later] == h.indexation[c]) and h.indexation[c] == pytest.approx(0.05)
    assert np.all(known.mortality[later] == h.mortality[c])
    growth = known.wage[later][1:] / known.wage[later][:-1]
    np.testing.assert_allclose(growth, growth[0], rtol=1e-12)
    # the actual inputs differ after 2018 (otherwise the test below would prove nothing)
    assert not np.allclose(known.wage[later], h.wage[later])


@pytest.mark.parametrize("change", ["workers", "wage", "indexation", "crediting", "mortality", "published"])
def test_out_of_sample_inputs_hold_no_data_after_2018(setup, published, change):
    """Perturbing a 2020 value (in the inputs or the published series) leaves the known-in-2018 run unchanged
    wherever it is not itself compared with that value."""
    h = setup.history
    t = int(np.searchsorted(h.years, 2020))
    if change == "published":
        later = published["year"] > 2018
        altered = published.assign(value=np.where(later, published["value"] * 1.37, published["value"]))
        history = h
    else:
        altered = published
        values = getattr(h, change).copy()
        values[t] *= 1.37
        history = dataclasses.replace(h, **{change: values})
    before = backtest.out_of_sample_inputs(setup, published)
    after = backtest.out_of_sample_inputs(dataclasses.replace(setup, history=history), altered)
    for field in dataclasses.fields(before):
        a, b = getattr(before, field.name), getattr(after, field.name)
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b), err_msg=field.name)
    base = backtest.out_of_sample_table(setup, published)
    moved = backtest.out_of_sample_table(dataclasses.replace(setup, history=history), altered)
    np.testing.assert_allclose(moved["known_2018"], base["known_2018"], rtol=1e-12)
    if change != "published":
        # the actual-inputs run does see the change: the perturbation reaches the model
        assert not np.allclose(moved["actual_inputs"], base["actual_inputs"], rtol=1e-9)


def test_the_case_asserts_its_plumbing_and_explains_what_it_reports():
    (case,) = discover_cases(ROOT / "validation", names=("pension_history",))
    table = run_case(case)
    asserted = table.loc[table["asserted"]]
    assert set(asserted["quantity"]) == {"uebpi_workers", "uebpi_retirees_joined", "uebpi_retirees_start"}
    assert len(asserted) == 16 and asserted["within"].all() and table["ok"].all()
    reported = table.loc[~table["asserted"]]
    assert len(reported) > 100 and (reported["kind"] == "reported").all()
    source = (case.folder / "SOURCE.md").read_text()
    reasons = {}
    for quantity, years, reason in re.findall(r"^\| (\w+) \| ([\d, -]+) \| (.+) \|$", source, flags=re.M):
        covered = set()
        for part in years.split(","):
            first, _, last = part.strip().partition("-")
            covered |= set(range(int(first), int(last or first) + 1))
        reasons[quantity] = (covered, reason)
    unexplained = [(q, y) for q, y in zip(reported["quantity"], reported["year"])
                   if q not in reasons or y not in reasons[q][0] or len(reasons[q][1]) < 20]
    assert not unexplained


def test_backtest_table_matches_the_published_series(published):
    """backtest.csv copies published.csv (and its two derived quantities) without retyping."""
    table = pd.read_csv(CASE / "backtest.csv").set_index(["quantity", "year"])["published"]
    figures = backtest.published_quantities(published).set_index(["quantity", "year"])["published"]
    shared = table.index.intersection(figures.index)
    assert len(shared) == len(figures)
    np.testing.assert_allclose(table.loc[shared], figures.loc[shared], rtol=1e-9)


def test_a_reported_row_is_shown_not_asserted(tmp_path):
    case = tmp_path / "gap"
    case.mkdir()
    (case / "published.csv").write_text("quantity,year,published,unit,tolerance,kind\n"
                                        "x,2024,100,persons,0.01,reported\ny,2024,100,persons,1,absolute\n")
    (case / "case.py").write_text("def model_figures(published):\n    return [150.0, 103.0]\n")
    table = run_case(Case("gap", case))
    assert list(table["ok"]) == [True, False] and list(table["within"]) == [False, False]
    assert table["difference"].tolist() == pytest.approx([0.5, 3.0])
