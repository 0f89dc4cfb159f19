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

Pay-as-you-go closure (:func:`close_pay_as_you_go`, DESIGN §funds: "reduced
payable benefits").  Beside the borrowing balance, the same flows are rolled
with the balance floored at zero.  Scheduled expenditure ``X_t = E_t + O_t``
is paid at mid-year from the year's resources, the mid-year value of what the
fund holds and receives::

    R_t = B^c_{t-1} (1 + r_t) / (1 + r_t / 2) + C_t + S_t + F_t

(paying ``R_t`` at mid-year leaves exactly zero at 31 December under the
timing above).  While ``R_t >= X_t`` the closed balance ``B^c_t`` is the
balance ``B_t``; otherwise the fund pays ``P_t = max(R_t, 0)``, ends the year
at zero, the payable share is ``P_t / X_t`` and the residual subsidy, the
extra fiscal transfer that would pay ``X_t`` in full, is ``X_t - R_t``
(``= X_t - P_t`` unless negative financing inflows, fund-serviced debt,
exceed what the fund holds).

Closure rules (:func:`close_fund`, DESIGN §funds; the rule is the fund's
:class:`actuarial.funds.record.Closure`).  With ``Bp_t = B_{t-1} (1 + r_t) + (C_t + S_t + F_t - X_t)(1 + r_t / 2)``
the year's balance before closure and ``R_t`` the mid-year resources above::

    borrowing     B_t = Bp_t (may be negative; the roll-forward above)
    backstop      G_t = max(X_t - R_t, 0) when Bp_t < 0, paid at mid-year:  B_t = max(Bp_t, 0)
                  (Social Insurance Law art. 65: governments cover the shortfall; G_t is a fiscal cost)
    spending_cap  paid P_t = min(X_t, max(R_t, 0)) when Bp_t < 0;  cost shifted to patients X_t - P_t;
                  B_t = max(Bp_t, 0) (a backstop only for what negative financing inflows take out)
    rate_rule     H_t = max(m X_t / 12 - Bp_t, 0) / (1 + r_t / 2) extra contributions at mid-year:
                  B_t = max(Bp_t, m X_t / 12)  (m: target months of the year's expenditure)

and in every case ``I_t = B_{t-1} r_t + (C_t + S_t + F_t + G_t + H_t - P_t - O_t) r_t / 2``, so that
``B_t - B_{t-1} = C_t + S_t + F_t + G_t + H_t + I_t - P_t - O_t`` (``P_t = E_t`` unless the cap binds).
The reserve in months is ``12 B_t / X_t`` (the year's scheduled expenditure).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from actuarial.funds.record import Closure, FundFlows
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


def close_pay_as_you_go(*, opening_balance, contributions, returns, fiscal_subsidy=0.0, financing_inflows=0.0,
                        benefits=0.0, other_outflows=0.0, drawdown: float | None = None) -> dict[str, np.ndarray]:
    """Roll the flows of :func:`roll_forward` with the balance floored at zero; pay scheduled expenditure in
    proportion once the fund's own resources fall short (module docstring, pay-as-you-go closure).

    Parameters are those of :func:`roll_forward` (no borrowing rate: the closed balance is never negative;
    a negative ``opening_balance`` counts as zero).  With ``drawdown``, scheduled spending is
    ``pi (B^c_{t-1} + C_t + S_t + F_t)`` on the closed balance.

    Returns
    -------
    dict of ndarray
        ``balance`` (``B^c_t >= 0`` at 31 December; equal to :func:`roll_forward`'s balance, bit for bit,
        until the first year its resources fall short), ``payable_share`` (``P_t / X_t``, in [0, 1]; 1 in
        a year with nothing scheduled), ``residual_subsidy`` (``max(X_t - R_t, 0)``, yuan over the year) and
        ``payable`` (``P_t = X_t - residual`` when ``R_t >= 0``), in the broadcast shape of the flows.
    """
    c, s, f, e, o, r = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (
        contributions, fiscal_subsidy, financing_inflows, benefits, other_outflows, returns)))
    previous = np.maximum(np.broadcast_to(np.asarray(opening_balance, dtype=float), c.shape[:-1]), 0.0)
    inflow = c + s + f
    balance, share, residual, payable = (np.empty(c.shape) for _ in range(4))
    for t in range(c.shape[-1]):
        rate = r[..., t]
        spent = e[..., t] if drawdown is None else drawdown * (previous + inflow[..., t])
        net = inflow[..., t] - spent - o[..., t]
        full = previous + net + (previous * rate + net * rate / 2.0)  # roll_forward's arithmetic, balance >= 0
        scheduled = spent + o[..., t]
        resources = previous * (1.0 + rate) / (1.0 + rate / 2.0) + inflow[..., t]
        short = full < 0.0
        paid = np.where(short, np.clip(resources, 0.0, scheduled), scheduled)  # clip: rounding at the margin
        residual[..., t] = np.where(short, np.maximum(scheduled - resources, 0.0), 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            share[..., t] = np.where(short & (scheduled > 0.0), paid / scheduled, 1.0)
        payable[..., t] = paid
        previous = np.where(short, 0.0, full)
        balance[..., t] = previous
    return {"balance": balance, "payable_share": share, "residual_subsidy": residual, "payable": payable}


def close_fund(*, closure: Closure, opening_balance, contributions, returns, fiscal_subsidy=0.0, financing_inflows=0.0,
               benefits=0.0, other_outflows=0.0, borrowing_returns=None, drawdown: float | None = None,
               ) -> dict[str, np.ndarray]:
    """Roll a fund forward under its closure rule (module docstring, closure rules).

    Parameters are those of :func:`roll_forward` and ``closure`` (:class:`actuarial.funds.record.Closure`); under a
    rule other than ``borrowing`` a negative ``opening_balance`` counts as zero.

    Returns
    -------
    dict of ndarray
        ``balance`` (``B_t``), ``investment_income`` (``I_t``), ``benefits`` (scheduled ``E_t``, as given or
        drawn down), ``backstop`` (``G_t``), ``cost_shifted`` (``X_t - P_t``), ``closure_contributions``
        (``H_t``) and ``reserve_months`` (``12 B_t / X_t``, 0 in a year with nothing scheduled), in the
        broadcast shape of the flows.
    """
    if closure.rule == "borrowing":
        rolled = roll_forward(opening_balance=opening_balance, contributions=contributions, returns=returns,
                              fiscal_subsidy=fiscal_subsidy, financing_inflows=financing_inflows, benefits=benefits,
                              other_outflows=other_outflows, borrowing_returns=borrowing_returns, drawdown=drawdown)
        zero = np.zeros_like(rolled["balance"])
        scheduled = rolled["benefits"] + np.broadcast_to(np.asarray(other_outflows, dtype=float), zero.shape)
        return {**rolled, "backstop": zero, "cost_shifted": zero, "closure_contributions": zero,
                "reserve_months": _months(rolled["balance"], scheduled)}
    c, s, f, e, o, r = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (
        contributions, fiscal_subsidy, financing_inflows, benefits, other_outflows, returns)))
    previous = np.maximum(np.broadcast_to(np.asarray(opening_balance, dtype=float), c.shape[:-1]), 0.0)
    inflow = c + s + f
    out = {name: np.zeros(c.shape) for name in ("balance", "investment_income", "benefits", "backstop", "cost_shifted",
                                                "closure_contributions", "reserve_months")}
    for t in range(c.shape[-1]):
        rate = r[..., t]
        spent = e[..., t] if drawdown is None else drawdown * (previous + inflow[..., t])
        scheduled = spent + o[..., t]
        flow = inflow[..., t] - scheduled
        income = previous * rate + flow * rate / 2.0
        before = previous + flow + income  # roll_forward's arithmetic (bit for bit while the rule does not bind)
        resources = previous * (1.0 + rate) / (1.0 + rate / 2.0) + inflow[..., t]
        short = before < 0.0
        backstop = np.zeros_like(before)
        shifted = np.zeros_like(before)
        extra = np.zeros_like(before)
        if closure.rule == "backstop":
            backstop = np.where(short, np.maximum(scheduled - resources, 0.0), 0.0)
            floor = np.zeros_like(before)
        elif closure.rule == "spending_cap":
            shifted = np.where(short, scheduled - np.clip(resources, 0.0, scheduled), 0.0)
            backstop = np.where(short, np.maximum(-resources, 0.0), 0.0)
            floor = np.zeros_like(before)
        else:  # rate_rule
            floor = closure.target_months / 12.0 * scheduled
            short = before < floor
            extra = np.where(short, (floor - before) / (1.0 + rate / 2.0), 0.0)
        net = inflow[..., t] + backstop + extra - (scheduled - shifted)
        balance = np.where(short, floor, before)
        # where the rule binds, I_t = B_{t-1} r + net r / 2 to rounding, taken as the rest so the identity is exact
        out["investment_income"][..., t] = np.where(short, balance - previous - net, income)
        out["balance"][..., t] = balance
        out["benefits"][..., t] = spent
        out["backstop"][..., t], out["cost_shifted"][..., t] = backstop, shifted
        out["closure_contributions"][..., t] = extra
        out["reserve_months"][..., t] = _months(balance, scheduled)
        previous = balance
    return out


