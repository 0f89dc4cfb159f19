"""Registry entries of the national pension option (:mod:`actuarial.schemes.national_pension`); values and
reasons in ``assumptions/<set>/national_pension.yaml`` (China: METHOD_national_pension.md)."""

from __future__ import annotations

from actuarial.config.spec import Spec

STAGE = "national_pension"

SPECS: dict[str, Spec] = {
    "national_pension_mode": Spec(kind="choice", unit="label", stage=STAGE, choices=("off", "top_up", "replace")),
    "national_pension_wage_share": Spec(kind="scalar", unit="fraction", stage=STAGE, bounds=(0.0, 1.0)),
    "national_pension_age": Spec(kind="scalar", unit="years", stage=STAGE, bounds=(50.0, 80.0)),
    "national_pension_contribution_wage_share": Spec(kind="scalar", unit="fraction", stage=STAGE, bounds=(0.0, 0.2)),
    "national_pension_contribution_age": Spec(kind="scalar", unit="years", stage=STAGE, bounds=(14.0, 50.0)),
    "national_pension_start_year": Spec(kind="scalar", unit="calendar_year", stage=STAGE, bounds=(2000.0, 2200.0)),
}
