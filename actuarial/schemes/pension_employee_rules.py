"""Contribution rules of the employee pension: declared bases, rates, contributors by status.

Plain functions of the scheme's parameters (:class:`actuarial.schemes.pension_employee.PensionEmployeeParameters`)
and numpy arrays over (year, sex, age, employed status), behind a leading path axis where the projection has one
(``earnings`` and ``employment`` (path, year, sex, age, employed status), ``wage`` (path, year)); calls at one
year ``t`` take one path's arrays.
"""

from __future__ import annotations

import numpy as np

from actuarial.dims import EMPLOYED_STATUSES, EMPLOYEES

IS_EMPLOYEE = np.array([status in EMPLOYEES for status in EMPLOYED_STATUSES])


def declared_bases(parameters, earnings: np.ndarray, wage: np.ndarray,
                   compliance, t: slice | int = slice(None), adjusted: bool = False) -> np.ndarray:
    """Declared annual contribution base ([path,] year, sex, age, employed status) per contributor; ``compliance``
    a float or one value per path, broadcast against ``earnings``.

    Employees ``clip(a_t c earnings, floor W, ceiling W)``; flexible workers (:func:`flexible_bases`)
    ``clip(a^f_t ((1 - w_t) phi_f W + w_t c_f e), floor^f W, ceiling W)``, where ``a_t``, ``a^f_t`` are the
    behavioural declared-base adjustments (``adjusted``; 1 otherwise), applied to compliance before the floor
    and ceiling; ``w_t`` the earnings link (0 today: ``phi_f W``), ``c_f`` the declared share of earnings and
    ``floor^f = min(floor, flexible floor)``.
    """
    p = parameters
    floor, ceiling = (p.floor_ratio[t] * wage[t])[..., None, None], (p.ceiling_ratio[t] * wage[t])[..., None, None]
    employee_factor = p.declared_base_adjustment[t] if adjusted else np.ones_like(wage[t])
    employee = np.clip(compliance * np.asarray(employee_factor)[..., None, None, None] * earnings[t][..., IS_EMPLOYEE],
                       floor[..., None], ceiling[..., None])
    bases = np.empty(earnings[t].shape)
    bases[..., IS_EMPLOYEE] = employee
    bases[..., ~IS_EMPLOYEE] = flexible_bases(p, earnings, wage, t, adjusted=adjusted)
    return bases


def flexible_bases(parameters, earnings: np.ndarray, wage: np.ndarray, t: slice | int = slice(None), *,
                   adjusted: bool = False, current_rule: bool = False) -> np.ndarray:
    """Flexible workers' declared base (year, sex, age, flexible status) per contributor (see
    :func:`declared_bases`); ``current_rule``: today's rule (no earnings link, the general floor)."""
    p = parameters
    factor = np.asarray(p.flexible_base_adjustment[t] if adjusted else np.ones_like(wage[t]))
    fixed = (p.flexible_base_ratio * factor * wage[t])[..., None, None, None]
    link = np.zeros_like(wage[t]) if current_rule else np.asarray(p.earnings_link[t])
    floor_ratio = p.floor_ratio[t] if current_rule else p.flexible_floor_ratio[t]
    cube = lambda values: np.asarray(values)[..., None, None, None]  # noqa: E731
    linked = (1.0 - cube(link)) * fixed + cube(link * p.declared_income_share[t] * factor) * earnings[t][..., ~IS_EMPLOYEE]
    before = np.where(cube(link) > 0.0, linked, fixed)
    return np.clip(before, cube(floor_ratio * wage[t]), cube(p.ceiling_ratio[t] * wage[t]))


def worker_rate_share(parameters) -> np.ndarray:
    """Share of the contribution the worker pays (year, employed status): 1 but for platform workers, whose
    platforms pay ``platform_share``; employees' employer share is not the worker's and is not counted here."""
    share = np.ones((parameters.years.size, len(EMPLOYED_STATUSES)))
    share[:, EMPLOYED_STATUSES.index("platform")] -= parameters.platform_share
    return share


def coverage_response(parameters, earnings: np.ndarray, wage: np.ndarray, employment: np.ndarray) -> np.ndarray:
    """Factor on contribution density ([path,] year, employed status) from a change in flexible workers' cost of
    contributing against today's rule: ``max(0, 1 + e_k k_{t,k})`` with the relative cost cut
    ``k_{t,k} = sum E (C_0 - C) / sum E (earnings + C_0)`` over the cells of status ``k`` (``E`` employed
    persons, ``C_0 = r b_0`` the contribution on today's base, ``C = r s b`` the worker's part of it on the
    new base, ``s`` the worker's share); 1 for employees and wherever nothing changed (the base year)."""
    p = parameters
    flexible = ~IS_EMPLOYEE
    rate = p.flexible_rate[:, None, None, None]
    today = rate * flexible_bases(p, earnings, wage, adjusted=True, current_rule=True)
    paid = rate * worker_rate_share(p)[:, None, None, flexible] * flexible_bases(p, earnings, wage, adjusted=True)
    weights = employment[..., flexible]
    cut = (weights * (today - paid)).sum(axis=(-3, -2))
    cost = (weights * (earnings[..., flexible] + today)).sum(axis=(-3, -2))
    factor = np.ones((*wage.shape, len(EMPLOYED_STATUSES)))
    factor[..., flexible] = np.maximum(0.0, 1.0 + p.cost_elasticity[flexible] * np.divide(
        cut, cost, out=np.zeros_like(cut), where=cost > 0))
    return np.where(np.all(np.abs(cut) == 0.0, axis=-1)[..., None], 1.0, factor)


def rates(parameters, t: slice | int = slice(None)) -> tuple[np.ndarray, np.ndarray]:
    """Total and individual-account rates (year, employed status): employees employer + worker and the
    worker rate; flexible workers the flexible rate and its account part."""
    p = parameters
    total = np.where(IS_EMPLOYEE, (p.employer_rate[t] + p.worker_rate[t])[..., None], p.flexible_rate[t][..., None])
    account = np.where(IS_EMPLOYEE, p.worker_rate[t][..., None], p.flexible_account_rate[t][..., None])
    return total, account


def contributors_by_status(weighted: np.ndarray, active: np.ndarray, scale) -> np.ndarray:
    """Contributors by status (…, sex, age, status), never more in a cell than the persons not past retirement age;
    ``scale`` a float or one value per path, broadcast against ``weighted``."""
    by_status = weighted * scale
    cell = by_status.sum(axis=-1)
    return by_status * np.where(cell > active, active / np.where(cell > 0, cell, 1.0), 1.0)[..., None]


def per_contributor(total: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """A flow by (..., status) summed over statuses and divided by the cell's contributors (0 where none)."""
    return np.where(cell > 0, total.sum(axis=-1) / np.where(cell > 0, cell, 1.0), 0.0)


__all__ = ["IS_EMPLOYEE", "contributors_by_status", "coverage_response", "declared_bases", "flexible_bases",
           "per_contributor", "rates", "worker_rate_share"]
