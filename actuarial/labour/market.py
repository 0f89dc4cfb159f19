"""Labour statuses by year, sex and age: base-year calibration, retirement and AI flows.

Every (year, sex, age) cell of the population is split over the eight statuses
of DESIGN §3, which sum to 1, so persons are conserved by construction.

**Without AI** (the status quo of 2024 carried forward), with ``r`` the share
of the cell past its own retirement age (:mod:`actuarial.labour.retirement`)::

    employed before retirement  e_pre  = min(k * er_pre(s, x), 1 - u) * (1 - r)
    employed after retirement   e_post = min(k * er_post(s, x), 1) * r
    employed in status j        e_pre * m_pre(j | s, x) + e_post * m_post(j | s, x)
    unemployed                  e_pre * u / (1 - u),   u = min(c * u_rel(s, x), 0.9)
    retired                     r * (1 - k * er_post)
    inactive                    the rest

``er_*``, ``u_rel`` and the status propensities are assumed age-sex shapes;
the scales ``k``, ``c`` and one factor per employed status are calibrated so
that 2024 matches the targets (employment, unemployment rate, standard,
non-standard, platform and non-farm self-employed workers; household farming
is the residual).  The
shares then change only through the retirement schedule: participation near
retirement age follows the cohort's statutory age.

Workers past their retirement age are reported separately
(``employment_past_retirement``) because they no longer contribute to the
employee pension; AI displacement is assumed not to reach them.

**AI substitution** moves people out of exposed work (standard and
non-standard) into platform work, non-farm self-employment, unemployment or
inactivity, through the displaced pool of :mod:`actuarial.kernels.labour`.

The stage computes on plain arrays in the canonical axis order (path, year, sex,
age, status; one path in a deterministic run), with the labels of :mod:`actuarial.dims` (the loader returns
every table in that order), and labels its result once, in
:func:`project_labour`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.config.calibration import calibrate, unreachable
from actuarial.dims import (AI_DESTINATIONS, EMPLOYED_STATUSES, EMPLOYEES, SEXES, STATUSES, plain,
                            same_on_every_path, unstack)
from actuarial.kernels.labour import displaced_pool_kernel, displaced_pool_numpy, displaced_pool_serial
from actuarial.labour.retirement import retired_fraction
from actuarial.variables import label

TOLERANCE = 1e-12
"""Relative tolerance of the status-factor fitting (and of the brentq solves)."""
MAX_UNEMPLOYMENT_RATE = 0.9
EMPLOYEE_INDEX = [EMPLOYED_STATUSES.index(status) for status in EMPLOYEES]
RESIDUAL_STATUS = "farm"
"""The employed status with no target of its own: employment less the other targets."""
RESIDUAL = EMPLOYED_STATUSES.index(RESIDUAL_STATUS)
NAMED_STATUSES = tuple(status for status in EMPLOYED_STATUSES if status != RESIDUAL_STATUS)


@dataclass(frozen=True)
class LabourCalibration:
    """Base-year calibration: scaled rates and status mixes (plain arrays; sexes in :data:`actuarial.dims.SEXES`
    order, ages 0..100, employed statuses in :data:`actuarial.dims.EMPLOYED_STATUSES` order).

    employment_rate : (phase, sex, age) share of persons in work before / after retirement.
    unemployment_rate : (sex, age) unemployed / labour force before retirement.
    status_mix : (phase, sex, age, employed status) shares of the employed by employed status.
    employment_scale, unemployment_scale : the calibrated k and c.
    status_factors : (employed status,) calibrated propensity factors (farm, the residual, = 1; the largest = 1
        when nobody farms; 0 for a status with a zero target).
    """

    employment_rate: np.ndarray
    unemployment_rate: np.ndarray
    status_mix: np.ndarray
    employment_scale: float
    unemployment_scale: float
    status_factors: np.ndarray


def _mix(weights: np.ndarray, factors: np.ndarray) -> np.ndarray:
    """Shares over the last axis proportional to ``weights * factors`` (0 where every weight is 0)."""
    scaled = weights * factors
    total = scaled.sum(axis=-1, keepdims=True)
    return np.where(total > 0, scaled / np.where(total > 0, total, 1.0), 0.0)


def _status_shares_no_ai(calibration: LabourCalibration, retired: np.ndarray,
                         unemployment_factor: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Status shares (path, year, sex, age, status) of each cell without AI, given the retired-age share
    ``retired`` (year, sex, age), and the shares (path, year, sex, age, employed status) of those working past their
    retirement age (path of length 1 without ``unemployment_factor``).

    ``unemployment_factor`` (path, year): the calibrated unemployment rates of each year are multiplied by it
    (capped at :data:`MAX_UNEMPLOYMENT_RATE`) with the labour force before retirement kept, so the persons
    who become unemployed leave employment (every employed status in proportion); default: the base year's
    rates throughout."""
    before = (calibration.employment_rate[0] * (1.0 - retired))[None]
    after = (calibration.employment_rate[1] * retired)[None]
    u = calibration.unemployment_rate
    unemployed = before * u / (1.0 - u)
    if unemployment_factor is not None:
        moved = np.minimum(u * unemployment_factor[:, :, None, None], MAX_UNEMPLOYMENT_RATE)
        unemployed = before * moved / (1.0 - u)
        before = before * ((1.0 - moved) / (1.0 - u))
    working_retired = after[..., None] * calibration.status_mix[1]
    employed = before[..., None] * calibration.status_mix[0] + working_retired
    retired_out = retired - after
    inactive = 1.0 - employed.sum(axis=-1) - unemployed - retired_out
    parts = (employed, unemployed[..., None], np.maximum(inactive, 0.0)[..., None], retired_out[..., None])
    shape = inactive.shape
    shares = np.concatenate([np.broadcast_to(part, (*shape, part.shape[-1])) for part in parts], axis=-1)
    return shares, working_retired


