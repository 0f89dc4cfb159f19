"""Regenerate published.csv from WPP 2024's population intervals (thousands -> persons).

Source: ``validation/wpp2024_china/intervals/popproj1dt_CHN.csv`` (a byte copy of the WPP 2024 extract in
``../shared/data/wpp2024_china/``; see that case's SOURCE.md).

    python validation/wpp2024_intervals/make_published.py
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
YEARS = (2030, 2035, 2040, 2045, 2050)
COLUMNS = {"population_q0.025": ("pop_95l", "reported"), "population_q0.1": ("pop_80l", "relative"),
           "population_median": (None, "relative"), "population_q0.9": ("pop_80u", "relative"),
           "population_q0.975": ("pop_95u", "reported")}
"""Row quantity -> (WPP column, None for popM + popF; row kind: the 95 % bounds are reported, SOURCE.md)."""
TOLERANCE = 0.01


def main() -> None:
    wpp = pd.read_csv(HERE.parent / "wpp2024_china" / "intervals" / "popproj1dt_CHN.csv").set_index("year")
    rows = []
    for quantity, (column, kind) in COLUMNS.items():
        for year in YEARS:
            value = wpp.loc[year, "popM"] + wpp.loc[year, "popF"] if column is None else wpp.loc[year, column]
            rows.append((quantity, year, round(value * 1e3), "persons", TOLERANCE, kind))
    pd.DataFrame(rows, columns=["quantity", "year", "published", "unit", "tolerance", "kind"]).to_csv(
        HERE / "published.csv", index=False)


if __name__ == "__main__":
    main()
