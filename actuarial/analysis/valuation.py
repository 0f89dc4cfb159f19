"""Valuation metrics of a scheme from its annual series.

Pure functions (no I/O).  Inputs are xarray DataArrays over ``year``, the
projection years ``1..T`` (2025..end, consecutive), possibly with further
dimensions (``path``, ...) that are carried through wherever a metric is a
plain array operation.  Timing follows DESIGN §3: flows (contributions
``C_t``, fiscal subsidy ``S_t``, financing inflows ``F_t``, benefits ``E_t``,
contribution base ``W_t``) run over calendar year ``t``; stocks (the balance
``B_t``, pensioners, contributors, employed) are at 31 December of ``t``.
``B_0`` is the observed balance at 31 December of the base year (2024), the
valuation date.  Money is nominal yuan; rates are fractions.

Discounting (used by every present value here)::

    v_t   = prod_{u=1..t} (1 + d_u)^-1             end of year t  (v_0 = 1 at the valuation date)
    m_t   = v_t (1 + d_t / 2)                       flows over year t, credited at mid-year

``m_t`` gives a flow half a year of simple interest to the end of the year,
the same convention as the fund roll-forward
(:func:`actuarial.funds.rollforward.roll_forward`, ``I_t = B_{t-1} r_t + N_t r_t / 2``).
Hence, when the fund earns the discount rate (``r = d``), the roll-forward
satisfies exactly ``v_T B_T = B_0 + sum_t m_t (C_t + S_t + F_t - E_t)``: present
values and projected balances tell one story.  (``m_t`` exceeds the compound
mid-year factor ``v_{t-1} (1 + d_t)^-1/2`` by about ``d^2 / 8``: 3e-4 at 5 %.)

Ending target fund: one year's cost at the horizon, measured as the cost of
the year after it, ``E_{T+1} = E_T (E_T / E_{T-1})`` (benefits extrapolated at
their last growth rate), so that "reserve ratio at the horizon >= 1" and
"ending fund >= target" are the same condition.  This follows the 100 %
ending trust-fund ratio of the US Social Security Trustees' actuarial balance
(Trustees Report, "actuarial balance": summarized income rate minus
summarized cost rate, the latter including the cost of reaching a trust fund
equal to the following year's cost at the end of the period).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import xarray as xr
from scipy.optimize import brentq

from actuarial.demography.lifetable import N_AGES, OPEN_AGE, life_table
from actuarial.funds.rollforward import roll_forward
from actuarial.variables import label

YEAR = "year"
RATE_CAP = 1.0
"""Default upper bound of the contribution rate searched by :func:`required_contribution_rate` (100 % of the base)."""

DEFAULT_REPORT_YEARS = (2035, 2050, 2075)
"""Years reported by :func:`scheme_metrics` besides the last projection year."""

Criterion = Literal["solvency", "terminal_reserve"]


# --------------------------------------------------------------------------- helpers


def _projection_years(array: xr.DataArray, name: str = "series") -> np.ndarray:
    if YEAR not in array.dims:
        raise ValueError(f"{name} must have a 'year' dimension; it has {array.dims}")
    years = array[YEAR].values
    if years.size == 0:
        raise ValueError(f"{name} covers no year")
    if np.any(np.diff(years) != 1):
        raise ValueError(f"{name} years must be consecutive; got {years[:3]}...")
    return years


def _out(value: xr.DataArray):
    """A 0-d result as a Python float, anything else unchanged."""
    return float(value) if value.ndim == 0 else value


def _zero_if_none(flow, like: xr.DataArray) -> xr.DataArray:
    return xr.zeros_like(like) if flow is None else flow


def _rate_path(rate, years: np.ndarray, name: str) -> xr.DataArray:
    """A rate as a DataArray over ``years``: a scalar is constant, a DataArray with ``year`` is selected."""
    if isinstance(rate, xr.DataArray):
        if YEAR in rate.dims:
            missing = np.setdiff1d(years, rate[YEAR].values)
            if missing.size:
                raise ValueError(f"{name} has no value for year {int(missing[0])}")
            rate = rate.sel(year=years)
        else:
            rate = rate.expand_dims(year=years)
    else:
        values = np.asarray(rate, dtype=float)
        if values.ndim == 0:
            values = np.full(years.size, float(values))
        if values.shape != years.shape:
            raise ValueError(f"{name} must be a scalar or one value per projection year ({years.size})")
        rate = xr.DataArray(values, coords={YEAR: years}, dims=YEAR)
    if np.any(rate.values <= -1.0) or not np.all(np.isfinite(rate.values)):
        raise ValueError(f"{name} must be finite and above -1 in every year")
    return rate.astype(float)


def _ratio(numerator: xr.DataArray, denominator: xr.DataArray) -> xr.DataArray:
    """``numerator / denominator``, NaN where the denominator is zero."""
    return numerator / denominator.where(denominator != 0.0)


# --------------------------------------------------------------------------- year metrics


def _first_year(mask: xr.DataArray):
    first = mask[YEAR].where(mask).min(YEAR)
    if first.ndim == 0:
        return None if np.isnan(first.values) else int(first.values)
    return first


def first_deficit_year(
    *,
    contributions: xr.DataArray,
    benefits: xr.DataArray,
    fiscal_subsidy: xr.DataArray | None = None,
    financing_inflows: xr.DataArray | None = None,
):
    """First year whose non-investment income falls short of benefits.

    ``min { t : C_t + S_t + F_t < E_t }``; investment income is excluded, so
    this is the year the fund starts being drawn down (or would be, with no
    reserve).  A missing ``S`` or ``F`` counts as zero.

    Returns
    -------
    int or None
        The calendar year, or ``None`` if income covers benefits in every
        projection year.  With extra dimensions (e.g. ``path``): a float
        DataArray over them, NaN where there is no deficit.
    """
    _projection_years(benefits, "benefits")
    other = _zero_if_none(fiscal_subsidy, contributions) + _zero_if_none(financing_inflows, contributions)
    income = contributions + other
    return _first_year(income < benefits)


def depletion_year(balance: xr.DataArray):
    """First year whose end balance is negative: ``min { t : B_t < 0 }``.

    Returns
    -------
    int or None
        The calendar year (balance at 31 December below zero), or ``None`` if
        the fund never runs out over the horizon.  With extra dimensions: a
        float DataArray over them, NaN where it never runs out.
    """
    _projection_years(balance, "balance")
    return _first_year(balance < 0.0)


def next_year_cost(benefits: xr.DataArray) -> xr.DataArray:
    """Benefits of the year after each projection year, ``E_{t+1}``.

    For the last year ``T`` the next year is not projected; it is taken as
    ``E_{T+1} = E_T (E_T / E_{T-1})``, benefits grown at their last growth
    rate (``E_T`` itself when only one year is given or ``E_{T-1} = 0``).
    """
    years = _projection_years(benefits, "benefits")
    last = benefits.isel(year=-1, drop=True)
    if years.size > 1:
        previous = benefits.isel(year=-2, drop=True)
        growth = xr.where(previous != 0.0, last / previous.where(previous != 0.0), 1.0)
        last = last * growth
    following = benefits.shift(year=-1)
    return xr.where(benefits[YEAR] == years[-1], last, following).transpose(*benefits.dims)


def ending_target(benefits: xr.DataArray) -> xr.DataArray:
    """Ending target fund: one year's cost at the horizon, ``E_{T+1}`` of :func:`next_year_cost`."""
    return next_year_cost(benefits).isel(year=-1, drop=True)


