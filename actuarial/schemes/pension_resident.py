"""Urban-rural resident basic pension (URRBP, 城乡居民基本养老保险): members, accounts, benefits, fund.

Scheme rules (State Council, Guofa [2014] No. 8, *Opinions on establishing a
unified basic pension insurance system for urban and rural residents*):
residents aged 16 and over who are neither students nor covered by the
employee scheme may join (section 3); they pay a yearly contribution at a
grade of their choice into an individual account, with a government
contribution subsidy (at least 30 yuan a year at the lowest grade, at least 60
at grades of 500 yuan and above; section 4); at 60, with 15 years of
contributions (older cohorts under transitional rules; section 7), they draw
for life a basic pension paid by government (a central minimum plus local
top-ups) and an account pension of ``balance / 139`` a month (section 6).
Persons who reach retirement age in the employee scheme without its minimum
contribution years may transfer to this scheme (MOHRSS and MOF, Renshebufa
[2014] No. 17); they count here from the year of transfer.

Pure functions (no I/O).  Timing: ``year`` runs from the base year (2024,
observed) to the end of the horizon; persons are stocks at 31 December and
stand for the year's average membership (as for employment in
:mod:`actuarial.labour.economy`); contributions, subsidies and benefits are
flows over the calendar year, arriving on average at mid-year; the fund
balance is the stock at 31 December.  Money is nominal yuan.  A chunk of
stochastic paths runs in one call, every quantity carrying a leading ``path``
axis (the deterministic run is the one-path case).

Notation (``t`` a year, ``0`` the base year, cells ``(s, x)`` sex and age)::

    P, E, T          population, employee-scheme members (contributors + pensioners),
                     transfers from the employee scheme during the year
    Q_t(s,x)         transferred persons still alive:  Q_t(s,x) = min(Q_{t-1}(s,x-1) p_t(s,x) + T_t(s,x),
                     max(P_t - E_t, 0)),  p_t(s,x) = min(1, P_t(s,x) / P_{t-1}(s,x-1))   (open age 100+ pooled)
    G_t(s,x)         other residents outside the employee scheme:  max(P - E - Q, 0)
    pi(s,x)          participation at 16-59: min(1, k * profile(s,x)),  k calibrated to 2024
    U_t(s,x)         take-up at 60+: U_0 = u_0 (calibrated to 2024);  U_t(s,60) = pi(s,59);
                     U_t(s,x) = U_{t-1}(s,x-1) above 60 (a cohort keeps its take-up)
    contributors     K_t = sum_{16<=x<=59} [pi G_t + Q_t]
    beneficiaries    N_t = sum_{x>=60} [U_t G_t + Q_t]                (transferred: take-up 1)
    participants     K_t + N_t                                        (yearbook definition)
    contribution     c_t = c_0 W_t / W_0  per contributor;  subsidy sigma_t c_t;  credit a_t = (1 + sigma_t) c_t
    account balance  A_t(s,x) = A_{t-1}(s,x-1) (1 + r_t) + a_t,   16 <= x <= 59 (mean per contributor)
    account pension  V_t(s,60) = 12 A_{t-1}(s,59) / D;  V_t(s,x) = V_{t-1}(s,x-1) above 60 (not indexed)
    minimum pension  m_t = max(mbar_t, m_{t-1} (1 + g_t)),  g_t = f_t + h_t (W_t / W_{t-1} - 1)
    local top-up     l_t = l_{t-1} (1 + g_t)
    basic pension    b_t = 12 (m_t + l_t)  a year per beneficiary (paid by government)
    benefits         X_t = b_t N_t + sum_{x>=60} [U_t G_t + Q_t] V_t
    contributions    C_t = c_t K_t
    fiscal subsidy   S_t = b_t N_t + sigma_t c_t K_t
    fund             I_t = B_{t-1} r_t + (C_t + S_t - X_t) r_t / 2,   B_t = B_{t-1} + C_t + S_t + I_t - X_t

``W`` is the social average wage, ``D`` the account divisor (139 months),
``mbar`` the central minimum basic pension set by policy, ``f`` and ``h`` the
fixed and wage-linked parts of the indexation of basic pensions.  Account
pensions are paid for life from the fund (section 6 of the 2014 opinion: "支付
终身"), so the fund, not the fiscal subsidy, bears the cost of pensions paid
after an account is exhausted; balances of members who die are not refunded to
heirs (their small outflow is left out).

Base-year calibration (:func:`calibrate_resident_pension`) makes 2024 equal
the published participants, beneficiaries, revenue, expenditure and balance;
figures it cannot reproduce are input errors naming their assumption.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import xarray as xr

from actuarial.config import Assumption
from actuarial.dims import OPEN_AGE
from actuarial.funds.record import Closure, FundFlows, open_base_year
from actuarial.schemes.pension_resident_rules import (
    ENTRY_AGE,
    MONTHS,
    PENSION_AGE,
    calibrate_paths,
    participation_rates,
    transferred_stock,
)
from actuarial.schemes.protocol import (DeclaredAssumptions, Scheme, SchemeResult, Upstream, labelled, plain,
                                        unstack)
from actuarial.variables import label

SCALARS = {
    "participants_target": "resident_participants_target", "beneficiaries_target": "resident_beneficiaries_target",
    "revenue_base": "resident_revenue_base", "expenditure_base": "resident_expenditure_base",
    "fund_balance_base": "resident_fund_balance_base", "minimum_pension_base": "resident_minimum_pension_base",
    "account_divisor": "resident_account_divisor", "account_history_years": "resident_account_history_years",
    "contribution_growth_history": "resident_contribution_growth_history",
}
PATHS = {
    "minimum_pension": "resident_minimum_pension", "indexation_fixed": "resident_pension_indexation",
    "indexation_wage_share": "resident_pension_indexation_wage_share",
    "contribution_subsidy_ratio": "resident_contribution_subsidy_ratio", "fund_return": "resident_fund_return",
}
TARGETS = ("resident_participants_target", "resident_beneficiaries_target", "resident_revenue_base",
           "resident_expenditure_base", "resident_fund_return")
"""The base-year figures the calibration reproduces, and the return it opens the year with (for its errors)."""


@dataclass(frozen=True)
class ResidentPensionParameters:
    """Plain inputs of the resident-pension projection (paths over the base and projection years,
    the base year taking the first projection year's value; (path, year) instead of (year) where a chunk's
    stacked set varies by path, in practice the fund return).

    Attributes
    ----------
    base_year : the observed year (2024) whose published figures anchor the projection.
    participants_target, beneficiaries_target : published base-year counts (persons, 31 December).
    revenue_base, expenditure_base : published base-year fund revenue and expenditure (yuan);
        revenue includes investment income.
    fund_balance_base : published fund balance at the end of the base year (yuan).
    minimum_pension_base : ``m_0``, central minimum basic pension in the base year (yuan/month).
    minimum_pension : ``mbar_t`` (year), central minimum set by policy (yuan/month, a floor).
    indexation_fixed : ``f_t`` (year), fixed part of the yearly increase of basic pensions.
    indexation_wage_share : ``h_t`` (year), share of average-wage growth added to it.
    contribution_subsidy_ratio : ``sigma_t`` (year), government subsidy per yuan of individual contribution.
    account_divisor : ``D``, months; monthly account pension = balance / D.
    account_history_years : ``H``, years of account accumulation up to and including the base year.
    contribution_growth_history : ``gamma``, growth of contributions per contributor before the base year.
    participation_profile : (sex, age 0..100) relative participation of residents outside the employee
        scheme, 0 outside 16..59.
    fund_return : ``r_t`` (year) or (path, year), nominal return of the fund (also credited to accounts).
    targets : the assumptions of the base-year figures (for errors naming their file).
    closure_rule : what the fund does once its own resources run out (``resident_pension_closure_rule``).
    """

    base_year: int
    participants_target: float
    beneficiaries_target: float
    revenue_base: float
    expenditure_base: float
    fund_balance_base: float
    minimum_pension_base: float
    minimum_pension: np.ndarray
    indexation_fixed: np.ndarray
    indexation_wage_share: np.ndarray
    contribution_subsidy_ratio: np.ndarray
    account_divisor: float
    account_history_years: float
    contribution_growth_history: float
    participation_profile: np.ndarray
    fund_return: np.ndarray
    targets: Mapping[str, Assumption]
    closure_rule: str = "backstop"


# --------------------------------------------------------------------------- reading the assumption set
def resident_pension_parameters(assumptions: DeclaredAssumptions) -> ResidentPensionParameters:
    """Read the :class:`ResidentPensionParameters` from an assumption set (pure; nothing is mutated)."""
    ages = np.arange(OPEN_AGE + 1)
    young = (ages >= ENTRY_AGE) & (ages < PENSION_AGE)
    profile = assumptions.data("resident_participation_profile").transpose("sex", "age")
    return ResidentPensionParameters(
        base_year=assumptions.base_year,
        **assumptions.fields(scalars=SCALARS, paths=PATHS),
        participation_profile=profile.reindex(age=ages, fill_value=0.0).values * young,
        targets=assumptions.sources(TARGETS),
        closure_rule=assumptions["resident_pension_closure_rule"].choice,
    )


# --------------------------------------------------------------------------- projection
def project_pension_resident(parameters: ResidentPensionParameters, upstream: Upstream) -> SchemeResult:
    """The scheme entry point: the upstream projection's population, the employee scheme's members
    (contributors and pensioners) and transfers, and the average wage (:func:`resident_pension_projection`)."""
    projection = upstream.projection
    return resident_pension_projection(
        parameters, population=projection["population"],
        employee_members=projection["pension_contributors"] + projection["pensioners"],
        transferred=projection["pension_transferred"], average_wage=projection["average_wage"])


def resident_pension_projection(
    parameters: ResidentPensionParameters,
    *,
    population: xr.DataArray,
    employee_members: xr.DataArray,
    transferred: xr.DataArray,
    average_wage: xr.DataArray,
) -> SchemeResult:
    """Project URRBP participants, beneficiaries and flows, and the fund's flows, for one path or a chunk of
    paths at once.

    Parameters
    ----------
    parameters
        :class:`ResidentPensionParameters`.
    population
        Persons at 31 December (year, sex, age), ages 0..100, years running one
        by one from the base year; (path, year, sex, age) in a stacked run (a
        chunk of paths), which makes every output run over ``path`` first.
    employee_members
        Persons in the employee scheme at 31 December (year, sex, age), with
        ``path`` where it varies: contributors plus pensioners; they cannot be
        in this scheme.
    transferred
        Persons who reached retirement age in the employee scheme during the
        year without its minimum contribution years and transfer here
        (year, sex, age), with ``path`` where it varies; usually 0 in the base
        year.  They are part of ``population - employee_members``;
        transferring makes their take-up 1.
    average_wage
        Social average wage (year), with ``path`` where it varies, yuan a year,
        same years.

    Returns
    -------
    SchemeResult whose outputs run over ``year`` (base year included; the base year equals the
    published figures) with the ``resident_pension_*`` variables (``*_by_age`` over year, sex, age),
    ``path`` first in a stacked run, and the fund's flows ((path, year) arrays and (path,) base-year
    values in a stacked run).

    Notes
    -----
    Equations in the module docstring.  Every quantity is computed with a
    leading path axis (length 1 where it is the same on every path, and in a
    deterministic run, which is the one-path case).  Order within a projection
    year t: transferred survivors ``Q_t`` and the pool ``G_t``; take-up of the
    cohort reaching 60 from last year's participation at 59; contributors and
    beneficiaries at 31 December (standing for the year's average); account
    pensions of the new cohort from its balance at the end of t-1; basic pension
    indexed; account balances of contributors credited with ``r_t`` and
    ``a_t``; flows.  The fund stage rolls the fund forward with mid-year flows
    (:func:`actuarial.funds.rollforward.roll_forward`), so
    ``B_t = B_{t-1} + C_t + S_t + I_t - X_t`` holds exactly.
    """
    p = parameters
    order = ("year", "sex", "age")
    years = population["year"].values
    sexes = population["sex"].values
    paths = population["path"].values if "path" in population.dims else None
    people = plain(population, *order)
    members = plain(employee_members, *order)
    moved = plain(transferred, *order)
    wage = plain(average_wage, "year")
    n = years.size
    returns, sigma, floor, fixed, wage_share = (
        np.atleast_2d(values)[:, :n] for values in (p.fund_return, p.contribution_subsidy_ratio,
                                                     p.minimum_pension, p.indexation_fixed, p.indexation_wage_share))

    ages = np.arange(OPEN_AGE + 1)
    young = (ages >= ENTRY_AGE) & (ages < PENSION_AGE)
    old = ages >= PENSION_AGE
    alive = transferred_stock(moved, people, members)
    pool = np.maximum(people - members - alive, 0.0)
    calibration, balance_unit, pension_unit = calibrate_paths(
        p, eligible=pool[:, 0], transferred_alive=alive[:, 0], fund_return=returns[:, 0], subsidy_ratio=sigma[:, 0])
    participation = participation_rates(p.participation_profile, calibration.participation_scale[:, None, None])

    n_paths = max(len(values) for values in (pool, wage, returns, sigma, floor, fixed, wage_share))
    take_up = np.zeros((n_paths, n, sexes.size, ages.size))
    account_pension = np.zeros_like(take_up)
    balance = np.zeros_like(take_up)
    beneficiaries_by_age = np.zeros_like(take_up)
    contributors_by_age = np.zeros_like(take_up)
    minimum, top_up = np.zeros((n_paths, n)), np.zeros((n_paths, n))
    contribution = calibration.contribution[:, None] * wage / wage[:, :1]
    # a_0 equals (1 + sigma_0) c_0 by construction
    credit = np.where(np.arange(n) == 0, calibration.account_credit[:, None], (1.0 + sigma) * contribution)

    take_up[:, 0] = np.where(old, calibration.take_up[:, None, None], 0.0)
    account_pension[:, 0] = calibration.account_credit[:, None, None] * pension_unit[:, None, :]
    balance[:, 0] = calibration.account_credit[:, None, None] * balance_unit[:, None, :]
    minimum[:, 0], top_up[:, 0] = p.minimum_pension_base, calibration.local_top_up

    def carry(previous: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Move a per-person mean one age up; the open age pools 99 and 100+ weighted by ``weights``."""
        moved_up = np.zeros_like(previous)
        moved_up[..., 1:] = previous[..., :-1]
        pooled = weights[..., OPEN_AGE - 1] + weights[..., OPEN_AGE]
        mixed = (previous[..., OPEN_AGE - 1] * weights[..., OPEN_AGE - 1]
                 + previous[..., OPEN_AGE] * weights[..., OPEN_AGE])
        safe = np.where(pooled > 0.0, pooled, 1.0)
        moved_up[..., OPEN_AGE] = np.where(pooled > 0.0, mixed / safe, previous[..., OPEN_AGE])
        return moved_up

    for t in range(n):
        if t > 0:
            take_up[:, t] = carry(take_up[:, t - 1], pool[:, t - 1])
            take_up[:, t, :, PENSION_AGE] = participation[..., PENSION_AGE - 1]
            take_up[:, t][..., ~old] = 0.0
            account_pension[:, t] = carry(account_pension[:, t - 1], beneficiaries_by_age[:, t - 1])
            at_award = balance[:, t - 1, :, PENSION_AGE - 1]  # balance at 59 at the end of last year
            account_pension[:, t, :, PENSION_AGE] = MONTHS * at_award / p.account_divisor
            account_pension[:, t][..., ~old] = 0.0
            growth = fixed[:, t] + wage_share[:, t] * (wage[:, t] / wage[:, t - 1] - 1.0)
            minimum[:, t] = np.maximum(floor[:, t], minimum[:, t - 1] * (1.0 + growth))
            top_up[:, t] = top_up[:, t - 1] * (1.0 + growth)
            aged = np.zeros_like(balance[:, t - 1])
            aged[..., 1:] = balance[:, t - 1, :, :-1]
            balance[:, t] = np.where(young, aged * (1.0 + returns[:, t, None, None]) + credit[:, t, None, None], 0.0)
        beneficiaries_by_age[:, t] = np.where(old, take_up[:, t] * pool[:, t] + alive[:, t], 0.0)
        contributors_by_age[:, t] = np.where(young, participation * pool[:, t] + alive[:, t], 0.0)

    basic = MONTHS * (minimum + top_up)
    beneficiaries = beneficiaries_by_age.sum(axis=(2, 3))
    contributors = contributors_by_age.sum(axis=(2, 3))
    basic_benefits = basic * beneficiaries
    benefits = basic_benefits + (beneficiaries_by_age * account_pension).sum(axis=(2, 3))
    contributions = contribution * contributors
    contribution_subsidy = sigma * contribution * contributors
    fiscal = basic_benefits + contribution_subsidy

    series = lambda values: labelled(values, paths, year=years)  # noqa: E731
    cells = lambda values: labelled(values, paths, year=years, sex=sexes, age=ages)  # noqa: E731
    outputs = xr.Dataset({
        "resident_pension_participants": series(contributors + beneficiaries),
        "resident_pension_contributors": series(contributors),
        "resident_pension_beneficiaries": series(beneficiaries),
        "resident_pension_contributions": series(contributions),
        "resident_pension_fiscal_subsidy": series(fiscal),
        "resident_pension_contribution_subsidy": series(contribution_subsidy),
        "resident_pension_benefits": series(benefits),
        "resident_pension_basic_benefits": series(basic_benefits),
        "resident_pension_basic_pension": series(basic),
        "resident_pension_minimum_pension": series(minimum),
        "resident_pension_contribution_per_contributor": series(contribution),
        "resident_pension_beneficiaries_by_age": cells(beneficiaries_by_age),
        "resident_pension_contributors_by_age": cells(contributors_by_age),
    })
    base = open_base_year(revenue=p.revenue_base, expenditure=p.expenditure_base, balance=p.fund_balance_base,
                          rate=unstack(returns[:, 0], paths))
    fund = FundFlows(fund="pension_resident", years=years[1:], base=base,
                     contributions=unstack(contributions[:, 1:], paths),
                     fiscal_subsidy=unstack(fiscal[:, 1:], paths), benefits=unstack(benefits[:, 1:], paths),
                     returns=unstack(returns[:, 1:], paths), closure=Closure(p.closure_rule))
    base_year = {name: unstack(values, paths) for name, values in calibration.__dict__.items()}
    return SchemeResult(outputs=label(outputs), funds=(fund,), base_year=base_year)


SCHEME = Scheme(
    name="pension_resident",
    assumptions=(*SCALARS.values(), *PATHS.values(), "resident_participation_profile", "resident_pension_closure_rule"),
    parameters=resident_pension_parameters,
    project=project_pension_resident,
)

__all__ = ["ResidentPensionParameters", "SCHEME", "project_pension_resident", "resident_pension_parameters",
           "resident_pension_projection"]