def calibrate_base_year(assumptions: AssumptionSet, population: np.ndarray, retired: np.ndarray) -> LabourCalibration:
    """Scale the assumed shapes so that the base year meets the employment targets.

    Parameters
    ----------
    population : (sex, age) persons at 31 December of the base year.
    retired : (sex, age) share of each cell past its own retirement age then.

    Employment ``k`` and unemployment ``c`` scales are solved jointly (each by
    :func:`actuarial.config.calibration.calibrate`, alternating to a fixed
    point); the status factors by iterative proportional fitting of
    employment to the status targets (household farming: employment less the
    other four).  A status whose target is 0 stays empty; targets that leave
    farming negative, or that the propensities cannot meet, are input errors
    naming the target.
    """
    profile = assumptions.data("employment_rate_profile").values              # (phase, sex, age)
    relative = assumptions.data("unemployment_rate_profile").values           # (sex, age)
    employment_target = assumptions.scalar("employment_target")
    rate_target = assumptions.scalar("unemployment_rate_target")
    persons_before = (1.0 - retired) * population
    persons_after = retired * population
    before_shape, after_shape = profile[0], profile[1]

    def rates(k: float, c: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        u = np.minimum(c * relative, MAX_UNEMPLOYMENT_RATE)
        return np.minimum(k * before_shape, 1.0 - u), np.minimum(k * after_shape, 1.0), u

    def employed(k: float, c: float) -> float:
        before, after, _ = rates(k, c)
        return float(np.sum(before * persons_before + after * persons_after))

    def unemployed(k: float, c: float) -> float:
        before, _, u = rates(k, c)
        return float(np.sum(before * persons_before * u / (1.0 - u)))

    k, c = 1.0, rate_target
    target_unemployed = rate_target / (1.0 - rate_target) * employment_target
    for _ in range(100):
        k_new = calibrate(lambda value: employed(value, c) - employment_target, 1e-6, 50.0, assumptions=assumptions,
                          name="employment_target", rule="must be reachable with employment rates of at most 1")
        c_new = calibrate(lambda value: unemployed(k_new, value) - target_unemployed, 0.0, 10.0,
                          assumptions=assumptions, name="unemployment_rate_target",
                          rule="must be reachable with unemployment rates of at most 0.9")
        converged = abs(k_new - k) < 1e-13 and abs(c_new - c) < 1e-13
        k, c = k_new, c_new
        if converged:
            break
    before, after, u = rates(k, c)

    weights = assumptions.data("status_propensity").values                    # (phase, sex, age, status)
    named = {status: assumptions.scalar(f"{status}_target") for status in NAMED_STATUSES}
    residual = employment_target - sum(named.values())                         # household farming is the residual
    targets = np.array([named.get(status, residual) for status in EMPLOYED_STATUSES])
    if residual < 0.0:
        raise unreachable(assumptions, "employment_target", (
            f"is below the standard, non-standard, platform and self-employed targets together "
            f"({sum(named.values()):,.0f}); household farming, the rest of employment, cannot be negative"))
    weighted = np.stack([before * persons_before, after * persons_after])[..., None]
    factors = np.where(targets > 0.0, 1.0, 0.0)                               # a status with a zero target stays empty
    for _ in range(1000):
        fitted = (weighted * _mix(weights, factors)).sum(axis=(0, 1, 2))
        if np.any((targets > 0.0) & (fitted <= 0.0)):
            status = EMPLOYED_STATUSES[int(np.argmax((targets > 0.0) & (fitted <= 0.0)))]
            raise unreachable(assumptions, _status_target(status),
                              f"needs {status} workers, but status_propensity gives that status no weight among "
                              "the persons in work")
        ratio = np.divide(targets, fitted, out=np.ones_like(targets), where=fitted > 0.0)
        if np.abs(ratio - 1.0).max() < TOLERANCE or np.abs(targets - fitted).max() < 1e-6:  # or a millionth of one
            break
        factors = factors * ratio
        factors = factors / (factors[RESIDUAL] if factors[RESIDUAL] > 0.0 else factors.max())
    else:
        worst = int(np.argmax(np.abs(ratio - 1.0)))
        raise unreachable(assumptions, _status_target(EMPLOYED_STATUSES[worst]),
                          f"is not met by fitting status_propensity to it: {fitted[worst]:.6g} persons "
                          "after 1,000 rounds")
    return LabourCalibration(
        employment_rate=np.stack([before, after]), unemployment_rate=u, status_mix=_mix(weights, factors),
        employment_scale=k, unemployment_scale=c, status_factors=factors,
    )


def unemployment_factor(assumptions: AssumptionSet, years: np.ndarray) -> np.ndarray | None:
    """(path, year) ``1 + d(t) / u*`` with ``d`` the optional ``unemployment_rate_deviation`` path (a stochastic
    path's drawn deviation of the aggregate unemployment rate) and ``u*`` the base-year
    ``unemployment_rate_target``: every cell's rate moves in proportion, so the age-sex shape is kept; ``None``
    when the set declares no deviation."""
    if "unemployment_rate_deviation" not in assumptions:
        return None
    deviation = assumptions.path("unemployment_rate_deviation", years).reshape(-1, len(years))
    return np.maximum(1.0 + deviation / assumptions.scalar("unemployment_rate_target"), 0.0)


def _status_target(status: str) -> str:
    """The assumption setting the base-year count of an employed status (farming: the rest of employment)."""
    return "employment_target" if status == RESIDUAL_STATUS else f"{status}_target"


def adoption_path(assumptions: AssumptionSet, years: np.ndarray) -> np.ndarray:
    """Logistic AI adoption ``A(t) = ceiling / (1 + exp(-speed (t - midpoint)))``, (path, year) over ``years``
    (a stacked set's drawn parameters give one path each)."""
    ceiling, speed, midpoint = (assumptions.per_path(f"ai_adoption_{name}")[:, None]
                                for name in ("ceiling", "speed", "midpoint"))
    return ceiling / (1.0 + np.exp(-speed * (np.asarray(years, dtype=float) - midpoint)))


def displaced_pool(exposed: np.ndarray, required: np.ndarray, reabsorption: np.ndarray,
                   *, implementation: str = "numba") -> np.ndarray:
    """Run the displaced-pool kernel on (path, year, sex, age) arrays; see :mod:`actuarial.kernels.labour`.

    ``implementation``: ``numba`` (one path on the calling thread, several in parallel) or ``numpy`` (the twin).
    """
    exposed = np.ascontiguousarray(exposed, dtype=np.float64)
    required = np.ascontiguousarray(required, dtype=np.float64)
    n_paths = max(exposed.shape[0], required.shape[0])
    pool = np.empty((n_paths, *exposed.shape[1:]))
    numba_kernel = displaced_pool_kernel if n_paths > 1 else displaced_pool_serial
    kernel = {"numba": numba_kernel, "numpy": displaced_pool_numpy}[implementation]
    kernel(exposed, required, np.ascontiguousarray(reabsorption, dtype=np.float64), pool)
    return pool


def apply_ai(shares: np.ndarray, adoption: np.ndarray, assumptions: AssumptionSet,
             working_retired: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Move displaced persons out of exposed work; return (new shares, displaced share of each cell).

    ``R = X * clip(exposure * (1 - complementarity) * (A(t) - A(base)), 0, 1)``
    with ``X`` the exposed share of the cell: standard and non-standard work of
    persons not past their retirement age (``working_retired`` is left alone).
    Arrays are (path, year, sex, age[, status]); ``adoption`` is (path, year).
    """
    protected = working_retired[..., EMPLOYEE_INDEX]
    exposed_by_status = shares[..., EMPLOYEE_INDEX] - protected
    exposed = exposed_by_status.sum(axis=-1)
    gain = np.maximum(adoption - adoption[:, :1], 0.0)
    complementarity = assumptions.scalar("ai_complementarity")
    net = assumptions.data("ai_exposure").values * (1.0 - complementarity) * gain[:, :, None, None]
    required = exposed * np.clip(net, 0.0, 1.0)
    reabsorption = np.full(adoption.shape[1], assumptions.scalar("ai_reabsorption_rate"))
    displaced = displaced_pool(exposed, required, reabsorption)
    kept = np.where(exposed > 0, 1.0 - displaced / np.where(exposed > 0, exposed, 1.0), 1.0)
    destinations = dict(zip(AI_DESTINATIONS, assumptions.data("ai_destination_shares").values))
    moved = np.broadcast_to(shares, (*displaced.shape, shares.shape[-1])).copy()
    for index, status in enumerate(STATUSES):
        if status in EMPLOYEES:
            position = EMPLOYEES.index(status)
            moved[..., index] = protected[..., position] + exposed_by_status[..., position] * kept
        if status in destinations:
            moved[..., index] = moved[..., index] + displaced * destinations[status]
    return moved, displaced


def project_labour(assumptions: AssumptionSet, population: xr.DataArray) -> xr.Dataset:
    """Persons by year, sex, age and labour status.

    ``population`` is (year, sex, age) at 31 December, base year included,
    sexes in :data:`actuarial.dims.SEXES` order and ages 0..100 (as
    :func:`actuarial.demography.projection.project_population` returns it), with a leading ``path`` dim in a
    stacked run (a chunk of paths: the result then carries it first; the base year, which no draw shocks, is
    calibrated once).
    """
    years = population["year"].values
    persons = plain(population, "year", "sex", "age")
    retired = retired_fraction(assumptions, years).transpose("year", "sex", "age").values
    if not same_on_every_path(persons[:, 0]):
        raise ValueError("the paths of a stacked run must share the base year's population")
    calibration = calibrate_base_year(assumptions, persons[0, 0], retired[0])
    shares, working_retired = _status_shares_no_ai(calibration, retired, unemployment_factor(assumptions, years))
    adoption = adoption_path(assumptions, years)
    shares, displaced = apply_ai(shares, adoption, assumptions, working_retired)
    past_retirement = np.zeros(shares.shape)
    past_retirement[..., :len(EMPLOYED_STATUSES)] = working_retired * persons[..., None]
    paths = population["path"].values if "path" in population.dims else None
    lead = () if paths is None else ("path",)

    def out(values: np.ndarray) -> np.ndarray:
        return unstack(values, paths)

    cell, cell_status = (*lead, "year", "sex", "age"), (*lead, "year", "sex", "age", "status")
    dataset = xr.Dataset(
        {
            "employment": (cell_status, out(shares * persons[..., None])),
            "past_retirement_age": (("year", "sex", "age"), retired),
            "ai_adoption": ((*lead, "year"), out(adoption)),
            "ai_displaced": (cell, out(displaced * persons)),
            "employment_past_retirement": (cell_status, out(past_retirement)),
        },
        coords={**({} if paths is None else {"path": paths}), "year": years, "sex": list(SEXES),
                "age": population["age"].values, "status": list(STATUSES)},
        attrs={"employment_scale": calibration.employment_scale, "unemployment_scale": calibration.unemployment_scale},
    )
    return label(dataset)