def reserve_ratio(*, balance: xr.DataArray, benefits: xr.DataArray) -> xr.DataArray:
    """Reserve ratio in years of expenditure: ``B_t / E_{t+1}``.

    The balance at 31 December of ``t`` against the benefits of the following
    year; for the last projection year ``E_{T+1} = E_T (E_T / E_{T-1})``
    (:func:`next_year_cost`).  NaN where next year's benefits are zero.
    """
    return _ratio(balance, next_year_cost(benefits))


def cost_rate(*, benefits: xr.DataArray, contribution_base: xr.DataArray) -> xr.DataArray:
    """PAYG cost rate ``E_t / W_t``: benefits over the contribution base (payroll on which contributions are levied)."""
    return _ratio(benefits, contribution_base)


def income_rate(
    *, contributions: xr.DataArray, contribution_base: xr.DataArray, fiscal_subsidy: xr.DataArray | None = None
) -> xr.DataArray:
    """Income rate ``(C_t + S_t) / W_t``; contributions only (``C_t / W_t``) when ``fiscal_subsidy`` is None.

    Investment income and financing inflows are excluded.
    """
    income = contributions if fiscal_subsidy is None else contributions + fiscal_subsidy
    return _ratio(income, contribution_base)


def system_dependency_ratio(*, pensioners: xr.DataArray, contributors: xr.DataArray) -> xr.DataArray:
    """System dependency ratio: pensioners / contributors, both at 31 December."""
    return _ratio(pensioners, contributors)


