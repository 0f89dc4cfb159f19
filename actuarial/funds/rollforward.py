"""The one fund roll-forward: end-of-year balances and investment income from annual flows.

Pure functions (no I/O).  Timing: flows (contributions ``C_t``, fiscal
subsidy ``S_t``, financing inflows ``F_t``, benefits ``E_t``, other outflows
``O_t``) run over calendar year ``t`` and arrive on average at mid-year;
balances ``B_t`` are stocks at 31 December of ``t``.  The base year (2024) is
observed: its end balance ``B_0`` is the opening balance of the projection,
which covers the years ``1..T`` (2025..end).  ``r_t`` is the fund's nominal
return over year ``t``.  Money is nominal yuan.

Equations::

    N_t = C_t + S_t + F_t - E_t - O_t                net cash flow (excluding investment income)
    I_t = B_{t-1} r_t + N_t r_t / 2                  investment income: opening balance for a full
                                                     year, net flow for half a year (simple interest)
    B_t = B_{t-1} + N_t + I_t                        = B_{t-1} (1 + r_t) + N_t (1 + r_t / 2)

so the accounting identity ``B_t - B_{t-1} = C_t + S_t + F_t + I_t - E_t - O_t``
holds to rounding.  A negative balance accrues at the borrowing rate (by
default the fund's own return), so a deficit stays visible in the balance
instead of being floored at zero.  A fund whose spending is a share ``pi`` of
what it holds (personal accounts) spends ``E_t = pi (B_{t-1} + C_t + S_t + F_t)``.

Discounting with the same half-year convention (``actuarial.analysis.valuation``)
makes present values exactly consistent with this roll-forward when the
discount rate equals the return.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from actuarial.funds.record import FundFlows
from actuarial.variables import label


def roll_forward(*, opening_balance, contributions, returns, fiscal_subsidy=0.0, financing_inflows=0.0,
                 benefits=0.0, other_outflows=0.0, borrowing_returns=None, drawdown: float | None = None,
                 ) -> dict[str, np.ndarray]:
    """Roll a fund balance forward over the projection years.

    Parameters
    ----------
    opening_balance : float or array_like
        ``B_0``, the balance at 31 December of the base year (yuan); a scalar,
        or an array broadcastable to the leading (non-year) shape of the flows,
        e.g. one balance per path.
    contributions, fiscal_subsidy, financing_inflows, benefits, other_outflows : array_like
        ``C_t, S_t, F_t, E_t, O_t``: flows over each projection year (yuan).
        The **last axis is the projection year**; leading axes (``path``, ...)
        are carried through; everything broadcasts against ``contributions``.
    returns : array_like
        ``r_t``, nominal rate of return over year ``t`` (fraction, above -1).
    borrowing_returns : array_like, optional
        Rate charged when the opening balance is negative; defaults to
        ``returns`` (used when a mandate's return applies only to money the
        fund actually has).
    drawdown : float, optional
        ``pi``: spending is ``pi (B_{t-1} + C_t + S_t + F_t)`` and ``benefits``
        is ignored (personal accounts).

    Returns
    -------
    dict of ndarray
        ``balance`` (``B_t`` at 31 December), ``investment_income`` (``I_t``)
        and ``benefits`` (``E_t``, as given or as drawn down), in the
        broadcast shape of the flows.
    """
    c, s, f, e, o, r = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (
        contributions, fiscal_subsidy, financing_inflows, benefits, other_outflows, returns)))
    borrow = r if borrowing_returns is None else np.broadcast_to(np.asarray(borrowing_returns, dtype=float), r.shape)
    previous = np.broadcast_to(np.asarray(opening_balance, dtype=float), c.shape[:-1]).copy()
    inflow = c + s + f
    spent = e.copy() if drawdown is None else np.empty(c.shape)
    net = inflow - e - o
    balance, income = np.empty(c.shape), np.empty(c.shape)
    for t in range(c.shape[-1]):
        if drawdown is not None:
            spent[..., t] = drawdown * (previous + inflow[..., t])
            net[..., t] = inflow[..., t] - spent[..., t] - o[..., t]
        rate = np.where(previous < 0.0, borrow[..., t], r[..., t])
        income[..., t] = previous * rate + net[..., t] * rate / 2.0
        previous = previous + net[..., t] + income[..., t]
        balance[..., t] = previous
    return {"balance": balance, "investment_income": income, "benefits": spent}


def fund_outputs(flows: FundFlows, *, financing: dict[str, np.ndarray] | None = None,
                 returns: np.ndarray | None = None) -> xr.Dataset:
    """Roll one fund forward and label its outputs, base year first.

    Every fund gets the same variables, named ``{prefix}_...`` after
    :data:`actuarial.variables.FUND_PREFIXES`: ``financing_inflows``,
    ``investment_income``, ``fund_balance``, ``fund_balance_without_subsidy``
    (the same flows with no fiscal subsidy from the first projection year), ``fund_return``
    (with the financing options; the base year: the return it was opened with),
    ``financing_fiscal_cost``, ``financing_debt_stock``,
    ``financing_treasury_debt`` (zero without financing options) and, for a
    fund that sets its own spending, ``benefits``.  The base year holds the
    observation (:class:`actuarial.funds.record.BaseYear`), no financing.

    Parameters
    ----------
    flows : the fund's flows.
    financing : arrays over the projection years from
        :func:`actuarial.funds.options.finance_fund` (``inflows``,
        ``fiscal_cost``, ``debt_stock``, ``treasury_debt``); none: zeros.
    returns : the return with the financing options (investment mandates);
        a negative balance still borrows at the fund's own return.
    """
    zero = np.zeros(flows.years.size)
    financing = financing or {}
    inflows = financing.get("inflows", zero)
    common = dict(opening_balance=flows.base.balance, contributions=flows.contributions, financing_inflows=inflows,
                  benefits=flows.benefits, other_outflows=flows.other_outflows, drawdown=flows.drawdown,
                  returns=flows.returns if returns is None else returns, borrowing_returns=flows.returns)
    rolled = roll_forward(fiscal_subsidy=flows.fiscal_subsidy, **common)
    without = roll_forward(fiscal_subsidy=0.0, **common) if np.any(flows.fiscal_subsidy) else rolled
    base = flows.base
    series = {
        "fund_return": (base.rate, common["returns"]),
        "financing_inflows": (0.0, inflows),
        "investment_income": (base.investment_income, rolled["investment_income"]),
        "fund_balance": (base.balance, rolled["balance"]),
        "fund_balance_without_subsidy": (base.balance, without["balance"]),
        "financing_fiscal_cost": (0.0, financing.get("fiscal_cost", zero)),
        "financing_debt_stock": (0.0, financing.get("debt_stock", zero)),
        "financing_treasury_debt": (0.0, financing.get("treasury_debt", zero)),
    }
    if flows.drawdown is not None:
        series["benefits"] = (base.expenditure, rolled["benefits"])
    years = np.concatenate([[flows.years[0] - 1], flows.years])
    dataset = xr.Dataset({f"{flows.prefix}_{name}": ("year", np.concatenate([[first], np.broadcast_to(later, zero.shape)]))
                          for name, (first, later) in series.items()}, coords={"year": years})
    return label(dataset)


__all__ = ["fund_outputs", "roll_forward"]
