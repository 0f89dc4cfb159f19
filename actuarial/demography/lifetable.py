"""Single-age period life tables and cohort-component survival ratios.

Pure numpy: no I/O and no state. Every function takes central death rates
``mx`` whose **last axis is single age 0..100**, the last entry being the open
age group 100+; any leading axes (year, sex, path, ...) are carried through
unchanged.

Method (Human Mortality Database Methods Protocol, version 6, Wilmoth et al.
2021, section 7 "period life tables"):

* ``a_0`` by the Andreev & Kingkade (2015) rule expressed in ``m_0``
  (HMD MP v6, table 2), sex specific and piecewise linear;
* ``a_x = 1/2`` for ages 1..99;
* ``q_x = m_x / (1 + (1 - a_x) m_x)`` for ages 0..99, clipped to at most 1;
* open group: ``q_100 = 1`` and ``L_100 = l_100 / m_100`` (constant hazard
  ``m_100`` beyond age 100, so the mean stay in the group is ``1 / m_100``).

References
----------
Andreev, E. M. and Kingkade, W. W. (2015). Average age at death in infancy
and infant mortality level: reconsidering the Coale-Demeny formulas at
current levels of low mortality. *Demographic Research* 33(13), 363-390.

Wilmoth, J. R., Andreev, K., Jdanov, D., Glei, D. A., Riffe, T. et al.
(2021). *Methods Protocol for the Human Mortality Database*, version 6.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from actuarial.dims import OPEN_AGE  # index of the open age group (100+)

__all__ = [
    "N_AGES",
    "LifeTable",
    "andreev_kingkade_a0",
    "life_table",
    "survival_ratios",
    "life_expectancy_at_birth",
]

#: Number of single-age entries on the last axis (0..99 and 100+).
N_AGES = OPEN_AGE + 1

# HMD MP v6 table 2: a0 = intercept + slope * m0 on [lower, upper) of m0.
# Each row: (upper bound of m0, intercept, slope); the last row is constant.
_AK_SEGMENTS = {
    "male": ((0.02300, 0.14929, -1.99545), (0.08307, 0.02832, 3.26201), (np.inf, 0.29915, 0.0)),
    "female": ((0.01724, 0.14903, -2.05527), (0.06891, 0.04667, 3.88089), (np.inf, 0.31411, 0.0)),
}


@dataclass(frozen=True)
class LifeTable:
    """Period life table by single age; every array has the shape of ``mx``.

    Attributes
    ----------
    mx : ndarray
        Central death rates (input).
    ax : ndarray
        Mean years lived in ``[x, x+1)`` by those dying there (``1/m_100`` at 100+).
    qx : ndarray
        Probability of dying between ``x`` and ``x+1`` (1 at 100+).
    lx : ndarray
        Survivors to exact age ``x`` (radix ``l_0 = 1``).
    dx : ndarray
        Deaths ``l_x q_x``.
    Lx : ndarray
        Person-years lived in ``[x, x+1)`` (in ``[100, inf)`` for the open group).
    Tx : ndarray
        Person-years lived above ``x``: ``T_x = sum_{y >= x} L_y``.
    ex : ndarray
        Life expectancy at exact age ``x``: ``T_x / l_x`` (0 where ``l_x = 0``).
    """

    mx: np.ndarray
    ax: np.ndarray
    qx: np.ndarray
    lx: np.ndarray
    dx: np.ndarray
    Lx: np.ndarray
    Tx: np.ndarray
    ex: np.ndarray


def _check_sex(sex: str) -> str:
    if sex not in _AK_SEGMENTS:
        raise ValueError(f"sex must be 'male' or 'female', got {sex!r}")
    return sex


def _check_mx(mx) -> np.ndarray:
    mx = np.asarray(mx, dtype=float)
    if mx.ndim == 0 or mx.shape[-1] != N_AGES:
        raise ValueError(f"last axis of mx must be ages 0..{OPEN_AGE} ({N_AGES} entries), got shape {mx.shape}")
    if not np.all(np.isfinite(mx)) or np.any(mx < 0.0):
        raise ValueError("mx must be finite and non-negative")
    if np.any(mx[..., OPEN_AGE] <= 0.0):
        raise ValueError("the open-group rate m_100 must be positive (L_100 = l_100 / m_100)")
    return mx


def andreev_kingkade_a0(m0, *, sex: str) -> np.ndarray:
    """Mean age at death in infancy ``a_0`` from the infant death rate ``m_0``.

    Andreev & Kingkade (2015) rule of thumb in the ``m_0`` form of the HMD
    Methods Protocol v6 (table 2)::

        males:   a0 = 0.14929 - 1.99545 m0   if m0 <  0.02300
                 a0 = 0.02832 + 3.26201 m0   if 0.02300 <= m0 < 0.08307
                 a0 = 0.29915                if m0 >= 0.08307
        females: a0 = 0.14903 - 2.05527 m0   if m0 <  0.01724
                 a0 = 0.04667 + 3.88089 m0   if 0.01724 <= m0 < 0.06891
                 a0 = 0.31411                if m0 >= 0.06891

    Parameters
    ----------
    m0 : array_like
        Central death rate at age 0.
    sex : {"male", "female"}

    Returns
    -------
    ndarray
        ``a_0`` with the shape of ``m0``.
    """
    m0 = np.asarray(m0, dtype=float)
    segments = _AK_SEGMENTS[_check_sex(sex)]
    conditions = [m0 < upper for upper, _, _ in segments]
    choices = [intercept + slope * m0 for _, intercept, slope in segments]
    return np.select(conditions, choices)


def life_table(mx, *, sex: str) -> LifeTable:
    """Single-age period life table with an open age group 100+.

    Parameters
    ----------
    mx : array_like, shape (..., 101)
        Central death rates; last axis is age 0..99 and the open group 100+.
    sex : {"male", "female"}
        Selects the Andreev-Kingkade ``a_0`` coefficients.

    Returns
    -------
    LifeTable
        Frozen dataclass of arrays with the shape of ``mx``.

    Notes
    -----
    For ages ``x = 0..99``::

        a_0 = AK(m_0),  a_x = 0.5 (x >= 1)
        q_x = min(1, m_x / (1 + (1 - a_x) m_x))
        l_0 = 1,  l_{x+1} = l_x (1 - q_x),  d_x = l_x q_x
        L_x = l_x - (1 - a_x) d_x

    and for the open group 100+::

        q_100 = 1,  d_100 = l_100,  L_100 = l_100 / m_100,  a_100 = 1 / m_100.

    Finally ``T_x = sum_{y >= x} L_y`` and ``e_x = T_x / l_x``. Source: HMD
    Methods Protocol v6, section 7 (equations for ``q_x``, ``L_x`` and the
    open interval with ``a_omega = 1 / m_omega``).
    """
    mx = _check_mx(mx)
    ax = np.full_like(mx, 0.5)
    ax[..., 0] = andreev_kingkade_a0(mx[..., 0], sex=sex)
    ax[..., OPEN_AGE] = 1.0 / mx[..., OPEN_AGE]

    qx = np.empty_like(mx)
    closed = mx[..., :OPEN_AGE]
    qx[..., :OPEN_AGE] = np.minimum(closed / (1.0 + (1.0 - ax[..., :OPEN_AGE]) * closed), 1.0)
    qx[..., OPEN_AGE] = 1.0

    lx = np.ones_like(mx)
    lx[..., 1:] = np.cumprod(1.0 - qx[..., :OPEN_AGE], axis=-1)
    dx = lx * qx

    Lx = np.empty_like(mx)
    Lx[..., :OPEN_AGE] = lx[..., :OPEN_AGE] - (1.0 - ax[..., :OPEN_AGE]) * dx[..., :OPEN_AGE]
    Lx[..., OPEN_AGE] = lx[..., OPEN_AGE] / mx[..., OPEN_AGE]

    Tx = np.flip(np.cumsum(np.flip(Lx, axis=-1), axis=-1), axis=-1)
    ex = np.divide(Tx, lx, out=np.zeros_like(Tx), where=lx > 0.0)
    return LifeTable(mx=mx, ax=ax, qx=qx, lx=lx, dx=dx, Lx=Lx, Tx=Tx, ex=ex)


def survival_ratios(mx, *, sex: str) -> np.ndarray:
    """Cohort-component survival ratios for one-year steps by single age.

    Parameters
    ----------
    mx : array_like, shape (..., 101)
        Central death rates of the projection year (see :func:`life_table`).
    sex : {"male", "female"}

    Returns
    -------
    ndarray, shape (..., 101)
        ``S[0] = L_0 / l_0``: births of the year alive at age 0 at year end;
        ``S[x] = L_x / L_{x-1}`` for ``x = 1..99``: age ``x-1`` at the end of
        year ``t`` to age ``x`` at the end of ``t+1``;
        ``S[100] = T_100 / T_99``: ages 99 and 100+ to 100+.
        A ratio whose denominator is zero (nobody left alive) is set to 0.

    Notes
    -----
    Standard stationary-population survival ratios (e.g. Preston, Heuveline
    and Guillot 2001, *Demography*, section 6.3), in the single-age, one-year
    form used by the UN WPP cohort-component projection.
    """
    table = life_table(mx, sex=sex)
    Lx, Tx = table.Lx, table.Tx
    numerator = np.empty_like(Lx)
    denominator = np.empty_like(Lx)
    numerator[..., 0], denominator[..., 0] = Lx[..., 0], table.lx[..., 0]
    numerator[..., 1:OPEN_AGE], denominator[..., 1:OPEN_AGE] = Lx[..., 1:OPEN_AGE], Lx[..., : OPEN_AGE - 1]
    numerator[..., OPEN_AGE], denominator[..., OPEN_AGE] = Tx[..., OPEN_AGE], Tx[..., OPEN_AGE - 1]
    return np.divide(numerator, denominator, out=np.zeros_like(numerator), where=denominator > 0.0)


def life_expectancy_at_birth(mx, *, sex: str) -> np.ndarray:
    """Period life expectancy at birth ``e_0 = T_0 / l_0``.

    Parameters
    ----------
    mx : array_like, shape (..., 101)
        Central death rates (see :func:`life_table`).
    sex : {"male", "female"}

    Returns
    -------
    ndarray or float
        ``e_0`` with the leading shape of ``mx`` (a 0-d array for one schedule).
    """
    return life_table(mx, sex=sex).ex[..., 0]
