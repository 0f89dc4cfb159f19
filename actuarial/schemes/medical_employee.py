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
                   flexible: platform, self_employed) calibrated to the 2024 active targets
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
    pooled         C_t = (e + de_t) W_e + (f - f_a) W_f + L_t + lambda_t Pi_t - rho Pi_t
                   L_t = sum_s D_t(s) f b_f sum_x phi New       (lump sums for the shortfall)
    accounts       Ca_t = w W_e + f_a W_f + rho Pi_t;   Xa_t = pi (Ba_{t-1} + Ca_t)
    cost index     kappa_t = (W_t / W_0) prod_{u<=t} (1 + eps_u fade_u) (1 + alpha a_t) / (1 + alpha a_0)
    expenditure    X_t = c_0 kappa_t sum h(s,x) [A_t + gamma R_t]
    funds          B_t = B_{t-1} + C_t + I_t - X_t  (pooled; fiscal subsidy 0 under current rules)
                   Ba_t = Ba_{t-1} + Ca_t + Ia_t - Xa_t,  I = B_{t-1} r + (flows) r / 2

``e, w, f, f_a`` are the employer, worker, flexible and flexible-account rates,
``de`` the employer-rate lever, ``lambda`` the retirees' contribution lever
(share of pension), ``rho`` the retiree account credit (share of pension,
calibrated to 2024 account revenue), ``pi`` the account drawdown (calibrated to
2024 account expenditure), ``h`` the age-cost curve, ``gamma`` the retiree
cost factor, ``eps`` excess cost growth fading linearly to 0 between two years,
``alpha`` the AI cost lever and ``a`` the AI adoption index of the labour stage.
Base-year calibration (:func:`calibrate_medical_employee`) makes 2024 equal the
published members, pooled and account revenue, expenditure and balances.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr
from scipy.optimize import brentq

from actuarial.config import AssumptionSet
from actuarial.config.registry import EMPLOYED_STATUSES, OPEN_AGE
from actuarial.finance.fund import project_fund
from actuarial.schemes.medical_resident import (
    opening_and_income,
    resident_medical_parameters,
    resident_medical_projection,
    year_path,
)
from actuarial.variables import label

EMPLOYEES = ("standard", "nonstandard")
FLEXIBLE = ("platform", "self_employed")
MONTHS = 12

MEDICAL_VARIABLES: dict[str, tuple[str, str]] = {
    "medical_members_active": ("UEBMI active members at 31 December", "persons"),
    "medical_members_retired": ("UEBMI retired members at 31 December", "persons"),
    "medical_members_flexible_active": ("UEBMI active members insured as flexible workers at 31 December", "persons"),
    "medical_members_active_by_age": ("UEBMI active members at 31 December by sex and age", "persons"),
    "medical_members_retired_by_age": ("UEBMI retired members at 31 December by sex and age", "persons"),
    "medical_new_retired": ("New UEBMI retired members during the year", "persons"),
    "medical_free_cover_share": (
        "Share of new UEBPI pensioners with the minimum years for free UEBMI cover (the rest pay the shortfall; "
        "base year: the first projection year's)",
        "fraction",
    ),
    "medical_contribution_base": ("Declared UEBMI contribution bases of active members over the year", "yuan"),
    "medical_employer_contributions": ("UEBMI employer contributions over the year (to the pooled fund)", "yuan"),
    "medical_flexible_contributions": ("UEBMI flexible workers' contributions to the pooled fund over the year", "yuan"),
    "medical_shortfall_contributions": (
        "Lump sums paid at retirement for missing years of free-cover entitlement (pooled fund)", "yuan",
    ),
    "medical_retiree_contributions": ("UEBMI contributions of retired members (lever) over the year", "yuan"),
    "medical_retiree_account_credits": (
        "Credits from the pooled fund to retirees' personal accounts over the year", "yuan",
    ),
    "medical_contributions": (
        "UEBMI pooled-fund contribution income over the year, net of the credits to retirees' accounts", "yuan",
    ),
    "medical_fiscal_subsidy": ("Fiscal subsidy to the UEBMI pooled fund over the year (none under current rules)", "yuan"),
    "medical_benefits": ("UEBMI pooled-fund expenditure over the year", "yuan"),
    "medical_investment_income": ("UEBMI pooled-fund investment income over the year", "yuan"),
    "medical_fund_balance": ("UEBMI pooled-fund balance at 31 December (negative: accumulated borrowing)", "yuan"),
    "medical_account_contributions": (
        "UEBMI personal-account credits over the year (workers' contributions and retirees' credits)", "yuan",
    ),
    "medical_account_benefits": ("UEBMI personal-account expenditure over the year", "yuan"),
    "medical_account_investment_income": ("Interest credited to UEBMI personal accounts over the year", "yuan"),
    "medical_account_balance": ("UEBMI personal-account balances at 31 December", "yuan"),
    "medical_cost_index": (
        "Medical cost per insured person of a given sex and age relative to the base year", "1",
    ),
    "medical_cost_per_member": ("UEBMI pooled expenditure per member", "yuan/year"),
}
"""Output variables of :func:`medical_employee_projection`: name -> (long name, units)."""


