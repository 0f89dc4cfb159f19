"""Unemployment insurance (UI, 失业保险): coverage by status, contributions, beneficiaries, benefits, fund.

Scheme rules (Unemployment Insurance Regulations 1999, 失业保险条例, State Council Decree 258; Social
Insurance Law 2010 ch. 5): employers and their employees contribute on wages (3 % in 1999: employer 2 %,
worker 1 %; cut in steps to a total of 1 % from 2017-2018, kept to end-2024 by 人社部发〔2023〕19号);
a covered person who has contributed at least one year and lost work involuntarily receives a monthly
benefit set locally between the urban minimum living standard and the minimum wage (art. 18; 90 % of
the minimum wage as the guideline, 人社部发〔2017〕71号, recalled) for at most 12, 18 or 24 months after
1-5, 5-10 or 10+ contribution years (art. 17).  Flexible (platform, self-employed) workers are not
covered unless a scenario extends cover to them.

Pure functions (no I/O).  Timing: ``year`` runs from the base year (2024, observed, rolled forward
from 2023 where 2024 is unpublished) to the end of the horizon; persons are stocks at 31 December
(participants and beneficiaries stand for the year's average); contributions and benefits are flows
over the calendar year; the fund balance is the stock at 31 December.  Money is nominal yuan.

Notation (``t`` year, ``k`` employed status, cells ``(s, x)`` sex and age before retirement)::

    E_k            employed persons in status k not past their retirement age
    c_k,t          coverage: a r_k + f_t [k flexible],  capped at 1     (a calibrated to participants)
    members        M_t = sum_k c_k E_k
    contributions  C_t = (er_t + wr_t) psi sum_{k employee} c_k E_k y_k  +  fr_t b W_t sum_{k flexible} c_k E_k
                   (y_k earnings, psi base compliance calibrated to the base year, b flexible base ratio)
    unemployed     U = U^0 + A,  A = s_u D  the AI-displaced unemployed (pool D, destination share s_u)
    prior status   w_k = E_k h_k d_k / sum_j E_j h_j d_j       (stock from k = inflow h_k E_k x spell d_k)
    entitlement    Y(x) = delta (x - a_0) contribution years;  L(x) = 0, 12, 18, 24 months (Y < 1, 1-5, 5-10, 10+)
    within         q_k(x) = 1 - exp(-L(x) / d_k)   (share of a stock of exponential spells within L)
    beneficiaries  N_t = tau [ sum_cells U^0 sum_k w_k c_k q_k
                             + c^emp_t e_t (I_t + (1 - rho) phi_t I_{t-1}) ]                 (tau take-up)
                   I_t = max(A_t - (1 - rho) A_{t-1}, 0) new AI-displaced unemployed of the year, e_t their
                   share with an entitlement, phi_t the share entitled beyond 12 months (L - 12) / 12
    benefit        b_t = min(max(beta_t m_t, l_t), m_t)  a month  (m minimum wage, l minimum living standard)
    benefits       X^b_t = 12 kappa b_t N_t     (kappa: paid months per year-end recipient, calibrated)
    other          O_t = omega C_t               (job-stabilisation refunds, training, recipients' UEBMI premiums)
    AI supplement  Z_t = 12 sigma_t m_t tau_z A_t, paid by the budget (fiscal subsidy S_t = Z_t)
    fund           B_t = B_{t-1} + C_t + S_t + I_t - X^b_t - Z_t - O_t   (the common roll-forward)

The rules of entitlement and spell arithmetic are in :mod:`actuarial.schemes.unemployment_rules`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Mapping

import numpy as np
import xarray as xr

from actuarial.config import Assumption
from actuarial.config.calibration import unreachable
from actuarial.dims import EMPLOYED_STATUSES, EMPLOYEES, FLEXIBLE, STATUSES
from actuarial.funds.record import Closure, FundFlows, open_base_year
from actuarial.schemes.protocol import (DeclaredAssumptions, Scheme, SchemeResult, Upstream, labelled, plain,
                                        same_on_every_path, unstack,
                                        working_before_retirement)
from actuarial.schemes.unemployment_rules import entitlement_months, share_within_entitlement
from actuarial.variables import label

SCALARS = {
    "members_target": "unemployment_members_target", "beneficiaries_target": "unemployment_beneficiaries_target",
    "revenue_base": "unemployment_revenue_base", "expenditure_base": "unemployment_expenditure_base",
    "balance_base": "unemployment_balance_base", "benefits_paid_base": "unemployment_benefits_paid_base",
    "minimum_wage_base": "unemployment_minimum_wage_base", "living_standard_base": "unemployment_living_standard_base",
    "flexible_base_ratio": "unemployment_flexible_base_ratio",
    "contribution_density": "unemployment_contribution_density",
    "entry_age": "unemployment_entry_age", "supplement_takeup": "unemployment_ai_supplement_takeup",
    "reserve_target_months": "unemployment_reserve_target_months",
}
PATHS = {
    "employer_rate": "unemployment_employer_rate", "worker_rate": "unemployment_worker_rate",
    "flexible_rate": "unemployment_flexible_rate", "flexible_coverage": "unemployment_flexible_coverage",
    "benefit_share": "unemployment_benefit_share", "minimum_wage_indexation": "unemployment_minimum_wage_indexation",
    "supplement_share": "unemployment_ai_supplement_share", "fund_return": "unemployment_fund_return",
}
TABLES = {"relative_coverage": "unemployment_relative_coverage", "relative_hazard": "unemployment_relative_hazard",
          "spell_months": "unemployment_spell_months"}
SHARED = ("ai_destination_shares", "ai_reabsorption_rate")
CHOICES = ("unemployment_closure_rule",)
TARGETS = ("unemployment_members_target", "unemployment_beneficiaries_target", "unemployment_revenue_base",
           "unemployment_benefits_paid_base", "unemployment_expenditure_base")


@dataclass(frozen=True)
class UnemploymentParameters:
    """Plain inputs of the UI projection (time paths over the base and projection years, (year), or (path, year)
    where a stacked set's path varies; tables over :data:`actuarial.dims.EMPLOYED_STATUSES`).

    Attributes
    ----------
    members_target, beneficiaries_target : published (rolled-forward) participants and year-end recipients.
    revenue_base, expenditure_base, balance_base : the fund's base-year revenue (interest included),
        expenditure and end balance (yuan).
    benefits_paid_base : UI benefit (失业保险金) paid in the base year (yuan), part of expenditure.
    minimum_wage_base, living_standard_base : ``m_0``, ``l_0`` (yuan a month).
    flexible_base_ratio : ``b``, flexible workers' contribution base / average wage.
    contribution_density, entry_age : ``delta``, ``a_0`` of the contribution years by age.
    supplement_takeup : ``tau_z`` of the AI supplement.
    employer_rate, worker_rate, flexible_rate : ``er_t``, ``wr_t``, ``fr_t`` (fraction of base).
    flexible_coverage : ``f_t``, cover extended to platform and self-employed workers.
    benefit_share : ``beta_t``, benefit / minimum wage.  minimum_wage_indexation : share of wage growth.
    supplement_share : ``sigma_t``, AI supplement / minimum wage (0: no supplement).
    fund_return : ``r_t``.
    relative_coverage, relative_hazard, spell_months : ``r_k``, ``h_k``, ``d_k`` (months) by status.
    unemployed_share_ai, reabsorption : ``s_u``, ``rho`` of the labour stage's displaced pool.
    """

    base_year: int
    members_target: float
    beneficiaries_target: float
    revenue_base: float
    expenditure_base: float
    balance_base: float
    benefits_paid_base: float
    minimum_wage_base: float
    living_standard_base: float
    flexible_base_ratio: float
    contribution_density: float
    entry_age: float
    supplement_takeup: float
    employer_rate: np.ndarray
    worker_rate: np.ndarray
    flexible_rate: np.ndarray
    flexible_coverage: np.ndarray
    benefit_share: np.ndarray
    minimum_wage_indexation: np.ndarray
    supplement_share: np.ndarray
    fund_return: np.ndarray
    relative_coverage: np.ndarray
    relative_hazard: np.ndarray
    spell_months: np.ndarray
    unemployed_share_ai: float
    reabsorption: float
    targets: Mapping[str, Assumption]
    closure_rule: str = "backstop"
    reserve_target_months: float = 6.0


@dataclass(frozen=True)
class UnemploymentCalibration:
    """Base-year quantities solved from the published figures (:func:`calibrate_unemployment`): floats, or (path,)
    arrays where :func:`calibrate_paths` solved them path by path.

    coverage_scale : ``a``; take_up : ``tau``; compliance : ``psi``; paid_months_factor : ``kappa``;
    other_share : ``omega``; investment_income : ``I_0``; contributions : ``C_0``.
    """

    coverage_scale: float | np.ndarray
    take_up: float | np.ndarray
    compliance: float | np.ndarray
    paid_months_factor: float | np.ndarray
    other_share: float | np.ndarray
    investment_income: float | np.ndarray
    contributions: float | np.ndarray


def unemployment_parameters(assumptions: DeclaredAssumptions) -> UnemploymentParameters:
    """Read the :class:`UnemploymentParameters` from an assumption set (pure)."""
    statuses = list(EMPLOYED_STATUSES)
    tables = {field: assumptions.data(name).sel(status=statuses).values.astype(float) for field, name in TABLES.items()}
    destinations = assumptions.data("ai_destination_shares")
    return UnemploymentParameters(
        base_year=assumptions.base_year,
        **assumptions.fields(scalars=SCALARS, paths=PATHS),
        **tables,
        unemployed_share_ai=float(destinations.sel(destination="unemployed")),
        reabsorption=assumptions.scalar("ai_reabsorption_rate"),
        targets=assumptions.sources(TARGETS),
        closure_rule=assumptions["unemployment_closure_rule"].choice,
    )


def coverage(parameters: UnemploymentParameters, scale) -> np.ndarray:
    """``c_{k,t}`` (path, year, status): ``a r_k`` plus, for flexible statuses, the extended cover ``f_t``, capped
    at 1; ``scale`` ``a`` a float or (path,) values (the path axis has length 1 where neither ``a`` nor ``f_t``
    varies by path)."""
    p = parameters
    flexible = np.isin(np.array(EMPLOYED_STATUSES), FLEXIBLE)
    cover = (np.reshape(scale, (-1, 1, 1)) * p.relative_coverage
             + np.where(flexible, p.flexible_coverage[..., :, None], 0.0))
    return np.clip(cover, 0.0, 1.0)


def calibrate_unemployment(parameters: UnemploymentParameters, *, working: np.ndarray, earnings: np.ndarray,
                           eligible_pool: float, benefit: float, average_wage: float) -> UnemploymentCalibration:
    """Solve the base-year quantities of one path from the published (rolled-forward) figures.

    Parameters
    ----------
    parameters : one path's (time paths over year).
    working : (sex, age, status) base-year employed persons not past retirement age (``E_k``).
    earnings : (sex, age, status) mean annual earnings ``y_k``.
    eligible_pool : ``sum U^0 sum_k w_k r_k q_k`` at ``a = 1`` (scales linearly with ``a``).
    benefit : ``b_0`` (yuan a month).  average_wage : ``W_0``.

    Notes
    -----
    ::

        a      = M* / sum_k r_k E_k                     (every a r_k must lie in [0, 1])
        tau    = N* / (a x eligible pool)               must lie in (0, 1]
        I_0    = open_base_year(R*, X*, B*, r_0),  C_0 = R* - I_0
        psi    = (C_0 - flexible contributions) / ((er_0 + wr_0) sum_{k employee} a r_k E_k y_k)
        kappa  = X^b* / (12 b_0 N*),   omega = (X* - X^b*) / C_0

    Raises
    ------
    AssumptionError
        When a figure cannot be reproduced, naming its assumption and file.
    """
    p = parameters
    by_status = working.sum(axis=(0, 1))
    reach = float((p.relative_coverage * by_status).sum())
    scale = p.members_target / reach if reach > 0 else np.inf
    if not np.isfinite(scale) or scale * p.relative_coverage.max() > 1.0:
        raise unreachable(p.targets, "unemployment_members_target",
                          f"implies a coverage of {scale * p.relative_coverage.max():.3f} of the best-covered status "
                          f"({by_status.sum() / 1e6:,.1f} M employed before retirement); it must be at most 1")
    take_up = p.beneficiaries_target / (scale * eligible_pool) if eligible_pool > 0 else np.inf
    if not 0.0 < take_up <= 1.0:
        raise unreachable(p.targets, "unemployment_beneficiaries_target",
                          f"implies a take-up of {take_up:.3f} among the {scale * eligible_pool / 1e6:,.2f} M covered "
                          "unemployed within their entitlement; it must lie in (0, 1]")
    base = open_base_year(revenue=p.revenue_base, expenditure=p.expenditure_base, balance=p.balance_base,
                          rate=float(p.fund_return[0]))
    contributions = p.revenue_base - base.investment_income
    cover = coverage(p, scale)[0, 0]
    employee = np.isin(np.array(EMPLOYED_STATUSES), EMPLOYEES)
    flexible_paid = float(p.flexible_rate[0] * p.flexible_base_ratio * average_wage
                          * (cover * by_status)[~employee].sum())
    payroll = float((cover * working * earnings)[..., employee].sum())
    compliance = (contributions - flexible_paid) / ((p.employer_rate[0] + p.worker_rate[0]) * payroll)
    if not 0.0 < compliance <= 2.0:
        raise unreachable(p.targets, "unemployment_revenue_base",
                          f"less interest implies contributions of {compliance:.3f} times the rate on covered wages; "
                          "it must lie in (0, 2]")
    paid = p.benefits_paid_base / (12.0 * benefit * p.beneficiaries_target)
    other = (p.expenditure_base - p.benefits_paid_base) / contributions
    if other < 0.0:
        raise unreachable(p.targets, "unemployment_benefits_paid_base", "exceeds the fund's expenditure")
    return UnemploymentCalibration(coverage_scale=scale, take_up=take_up, compliance=compliance,
                                   paid_months_factor=paid, other_share=other,
                                   investment_income=base.investment_income, contributions=contributions)


def one_path(parameters: UnemploymentParameters, index: int) -> UnemploymentParameters:
    """Path ``index``'s parameters: the time paths that vary by path, (path, year), read at that path."""
    return replace(parameters, **{field: getattr(parameters, field)[index] for field in PATHS
                                  if getattr(parameters, field).ndim == 2})


def calibrate_paths(parameters: UnemploymentParameters, *, working: np.ndarray, earnings: np.ndarray,
                    eligible_pool: np.ndarray, benefit: np.ndarray,
                    average_wage: np.ndarray) -> UnemploymentCalibration:
    """:func:`calibrate_unemployment` on every path of a chunk: once where its inputs are the same on every path
    (fields floats), else path by path (fields (path,) arrays).

    Parameters
    ----------
    working, earnings : (path, sex, age, status).  eligible_pool, benefit, average_wage : (path,).
    """
    inputs = (working, earnings, eligible_pool, benefit, average_wage,
              *(np.atleast_2d(getattr(parameters, field))[:, 0] for field in PATHS))
    if same_on_every_path(*inputs):
        return calibrate_unemployment(one_path(parameters, 0), working=working[0], earnings=earnings[0],
                                      eligible_pool=float(eligible_pool[0]), benefit=float(benefit[0]),
                                      average_wage=float(average_wage[0]))
    each = [calibrate_unemployment(one_path(parameters, i), working=working[i], earnings=earnings[i],
                                   eligible_pool=float(eligible_pool[i]), benefit=float(benefit[i]),
                                   average_wage=float(average_wage[i])) for i in range(working.shape[0])]
    return UnemploymentCalibration(**{field.name: np.array([getattr(c, field.name) for c in each])
                                      for field in fields(UnemploymentCalibration)})


def project_unemployment(parameters: UnemploymentParameters, upstream: Upstream) -> SchemeResult:
    """Project UI members, contributions, beneficiaries and benefits, and the fund's flows, on every path of the
    upstream projection at once.

    Parameters
    ----------
    parameters : :class:`UnemploymentParameters` (time paths (year) or (path, year)).
    upstream : the projection's ``employment`` (path, year, sex, age, status) at 31 December,
        ``employment_past_retirement`` (path, year, sex, age, status), the AI-displaced pool ``ai_displaced``
        (path, year, sex, age), ``earnings`` (path, year, sex, age, employed status) of an employed person and
        ``average_wage`` ``W_t`` (path, year); no ``path`` dim in a deterministic run.

    Returns
    -------
    SchemeResult: the ``unemployment_*`` outputs over ``year`` (base year = the published figures), ``path`` first
    in a stacked run; the fund's flows, (path, year) in a stacked run (rolled forward by the fund stage,
    :func:`actuarial.funds.rollforward.roll_forward`); the calibration, floats or (path,) values.

    Notes
    -----
    Equations in the module docstring.  Every quantity is computed with a leading path axis (length 1 in a
    deterministic run) and labelled once at the end.
    """
    p, projection = parameters, upstream.projection
    employment = projection["employment"]
    statuses = list(EMPLOYED_STATUSES)
    cell = ("year", "sex", "age")
    years = employment["year"].values
    n = years.size
    ages = employment["age"].values.astype(float)
    working = working_before_retirement(employment, projection["employment_past_retirement"])
    earn = plain(projection["earnings"].sel(status=statuses), *cell, "status")
    ai_unemployed = p.unemployed_share_ai * plain(projection["ai_displaced"], *cell)
    unemployed = plain(employment.sel(status="unemployed"), *cell)
    baseline_unemployed = np.maximum(unemployed - ai_unemployed, 0.0)
    wage = plain(projection["average_wage"].sel(year=years), "year")

    # ---- entitlement and prior status of the unemployed (item 1: risk and spell by status)
    years_paid = np.maximum(p.contribution_density * (ages - p.entry_age), 0.0)
    months = entitlement_months(years_paid)                                          # (age,)
    within = share_within_entitlement(months[:, None], p.spell_months[None, :])      # (age, status)
    risk = working * (p.relative_hazard * p.spell_months)
    total_risk = risk.sum(axis=-1, keepdims=True)
    prior = np.divide(risk, total_risk, out=np.zeros(risk.shape), where=total_risk > 0)

    def eligible(scale_cover: np.ndarray, years: slice = slice(None)) -> np.ndarray:
        """``sum U^0 sum_k w_k c_k q_k`` (path, year) over ``years`` for a coverage (path, year, status)."""
        weight = (prior[:, years] * scale_cover[..., :, None, None, :] * within).sum(axis=-1)
        return (baseline_unemployed[:, years] * weight).sum(axis=(2, 3))

    # ---- benefit level: minimum wage indexed to wages, floored at the living standard
    growth = np.concatenate([np.zeros(wage[:, :1].shape), wage[:, 1:] / wage[:, :-1] - 1.0], axis=-1)
    wage_index = np.cumprod(1.0 + p.minimum_wage_indexation[..., :n] * growth, axis=-1)
    minimum_wage, living = p.minimum_wage_base * wage_index, p.living_standard_base * wage_index
    benefit = np.minimum(np.maximum(p.benefit_share[..., :n] * minimum_wage, living), minimum_wage)

    base_pool = eligible(np.clip(p.relative_coverage[None, None, :], 0.0, None), slice(0, 1))[:, 0]
    calibration = calibrate_paths(p, working=working[:, 0], earnings=earn[:, 0], eligible_pool=base_pool,
                                  benefit=benefit[:, 0], average_wage=wage[:, 0])
    take_up, compliance, paid_months, other_share = (
        np.asarray(value)[..., None] for value in (calibration.take_up, calibration.compliance,
                                                    calibration.paid_months_factor,
                                                    calibration.other_share))      # (path, 1) or (1,)
    cover = coverage(p, calibration.coverage_scale)[..., :n, :]
    members_by_status = cover * working.sum(axis=(2, 3))
    members = members_by_status.sum(axis=-1)
    employee = np.isin(np.array(statuses), EMPLOYEES)

    # ---- contributions
    payroll = (cover[..., :, None, None, :] * working * earn)[..., employee].sum(axis=(2, 3, 4))
    flexible_members = members_by_status[..., ~employee].sum(axis=-1)
    contributions = ((p.employer_rate[..., :n] + p.worker_rate[..., :n]) * compliance * payroll
                     + p.flexible_rate[..., :n] * p.flexible_base_ratio * wage * flexible_members)
    contribution_base = compliance * payroll + p.flexible_base_ratio * wage * flexible_members

    # ---- beneficiaries: the status-quo unemployed and the AI-displaced inflows
    regular = take_up * eligible(cover)
    pool = ai_unemployed.sum(axis=(2, 3))
    lagged = np.concatenate([pool[:, :1], pool[:, :-1]], axis=-1)
    inflow = np.maximum(pool - (1.0 - p.reabsorption) * lagged, 0.0)
    inflow[:, 0] = 0.0
    by_age = ai_unemployed.sum(axis=2)                                               # (path, year, age)
    entitled = np.divide((by_age * (months > 0)).sum(axis=-1), pool, out=np.zeros(pool.shape), where=pool > 0)
    beyond = np.divide((by_age * np.clip((months - 12.0) / 12.0, 0.0, 1.0)).sum(axis=-1), pool,
                       out=np.zeros(pool.shape), where=pool > 0)
    employees = working.sum(axis=(2, 3))[..., employee].sum(axis=-1)
    employee_cover = np.divide(members_by_status[..., employee].sum(axis=-1), employees, out=np.zeros(pool.shape),
                               where=employees > 0)
    previous = np.concatenate([np.zeros(inflow[:, :1].shape), inflow[:, :-1]], axis=-1)
    ai_beneficiaries = take_up * employee_cover * entitled * (inflow + (1.0 - p.reabsorption) * beyond * previous)
    beneficiaries = regular + ai_beneficiaries
    benefits = 12.0 * paid_months * benefit * beneficiaries
    other = other_share * contributions
    supplement = 12.0 * p.supplement_share[..., :n] * minimum_wage * p.supplement_takeup * pool
    fiscal = supplement

    series = lambda values, **coords: labelled(values, upstream.paths, year=years, **coords)  # noqa: E731
    outputs = xr.Dataset({
        "unemployment_contributors": series(members),
        "unemployment_beneficiaries": series(beneficiaries),
        "unemployment_beneficiaries_ai": series(ai_beneficiaries),
        "unemployment_contributions": series(contributions),
        "unemployment_benefits": series(benefits + supplement),
        "unemployment_benefits_regular": series(benefits),
        "unemployment_ai_supplement": series(supplement),
        "unemployment_other_outflows": series(other),
        "unemployment_fiscal_subsidy": series(fiscal),
        "unemployment_contribution_base": series(contribution_base),
        "unemployment_benefit": series(benefit),
        "unemployment_minimum_wage": series(minimum_wage),
        "unemployment_ai_unemployed": series(pool),
        "unemployment_contributors_by_status": series(members_by_status, status=statuses).reindex(
            status=list(STATUSES), fill_value=0.0),
    })
    rate = p.fund_return[..., 0]
    projected = lambda values: unstack(values, upstream.paths)[..., 1:]  # noqa: E731
    fund = FundFlows(fund="unemployment", years=years[1:],
                     base=open_base_year(revenue=p.revenue_base, expenditure=p.expenditure_base,
                                         balance=p.balance_base, rate=float(rate) if rate.ndim == 0 else rate),
                     contributions=projected(contributions), fiscal_subsidy=projected(fiscal),
                     benefits=projected(benefits + supplement), other_outflows=projected(other),
                     returns=p.fund_return[..., 1:n], contribution_base=projected(contribution_base),
                     closure=Closure(p.closure_rule, p.reserve_target_months))
    return SchemeResult(outputs=label(outputs), funds=(fund,), base_year=dict(calibration.__dict__))


SCHEME = Scheme(
    name="unemployment",
    assumptions=(*SCALARS.values(), *PATHS.values(), *TABLES.values(), *SHARED, *CHOICES),
    parameters=unemployment_parameters,
    project=project_unemployment,
)

__all__ = [
    "SCHEME",
    "UnemploymentCalibration",
    "UnemploymentParameters",
    "calibrate_paths",
    "calibrate_unemployment",
    "coverage",
    "one_path",
    "project_unemployment",
    "unemployment_parameters",
]
