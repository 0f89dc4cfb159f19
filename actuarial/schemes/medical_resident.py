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

Notation (``t`` a year, ``0`` the base year, cells ``(s, x)`` sex and age)::

    P, E           population, UEBMI members (active + retired)
    G_t(s,x)       residents outside UEBMI:  max(P - E, 0)
    N_t(s,x)       members:  u G_t(s,x),   u = N* / sum G_0        (take-up, calibrated to 2024)
    kappa_t        cost index per insured person (1 in the base year; wage growth, fading excess
                   cost growth and the AI lever, :func:`actuarial.schemes.medical_employee.cost_index`)
    h(s,x)         relative cost by sex and age (the age-cost curve)
    expenditure    X_t = c_0 kappa_t sum h N_t,   c_0 = X* / sum h N_0
    indexation     g_t = delta_t (kappa_t / kappa_{t-1} - 1)
    premium        p_t = max(pbar_t, p_{t-1} (1 + g_t)),   p_0 = 400
    subsidy        m_t = max(mbar_t, m_{t-1} (1 + g_t)),   l_t = l_{t-1} (1 + g_t),   sigma_t = m_t + l_t
    flows          C_t = p_t N_t,  S_t = sigma_t N_t           (S_t is the fiscal cost)
    fund           I_t = B_{t-1} r_t + (C_t + S_t - X_t) r_t / 2,   B_t = B_{t-1} + C_t + S_t + I_t - X_t

``pbar``, ``mbar`` are the national minimum standards (floors), ``l`` the mean
local subsidy above the minimum.  Base-year calibration
(:func:`calibrate_resident_medical`) makes 2024 equal the published members,
revenue, expenditure and balance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.config.spec import OPEN_AGE
from actuarial.finance.fund import project_fund
from actuarial.variables import label

RESIDENT_MEDICAL_VARIABLES: dict[str, tuple[str, str]] = {
    "resident_medical_members": ("URRBMI members at 31 December", "persons"),
    "resident_medical_premiums": ("URRBMI individual premiums over the year", "yuan"),
    "resident_medical_fiscal_subsidy": ("URRBMI fiscal subsidy over the year (the scheme's fiscal cost)", "yuan"),
    "resident_medical_benefits": ("URRBMI expenditure over the year", "yuan"),
    "resident_medical_investment_income": ("URRBMI fund investment income over the year", "yuan"),
    "resident_medical_fund_balance": ("URRBMI fund balance at 31 December (negative: accumulated borrowing)", "yuan"),
    "resident_medical_premium": ("URRBMI individual premium per member", "yuan/year"),
    "resident_medical_subsidy": ("URRBMI fiscal subsidy per member (national minimum plus local top-up)", "yuan/year"),
    "resident_medical_cost_per_member": ("URRBMI expenditure per member", "yuan/year"),
    "resident_medical_members_by_age": ("URRBMI members at 31 December by sex and age", "persons"),
}
"""Output variables of :func:`resident_medical_projection`: name -> (long name, units)."""


@dataclass(frozen=True)
class ResidentMedicalParameters:
    """Plain inputs of the resident medical projection.

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
    fund_return : ``r_t`` (year).
    age_cost : ``h`` (sex, age 0..100), relative cost per member.

    Paths must cover every projection year; for the base year (its
    investment income) the value of the first projection year stands in.
    """

    base_year: int
    members_target: float
    revenue_base: float
    expenditure_base: float
    balance_base: float
    premium_base: float
    subsidy_minimum_base: float
    premium_minimum: xr.DataArray
    subsidy_minimum: xr.DataArray
    indexation: xr.DataArray
    fund_return: xr.DataArray
    age_cost: xr.DataArray


@dataclass(frozen=True)
class ResidentMedicalCalibration:
    """Base-year quantities solved from the published figures (:func:`calibrate_resident_medical`).

    take_up : ``u``; cost_level : ``c_0`` (yuan per unit of relative cost); investment_income : ``I_0``;
    subsidy : ``sigma_0`` (yuan a year per member); local_top_up : ``l_0 = sigma_0 - m_0``.
    """

    take_up: float
    cost_level: float
    investment_income: float
    subsidy: float
    local_top_up: float


def resident_medical_parameters(assumptions: AssumptionSet) -> ResidentMedicalParameters:
    """Read the :class:`ResidentMedicalParameters` from an assumption set (pure)."""
    scalar = assumptions.scalar
    return ResidentMedicalParameters(
        base_year=assumptions.base_year,
        members_target=scalar("resident_medical_members_target"),
        revenue_base=scalar("resident_medical_revenue_base"),
        expenditure_base=scalar("resident_medical_expenditure_base"),
        balance_base=scalar("resident_medical_balance_base"),
        premium_base=scalar("resident_medical_premium_base"),
        subsidy_minimum_base=scalar("resident_medical_subsidy_minimum_base"),
        premium_minimum=assumptions.data("resident_medical_premium_minimum"),
        subsidy_minimum=assumptions.data("resident_medical_subsidy_minimum"),
        indexation=assumptions.data("resident_medical_financing_indexation"),
        fund_return=assumptions.data("resident_medical_fund_return"),
        age_cost=assumptions.data("medical_age_cost"),
    )