def replacement_rate(*, average_pension: xr.DataArray, average_wage: xr.DataArray) -> xr.DataArray:
    """Aggregate replacement rate: average pension / average wage (both annual amounts over the year)."""
    return _ratio(average_pension, average_wage)


def coverage_rate(*, contributors: xr.DataArray, employed: xr.DataArray) -> xr.DataArray:
    """Coverage rate: contributors / employed persons, both at 31 December."""
    return _ratio(contributors, employed)


# --------------------------------------------------------------------------- present values


def discount_factors(discount, years) -> xr.DataArray:
    """End-of-year discount factors ``v_t = prod_{u<=t} (1 + d_u)^-1`` over the projection years.

    ``discount`` is a scalar (constant rate) or a DataArray with ``year``
    covering ``years`` (other dimensions, e.g. ``path``, are kept).  ``v_t``
    brings a stock at 31 December of ``t`` back to 31 December of the base year.
    """
    years = np.asarray(years)
    rate = _rate_path(discount, years, "discount")
    return 1.0 / (1.0 + rate).cumprod(YEAR)


def mid_year_factors(discount, years) -> xr.DataArray:
    """Discount factors for flows over year ``t``: ``m_t = v_t (1 + d_t / 2)`` (module docstring)."""
    years = np.asarray(years)
    rate = _rate_path(discount, years, "discount")
    return (1.0 + rate / 2.0) / (1.0 + rate).cumprod(YEAR)


def present_value(series: xr.DataArray, discount):
    """Present value at 31 December of the base year of a flow over the projection years.

    ``PV = sum_t X_t m_t``, ``m_t = v_t (1 + d_t / 2)``, ``v_t = prod_{u<=t} (1 + d_u)^-1``:
    flows over year ``t`` are taken at mid-year and earn half a year of
    simple interest to its end (the fund's convention), then are discounted
    by whole years.

    Parameters
    ----------
    series : xarray.DataArray
        The flow over ``year`` (consecutive projection years).
    discount : float or xarray.DataArray
        Nominal discount rate ``d_t``, constant or by year.

    Returns
    -------
    float, or a DataArray over the dimensions other than ``year``.
    """
    return _out(_present_value(series, discount))


def _present_value(series: xr.DataArray, discount) -> xr.DataArray:
    years = _projection_years(series)
    return (series * mid_year_factors(discount, years)).sum(YEAR, skipna=False)


