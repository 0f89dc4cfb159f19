"""The accrued-to-date implicit pension debt of a closed group at the valuation date (31 December of the
base year): pensions in payment and rights accrued by active members, valued on base-year mortality.

:func:`implicit_pension_debt` values one set of rights at constant rates; :func:`debt_on_bases` gives the
standard bases of a valuation report (Holzmann, Palacios and Zviniene, *Implicit Pension Debt: Issues,
Measurement and Scope in International Perspective*, World Bank SP Discussion Paper 0403, 2004): rights
accrued to date with and without projected revaluation, of all, vested or vestable members, at 3, 4 and
5 %, the accounts at the crediting rate and the divisor of the exact retirement age."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from actuarial.demography.lifetable import N_AGES, life_table
from actuarial.dims import OPEN_AGE
from actuarial.variables import label


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
    label(dataset)
    return PensionDebt(in_payment=float(pv_in_payment.sum()), accrued_active=pv_active, cells=dataset)


DISCOUNTS = (0.03, 0.04, 0.05)
"""Discount rates of the standard bases (:func:`debt_on_bases`)."""
RIGHTS = ("accrued", "vested", "vestable")
"""Rights counted for the actives on each basis: every accrued right, or those of members who hold (``vested``) or
can still reach (``vestable``) the minimum years (:data:`actuarial.schemes.pension_employee_base.VESTING`)."""
REVALUATION = ("reval", "frozen")
"""Wage-linked rights revalued with wage growth to retirement, or frozen at base-year wages."""


def account_divisor_at(divisor: xr.DataArray, retirement_age: xr.DataArray) -> xr.DataArray:
    """The account divisor (months) at each cell's exact retirement age, interpolated linearly between whole
    ages (the kernel converts at the completed age of the retirement year: a cohort retiring at 60.25 is
    converted three quarters at 60 and one quarter at 61)."""
    ages = divisor["age"].values.astype(float)
    values = np.interp(retirement_age.values, ages, divisor.values.astype(float))
    return retirement_age.copy(data=values)


def debt_on_bases(
    *,
    mx: xr.DataArray,
    pensioners: xr.DataArray,
    average_pension,
    indexation: float,
    wage_growth: float,
    crediting: float,
    wage_linked: xr.DataArray,
    account_balance: xr.DataArray,
    retirement_age: xr.DataArray,
    divisor: xr.DataArray,
    discounts=DISCOUNTS,
) -> pd.DataFrame:
    """The accrued-to-date implicit pension debt on the standard bases (one row per basis).

    Parameters
    ----------
    mx, pensioners, average_pension, indexation : as in :func:`implicit_pension_debt`.
    wage_growth : float
        Revaluation of the wage-linked rights to retirement on the ``reval`` bases (0 on ``frozen``).
    crediting : float
        Account crediting rate ``c``: balances grow at it to retirement on every basis (it is the promise
        attached to the balance, not a revaluation of wages).
    wage_linked : xarray.DataArray (vesting, sex, age)
        Annual basic + transitional pension accrued to date at base-year wages (yuan/year), with vesting
        ``all``, ``vested``, ``vestable``.
    account_balance : xarray.DataArray (vesting, sex, age)
        Individual-account balances at 31 December of the base year (yuan), same bases.
    retirement_age : xarray.DataArray (sex, age)
        Expected exact age ``R`` at retirement of the actives.
    divisor : xarray.DataArray (age)
        Account divisor in months by whole age at retirement.
    discounts : iterable of float
        Constant nominal discount rates ``d``.

    Returns
    -------
    pandas.DataFrame
        Columns ``discount, rights, revaluation`` (:data:`RIGHTS`, :data:`REVALUATION`) and, in yuan,
        ``in_payment``, ``actives_wage_linked``, ``actives_account``, ``accounts_non_vested`` and
        ``total = in_payment + actives_wage_linked + actives_account``.

    Notes
    -----
    Every part is valued with :func:`implicit_pension_debt` (static base-year mortality, indexed life
    annuities from retirement, payments at mid-year)::

        wage-linked   A^w(s,x) revalued at rho = g (reval) or 0 (frozen) until R, then indexed at i
        account       12 B(s,x) / divisor(R) revalued at c until R, then indexed at i
        non-vested    (B_all - B_basis)(s,x) ((1 + c) / (1 + d))^max(R - x - 1/2, 0)

    The account of a member who cannot vest is refunded or carried to the resident scheme at retirement
    (and inherited on death), so it is a liability paid at ``R`` whatever the member's survival; it is
    reported as ``accounts_non_vested`` beside the total, not in it (0 on the ``accrued`` basis).  The
    refund of a vested member's account on death before retirement is not valued (as in
    :func:`implicit_pension_debt`); nor are buy-ins of missing years.
    """
    annual_account = 12.0 * account_balance / account_divisor_at(divisor, retirement_age)
    common = dict(mx=mx, pensioners=pensioners, average_pension=average_pension, indexation=indexation,
                  retirement_age=retirement_age)
    ages = retirement_age["age"]
    until = (retirement_age - ages - 0.5).clip(min=0.0)
    rows = []
    for d in discounts:
        d = float(d)
        in_payment = implicit_pension_debt(discount=d, **common).in_payment
        for rights, vesting in zip(RIGHTS, ("all", "vested", "vestable")):
            account = implicit_pension_debt(discount=d, accrued_pension=annual_account.sel(vesting=vesting),
                                            revaluation=crediting, **common).accrued_active
            non_vested = float(((account_balance.sel(vesting="all") - account_balance.sel(vesting=vesting))
                                * ((1.0 + crediting) / (1.0 + d)) ** until).sum())
            for revaluation in REVALUATION:
                rho = wage_growth if revaluation == "reval" else 0.0
                wage_part = implicit_pension_debt(discount=d, accrued_pension=wage_linked.sel(vesting=vesting),
                                                  revaluation=rho, **common).accrued_active
                rows.append((d, rights, revaluation, in_payment, wage_part, account, non_vested,
                             in_payment + wage_part + account))
    return pd.DataFrame(rows, columns=["discount", "rights", "revaluation", "in_payment", "actives_wage_linked",
                                       "actives_account", "accounts_non_vested", "total"])


__all__ = ["DISCOUNTS", "PensionDebt", "REVALUATION", "RIGHTS", "account_divisor_at", "debt_on_bases",
           "implicit_pension_debt"]