def year_path(name: str, path: xr.DataArray, years: np.ndarray) -> np.ndarray:
    """Values of a path over ``years`` (base year first; it takes the first projection year's value)."""
    later = years[1:]
    missing = np.setdiff1d(later, path["year"].values)
    if missing.size:
        raise ValueError(f"{name} has no value for year {int(missing[0])}; it must cover {later[0]}..{later[-1]}")
    first = path.sel(year=later[0]).item() if later.size else path.isel(year=0).item()
    return np.concatenate([[first], path.sel(year=later).values.astype(float)])


def opening_and_income(*, revenue: float, expenditure: float, balance: float, rate: float) -> tuple[float, float]:
    """Opening balance ``B_{-1} = B_0 - (R - X)`` and investment income ``I_0`` of an observed year.

    From the roll-forward ``I = B_{-1} r + (R - I - X) r / 2`` (revenue ``R``
    includes ``I``): ``I = [B_{-1} r + (R - X) r / 2] / (1 + r / 2)``.
    """
    opening = balance - (revenue - expenditure)
    return opening, (opening * rate + (revenue - expenditure) * rate / 2.0) / (1.0 + rate / 2.0)


def calibrate_resident_medical(
    parameters: ResidentMedicalParameters, *, pool: np.ndarray, relative_cost: np.ndarray, fund_return: float
) -> ResidentMedicalCalibration:
    """Solve the base-year quantities from the published figures.

    Parameters
    ----------
    pool : (sex, age) base-year residents outside UEBMI (``G_0``).
    relative_cost : (sex, age) the age-cost curve ``h``.
    fund_return : ``r`` for the base year.

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
    ValueError
        When the figures cannot be reproduced (take-up above 1, a subsidy below the minimum).
    """
    total = float(pool.sum())
    if total <= 0.0:
        raise ValueError("no residents outside UEBMI in the base year")
    take_up = parameters.members_target / total
    if not 0.0 < take_up <= 1.0:
        raise ValueError(
            f"base-year URRBMI members ({parameters.members_target / 1e6:,.1f} M) imply a take-up of {take_up:.3f} "
            f"among the {total / 1e6:,.1f} M residents outside UEBMI; it must lie in (0, 1]"
        )
    weighted = float((relative_cost * pool).sum()) * take_up
    if weighted <= 0.0:
        raise ValueError("the age-cost curve gives no cost for the base-year URRBMI members")
    _, income = opening_and_income(revenue=parameters.revenue_base, expenditure=parameters.expenditure_base,
                                   balance=parameters.balance_base, rate=fund_return)
    subsidy = (parameters.revenue_base - income) / parameters.members_target - parameters.premium_base
    top_up = subsidy - parameters.subsidy_minimum_base
    if top_up < 0.0:
        raise ValueError(
            f"2024 URRBMI revenue less interest implies a fiscal subsidy of {subsidy:,.1f} yuan a member, below the "
            f"minimum of {parameters.subsidy_minimum_base:,.1f}; check the revenue, premium and members"
        )
    return ResidentMedicalCalibration(take_up=take_up, cost_level=parameters.expenditure_base / weighted,
                                      investment_income=income, subsidy=subsidy, local_top_up=top_up)


