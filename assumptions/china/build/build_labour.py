"""Build the base-year labour-market profile tables for the China set (assumed shapes).

No single-age table of employment by status exists in ../shared/data, so the
age-sex shapes below are assumptions (METHOD_labour.md gives the reasons); the
model scales them to the 2024 totals at run time (calibration), so only their
shapes matter.  Writes, into assumptions/china/:

* ``employment_rate_profile.csv`` (phase, sex, age, rate): share of persons in
  work, before and after their own retirement age;
* ``unemployment_rate_profile.csv`` (sex, age, relative_rate): relative
  unemployment rate by age (1 = the all-age rate);
* ``status_propensity.csv`` (phase, sex, age, status, weight): relative
  propensity of an employed person to be in each employed status;
* ``ai_exposure.csv`` (sex, age, exposure): share of standard and non-standard
  job tasks automatable at full adoption;
* ``ai_destination_shares.csv`` (destination, share).

Run: ``python assumptions/china/build/build_labour.py``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parents[1]
AGES = np.arange(101)
SEXES = ("male", "female")
STATUSES = ("standard", "nonstandard", "platform", "self_employed", "farm")


def by_age(knots: dict[int, float]) -> np.ndarray:
    """Piecewise-linear curve through (age, value) knots; 0 below the first knot, flat after the last."""
    ages, values = zip(*sorted(knots.items()))
    curve = np.interp(AGES, ages, values)
    curve[AGES < ages[0]] = 0.0
    return curve


EMPLOYMENT = {
    ("before_retirement", "male"): {16: 0.04, 18: 0.15, 20: 0.40, 22: 0.62, 25: 0.86, 30: 0.94, 45: 0.94, 50: 0.91,
                                     55: 0.86, 59: 0.82, 63: 0.75, 70: 0.55, 80: 0.30, 90: 0.10, 100: 0.05},
    ("before_retirement", "female"): {16: 0.04, 18: 0.14, 20: 0.38, 22: 0.58, 25: 0.78, 30: 0.82, 45: 0.82, 50: 0.74,
                                       55: 0.66, 59: 0.60, 63: 0.55, 70: 0.40, 80: 0.20, 90: 0.06, 100: 0.03},
    ("after_retirement", "male"): {45: 0.30, 55: 0.35, 60: 0.46, 65: 0.40, 70: 0.27, 75: 0.15, 80: 0.07, 85: 0.02,
                                    90: 0.005, 100: 0.0},
    ("after_retirement", "female"): {45: 0.32, 50: 0.38, 55: 0.40, 60: 0.34, 65: 0.26, 70: 0.16, 75: 0.08, 80: 0.03,
                                      85: 0.01, 90: 0.002, 100: 0.0},
}
UNEMPLOYMENT = {16: 3.2, 20: 3.0, 22: 2.6, 25: 1.5, 30: 1.0, 40: 0.8, 50: 0.75, 60: 0.6, 70: 0.4, 100: 0.4}
PROPENSITY = {
    ("before_retirement", "standard"): {16: 0.25, 20: 0.75, 25: 1.0, 45: 1.0, 55: 0.75, 60: 0.6, 100: 0.6},
    ("before_retirement", "nonstandard"): {16: 0.30, 24: 0.25, 30: 0.10, 45: 0.08, 60: 0.08, 100: 0.08},
    ("before_retirement", "platform"): {16: 0.30, 20: 0.40, 30: 0.32, 40: 0.18, 50: 0.07, 60: 0.02, 100: 0.0},
    ("before_retirement", "self_employed"): {16: 0.10, 25: 0.25, 35: 0.40, 45: 0.40, 55: 0.35, 60: 0.30, 100: 0.30},
    ("before_retirement", "farm"): {16: 0.10, 25: 0.25, 35: 0.40, 45: 0.60, 55: 0.75, 60: 0.85, 100: 0.85},
    ("after_retirement", "standard"): {45: 0.12, 100: 0.12},
    ("after_retirement", "nonstandard"): {45: 0.10, 100: 0.10},
    ("after_retirement", "platform"): {45: 0.03, 65: 0.01, 100: 0.0},
    ("after_retirement", "self_employed"): {45: 0.20, 100: 0.20},
    ("after_retirement", "farm"): {45: 1.0, 100: 1.0},
}
SEX_FACTOR = {("nonstandard", "female"): 1.5, ("platform", "female"): 0.3}
EXPOSURE = {16: 0.55, 30: 0.60, 50: 0.65, 65: 0.65, 100: 0.65}
DESTINATIONS = {"platform": 0.40, "self_employed": 0.25, "unemployed": 0.20, "inactive": 0.15}


def main() -> None:
    rows = [
        pd.DataFrame({"phase": phase, "sex": sex, "age": AGES, "rate": by_age(knots)})
        for (phase, sex), knots in EMPLOYMENT.items()
    ]
    pd.concat(rows).to_csv(OUT / "employment_rate_profile.csv", index=False, float_format="%.6g")
    pd.concat(
        [pd.DataFrame({"sex": sex, "age": AGES, "relative_rate": by_age(UNEMPLOYMENT)}) for sex in SEXES]
    ).to_csv(OUT / "unemployment_rate_profile.csv", index=False, float_format="%.6g")
    rows = []
    for (phase, status), knots in PROPENSITY.items():
        for sex in SEXES:
            weight = by_age(knots) * SEX_FACTOR.get((status, sex), 1.0)
            rows.append(pd.DataFrame({"phase": phase, "sex": sex, "age": AGES, "status": status, "weight": weight}))
    table = pd.concat(rows)
    table["order"] = table["status"].map(STATUSES.index)
    table = table.sort_values(["phase", "sex", "age", "order"]).drop(columns="order")
    table.to_csv(OUT / "status_propensity.csv", index=False, float_format="%.6g")
    pd.concat(
        [pd.DataFrame({"sex": sex, "age": AGES, "exposure": by_age(EXPOSURE)}) for sex in SEXES]
    ).to_csv(OUT / "ai_exposure.csv", index=False, float_format="%.6g")
    pd.DataFrame({"destination": list(DESTINATIONS), "share": list(DESTINATIONS.values())}).to_csv(
        OUT / "ai_destination_shares.csv", index=False
    )


if __name__ == "__main__":
    main()