@dataclass(frozen=True)
class MedicalEmployeeParameters:
    """Plain inputs of the employee medical projection.

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
    density_relative : (status) ``rel_k`` over the employed statuses.
    free_cover_years : (sex, year) ``M_t(s)``, minimum years for free cover in retirement.
    retiree_contribution_rate : ``lambda_t`` (year), share of pension paid by retired members.
    age_cost : (sex, age 0..100) relative cost ``h``.
    retiree_cost_factor : ``gamma``.
    excess_cost_growth : ``eps_t`` (year); fade_start, fade_end : years of its linear fade to 0.
    ai_cost_effect : ``alpha``.
    fund_return, account_return : (year) returns of the pooled fund and of the accounts.
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
    employer_rate_change: xr.DataArray
    floor_ratio: float
    ceiling_ratio: float
    flexible_base_ratio: float
    density_relative: xr.DataArray
    free_cover_years: xr.DataArray
    retiree_contribution_rate: xr.DataArray
    age_cost: xr.DataArray
    retiree_cost_factor: float
    excess_cost_growth: xr.DataArray
    fade_start: float
    fade_end: float
    ai_cost_effect: float
    fund_return: xr.DataArray
    account_return: xr.DataArray


@dataclass(frozen=True)
class MedicalCalibration:
    """Base-year quantities solved from the published figures (:func:`calibrate_medical_employee`).

    Attributes
    ----------
    employee_scale, flexible_scale : group scales ``q_g`` of the densities.
    retired_share : ``m_0``, UEBMI retired members per UEBPI pensioner in 2024.
    compliance : ``c``, declared base / earnings of employees (before the floor and ceiling).
    retiree_credit_ratio : ``rho``, credits to retirees' accounts as a share of their pensions.
    account_drawdown : ``pi``, share of the opening balance plus credits spent from accounts in a year.
    cost_level : ``c_0``, yuan a year per unit of relative cost (active member weight 1).
    investment_income, account_investment_income : 2024 interest of the pooled fund and of the accounts.
    """

    employee_scale: float
    flexible_scale: float
    retired_share: float
    compliance: float
    retiree_credit_ratio: float
    account_drawdown: float
    cost_level: float
    investment_income: float
    account_investment_income: float


# --------------------------------------------------------------------------- reading the assumption set
def medical_employee_parameters(assumptions: AssumptionSet) -> MedicalEmployeeParameters:
    """Read the :class:`MedicalEmployeeParameters` from an assumption set (pure; nothing is mutated)."""
    scalar = assumptions.scalar
    years = xr.concat([assumptions.data("medical_free_cover_years_male"),
                       assumptions.data("medical_free_cover_years_female")],
                      dim=xr.DataArray(["male", "female"], dims="sex", name="sex"))
    return MedicalEmployeeParameters(
        base_year=assumptions.base_year,
        active_target=scalar("medical_members_active_target"),
        retired_target=scalar("medical_members_retired_target"),
        flexible_active_target=scalar("medical_flexible_active_target"),
        pooled_revenue=scalar("medical_pooled_revenue_base"),
        pooled_expenditure=scalar("medical_pooled_expenditure_base"),
        pooled_balance=scalar("medical_pooled_balance_base"),
        account_revenue=scalar("medical_account_revenue_base"),
        account_expenditure=scalar("medical_account_expenditure_base"),
        account_balance=scalar("medical_account_balance_base"),
        employer_rate=scalar("medical_employer_rate"),
        worker_rate=scalar("medical_worker_rate"),
        flexible_rate=scalar("medical_flexible_rate"),
        flexible_account_rate=scalar("medical_flexible_account_rate"),
        employer_rate_change=assumptions.data("medical_employer_rate_change"),
        floor_ratio=scalar("medical_contribution_floor_ratio"),
        ceiling_ratio=scalar("medical_contribution_ceiling_ratio"),
        flexible_base_ratio=scalar("medical_flexible_base_ratio"),
        density_relative=assumptions.data("medical_density_relative"),
        free_cover_years=years,
        retiree_contribution_rate=assumptions.data("medical_retiree_contribution_rate"),
        age_cost=assumptions.data("medical_age_cost"),
        retiree_cost_factor=scalar("medical_retiree_cost_factor"),
        excess_cost_growth=assumptions.data("medical_excess_cost_growth"),
        fade_start=scalar("medical_excess_cost_fade_start"),
        fade_end=scalar("medical_excess_cost_fade_end"),
        ai_cost_effect=scalar("medical_ai_cost_effect"),
        fund_return=assumptions.data("medical_fund_return"),
        account_return=assumptions.data("medical_account_return"),
    )


# --------------------------------------------------------------------------- building blocks (numpy)
def cost_index(*, years: np.ndarray, wage: np.ndarray, excess: np.ndarray, fade_start: float, fade_end: float,
               adoption: np.ndarray, ai_effect: float) -> np.ndarray:
    """Cost per insured person of a given sex and age relative to the base year, ``kappa_t``.

    ``kappa_t = (W_t / W_0) prod_{u=1..t} (1 + eps_u fade_u) (1 + alpha a_t) / (1 + alpha a_0)`` with
    ``fade_u = 1`` up to ``fade_start``, ``(fade_end - u) / (fade_end - fade_start)`` between and 0
    from ``fade_end`` (a step at ``fade_start`` when the two coincide).  ``excess[0]`` (base year) is
    not used.  All arrays over ``years`` (base year first).

    Raises
    ------
    ValueError
        If the AI factor ``1 + alpha a_t`` is not positive.
    """
    span = max(fade_end - fade_start, 0.0)
    if span > 0.0:
        fade = np.clip((fade_end - years) / span, 0.0, 1.0)
    else:
        fade = (years < fade_start).astype(float)
    factor = 1.0 + excess * fade
    factor[0] = 1.0
    ai = 1.0 + ai_effect * adoption
    if np.any(ai <= 0.0):
        raise ValueError("medical_ai_cost_effect x AI adoption must stay above -1 (costs cannot fall to zero)")
    return wage / wage[0] * np.cumprod(factor) * ai / ai[0]


def free_cover(new_by_years: np.ndarray, minimum: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Free-cover share and mean shortfall of new retirees by their contribution years.

    Parameters
    ----------
    new_by_years : (year, sex, years 0..Y) new pensioners by contribution years ``n_t(s, y)``.
    minimum : (year, sex) minimum years ``M_t(s)``.

    Returns
    -------
    share, shortfall : (year, sex) ``q = sum_{y >= M} n / sum n`` and ``D = sum n max(M - y, 0) / sum n``
    (1 and 0 where nobody retires).
    """
    y = np.arange(new_by_years.shape[-1], dtype=float)
    total = new_by_years.sum(axis=-1)
    safe = np.where(total > 0.0, total, 1.0)
    qualifying = (new_by_years * (y[None, None, :] >= minimum[..., None] - 1e-9)).sum(axis=-1)
    missing = (new_by_years * np.maximum(minimum[..., None] - y[None, None, :], 0.0)).sum(axis=-1)
    return np.where(total > 0.0, qualifying / safe, 1.0), np.where(total > 0.0, missing / safe, 0.0)


