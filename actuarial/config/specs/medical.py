"""Registry entries of basic medical insurance: employee (UEBMI) and resident (URRBMI) schemes.

Used by :mod:`actuarial.schemes.medical_employee` and
:mod:`actuarial.schemes.medical_resident`; values and sources in
``assumptions/<set>/medical.yaml`` (China: METHOD_medical.md).  Base-year
figures (``*_target``, ``*_base``) are calibration anchors for the base year of
the set; scalars that are both calibration inputs and projection rules (rates,
base limits) hold in every year, and their changes after the base year are
levers given as paths (``medical_employer_rate_change``,
``medical_retiree_contribution_rate``, the free-cover minimum years), so that a
lever never moves the base-year calibration.
"""

from __future__ import annotations

from actuarial.config.spec import Spec

CLOSURE_CHOICES = ("backstop", "rate_rule", "spending_cap", "borrowing")
"""Closure rules a medical fund may declare (:data:`actuarial.funds.record.CLOSURE_RULES`; repeated here because
``config`` imports nothing above it)."""

STAGE = "medical"

SPECS: dict[str, Spec] = {
    # ------------------------------------------------------------ UEBMI: base-year published figures (calibration)
    "medical_members_active_target": Spec(kind="scalar", unit="persons", stage=STAGE, bounds=(0.0, None)),
    "medical_members_retired_target": Spec(kind="scalar", unit="persons", stage=STAGE, bounds=(0.0, None)),
    "medical_flexible_active_target": Spec(kind="scalar", unit="persons", stage=STAGE, bounds=(0.0, None),
                                           at_most="medical_members_active_target"),
    "medical_pooled_revenue_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    "medical_pooled_expenditure_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    "medical_pooled_balance_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    "medical_account_revenue_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    "medical_account_expenditure_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    "medical_account_balance_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    # ------------------------------------------------------------ UEBMI: contribution rules
    "medical_employer_rate": Spec(kind="scalar", unit="fraction_of_base", stage=STAGE, bounds=(0.0, 0.3)),
    "medical_employer_rate_change": Spec(kind="path", unit="fraction_of_base", stage=STAGE, bounds=(-0.3, 0.3)),
    "medical_flexible_cover_uplift": Spec(kind="path", unit="ratio", stage=STAGE, bounds=(0.0, 5.0)),
    "medical_worker_rate": Spec(kind="scalar", unit="fraction_of_base", stage=STAGE, bounds=(0.0, 0.3)),
    "medical_flexible_rate": Spec(kind="scalar", unit="fraction_of_base", stage=STAGE, bounds=(0.0, 0.3)),
    "medical_flexible_account_rate": Spec(kind="scalar", unit="fraction_of_base", stage=STAGE, bounds=(0.0, 0.3)),
    "medical_contribution_floor_ratio": Spec(kind="scalar", unit="ratio", stage=STAGE, bounds=(0.0, 5.0)),
    "medical_contribution_ceiling_ratio": Spec(kind="scalar", unit="ratio", stage=STAGE, bounds=(0.0, 10.0)),
    "medical_flexible_base_ratio": Spec(kind="scalar", unit="ratio", stage=STAGE, bounds=(0.0, 5.0)),
    "medical_density_relative": Spec(
        kind="table", unit="ratio", stage=STAGE, dims=("status",), column="relative_density", bounds=(0.0, 1.0),
    ),
    # ------------------------------------------------------------ UEBMI: retirees
    "medical_free_cover_years_male": Spec(kind="path", unit="years", stage=STAGE, bounds=(0.0, 55.0)),
    "medical_free_cover_years_female": Spec(kind="path", unit="years", stage=STAGE, bounds=(0.0, 55.0)),
    "medical_retiree_contribution_rate": Spec(kind="path", unit="fraction_of_base", stage=STAGE, bounds=(0.0, 0.3)),
    "medical_retiree_credit_indexation": Spec(kind="path", unit="fraction", stage=STAGE, bounds=(0.0, 1.0)),
    # ------------------------------------------------------------ costs (both schemes)
    "medical_age_cost": Spec(
        kind="table", unit="ratio", stage=STAGE, dims=("sex", "age"), column="relative_cost", bounds=(0.0, 100.0),
    ),
    "medical_retiree_cost_factor": Spec(kind="scalar", unit="ratio", stage=STAGE, bounds=(0.1, 10.0)),
    "medical_excess_cost_growth": Spec(kind="path", unit="per_year", stage=STAGE, bounds=(-0.1, 0.2)),
    "medical_cost_control": Spec(kind="path", unit="per_year", stage=STAGE, bounds=(-0.1, 0.2)),
    "medical_excess_cost_fade_start": Spec(kind="scalar", unit="calendar_year", stage=STAGE),
    "medical_excess_cost_fade_end": Spec(kind="scalar", unit="calendar_year", stage=STAGE),
    "medical_ai_cost_effect": Spec(kind="scalar", unit="ratio", stage=STAGE, bounds=(-0.99, 1.0)),  # costs stay > 0
    # ------------------------------------------------------------ UEBMI funds
    "medical_fund_return": Spec(kind="path", unit="per_year", stage=STAGE, bounds=(-0.5, 0.5)),
    "medical_account_return": Spec(kind="path", unit="per_year", stage=STAGE, bounds=(-0.5, 0.5)),
    "medical_closure_rule": Spec(kind="choice", unit="label", stage=STAGE, choices=CLOSURE_CHOICES),
    "medical_reserve_target_months": Spec(kind="scalar", unit="months_of_expenditure", stage=STAGE, bounds=(0.0, 60.0)),
    # ------------------------------------------------------------ URRBMI: base-year published figures
    "resident_medical_members_target": Spec(kind="scalar", unit="persons", stage=STAGE, bounds=(0.0, None)),
    "resident_medical_revenue_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    "resident_medical_expenditure_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    "resident_medical_balance_base": Spec(kind="scalar", unit="yuan", stage=STAGE, bounds=(0.0, None)),
    # ------------------------------------------------------------ URRBMI: financing rules
    "resident_medical_premium_base": Spec(kind="scalar", unit="yuan_per_year", stage=STAGE, bounds=(0.0, None)),
    "resident_medical_subsidy_minimum_base": Spec(
        kind="scalar", unit="yuan_per_year", stage=STAGE, bounds=(0.0, None),
    ),
    "resident_medical_premium_minimum": Spec(kind="path", unit="yuan_per_year", stage=STAGE, bounds=(0.0, None)),
    "resident_medical_subsidy_minimum": Spec(kind="path", unit="yuan_per_year", stage=STAGE, bounds=(0.0, None)),
    "resident_medical_financing_indexation": Spec(kind="path", unit="fraction", stage=STAGE),
    "resident_medical_financing_rule": Spec(kind="choice", unit="label", stage=STAGE, choices=("reset", "index")),
    "resident_medical_takeup_elasticity": Spec(kind="scalar", unit="ratio", stage=STAGE, bounds=(-2.0, 0.0)),
    "resident_medical_fund_return": Spec(kind="path", unit="per_year", stage=STAGE, bounds=(-0.5, 0.5)),
    "resident_medical_closure_rule": Spec(kind="choice", unit="label", stage=STAGE, choices=CLOSURE_CHOICES),
    "resident_medical_reserve_target_months": Spec(
        kind="scalar", unit="months_of_expenditure", stage=STAGE, bounds=(0.0, 60.0),
    ),
}
