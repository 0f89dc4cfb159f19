"""Registry entries of the resident basic pension (URRBP); see :class:`actuarial.config.spec.Spec`.

Used by :mod:`actuarial.schemes.pension_resident`; values and sources in
``assumptions/<set>/pension_resident.yaml`` (China: METHOD_pension_resident.md).
Base-year figures (``*_target``, ``*_base``) are calibration anchors for the
base year of the set; ``path`` entries hold from the first projection year.
"""

from __future__ import annotations

from actuarial.config.spec import Spec

STAGE = "pension_resident"

SPECS: dict[str, Spec] = {
    # ------------------------------------------------------------ base-year published figures (calibration)
    "resident_participants_target": Spec(kind="scalar", unit="persons", stage=STAGE, bounds=(0.0, None)),
    "resident_beneficiaries_target": Spec(kind="scalar", unit="persons", stage=STAGE, bounds=(0.0, None),
                                          at_most="resident_participants_target"),  # participants include them
    "resident_revenue_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    "resident_expenditure_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    "resident_pension_closure_rule": Spec(kind="choice", unit="label", stage=STAGE,
                                          choices=("backstop", "spending_cap", "borrowing")),
    "resident_fund_balance_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    # ------------------------------------------------------------ rules: basic pension (government-paid)
    "resident_minimum_pension_base": Spec(kind="scalar", unit="yuan_per_month", stage=STAGE, bounds=(0.0, None)),
    "resident_minimum_pension": Spec(kind="path", unit="yuan_per_month", stage=STAGE, bounds=(0.0, None)),
    "resident_pension_indexation": Spec(kind="path", unit="per_year", stage=STAGE, bounds=(-0.1, 0.3)),
    "resident_pension_indexation_wage_share": Spec(kind="path", unit="fraction", stage=STAGE),
    # ------------------------------------------------------------ rules: contributions and individual accounts
    "resident_contribution_subsidy_ratio": Spec(kind="path", unit="ratio", stage=STAGE, bounds=(0.0, 5.0)),
    "resident_account_divisor": Spec(kind="scalar", unit="months", stage=STAGE, bounds=(1.0, 400.0)),
    "resident_account_history_years": Spec(kind="scalar", unit="years", stage=STAGE, bounds=(0.0, 44.0)),
    "resident_contribution_growth_history": Spec(kind="scalar", unit="per_year", stage=STAGE, bounds=(-0.2, 0.5)),
    "resident_participation_profile": Spec(
        kind="table", unit="ratio", stage=STAGE, dims=("sex", "age"), column="relative_participation",
        bounds=(0.0, 1.0), ages=(16, 59),
    ),
    # ------------------------------------------------------------ fund
    "resident_fund_return": Spec(kind="path", unit="per_year", stage=STAGE, bounds=(-0.5, 0.5)),
}
