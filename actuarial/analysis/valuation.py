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

The required contribution rates are in :mod:`actuarial.analysis.required_rate`,
the implicit pension debt in :mod:`actuarial.analysis.pension_debt` and the
rows of a scheme's metrics in :mod:`actuarial.analysis.scheme_metrics`.

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

import numpy as np
import xarray as xr

YEAR = "year"


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
            if not np.array_equal(rate[YEAR].values, years):   # already over these years: no selection
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
    moved = benefits.transpose(..., YEAR)
    values = moved.values
    last = values[..., -1]
    if years.size > 1:
        previous = values[..., -2]
        growth = np.where(previous != 0.0, last / np.where(previous != 0.0, previous, np.nan), 1.0)
        last = last * growth
    following = np.concatenate([values[..., 1:], last[..., None]], axis=-1)  # on numpy: the labels once
    return xr.DataArray(following, coords=moved.coords, dims=moved.dims).transpose(*benefits.dims)


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
    return sum_over_years(series * mid_year_factors(discount, years))


def sum_over_years(values: xr.DataArray) -> xr.DataArray:
    """``values`` summed over ``year`` (NaN kept), each path's years summed alone as a contiguous row, so a path
    gets the same bits whatever the layout of the array and whichever other paths share it (numpy's pairwise
    summation follows memory order)."""
    moved = values.transpose(..., YEAR)
    total = np.ascontiguousarray(moved.values).sum(axis=-1)
    return xr.DataArray(total, coords={name: coord for name, coord in moved.coords.items() if YEAR not in coord.dims},
                        dims=moved.dims[:-1])


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


__all__ = [
    "actuarial_balance",
    "cost_rate",
    "coverage_rate",
    "depletion_year",
    "discount_factors",
    "ending_target",
    "first_deficit_year",
    "general_average_premium",
    "income_rate",
    "mid_year_factors",
    "next_year_cost",
    "present_value",
    "replacement_rate",
    "reserve_ratio",
    "sum_over_years",
    "summarized_rates",
    "system_dependency_ratio",
]