def summarized_rates(
    *,
    contributions: xr.DataArray,
    benefits: xr.DataArray,
    contribution_base: xr.DataArray,
    opening_balance,
    discount,
    fiscal_subsidy: xr.DataArray | None = None,
    financing_inflows: xr.DataArray | None = None,
) -> dict:
    """Summarized income rate, summarized cost rate and their difference, the actuarial balance.

    ::

        SIR = (B_0 + PV(C + S + F)) / PV(W)
        SCR = (PV(E) + v_T E_{T+1}) / PV(W)
        AB  = SIR - SCR

    ``PV`` as in :func:`present_value`; ``v_T E_{T+1}`` is the present value
    of the ending target fund, one year's cost at the horizon
    (:func:`ending_target`).  Investment income is excluded from income: it
    is what discounting accounts for.  A missing ``S`` or ``F`` counts as zero.
    Source: US Social Security Trustees Report, definitions of the
    summarized income and cost rates and of the actuarial balance.

    Returns
    -------
    dict with ``summarized_income_rate``, ``summarized_cost_rate``,
    ``actuarial_balance`` (fractions of the base; floats, or DataArrays over
    extra dimensions).
    """
    years = _projection_years(benefits, "benefits")
    other = _zero_if_none(fiscal_subsidy, benefits) + _zero_if_none(financing_inflows, benefits)
    pv_base = _present_value(contribution_base, discount)
    pv_income = _present_value(contributions + other, discount)
    pv_cost = _present_value(benefits, discount)
    target = ending_target(benefits) * discount_factors(discount, years).isel(year=-1, drop=True)
    income = (opening_balance + pv_income) / pv_base
    cost = (pv_cost + target) / pv_base
    return {
        "summarized_income_rate": _out(income),
        "summarized_cost_rate": _out(cost),
        "actuarial_balance": _out(income - cost),
    }


def actuarial_balance(
    *,
    contributions: xr.DataArray,
    benefits: xr.DataArray,
    contribution_base: xr.DataArray,
    opening_balance,
    discount,
    fiscal_subsidy: xr.DataArray | None = None,
    financing_inflows: xr.DataArray | None = None,
):
    """Actuarial balance over the horizon, as a fraction of the contribution base.

    ::

        AB = (B_0 + PV(C + S + F) - PV(E) - v_T E_{T+1}) / PV(W)

    the US Social Security Trustees' summarized income rate minus summarized
    cost rate with an ending target fund of one year's cost
    (:func:`summarized_rates`).  ``AB >= 0`` means the scheme, with income as
    projected and the fund earning the discount rate, ends the horizon with
    at least one year's cost in reserve.  ``AB`` equals the present-value
    average effective contribution rate ``PV(C) / PV(W)`` minus the
    :func:`general_average_premium`.
    """
    return summarized_rates(
        contributions=contributions,
        benefits=benefits,
        contribution_base=contribution_base,
        opening_balance=opening_balance,
        discount=discount,
        fiscal_subsidy=fiscal_subsidy,
        financing_inflows=financing_inflows,
    )["actuarial_balance"]


def general_average_premium(
    *,
    benefits: xr.DataArray,
    contribution_base: xr.DataArray,
    opening_balance,
    discount,
    fiscal_subsidy: xr.DataArray | None = None,
    financing_inflows: xr.DataArray | None = None,
):
    """General average premium: the constant contribution rate that balances the horizon.

    ::

        GAP = (PV(E) + v_T E_{T+1} - B_0 - PV(S + F)) / PV(W)

    the rate ``pi`` on the base from the first projection year such that
    contributions ``C_t = pi W_t`` give an actuarial balance of zero
    (:func:`actuarial_balance`): the opening fund, the other non-investment
    income and the contributions meet the benefits and leave the ending
    target fund (one year's cost) at the horizon.  Equivalently, when the
    fund earns the discount rate, ``B_T = E_{T+1}`` exactly.  ILO/ISSA usage
    ("general average premium" of a scheme's financial system) with the
    Trustees' ending-fund target.
    """
    zero = xr.zeros_like(benefits)
    rates = summarized_rates(
        contributions=zero,
        benefits=benefits,
        contribution_base=contribution_base,
        opening_balance=opening_balance,
        discount=discount,
        fiscal_subsidy=fiscal_subsidy,
        financing_inflows=financing_inflows,
    )
    return -rates["actuarial_balance"]


# --------------------------------------------------------------------------- required contribution rate


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


