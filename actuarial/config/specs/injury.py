"""Registry entries of work-injury insurance (WI) and of the platform occupational-injury pilot.

Used by :mod:`actuarial.schemes.injury` and :mod:`actuarial.schemes.platform_injury`; values and sources in
``assumptions/<set>/injury.yaml`` and ``platform_injury.yaml`` (China: METHOD_injury.md).  Base-year figures
(``*_target``, ``*_base``) are calibration anchors; rates, incidence and pilot cover are paths.
"""

from __future__ import annotations

from actuarial.config.spec import Spec
from actuarial.config.specs.medical import CLOSURE_CHOICES

STAGE = "injury"


def _scalar(unit: str, bounds=(0.0, None), **extra) -> Spec:
    return Spec(kind="scalar", unit=unit, stage=STAGE, bounds=bounds, **extra)


def _share() -> Spec:
    return Spec(kind="scalar", unit="fraction", stage=STAGE)


SPECS: dict[str, Spec] = {
    # ------------------------------------------------------------ employee WI: base-year figures (calibration)
    "injury_members_target": _scalar("persons"),
    "injury_beneficiaries_target": _scalar("persons", at_most="injury_members_target"),
    "injury_revenue_base": _scalar("yuan"),
    "injury_expenditure_base": _scalar("yuan"),
    "injury_balance_base": _scalar("yuan"),
    # ------------------------------------------------------------ rates and cover
    "injury_average_rate": Spec(kind="path", unit="fraction_of_base", stage=STAGE, bounds=(0.0, 0.05)),
    "injury_rate_reduction": Spec(kind="path", unit="fraction", stage=STAGE),
    "injury_relative_coverage": Spec(
        kind="table", unit="ratio", stage=STAGE, dims=("status",), column="relative_coverage", bounds=(0.0, 1.0),
    ),
    # ------------------------------------------------------------ cases and benefits
    "injury_case_rate": Spec(kind="path", unit="per_person_year", stage=STAGE, bounds=(0.0, 0.1)),
    "injury_fatal_share": _share(),
    "injury_pension_share": _share(),
    "injury_grant_share": _share(),
    "injury_grant_months": _scalar("months", (0.0, 27.0)),
    "injury_allowance_share": _share(),
    "injury_wage_base": _scalar("yuan_per_year", (1.0, None)),
    "injury_treatment_months": _scalar("months", (0.0, 24.0)),
    "injury_pension_entry_age": _scalar("years", (16.0, 65.0)),
    "injury_pension_entry_age_spread": _scalar("years", (1.0, 30.0)),
    "injury_pension_excess_mortality": _scalar("ratio", (1.0, 10.0)),
    "injury_pension_switch_age": _scalar("years", (50.0, 70.0)),
    "injury_pension_top_up_share": _share(),
    "injury_survivors_per_death": _scalar("ratio", (0.0, 6.0)),
    "injury_survivor_share": _share(),
    "injury_survivor_exit_rate": _scalar("per_year", (0.001, 1.0)),
    "injury_disposable_income_base": _scalar("yuan_per_year", (1.0, None)),
    "injury_funeral_wage_base": _scalar("yuan_per_year", (1.0, None)),
    # ------------------------------------------------------------ fund
    "injury_fund_return": Spec(kind="path", unit="per_year", stage=STAGE, bounds=(-0.5, 0.5)),
    "injury_closure_rule": Spec(kind="choice", unit="label", stage=STAGE, choices=CLOSURE_CHOICES),
    "injury_reserve_target_months": _scalar("months_of_expenditure", (0.0, 60.0)),
    # ------------------------------------------------------------ platform occupational-injury pilot
    "platform_injury_covered_target": _scalar("persons"),
    "platform_injury_case_rate": _scalar("per_person_year", (0.0, 0.1)),
    "platform_injury_payout_per_case": _scalar("yuan"),
    "platform_injury_balance_base": _scalar("yuan"),
    "platform_injury_delivery_share": _share(),
    "platform_injury_delivery_relative_incidence": _scalar("ratio", (0.1, 10.0)),
    "platform_injury_orders_per_worker": _scalar("per_person_year", (0.0, 20000.0)),
    "platform_injury_province_share_base": _share(),
    "platform_injury_province_share": Spec(kind="path", unit="fraction", stage=STAGE),
    "platform_injury_sector_share": Spec(kind="path", unit="fraction", stage=STAGE),
    "platform_injury_premium_per_order": Spec(kind="path", unit="yuan", stage=STAGE, bounds=(0.0, 10.0)),
    "platform_injury_premium_indexation": Spec(kind="path", unit="fraction", stage=STAGE),
    "platform_injury_fund_return": Spec(kind="path", unit="per_year", stage=STAGE, bounds=(-0.5, 0.5)),
    "platform_injury_closure_rule": Spec(kind="choice", unit="label", stage=STAGE, choices=CLOSURE_CHOICES),
    "platform_injury_reserve_target_months": _scalar("months_of_expenditure", (0.0, 60.0)),
}
