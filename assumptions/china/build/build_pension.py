"""Build the tables of the urban employee basic pension (UEBPI) for the China set.

Writes, into assumptions/china/ (METHOD_pension.md gives the sources and reasons):

* ``account_divisor.csv`` (age, months): months by which the individual-account
  balance is divided at retirement, ages 40..70, transcribed from the annex of
  State Council Decision Guofa [2005] No. 38 (legislated; see the caveat below);
* ``contribution_density_relative.csv`` (status, relative_density): relative
  probability of contributing in a year by employed status (assumed; standard = 1,
  the model scales all four by one factor to meet the 2024 contributors);
* ``pensioner_share_profile.csv`` (sex, age, relative_share): relative share of
  persons past retirement age who draw a UEBPI pension (assumed shape, ages 0..100,
  zero below 45; the model scales it to the 2024 pensioners);
* ``pension_level_profile.csv`` (sex, age, relative_level): relative mean pension in
  payment in 2024 (assumed shape, ages 0..100, zero below 45; the model scales it to
  the 2024 expenditure).

The shapes are piecewise-linear through the knots below (0 below the first knot,
flat after the last); only their shapes matter, as the model rescales them.
Run: ``python assumptions/china/build/build_pension.py``.  Deterministic: no
randomness, no input files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parents[1]
AGES = np.arange(101)
SEXES = ("male", "female")
STATUSES = ("standard", "nonstandard", "platform", "self_employed")

# Months of the individual-account pension by age at retirement (个人账户养老金计发月数表),
# annex of Guofa [2005] No. 38.  Ages 50, 55 and 60 (195, 170, 139) are confirmed by the
# project brief; the others are transcribed from memory of the annex and agree with three
# independent public transcriptions (open-source pension calculators) found during this
# work.  The official annex was not seen: check every value against it.
ACCOUNT_DIVISOR = {
    40: 233, 41: 230, 42: 226, 43: 223, 44: 220, 45: 216, 46: 212, 47: 208, 48: 204, 49: 199,
    50: 195, 51: 190, 52: 185, 53: 180, 54: 175, 55: 170, 56: 164, 57: 158, 58: 152, 59: 145,
    60: 139, 61: 132, 62: 125, 63: 117, 64: 109, 65: 101, 66: 93, 67: 84, 68: 75, 69: 65,
    70: 56,
}

# Relative probability of contributing to UEBPI in a year, by employed status (assumed).
CONTRIBUTION_DENSITY = {"standard": 1.0, "nonstandard": 0.75, "platform": 0.35, "self_employed": 0.15}

# Relative share of persons past retirement age who draw a UEBPI pension (assumed shape).
# Peak at the youngest retirees (cohorts of urbanisation and of coverage growth since the
# 1990s), lower for the oldest cohorts, women below men (shorter formal careers of older
# women; the denominator counts all women past their lower retirement age).
PENSIONER_SHARE = {
    "male": {45: 0.90, 50: 1.00, 60: 1.00, 65: 0.95, 70: 0.85, 75: 0.75, 80: 0.68, 85: 0.62, 90: 0.60,
             100: 0.60},
    "female": {45: 0.80, 50: 0.90, 60: 0.88, 65: 0.82, 70: 0.72, 75: 0.62, 80: 0.55, 85: 0.50, 90: 0.48,
               100: 0.48},
}

# Relative mean pension in payment in 2024 (assumed shape): men above women, highest for
# recent retirees, a trough in the mid-seventies and a rise for the oldest (retired cadres
# and public-institution retirees, and the extra increases for those aged 70+ and 80+ in
# the annual adjustments).
PENSION_LEVEL = {
    "male": {45: 0.90, 55: 1.00, 60: 1.05, 65: 1.00, 70: 0.93, 75: 0.90, 80: 0.92, 85: 0.97, 90: 1.00,
             100: 1.00},
    "female": {45: 0.75, 50: 0.78, 55: 0.85, 60: 0.85, 65: 0.82, 70: 0.78, 75: 0.76, 80: 0.78, 85: 0.82,
               90: 0.85, 100: 0.85},
}


def by_age(knots: dict[int, float]) -> np.ndarray:
    """Piecewise-linear curve through (age, value) knots; 0 below the first knot, flat after the last."""
    ages, values = zip(*sorted(knots.items()))
    curve = np.interp(AGES, ages, values)
    curve[AGES < ages[0]] = 0.0
    return curve


def by_sex_age(shapes: dict[str, dict[int, float]], column: str) -> pd.DataFrame:
    return pd.concat([pd.DataFrame({"sex": sex, "age": AGES, column: by_age(shapes[sex])}) for sex in SEXES])


def main() -> None:
    pd.DataFrame({"age": list(ACCOUNT_DIVISOR), "months": list(ACCOUNT_DIVISOR.values())}).to_csv(
        OUT / "account_divisor.csv", index=False
    )
    pd.DataFrame({"status": list(STATUSES), "relative_density": [CONTRIBUTION_DENSITY[s] for s in STATUSES]}).to_csv(
        OUT / "contribution_density_relative.csv", index=False
    )
    by_sex_age(PENSIONER_SHARE, "relative_share").to_csv(
        OUT / "pensioner_share_profile.csv", index=False, float_format="%.6g"
    )
    by_sex_age(PENSION_LEVEL, "relative_level").to_csv(OUT / "pension_level_profile.csv", index=False, float_format="%.6g")


if __name__ == "__main__":
    main()