def retired_members(initial: np.ndarray, survival: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Retired members by year, sex and age from the base-year stock, survival and entries.

    ``R_t(s,x) = R_{t-1}(s,x-1) S_t(s,x) + new_t(s,x)``; the open age takes
    ``(R_{t-1}(s,99) + R_{t-1}(s,100)) S_t(s,100)``.  ``survival`` (year t >= 1, sex, age) are the
    cohort-component ratios of the demography (age x-1 at the end of t-1 to x at the end of t).

    Parameters
    ----------
    initial : (sex, age) ``R_0``.  survival : (T, sex, age).  new : (T + 1, sex, age); ``new[0]`` unused.
    """
    stock = np.empty_like(new, dtype=float)
    stock[0] = initial
    for t in range(1, new.shape[0]):
        aged = np.zeros_like(initial, dtype=float)
        aged[:, 1:] = stock[t - 1][:, :-1]
        aged[:, OPEN_AGE] += stock[t - 1][:, OPEN_AGE]
        stock[t] = aged * survival[t - 1] + new[t]
    return stock


def entry_share(active: np.ndarray, contributors: np.ndarray) -> np.ndarray:
    """``phi_t(s,x) = min(1, A_{t-1}(s,x-1) / K_{t-1}(s,x-1))`` (0 where no contributors); row 0 is 0."""
    share = np.zeros_like(active, dtype=float)
    previous_a, previous_k = active[:-1, :, :-1], contributors[:-1, :, :-1]
    share[1:, :, 1:] = np.minimum(1.0, np.divide(previous_a, previous_k, out=np.zeros_like(previous_a),
                                                 where=previous_k > 0.0))
    return share


def account_flows(*, opening: float, credits: np.ndarray, drawdown: float, returns: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Personal-account expenditure ``Xa_t = pi (Ba_{t-1} + Ca_t)`` over the projection years.

    Returns (expenditure, balance) over the years of ``credits``; the balance follows the
    roll-forward ``Ba_t = Ba_{t-1} + Ca_t + Ia_t - Xa_t``, ``Ia_t = Ba_{t-1} r_t + (Ca_t - Xa_t) r_t / 2``.
    """
    spend, balance = np.empty(credits.size), np.empty(credits.size)
    previous = opening
    for t in range(credits.size):
        spend[t] = drawdown * (previous + credits[t])
        previous = previous * (1.0 + returns[t]) + (credits[t] - spend[t]) * (1.0 + returns[t] / 2.0)
        balance[t] = previous
    return spend, balance


# --------------------------------------------------------------------------- calibration
def density_scales(parameters: MedicalEmployeeParameters, weighted_employment: dict[str, float]) -> dict[str, float]:
    """Group scales ``q_g`` of the densities: ``q_employees = (A* - F*) / sum_employees rel_k E_k``,
    ``q_flexible = F* / sum_flexible rel_k E_k`` (base-year employment).

    Raises
    ------
    ValueError
        If the flexible target exceeds the active target or a group has nobody to hold its target.
    """
    p = parameters
    if p.flexible_active_target > p.active_target:
        raise ValueError("medical_flexible_active_target exceeds medical_members_active_target")
    scales = {}
    for group, target in (("employees", p.active_target - p.flexible_active_target),
                          ("flexible", p.flexible_active_target)):
        if weighted_employment[group] <= 0.0:
            raise ValueError(f"no {group} in the base year to hold the UEBMI {group} target")
        scales[group] = target / weighted_employment[group]
    return scales


def calibrate_medical_employee(
    parameters: MedicalEmployeeParameters,
    *,
    scales: dict[str, float],
    pensioners: float,
    base_of: callable,
    flexible_base: float,
    shortfall_contributions: float,
    retiree_pensions_per_share: float,
    cost_weight_active: float,
    cost_weight_retired_per_share: float,
    fund_return: float,
    account_return: float,
) -> MedicalCalibration:
    """Solve the base-year quantities from the published 2024 figures.

    Parameters
    ----------
    scales : the group scales of :func:`density_scales`.
    pensioners : UEBPI pensioners in 2024.
    base_of : ``c -> W_e(c)``, the employee contribution base of 2024 at compliance ``c`` (densities applied).
    flexible_base : ``W_f`` of 2024.
    shortfall_contributions : ``L_0``, lump sums for missing free-cover years paid in 2024 (estimated
        from the first projection year's retirees, see :func:`medical_employee_projection`).
    retiree_pensions_per_share : annual pensions of UEBPI pensioners (``Pi_0 / m_0``).
    cost_weight_active : ``sum h A_0``;  cost_weight_retired_per_share : ``gamma sum h Pen_0``.
    fund_return, account_return : 2024 returns (the first projection year's).

    Notes
    -----
    ::

        m_0  = R* / sum Pen_0
        I_0, Ia_0 from the roll-forward identity of each fund (opening = balance - revenue + expenditure,
                  :func:`actuarial.schemes.medical_resident.opening_and_income`)
        c    : (e + w) W_e(c) + f W_f + L_0 = Rp + Ra - I_0 - Ia_0       (all contributions; brentq)
        rho  = (Ra - Ia_0 - w W_e - f_a W_f) / Pi_0                   (account credits to retirees)
        pi   = Xa / (Ba_{-1} + Ra - Ia_0)
        c_0  = Xp / (sum h A_0 + gamma sum h R_0)

    so that pooled contributions ``e W_e + (f - f_a) W_f + L_0 - rho Pi_0 = Rp - I_0``.

    Raises
    ------
    ValueError
        When the retired members exceed the pensioners, no compliance in (0.001, 20) meets the
        revenue, or the retirees' credits come out negative.
    """
    p = parameters
    retired_share = p.retired_target / pensioners if pensioners > 0.0 else np.inf
    if not 0.0 <= retired_share <= 1.0:
        raise ValueError(
            f"2024 UEBMI retired members ({p.retired_target / 1e6:,.1f} M) exceed the UEBPI pensioners "
            f"({pensioners / 1e6:,.1f} M); retired members are drawn from the pensioners"
        )
    _, income = opening_and_income(revenue=p.pooled_revenue, expenditure=p.pooled_expenditure,
                                   balance=p.pooled_balance, rate=fund_return)
    opening_a, income_a = opening_and_income(revenue=p.account_revenue, expenditure=p.account_expenditure,
                                             balance=p.account_balance, rate=account_return)
    contributions = p.pooled_revenue + p.account_revenue - income - income_a
    flexible = p.flexible_rate * flexible_base + shortfall_contributions

    def gap(compliance: float) -> float:
        return (p.employer_rate + p.worker_rate) * base_of(compliance) + flexible - contributions

    low, high = 1e-3, 20.0
    if gap(low) > 0.0 or gap(high) < 0.0:
        raise ValueError(
            f"no employee base compliance in ({low}, {high}) makes 2024 UEBMI contributions "
            f"{contributions / 1e9:,.1f} bn yuan at the rates given; check the rates, targets and revenue"
        )
    compliance = brentq(gap, low, high, xtol=1e-12)
    credits = p.account_revenue - income_a - p.worker_rate * base_of(compliance) - p.flexible_account_rate * flexible_base
    pensions = retired_share * retiree_pensions_per_share
    rho = credits / pensions if pensions > 0.0 else 0.0
    if rho < 0.0:
        raise ValueError(
            f"2024 UEBMI account revenue leaves {credits / 1e9:,.1f} bn yuan for the credits to retirees' accounts; "
            "it must not be negative: the worker and flexible account rates are too high for the published revenue"
        )
    drawdown = p.account_expenditure / (opening_a + p.account_revenue - income_a)
    weight = cost_weight_active + retired_share * cost_weight_retired_per_share
    return MedicalCalibration(
        employee_scale=scales["employees"], flexible_scale=scales["flexible"], retired_share=retired_share,
        compliance=compliance, retiree_credit_ratio=rho, account_drawdown=drawdown,
        cost_level=p.pooled_expenditure / weight, investment_income=income, account_investment_income=income_a,
    )


# --------------------------------------------------------------------------- projection
def medical_employee_projection(
    parameters: MedicalEmployeeParameters,
    *,
    employment: xr.DataArray,
    earnings: xr.DataArray,
    average_wage: xr.DataArray,
    pension_contributors: xr.DataArray,
    pensioners: xr.DataArray,
    new_pensioners: xr.DataArray,
    new_by_years: xr.DataArray,
    pension_in_payment: xr.DataArray,
    survival: np.ndarray,
    adoption: xr.DataArray,
) -> xr.Dataset:
    """Project UEBMI members, pooled fund and personal accounts.

    Parameters
    ----------
    parameters : :class:`MedicalEmployeeParameters`.
    employment : (year, sex, age, status) employed persons not past their retirement age, employed statuses.
    earnings : (year, sex, age, status) annual earnings of the employed statuses (yuan).
    average_wage : (year) social average wage ``W_t``.
    pension_contributors, pensioners, new_pensioners : (year, sex, age) UEBPI contributors during the
        year, pensioners at 31 December and new pensioners of the year.
    new_by_years : (year, sex, contribution_years) new UEBPI pensioners by contribution years.
    pension_in_payment : (year, sex, age) mean monthly UEBPI pension (NaN where no pensioner).
    survival : (year >= base + 1, sex, age) survival ratios of the demography.
    adoption : (year) AI adoption index ``a_t``.

    Returns
    -------
    xarray.Dataset over ``year`` (base year = published) with :data:`MEDICAL_VARIABLES`;
    ``*_by_age`` over (year, sex, age), ``medical_free_cover_share`` over (year, sex).  attrs hold the
    calibration (``medical_*``).

    Notes
    -----
    Order within a projection year t: active members from this year's
    employment; new retired members from this year's new pensioners and last
    year's cohort membership; retired stock survived; bases and flows; the
    cost index; expenditure; funds rolled forward with mid-year flows
    (:func:`actuarial.finance.fund.project_fund` for the pooled fund, so
    ``B_t = B_{t-1} + C_t + I_t - X_t`` exactly; the same roll-forward for
    the accounts, whose expenditure depends on the opening balance).
    """
    p = parameters
    order = ("year", "sex", "age")
    employment = employment.sel(status=list(EMPLOYED_STATUSES)).transpose(*order, "status")
    years = employment["year"].values
    sexes = employment["sex"].values
    if years.size == 0 or years[0] != p.base_year or np.any(np.diff(years) != 1):
        raise ValueError(f"employment years must run one by one from the base year {p.base_year}")
    if not np.array_equal(employment["age"].values, np.arange(OPEN_AGE + 1)):
        raise ValueError(f"employment ages must run 0..{OPEN_AGE}")
    cube = lambda name, a: _aligned(name, a, years, sexes)  # noqa: E731
    E = employment.values.astype(float)
    if not np.all(np.isfinite(E)) or np.any(E < 0.0):
        raise ValueError("employment must be finite and non-negative")
    earn = earnings.sel(status=list(EMPLOYED_STATUSES)).transpose(*order, "status").sel(year=years).values.astype(float)
    W = average_wage.sel(year=years).values.astype(float)
    if not np.all(np.isfinite(W)) or np.any(W <= 0.0):
        raise ValueError("average_wage must be finite and positive")
    K, Pen, New = (cube(n, a) for n, a in (("pension_contributors", pension_contributors),
                                            ("pensioners", pensioners), ("new_pensioners", new_pensioners)))
    pip = pension_in_payment.transpose(*order).sel(year=years, sex=sexes).fillna(0.0).values.astype(float)
    nby = new_by_years.transpose("year", "sex", "contribution_years").sel(year=years, sex=sexes).values.astype(float)
    survival = np.asarray(survival, dtype=float)
    if survival.shape != (years.size - 1, sexes.size, OPEN_AGE + 1):
        raise ValueError(f"survival must be (year {years[1] if years.size > 1 else ''}.., sex, age); got {survival.shape}")
    a = adoption.sel(year=years).values.astype(float)

    returns = year_path("medical_fund_return", p.fund_return, years)
    account_returns = year_path("medical_account_return", p.account_return, years)
    de = year_path("medical_employer_rate_change", p.employer_rate_change, years)
    de[0] = 0.0
    lam = year_path("medical_retiree_contribution_rate", p.retiree_contribution_rate, years)
    lam[0] = 0.0
    excess = year_path("medical_excess_cost_growth", p.excess_cost_growth, years)
    minimum = np.stack([year_path("medical_free_cover_years", p.free_cover_years.sel(sex=s), years) for s in sexes],
                       axis=1)
    rel = p.density_relative.sel(status=list(EMPLOYED_STATUSES)).values.astype(float)
    h = p.age_cost.transpose("sex", "age").sel(sex=sexes).values.astype(float)
    is_employee = np.array([s in EMPLOYEES for s in EMPLOYED_STATUSES])

    # bases per person by status: employees clip(c earn), flexible clip(phi_f W)
    lo, hi = p.floor_ratio * W[:, None, None, None], p.ceiling_ratio * W[:, None, None, None]
    flexible_base = np.clip(p.flexible_base_ratio * W, p.floor_ratio * W, p.ceiling_ratio * W)
    weighted = E * rel
    grouped = {"employees": float(weighted[0][..., is_employee].sum()),
               "flexible": float(weighted[0][..., ~is_employee].sum())}

    def employee_base(compliance: float, t: slice | int = slice(None), scale: float = 1.0) -> np.ndarray:
        bases = np.clip(compliance * earn[t][..., is_employee], lo[t], hi[t])
        return (scale * weighted[t][..., is_employee] * bases).sum(axis=(-3, -2, -1))

    scales = density_scales(p, grouped)
    density = rel * np.where(is_employee, scales["employees"], scales["flexible"])
    if np.any(density > 1.0 + 1e-12):
        k = EMPLOYED_STATUSES[int(np.argmax(density))]
        raise ValueError(f"the calibrated UEBMI density of {k} workers is {density.max():.3f}; it must not exceed 1")
    active_by_status = E * density
    active = active_by_status.sum(-1)
    flexible_active = active_by_status[..., ~is_employee].sum(axis=(1, 2, 3))
    new_retired = entry_share(active, K) * New
    share, shortfall = free_cover(nby, minimum)
    lump = (shortfall * new_retired.sum(axis=2)).sum(axis=1) * p.flexible_rate * flexible_base
    # 2024 lump sums are in the published revenue: those of the first projection year, deflated by wages
    if years.size > 1:
        lump[0], share[0] = lump[1] * W[0] / W[1], share[1]
    calibration = calibrate_medical_employee(
        p, scales=scales, pensioners=float(Pen[0].sum()),
        base_of=lambda c: float(employee_base(c, 0, scales["employees"])),
        flexible_base=float(flexible_active[0] * flexible_base[0]), shortfall_contributions=float(lump[0]),
        retiree_pensions_per_share=float((MONTHS * pip[0] * Pen[0]).sum()),
        cost_weight_active=float((h * active[0]).sum()),
        cost_weight_retired_per_share=float(p.retiree_cost_factor * (h * Pen[0]).sum()),
        fund_return=float(returns[0]), account_return=float(account_returns[0]),
    )
    retired = retired_members(calibration.retired_share * Pen[0], survival, new_retired)

    base_e = (active_by_status[..., is_employee]
              * np.clip(calibration.compliance * earn[..., is_employee], lo, hi)).sum(axis=(1, 2, 3))
    base_f = flexible_active * flexible_base
    pensions = (MONTHS * pip * retired).sum(axis=(1, 2))
    employer = (p.employer_rate + de) * base_e
    flexible_pooled = (p.flexible_rate - p.flexible_account_rate) * base_f
    retiree_contributions = lam * pensions
    credits_retired = calibration.retiree_credit_ratio * pensions
    contributions = employer + flexible_pooled + lump + retiree_contributions - credits_retired
    account_credits = p.worker_rate * base_e + p.flexible_account_rate * base_f + credits_retired

    kappa = cost_index(years=years.astype(float), wage=W, excess=excess, fade_start=p.fade_start,
                       fade_end=p.fade_end, adoption=a, ai_effect=p.ai_cost_effect)
    benefits = calibration.cost_level * kappa * (h * (active + p.retiree_cost_factor * retired)).sum(axis=(1, 2))

    series = lambda values: xr.DataArray(np.asarray(values, dtype=float), coords={"year": years}, dims="year")  # noqa: E731
    zero = np.zeros(years.size)
    income, balance = np.empty(years.size), np.empty(years.size)
    income[0], balance[0] = calibration.investment_income, p.pooled_balance
    spend, account_balance, account_income = (np.empty(years.size) for _ in range(3))
    spend[0], account_balance[0] = p.account_expenditure, p.account_balance
    account_income[0] = calibration.account_investment_income
    if years.size > 1:
        later = years[1:]
        fund = project_fund(opening_balance=p.pooled_balance, contributions=series(contributions).sel(year=later),
                            fiscal_subsidy=0.0, financing_inflows=0.0, benefits=series(benefits).sel(year=later),
                            returns=series(returns).sel(year=later))
        income[1:], balance[1:] = fund["investment_income"].values, fund["balance"].values
        spend[1:], _ = account_flows(opening=p.account_balance, credits=account_credits[1:],
                                     drawdown=calibration.account_drawdown, returns=account_returns[1:])
        accounts = project_fund(opening_balance=p.account_balance, contributions=series(account_credits).sel(year=later),
                                fiscal_subsidy=0.0, financing_inflows=0.0, benefits=series(spend).sel(year=later),
                                returns=series(account_returns).sel(year=later))
        account_income[1:], account_balance[1:] = accounts["investment_income"].values, accounts["balance"].values

    members = active.sum(axis=(1, 2)) + retired.sum(axis=(1, 2))
    coords = {"year": years, "sex": sexes, "age": np.arange(OPEN_AGE + 1)}
    cells = lambda values: xr.DataArray(values, coords=coords, dims=order)  # noqa: E731
    dataset = xr.Dataset({
        "medical_members_active": series(active.sum(axis=(1, 2))),
        "medical_members_retired": series(retired.sum(axis=(1, 2))),
        "medical_members_flexible_active": series(flexible_active),
        "medical_members_active_by_age": cells(active),
        "medical_members_retired_by_age": cells(retired),
        "medical_new_retired": series(new_retired.sum(axis=(1, 2))),
        "medical_free_cover_share": xr.DataArray(share, coords={"year": years, "sex": sexes}, dims=("year", "sex")),
        "medical_contribution_base": series(base_e + base_f),
        "medical_employer_contributions": series(employer),
        "medical_flexible_contributions": series(flexible_pooled),
        "medical_shortfall_contributions": series(lump),
        "medical_retiree_contributions": series(retiree_contributions),
        "medical_retiree_account_credits": series(credits_retired),
        "medical_contributions": series(contributions),
        "medical_fiscal_subsidy": series(zero),
        "medical_benefits": series(benefits),
        "medical_investment_income": series(income),
        "medical_fund_balance": series(balance),
        "medical_account_contributions": series(account_credits),
        "medical_account_benefits": series(spend),
        "medical_account_investment_income": series(account_income),
        "medical_account_balance": series(account_balance),
        "medical_cost_index": series(kappa),
        "medical_cost_per_member": series(benefits / np.where(members > 0, members, np.nan)),
    })
    label(dataset, MEDICAL_VARIABLES)
    dataset.attrs.update({f"medical_{k}": float(v) for k, v in calibration.__dict__.items()})
    return dataset


def _aligned(name: str, array: xr.DataArray, years: np.ndarray, sexes: np.ndarray) -> np.ndarray:
    if set(array.dims) != {"year", "sex", "age"}:
        raise ValueError(f"{name} must have dimensions (year, sex, age); it has {array.dims}")
    values = array.transpose("year", "sex", "age").sel(year=years, sex=sexes).values.astype(float)
    if values.shape[-1] != OPEN_AGE + 1 or not np.all(np.isfinite(values)) or np.any(values < 0.0):
        raise ValueError(f"{name} must be finite and non-negative over ages 0..{OPEN_AGE}")
    return values


# --------------------------------------------------------------------------- the stage
def project_medical(assumptions: AssumptionSet, projection: xr.Dataset, *, survival: np.ndarray) -> xr.Dataset:
    """Both medical schemes for one scenario: UEBMI, then URRBMI on the persons outside it.

    Parameters
    ----------
    assumptions : the validated set.
    projection : merged output of the earlier stages (population, employment, employment_past_retirement,
        earnings, average_wage, ai_adoption, pension_contributors, pensioners, pension_new_pensioners,
        pension_new_by_years, pension_in_payment).
    survival : (year >= base + 1, sex, age) survival ratios (``demographic_inputs(...).survival[0]``).

    Returns
    -------
    xarray.Dataset: :data:`MEDICAL_VARIABLES` and
    :data:`actuarial.schemes.medical_resident.RESIDENT_MEDICAL_VARIABLES` over ``year`` (base year included).
    """
    statuses = list(EMPLOYED_STATUSES)
    employed = (projection["employment"].sel(status=statuses)
                - projection["employment_past_retirement"].sel(status=statuses)).clip(min=0.0)
    employee = medical_employee_projection(
        medical_employee_parameters(assumptions),
        employment=employed, earnings=projection["earnings"].sel(status=statuses),
        average_wage=projection["average_wage"], pension_contributors=projection["pension_contributors"],
        pensioners=projection["pensioners"], new_pensioners=projection["pension_new_pensioners"],
        new_by_years=projection["pension_new_by_years"], pension_in_payment=projection["pension_in_payment"],
        survival=survival, adoption=projection["ai_adoption"],
    )
    resident = resident_medical_projection(
        resident_medical_parameters(assumptions), population=projection["population"],
        employee_members=employee["medical_members_active_by_age"] + employee["medical_members_retired_by_age"],
        cost_index=employee["medical_cost_index"],
    )
    return xr.merge([employee, resident], combine_attrs="no_conflicts")


# --------------------------------------------------------------------------- metrics
REPORT_YEARS = (2035, 2050, 2075)


def medical_metrics(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """Rows ``scheme, metric, value, unit`` of ``metrics.csv`` for ``medical_employee`` and ``medical_resident``.

    Employee scheme (pooled fund): the :func:`actuarial.analysis.valuation.scheme_metrics` rows with
    contributions net of retirees' account credits, the declared bases as contribution base (cost rate =
    expenditure / bases), retired members as ``pensioners`` and active members as ``contributors``;
    resident scheme: premiums as contributions and the fiscal subsidy.  Added for both: reserve in months
    of next year's expenditure (``reserve_months_Y`` = 12 x ``reserve_ratio_Y``), fiscal cost in % of GDP
    (``fiscal_cost_pct_gdp_Y``, base year included); for the employee scheme the active-to-retired ratio
    (``active_to_retired_ratio_Y``); for the resident scheme ``cost_rate_Y`` = expenditure / (premiums +
    fiscal subsidy), its financing.
    """
    from actuarial.analysis.valuation import reserve_ratio, scheme_metrics

    years = assumptions.years
    discount = assumptions.data("valuation_discount_rate")
    p = projection.sel(year=years)
    report = [y for y in (*REPORT_YEARS, int(years[-1])) if y in set(years.tolist())]
    employee = xr.Dataset({
        "contributions": p["medical_contributions"], "fiscal_subsidy": p["medical_fiscal_subsidy"],
        "benefits": p["medical_benefits"], "balance": p["medical_fund_balance"],
        "contribution_base": p["medical_contribution_base"], "pensioners": p["medical_members_retired"],
        "contributors": p["medical_members_active"],
    }).drop_attrs()
    resident = xr.Dataset({
        "contributions": p["resident_medical_premiums"], "fiscal_subsidy": p["resident_medical_fiscal_subsidy"],
        "benefits": p["resident_medical_benefits"], "balance": p["resident_medical_fund_balance"],
    }).drop_attrs()
    tables = [
        scheme_metrics("medical_employee", employee, opening_balance=assumptions.scalar("medical_pooled_balance_base"),
                       discount=discount, returns=assumptions.data("medical_fund_return"), report_years=report),
        scheme_metrics("medical_resident", resident,
                       opening_balance=assumptions.scalar("resident_medical_balance_base"),
                       discount=discount, returns=assumptions.data("resident_medical_fund_return"), report_years=report),
    ]
    rows = []
    for scheme, series in (("medical_employee", employee), ("medical_resident", resident)):
        months = MONTHS * reserve_ratio(balance=series["balance"], benefits=series["benefits"])
        rows += [(scheme, f"reserve_months_{y}", float(months.sel(year=y)), "months of expenditure") for y in report]
    ratio = p["medical_members_active"] / p["medical_members_retired"]
    rows += [("medical_employee", f"active_to_retired_ratio_{y}", float(ratio.sel(year=y)), "ratio") for y in report]
    financing = p["resident_medical_premiums"] + p["resident_medical_fiscal_subsidy"]
    cost = p["resident_medical_benefits"] / financing
    rows += [("medical_resident", f"cost_rate_{y}", float(cost.sel(year=y)), "ratio") for y in report]
    fiscal_years = [assumptions.base_year, *report]
    for scheme, name in (("medical_employee", "medical_fiscal_subsidy"), ("medical_resident", "resident_medical_fiscal_subsidy")):
        share = projection[name] / projection["gdp"]
        rows += [(scheme, f"fiscal_cost_pct_gdp_{y}", float(share.sel(year=y)), "fraction_of_gdp") for y in fiscal_years]
    tables.append(pd.DataFrame(rows, columns=["scheme", "metric", "value", "unit"]))
    return pd.concat(tables, ignore_index=True)


__all__ = [
    "MEDICAL_VARIABLES",
    "MedicalCalibration",
    "MedicalEmployeeParameters",
    "account_flows",
    "calibrate_medical_employee",
    "cost_index",
    "density_scales",
    "entry_share",
    "free_cover",
    "medical_employee_parameters",
    "medical_employee_projection",
    "medical_metrics",
    "project_medical",
    "retired_members",
]
