"""Regenerate published.csv from the WPP 2024 extract in ../shared/data (thousands -> persons).

    python validation/wpp2024_china/make_published.py [--source ../shared/data]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
TOTAL_YEARS, FLOW_YEARS = (2030, 2035, 2040, 2050), range(2025, 2051)
TOTAL_TOLERANCE, FLOW_TOLERANCE = 0.01, 0.01


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=HERE.parents[2] / "shared" / "data")
    wpp = parser.parse_args().source / "wpp2024_china"
    population = pd.read_csv(wpp / "popproj1dt_CHN.csv").set_index("year")
    vital = pd.read_csv(wpp / "miscproj1dt_CHN.csv").set_index("year")
    rows = [("population", y, (population.loc[y, "popM"] + population.loc[y, "popF"]) * 1e3, TOTAL_TOLERANCE)
            for y in TOTAL_YEARS]
    rows += [(name, y, vital.loc[y, name] * 1e3, FLOW_TOLERANCE) for name in ("births", "deaths") for y in FLOW_YEARS]
    table = pd.DataFrame(rows, columns=["quantity", "year", "published", "tolerance"])
    table = table.assign(unit="persons", kind="relative")[["quantity", "year", "published", "unit", "tolerance", "kind"]]
    table["published"] = table["published"].round().astype("int64")  # WPP prints thousands to 3 decimals
    table.to_csv(HERE / "published.csv", index=False)


if __name__ == "__main__":
    main()
