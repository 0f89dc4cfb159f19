"""Build the China statutory retirement-age table from the 2024 legislation.

Run from anywhere::

    python assumptions/china/build/build_retirement.py [--out DIR]

Writes ``statutory_retirement_age.csv`` (columns ``group,birth_year,birth_month,
retirement_age``) and ``flexible_retirement.csv`` (columns ``offset,share``) in
``assumptions/china/`` by default and prints the checks quoted in
``assumptions/china/METHOD_retirement.md``.  Deterministic: the table is a pure
function of the rules below; ages are written with 12 decimals, so that
``12 * retirement_age`` is an integer number of months to within 1e-9.

Rules (Decision of the NPC Standing Committee of 13 September 2024 and the
annexed *Measures of the State Council on the Gradual Raising of the Statutory
Retirement Age*, article 1 and annex tables 1-3; in force 1 January 2025).
For a person born in month ``m`` of year ``b``, let the number of birth months
since the first reformed cohort be

    k = 12 (b - b0) + (m - 1),

with ``b0`` = 1965 (men, original age 60), 1970 (women in the 55 group,
"cadres": managerial and professional-technical posts) and 1975 (women in the
50 group, "workers").  The statutory age in months is

    R = 12 A0                                           for k < 0,
    R = 12 A0 + min(floor(k / s) + 1, N)                for k >= 0,

with step ``s`` = 4 birth months per month of delay and cap ``N`` = 36 months
for men and the 55 group, ``s`` = 2 and ``N`` = 60 months for the 50 group.
The cap is reached at ``k = s (N - 1)``: men born September 1976, cadres born
September 1981, workers born November 1984.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_OUT = REPO_ROOT / "assumptions" / "china"

FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR = 1920, 2010   # registry range of the table
MONTHS = np.arange(1, 13)


@dataclass(frozen=True)
class Schedule:
    """One group's legislated schedule (Measures, article 1 and annex table)."""

    group: str
    original_age: int          # A0, years (pre-2025 statutory age)
    first_birth_year: int      # b0: cohort born in January of b0 is the first raised
    birth_months_per_step: int  # s: birth months per one-month delay
    max_delay_months: int      # N: cap on the delay


SCHEDULES = (
    Schedule("male", 60, 1965, 4, 36),
    Schedule("female_cadre", 55, 1970, 4, 36),
    Schedule("female_worker", 50, 1975, 2, 60),
)

# Flexible retirement (Measures, article 3): offsets in years from the statutory age.
# Assumed shares; the reasons are in retirement.yaml and METHOD_retirement.md.
FLEXIBLE_SHARES = {-3: 0.04, -2: 0.03, -1: 0.03, 0: 0.87, 1: 0.015, 2: 0.01, 3: 0.005}


