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
nominal yuan; amounts set in base-year yuan move with the model's average wage, ``g_t = W_t / W_0``.  A
stacked run projects a chunk of stochastic paths at once, every array with a leading ``path`` axis (one path in
a deterministic run); the scheme's own assumptions are the same on every path, its upstream inputs are not.

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
from actuarial.schemes.protocol import (
    DeclaredAssumptions,
    Scheme,
    SchemeResult,
    Upstream,
    labelled,
    plain,
    unstack,
    working_before_retirement,
)
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
    """Base-year quantities solved from the published figures (:func:`project_injury`).

    coverage_scale : ``a``; compliance : ``psi``; stock_scale : ``phi``; medical_per_case : ``mu`` (average
    wages a case): solved on each path from its base-year labour and first-year survival, (path,) in a stacked
    run; investment_income, contributions : ``I_0``, ``C_0`` (the published accounts, the same on every path).
    """

    coverage_scale: float | np.ndarray
    compliance: float | np.ndarray
    stock_scale: float | np.ndarray
    medical_per_case: float | np.ndarray
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
    """Project WI members, contributions, cases, pension stocks and benefits, and the fund's flows, on every path
    of the upstream projection at once (a deterministic run is the one-path case).

    Parameters
    ----------
    parameters : :class:`InjuryParameters` (the same on every path).
    upstream : the projection's ``employment`` and ``employment_past_retirement`` (persons by year, sex, age,
        status at 31 December), ``earnings`` (mean annual earnings by year, sex, age, employed status) and
        ``average_wage`` (``W_t``), each with a leading ``path`` dim in a stacked run; the male survival ratios
        ``S[x]`` from age ``x - 1`` to ``x`` (men: most accepted cases are men), whose first projection year
        also sets the base-year steady stocks.

    Returns
    -------
    SchemeResult: the ``injury_*`` outputs over ``year`` (base year = the published figures; ``path`` first in a
    stacked run), the fund's flows ((path, year) in a stacked run) and the base-year calibration (coverage scale,
    compliance, stock scale and medical care per case by path in a stacked run).

    Raises
    ------
    AssumptionError
        When a published figure cannot be reproduced on a path, naming its assumption and file.
    """
    p = parameters
    projection = upstream.projection
    statuses = list(EMPLOYED_STATUSES)
    years = projection["year"].values
    n = years.size
    ages = projection["age"].values.astype(float)
    # every array below is (path, ...): one path in a deterministic run, broadcast against varying ones
    working = working_before_retirement(projection["employment"], projection["employment_past_retirement"])
    earn = plain(projection["earnings"].sel(status=statuses), "year", "sex", "age", "status")
    wage = plain(projection["average_wage"].sel(year=years), "year")
    survival = upstream.survival[:, :, 0, :]
    index = wage / wage[:, :1]

    # ---- coverage: a r_k scaled to the published participants
    by_status = working[:, 0].sum(axis=(1, 2))
    reach = (p.relative_coverage * by_status).sum(axis=1)
    scale = np.divide(p.members_target, reach, out=np.full_like(reach, np.inf), where=reach > 0)
    failed = ~np.isfinite(scale) | (scale * p.relative_coverage.max() > 1.0)
    if failed.any():
        i = int(np.argmax(failed))
        raise unreachable(p.targets, "injury_members_target",
                          f"implies a coverage of {scale[i] * p.relative_coverage.max():.3f} of the best-covered "
                          f"status ({by_status[i].sum() / 1e6:,.1f} M employed before retirement); it must be at "
                          "most 1")
    cover = np.clip(scale[:, None] * p.relative_coverage, 0.0, 1.0)
    members_by_status = cover[:, None, :] * working.sum(axis=(2, 3))
    members = members_by_status.sum(axis=2)
    payroll = (cover[:, None, None, None, :] * working * earn).sum(axis=(2, 3, 4))

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
    entrants = p.pension_share * cases[..., None] * entry                    # (path, year, age)
    steady = steady_stock(disabled_survival[:, 0], entrants[:, 0])
    steady_dependants = steady_survivors(p.survivors_per_death * deaths[:, 0], p.survivor_exit_rate)
    stocks = steady.sum(axis=1) + steady_dependants
    phi = np.divide(p.beneficiaries_target - cases[:, 0], stocks, out=np.full_like(stocks, np.inf), where=stocks > 0)
    failed = ~((phi > 0.0) & (phi <= 5.0))
    if failed.any():
        i = int(np.argmax(failed))
        raise unreachable(p.targets, "injury_beneficiaries_target",
                          f"less the year's {cases[i, 0] / 1e4:,.1f} 万 cases implies pension stocks {phi[i]:.3f} "
                          "times their steady state; it must lie in (0, 5]")
    stock = np.zeros((phi.size, n, ages.size))
    stock[:, 0] = phi[:, None] * steady
    dependants = np.zeros((phi.size, n))
    dependants[:, 0] = phi * steady_dependants
    for t in range(1, n):
        stock[:, t] = age_stock(stock[:, t - 1], disabled_survival[:, t - 1], entrants[:, t])
        dependants[:, t] = (1.0 - p.survivor_exit_rate) * dependants[:, t - 1] + p.survivors_per_death * deaths[:, t]
    pensioners = stock.sum(axis=2)
    before = stock[..., ages < p.switch_age].sum(axis=2)
    after = stock[..., ages >= p.switch_age].sum(axis=2)
    pensions = p.allowance_share * worker_wage * (before + p.top_up_share * after)
    survivor_pensions = p.survivor_share * worker_wage * dependants

    # ---- calibration of medical care per case, compliance, interest
    known = grants[:, 0] + pensions[:, 0] + survivor_pensions[:, 0] + death_grants[:, 0]
    medical_per_case = (p.expenditure_base - known) / (cases[:, 0] * wage[:, 0])
    failed = medical_per_case <= 0.0
    if failed.any():
        raise unreachable(p.targets, "injury_expenditure_base",
                          f"is below the legislated benefits of the base year's cases and stocks "
                          f"({known[np.argmax(failed)] / 1e8:,.1f} 亿元); medical care per case would be negative")
    medical = medical_per_case[:, None] * wage * cases
    base = open_base_year(revenue=p.revenue_base, expenditure=p.expenditure_base, balance=p.balance_base,
                          rate=float(p.fund_return[0]))
    contributions_0 = p.revenue_base - base.investment_income
    effective = p.average_rate[:n] * (1.0 - p.rate_reduction[:n])
    compliance = contributions_0 / (effective[0] * payroll[:, 0])
    failed = ~((compliance > 0.0) & (compliance <= 2.0))
    if failed.any():
        raise unreachable(p.targets, "injury_revenue_base",
                          f"less interest implies contributions of {compliance[np.argmax(failed)]:.3f} times the "
                          "average rate on covered wages; it must lie in (0, 2]")
    contribution_base = compliance[:, None] * payroll
    contributions = effective * contribution_base
    benefits = medical + grants + pensions + survivor_pensions + death_grants
    paths = upstream.paths
    calibration = InjuryCalibration(
        coverage_scale=unstack(scale, paths), compliance=unstack(compliance, paths),
        stock_scale=unstack(phi, paths), medical_per_case=unstack(medical_per_case, paths),
        investment_income=base.investment_income, contributions=contributions_0)

    series = lambda values: labelled(values, paths, year=years)  # noqa: E731
    outputs = xr.Dataset({
        "injury_contributors": series(members),
        "injury_beneficiaries": series(cases + pensioners + dependants),
        "injury_cases": series(cases),
        "injury_deaths": series(deaths),
        "injury_disability_pensioners": series(pensioners),
        "injury_survivor_pensioners": series(dependants),
        "injury_contributions": series(contributions),
        "injury_benefits": series(benefits),
        "injury_fiscal_subsidy": series(np.zeros((1, n))),
        "injury_medical": series(medical),
        "injury_disability_grants": series(grants),
        "injury_disability_pensions": series(pensions),
        "injury_survivor_pensions": series(survivor_pensions),
        "injury_death_grants": series(death_grants),
        "injury_employer_treatment_wages": series(employer_wages),
        "injury_contribution_base": series(contribution_base),
        "injury_effective_rate": series(effective[None]),
        "injury_contributors_by_status": labelled(members_by_status, paths, year=years, status=statuses).reindex(
            status=list(STATUSES), fill_value=0.0),
    })
    fund = FundFlows(fund="injury", years=years[1:], base=base, contributions=unstack(contributions[:, 1:], paths),
                     fiscal_subsidy=0.0, benefits=unstack(benefits[:, 1:], paths), returns=p.fund_return[1:n],
                     contribution_base=unstack(contribution_base[:, 1:], paths),
                     closure=Closure(p.closure_rule, p.reserve_target_months))
    return SchemeResult(outputs=label(outputs), funds=(fund,), base_year=dict(calibration.__dict__))


SCHEME = Scheme(
    name="injury",
    assumptions=(*SCALARS.values(), *PATHS.values(), *TABLES.values(), *CHOICES),
    parameters=injury_parameters,
    project=project_injury,
)

__all__ = ["SCHEME", "InjuryCalibration", "InjuryParameters", "injury_parameters", "project_injury"]
