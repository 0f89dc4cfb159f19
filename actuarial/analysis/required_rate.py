"""The contribution rate a scheme needs: the lowest constant rate that keeps the fund solvent every year,
or that leaves one year's cost in reserve at the horizon (rolled forward at the fund's return).

Timing and notation as in :mod:`actuarial.analysis.valuation`.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import xarray as xr
from scipy.optimize import brentq

from actuarial.analysis.valuation import YEAR, _projection_years, _rate_path, ending_target
from actuarial.funds.rollforward import roll_forward

RATE_CAP = 1.0
"""Default upper bound of the contribution rate searched by :func:`required_contribution_rate` (100 % of the base)."""

Criterion = Literal["solvency", "terminal_reserve"]


def required_contribution_rate(
    *,
    benefits: xr.DataArray,
    contribution_base: xr.DataArray,
    opening_balance: float,
    returns,
    fiscal_subsidy: xr.DataArray | None = None,
    financing_inflows: xr.DataArray | None = None,
    criterion: Criterion = "solvency",
    cap: float = RATE_CAP,
) -> float:
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

    Both conditions are increasing in ``pi`` (``B_t`` is affine in ``pi``
    with a non-negative slope), so the root of ``min_t B_t(pi)`` (resp.
    ``B_T(pi) - E_{T+1}``) is found with :func:`scipy.optimize.brentq`.
    When the fund earns the discount rate, the terminal-reserve rate equals
    the :func:`general_average_premium`.

    Returns
    -------
    float
        The rate (fraction of the base); ``0.0`` if the condition already
        holds without contributions; NaN if it is not attainable at ``cap``.

    Raises
    ------
    ValueError
        If the series have dimensions other than ``year``, or the criterion
        is unknown.
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
        if set(array.dims) != {YEAR}:
            raise ValueError(f"required_contribution_rate takes series over 'year' only; {name} has {array.dims}")
        if not np.array_equal(array[YEAR].values, years):
            raise ValueError(f"{name} must cover the same years as benefits")
    base = contribution_base.values.astype(float)
    cost = benefits.values.astype(float)
    subsidy = 0.0 if fiscal_subsidy is None else fiscal_subsidy.values.astype(float)
    inflows = 0.0 if financing_inflows is None else financing_inflows.values.astype(float)
    rate_path = _rate_path(returns, years, "returns")
    if set(rate_path.dims) != {YEAR}:
        raise ValueError(f"returns must vary by year only; it has {rate_path.dims}")
    target = float(ending_target(benefits))

    def margin(pi: float) -> float:
        balance = roll_forward(
            opening_balance=opening_balance,
            contributions=pi * base,
            fiscal_subsidy=subsidy,
            financing_inflows=inflows,
            benefits=cost,
            returns=rate_path.values,
        )["balance"]
        return float(balance.min()) if criterion == "solvency" else float(balance[-1] - target)

    if margin(0.0) >= 0.0:
        return 0.0
    if margin(cap) < 0.0:
        return float("nan")
    return float(brentq(margin, 0.0, cap, xtol=1e-15, rtol=4.0 * np.finfo(float).eps, maxiter=500))


__all__ = ["RATE_CAP", "required_contribution_rate"]
