"""Building blocks of the employee medical insurance (UEBMI): cost index, free cover, retired members,
density scales and the base-year calibration.  Notation as in :mod:`actuarial.schemes.medical_employee`.

Pure functions on numpy arrays (no I/O, no labelled objects), with any leading axes (a chunk's paths) before
the ones they name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from actuarial.config.calibration import calibrate, unreachable
from actuarial.dims import OPEN_AGE
from actuarial.funds.record import open_base_year


@dataclass(frozen=True)
class MedicalCalibration:
    """Base-year quantities solved from the published figures (:func:`calibrate_medical_employee`), each (path)
    (length 1 where its inputs do not vary by path).

    Attributes
    ----------
    employee_scale, flexible_scale : group scales ``q_g`` of the densities.
    retired_share : ``m_0``, UEBMI retired members per UEBPI pensioner in 2024.
    compliance : ``c``, declared base / earnings of employees (before the floor and ceiling).
    retiree_credit_ratio : ``rho``, credits to retirees' accounts as a share of their pensions in 2024.
    retiree_credit_per_head : ``k_0``, credits to retirees' accounts per retired member in 2024 (yuan a year).
    account_drawdown : ``pi``, share of the opening balance plus credits spent from accounts in a year.
    cost_level : ``c_0``, yuan a year per unit of relative cost (active member weight 1).
    investment_income, account_investment_income : 2024 interest of the pooled fund and of the accounts.
    """

    employee_scale: np.ndarray
    flexible_scale: np.ndarray
    retired_share: np.ndarray
    compliance: np.ndarray
    retiree_credit_ratio: np.ndarray
    retiree_credit_per_head: np.ndarray
    account_drawdown: np.ndarray
    cost_level: np.ndarray
    investment_income: np.ndarray
    account_investment_income: np.ndarray


def cost_index(*, years: np.ndarray, wage: np.ndarray, excess: np.ndarray, fade_start: float, fade_end: float,
               adoption: np.ndarray, ai_effect: float, control: np.ndarray | None = None) -> np.ndarray:
    """Cost per insured person of a given sex and age relative to the base year, ``kappa_t``.

    ``kappa_t = (W_t / W_0) prod_{u=1..t} (1 + eps_u fade_u) (1 - v_u) (1 + alpha a_t) / (1 + alpha a_0)`` with
    ``fade_u = 1`` up to ``fade_start``, ``(fade_end - u) / (fade_end - fade_start)`` between and 0
    from ``fade_end`` (a step at ``fade_start`` when the two coincide), and ``v_u`` the cost-control lever
    (payment reform: the yearly reduction of cost growth, its own path).  ``excess[..., 0]`` and ``control[..., 0]``
    (base year) are not used.  ``years`` (year); the other arrays (..., year), base year first (leading axes:
    paths).
    """
    span = max(fade_end - fade_start, 0.0)
    if span > 0.0:
        fade = np.clip((fade_end - years) / span, 0.0, 1.0)
    else:
        fade = (years < fade_start).astype(float)
    factor = (1.0 + excess * fade) * (1.0 - (np.zeros_like(excess) if control is None else control))
    factor[..., 0] = 1.0
    ai = 1.0 + ai_effect * adoption
    return wage / wage[..., :1] * np.cumprod(factor, axis=-1) * ai / ai[..., :1]


def free_cover(new_by_years: np.ndarray, minimum: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Free-cover share and mean shortfall of new retirees by their contribution years.

    Parameters
    ----------
    new_by_years : (..., year, sex, years 0..Y) new pensioners by contribution years ``n_t(s, y)``.
    minimum : (..., year, sex) minimum years ``M_t(s)``.

    Returns
    -------
    share, shortfall : (..., year, sex) ``q = sum_{y >= M} n / sum n`` and ``D = sum n max(M - y, 0) / sum n``
    (1 and 0 where nobody retires).
    """
    y = np.arange(new_by_years.shape[-1], dtype=float)
    total = new_by_years.sum(axis=-1)
    safe = np.where(total > 0.0, total, 1.0)
    qualifying = (new_by_years * (y >= minimum[..., None] - 1e-9)).sum(axis=-1)
    missing = (new_by_years * np.maximum(minimum[..., None] - y, 0.0)).sum(axis=-1)
    return np.where(total > 0.0, qualifying / safe, 1.0), np.where(total > 0.0, missing / safe, 0.0)


