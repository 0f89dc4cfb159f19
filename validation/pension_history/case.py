"""The employee pension's history run back-tested against the published series 2004-2024.

``backtest.csv`` (standard columns) holds what the run is held against; ``published.csv`` (written by
``assumptions/china/build/build_pension_history.py``, other layout) the published figures it copies.
Rows of kind ``reported`` are shown with their gap and not asserted (SOURCE.md says why for each);
the asserted rows are the run's plumbing: the workers it is driven by, the end-1997 start and the
2024 joined stock.

Run by hand: ``python validation/pension_history/case.py`` prints the case, the whole in-sample table
and the out-of-sample (known-in-2018) table.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from actuarial import load_scenario
from actuarial.analysis import backtest
from actuarial.analysis.validation import read_published_table

HERE = Path(__file__).resolve().parent


def published_figures() -> pd.DataFrame:
    return read_published_table(HERE / "backtest.csv")


@lru_cache(maxsize=1)
def setup() -> backtest.HistorySetup:
    return backtest.history_setup(load_scenario(HERE.parents[1] / "projections" / "baseline.yaml"))


def published_series() -> pd.DataFrame:
    return backtest.read_history_published(HERE / "published.csv")


def model_figures(published: pd.DataFrame) -> list[float]:
    table = backtest.in_sample_table(setup(), published_series()).set_index(["quantity", "year"])["model"]
    return [float(table.loc[(quantity, year)]) for quantity, year in zip(published["quantity"], published["year"])]


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    pd.set_option("display.width", 250)
    pd.set_option("display.max_rows", 500)
    case = run_case(Case(HERE.name, HERE))
    print(validation_report(HERE.name + " (asserted rows)", case.loc[case["asserted"]]))
    print(f"{int(case['asserted'].sum())} asserted rows ({int((case['asserted'] & ~case['within']).sum())} outside), "
          f"{int((~case['asserted']).sum())} reported rows (not asserted; SOURCE.md says why)\n")
    series = published_series()
    inside = backtest.in_sample_table(setup(), series)
    row = case.set_index(["quantity", "year"])["asserted"].map({True: "asserted", False: "reported"})
    inside["row"] = [row.get((q, y), "") for q, y in zip(inside["quantity"], inside["year"])]
    print("== in sample: the history run against the published figures (10k persons, 100m yuan, yuan/month)")
    print(backtest.shown(inside, ("published", "model", "difference")).to_string(index=False))
    outside = backtest.out_of_sample_table(setup(), series)
    print("\n== out of sample: known in 2018, joined at 2018, against published 2019-2024; actual_inputs = the same "
          "join and mechanics on the actual inputs; difference = input_effect + mechanics_error")
    print(backtest.shown(outside, ("published", "known_2018", "actual_inputs", "difference", "input_effect",
                                   "mechanics_error")).to_string(index=False))
