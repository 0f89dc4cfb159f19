"""Building blocks of the resident basic pension (URRBP): transferred persons, participation, account
history and the base-year calibration.  Notation as in :mod:`actuarial.schemes.pension_resident`.

Pure functions on numpy arrays (no I/O, no labelled objects).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Mapping

import numpy as np

from actuarial.config import Assumption
from actuarial.config.calibration import also_from, calibrate, unreachable
from actuarial.dims import OPEN_AGE
from actuarial.funds.record import open_base_year
from actuarial.schemes.protocol import once_or_per_path

ENTRY_AGE = 16
"""Youngest age at which residents may join (Guofa [2014] No. 8, section 3)."""
PENSION_AGE = 60
"""Age from which the resident pension is paid (Guofa [2014] No. 8, section 7)."""
MONTHS = 12


@dataclass(frozen=True)
class ResidentCalibration:
    """Base-year quantities solved from the published figures (see :func:`calibrate_resident_pension`): floats,
    or (path,) arrays from :func:`calibrate_paths`.

    Attributes
    ----------
    participation_scale : ``k``; participation at 16-59 is ``min(1, k * profile)``.
    take_up : ``u_0``, share of residents aged 60+ outside the employee scheme drawing a pension in 2024.
    account_credit : ``a_0``, contribution plus subsidy credited per contributor in 2024 (yuan).
    contribution : ``c_0``, individual contribution per contributor in 2024 (yuan).
    basic_pension : ``b_0``, basic pension per beneficiary in 2024 (yuan a year).
    local_top_up : ``l_0``, mean local top-up above the central minimum in 2024 (yuan a month).
    investment_income : ``I_0``, implied 2024 investment income (yuan).
    account_pension_outgo : 2024 account pensions paid (yuan).
    account_balances : implied mean account balances of 2024 contributors, summed over them (yuan);
        a consistency check against the published fund balance, not a target.
    """

    participation_scale: float
    take_up: float
    account_credit: float
    contribution: float
    basic_pension: float
    local_top_up: float
    investment_income: float
    account_pension_outgo: float
    account_balances: float


def transferred_stock(transferred: np.ndarray, population: np.ndarray,
                      members: np.ndarray | None = None) -> np.ndarray:
    """Survivors of the persons transferred from the employee scheme, by year, sex and age.

    ``Q_t(s,x) = min(Q_{t-1}(s,x-1) p_t(s,x) + T_t(s,x), max(P_t(s,x) - E_t(s,x), 0))`` with the
    cohort survival ``p_t(s,x) = min(1, P_t(s,x) / P_{t-1}(s,x-1))`` read from the population
    (migration at these ages is small); the open age pools 99 and 100+.  Transfers ``T_t`` happen
    during year t and are counted alive at 31 December.  The transferred cannot outnumber the
    residents outside the employee scheme (``E`` its members): employee pensioners do not emigrate
    in this model, so when net emigration (or the small difference between the population's
    survival and the pension stage's) leaves a cohort with no other residents, the transferred
    persons absorb it.

    Parameters
    ----------
    transferred, population : arrays (..., year, sex, age), ages 0..100, base year first; leading axes
        (paths) broadcast.
    members : employee-scheme members ``E`` (contributors + pensioners), same shape; none: no ceiling.

    Returns
    -------
    ndarray (..., year, sex, age); ``Q_0 = T_0`` (within the same ceiling).
    """
    def within(stock: np.ndarray, t: int) -> np.ndarray:
        if members is None:
            return stock
        return np.minimum(stock, np.maximum(population[..., t, :, :] - members[..., t, :, :], 0.0))

    shapes = (transferred.shape, population.shape, () if members is None else members.shape)
    stock = np.zeros(np.broadcast_shapes(*shapes))
    stock[..., 0, :, :] = within(transferred[..., 0, :, :], 0)
    for t in range(1, stock.shape[-3]):
        previous = stock[..., t - 1, :, :]
        aged = np.zeros_like(previous)
        aged[..., 1:] = previous[..., :-1]
        aged[..., OPEN_AGE] += previous[..., OPEN_AGE]
        last = population[..., t - 1, :, :]
        before = np.zeros_like(last, dtype=float)
        before[..., 1:] = last[..., :-1]
        before[..., OPEN_AGE] += last[..., OPEN_AGE]
        survival = np.divide(population[..., t, :, :], before, out=np.zeros_like(before), where=before > 0.0)
        stock[..., t, :, :] = within(aged * np.clip(survival, 0.0, 1.0) + transferred[..., t, :, :], t)
    return stock


def participation_rates(profile: np.ndarray, scale: float | np.ndarray) -> np.ndarray:
    """Participation ``min(1, scale * profile)`` (any shapes that broadcast)."""
    return np.minimum(1.0, scale * profile)


def participation_scale(profile: np.ndarray, eligible: np.ndarray, target: float,
                        targets: Mapping[str, Assumption]) -> float:
    """The ``k`` with ``sum min(1, k profile) eligible = target``: the sum rises with ``k`` and reaches
    every person with a positive profile at ``k = 1 / min profile``."""
    ceiling = 1.0 / float(profile[profile > 0.0].min())
    reachable = float(eligible[profile > 0.0].sum())
    return calibrate(lambda k: float((participation_rates(profile, k) * eligible).sum()) - target, 0.0, ceiling,
                     assumptions=targets, name="resident_participants_target", tolerance=1e-15,
                     rule=f"leaves {target / 1e6:,.1f} M URRBP contributors aged 16-59 (participants less "
                          "beneficiaries and transferred persons); they must lie between 0 and the "
                          f"{reachable / 1e6:,.1f} M residents aged 16-59 outside the employee scheme who may join")


def history_factors(
    *, history_years: float, growth: float, crediting: float, divisor: float, ages: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Base-year account balances and account pensions per yuan of the base-year credit ``a_0``.

    Accounts started ``H`` years before the end of the base year (the base year
    included); the credit per contributor in a past year ``y`` was
    ``a_0 (1 + gamma)^-(base - y)`` and balances earned ``r`` a year, so with
    ``rho = (1 + r) / (1 + gamma)`` and ``G(n) = sum_{j<n} rho^j``:

    * a contributor aged ``x`` (16..59) at the end of the base year has
      contributed ``n = min(x - 15, H)`` years and holds ``a_0 G(n)``;
    * a beneficiary aged ``x >= 60`` reached 59 ``x - 59`` years ago, after
      ``n = H - (x - 59)`` years of contributions (none if ``n <= 0``: the
      transitional cohorts), and draws ``12 / D * a_0 (1 + gamma)^-(x-59) G(n)`` a year.

    Returns
    -------
    (balance, pension) : arrays over ``ages``; balance is 0 outside 16..59, pension 0 below 60.
    """
    rho = (1.0 + crediting) / (1.0 + growth)

    def accumulated(years: np.ndarray) -> np.ndarray:
        years = np.clip(np.floor(years + 1e-9), 0.0, None)
        return years if abs(rho - 1.0) < 1e-12 else (rho**years - 1.0) / (rho - 1.0)

    balance = np.where(
        (ages >= ENTRY_AGE) & (ages < PENSION_AGE), accumulated(np.minimum(ages - (ENTRY_AGE - 1), history_years)), 0.0
    )
    since = ages - (PENSION_AGE - 1)
    pension = np.where(
        ages >= PENSION_AGE,
        MONTHS / divisor * (1.0 + growth) ** (-since.astype(float)) * accumulated(history_years - since),
        0.0,
    )
    return balance, pension


# --------------------------------------------------------------------------- calibration
def calibrate_resident_pension(
    parameters,
    *,
    eligible: np.ndarray,
    transferred_alive: np.ndarray,
    fund_return: float,
    subsidy_ratio: float,
) -> tuple[ResidentCalibration, np.ndarray, np.ndarray]:
    """Solve the base-year quantities from the published 2024 figures.

    Parameters
    ----------
    parameters : :class:`actuarial.schemes.pension_resident.ResidentPensionParameters`.
    eligible : (sex, age) base-year residents outside the employee scheme, transferred persons excluded (``G_0``).
    transferred_alive : (sex, age) base-year transferred persons (``Q_0``).
    fund_return, subsidy_ratio : ``r`` and ``sigma`` for the base year (the projection uses the first
        projection year's values for it).

    Notes
    -----
    With ``N*``, ``P*`` the published beneficiaries and participants, ``R``,
    ``X`` revenue and expenditure, ``B_0`` the end balance and ``r``, ``sigma``
    the base-year return and subsidy ratio::

        u_0  = (N* - sum_{60+} Q_0) / sum_{60+} G_0                 must lie in [0, 1]
        k    : sum_{16-59} min(1, k profile) G_0 = P* - N* - sum_{16-59} Q_0
        I_0  = [(B_0 - R + X) r + (R - X) r / 2] / (1 + r / 2)     (roll-forward identity solved for I_0,
                                                                     :func:`actuarial.funds.record.open_base_year`)
        alpha = sum_{60+} N_0(s,x) v(x)                              (v: account pension per yuan of a_0,
                                                                     :func:`history_factors`)
        a_0  = (R - X - I_0) / (K_0 - alpha)                       (contribution credits less account
                                                                     pensions = surplus less investment income)
        c_0  = a_0 / (1 + sigma),   b_0 = (X - alpha a_0) / N*,   l_0 = b_0 / 12 - m_0

    so that ``C_0 + S_0 + I_0 = R``, ``X_0 = X`` and ``B_0`` is the published
    balance exactly.

    Raises
    ------
    AssumptionError
        When the published figures cannot be reproduced with these inputs
        (take-up outside [0, 1], more contributors than residents who may join,
        no surplus left for contributions, a basic pension below the central
        minimum), naming the figure's assumption and its file.

    Returns
    -------
    (calibration, balance_unit, pension_unit) : the :class:`ResidentCalibration` and the
    :func:`history_factors` at the base-year return, (age).
    """
    p = parameters
    ages = np.arange(eligible.shape[-1])
    old = ages >= PENSION_AGE
    young = (ages >= ENTRY_AGE) & (ages < PENSION_AGE)
    transferred_old = float(transferred_alive[:, old].sum())
    pool_old = float(eligible[:, old].sum())
    take_up = (p.beneficiaries_target - transferred_old) / pool_old if pool_old > 0.0 else np.inf
    if not 0.0 <= take_up <= 1.0:
        raise unreachable(p.targets, "resident_beneficiaries_target",
                          f"implies a take-up of {take_up:.3f} among the {pool_old / 1e6:,.1f} M residents aged 60+ "
                          f"outside the employee scheme (plus {transferred_old / 1e6:,.1f} M transferred); it must lie "
                          "in [0, 1]")
    contributors_target = p.participants_target - p.beneficiaries_target - float(transferred_alive[:, young].sum())
    scale = participation_scale(p.participation_profile[:, young], eligible[:, young], contributors_target, p.targets)
    participation = participation_rates(p.participation_profile, scale)
    contributors = float((participation * eligible)[:, young].sum()) + float(transferred_alive[:, young].sum())

    crediting, sigma = float(fund_return), float(subsidy_ratio)
    revenue, expenditure = p.revenue_base, p.expenditure_base
    income = open_base_year(revenue=revenue, expenditure=expenditure, balance=p.fund_balance_base,
                            rate=crediting).investment_income
    balance_unit, pension_unit = history_factors(
        history_years=p.account_history_years, growth=p.contribution_growth_history,
        crediting=crediting, divisor=p.account_divisor, ages=ages,
    )
    beneficiaries = np.where(old, take_up * eligible + transferred_alive, 0.0)
    alpha = float((beneficiaries * pension_unit).sum())
    surplus = revenue - expenditure - income
    if contributors - alpha <= 0.0 or surplus <= 0.0:
        raise unreachable(p.targets, "resident_revenue_base",
                          f"leaves, after expenditure and investment income at "
                          f"{also_from(p.targets['resident_fund_return'], crediting)}, {surplus / 1e9:,.1f} bn yuan: "
                          "no positive contribution per contributor once account pensions are paid")
    credit = surplus / (contributors - alpha)
    basic = (expenditure - alpha * credit) / p.beneficiaries_target
    top_up = basic / MONTHS - p.minimum_pension_base
    if top_up < 0.0:
        raise unreachable(p.targets, "resident_expenditure_base",
                          f"implies a 2024 basic pension of {basic / MONTHS:,.1f} yuan a month, below the central "
                          f"minimum of {p.minimum_pension_base:,.1f}: account pensions are overstated by the account "
                          "history")
    balances = float((balance_unit * credit * (participation * eligible + transferred_alive))[:, young].sum())
    return ResidentCalibration(
        participation_scale=scale, take_up=take_up, account_credit=credit, contribution=credit / (1.0 + sigma),
        basic_pension=basic, local_top_up=top_up, investment_income=income,
        account_pension_outgo=alpha * credit, account_balances=balances,
    ), balance_unit, pension_unit


def calibrate_paths(
    parameters,
    *,
    eligible: np.ndarray,
    transferred_alive: np.ndarray,
    fund_return: np.ndarray,
    subsidy_ratio: np.ndarray,
) -> tuple[ResidentCalibration, np.ndarray, np.ndarray]:
    """:func:`calibrate_resident_pension` for a chunk of paths: once when its inputs are the same on every path,
    else path by path.

    Parameters
    ----------
    parameters : :class:`actuarial.schemes.pension_resident.ResidentPensionParameters`.
    eligible, transferred_alive : (path, sex, age) base-year ``G_0`` and ``Q_0``.
    fund_return, subsidy_ratio : (path,) base-year ``r`` and ``sigma``.
    Each path axis has length 1 (the same on every path) or the chunk's size.

    Returns
    -------
    (calibration, balance_unit, pension_unit) : the :class:`ResidentCalibration` with (path,) fields and the
    :func:`history_factors` at its returns, (path, age); the path axis of length 1 when calibrated once.
    """
    def solve(pool: np.ndarray, alive: np.ndarray, crediting: float, sigma: float):
        calibration, *units = calibrate_resident_pension(parameters, eligible=pool, transferred_alive=alive,
                                                         fund_return=float(crediting), subsidy_ratio=float(sigma))
        return calibration, units

    solved, units = zip(*once_or_per_path(solve, eligible, transferred_alive, fund_return, subsidy_ratio))
    calibration = ResidentCalibration(**{field.name: np.array([getattr(one, field.name) for one in solved])
                                         for field in fields(ResidentCalibration)})
    balance_unit, pension_unit = (np.array(unit) for unit in zip(*units))
    return calibration, balance_unit, pension_unit


__all__ = ["ENTRY_AGE", "PENSION_AGE", "ResidentCalibration", "calibrate_paths", "calibrate_resident_pension",
           "history_factors", "participation_rates", "participation_scale", "transferred_stock"]