def retired_members(initial: np.ndarray, survival: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Retired members by year, sex and age from the base-year stock, survival and entries.

    ``R_t(s,x) = R_{t-1}(s,x-1) S_t(s,x) + new_t(s,x)``; the open age takes
    ``(R_{t-1}(s,99) + R_{t-1}(s,100)) S_t(s,100)``.  ``survival`` (year t >= 1, sex, age) are the
    cohort-component ratios of the demography (age x-1 at the end of t-1 to x at the end of t).

    Parameters
    ----------
    initial : (..., sex, age) ``R_0``.  survival : (..., T, sex, age).  new : (..., T + 1, sex, age); its base
    year unused.  Leading axes (paths) broadcast; the result is shaped as ``new``.
    """
    stock = np.empty_like(new, dtype=float)
    stock[..., 0, :, :] = initial
    for t in range(1, new.shape[-3]):
        aged = np.zeros_like(stock[..., t - 1, :, :])
        aged[..., 1:] = stock[..., t - 1, :, :-1]
        aged[..., OPEN_AGE] += stock[..., t - 1, :, OPEN_AGE]
        stock[..., t, :, :] = aged * survival[..., t - 1, :, :] + new[..., t, :, :]
    return stock


def entry_share(active: np.ndarray, contributors: np.ndarray) -> np.ndarray:
    """``phi_t(s,x) = min(1, A_{t-1}(s,x-1) / K_{t-1}(s,x-1))`` (0 where no contributors), (..., year, sex, age);
    the base year is 0."""
    share = np.zeros_like(active, dtype=float)
    previous_a, previous_k = active[..., :-1, :, :-1], contributors[..., :-1, :, :-1]
    share[..., 1:, :, 1:] = np.minimum(1.0, np.divide(previous_a, previous_k, out=np.zeros_like(previous_a),
                                                 where=previous_k > 0.0))
    return share


def density_scales(parameters, weighted_employment: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Group scales ``q_g`` of the densities: ``q_employees = (A* - F*) / sum_employees rel_k E_k``,
    ``q_flexible = F* / sum_flexible rel_k E_k`` (base-year employment, (path)); an input error when a group's
    density would exceed 1 in a status (more members than workers)."""
    p = parameters
    scales = {"employees": (p.active_target - p.flexible_active_target) / weighted_employment["employees"],
              "flexible": p.flexible_active_target / weighted_employment["flexible"]}
    return scales


def calibrate_medical_employee(
    parameters,
    *,
    scales: dict[str, np.ndarray],
    pensioners: np.ndarray,
    base_of: Callable[[float, int], float],
    flexible_base: np.ndarray,
    shortfall_contributions: np.ndarray,
    retiree_pensions_per_share: np.ndarray,
    cost_weight_active: np.ndarray,
    cost_weight_retired_per_share: np.ndarray,
    fund_return: np.ndarray,
    account_return: np.ndarray,
) -> MedicalCalibration:
    """Solve the base-year quantities from the published 2024 figures, for every path of a chunk at once.

    Parameters
    ----------
    scales : the group scales of :func:`density_scales`.
    pensioners : UEBPI pensioners in 2024.
    base_of : ``(c, i) -> W_e(c)``, path ``i``'s employee contribution base of 2024 at compliance ``c``
        (densities applied).
    flexible_base : ``W_f`` of 2024.
    shortfall_contributions : ``L_0``, lump sums for missing free-cover years paid in 2024 (estimated
        from the first projection year's retirees, see :func:`actuarial.schemes.medical_employee.project_medical_employee`).
    retiree_pensions_per_share : annual pensions of UEBPI pensioners (``Pi_0 / m_0``).
    cost_weight_active : ``sum h A_0``;  cost_weight_retired_per_share : ``gamma sum h Pen_0``.
    fund_return, account_return : 2024 returns (the first projection year's).

    The figures are (path), length 1 where they do not vary by path.  The 2024 fund return and lump sums
    do, so the compliance is solved path by path; the rest is elementwise over paths.

    Notes
    -----
    ::

        m_0  = R* / sum Pen_0
        I_0, Ia_0 from the roll-forward identity of each fund (opening = balance - revenue + expenditure,
                  :func:`actuarial.funds.record.open_base_year`)
        c    : (e + w) W_e(c) + f W_f + L_0 = Rp + Ra - I_0 - Ia_0       (all contributions; calibrate)
        rho  = (Ra - Ia_0 - w W_e - f_a W_f) / Pi_0                   (account credits to retirees)
        k_0  = (Ra - Ia_0 - w W_e - f_a W_f) / R*                     (the same per retired member)
        pi   = Xa / (Ba_{-1} + Ra - Ia_0)
        c_0  = Xp / (sum h A_0 + gamma sum h R_0)

    so that pooled contributions ``e W_e + (f - f_a) W_f + L_0 - rho Pi_0 = Rp - I_0``.

    Raises
    ------
    AssumptionError
        When the retired members exceed the pensioners, no compliance in (0.001, 20) meets the
        revenue, or the retirees' credits come out negative, naming the figure's assumption and file.
    """
    p = parameters
    retired_share = np.divide(p.retired_target, pensioners, out=np.full(np.shape(pensioners), np.inf),
                              where=pensioners > 0.0)
    outside = ~((0.0 <= retired_share) & (retired_share <= 1.0))
    if np.any(outside):
        raise unreachable(p.targets, "medical_members_retired_target",
                          f"exceeds the {pensioners[outside][0] / 1e6:,.1f} M UEBPI pensioners; retired members are "
                          "drawn from the pensioners")
    pooled = open_base_year(revenue=p.pooled_revenue, expenditure=p.pooled_expenditure, balance=p.pooled_balance,
                            rate=fund_return)
    accounts = open_base_year(revenue=p.account_revenue, expenditure=p.account_expenditure,
                              balance=p.account_balance, rate=account_return)
    income, income_a = pooled.investment_income, accounts.investment_income
    opening_a = p.account_balance - (p.account_revenue - p.account_expenditure)
    contributions, flexible = np.broadcast_arrays(p.pooled_revenue + p.account_revenue - income - income_a,
                                                  p.flexible_rate * flexible_base + shortfall_contributions)

    def compliance_of(path: int) -> float:
        def gap(compliance: float) -> float:
            return (p.employer_rate + p.worker_rate) * base_of(compliance, path) + flexible[path] - contributions[path]

        return calibrate(gap, 1e-3, 20.0, assumptions=p.targets, name="medical_pooled_revenue_base",
                         rule=f"with the account revenue implies {contributions[path] / 1e9:,.1f} bn yuan of 2024 "
                              "UEBMI contributions, which no employee base compliance in (0.001, 20) meets at the "
                              "rates given")

    compliance = np.array([compliance_of(path) for path in range(contributions.size)])
    employee_base = np.array([base_of(c, path) for path, c in enumerate(compliance)])
    credits = p.account_revenue - income_a - p.worker_rate * employee_base - p.flexible_account_rate * flexible_base
    pensions = retired_share * retiree_pensions_per_share
    rho = np.divide(credits, pensions, out=np.zeros(np.broadcast(credits, pensions).shape), where=pensions > 0.0)
    if np.any(rho < 0.0):
        raise unreachable(p.targets, "medical_account_revenue_base",
                          f"leaves {credits[rho < 0.0][0] / 1e9:,.1f} bn yuan for the credits to retirees' accounts; "
                          "it must not be negative: the worker and flexible account rates are too high for the "
                          "published revenue")
    drawdown = p.account_expenditure / (opening_a + p.account_revenue - income_a)
    weight = cost_weight_active + retired_share * cost_weight_retired_per_share
    return MedicalCalibration(
        employee_scale=scales["employees"], flexible_scale=scales["flexible"], retired_share=retired_share,
        compliance=compliance, retiree_credit_ratio=rho, account_drawdown=drawdown,
        retiree_credit_per_head=credits / p.retired_target if p.retired_target > 0.0 else np.zeros_like(credits),
        cost_level=p.pooled_expenditure / weight, investment_income=income, account_investment_income=income_a,
    )


__all__ = ["MedicalCalibration", "calibrate_medical_employee", "cost_index", "density_scales", "entry_share",
           "free_cover", "retired_members"]
