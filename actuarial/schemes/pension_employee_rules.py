"""Contribution rules of the employee pension: declared bases, rates, contributors by status.

Plain functions of the scheme's parameters (:class:`actuarial.schemes.pension_employee.PensionEmployeeParameters`)
and numpy arrays over (year, sex, age, employed status).
"""

from __future__ import annotations

import numpy as np

from actuarial.dims import EMPLOYED_STATUSES, EMPLOYEES

IS_EMPLOYEE = np.array([status in EMPLOYEES for status in EMPLOYED_STATUSES])


def declared_bases(parameters, earnings: np.ndarray, wage: np.ndarray,
                   compliance: float, t: slice | int = slice(None), adjusted: bool = False) -> np.ndarray:
    """Declared annual contribution base (year, sex, age, employed status) per contributor.

    Employees ``clip(a_t c earnings, floor W, ceiling W)``; flexible workers ``clip(a^f_t phi_f W, floor W,
    ceiling W)``, where ``a_t``, ``a^f_t`` are the behavioural declared-base adjustments (``adjusted``; 1
    otherwise), applied to compliance before the floor and ceiling.
    """
    p = parameters
    floor, ceiling = (p.floor_ratio[t] * wage[t])[..., None, None], (p.ceiling_ratio[t] * wage[t])[..., None, None]
    employee_factor = p.declared_base_adjustment[t] if adjusted else np.ones_like(wage[t])
    flexible_factor = p.flexible_base_adjustment[t] if adjusted else np.ones_like(wage[t])
    employee = np.clip(compliance * np.asarray(employee_factor)[..., None, None, None] * earnings[t][..., IS_EMPLOYEE],
                       floor[..., None], ceiling[..., None])
    flexible = np.clip(p.flexible_base_ratio * flexible_factor * wage[t], p.floor_ratio[t] * wage[t],
                       p.ceiling_ratio[t] * wage[t])
    bases = np.empty(earnings[t].shape)
    bases[..., IS_EMPLOYEE] = employee
    bases[..., ~IS_EMPLOYEE] = np.asarray(flexible)[..., None, None, None]
    return bases


def rates(parameters, t: slice | int = slice(None)) -> tuple[np.ndarray, np.ndarray]:
    """Total and individual-account rates (year, employed status): employees employer + worker and the
    worker rate; flexible workers the flexible rate and its account part."""
    p = parameters
    total = np.where(IS_EMPLOYEE, (p.employer_rate[t] + p.worker_rate[t])[..., None], p.flexible_rate[t][..., None])
    account = np.where(IS_EMPLOYEE, p.worker_rate[t][..., None], p.flexible_account_rate[t][..., None])
    return total, account


def contributors_by_status(weighted: np.ndarray, active: np.ndarray, scale: float) -> np.ndarray:
    """Contributors by status (…, sex, age, status), never more in a cell than the persons not past retirement age."""
    by_status = weighted * scale
    cell = by_status.sum(axis=-1)
    return by_status * np.where(cell > active, active / np.where(cell > 0, cell, 1.0), 1.0)[..., None]


def per_contributor(total: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """A flow by (..., status) summed over statuses and divided by the cell's contributors (0 where none)."""
    return np.where(cell > 0, total.sum(axis=-1) / np.where(cell > 0, cell, 1.0), 0.0)


__all__ = ["IS_EMPLOYEE", "contributors_by_status", "declared_bases", "per_contributor", "rates"]