def _months(balance: np.ndarray, scheduled: np.ndarray) -> np.ndarray:
    """``12 B / X``: the reserve in months of the year's expenditure (0 where nothing is scheduled, or less than
    1e-9 of the balance: no finite number of months)."""
    scheduled = np.asarray(scheduled, dtype=float)
    return np.divide(12.0 * balance, scheduled, out=np.zeros(np.shape(balance)),
                     where=scheduled > 1e-9 * np.abs(balance))


def fund_outputs(flows: FundFlows, *, financing: dict[str, np.ndarray] | None = None,
                 returns: np.ndarray | None = None, paths: np.ndarray | None = None) -> xr.Dataset:
    """Roll one fund forward and label its outputs, base year first.

    Every fund gets the same variables, named ``{prefix}_...`` after
    :data:`actuarial.variables.FUND_PREFIXES`: ``financing_inflows``,
    ``investment_income`` and ``fund_balance`` under the fund's closure rule (:func:`close_fund`; with its
    ``backstop``, ``cost_shifted``, ``closure_contributions``, ``closure_rate`` (extra contributions over the
    contribution base, over contributions where the fund has none) and ``reserve_months``),
    ``fund_balance_borrowing`` (the same flows with a balance free to go negative),
    ``fund_balance_without_subsidy``
    (the same, with no fiscal subsidy from the first projection year), ``fund_return``
    (with the financing options; the base year: the return it was opened with),
    ``financing_fiscal_cost``, ``financing_debt_stock``,
    ``financing_treasury_debt`` (zero without financing options), the
    pay-as-you-go closure of :func:`close_pay_as_you_go` with the subsidy and
    financing (``fund_balance_closed``, ``benefits_payable_share``,
    ``residual_subsidy``; the balance series above are unchanged by it) and, for a
    fund that sets its own spending, ``benefits``.  The base year holds the
    observation (:class:`actuarial.funds.record.BaseYear`), no financing (share 1, residual 0).

    Parameters
    ----------
    flows : the fund's flows.
    financing : arrays over the projection years from
        :func:`actuarial.funds.options.finance_fund` (``inflows``,
        ``fiscal_cost``, ``debt_stock``, ``treasury_debt``); none: zeros.
    returns : the return with the financing options (investment mandates);
        a negative balance still borrows at the fund's own return.
    paths : the path labels of a stacked run (a chunk of paths): the flows are then (path, year) or (year)
        and the base year's figures (path) or numbers, and every output is (path, year).
    """
    zero = np.zeros((*np.shape(paths), flows.years.size))
    financing = financing or {}
    inflows = financing.get("inflows", zero)
    contributions = np.broadcast_to(np.asarray(flows.contributions, dtype=float), zero.shape)
    common = dict(opening_balance=flows.base.balance, contributions=contributions, financing_inflows=inflows,
                  benefits=flows.benefits, other_outflows=flows.other_outflows, drawdown=flows.drawdown,
                  returns=flows.returns if returns is None else returns, borrowing_returns=flows.returns)
    rolled = roll_forward(fiscal_subsidy=flows.fiscal_subsidy, **common)
    without = roll_forward(fiscal_subsidy=0.0, **common) if np.any(flows.fiscal_subsidy) else rolled
    closed = close_pay_as_you_go(fiscal_subsidy=flows.fiscal_subsidy,
                                 **{k: v for k, v in common.items() if k != "borrowing_returns"})
    closure = flows.closure_rule
    ruled = close_fund(closure=closure, fiscal_subsidy=flows.fiscal_subsidy, **common)
    base = flows.base
    base_spending = base.expenditure if base.expenditure is not None else ruled["benefits"][..., 0]
    base_other = np.broadcast_to(np.asarray(flows.other_outflows, dtype=float), zero.shape)[..., 0] \
        if base.expenditure is None else 0.0
    scale = flows.contribution_base if flows.contribution_base is not None else contributions
    rate = np.divide(ruled["closure_contributions"], scale, out=np.zeros(zero.shape), where=np.asarray(scale) > 0.0)
    series = {
        "fund_return": (base.rate, common["returns"]),
        "financing_inflows": (0.0, inflows),
        "investment_income": (base.investment_income, ruled["investment_income"]),
        "fund_balance": (base.balance, ruled["balance"]),
        "fund_balance_borrowing": (base.balance, rolled["balance"]),
        "fund_balance_without_subsidy": (base.balance, without["balance"]),
        "financing_fiscal_cost": (0.0, financing.get("fiscal_cost", zero)),
        "financing_debt_stock": (0.0, financing.get("debt_stock", zero)),
        "financing_treasury_debt": (0.0, financing.get("treasury_debt", zero)),
        "fund_balance_closed": (np.maximum(base.balance, 0.0), closed["balance"]),
        "benefits_payable_share": (1.0, closed["payable_share"]),
        "residual_subsidy": (0.0, closed["residual_subsidy"]),
        "backstop": (0.0, ruled["backstop"]),
        "cost_shifted": (0.0, ruled["cost_shifted"]),
        "closure_contributions": (0.0, ruled["closure_contributions"]),
        "closure_rate": (0.0, rate),
        "reserve_months": (_months(np.broadcast_to(base.balance, zero.shape[:-1]),
                                   np.asarray(base_spending + base_other)),
                           ruled["reserve_months"]),
    }
    if flows.drawdown is not None:
        series["benefits"] = (base.expenditure, ruled["benefits"])
    years = np.concatenate([[flows.years[0] - 1], flows.years])
    lead = () if paths is None else ("path",)
    dataset = xr.Dataset(
        {f"{flows.prefix}_{name}": ((*lead, "year"), np.concatenate(
            [np.broadcast_to(first, zero.shape[:-1])[..., None], np.broadcast_to(later, zero.shape)], axis=-1))
         for name, (first, later) in series.items()},
        coords={"year": years, **({} if paths is None else {"path": paths})})
    return label(dataset)


__all__ = ["close_fund", "close_pay_as_you_go", "fund_outputs", "roll_forward"]
