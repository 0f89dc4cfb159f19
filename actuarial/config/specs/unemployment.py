"""Registry entries of unemployment insurance (UI): base-year figures, rates, benefit rules, risk by status.

Used by :mod:`actuarial.schemes.unemployment`; values and sources in ``assumptions/<set>/unemployment.yaml``
(China: METHOD_unemployment.md).  Base-year figures (``*_target``, ``*_base``) are calibration anchors;
rates, cover and the benefit share are paths, so a lever after the base year never moves the calibration.
"""

from __future__ import annotations

from actuarial.config.spec import Spec
from actuarial.config.specs.medical import CLOSURE_CHOICES

STAGE = "unemployment"


def _rate() -> Spec:
    return Spec(kind="path", unit="fraction_of_base", stage=STAGE, bounds=(0.0, 0.1))


SPECS: dict[str, Spec] = {
    # ------------------------------------------------------------ base-year figures (calibration)
    "unemployment_members_target": Spec(kind="scalar", unit="persons", stage=STAGE, bounds=(0.0, None)),
    "unemployment_beneficiaries_target": Spec(kind="scalar", unit="persons", stage=STAGE, bounds=(0.0, None),
                                              at_most="unemployment_members_target"),
    "unemployment_revenue_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    "unemployment_expenditure_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    "unemployment_balance_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    "unemployment_benefits_paid_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None),
                                            at_most="unemployment_expenditure_base"),
    # ------------------------------------------------------------ rates and cover
    "unemployment_employer_rate": _rate(),
    "unemployment_worker_rate": _rate(),
    "unemployment_flexible_rate": _rate(),
    "unemployment_flexible_coverage": Spec(kind="path", unit="fraction", stage=STAGE),
    "unemployment_flexible_base_ratio": Spec(kind="scalar", unit="ratio", stage=STAGE, bounds=(0.0, 5.0)),
    "unemployment_relative_coverage": Spec(
        kind="table", unit="ratio", stage=STAGE, dims=("status",), column="relative_coverage", bounds=(0.0, 1.0),
    ),
    # ------------------------------------------------------------ risk and spells by status
    "unemployment_relative_hazard": Spec(
        kind="table", unit="ratio", stage=STAGE, dims=("status",), column="relative_hazard", bounds=(0.0, 20.0),
    ),
    "unemployment_spell_months": Spec(
        kind="table", unit="months", stage=STAGE, dims=("status",), column="spell_months", bounds=(0.5, 120.0),
    ),
    "unemployment_contribution_density": Spec(kind="scalar", unit="fraction", stage=STAGE),
    "unemployment_entry_age": Spec(kind="scalar", unit="years", stage=STAGE, bounds=(14.0, 40.0)),
    # ------------------------------------------------------------ benefit
    "unemployment_minimum_wage_base": Spec(kind="scalar", unit="yuan_per_month", stage=STAGE, bounds=(1.0, None)),
    "unemployment_living_standard_base": Spec(kind="scalar", unit="yuan_per_month", stage=STAGE, bounds=(0.0, None),
                                              at_most="unemployment_minimum_wage_base"),
    "unemployment_benefit_share": Spec(kind="path", unit="fraction", stage=STAGE),
    "unemployment_minimum_wage_indexation": Spec(kind="path", unit="fraction", stage=STAGE),
    "unemployment_ai_supplement_share": Spec(kind="path", unit="fraction", stage=STAGE),
    "unemployment_ai_supplement_takeup": Spec(kind="scalar", unit="fraction", stage=STAGE),
    # ------------------------------------------------------------ fund
    "unemployment_fund_return": Spec(kind="path", unit="per_year", stage=STAGE, bounds=(-0.5, 0.5)),
    "unemployment_closure_rule": Spec(kind="choice", unit="label", stage=STAGE, choices=CLOSURE_CHOICES),
    "unemployment_reserve_target_months": Spec(
        kind="scalar", unit="months_of_expenditure", stage=STAGE, bounds=(0.0, 60.0),
    ),
}
