"""Urban-rural resident basic medical insurance (URRBMI, 城乡居民基本医疗保险): members, financing, fund.

Scheme rules: residents not covered by employee medical insurance (UEBMI) join
the resident scheme, which is financed per member by an individual premium and
a fiscal subsidy at national minimum standards set each year by joint notice
of the NHSA, the Ministry of Finance and the State Taxation Administration
(2024: 400 yuan and at least 670 yuan a person a year, 医保发〔2024〕19号);
there are no personal accounts.

Pure functions (no I/O).  Timing: ``year`` runs from the base year (2024,
observed) to the end of the horizon; members are stocks at 31 December and
stand for the year's average membership; premiums, subsidies and expenditure
are flows over the calendar year arriving on average at mid-year; the fund
balance is the stock at 31 December.  Money is nominal yuan.

Paths: everything is computed behind a leading ``path`` axis, a chunk of
stochastic paths at once (:func:`actuarial.simulation.shocks.chunk_assumptions`); a
deterministic run is the one-path case, its outputs without the ``path`` dim.

Notation (``t`` a year, ``0`` the base year, cells ``(s, x)`` sex and age)::

    P, E           population, UEBMI members (active + retired)
    G_t(s,x)       residents outside UEBMI:  max(P - E, 0)
    N_t(s,x)       members:  u G_t(s,x),   u = N* / sum G_0        (take-up, calibrated to 2024)
    kappa_t        cost index per insured person (1 in the base year; wage growth, fading excess
                   cost growth and the AI lever, :func:`actuarial.schemes.medical_employee.cost_index`)
    h(s,x)         relative cost by sex and age (the age-cost curve)
    expenditure    X_t = c_0 kappa_t sum h N_t,   c_0 = X* / sum h N_0
    expected cost  x_t = c_0 kappa_t sum h G_t / sum G_t      (per member; take-up is the same at every age)
    reset rule     (financing standards reset by the yearly notice, the default)
                   f_t = theta x_t,  theta = (p_0 + sigma_0) / x_0            (cover of 2024, held)
                   p_t = max(pbar_t, omega f_t),  omega = p_0 / (p_0 + sigma_0) (premium share of 2024, held)
                   sigma_t = max(mbar_t, f_t - p_t)
                   u_t = min(1, u (p_t / W_t)^e / (p_0 / W_0)^e)            (take-up answers the premium)
    index rule     g_t = delta_t (kappa_t / kappa_{t-1} - 1)
                   p_t = max(pbar_t, p_{t-1} (1 + g_t)),   p_0 = 400
                   m_t = max(mbar_t, m_{t-1} (1 + g_t)),   l_t = l_{t-1} (1 + g_t),   sigma_t = m_t + l_t
    flows          C_t = p_t N_t,  S_t = sigma_t N_t           (S_t is the fiscal cost)
    fund           I_t = B_{t-1} r_t + (C_t + S_t - X_t) r_t / 2,   B_t = B_{t-1} + C_t + S_t + I_t - X_t

``pbar``, ``mbar`` are the national minimum standards (floors), ``l`` the mean
local subsidy above the minimum, ``W`` the average wage and ``e`` the take-up
elasticity to the premium relative to the wage (the members ``N_t = u_t G_t``).  Base-year calibration
(:func:`calibrate_resident_medical`) makes 2024 equal the published members,
revenue, expenditure and balance; figures it cannot reproduce are input errors
naming their assumption.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import xarray as xr

from actuarial.config import Assumption
from actuarial.config.calibration import unreachable
from actuarial.funds.record import Closure, FundFlows, open_base_year
from actuarial.schemes.protocol import (DeclaredAssumptions, Scheme, SchemeResult, Upstream, collapsed, labelled,
                                        plain, same_on_every_path)
from actuarial.variables import label

SCALARS = {
    "members_target": "resident_medical_members_target", "revenue_base": "resident_medical_revenue_base",
    "expenditure_base": "resident_medical_expenditure_base", "balance_base": "resident_medical_balance_base",
    "premium_base": "resident_medical_premium_base", "subsidy_minimum_base": "resident_medical_subsidy_minimum_base",
    "reserve_target_months": "resident_medical_reserve_target_months",
    "takeup_elasticity": "resident_medical_takeup_elasticity",
}
PATHS = {
    "premium_minimum": "resident_medical_premium_minimum", "subsidy_minimum": "resident_medical_subsidy_minimum",
    "indexation": "resident_medical_financing_indexation", "fund_return": "resident_medical_fund_return",
}
CHOICES = ("resident_medical_closure_rule", "resident_medical_financing_rule")
TARGETS = ("resident_medical_members_target", "resident_medical_revenue_base")


@dataclass(frozen=True)
class ResidentMedicalParameters:
    """Plain inputs of the resident medical projection (paths over the base and projection years, the
    base year taking the first projection year's value).

    Attributes
    ----------
    base_year : the observed year (2024).
    members_target : ``N*``, published members at the end of the base year.
    revenue_base, expenditure_base : published base-year revenue (interest included) and expenditure (yuan).
    balance_base : published fund balance at the end of the base year (yuan).
    premium_base : ``p_0``, individual premium per member in the base year (yuan a year).
    subsidy_minimum_base : ``m_0``, minimum fiscal subsidy per member in the base year (yuan a year).
    premium_minimum, subsidy_minimum : ``pbar_t``, ``mbar_t`` (year), floors set by policy.
    indexation : ``delta_t`` (year), share of cost growth passed to premiums and subsidies.
    fund_return : ``r_t`` (year), or (path, year) in a stacked set whose paths draw their own returns.
    age_cost : ``h`` (sex, age 0..100), relative cost per member.
    targets : the assumptions of the base-year figures (for errors naming their file).
    closure_rule, reserve_target_months : the fund's closure rule and the reserve the rate rule holds.
    financing_rule : ``reset`` (standards set each year to cover expected cost) or ``index`` (indexed).
    takeup_elasticity : ``e``, of take-up to the premium relative to the average wage (reset rule).
    """

    base_year: int
    members_target: float
    revenue_base: float
    expenditure_base: float
    balance_base: float
    premium_base: float
    subsidy_minimum_base: float
    premium_minimum: np.ndarray
    subsidy_minimum: np.ndarray
    indexation: np.ndarray
    fund_return: np.ndarray
    age_cost: xr.DataArray
    targets: Mapping[str, Assumption]
    closure_rule: str = "backstop"
    reserve_target_months: float = 6.0
    financing_rule: str = "reset"
    takeup_elasticity: float = 0.0


@dataclass(frozen=True)
class ResidentMedicalCalibration:
    """Base-year quantities solved from the published figures (:func:`calibrate_resident_medical`), each
    (path,) over the paths of its inputs (one where they are the same on every path).

    Over the paths of the pool: take_up : ``u``; cost_level : ``c_0`` (yuan per unit of relative cost).
    Over the paths of the fund return: investment_income : ``I_0``; subsidy : ``sigma_0`` (yuan a year per
    member); local_top_up : ``l_0 = sigma_0 - m_0``.
    """

    take_up: np.ndarray
    cost_level: np.ndarray
    investment_income: np.ndarray
    subsidy: np.ndarray
    local_top_up: np.ndarray


def resident_medical_parameters(assumptions: DeclaredAssumptions) -> ResidentMedicalParameters:
    """Read the :class:`ResidentMedicalParameters` from an assumption set (pure)."""
    return ResidentMedicalParameters(
        base_year=assumptions.base_year,
        **assumptions.fields(scalars=SCALARS, paths=PATHS),
        age_cost=assumptions.data("medical_age_cost"),
        targets=assumptions.sources(TARGETS),
        closure_rule=assumptions["resident_medical_closure_rule"].choice,
        financing_rule=assumptions["resident_medical_financing_rule"].choice,
    )


def calibrate_resident_medical(
    parameters: ResidentMedicalParameters, *, pool: np.ndarray, relative_cost: np.ndarray, fund_return: np.ndarray
) -> ResidentMedicalCalibration:
    """Solve the base-year quantities from the published figures, path by path (vectorised).

    Parameters
    ----------
    pool : (path, sex, age) base-year residents outside UEBMI (``G_0``).
    relative_cost : (sex, age) the age-cost curve ``h``.
    fund_return : (path,) ``r`` for the base year.

    Notes
    -----
    ::

        u        = N* / sum G_0                                   must lie in (0, 1]
        c_0      = X* / sum h u G_0
        I_0      = [B_{-1} r + (R* - X*) r / 2] / (1 + r / 2),    B_{-1} = B* - (R* - X*)
        sigma_0  = (R* - I_0) / N* - p_0                          (revenue less interest, less premiums)
        l_0      = sigma_0 - m_0                                  must be >= 0 ("at least" the minimum)

    Raises
    ------
    AssumptionError
        When the figures cannot be reproduced (take-up outside (0, 1], a subsidy below the minimum) on
        some path, naming the figure's assumption and file.
    """
    p = parameters
    total = pool.sum(axis=(1, 2))
    take_up = np.divide(p.members_target, total, out=np.full(total.shape, np.inf), where=total > 0.0)
    outside = ~((0.0 < take_up) & (take_up <= 1.0))
    if outside.any():
        first = np.argmax(outside)
        raise unreachable(p.targets, "resident_medical_members_target",
                          f"implies a take-up of {take_up[first]:.3f} among the {total[first] / 1e6:,.1f} M "
                          "residents outside UEBMI; it must lie in (0, 1]")
    weighted = (relative_cost * pool).sum(axis=(1, 2)) * take_up
    income = open_base_year(revenue=p.revenue_base, expenditure=p.expenditure_base, balance=p.balance_base,
                            rate=fund_return).investment_income
    subsidy = (p.revenue_base - income) / p.members_target - p.premium_base
    top_up = subsidy - p.subsidy_minimum_base
    if (top_up < 0.0).any():
        first = np.argmax(top_up < 0.0)
        raise unreachable(p.targets, "resident_medical_revenue_base",
                          f"less interest implies a fiscal subsidy of {subsidy[first]:,.1f} yuan a member, below "
                          f"the minimum of {p.subsidy_minimum_base:,.1f}")
    return ResidentMedicalCalibration(take_up=take_up, cost_level=p.expenditure_base / weighted,
                                      investment_income=income, subsidy=subsidy, local_top_up=top_up)


def project_medical_resident(parameters: ResidentMedicalParameters, upstream: Upstream) -> SchemeResult:
    """The scheme entry point: population, UEBMI members (active and retired) and the medical cost index
    of the upstream projection (:func:`resident_medical_projection`)."""
    projection = upstream.projection
    return resident_medical_projection(
        parameters, population=projection["population"],
        employee_members=projection["medical_members_active_by_age"] + projection["medical_members_retired_by_age"],
        cost_index=projection["medical_cost_index"], average_wage=projection["average_wage"])


def resident_medical_projection(
    parameters: ResidentMedicalParameters,
    *,
    population: xr.DataArray,
    employee_members: xr.DataArray,
    cost_index: xr.DataArray,
    average_wage: xr.DataArray | None = None,
) -> SchemeResult:
    """Project URRBMI members, premiums, fiscal subsidy and expenditure, and the fund's flows.

    Parameters
    ----------
    parameters : :class:`ResidentMedicalParameters`.
    population : persons at 31 December ([path,] year, sex, age 0..100), years one by one from the base year;
        a ``path`` dim makes the run a stacked one (a chunk of paths), and then every input carries it.
    employee_members : UEBMI members (active + retired) at 31 December ([path,] year, sex, age).
    cost_index : ``kappa_t`` ([path,] year), cost per insured person of a given sex and age relative to the base
        year (1 in the base year).
    average_wage : ``W_t`` ([path,] year), for take-up under the reset rule (none: take-up held at ``u``).

    Returns
    -------
    SchemeResult: outputs over ``year`` (base year = published), the ``resident_medical_*`` variables, with
    ``path`` first in a stacked run; the fund's flows (rolled forward by the fund stage with mid-year flows,
    :func:`actuarial.funds.rollforward.roll_forward`, so ``B_t = B_{t-1} + C_t + S_t + I_t - X_t``), (path, year)
    in a stacked run where they vary by path; the base-year values floats, or (path,) where they vary.

    Notes
    -----
    Equations in the module docstring.  Arrays are laid out (path, year, ...) with a path axis of length 1
    where a value is the same on every path (a deterministic run is the one-path case); sums run over the
    trailing (sex, age) of each row, so a chunk gives each path's own run bit for bit.
    """
    p = parameters
    order = ("year", "sex", "age")
    stacked = "path" in population.dims
    population = population.transpose(..., *order)
    years = population["year"].values
    n = years.size
    people = plain(population, *order)
    members = plain(employee_members.sel(sex=population["sex"]), *order)
    kappa = plain(cost_index, "year")
    kappa = kappa / kappa[:, :1]
    returns, pfloor, mfloor, delta = (np.atleast_2d(path)[:, :n] for path in (
        p.fund_return, p.premium_minimum, p.subsidy_minimum, p.indexation))
    relative = p.age_cost.transpose("sex", "age").sel(sex=population["sex"].values).values

    pool = np.maximum(people - members, 0.0)
    pool_0, return_0 = (values[:1] if same_on_every_path(values) else values for values in (pool[:, 0], returns[:, 0]))
    calibration = calibrate_resident_medical(p, pool=pool_0, relative_cost=relative, fund_return=return_0)
    weight = (relative * pool).sum(axis=(2, 3))
    total = pool.sum(axis=(2, 3))
    expected = calibration.cost_level[:, None] * kappa * weight / np.where(total > 0, total, 1.0)
    premium, subsidy, take_up = (np.empty((len(pool), n)) for _ in range(3))
    premium[:, 0], subsidy[:, 0], take_up[:] = p.premium_base, calibration.subsidy, calibration.take_up[:, None]
    if p.financing_rule == "reset":
        financing = (p.premium_base + calibration.subsidy)[:, None] / expected[:, :1] * expected
        share = p.premium_base / (p.premium_base + calibration.subsidy)
        premium[:, 1:] = np.maximum(pfloor[:, 1:], share[:, None] * financing[:, 1:])
        subsidy[:, 1:] = np.maximum(mfloor[:, 1:], financing[:, 1:] - premium[:, 1:])
        if average_wage is not None:
            wage = plain(average_wage.sel(year=years), "year")
            relative_premium = premium / wage / (premium[:, :1] / wage[:, :1])
            take_up = np.minimum(1.0, calibration.take_up[:, None] * relative_premium ** p.takeup_elasticity)
    else:
        growth = delta * np.concatenate([np.zeros_like(kappa[:, :1]), kappa[:, 1:] / kappa[:, :-1] - 1.0], axis=1)
        minimum, top_up = np.empty_like(premium), np.empty_like(premium)
        minimum[:, 0], top_up[:, 0] = p.subsidy_minimum_base, calibration.local_top_up
        for t in range(1, n):
            premium[:, t] = np.maximum(pfloor[:, t], premium[:, t - 1] * (1.0 + growth[:, t]))
            minimum[:, t] = np.maximum(mfloor[:, t], minimum[:, t - 1] * (1.0 + growth[:, t]))
            top_up[:, t] = top_up[:, t - 1] * (1.0 + growth[:, t])
        subsidy = minimum + top_up
    by_age = take_up[:, :, None, None] * pool
    n_members = by_age.sum(axis=(2, 3))
    benefits = calibration.cost_level[:, None] * kappa * (relative * by_age).sum(axis=(2, 3))
    premiums, fiscal = premium * n_members, subsidy * n_members

    paths = population["path"].values if stacked else None
    series = lambda values: labelled(values, paths, year=years)  # noqa: E731
    outputs = xr.Dataset({
        "resident_medical_members": series(n_members),
        "resident_medical_premiums": series(premiums),
        "resident_medical_fiscal_subsidy": series(fiscal),
        "resident_medical_benefits": series(benefits),
        "resident_medical_premium": series(premium),
        "resident_medical_subsidy": series(subsidy),
        "resident_medical_cost_per_member": series(benefits / np.where(n_members > 0, n_members, np.nan)),
        "resident_medical_members_by_age": labelled(by_age, paths, **{dim: population[dim].values for dim in order}),
    })
    fund = FundFlows(fund="medical_resident", years=years[1:],
                     base=open_base_year(revenue=p.revenue_base, expenditure=p.expenditure_base,
                                         balance=p.balance_base, rate=collapsed(returns[:, 0])),
                     contributions=collapsed(premiums[:, 1:]), fiscal_subsidy=collapsed(fiscal[:, 1:]),
                     benefits=collapsed(benefits[:, 1:]), returns=collapsed(returns[:, 1:]),
                     closure=Closure(p.closure_rule, p.reserve_target_months))
    return SchemeResult(outputs=label(outputs), funds=(fund,),
                        base_year={key: collapsed(value) for key, value in calibration.__dict__.items()})


SCHEME = Scheme(
    name="medical_resident",
    assumptions=(*SCALARS.values(), *PATHS.values(), "medical_age_cost", *CHOICES),
    parameters=resident_medical_parameters,
    project=project_medical_resident,
)

__all__ = [
    "ResidentMedicalCalibration",
    "ResidentMedicalParameters",
    "SCHEME",
    "calibrate_resident_medical",
    "project_medical_resident",
    "resident_medical_parameters",
    "resident_medical_projection",
]
