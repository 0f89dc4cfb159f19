"""Employee work-injury insurance (WI, 工伤保险): coverage, contributions, cases, benefits, pension stocks, fund.

Scheme rules (Work-Injury Insurance Regulations 2003, amended 2010, 工伤保险条例; Social Insurance Law 2010
ch. 4): employers alone contribute, at industry rates around a national average (1 % before 2015-10-01,
0.75 % after, with conditional cuts of 20 % or 50 % from 2018-05 where the fund holds 18-23 or 24+ months of
payments, renewed to end-2024); the fund pays medical treatment of accepted injuries, lump-sum disability
grants, disability allowances of grades 1-4 until retirement (a top-up after), death grants, funeral grants
and survivor pensions; the employer pays the wage during treatment (:mod:`actuarial.schemes.injury_rules`).

Pure functions (no I/O).  Timing: ``year`` runs from the base year (2024, rolled forward from 2021, the
last year with published fund accounts) to the horizon; members and pension stocks are at 31 December,
cases, contributions and benefits are flows over the calendar year, the balance is at 31 December.  Money is
nominal yuan; amounts set in base-year yuan move with the model's average wage, ``g_t = W_t / W_0``.

Notation (``t`` year, ``k`` employed status, ``x`` age)::

    members        M_t = sum_k min(a r_k, 1) E_k,t            (a calibrated to participants)
    contributions  C_t = rho_t (1 - d_t) psi Y_t,  Y_t covered earnings  (psi calibrated to revenue)
    cases          N_t = i_t M_t;  deaths F_t = f N_t;  new pensioners n_t = p N_t (grades 1-4)
    wage           w_t = w_0 g_t     (the injured worker's wage)
    grants         G_t = q N_t m w_t / 12                        (lump sums of grades 1-10, m months)
    pensions       P_t(x) = P_{t-1}(x-1) S'(x) + n_t e(x);  A_t = alpha w_t [P_t(x < x_r) + tau P_t(x >= x_r)]
    survivors      V_t = (1 - v) V_{t-1} + s F_t;  survivor pensions B_t = beta w_t V_t
    death grants   D_t = F_t (20 I_0 + 6/12 W*_0) g_t         (I_0, W*_0 the base year's previous-year income and wage)
    medical        H_t = mu W_t N_t   (mu: medical care and other spending per case, calibrated)
    beneficiaries  N_t + P_t + V_t   (base year: P_0, V_0 = phi x steady stocks, phi calibrated)
    fund           B_t = B_{t-1} + C_t + I_t - (H_t + G_t + A_t + B_t + D_t)   (the common roll-forward)
    employer       T_t = (1 - f) N_t l w_t / 12  wages paid during treatment (l months; not a fund flow)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import xarray as xr

from actuarial.config import Assumption
from actuarial.config.calibration import unreachable
from actuarial.dims import EMPLOYED_STATUSES, STATUSES
from actuarial.funds.record import Closure, FundFlows, open_base_year
from actuarial.schemes.injury_rules import (
    age_stock,
    death_benefit,
    entry_ages,
    excess_survival,
    steady_stock,
    steady_survivors,
)
from actuarial.schemes.protocol import DeclaredAssumptions, Scheme, SchemeResult, Upstream, working_before_retirement
from actuarial.variables import label

SCALARS = {
    "members_target": "injury_members_target", "beneficiaries_target": "injury_beneficiaries_target",
    "revenue_base": "injury_revenue_base", "expenditure_base": "injury_expenditure_base",
    "balance_base": "injury_balance_base", "fatal_share": "injury_fatal_share",
    "pension_share": "injury_pension_share", "grant_share": "injury_grant_share",
    "grant_months": "injury_grant_months", "allowance_share": "injury_allowance_share",
    "wage_base": "injury_wage_base", "entry_age_mean": "injury_pension_entry_age",
    "entry_age_spread": "injury_pension_entry_age_spread", "excess_mortality": "injury_pension_excess_mortality",
    "switch_age": "injury_pension_switch_age", "top_up_share": "injury_pension_top_up_share",
    "survivors_per_death": "injury_survivors_per_death", "survivor_share": "injury_survivor_share",
    "survivor_exit_rate": "injury_survivor_exit_rate", "income_base": "injury_disposable_income_base",
    "funeral_wage_base": "injury_funeral_wage_base", "treatment_months": "injury_treatment_months",
    "reserve_target_months": "injury_reserve_target_months",
}
PATHS = {"average_rate": "injury_average_rate", "rate_reduction": "injury_rate_reduction",
         "case_rate": "injury_case_rate", "fund_return": "injury_fund_return"}
TABLES = {"relative_coverage": "injury_relative_coverage"}
CHOICES = ("injury_closure_rule",)
TARGETS = ("injury_members_target", "injury_beneficiaries_target", "injury_revenue_base", "injury_expenditure_base")


@dataclass(frozen=True)
class InjuryParameters:
    """Plain inputs of the WI projection (paths over the base and projection years; the table over
    :data:`actuarial.dims.EMPLOYED_STATUSES`).  Symbols as in the module docstring.

    Attributes
    ----------
    members_target, beneficiaries_target : published (rolled-forward) participants and persons receiving
        benefits during the year.
    revenue_base, expenditure_base, balance_base : the fund's base-year revenue (interest included),
        expenditure and end balance (yuan).
    fatal_share, pension_share, grant_share : ``f``, ``p``, ``q`` (shares of accepted cases).
    grant_months, allowance_share : ``m`` months of wage, ``alpha`` share of wage.
    wage_base : ``w_0`` (yuan a year).  entry_age_mean, entry_age_spread : ``e(x)``.
    excess_mortality : death-rate multiple of disability pensioners.  switch_age, top_up_share : ``x_r``, ``tau``.
    survivors_per_death, survivor_share, survivor_exit_rate : ``s``, ``beta``, ``v``.
    income_base, funeral_wage_base : ``I_0`` and ``W*_0`` (previous-year income and average wage, yuan a year).
    treatment_months : ``l``.  average_rate, rate_reduction : ``rho_t``, ``d_t``.  case_rate : ``i_t``.
    fund_return : ``r_t``.  relative_coverage : ``r_k``.
    """

    base_year: int
    members_target: float
    beneficiaries_target: float
    revenue_base: float
    expenditure_base: float
    balance_base: float
    fatal_share: float
    pension_share: float
    grant_share: float
    grant_months: float
    allowance_share: float
    wage_base: float
    entry_age_mean: float
    entry_age_spread: float
    excess_mortality: float
    switch_age: float
    top_up_share: float
    survivors_per_death: float
    survivor_share: float
    survivor_exit_rate: float
    income_base: float
    funeral_wage_base: float
    treatment_months: float
    average_rate: np.ndarray
    rate_reduction: np.ndarray
    case_rate: np.ndarray
    fund_return: np.ndarray
    relative_coverage: np.ndarray
    targets: Mapping[str, Assumption]
    closure_rule: str = "backstop"
    reserve_target_months: float = 12.0


@dataclass(frozen=True)
class InjuryCalibration:
    """Base-year quantities solved from the published figures (:func:`injury_projection`).

    coverage_scale : ``a``; compliance : ``psi``; stock_scale : ``phi``; medical_per_case : ``mu`` (average
    wages a case); investment_income, contributions : ``I_0``, ``C_0``.
    """

    coverage_scale: float
    compliance: float
    stock_scale: float
    medical_per_case: float
    investment_income: float
    contributions: float


def injury_parameters(assumptions: DeclaredAssumptions) -> InjuryParameters:
    """Read the :class:`InjuryParameters` from an assumption set (pure)."""
    statuses = list(EMPLOYED_STATUSES)
    return InjuryParameters(
        base_year=assumptions.base_year,
        **assumptions.fields(scalars=SCALARS, paths=PATHS),
        relative_coverage=assumptions.data("injury_relative_coverage").sel(status=statuses).values.astype(float),
        targets=assumptions.sources(TARGETS),
        closure_rule=assumptions["injury_closure_rule"].choice,
    )


def project_injury(parameters: InjuryParameters, upstream: Upstream) -> SchemeResult:
    """The scheme entry point: statuses, earnings and wages of the upstream projection, male survival."""
    projection = upstream.projection
    return injury_projection(parameters, employment=projection["employment"],
                             past_retirement=projection["employment_past_retirement"],
                             earnings=projection["earnings"], average_wage=projection["average_wage"],
                             survival=upstream.survival[0][:, 0, :])


def injury_projection(parameters: InjuryParameters, *, employment: xr.DataArray, past_retirement: xr.DataArray,
                      earnings: xr.DataArray, average_wage: xr.DataArray, survival: np.ndarray) -> SchemeResult:
    """Project WI members, contributions, cases, pension stocks and benefits, and the fund's flows.

    Parameters
    ----------
    parameters : :class:`InjuryParameters`.
    employment, past_retirement : persons by (year, sex, age, status) at 31 December.
    earnings : mean annual earnings by (year, sex, age, employed status).
    average_wage : ``W_t`` (year).
    survival : (projection year, age) survival ratios of the population (men: most accepted cases are men),
        ``S[x]`` from age ``x - 1`` to ``x``; the first row also sets the base-year steady stocks.

    Returns
    -------
    SchemeResult: the ``injury_*`` outputs over ``year`` (base year = the published figures) and the fund's flows.

    Raises
    ------
    AssumptionError
        When a published figure cannot be reproduced, naming its assumption and file.
    """
    p = parameters
    statuses = list(EMPLOYED_STATUSES)
    cell = ("year", "sex", "age")
    years = employment["year"].values
    n = years.size
    ages = employment["age"].values.astype(float)
    working = working_before_retirement(employment, past_retirement)[0]
    earn = earnings.sel(status=statuses).transpose(*cell, "status").values
    wage = average_wage.sel(year=years).values
    index = wage / wage[0]

    # ---- coverage: a r_k scaled to the published participants
    by_status = working[0].sum(axis=(0, 1))
    reach = float((p.relative_coverage * by_status).sum())
    scale = p.members_target / reach if reach > 0 else np.inf
    if not np.isfinite(scale) or scale * p.relative_coverage.max() > 1.0:
        raise unreachable(p.targets, "injury_members_target",
                          f"implies a coverage of {scale * p.relative_coverage.max():.3f} of the best-covered status "
                          f"({by_status.sum() / 1e6:,.1f} M employed before retirement); it must be at most 1")
    cover = np.clip(scale * p.relative_coverage, 0.0, 1.0)
    members_by_status = cover[None, :] * working.sum(axis=(1, 2))
    members = members_by_status.sum(axis=1)
    payroll = (cover * working * earn).sum(axis=(1, 2, 3))

    # ---- cases and the benefits of each
    cases = p.case_rate[:n] * members
    deaths = p.fatal_share * cases
    worker_wage = p.wage_base * index
    grants = p.grant_share * cases * p.grant_months / 12.0 * worker_wage
    death_grants = deaths * death_benefit(p.income_base * index, p.funeral_wage_base * index)  # previous-year bases
    employer_wages = (1.0 - p.fatal_share) * cases * p.treatment_months / 12.0 * worker_wage

    # ---- pension stocks: grades 1-4 by age (ageing, excess mortality), survivors with a constant exit rate
    entry = entry_ages(ages, p.entry_age_mean, p.entry_age_spread, p.switch_age - 1.0)
    disabled_survival = excess_survival(survival, p.excess_mortality)
    steady = steady_stock(disabled_survival[0], p.pension_share * cases[0] * entry)
    steady_dependants = steady_survivors(p.survivors_per_death * deaths[0], p.survivor_exit_rate)
    stocks = steady.sum() + steady_dependants
    phi = (p.beneficiaries_target - cases[0]) / stocks if stocks > 0 else np.inf
    if not 0.0 < phi <= 5.0:
        raise unreachable(p.targets, "injury_beneficiaries_target",
                          f"less the year's {cases[0] / 1e4:,.1f} 万 cases implies pension stocks {phi:.3f} times "
                          "their steady state; it must lie in (0, 5]")
    stock = np.zeros((n, ages.size))
    stock[0] = phi * steady
    dependants = np.zeros(n)
    dependants[0] = phi * steady_dependants
    for t in range(1, n):
        stock[t] = age_stock(stock[t - 1], disabled_survival[t - 1], p.pension_share * cases[t] * entry)
        dependants[t] = (1.0 - p.survivor_exit_rate) * dependants[t - 1] + p.survivors_per_death * deaths[t]
    before = stock[:, ages < p.switch_age].sum(axis=1)
    after = stock[:, ages >= p.switch_age].sum(axis=1)
    pensions = p.allowance_share * worker_wage * (before + p.top_up_share * after)
    survivor_pensions = p.survivor_share * worker_wage * dependants

    # ---- calibration of medical care per case, compliance, interest
    known = grants[0] + pensions[0] + survivor_pensions[0] + death_grants[0]
    medical_per_case = (p.expenditure_base - known) / (cases[0] * wage[0])
    if medical_per_case <= 0.0:
        raise unreachable(p.targets, "injury_expenditure_base",
                          f"is below the legislated benefits of the base year's cases and stocks "
                          f"({known / 1e8:,.1f} 亿元); medical care per case would be negative")
    medical = medical_per_case * wage * cases
    base = open_base_year(revenue=p.revenue_base, expenditure=p.expenditure_base, balance=p.balance_base,
                          rate=float(p.fund_return[0]))
    contributions_0 = p.revenue_base - base.investment_income
    effective = p.average_rate[:n] * (1.0 - p.rate_reduction[:n])
    compliance = contributions_0 / (effective[0] * payroll[0])
    if not 0.0 < compliance <= 2.0:
        raise unreachable(p.targets, "injury_revenue_base",
                          f"less interest implies contributions of {compliance:.3f} times the average rate on covered "
                          "wages; it must lie in (0, 2]")
    contribution_base = compliance * payroll
    contributions = effective * contribution_base
    benefits = medical + grants + pensions + survivor_pensions + death_grants
    calibration = InjuryCalibration(coverage_scale=scale, compliance=compliance, stock_scale=phi,
                                    medical_per_case=medical_per_case, investment_income=base.investment_income,
                                    contributions=contributions_0)

    series = lambda values: xr.DataArray(values, coords={"year": years}, dims="year")  # noqa: E731
    outputs = xr.Dataset({
        "injury_contributors": series(members),
        "injury_beneficiaries": series(cases + stock.sum(axis=1) + dependants),
        "injury_cases": series(cases),
        "injury_deaths": series(deaths),
        "injury_disability_pensioners": series(stock.sum(axis=1)),
        "injury_survivor_pensioners": series(dependants),
        "injury_contributions": series(contributions),
        "injury_benefits": series(benefits),
        "injury_fiscal_subsidy": series(np.zeros(n)),
        "injury_medical": series(medical),
        "injury_disability_grants": series(grants),
        "injury_disability_pensions": series(pensions),
        "injury_survivor_pensions": series(survivor_pensions),
        "injury_death_grants": series(death_grants),
        "injury_employer_treatment_wages": series(employer_wages),
        "injury_contribution_base": series(contribution_base),
        "injury_effective_rate": series(effective),
        "injury_contributors_by_status": xr.DataArray(
            members_by_status, coords={"year": years, "status": statuses}, dims=("year", "status"),
        ).reindex(status=list(STATUSES), fill_value=0.0),
    })
    fund = FundFlows(fund="injury", years=years[1:], base=base, contributions=contributions[1:], fiscal_subsidy=0.0,
                     benefits=benefits[1:], returns=p.fund_return[1:n], contribution_base=contribution_base[1:],
                     closure=Closure(p.closure_rule, p.reserve_target_months))
    return SchemeResult(outputs=label(outputs), funds=(fund,), base_year=dict(calibration.__dict__))


SCHEME = Scheme(
    name="injury",
    assumptions=(*SCALARS.values(), *PATHS.values(), *TABLES.values(), *CHOICES),
    parameters=injury_parameters,
    project=project_injury,
)

__all__ = ["SCHEME", "InjuryCalibration", "InjuryParameters", "injury_parameters", "injury_projection",
           "project_injury"]