def resident_medical_projection(
    parameters: ResidentMedicalParameters,
    *,
    population: xr.DataArray,
    employee_members: xr.DataArray,
    cost_index: xr.DataArray,
) -> xr.Dataset:
    """Project URRBMI members, premiums, fiscal subsidy, expenditure and fund.

    Parameters
    ----------
    parameters : :class:`ResidentMedicalParameters`.
    population : persons at 31 December (year, sex, age 0..100), years one by one from the base year.
    employee_members : UEBMI members (active + retired) at 31 December (year, sex, age).
    cost_index : ``kappa_t`` (year), cost per insured person of a given sex and age relative to the base
        year (1 in the base year).

    Returns
    -------
    xarray.Dataset over ``year`` (base year = published) with :data:`RESIDENT_MEDICAL_VARIABLES`;
    attrs hold the calibration (``resident_medical_*``).

    Notes
    -----
    Equations in the module docstring; the fund rolls forward with mid-year
    flows (:func:`actuarial.finance.fund.project_fund`), so
    ``B_t = B_{t-1} + C_t + S_t + I_t - X_t`` holds exactly.
    """
    population = _cube("population", population)
    years = population["year"].values
    if years.size == 0 or years[0] != parameters.base_year or np.any(np.diff(years) != 1):
        raise ValueError(f"population years must run one by one from the base year {parameters.base_year}")
    members = _cube("employee_members", employee_members).sel(year=years, sex=population["sex"]).values
    people = population.values.astype(float)
    kappa = cost_index.sel(year=years).values.astype(float)
    if not np.all(np.isfinite(kappa)) or np.any(kappa <= 0.0):
        raise ValueError("cost_index must be finite and positive")
    kappa = kappa / kappa[0]
    returns = year_path("resident_medical_fund_return", parameters.fund_return, years)
    pfloor = year_path("resident_medical_premium_minimum", parameters.premium_minimum, years)
    mfloor = year_path("resident_medical_subsidy_minimum", parameters.subsidy_minimum, years)
    delta = year_path("resident_medical_financing_indexation", parameters.indexation, years)
    relative = parameters.age_cost.transpose("sex", "age").sel(sex=population["sex"].values).values.astype(float)

    pool = np.maximum(people - members, 0.0)
    calibration = calibrate_resident_medical(parameters, pool=pool[0], relative_cost=relative,
                                             fund_return=float(returns[0]))
    by_age = calibration.take_up * pool
    n_members = by_age.sum(axis=(1, 2))
    benefits = calibration.cost_level * kappa * (relative[None] * by_age).sum(axis=(1, 2))
    growth = delta * np.concatenate([[0.0], kappa[1:] / kappa[:-1] - 1.0])
    premium, minimum, top_up = (np.empty(years.size) for _ in range(3))
    premium[0], minimum[0], top_up[0] = parameters.premium_base, parameters.subsidy_minimum_base, calibration.local_top_up
    for t in range(1, years.size):
        premium[t] = max(pfloor[t], premium[t - 1] * (1.0 + growth[t]))
        minimum[t] = max(mfloor[t], minimum[t - 1] * (1.0 + growth[t]))
        top_up[t] = top_up[t - 1] * (1.0 + growth[t])
    subsidy = minimum + top_up
    premiums, fiscal = premium * n_members, subsidy * n_members

    series = lambda values: xr.DataArray(values, coords={"year": years}, dims="year")  # noqa: E731
    income, balance = np.empty(years.size), np.empty(years.size)
    income[0], balance[0] = calibration.investment_income, parameters.balance_base
    if years.size > 1:
        later = years[1:]
        fund = project_fund(opening_balance=parameters.balance_base, contributions=series(premiums).sel(year=later),
                            fiscal_subsidy=series(fiscal).sel(year=later), financing_inflows=0.0,
                            benefits=series(benefits).sel(year=later), returns=series(returns).sel(year=later))
        income[1:], balance[1:] = fund["investment_income"].values, fund["balance"].values
    dataset = xr.Dataset({
        "resident_medical_members": series(n_members),
        "resident_medical_premiums": series(premiums),
        "resident_medical_fiscal_subsidy": series(fiscal),
        "resident_medical_benefits": series(benefits),
        "resident_medical_investment_income": series(income),
        "resident_medical_fund_balance": series(balance),
        "resident_medical_premium": series(premium),
        "resident_medical_subsidy": series(subsidy),
        "resident_medical_cost_per_member": series(benefits / np.where(n_members > 0, n_members, np.nan)),
        "resident_medical_members_by_age": xr.DataArray(by_age, coords=population.coords, dims=population.dims),
    })
    label(dataset, RESIDENT_MEDICAL_VARIABLES)
    dataset.attrs.update({f"resident_medical_{k}": float(v) for k, v in calibration.__dict__.items()})
    return dataset


def _cube(name: str, array: xr.DataArray) -> xr.DataArray:
    if set(array.dims) != {"year", "sex", "age"}:
        raise ValueError(f"{name} must have dimensions (year, sex, age); it has {array.dims}")
    array = array.transpose("year", "sex", "age")
    if not np.array_equal(array["age"].values, np.arange(OPEN_AGE + 1)):
        raise ValueError(f"{name} ages must run 0..{OPEN_AGE}")
    values = array.values
    if not np.all(np.isfinite(values)) or np.any(values < 0.0):
        raise ValueError(f"{name} must be finite and non-negative")
    return array


__all__ = [
    "RESIDENT_MEDICAL_VARIABLES",
    "ResidentMedicalCalibration",
    "ResidentMedicalParameters",
    "calibrate_resident_medical",
    "opening_and_income",
    "resident_medical_parameters",
    "resident_medical_projection",
    "year_path",
]