# --------------------------------------------------------------------------- implicit pension debt


@dataclass(frozen=True)
class PensionDebt:
    """Accrued-to-date implicit pension debt (closed group) at 31 December of the base year.

    Attributes
    ----------
    in_payment : float
        PV of pensions in payment (yuan).
    accrued_active : float
        PV of pensions accrued to date by active members (yuan).
    cells : xarray.Dataset
        By (sex, age): ``annuity_in_payment`` (PV of 1 yuan a year of base-year
        pension, indexed), ``pv_in_payment`` and, when accrued pensions are
        given, ``annuity_deferred`` and ``pv_accrued_active``.
    """

    in_payment: float
    accrued_active: float
    cells: xr.Dataset

    @property
    def total(self) -> float:
        """``in_payment + accrued_active``."""
        return self.in_payment + self.accrued_active


def _cell_survival(mx: np.ndarray, sex: str, horizon: int) -> np.ndarray:
    """``p[x, k]``: expected share of the base-year age group ``x`` alive ``k`` years later (k = 0..horizon)."""
    table = life_table(mx, sex=sex)
    m_open = mx[OPEN_AGE]
    beyond = np.arange(horizon + 1)
    l_open = table.lx[OPEN_AGE] * np.exp(-m_open * beyond)        # l_{100+j}
    person_years = np.concatenate([table.Lx[:OPEN_AGE], l_open * (-np.expm1(-m_open)) / m_open])
    closed = np.arange(OPEN_AGE)[:, None] + beyond[None, :]
    mass = np.vstack([person_years[closed], (l_open / m_open)[None, :]])   # L_{x+k}; T_{100+k} for 100+
    start = mass[:, :1]
    return np.divide(mass, start, out=np.zeros_like(mass), where=start > 0.0)


