"""Build the basic-medical-insurance tables of the China set (assumed shapes).

No table of basic medical insurance expenditure by single age and sex is in
../shared/data (the NHSA bulletin gives national totals and the split of
members into active and retired), so the age-cost curve is an assumed shape
(METHOD_medical.md gives the evidence it follows and how it was checked).  The
model scales it by one level per scheme at run time so that 2024 pooled
expenditure is met, so only its shape matters.  Writes, into assumptions/china/:

* ``medical_age_cost.csv`` (sex, age, relative_cost), ages 0..100: expenditure
  per insured person relative to a man aged 40 (= 1).  Piecewise log-linear
  through the knots below; women carry the maternity costs financed by the
  merged maternity insurance at 20-39 and slightly lower costs than men above 60.
* ``medical_density_relative.csv`` (status, relative_density): relative
  probability of being an active UEBMI member by employed status (standard =
  1 among employees, platform = 1 among flexible workers); the model scales
  employees and flexible workers by one factor each.

Run: ``python assumptions/china/build/build_medical.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parents[1]
AGES = np.arange(0, 101)
SEXES = ("male", "female")

MALE_KNOTS = {0: 1.6, 1: 0.9, 5: 0.45, 15: 0.35, 20: 0.4, 30: 0.6, 40: 1.0, 50: 1.6, 55: 2.1, 60: 2.7,
              65: 3.4, 70: 4.2, 75: 5.0, 80: 5.7, 85: 6.1, 90: 6.2, 100: 6.2}
"""Relative cost per insured man by age (man aged 40 = 1): high in the first year of life, lowest in
the teens, doubling about every 12 years of age from 40 to 70 (about 6 % a year of age), flattening
after 85 (end-of-life costs spread over fewer survivors, less intensive treatment of the oldest old)."""

FEMALE_FACTOR = {0: 0.9, 15: 1.0, 19: 1.0, 20: 1.4, 25: 1.9, 30: 1.8, 35: 1.4, 40: 1.15, 50: 1.0, 60: 0.95,
                 70: 0.9, 100: 0.9}
"""Women relative to men of the same age: maternity (births, financed by the maternity insurance
merged into UEBMI in 2019) at 20-39, somewhat lower costs in old age."""

DENSITY_RELATIVE = {"standard": 1.0, "nonstandard": 0.75, "platform": 1.0, "self_employed": 1.0, "farm": 0.0}
"""Relative UEBMI membership by status within each group (employees; flexible workers), the
same proportions as the pension table (contribution_density_relative.csv: employees 1, 0.75; flexible workers 0.35, 0.35; farmers 0)."""


def log_linear(knots: dict[int, float]) -> np.ndarray:
    """Curve through (age, value) knots over ages 0..100, linear in the logarithm between knots."""
    ages, values = zip(*sorted(knots.items()))
    return np.exp(np.interp(AGES, ages, np.log(values)))


def age_cost() -> pd.DataFrame:
    """The (sex, age, relative_cost) table."""
    male = log_linear(MALE_KNOTS)
    female = male * np.interp(AGES, *zip(*sorted(FEMALE_FACTOR.items())))
    rows = [(sex, int(age), round(float(value), 6))
            for sex, curve in zip(SEXES, (male, female)) for age, value in zip(AGES, curve)]
    return pd.DataFrame(rows, columns=["sex", "age", "relative_cost"])


def density() -> pd.DataFrame:
    return pd.DataFrame(list(DENSITY_RELATIVE.items()), columns=["status", "relative_density"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write into (default: assumptions/china)")
    args = parser.parse_args()
    for name, frame in (("medical_age_cost.csv", age_cost()), ("medical_density_relative.csv", density())):
        path = args.out / name
        frame.to_csv(path, index=False, lineterminator="\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
