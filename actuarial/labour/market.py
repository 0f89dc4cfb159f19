"""Labour statuses by year, sex and age: base-year calibration, retirement and AI flows.

Every (year, sex, age) cell of the population is split over the seven statuses
of DESIGN §3, which sum to 1, so persons are conserved by construction.

**Without AI** (the status quo of 2024 carried forward), with ``r`` the share
of the cell past its own retirement age (:mod:`actuarial.labour.retirement`)::

    employed before retirement  e_pre  = k * er_pre(s, x) * (1 - r)
    employed after retirement   e_post = k * er_post(s, x) * r
    employed in status j        e_pre * m_pre(j | s, x) + e_post * m_post(j | s, x)
    unemployed                  e_pre * u / (1 - u),   u = c * u_rel(s, x)
    retired                     r * (1 - k * er_post)
    inactive                    the rest

``er_*``, ``u_rel`` and the status propensities are assumed age-sex shapes;
the scales ``k``, ``c`` and one factor per employed status are calibrated so
that 2024 matches the targets (employment, unemployment rate, standard,
non-standard and platform workers; self-employment is the residual).  The
shares then change only through the retirement schedule: participation near
retirement age follows the cohort's statutory age.

Workers past their retirement age are reported separately
(``employment_past_retirement``) because they no longer contribute to the
employee pension; AI displacement is assumed not to reach them.

**AI substitution** moves people out of exposed work (standard and
non-standard) into platform work, self-employment, unemployment or
inactivity, through the displaced pool of :mod:`actuarial.kernels.labour`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.config.calibration import calibrate
from actuarial.dims import AI_DESTINATIONS, EMPLOYED_STATUSES, EMPLOYEES, STATUSES
from actuarial.kernels.labour import displaced_pool_kernel, displaced_pool_numpy
from actuarial.labour.retirement import retired_fraction
from actuarial.variables import label

TOLERANCE = 1e-12


@dataclass(frozen=True)
class LabourCalibration:
    """Base-year calibration: scaled rates and status mixes (all read-only arrays).

    employment_rate : (phase, sex, age) share of persons in work before / after retirement.
    unemployment_rate : (sex, age) unemployed / labour force before retirement.
    status_mix : (phase, sex, age, status) shares of the employed by employed status.
    employment_scale, unemployment_scale : the calibrated k and c.
    status_factors : (status,) calibrated propensity factors (self_employed = 1).
    """

    employment_rate: xr.DataArray
    unemployment_rate: xr.DataArray
    status_mix: xr.DataArray
    employment_scale: float
    unemployment_scale: float
    status_factors: xr.DataArray



def _mix(weights: xr.DataArray, factors: xr.DataArray) -> xr.DataArray:
    scaled = weights * factors
    total = scaled.sum("status")
    return xr.where(total > 0, scaled / total.where(total > 0, 1.0), 0.0)


def _status_shares_no_ai(calibration: LabourCalibration, retired: xr.DataArray) -> tuple[xr.DataArray, xr.DataArray]:
    """Status shares (..., status) of each cell without AI, given the retired-age share ``retired``,
    and the shares (..., employed status) of those working past their retirement age."""
    before = calibration.employment_rate.sel(phase="before_retirement", drop=True) * (1.0 - retired)
    after = calibration.employment_rate.sel(phase="after_retirement", drop=True) * retired
    mix = calibration.status_mix
    working_retired = after * mix.sel(phase="after_retirement", drop=True)
    employed = before * mix.sel(phase="before_retirement", drop=True) + working_retired
    u = calibration.unemployment_rate
    unemployed = before * u / (1.0 - u)
    retired_out = retired - after
    inactive = 1.0 - employed.sum("status") - unemployed - retired_out
    shares = xr.concat(
        [employed.sel(status=s, drop=True) for s in EMPLOYED_STATUSES] + [unemployed, inactive.clip(min=0.0), retired_out],
        dim=xr.DataArray(list(STATUSES), dims="status", name="status"),
    )
    return shares.transpose(*retired.dims, "status"), working_retired.transpose(*retired.dims, "status")


def calibrate_base_year(assumptions: AssumptionSet, population: xr.DataArray, retired: xr.DataArray) -> LabourCalibration:
    """Scale the assumed shapes so that the base year meets the employment targets.

    Parameters
    ----------
    population : (sex, age) persons at 31 December of the base year.
    retired : (sex, age) share of each cell past its own retirement age then.

    Employment ``k`` and unemployment ``c`` scales are solved jointly (each by
    ``brentq``, alternating to a fixed point); the status factors by
    iterative proportional fitting of employment to the status targets.
    """
    profile = assumptions.data("employment_rate_profile").transpose("phase", "sex", "age")
    relative_u = assumptions.data("unemployment_rate_profile").transpose("sex", "age")
    employment_target = assumptions.scalar("employment_target")
    rate_target = assumptions.scalar("unemployment_rate_target")
    share_before = ((1.0 - retired) * population).transpose("sex", "age")
    share_after = (retired * population).transpose("sex", "age")
    # plain arrays inside the solvers (called a few hundred times)
    before_shape, after_shape = profile.values[0], profile.values[1]
    relative, persons_before, persons_after = relative_u.values, share_before.values, share_after.values

    def rates(k: float, c: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        u = np.minimum(c * relative, 0.9)
        return np.minimum(k * before_shape, 1.0 - u), np.minimum(k * after_shape, 1.0), u

    def employed(k: float, c: float) -> float:
        before, after, _ = rates(k, c)
        return float(np.sum(before * persons_before + after * persons_after))

    def unemployed(k: float, c: float) -> float:
        before, _, u = rates(k, c)
        return float(np.sum(before * persons_before * u / (1.0 - u)))

    k, c = 1.0, rate_target
    for _ in range(100):
        k_new = calibrate(lambda value: employed(value, c) - employment_target, 1e-6, 50.0, assumptions=assumptions,
                          name="employment_target", rule="must be reachable with employment rates of at most 1")
        target_unemployed = rate_target / (1.0 - rate_target) * employment_target
        c_new = calibrate(lambda value: unemployed(k_new, value) - target_unemployed, 0.0, 10.0,
                          assumptions=assumptions, name="unemployment_rate_target",
                          rule="must be reachable with unemployment rates of at most 0.9")
        converged = abs(k_new - k) < 1e-13 and abs(c_new - c) < 1e-13
        k, c = k_new, c_new
        if converged:
            break
    before, after, u_values = rates(k, c)
    rate = xr.DataArray(np.stack([before, after]), coords=profile.coords, dims=profile.dims)
    u = xr.DataArray(u_values, coords=relative_u.coords, dims=relative_u.dims)

    weights = assumptions.data("status_propensity")
    targets = {name: assumptions.scalar(f"{name}_target") for name in ("standard", "nonstandard", "platform")}
    targets["self_employed"] = employment_target - sum(targets.values())
    factors = xr.DataArray(np.ones(len(EMPLOYED_STATUSES)), coords={"status": list(EMPLOYED_STATUSES)}, dims="status")
    weighted = xr.concat([rate.sel(phase="before_retirement") * share_before,
                          rate.sel(phase="after_retirement") * share_after], dim=rate["phase"])
    for _ in range(1000):
        totals = (weighted * _mix(weights, factors)).sum(["phase", "sex", "age"])
        ratio = xr.DataArray([targets[s] for s in EMPLOYED_STATUSES], coords=factors.coords) / totals
        if float(np.abs(ratio - 1.0).max()) < TOLERANCE:
            break
        factors = factors * ratio
        factors = factors / factors.sel(status="self_employed")
    return LabourCalibration(
        employment_rate=rate, unemployment_rate=u, status_mix=_mix(weights, factors),
        employment_scale=k, unemployment_scale=c, status_factors=factors,
    )


def adoption_path(assumptions: AssumptionSet, years: np.ndarray) -> xr.DataArray:
    """Logistic AI adoption ``A(t) = ceiling / (1 + exp(-speed (t - midpoint)))`` over ``years``."""
    ceiling = assumptions.scalar("ai_adoption_ceiling")
    speed = assumptions.scalar("ai_adoption_speed")
    midpoint = assumptions.scalar("ai_adoption_midpoint")
    values = ceiling / (1.0 + np.exp(-speed * (np.asarray(years, dtype=float) - midpoint)))
    return xr.DataArray(values, coords={"year": years}, dims="year", name="ai_adoption")


def displaced_pool(exposed: np.ndarray, required: np.ndarray, reabsorption: np.ndarray,
                   *, implementation: str = "numba") -> np.ndarray:
    """Run the displaced-pool kernel on (path, year, sex, age) arrays; see :mod:`actuarial.kernels.labour`."""
    exposed = np.ascontiguousarray(exposed, dtype=np.float64)
    required = np.ascontiguousarray(required, dtype=np.float64)
    n_paths = max(exposed.shape[0], required.shape[0])
    pool = np.empty((n_paths, *exposed.shape[1:]))
    kernel = {"numba": displaced_pool_kernel, "numpy": displaced_pool_numpy}[implementation]
    kernel(exposed, required, np.ascontiguousarray(reabsorption, dtype=np.float64), pool)
    return pool


def apply_ai(shares: xr.DataArray, adoption: xr.DataArray, assumptions: AssumptionSet,
             working_retired: xr.DataArray) -> tuple[xr.DataArray, xr.DataArray]:
    """Move displaced persons out of exposed work; return (new shares, displaced share of each cell).

    ``R = X * clip(exposure * (1 - complementarity) * (A(t) - A(base)), 0, 1)``
    with ``X`` the exposed share of the cell: standard and non-standard work of
    persons not past their retirement age (``working_retired`` is left alone).
    """
    protected = working_retired.sel(status=list(EMPLOYEES))
    exposed_by_status = shares.sel(status=list(EMPLOYEES)) - protected
    exposed = exposed_by_status.sum("status")
    gain = (adoption - adoption.isel(year=0)).clip(min=0.0)
    net = assumptions.data("ai_exposure") * (1.0 - assumptions.scalar("ai_complementarity")) * gain
    required = (exposed * net.clip(0.0, 1.0)).transpose("year", "sex", "age")
    rho = np.full(adoption.sizes["year"], assumptions.scalar("ai_reabsorption_rate"))
    pool = displaced_pool(exposed.transpose("year", "sex", "age").values[None], required.values[None], rho)[0]
    displaced = xr.DataArray(pool, coords=required.coords, dims=required.dims)
    kept = xr.where(exposed > 0, 1.0 - displaced / exposed.where(exposed > 0, 1.0), 1.0)
    destinations = assumptions.data("ai_destination_shares")
    moved = []
    for status in STATUSES:
        share = shares.sel(status=status, drop=True)
        if status in EMPLOYEES:
            share = protected.sel(status=status, drop=True) + exposed_by_status.sel(status=status, drop=True) * kept
        if status in AI_DESTINATIONS:
            share = share + displaced * float(destinations.sel(destination=status))
        moved.append(share)
    new_shares = xr.concat(moved, dim=shares["status"]).transpose(*shares.dims)
    return new_shares, displaced


def project_labour(assumptions: AssumptionSet, population: xr.DataArray) -> xr.Dataset:
    """Persons by year, sex, age and labour status for a deterministic projection.

    ``population`` is (year, sex, age) at 31 December, base year included.
    """
    years = population["year"].values
    retired = retired_fraction(assumptions, years).transpose("year", "sex", "age")
    calibration = calibrate_base_year(assumptions, population.isel(year=0, drop=True), retired.isel(year=0, drop=True))
    shares, working_retired = _status_shares_no_ai(calibration, retired)
    adoption = adoption_path(assumptions, years)
    shares, displaced = apply_ai(shares, adoption, assumptions, working_retired)
    dataset = xr.Dataset(
        {
            "employment": shares * population,
            "past_retirement_age": retired,
            "ai_adoption": adoption,
            "ai_displaced": displaced * population,
            "employment_past_retirement": (working_retired * population).reindex(status=list(STATUSES), fill_value=0.0),
        }
    )
    label(dataset)
    dataset.attrs.update(
        employment_scale=calibration.employment_scale, unemployment_scale=calibration.unemployment_scale,
    )
    return dataset