def implicit_pension_debt(
    *,
    mx: xr.DataArray,
    pensioners: xr.DataArray,
    average_pension,
    discount: float,
    indexation: float,
    accrued_pension: xr.DataArray | None = None,
    retirement_age=None,
    revaluation: float | None = None,
    horizon: int = 200,
) -> PensionDebt:
    """Accrued-to-date implicit pension debt of a closed group, at 31 December of the base year.

    Parameters
    ----------
    mx : xarray.DataArray (sex, age)
        Base-year central death rates, ages 0..100 (100 = open group 100+).
        Mortality is **static** at the base-year level (no improvement), an
        understatement of the debt when mortality improves.
    pensioners : xarray.DataArray (sex, age)
        Pensions in payment at 31 December (persons).
    average_pension : float or xarray.DataArray (sex, age)
        Annual pension per pensioner in the base year (yuan/year).
    discount, indexation : float
        Constant nominal discount rate ``d`` and indexation rate ``i`` of
        pensions in payment.
    accrued_pension : xarray.DataArray (sex, age), optional
        Total annual pension accrued to date by the active members of each
        cell (yuan/year, base-year terms); ``None`` for pensions in payment only.
    retirement_age : float or xarray.DataArray over sex and/or age
        Exact age ``R`` at which each cell of active members retires (may be
        fractional); required with ``accrued_pension``.
    revaluation : float, optional
        Growth ``rho`` of accrued pensions until retirement; defaults to
        ``indexation``.  0 gives the strict accrued-benefit obligation; wage
        growth gives the projected-unit flavour of Chinese wage-linked rights.
    horizon : int
        Years summed (the open group runs off geometrically; 200 is ample).

    Returns
    -------
    PensionDebt

    Notes
    -----
    Age group ``x`` at 31 December (completed age, mean exact age ``x + 1/2``)
    survives ``k`` years with ``p_k(x) = L_{x+k} / L_x`` (the cohort-component
    survival ratio, stationary within the group), and ``p_k(100+) =
    T_{100+k} / T_100 = exp(-k m_100)``; beyond age 100 the life table's
    constant hazard ``m_100`` continues (``L_y = l_100 e^{-m (y-100)} (1 -
    e^{-m}) / m``).  Pensions are paid through the year: person-years in year
    ``k`` are ``(p_{k-1} + p_k) / 2`` and the payment is discounted at
    mid-year, ``(1 + d)^-k (1 + d / 2)`` (:func:`present_value`)::

        pensioner:  a(x)   = sum_{k>=1} (p_{k-1} + p_k)/2 (1 + i)^k (1 + d)^-k (1 + d/2)
        active:     a_R(x) = sum_{k>=1} (p_{k-1} + p_k)/2 w_k (1 + rho)^{n_k} (1 + i)^{k - n_k} (1 + d)^-k (1 + d/2)
                    w_k = clip(x + k + 1/2 - R, 0, 1)     share of year k the cell spends retired
                    n_k = min(k, max(R - x - 1/2, 0))      years of revaluation before retirement
        IPD = sum_{s,x} [N^P(s,x) P(s,x) a(s,x) + A(s,x) a_R(s,x)]

    The base-year pension ``P`` is first indexed in year 1 (2025).  Closed
    group: no new entrants, no further accrual; actives leave only by death
    (no withdrawal, disability or survivor benefits; a refund of the
    individual account on death is not valued).

    Raises
    ------
    ValueError
        On missing ages/sexes, non-positive ``1 + d``, or accrued pensions
        without retirement ages.
    """
    if set(mx.dims) != {"sex", "age"}:
        raise ValueError(f"mx must be (sex, age) of the base year; it has {mx.dims}")
    if not np.array_equal(np.sort(mx["age"].values), np.arange(N_AGES)):
        raise ValueError(f"mx must cover single ages 0..{OPEN_AGE}")
    if discount <= -1.0 or indexation <= -1.0:
        raise ValueError("discount and indexation must exceed -1")
    rho = indexation if revaluation is None else revaluation
    mx = mx.transpose("sex", "age").sortby("age")
    sexes = [str(s) for s in mx["sex"].values]
    survival = xr.DataArray(
        np.stack([_cell_survival(mx.sel(sex=s).values, s, horizon) for s in sexes]),
        coords={"sex": sexes, "age": np.arange(N_AGES), "k": np.arange(horizon + 1)},
        dims=("sex", "age", "k"),
    )
    k = xr.DataArray(np.arange(1, horizon + 1), coords={"k": np.arange(1, horizon + 1)}, dims="k")
    person_years = 0.5 * (survival.isel(k=slice(0, -1)).assign_coords(k=k.values) + survival.isel(k=slice(1, None)))
    mid_discount = (1.0 + discount) ** (-k) * (1.0 + discount / 2.0)

    annuity = (person_years * (1.0 + indexation) ** k * mid_discount).sum("k")
    cells = {"annuity_in_payment": annuity.sel(sex=pensioners["sex"].values, age=pensioners["age"].values)}
    pv_in_payment = pensioners * average_pension * cells["annuity_in_payment"]
    cells["pv_in_payment"] = pv_in_payment
    pv_active = 0.0
    if accrued_pension is not None:
        if retirement_age is None:
            raise ValueError("retirement_age is required to value accrued pensions of active members")
        age = accrued_pension["age"]
        grid = accrued_pension.astype(float) * 0.0
        ret = retirement_age if isinstance(retirement_age, xr.DataArray) else xr.DataArray(float(retirement_age))
        if set(ret.dims) - {"sex", "age"}:
            raise ValueError(f"retirement_age may vary by sex and age only; it has {ret.dims}")
        grid, ret = xr.align(grid, ret, join="left")
        ret = ret.broadcast_like(grid)
        if ret.isnull().any():
            raise ValueError("retirement_age must give a value for every (sex, age) cell of accrued_pension")
        share_retired = (age + k + 0.5 - ret).clip(0.0, 1.0)
        until = (ret - age - 0.5).clip(min=0.0)
        deferral = xr.where(k < until, k, until)
        amount = (1.0 + rho) ** deferral * (1.0 + indexation) ** (k - deferral)
        cell_years = person_years.sel(sex=accrued_pension["sex"].values, age=age.values)
        cells["annuity_deferred"] = (cell_years * share_retired * amount * mid_discount).sum("k")
        cells["pv_accrued_active"] = accrued_pension * cells["annuity_deferred"]
        pv_active = float(cells["pv_accrued_active"].sum())
    dataset = xr.Dataset(cells)
    label(dataset, {
        "annuity_in_payment": ("PV of 1 yuan a year of base-year pension in payment, indexed", "yuan per yuan/year"),
        "pv_in_payment": ("PV of pensions in payment", "yuan"),
        "annuity_deferred": ("PV of 1 yuan a year of accrued pension, deferred to retirement", "yuan per yuan/year"),
        "pv_accrued_active": ("PV of pensions accrued by active members", "yuan"),
    })
    return PensionDebt(in_payment=float(pv_in_payment.sum()), accrued_active=pv_active, cells=dataset)


