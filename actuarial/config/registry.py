"""The assumptions a set may declare, with the rules their values obey.

An assumption set may only contain names listed here (unknown keys are
errors), each of the declared kind and unit.  Later stages add their entries
to :data:`REGISTRY`; nothing else needs to change for them to be loaded,
validated, merged from scenarios and hashed.

Units come from the one vocabulary :data:`actuarial.dims.UNITS`; values in
``calendar_year`` must lie inside the set's horizon (base year .. end year).
Labels of categorical table dimensions come from :mod:`actuarial.dims`
(:data:`DIM_LABELS`).
"""

from __future__ import annotations

import difflib

from actuarial.config.spec import Spec
from actuarial.config.yaml_io import shown
from actuarial.dims import (
    AI_DESTINATIONS,
    EMPLOYED_STATUSES,
    FERTILITY_VARIANTS,
    RETIREMENT_GROUPS,
    RETIREMENT_PHASES,
    SEXES,
)

STANDINGS = ("legislated", "official_statistic", "projected", "estimated", "assumed")
"""How a value stands (the ``status:`` of an entry): a law, a published statistic, a published
projection, an estimate made here from published data (method documented beside it), or an
assumption (which must give its reason)."""


REGISTRY: dict[str, Spec] = {
    "base_population": Spec(
        kind="table", unit="persons", stage="demography", dims=("sex", "age"), column="population",
        bounds=(0.0, None),
    ),
    "mortality": Spec(
        kind="table", unit="per_person_year", stage="demography", dims=("year", "sex", "age"),
        column="mx", bounds=(0.0, 5.0), positive_at_open_age=True,
    ),
    "fertility": Spec(
        kind="table", unit="births_per_woman_year", stage="demography",
        dims=("variant", "year", "age"), column="asfr", bounds=(0.0, 1.0), ages=(15, 49),
        total_at_most=("age", 10.0),  # total fertility: assumed ceiling well above any national rate observed (about 8)
    ),
    "fertility_variant": Spec(
        kind="choice", unit="label", stage="demography", choices=FERTILITY_VARIANTS,
    ),
    "sex_ratio_at_birth": Spec(
        kind="table", unit="ratio", stage="demography", dims=("year",), column="srb",
        bounds=(0.8, 1.4),
    ),
    "migration": Spec(
        kind="table", unit="persons", stage="demography", dims=("year", "sex", "age"),
        column="net_migrants",
    ),
    "migration_start_share": Spec(kind="path", unit="fraction", stage="demography"),
    # ---------------------------------------------------------------- retirement
    "statutory_retirement_age": Spec(
        kind="table", unit="years", stage="labour", dims=("group", "birth_year", "birth_month"),
        column="retirement_age", bounds=(40.0, 75.0), ranges=(("birth_year", 1920, 2010), ("birth_month", 1, 12)),
        monotone_along=("birth_year", "birth_month"),
    ),
    "female_cadre_share": Spec(kind="path", unit="fraction", stage="labour"),
    "flexible_retirement": Spec(
        kind="table", unit="fraction", stage="labour", dims=("offset",), column="share",
        ranges=(("offset", -3, 3),), sums_to_one_over="offset",
    ),
    "minimum_contribution_years": Spec(kind="path", unit="years", stage="labour", bounds=(0.0, 45.0)),
    # ---------------------------------------------------------------- base-year labour market
    "employment_rate_profile": Spec(
        kind="table", unit="fraction", stage="labour", dims=("phase", "sex", "age"), column="rate",
    ),
    "unemployment_rate_profile": Spec(
        kind="table", unit="ratio", stage="labour", dims=("sex", "age"), column="relative_rate", bounds=(0.0, 20.0),
    ),
    "status_propensity": Spec(
        kind="table", unit="ratio", stage="labour", dims=("phase", "sex", "age", "status"), column="weight",
        bounds=(0.0, 1000.0),
    ),
    "employment_target": Spec(kind="scalar", unit="persons", stage="labour", bounds=(1.0, None)),
    "unemployment_rate_target": Spec(kind="scalar", unit="fraction", stage="labour", bounds=(0.0, 0.5)),
    # a stochastic path's deviation of the aggregate unemployment rate from the base year's (set by the
    # stochastic run, actuarial/simulation; absent: none)
    "unemployment_rate_deviation": Spec(kind="path", unit="fraction_change", stage="labour", bounds=(-0.5, 0.5),
                                        required=False),
    "standard_target": Spec(kind="scalar", unit="persons", stage="labour", bounds=(1.0, None)),  # wages are normalised on them
    "nonstandard_target": Spec(kind="scalar", unit="persons", stage="labour", bounds=(0.0, None)),
    "platform_target": Spec(kind="scalar", unit="persons", stage="labour", bounds=(0.0, None)),
    "self_employed_target": Spec(kind="scalar", unit="persons", stage="labour", bounds=(0.0, None)),
    # ---------------------------------------------------------------- AI substitution
    "ai_adoption_ceiling": Spec(kind="scalar", unit="fraction", stage="labour"),
    "ai_adoption_speed": Spec(kind="scalar", unit="per_year", stage="labour", bounds=(1e-6, 5.0)),
    "ai_adoption_midpoint": Spec(kind="scalar", unit="calendar_year", stage="labour"),
    "ai_exposure": Spec(kind="table", unit="fraction", stage="labour", dims=("sex", "age"), column="exposure"),
    "ai_destination_shares": Spec(
        kind="table", unit="fraction", stage="labour", dims=("destination",), column="share",
        sums_to_one_over="destination",
    ),
    "ai_reabsorption_rate": Spec(kind="scalar", unit="fraction", stage="labour"),
    "ai_complementarity": Spec(kind="scalar", unit="fraction", stage="labour"),
    # ---------------------------------------------------------------- wages and GDP
    "average_wage_nonprivate": Spec(kind="scalar", unit="yuan_per_year", stage="economy", bounds=(1.0, None)),
    "average_wage_private": Spec(kind="scalar", unit="yuan_per_year", stage="economy", bounds=(1.0, None)),
    "nonprivate_employment_weight": Spec(kind="scalar", unit="fraction", stage="economy"),
    "gdp_base": Spec(kind="scalar", unit="yuan", stage="economy", bounds=(1.0, None)),
    "productivity_growth": Spec(kind="path", unit="per_year", stage="economy", bounds=(-0.2, 0.3)),
    "inflation": Spec(kind="path", unit="per_year", stage="economy", bounds=(-0.2, 0.5)),
    "ai_productivity_effect": Spec(kind="scalar", unit="ratio", stage="economy", bounds=(-1.0, 5.0)),
    "ai_labour_share_effect": Spec(kind="scalar", unit="ratio", stage="economy", bounds=(-1.0, 1.0)),
    "relative_earnings_status": Spec(
        kind="table", unit="ratio", stage="economy", dims=("status",), column="relative_earnings", bounds=(0.0, 10.0),
    ),
    "relative_earnings_age": Spec(
        kind="table", unit="ratio", stage="economy", dims=("sex", "age"), column="relative_earnings", bounds=(0.0, 10.0),
    ),
    # ---------------------------------------------------------------- employee pension (UEBPI): rules
    "employer_pension_rate": Spec(kind="path", unit="fraction_of_base", stage="pension_employee", bounds=(0.0, 0.5)),
    "worker_pension_rate": Spec(kind="path", unit="fraction_of_base", stage="pension_employee", bounds=(0.0, 0.5)),
    "flexible_pension_rate": Spec(kind="path", unit="fraction_of_base", stage="pension_employee", bounds=(0.0, 0.5)),
    "flexible_account_rate": Spec(kind="path", unit="fraction_of_base", stage="pension_employee", bounds=(0.0, 0.5)),
    "contribution_floor_ratio": Spec(kind="path", unit="ratio", stage="pension_employee", bounds=(0.0, 5.0)),
    "contribution_ceiling_ratio": Spec(kind="path", unit="ratio", stage="pension_employee", bounds=(0.0, 10.0)),
    "basic_pension_accrual": Spec(kind="path", unit="fraction", stage="pension_employee"),
    "transitional_accrual": Spec(kind="scalar", unit="fraction", stage="pension_employee"),
    "account_divisor": Spec(
        kind="table", unit="months", stage="pension_employee", dims=("age",), column="months", bounds=(1.0, 400.0),
        ages=(40, 70),
    ),
    "account_crediting_rate": Spec(kind="path", unit="per_year", stage="pension_employee", bounds=(-0.1, 0.3)),
    "pension_indexation_fixed": Spec(kind="path", unit="per_year", stage="pension_employee", bounds=(-0.1, 0.3)),
    "pension_indexation_wage_share": Spec(kind="path", unit="fraction", stage="pension_employee"),
    # ---------------------------------------------------------------- employee pension: behaviour and calibration
    "contribution_density_relative": Spec(
        kind="table", unit="ratio", stage="pension_employee", dims=("status",), column="relative_density",
        bounds=(0.0, 1.0),
    ),
    "contribution_persistence": Spec(kind="scalar", unit="fraction", stage="pension_employee"),
    "contribution_density_adjustment": Spec(
        kind="table", unit="ratio", stage="pension_employee", dims=("year", "status"), column="factor",
        bounds=(0.0, 10.0), required=False,
    ),
    "declared_base_adjustment": Spec(kind="path", unit="ratio", stage="pension_employee", bounds=(0.0, 10.0),
                                     required=False),
    "flexible_base_adjustment": Spec(kind="path", unit="ratio", stage="pension_employee", bounds=(0.0, 10.0),
                                     required=False),
    "flexible_base_ratio": Spec(kind="scalar", unit="ratio", stage="pension_employee", bounds=(0.0, 5.0)),
    "contributors_target": Spec(kind="scalar", unit="persons", stage="pension_employee", bounds=(1.0, None)),
    "pensioners_target": Spec(kind="scalar", unit="persons", stage="pension_employee", bounds=(1.0, None)),
    "pension_contributions_target": Spec(kind="scalar", unit="yuan", stage="pension_employee", bounds=(1.0, None)),
    "pension_expenditure_target": Spec(kind="scalar", unit="yuan", stage="pension_employee", bounds=(1.0, None)),
    "pensioners_previous_year": Spec(kind="scalar", unit="persons", stage="pension_employee", bounds=(1.0, None)),  # a growth rate divides by it
    "pension_indexation_base_year": Spec(kind="scalar", unit="per_year", stage="pension_employee", bounds=(-0.1, 0.3)),
    # ---------------------------------------------------------------- employee pension fund
    "pension_fund_balance_base": Spec(kind="scalar", unit="yuan", stage="finance", bounds=(0.0, None)),
    "pension_revenue_base": Spec(kind="scalar", unit="yuan", stage="finance", bounds=(0.0, None)),
    "pension_fiscal_subsidy_base": Spec(kind="scalar", unit="yuan", stage="finance", bounds=(0.0, None)),
    "fiscal_subsidy_share_of_benefits": Spec(kind="path", unit="fraction", stage="finance"),
    "pension_fund_return": Spec(kind="path", unit="per_year", stage="finance", bounds=(-0.5, 0.5)),
    "valuation_discount_rate": Spec(kind="path", unit="per_year", stage="analysis", bounds=(-0.1, 0.3)),
}

