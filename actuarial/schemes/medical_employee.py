"""Employee basic medical insurance (UEBMI, 职工基本医疗保险): members, contributions, costs, funds.

Scheme rules (State Council, 国发〔1998〕44号; outpatient mutual-aid reform,
国办发〔2021〕14号; maternity insurance merged in, 国办发〔2019〕10号):
employers pay about 6 % of payroll (6.5 % with maternity) and workers 2 % of
their wage; since the 2021 reform the employer's contribution goes wholly to the
pooled fund and the worker's wholly to the worker's personal account, while
retirees' accounts are credited from the pooled fund with a fixed amount
(phased towards about 2 % of the average basic pension).  Flexible workers pay a
combined rate on a base they choose.  Retirees pay no contributions once they
have the local minimum of medical contribution years (commonly 25 for men and
20 for women, paper 002); here those short of it pay the missing years as a
lump sum when they retire (一次性补缴), at the flexible workers' rate on the
flexible base of that year, into the pooled fund, and then have free cover
like the others.  Pension contribution years (UEBPI awards by years of the
pension stage) stand for medical contribution years.

Pure functions (no I/O).  Timing: ``year`` runs from the base year (2024,
observed) to the end of the horizon; members are stocks at 31 December and
stand for the year's average membership; contributions, credits and
expenditure are flows over the calendar year arriving on average at mid-year;
fund balances are stocks at 31 December.  Money is nominal yuan.

Notation (``t`` a year, ``0`` the base year, cells ``(s, x)``, employed status ``k``)::

    E_k            employed persons not past their retirement age (labour stage)
    d_k            density = q_g rel_k, group scale q_g (employees: standard, nonstandard;
                   own-account: platform, self_employed, farm) calibrated to the 2024 active targets
    A_t(s,x)       active members  sum_k d_k E_k
    R_t(s,x)       retired members: R_0 = m_0 Pen_0 (m_0 = R* / sum Pen_0);
                   R_t(s,x) = R_{t-1}(s,x-1) S_t(s,x) + phi_t(s,x) New_t(s,x)   (open age pools 99, 100+)
    phi_t(s,x)     min(1, A_{t-1}(s,x-1) / K_{t-1}(s,x-1)): UEBMI members among the cohort's UEBPI
                   contributors a year before retirement (K: UEBPI contributors, New: new UEBPI pensioners)
    q_t(s)         free-cover share of new retirees: sum_{y >= M_t(s)} n_t(s,y) / sum_y n_t(s,y)
    D_t(s)         mean shortfall in years: sum_y n_t(s,y) max(M_t(s) - y, 0) / sum_y n_t(s,y)
                   (n: new UEBPI pensioners by contribution years, M: minimum years for free cover)
    bases          employees  b = clip(c earn, lo W, hi W);  flexible  b_f = clip(phi_f W, lo W, hi W)
                   W_e = sum_employees A_k b,  W_f = sum_flexible A_k b_f     (c calibrated to 2024)
    pensions       Pi_t = sum 12 pension_in_payment R_t           (annual pensions of retired members)
    pooled         C_t = (e + de_t) W_e + (f - f_a) W_f + L_t + lambda_t Pi_t - K_t
                   K_t = k_0 prod_{u<=t} (1 + iota_u (W_u / W_{u-1} - 1)) sum R_t   (fixed credit per head)
                   L_t = sum_s D_t(s) f b_f sum_x phi New       (lump sums for the shortfall)
    accounts       Ca_t = w W_e + f_a W_f + K_t;   Xa_t = pi (Ba_{t-1} + Ca_t)
    cost index     kappa_t = (W_t / W_0) prod_{u<=t} (1 + eps_u fade_u) (1 - v_u) (1 + alpha a_t) / (1 + alpha a_0)
    expenditure    X_t = c_0 kappa_t sum h(s,x) [A_t + gamma R_t]
    funds          B_t = B_{t-1} + C_t + I_t - X_t  (pooled; fiscal subsidy 0 under current rules)
                   Ba_t = Ba_{t-1} + Ca_t + Ia_t - Xa_t,  I = B_{t-1} r + (flows) r / 2

``e, w, f, f_a`` are the employer, worker, flexible and flexible-account rates,
``de`` the employer-rate lever, ``lambda`` the retirees' contribution lever
(share of pension), ``k_0`` the retiree account credit per head (2021 reform:
a fixed amount, calibrated to 2024 account revenue; ``iota`` its indexation), ``pi`` the account drawdown (calibrated to
2024 account expenditure), ``h`` the age-cost curve, ``gamma`` the retiree
cost factor, ``eps`` excess cost growth fading linearly to 0 between two years,
``v`` the cost-control lever (payment reform), ``alpha`` the AI cost lever and ``a`` the AI adoption index of
the labour stage.
Base-year calibration (:func:`actuarial.schemes.medical_employee_rules.calibrate_medical_employee`)
makes 2024 equal the published members, pooled and account revenue, expenditure and
balances; figures it cannot reproduce are input errors naming their assumption.  The
building blocks (cost index, free cover, retired members, calibration) are in
:mod:`actuarial.schemes.medical_employee_rules`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import xarray as xr

from actuarial.config import Assumption
from actuarial.config.calibration import unreachable
from actuarial.dims import EMPLOYED_STATUSES, EMPLOYEES, OPEN_AGE
from actuarial.funds.record import BaseYear, Closure, FundFlows
from actuarial.schemes.medical_employee_rules import (
    calibrate_medical_employee,
    cost_index,
    density_scales,
    entry_share,
    free_cover,
    retired_members,
)
from actuarial.schemes.protocol import (DeclaredAssumptions, Scheme, SchemeResult, Upstream, collapsed, labelled,
                                        plain, unstack, working_before_retirement)
from actuarial.variables import label

MONTHS = 12
IS_EMPLOYEE = np.array([status in EMPLOYEES for status in EMPLOYED_STATUSES])
SCALARS = {
    "active_target": "medical_members_active_target", "retired_target": "medical_members_retired_target",
    "flexible_active_target": "medical_flexible_active_target", "pooled_revenue": "medical_pooled_revenue_base",
    "pooled_expenditure": "medical_pooled_expenditure_base", "pooled_balance": "medical_pooled_balance_base",
    "account_revenue": "medical_account_revenue_base", "account_expenditure": "medical_account_expenditure_base",
    "account_balance": "medical_account_balance_base", "employer_rate": "medical_employer_rate",
    "worker_rate": "medical_worker_rate", "flexible_rate": "medical_flexible_rate",
    "flexible_account_rate": "medical_flexible_account_rate", "floor_ratio": "medical_contribution_floor_ratio",
    "ceiling_ratio": "medical_contribution_ceiling_ratio", "flexible_base_ratio": "medical_flexible_base_ratio",
    "retiree_cost_factor": "medical_retiree_cost_factor", "fade_start": "medical_excess_cost_fade_start",
    "fade_end": "medical_excess_cost_fade_end", "ai_cost_effect": "medical_ai_cost_effect",
}
PATHS = {
    "employer_rate_change": "medical_employer_rate_change",
    "retiree_contribution_rate": "medical_retiree_contribution_rate",
    "excess_cost_growth": "medical_excess_cost_growth", "cost_control": "medical_cost_control",
    "fund_return": "medical_fund_return",
    "account_return": "medical_account_return", "free_cover_years_male": "medical_free_cover_years_male",
    "free_cover_years_female": "medical_free_cover_years_female",
    "retiree_credit_indexation": "medical_retiree_credit_indexation",
    "flexible_cover_uplift": "medical_flexible_cover_uplift",
}
TABLES = ("medical_density_relative", "medical_age_cost")
CHOICES = ("medical_closure_rule",)
TARGETS = ("medical_members_active_target", "medical_members_retired_target", "medical_pooled_revenue_base",
           "medical_account_revenue_base")


@dataclass(frozen=True)
class MedicalEmployeeParameters:
    """Plain inputs of the employee medical projection (paths over the base and projection years, the
    base year taking the first projection year's value; a path that varies by path in a stacked set, as the
    fund return does, is (path, year)).

    Attributes
    ----------
    base_year : the observed year (2024).
    active_target, retired_target, flexible_active_target : 2024 members (persons, 31 December).
    pooled_revenue, pooled_expenditure, pooled_balance : 2024 pooled fund (yuan; revenue with interest,
        net of the credits to retirees' accounts).
    account_revenue, account_expenditure, account_balance : 2024 personal accounts (yuan).
    employer_rate, worker_rate, flexible_rate, flexible_account_rate : ``e, w, f, f_a`` (fractions of the base).
    employer_rate_change : ``de_t`` (year), added to ``e`` in projection years.
    floor_ratio, ceiling_ratio : base limits as ratios of the social average wage.
    flexible_base_ratio : ``phi_f``, flexible workers' base / social average wage.
    density_relative : (employed status) ``rel_k``.
    free_cover_years_male, free_cover_years_female : (year) ``M_t(s)``, minimum years for free cover.
    retiree_contribution_rate : ``lambda_t`` (year), share of pension paid by retired members.
    retiree_credit_indexation : ``iota_t`` (year), share of wage growth by which the credit per head rises.
    flexible_cover_uplift : (year) relative rise of flexible workers' UEBMI density, without the pension
        (unbundled enrolment; 0 today).
    age_cost : (sex, age 0..100) relative cost ``h``.
    retiree_cost_factor : ``gamma``.
    excess_cost_growth : ``eps_t`` (year); fade_start, fade_end : years of its linear fade to 0.
    cost_control : ``v_t`` (year), yearly reduction of cost growth by payment reform (DRG/DIP, procurement).
    ai_cost_effect : ``alpha``.
    fund_return, account_return : (year) or (path, year) returns of the pooled fund and of the accounts.
    closure_rule, reserve_target_months : the pooled fund's closure rule and the reserve the rate rule holds.
    targets : the assumptions of the base-year figures (for errors naming their file).
    """

    base_year: int
    active_target: float
    retired_target: float
    flexible_active_target: float
    pooled_revenue: float
    pooled_expenditure: float
    pooled_balance: float
    account_revenue: float
    account_expenditure: float
    account_balance: float
    employer_rate: float
    worker_rate: float
    flexible_rate: float
    flexible_account_rate: float
    employer_rate_change: np.ndarray
    floor_ratio: float
    ceiling_ratio: float
    flexible_base_ratio: float
    density_relative: np.ndarray
    free_cover_years_male: np.ndarray
    free_cover_years_female: np.ndarray
    retiree_contribution_rate: np.ndarray
    retiree_credit_indexation: np.ndarray
    flexible_cover_uplift: np.ndarray
    age_cost: xr.DataArray
    retiree_cost_factor: float
    excess_cost_growth: np.ndarray
    cost_control: np.ndarray
    fade_start: float
    fade_end: float
    ai_cost_effect: float
    fund_return: np.ndarray
    account_return: np.ndarray
    targets: Mapping[str, Assumption]
    closure_rule: str = "backstop"
    reserve_target_months: float = 6.0


def medical_employee_parameters(assumptions: DeclaredAssumptions) -> MedicalEmployeeParameters:
    """Read the :class:`MedicalEmployeeParameters` from an assumption set (pure; nothing is mutated)."""
    return MedicalEmployeeParameters(
        base_year=assumptions.base_year,
        **assumptions.fields(scalars=SCALARS, paths=PATHS),
        density_relative=assumptions.data("medical_density_relative").sel(status=list(EMPLOYED_STATUSES)).values,
        age_cost=assumptions.data("medical_age_cost"),
        targets=assumptions.sources(TARGETS),
        closure_rule=assumptions["medical_closure_rule"].choice,
    )


def project_medical_employee(parameters: MedicalEmployeeParameters, upstream: Upstream) -> SchemeResult:
    """UEBMI members, pooled-fund and personal-account flows by year.

    Reads from the upstream projection: ``employment`` and ``employment_past_retirement`` (employed
    persons not past their retirement age), ``earnings``, ``average_wage``, ``ai_adoption`` and the
    employee pension's ``pension_contributors``, ``pensioners``, ``pension_new_pensioners``,
    ``pension_new_by_years`` and ``pension_in_payment``; and the demography's survival ratios.

    Computed with a leading path axis (a stacked run's chunk of paths; one path in a deterministic run).

    Returns
    -------
    SchemeResult: the ``medical_*`` outputs over ``year`` (base year = published; ``*_by_age`` over
    (year, sex, age), ``medical_free_cover_share`` over (year, sex)), ``path`` first in a stacked run; the
    pooled fund and the personal accounts, whose spending is a calibrated share of what they hold (the fund
    stage rolls both forward with mid-year flows, so ``B_t = B_{t-1} + C_t + I_t - X_t`` exactly), their
    flows (path, year) in a stacked run; the base-year quantities, floats or (path) where they vary by path.

    Notes
    -----
    Order within a projection year t: active members from this year's
    employment; new retired members from this year's new pensioners and last
    year's cohort membership; retired stock survived; bases and flows; the
    cost index; expenditure.
    """
    p = parameters
    projection = upstream.projection
    order = ("year", "sex", "age")
    years = projection["year"].values
    sexes = projection["sex"].values
    n = years.size
    E = working_before_retirement(projection["employment"], projection["employment_past_retirement"])
    earn = plain(projection["earnings"].sel(status=list(EMPLOYED_STATUSES)), *order, "status")
    W = plain(projection["average_wage"], "year")
    K, Pen, New = (plain(projection[name], *order)
                   for name in ("pension_contributors", "pensioners", "pension_new_pensioners"))
    pip = np.nan_to_num(plain(projection["pension_in_payment"], *order), nan=0.0)
    nby = plain(projection["pension_new_by_years"], "year", "sex", "contribution_years")
    a = plain(projection["ai_adoption"], "year")

    def by_path(values: np.ndarray) -> np.ndarray:
        """A parameter path over the run years as (path, year), one path where it does not vary."""
        return np.atleast_2d(values)[:, :n]

    returns, account_returns, excess = by_path(p.fund_return), by_path(p.account_return), by_path(p.excess_cost_growth)
    de = by_path(p.employer_rate_change).copy()
    de[:, 0] = 0.0
    lam = by_path(p.retiree_contribution_rate).copy()
    lam[:, 0] = 0.0
    minimum = np.stack(np.broadcast_arrays(by_path(p.free_cover_years_male), by_path(p.free_cover_years_female)),
                       axis=-1)
    h = p.age_cost.transpose("sex", "age").sel(sex=sexes).values

    # bases per person by status: employees clip(c earn), flexible clip(phi_f W)
    lo, hi = p.floor_ratio * W[..., None, None, None], p.ceiling_ratio * W[..., None, None, None]
    flexible_base = np.clip(p.flexible_base_ratio * W, p.floor_ratio * W, p.ceiling_ratio * W)
    weighted = E * p.density_relative
    weighted_0, earn_0 = weighted[:, 0][..., IS_EMPLOYEE], earn[:, 0][..., IS_EMPLOYEE]

    def base_of(compliance: float, path: int) -> float:
        """Path ``path``'s employee contribution base of the base year at ``compliance`` (densities applied)."""
        bases = np.clip(compliance * earn_0[path], lo[path, 0], hi[path, 0])
        return float((scales["employees"][path] * weighted_0[path] * bases).sum(axis=(-3, -2, -1)))

    scales = density_scales(p, {"employees": weighted_0.sum(axis=(-3, -2, -1)),
                                "flexible": weighted[:, 0][..., ~IS_EMPLOYEE].sum(axis=(-3, -2, -1))})
    density = p.density_relative * np.where(IS_EMPLOYEE, scales["employees"][:, None], scales["flexible"][:, None])
    if np.any(density > 1.0 + 1e-12):
        worst = density.max(axis=0)
        status = EMPLOYED_STATUSES[int(np.argmax(worst))]
        raise unreachable(p.targets, "medical_members_active_target",
                          f"implies a UEBMI density of {worst.max():.3f} among {status} workers in the base year; "
                          "it must not exceed 1")
    # unbundled enrolment (issue 13 item 6): flexible workers' cover raised without the pension, capped at 1
    uplift = np.where(IS_EMPLOYEE, 1.0, 1.0 + by_path(p.flexible_cover_uplift)[..., None])
    active_by_status = E * np.minimum(density[:, None, :] * uplift, 1.0)[:, :, None, None, :]
    active = active_by_status.sum(-1)
    flexible_active = active_by_status[..., ~IS_EMPLOYEE].sum(axis=(-3, -2, -1))
    new_retired = entry_share(active, K) * New
    share, shortfall = free_cover(nby, minimum)
    lump = (shortfall * new_retired.sum(axis=-1)).sum(axis=-1) * p.flexible_rate * flexible_base
    # 2024 lump sums are in the published revenue: those of the first projection year, deflated by wages
    if n > 1:
        lump[:, 0], share[:, 0] = lump[:, 1] * W[:, 0] / W[:, 1], share[:, 1]
    calibration = calibrate_medical_employee(
        p, scales=scales, pensioners=Pen[:, 0].sum(axis=(-2, -1)), base_of=base_of,
        flexible_base=flexible_active[:, 0] * flexible_base[:, 0], shortfall_contributions=lump[:, 0],
        retiree_pensions_per_share=(MONTHS * pip[:, 0] * Pen[:, 0]).sum(axis=(-2, -1)),
        cost_weight_active=(h * active[:, 0]).sum(axis=(-2, -1)),
        cost_weight_retired_per_share=p.retiree_cost_factor * (h * Pen[:, 0]).sum(axis=(-2, -1)),
        fund_return=returns[:, 0], account_return=account_returns[:, 0],
    )
    retired = retired_members(calibration.retired_share[:, None, None] * Pen[:, 0], upstream.survival, new_retired)

    compliance = calibration.compliance[:, None, None, None, None]
    base_e = (active_by_status[..., IS_EMPLOYEE]
              * np.clip(compliance * earn[..., IS_EMPLOYEE], lo, hi)).sum(axis=(-3, -2, -1))
    base_f = flexible_active * flexible_base
    pensions = (MONTHS * pip * retired).sum(axis=(-2, -1))
    employer = (p.employer_rate + de) * base_e
    flexible_pooled = (p.flexible_rate - p.flexible_account_rate) * base_f
    retiree_contributions = lam * pensions
    wage_growth = np.zeros_like(W)
    wage_growth[:, 1:] = W[:, 1:] / W[:, :-1] - 1.0
    credit_growth = 1.0 + by_path(p.retiree_credit_indexation) * wage_growth
    credits_retired = (calibration.retiree_credit_per_head[:, None] * np.cumprod(credit_growth, axis=-1)
                       * retired.sum(axis=(-2, -1)))
    contributions = employer + flexible_pooled + lump + retiree_contributions - credits_retired
    account_credits = p.worker_rate * base_e + p.flexible_account_rate * base_f + credits_retired

    kappa = cost_index(years=years.astype(float), wage=W, excess=excess, fade_start=p.fade_start,
                       fade_end=p.fade_end, adoption=a, ai_effect=p.ai_cost_effect, control=by_path(p.cost_control))
    benefits = (calibration.cost_level[:, None] * kappa
                * (h * (active + p.retiree_cost_factor * retired)).sum(axis=(-2, -1)))
    members = active.sum(axis=(-2, -1)) + retired.sum(axis=(-2, -1))
    zero = np.zeros((1, n))

    # labelled once: a stacked run's outputs carry path first, a deterministic run's none
    paths = upstream.paths
    series = lambda values: labelled(values, paths, year=years)  # noqa: E731
    cells = lambda values: labelled(values, paths, year=years, sex=sexes, age=np.arange(OPEN_AGE + 1))  # noqa: E731
    outputs = xr.Dataset({
        "medical_members_active": series(active.sum(axis=(-2, -1))),
        "medical_members_retired": series(retired.sum(axis=(-2, -1))),
        "medical_members_flexible_active": series(flexible_active),
        "medical_members_active_by_age": cells(active),
        "medical_members_retired_by_age": cells(retired),
        "medical_new_retired": series(new_retired.sum(axis=(-2, -1))),
        "medical_free_cover_share": labelled(share, paths, year=years, sex=sexes),
        "medical_contribution_base": series(base_e + base_f),
        "medical_employer_contributions": series(employer),
        "medical_flexible_contributions": series(flexible_pooled),
        "medical_shortfall_contributions": series(lump),
        "medical_retiree_contributions": series(retiree_contributions),
        "medical_retiree_account_credits": series(credits_retired),
        "medical_retired_pensions": series(pensions),
        "medical_contributions": series(contributions),
        "medical_fiscal_subsidy": series(zero),
        "medical_benefits": series(benefits),
        "medical_account_contributions": series(account_credits),
        "medical_cost_index": series(kappa),
        "medical_cost_per_member": series(benefits / np.where(members > 0, members, np.nan)),
    })
    later = lambda values: unstack(values, upstream.paths)[..., 1:]  # noqa: E731
    base = {name: collapsed(value) for name, value in calibration.__dict__.items()}
    pooled = FundFlows(fund="medical_employee", years=years[1:],
                       base=BaseYear(balance=p.pooled_balance, investment_income=base["investment_income"],
                                     rate=collapsed(returns[:, 0]), expenditure=p.pooled_expenditure),
                       contributions=later(contributions), fiscal_subsidy=later(zero), benefits=later(benefits),
                       returns=later(returns), contribution_base=later(base_e + base_f),
                       closure=Closure(p.closure_rule, p.reserve_target_months))
    accounts = FundFlows(fund="medical_employee_accounts", years=years[1:],
                         base=BaseYear(balance=p.account_balance, investment_income=base["account_investment_income"],
                                       rate=collapsed(account_returns[:, 0]),
                                       expenditure=p.account_expenditure),
                         contributions=later(account_credits), fiscal_subsidy=0.0, benefits=0.0,
                         returns=later(account_returns), drawdown=base["account_drawdown"])
    return SchemeResult(outputs=label(outputs), funds=(pooled, accounts), base_year=base)


SCHEME = Scheme(
    name="medical_employee",
    assumptions=(*SCALARS.values(), *PATHS.values(), *TABLES, *CHOICES),
    parameters=medical_employee_parameters,
    project=project_medical_employee,
)

__all__ = ["MedicalEmployeeParameters", "SCHEME", "medical_employee_parameters", "project_medical_employee"]
