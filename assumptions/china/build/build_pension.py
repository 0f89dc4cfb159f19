"""Build the tables of the urban employee basic pension (UEBPI) for the China set.

Writes, into assumptions/china/ (METHOD_pension.md gives the sources and reasons):

* ``account_divisor.csv`` (age, months): months by which the individual-account
  balance is divided at retirement, ages 40..70, transcribed from the annex of
  State Council Decision Guofa [2005] No. 38 (legislated; see the caveat below);
* ``contribution_density_relative.csv`` (status, relative_density): relative
  probability of contributing in a year by employed status (assumed; standard = 1,
  the model scales all five by one factor to meet the 2024 contributors);
The pensioner stock of 2024 and its pension levels by age are no longer assumed shapes: they come from
the history run (METHOD_pension_history.md).
Run: ``python assumptions/china/build/build_pension.py``.  Deterministic: no
randomness, no input files.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[1]
STATUSES = ("standard", "nonstandard", "platform", "self_employed", "farm")

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
CONTRIBUTION_DENSITY = {"standard": 1.0, "nonstandard": 0.75, "platform": 0.35, "self_employed": 0.35, "farm": 0.0}

def main() -> None:
    pd.DataFrame({"age": list(ACCOUNT_DIVISOR), "months": list(ACCOUNT_DIVISOR.values())}).to_csv(
        OUT / "account_divisor.csv", index=False
    )
    pd.DataFrame({"status": list(STATUSES), "relative_density": [CONTRIBUTION_DENSITY[s] for s in STATUSES]}).to_csv(
        OUT / "contribution_density_relative.csv", index=False
    )

if __name__ == "__main__":
    main()
