"""Build the resident-pension (URRBP) participation profile for the China set (assumed shape).

No table of URRBP enrolment by age exists in ../shared/data (the yearbook gives
one national count of participants), so the age shape is an assumption
(METHOD_pension_resident.md gives the reasons).  The model scales it by one
factor at run time so that base-year participants meet the published count
(values above 1 after scaling are capped at 1), so only its shape matters.
Writes, into assumptions/china/:

* ``resident_participation_profile.csv`` (sex, age, relative_participation),
  ages 16..59: relative propensity of a person outside the employee scheme to
  be enrolled in the resident scheme = (1 - share in full-time education) x
  (enrolment propensity of non-students, rising with age as the 15-year
  contribution condition for a pension at 60 approaches).

Run: ``python assumptions/china/build/build_pension_resident.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parents[1]
AGES = np.arange(16, 60)
SEXES = ("male", "female")

STUDENT_SHARE = {16: 0.90, 17: 0.90, 18: 0.75, 19: 0.60, 20: 0.57, 21: 0.55, 22: 0.35, 23: 0.15, 24: 0.08,
                 25: 0.05, 27: 0.02, 30: 0.0, 59: 0.0}
"""Share of persons in full-time education (excluded from the scheme by Guofa [2014] No. 8, section 3):
senior secondary at 16-17 (gross enrolment about 92 %), tertiary at 18-22 (gross enrolment about 60 %),
postgraduate to the mid-20s.  Linear between knots."""

NON_STUDENT_PROPENSITY = {16: 0.75, 30: 0.75, 45: 1.0, 59: 1.0}
"""Enrolment propensity of non-students outside the employee scheme (1 = the most likely age):
lower among young adults, many of them migrant workers in informal jobs who defer enrolment,
rising to its maximum by 45, when 15 contribution years are still possible before 60."""


def by_age(knots: dict[int, float]) -> np.ndarray:
    """Piecewise-linear curve through (age, value) knots over ages 16..59 (flat beyond the end knots)."""
    ages, values = zip(*sorted(knots.items()))
    return np.interp(AGES, ages, values)


def profile() -> pd.DataFrame:
    """The (sex, age, relative_participation) table; the same shape for both sexes."""
    shape = (1.0 - by_age(STUDENT_SHARE)) * by_age(NON_STUDENT_PROPENSITY)
    rows = [(sex, int(age), round(float(value), 6)) for sex in SEXES for age, value in zip(AGES, shape)]
    return pd.DataFrame(rows, columns=["sex", "age", "relative_participation"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write into (default: assumptions/china)")
    args = parser.parse_args()
    path = args.out / "resident_participation_profile.csv"
    profile().to_csv(path, index=False, lineterminator="\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