from actuarial.config.specs import pension_resident as _pension_resident  # noqa: E402  (stage entries)
from actuarial.config.specs import medical as _medical  # noqa: E402  (stage entries)
from actuarial.config.specs import pension_history as _pension_history  # noqa: E402  (stage entries)
from actuarial.config.specs import financing as _financing  # noqa: E402  (stage entries)
from actuarial.config.specs import stochastic as _stochastic  # noqa: E402  (stage entries)
from actuarial.config.specs import unemployment as _unemployment  # noqa: E402  (stage entries)
from actuarial.config.specs import injury as _injury  # noqa: E402  (stage entries)
from actuarial.config.specs import national_pension as _national_pension  # noqa: E402  (stage entries)
from actuarial.config.specs import income_linked as _income_linked  # noqa: E402  (stage entries)

REGISTRY.update(_pension_resident.SPECS)
REGISTRY.update(_medical.SPECS)
REGISTRY.update(_pension_history.SPECS)
REGISTRY.update(_financing.SPECS)
REGISTRY.update(_stochastic.SPECS)
REGISTRY.update(_unemployment.SPECS)
REGISTRY.update(_injury.SPECS)
REGISTRY.update(_national_pension.SPECS)
REGISTRY.update(_income_linked.SPECS)

DIM_LABELS = {
    "sex": SEXES,
    "variant": FERTILITY_VARIANTS,
    "status": EMPLOYED_STATUSES,
    "destination": AI_DESTINATIONS,
    "group": RETIREMENT_GROUPS,
    "phase": RETIREMENT_PHASES,
}
DIM_LABELS.update(_stochastic.DIM_LABELS)
"""Fixed label sets for categorical dimensions (``year`` and ``age`` are ranges)."""


def unknown_assumption(name: str) -> str:
    """Message for an assumption name the registry does not know, with the closest known names."""
    close = difflib.get_close_matches(name, REGISTRY, n=3)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else "the known names are in actuarial/config/registry.py"
    return f"unknown assumption {shown(name)} ({hint})"
