"""Employee pension (UEBPI): its parameters, read from an assumption set (pure; nothing is mutated).

The names of the assumptions the scheme reads (:data:`PATHS`, :data:`SCALARS`, :data:`ADJUSTMENTS`,
:data:`TABLES`, :data:`HISTORY`) and the typed :class:`PensionEmployeeParameters` the projection in
:mod:`actuarial.schemes.pension_employee` runs on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from actuarial.config import Assumption
from actuarial.dims import EMPLOYED_STATUSES, FLEXIBLE, OPEN_AGE, SEXES
from actuarial.schemes.pension_employee_history import REFORM_YEAR
from actuarial.schemes.protocol import DeclaredAssumptions

PATHS = {
    "employer_rate": "employer_pension_rate", "worker_rate": "worker_pension_rate",
    "flexible_rate": "flexible_pension_rate", "flexible_account_rate": "flexible_account_rate",
    "floor_ratio": "contribution_floor_ratio", "ceiling_ratio": "contribution_ceiling_ratio",
    "crediting": "account_crediting_rate", "indexation_fixed": "pension_indexation_fixed",
    "indexation_wage_share": "pension_indexation_wage_share", "minimum_years": "minimum_contribution_years",
    "accrual": "basic_pension_accrual", "subsidy_share": "fiscal_subsidy_share_of_benefits",
    "fund_return": "pension_fund_return",
}
"""Time paths read over the base and projection years (the base year takes the first projection value)."""
SCALARS = {
    "contributors_target": "contributors_target", "contributions_target": "pension_contributions_target",
    "flexible_base_ratio": "flexible_base_ratio", "persistence": "contribution_persistence",
    "pensioners_target": "pensioners_target", "pensioners_previous_year": "pensioners_previous_year",
    "indexation_base_year": "pension_indexation_base_year", "expenditure_target": "pension_expenditure_target",
    "transitional_accrual": "transitional_accrual", "fund_balance_base": "pension_fund_balance_base",
    "fiscal_subsidy_base": "pension_fiscal_subsidy_base", "revenue_base": "pension_revenue_base",
    "take_up": "short_years_take_up",
    "spread": "history_membership_spread", "start_retirees": "history_start_retirees",
    "start_pension": "history_start_pension", "institution_share": "institution_retiree_share",
    "institution_entry_year": "institution_entry_year", "tilt": "history_age_tilt",
    "deemed_members": "history_deemed_members",
}
ADJUSTMENTS = ("contribution_density_adjustment", "declared_base_adjustment", "flexible_base_adjustment")
INCOME_LINKED = {"earnings_link": ("flexible_base_earnings_link", 0.0),
                 "declared_income_share": ("flexible_declared_income_share", 1.0),
                 "platform_share": ("platform_employer_share", 0.0)}
"""Optional time paths of income-linked contributions (issue 13 item 5) and their values where a set has none."""
COST_ELASTICITIES = {"platform": "platform_coverage_cost_elasticity",
                     "self_employed": "self_employed_coverage_cost_elasticity"}
ENROLMENT = ("flexible_nonlocal_share", "hukou_restricted_share", "hukou_restriction_lifted")
"""Optional enrolment rule (issue 13 item 6): the non-local flexible workers a hukou rule keeps out of the UEBPI."""
OPTIONAL = (*(name for name, _ in INCOME_LINKED.values()), "flexible_floor_ratio", *COST_ELASTICITIES.values(),
            *ENROLMENT)
TABLES = ("contribution_density_relative", "account_divisor", "migration")
HISTORY = {"workers": "history_workers", "wage": "history_average_wage", "social_wage": "history_social_average_wage",
           "indexation": "history_pension_indexation",
           "account_rate": "history_account_rate", "crediting": "history_crediting_rate"}
"""History tables over REFORM_YEAR .. base year (one value a year)."""


@dataclass(frozen=True)
class PensionEmployeeParameters:
    """Plain inputs of the employee pension (numpy arrays; ``(year)`` runs over the base and projection years).

    Attributes
    ----------
    years : the base year and the projection years.
    employer_rate, worker_rate, flexible_rate, flexible_account_rate : (year) rates on the declared base.
    floor_ratio, ceiling_ratio : (year) base limits as ratios of the social average wage.
    crediting : (year) account crediting rate.  indexation_fixed, indexation_wage_share : (year) indexation
        of pensions in payment, ``i_t = f_t + h_t g_t`` with ``g`` average-wage growth.
    minimum_years : (year) minimum contribution years in force.  accrual : (year) basic-pension accrual.
    subsidy_share : (year) baseline fiscal subsidy as a share of benefits.  fund_return : (year), or (path, year)
        where a stacked set's paths draw their own returns (the one input that varies by path).
    density_relative : (employed status) relative contribution density.
    density_adjustment : (year, employed status), declared_base_adjustment : (year, employees' compliance),
        flexible_base_adjustment : (year, flexible workers' base ratio) behavioural adjustments, the
        last two applied before the floor and ceiling (1 in the base year and where the set has none).
    earnings_link, declared_income_share : (year) flexible workers' base ``(1 - w) phi_f W + w c_f e``.
    flexible_floor_ratio : (year) flexible workers' floor, ``min(floor, flexible_floor_ratio)``.
    platform_share : (year) share of platform workers' contribution paid by the platforms.
    cost_elasticity : (employed status) coverage response to a relative cut in the cost of contributing
        (0 for employees and where the set has none).
    history : the history run's inputs (:class:`HistoryInputs`) but its membership parameters.
    divisor : (age 0..100) months of the account pension divisor.
    contributors_target ... revenue_base : base-year figures and scalar rules (see :data:`SCALARS`).
    targets : the calibration targets' assumptions (for errors naming their file).
    """

    years: np.ndarray
    employer_rate: np.ndarray
    worker_rate: np.ndarray
    flexible_rate: np.ndarray
    flexible_account_rate: np.ndarray
    floor_ratio: np.ndarray
    ceiling_ratio: np.ndarray
    crediting: np.ndarray
    indexation_fixed: np.ndarray
    indexation_wage_share: np.ndarray
    minimum_years: np.ndarray
    accrual: np.ndarray
    subsidy_share: np.ndarray
    fund_return: np.ndarray
    density_relative: np.ndarray
    density_adjustment: np.ndarray
    declared_base_adjustment: np.ndarray
    flexible_base_adjustment: np.ndarray
    earnings_link: np.ndarray
    declared_income_share: np.ndarray
    flexible_floor_ratio: np.ndarray
    platform_share: np.ndarray
    cost_elasticity: np.ndarray
    enrolment_factor: np.ndarray
    history: dict
    divisor: np.ndarray
    contributors_target: float
    contributions_target: float
    flexible_base_ratio: float
    persistence: float
    pensioners_target: float
    pensioners_previous_year: float
    indexation_base_year: float
    expenditure_target: float
    transitional_accrual: float
    fund_balance_base: float
    fiscal_subsidy_base: float
    revenue_base: float
    take_up: float
    spread: float
    start_retirees: float
    start_pension: float
    institution_share: float
    institution_entry_year: float
    tilt: float
    deemed_members: float
    targets: Mapping[str, Assumption]


def _adjustment(assumptions: DeclaredAssumptions, name: str, years: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """An optional behavioural adjustment over ``years`` (1 where the set has none; never in the base year)."""
    values = np.ones((years.size, *shape))
    if name in assumptions:
        data = assumptions.data(name)
        if data.ndim > 1:
            data = data.transpose("year", "status").sel(status=list(EMPLOYED_STATUSES))
        later = np.isin(years, data["year"].values) & (years != years[0])
        values[later] = data.sel(year=years[later]).values
    return values


def _income_linked(assumptions: DeclaredAssumptions, years: np.ndarray, floor: np.ndarray) -> dict:
    """The optional income-linked paths over ``years`` (today's rule where the set has none)."""
    present = lambda name: name in assumptions  # noqa: E731
    values = {field: assumptions.path(name, years) if present(name) else np.full(years.size, default)
              for field, (name, default) in INCOME_LINKED.items()}
    values["flexible_floor_ratio"] = (np.minimum(floor, assumptions.path("flexible_floor_ratio", years))
                                      if present("flexible_floor_ratio") else floor)
    values["cost_elasticity"] = np.array([assumptions.scalar(COST_ELASTICITIES[s]) if s in COST_ELASTICITIES
                                          and present(COST_ELASTICITIES[s]) else 0.0 for s in EMPLOYED_STATUSES])
    return values


def _enrolment_factor(assumptions: DeclaredAssumptions, years: np.ndarray) -> np.ndarray:
    """(year, employed status) factor on flexible workers' contribution density from lifting the hukou rule:
    ``(1 - n b (1 - L_t)) / (1 - n b)`` with ``n`` the non-local share of flexible workers, ``b`` the share of
    them a local-hukou rule keeps out of the UEBPI (today, folded into the base-year calibration) and ``L_t``
    the share of that rule lifted; 1 for employees and farmers, and everywhere when the set declares no such rule."""
    factor = np.ones((years.size, len(EMPLOYED_STATUSES)))
    if not all(name in assumptions for name in ENROLMENT):
        return factor
    barred = assumptions.scalar("flexible_nonlocal_share") * assumptions.scalar("hukou_restricted_share")
    lifted = assumptions.path("hukou_restriction_lifted", years)
    flexible = [i for i, status in enumerate(EMPLOYED_STATUSES) if status in FLEXIBLE]
    factor[:, flexible] = ((1.0 - barred * (1.0 - lifted)) / (1.0 - barred))[:, None]
    return factor


def _history_tables(assumptions: DeclaredAssumptions) -> dict:
    """The history tables (REFORM_YEAR .. base year) and mortality as plain arrays."""
    years = np.arange(REFORM_YEAR, assumptions.base_year + 1)
    tables = {field: assumptions.data(name).sel(history_year=years).values.astype(float)
              for field, name in HISTORY.items()}
    mortality = assumptions.data("mortality_history").sel(history_year=years).transpose("history_year", "sex", "age")
    return {"years": years, **tables, "mortality": mortality.sel(sex=list(SEXES)).values.astype(float)}


def pension_employee_parameters(assumptions: DeclaredAssumptions) -> PensionEmployeeParameters:
    """Read the :class:`PensionEmployeeParameters` from an assumption set (pure; nothing is mutated)."""
    years = assumptions.run_years
    n_status = len(EMPLOYED_STATUSES)
    ages = np.arange(OPEN_AGE + 1)
    fields = assumptions.fields(scalars=SCALARS, paths=PATHS)
    return PensionEmployeeParameters(
        years=years,
        **fields,
        **_income_linked(assumptions, years, fields["floor_ratio"]),
        enrolment_factor=_enrolment_factor(assumptions, years),
        density_relative=assumptions.data("contribution_density_relative").sel(status=list(EMPLOYED_STATUSES)).values,
        density_adjustment=_adjustment(assumptions, "contribution_density_adjustment", years, (n_status,)),
        declared_base_adjustment=_adjustment(assumptions, "declared_base_adjustment", years, ()),
        flexible_base_adjustment=_adjustment(assumptions, "flexible_base_adjustment", years, ()),
        history=_history_tables(assumptions),
        divisor=assumptions.data("account_divisor").reindex(age=ages, method="nearest").values,
        targets=assumptions.sources(("contributors_target", "pension_contributions_target", "migration",
                                     "employer_pension_rate", "worker_pension_rate", "flexible_pension_rate")),
    )


__all__ = ["ADJUSTMENTS", "COST_ELASTICITIES", "ENROLMENT", "HISTORY", "INCOME_LINKED", "OPTIONAL", "PATHS", "SCALARS",
           "TABLES", "PensionEmployeeParameters", "pension_employee_parameters"]
