"""Fund roll-forward: end-of-year balances and investment income from annual flows.

Pure functions (no I/O).  Timing: flows (contributions ``C_t``, fiscal
subsidy ``S_t``, financing inflows ``F_t``, benefits ``E_t``) run over
calendar year ``t`` and arrive on average at mid-year; balances ``B_t`` are
stocks at 31 December of ``t``.  The base year (2024) is observed: its end
balance ``B_0`` is the opening balance of the projection, which covers the
years ``1..T`` (2025..end).  ``r_t`` is the fund's nominal return over year
``t``.  Money is nominal yuan.

Equations::

    N_t = C_t + S_t + F_t - E_t                      net cash flow (excluding investment income)
    I_t = B_{t-1} r_t + N_t r_t / 2                  investment income: opening balance for a full
                                                     year, net flow for half a year (simple interest)
    B_t = B_{t-1} + N_t + I_t                        = B_{t-1} (1 + r_t) + N_t (1 + r_t / 2)

so the accounting identity ``B_t - B_{t-1} = C_t + S_t + F_t + I_t - E_t``
holds to rounding.  A negative balance keeps accruing at the same rate
``r_t`` (the gap is financed by borrowing at the fund's own rate), so a
deficit stays visible in the balance instead of being floored at zero.

Discounting with the same half-year convention (``actuarial.analysis.valuation``)
makes present values exactly consistent with this roll-forward when the
discount rate equals the return.
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from actuarial.variables import label

FUND_VARIABLES: dict[str, tuple[str, str]] = {
    "balance": ("Fund balance at 31 December (negative: accumulated borrowing)", "yuan"),
    "investment_income": ("Investment income over the year (mid-year flows earn half a year)", "yuan"),
}
"""Output variables of :func:`project_fund`: name -> (long name, units)."""


def roll_forward(
    *,
    opening_balance,
    contributions,
    fiscal_subsidy,
    financing_inflows,
    benefits,
    returns,
    borrowing_returns=None,
) -> dict[str, np.ndarray]:
    """Roll a fund balance forward over the projection years.

    Parameters
    ----------
    opening_balance : float or array_like
        ``B_0``, the balance at 31 December of the base year (yuan); a scalar,
        or an array broadcastable to the leading (non-year) shape of the flows,
        e.g. one balance per path.
    contributions, fiscal_subsidy, financing_inflows, benefits : array_like
        ``C_t, S_t, F_t, E_t``: flows over each projection year (yuan).  The
        **last axis is the projection year**; any leading axes (``path``, ...)
        are carried through.  All inputs broadcast against each other (a
        scalar or a 1-d year array is shared by every path).
    returns : array_like
        ``r_t``, nominal rate of return over year ``t`` (fraction); must
        exceed -1.
    borrowing_returns : array_like, optional
        Rate charged when the opening balance is negative (the gap is borrowed);
        defaults to ``returns``.  Used when a mandate's return applies only to
        money the fund actually has.

    Returns
    -------
    dict of ndarray
        ``balance``: ``B_t`` at 31 December of each projection year;
        ``investment_income``: ``I_t`` over each year.  Both have the
        broadcast shape of the inputs.

    Notes
    -----
    ``I_t = B_{t-1} r_t + (C_t + S_t + F_t - E_t) r_t / 2`` and
    ``B_t = B_{t-1} + C_t + S_t + F_t + I_t - E_t`` (module docstring).  The
    loop runs over years only and is vectorised over the leading axes, so a
    deterministic run is the one-path case of a stochastic run.

    Raises
    ------
    ValueError
        If an input is not finite, the inputs do not broadcast, or a return
        is at or below -1.
    """
    flows = [np.asarray(a, dtype=float) for a in (contributions, fiscal_subsidy, financing_inflows, benefits, returns)]
    try:
        c, s, f, e, r = np.broadcast_arrays(*flows)
    except ValueError as error:
        shapes = ", ".join(str(a.shape) for a in flows)
        raise ValueError(
            f"fund flows and returns do not broadcast (shapes {shapes}); the last axis must be year"
        ) from error
    if c.ndim == 0:
        raise ValueError("fund flows need a year axis (the last axis); got scalars only")
    for name, array in zip(("contributions", "fiscal_subsidy", "financing_inflows", "benefits", "returns"), flows):
        if not np.all(np.isfinite(array)):
            raise ValueError(f"{name} must be finite in every year")
    if np.any(r <= -1.0):
        raise ValueError("returns must exceed -1 in every year")
    leading = c.shape[:-1]
    opening = np.asarray(opening_balance, dtype=float)
    if not np.all(np.isfinite(opening)):
        raise ValueError("opening_balance must be finite")
    try:
        previous = np.broadcast_to(opening, leading).copy()
    except ValueError as error:
        raise ValueError(
            f"opening_balance of shape {opening.shape} does not broadcast to the leading shape {leading} of the flows"
        ) from error

    borrow = r if borrowing_returns is None else np.broadcast_to(np.asarray(borrowing_returns, dtype=float), r.shape)
    net = c + s + f - e
    balance = np.empty(c.shape)
    income = np.empty(c.shape)
    for t in range(c.shape[-1]):
        rate = np.where(previous < 0.0, borrow[..., t], r[..., t])
        income[..., t] = previous * rate + net[..., t] * rate / 2.0
        previous = previous + net[..., t] + income[..., t]
        balance[..., t] = previous
    return {"balance": balance, "investment_income": income}


def project_fund(
    *,
    opening_balance,
    contributions: xr.DataArray,
    fiscal_subsidy,
    financing_inflows,
    benefits: xr.DataArray,
    returns,
    borrowing_returns=None,
) -> xr.Dataset:
    """Labelled wrapper of :func:`roll_forward`.

    Parameters
    ----------
    opening_balance : float or xarray.DataArray
        ``B_0`` at 31 December of the base year (a DataArray may carry
        ``path`` or other non-year dimensions).
    contributions, fiscal_subsidy, financing_inflows, benefits, returns
        DataArrays over ``year`` (projection years, consecutive) and any other
        dimensions, or scalars (a constant flow or rate in every year).

    Returns
    -------
    xarray.Dataset
        ``balance`` and ``investment_income`` (:data:`FUND_VARIABLES`) over
        the broadcast dimensions, ``year`` last, with ``units`` and
        ``long_name`` attrs.
    """
    named = {
        "contributions": contributions,
        "fiscal_subsidy": fiscal_subsidy,
        "financing_inflows": financing_inflows,
        "benefits": benefits,
        "returns": returns,
    }
    arrays = {k: v if isinstance(v, xr.DataArray) else xr.DataArray(float(v)) for k, v in named.items()}
    opening = opening_balance if isinstance(opening_balance, xr.DataArray) else xr.DataArray(float(opening_balance))
    if "year" in opening.dims:
        raise ValueError("opening_balance is a base-year stock and must not have a 'year' dimension")
    try:
        aligned = xr.align(*arrays.values(), opening, join="exact")
    except ValueError as error:
        raise ValueError("fund flows, returns and opening balance must share the same coordinates") from error
    broadcast = xr.broadcast(*aligned)
    if "year" not in broadcast[0].dims:
        raise ValueError("at least one flow must have a 'year' dimension")
    years = broadcast[0]["year"].values
    if years.size > 1 and np.any(np.diff(years) != 1):
        raise ValueError(f"projection years must be consecutive; got {years[:3]}...")
    dims = [d for d in broadcast[0].dims if d != "year"] + ["year"]
    flows = [a.transpose(*dims).values for a in broadcast[:-1]]
    start = broadcast[-1].isel(year=0, drop=True).transpose(*dims[:-1]).values
    result = roll_forward(
        opening_balance=start,
        contributions=flows[0],
        fiscal_subsidy=flows[1],
        financing_inflows=flows[2],
        benefits=flows[3],
        returns=flows[4],
        borrowing_returns=None if borrowing_returns is None else
        borrowing_returns.transpose(*dims).values if isinstance(borrowing_returns, xr.DataArray) else borrowing_returns,
    )
    coords = {d: broadcast[0][d] for d in dims if d in broadcast[0].coords}
    dataset = xr.Dataset({name: (dims, values) for name, values in result.items()}, coords=coords)
    label(dataset, FUND_VARIABLES)
    return dataset


__all__ = ["FUND_VARIABLES", "project_fund", "roll_forward"]
