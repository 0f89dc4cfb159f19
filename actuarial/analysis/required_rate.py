"""The contribution rate a scheme needs: the lowest constant rate that keeps the fund solvent every year,
or that leaves one year's cost in reserve at the horizon (rolled forward at the fund's return).

Timing and notation as in :mod:`actuarial.analysis.valuation`.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import xarray as xr

from actuarial.analysis.valuation import YEAR, _projection_years, _rate_path, _zero_if_none, ending_target
from actuarial.funds.rollforward import roll_forward

RATE_CAP = 1.0
"""Default upper bound of the contribution rate searched by :func:`required_contribution_rate` (100 % of the base)."""

Criterion = Literal["solvency", "terminal_reserve"]


def required_contribution_rate(
    *,
    benefits: xr.DataArray,
    contribution_base: xr.DataArray,
    opening_balance,
    returns,
    fiscal_subsidy: xr.DataArray | None = None,
    financing_inflows: xr.DataArray | None = None,
    criterion: Criterion = "solvency",
    cap: float = RATE_CAP,
):
    """Smallest constant total contribution rate meeting a solvency condition over the horizon.

    Contributions are ``C_t = pi W_t`` from the first projection year (no
    behavioural response: the base, benefits, fiscal subsidy and financing
    inflows stay as given) and the fund is rolled forward with
    :func:`actuarial.funds.rollforward.roll_forward` at ``returns``.  The rate is
    the smallest ``pi`` in ``[0, cap]`` with

    * ``criterion="solvency"``: ``min_t B_t(pi) >= 0``, the balance at
      31 December never falls below zero;
    * ``criterion="terminal_reserve"``: ``B_T(pi) >= E_{T+1}``, a reserve
      ratio of at least 1 at the horizon (:func:`reserve_ratio`).

    The roll-forward is affine in ``pi``: ``B_t(pi) = A_t + pi G_t`` with ``A``
    the balance without contributions and ``G`` the balance of the base alone
    from a zero opening balance (``G_t >= 0``).  So the solvency rate is
    ``max_t -A_t / G_t`` over the years with ``A_t < 0`` and the terminal rate
    ``(E_{T+1} - A_T) / G_T``, each in closed form and for every path at once.
    When the fund earns the discount rate, the terminal-reserve rate equals
    the :func:`general_average_premium`.

    Parameters
    ----------
    benefits, contribution_base, fiscal_subsidy, financing_inflows : xarray.DataArray
        Over ``year`` and, optionally, the same further dimensions (``path``, ...).
    opening_balance : float or xarray.DataArray over the further dimensions.
    returns : float or xarray.DataArray over ``year`` (and, optionally, the further dimensions).

    Returns
    -------
    float or xarray.DataArray
        The rate (fraction of the base); ``0.0`` if the condition already
        holds without contributions; NaN if it is not attainable at ``cap``.
        A DataArray over the further dimensions when there are any.

    Raises
    ------
    ValueError
        If the series cover different years, or the criterion is unknown.
    """
    if criterion not in ("solvency", "terminal_reserve"):
        raise ValueError(f"criterion must be 'solvency' or 'terminal_reserve', got {criterion!r}")
    years = _projection_years(benefits, "benefits")
    arrays = {"benefits": benefits, "contribution_base": contribution_base}
    if fiscal_subsidy is not None:
        arrays["fiscal_subsidy"] = fiscal_subsidy
    if financing_inflows is not None:
        arrays["financing_inflows"] = financing_inflows
    for name, array in arrays.items():
        if YEAR not in array.dims or not np.array_equal(array[YEAR].values, years):
            raise ValueError(f"{name} must cover the same years as benefits")
    rate_path = _rate_path(returns, years, "returns")
    opening = opening_balance if isinstance(opening_balance, xr.DataArray) else xr.DataArray(float(opening_balance))
    target = ending_target(benefits)
    flows = xr.broadcast(benefits, contribution_base, _zero_if_none(fiscal_subsidy, benefits),
                         _zero_if_none(financing_inflows, benefits), rate_path, opening, target)
    extra = [dim for dim in flows[0].dims if dim != YEAR]
    cost, base, subsidy, inflows, rate = (flow.transpose(*extra, YEAR).values.astype(float) for flow in flows[:5])
    opening, target = (flow.isel(year=0, drop=True).transpose(*extra).values.astype(float) for flow in flows[5:])
    without = roll_forward(opening_balance=opening, contributions=np.zeros_like(base), fiscal_subsidy=subsidy,
                           financing_inflows=inflows, benefits=cost, returns=rate)["balance"]
    per_rate = roll_forward(opening_balance=np.zeros_like(opening), contributions=base, returns=rate)["balance"]
    if criterion == "solvency":
        short = without < 0.0
        needed = np.where(short, -without / np.where(per_rate > 0.0, per_rate, np.nan), 0.0)
        pi = np.max(needed, axis=-1)
    else:
        gap = target - without[..., -1]
        last = per_rate[..., -1]
        pi = np.where(gap <= 0.0, 0.0, gap / np.where(last > 0.0, last, np.nan))
    pi = np.where(pi > cap, np.nan, np.maximum(pi, 0.0))
    if not extra:
        return float(pi)
    return xr.DataArray(pi, coords={dim: flows[0][dim] for dim in extra if dim in flows[0].coords}, dims=extra)


__all__ = ["RATE_CAP", "required_contribution_rate"]