# --------------------------------------------------------------------------- metrics table


METRIC_UNITS = {
    "year": "year",
    "years": "years of expenditure",
    "rate": "fraction_of_base",
    "ratio": "ratio",
    "money": "yuan",
}


def scheme_metrics(
    scheme: str,
    series: xr.Dataset,
    *,
    opening_balance: float,
    discount,
    returns=None,
    report_years=None,
    cap: float = RATE_CAP,
) -> pd.DataFrame:
    """The valuation metrics of one scheme as rows ``scheme, metric, value, unit`` (metrics.csv, DESIGN §7).

    Parameters
    ----------
    scheme : str
        Scheme name written in the ``scheme`` column.
    series : xarray.Dataset over ``year`` (projection years only)
        Any of ``contributions, fiscal_subsidy, financing_inflows, benefits,
        investment_income, balance, contribution_base, pensioners,
        contributors, employed, average_pension, average_wage``.  Metrics
        whose inputs are absent are skipped; an absent ``fiscal_subsidy`` or
        ``financing_inflows`` counts as zero.
    opening_balance : float
        ``B_0``, the fund at 31 December of the base year (yuan).
    discount : float or xarray.DataArray
        Nominal discount rate for present values.
    returns : float or xarray.DataArray, optional
        Fund return used to roll the fund forward for the required rates;
        defaults to ``discount``.
    report_years : iterable of int, optional
        Years of the year-specific metrics; default
        :data:`DEFAULT_REPORT_YEARS` plus the last projection year.  Years
        outside the series are skipped.

    Returns
    -------
    pandas.DataFrame
        Rows, in order: ``first_deficit_year`` and ``depletion_year`` (unit
        ``year``, NaN when it never happens); ``summarized_income_rate``,
        ``summarized_cost_rate``, ``actuarial_balance``,
        ``general_average_premium``, ``required_rate_solvency``,
        ``required_rate_terminal_reserve`` (fractions of the base; NaN when
        above ``cap``); ``pv_benefits``, ``pv_contribution_base`` (yuan at
        the valuation date); then per report year ``Y``:
        ``reserve_ratio_Y`` (years of expenditure), ``cost_rate_Y``,
        ``income_rate_Y`` (contributions + subsidy), ``contribution_income_rate_Y``,
        ``system_dependency_ratio_Y``, ``replacement_rate_Y``, ``coverage_rate_Y``.
    """
    extra = set(series.dims) - {YEAR}
    if extra:
        raise ValueError(f"scheme_metrics takes series over 'year' only; got extra dimension(s) {sorted(extra)}")
    if YEAR not in series.dims:
        raise ValueError(f"series of scheme {scheme!r} must have a 'year' dimension")
    years = _projection_years(series[YEAR], "series")
    has = set(series.data_vars)
    returns = discount if returns is None else returns
    if report_years is None:
        report_years = (*DEFAULT_REPORT_YEARS, int(years[-1]))
    report = [int(y) for y in dict.fromkeys(report_years) if int(y) in set(years.tolist())]
    get = series.get
    rows: list[tuple[str, float, str]] = []

    def add(metric: str, value, kind: str) -> None:
        rows.append((metric, np.nan if value is None else float(value), METRIC_UNITS[kind]))

    other = {"fiscal_subsidy": get("fiscal_subsidy"), "financing_inflows": get("financing_inflows")}
    if {"contributions", "benefits"} <= has:
        deficit = first_deficit_year(contributions=series.contributions, benefits=series.benefits, **other)
        add("first_deficit_year", deficit, "year")
    if "balance" in has:
        add("depletion_year", depletion_year(series.balance), "year")
    if {"benefits", "contribution_base"} <= has:
        common = dict(benefits=series.benefits, contribution_base=series.contribution_base, **other)
        if "contributions" in has:
            rates = summarized_rates(
                contributions=series.contributions, opening_balance=opening_balance, discount=discount, **common
            )
            for name in ("summarized_income_rate", "summarized_cost_rate", "actuarial_balance"):
                add(name, rates[name], "rate")
        premium = general_average_premium(opening_balance=opening_balance, discount=discount, **common)
        add("general_average_premium", premium, "rate")
        for criterion in ("solvency", "terminal_reserve"):
            value = required_contribution_rate(
                opening_balance=opening_balance, returns=returns, criterion=criterion, cap=cap, **common
            )
            add(f"required_rate_{criterion}", value, "rate")
        add("pv_benefits", present_value(series.benefits, discount), "money")
        add("pv_contribution_base", present_value(series.contribution_base, discount), "money")

    by_year: list[tuple[str, xr.DataArray, str]] = []
    if {"balance", "benefits"} <= has:
        by_year.append(("reserve_ratio", reserve_ratio(balance=series.balance, benefits=series.benefits), "years"))
    if {"benefits", "contribution_base"} <= has:
        costs = cost_rate(benefits=series.benefits, contribution_base=series.contribution_base)
        by_year.append(("cost_rate", costs, "rate"))
    if {"contributions", "contribution_base"} <= has:
        base = series.contribution_base
        subsidy = _zero_if_none(get("fiscal_subsidy"), base)
        total = income_rate(contributions=series.contributions, contribution_base=base, fiscal_subsidy=subsidy)
        by_year.append(("income_rate", total, "rate"))
        only = income_rate(contributions=series.contributions, contribution_base=base)
        by_year.append(("contribution_income_rate", only, "rate"))
    if {"pensioners", "contributors"} <= has:
        dependency = system_dependency_ratio(pensioners=series.pensioners, contributors=series.contributors)
        by_year.append(("system_dependency_ratio", dependency, "ratio"))
    if {"average_pension", "average_wage"} <= has:
        replacement = replacement_rate(average_pension=series.average_pension, average_wage=series.average_wage)
        by_year.append(("replacement_rate", replacement, "ratio"))
    if {"contributors", "employed"} <= has:
        coverage = coverage_rate(contributors=series.contributors, employed=series.employed)
        by_year.append(("coverage_rate", coverage, "ratio"))
    for name, values, kind in by_year:
        for year in report:
            add(f"{name}_{year}", values.sel(year=year).values, kind)

    frame = pd.DataFrame(rows, columns=["metric", "value", "unit"])
    frame.insert(0, "scheme", scheme)
    return frame


__all__ = [
    "DEFAULT_REPORT_YEARS",
    "METRIC_UNITS",
    "PensionDebt",
    "RATE_CAP",
    "actuarial_balance",
    "cost_rate",
    "coverage_rate",
    "depletion_year",
    "discount_factors",
    "ending_target",
    "first_deficit_year",
    "general_average_premium",
    "implicit_pension_debt",
    "income_rate",
    "mid_year_factors",
    "next_year_cost",
    "present_value",
    "replacement_rate",
    "required_contribution_rate",
    "reserve_ratio",
    "scheme_metrics",
    "summarized_rates",
    "system_dependency_ratio",
]