def delay_months(schedule: Schedule, birth_year: np.ndarray, birth_month: np.ndarray) -> np.ndarray:
    """Months by which the statutory age of a birth cohort is raised: min(floor(k/s)+1, N), 0 before b0."""
    k = 12 * (np.asarray(birth_year) - schedule.first_birth_year) + (np.asarray(birth_month) - 1)
    raised = np.minimum(k // schedule.birth_months_per_step + 1, schedule.max_delay_months)
    return np.where(k < 0, 0, raised)


def statutory_table() -> pd.DataFrame:
    """The full table over groups, birth years 1920..2010 and months 1..12."""
    years = np.arange(FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR + 1)
    year_grid, month_grid = np.meshgrid(years, MONTHS, indexing="ij")
    frames = []
    for schedule in SCHEDULES:
        months = 12 * schedule.original_age + delay_months(schedule, year_grid, month_grid)
        frames.append(pd.DataFrame({
            "group": schedule.group,
            "birth_year": year_grid.ravel(),
            "birth_month": month_grid.ravel(),
            "retirement_age": months.ravel() / 12.0,
        }))
    return pd.concat(frames, ignore_index=True)


def flexible_table() -> pd.DataFrame:
    frame = pd.DataFrame({"offset": list(FLEXIBLE_SHARES), "share": list(FLEXIBLE_SHARES.values())})
    total = frame["share"].sum()
    if abs(total - 1.0) > 1e-12:
        raise ValueError(f"flexible retirement shares sum to {total}, not 1")
    return frame


def _age_text(age: float) -> str:
    months = int(round(age * 12))
    return f"{months // 12}y{months % 12}m"


def checks(table: pd.DataFrame) -> list[str]:
    """Assert the legislated anchor points and return printable check lines."""
    indexed = table.set_index(["group", "birth_year", "birth_month"])["retirement_age"]

    def age(group: str, year: int, month: int) -> float:
        return float(indexed.loc[(group, year, month)])

    anchors = [
        ("male", 1964, 12, 60.0), ("male", 1965, 1, 60 + 1 / 12), ("male", 1965, 5, 60 + 2 / 12),
        ("male", 1976, 8, 62 + 11 / 12), ("male", 1976, 9, 63.0),
        ("female_cadre", 1969, 12, 55.0), ("female_cadre", 1970, 1, 55 + 1 / 12),
        ("female_cadre", 1981, 8, 57 + 11 / 12), ("female_cadre", 1981, 9, 58.0),
        ("female_worker", 1974, 12, 50.0), ("female_worker", 1975, 1, 50 + 1 / 12),
        ("female_worker", 1975, 3, 50 + 2 / 12), ("female_worker", 1984, 10, 54 + 11 / 12),
        ("female_worker", 1984, 11, 55.0),
    ]
    lines = ["anchor points (group, birth, statutory age):"]
    for group, year, month, expected in anchors:
        got = age(group, year, month)
        if abs(got - expected) > 1e-12:
            raise AssertionError(f"{group} born {year}-{month:02d}: {got} != {expected}")
        lines.append(f"  {group:13s} {year}-{month:02d}  {_age_text(got)}")
    for schedule in SCHEDULES:
        cap = 12 * schedule.original_age + schedule.max_delay_months
        first_capped = table[(table.group == schedule.group) & (np.isclose(table.retirement_age * 12, cap))].iloc[0]
        lines.append(f"  {schedule.group}: cap {_age_text(cap / 12)} first reached by cohort "
                     f"{first_capped.birth_year}-{first_capped.birth_month:02d}")
        values = table[table.group == schedule.group].sort_values(["birth_year", "birth_month"])["retirement_age"]
        if (np.diff(values.to_numpy()) < 0).any():
            raise AssertionError(f"{schedule.group}: schedule decreases")
    months = table["retirement_age"].to_numpy() * 12
    if np.abs(months - np.round(months)).max() > 1e-9:
        raise AssertionError("ages are not whole months")
    mean = table.groupby(["group", "birth_year"])["retirement_age"].mean()
    lines.append("mean statutory age by birth cohort (years):")
    lines.append("  group           " + " ".join(f"{y:>7d}" for y in (1960, 1965, 1970, 1975, 1980, 1985)))
    for schedule in SCHEDULES:
        row = " ".join(f"{mean.loc[(schedule.group, y)]:7.3f}" for y in (1960, 1965, 1970, 1975, 1980, 1985))
        lines.append(f"  {schedule.group:15s} {row}")
    return lines


def write_csv(frame: pd.DataFrame, path: Path, float_format: str) -> None:
    """Plain CSV (header, no index, Unix newlines) with a fixed float format."""
    frame.to_csv(path, index=False, float_format=float_format, lineterminator="\n")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder for the CSVs")
    args = parser.parse_args(argv)
    table = statutory_table()
    for line in checks(table):
        print(line)
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(table, args.out / "statutory_retirement_age.csv", "%.12f")
    write_csv(flexible_table(), args.out / "flexible_retirement.csv", "%.6g")
    print(f"wrote {args.out / 'statutory_retirement_age.csv'} ({len(table)} rows) and flexible_retirement.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
