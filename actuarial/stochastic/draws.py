"""All draws of a range of paths, as one labelled Dataset: the stochastic layer's output.

:class:`StochasticParameters` gathers the process parameters and the deterministic paths they move from
an :class:`~actuarial.config.AssumptionSet` (the ``stochastic.yaml`` entries, the mortality and fertility
tables, the AI adoption assumptions and their declared slow-fast ranges); :func:`draw_paths` returns the
draws of any set of path indices, and :func:`draw_chunks` walks ``n`` paths in chunks of bounded memory.

Draws depend only on (seed, path) through :mod:`actuarial.stochastic.streams`: the same path gives the
same numbers in any chunk, and the same seed gives the same shocks in every scenario (common random
numbers; only the deterministic paths they are applied to differ).  Shocks are deviations from the
deterministic path, zero in the base year, so a draw of zeros (``zero=True``) reproduces the
deterministic assumptions exactly.

Output variables (``year`` = the projection years, base year + 1 .. end year; rates over calendar year
``t``):

* ``mortality_k_deviation`` (path, year, sex): ``k^p - k^median`` (Lee-Carter); the death rates of a
  path are :func:`mortality_paths` (kept out of the Dataset: (path, year, sex, age) is the one large
  array, to build chunk by chunk);
* ``total_fertility`` (path, year) and ``fertility_ratio`` = total fertility / the deterministic one
  (multiplies every age-specific rate);
* ``net_migration_shift`` (path, year): persons added to the year's deterministic net migration (to be
  spread over sex and age like it);
* ``productivity_growth_shift``, ``inflation_shift`` (path, year): added to the ``productivity_growth``
  (real wage growth) and ``inflation`` paths; ``unemployment_rate_shift`` (path, year): added to the
  unemployment rate; ``fund_return_shift`` (path, year, fund): added to each fund's return path;
* ``ai_adoption_ceiling``, ``ai_adoption_speed``, ``ai_adoption_midpoint`` (path): the drawn values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np
import xarray as xr

from actuarial.config.assumptions import AssumptionSet
from actuarial.config.errors import AssumptionError
from actuarial.config.specs.stochastic import SHOCKS
from actuarial.dims import SEXES
from actuarial.stochastic.economy import ai_parameters, ar1, standardised_ar1
from actuarial.stochastic.fertility import tfr_paths
from actuarial.stochastic.leecarter import k_deviation, shocked_mortality
from actuarial.stochastic.streams import (
    ANNUAL_STREAM,
    PARAMETER_STREAM,
    cholesky_factor,
    correlate,
    path_indices,
    standard_normals,
)

AI_PARAMETERS = ("ai_adoption_ceiling", "ai_adoption_speed", "ai_adoption_midpoint")

SHOCKED_FUNDS = tuple(name.removeprefix("return_") for name in SHOCKS if name.startswith("return_"))
"""The funds whose return is drawn (a shock ``return_{fund}`` in :data:`SHOCKS`); other funds keep their path."""
FUND_RETURN_SD = {fund: f"{fund}_return_sd" for fund in SHOCKED_FUNDS}
"""The return sd assumption of each scheme's fund (the UEBMI personal accounts are not shocked)."""


@dataclass(frozen=True)
class StochasticParameters:
    """Process parameters and the deterministic paths they move, as plain numbers and arrays."""

    years: np.ndarray
    correlation_factor: np.ndarray
    lee_carter_b: np.ndarray            # (sex, age)
    lee_carter_sd: np.ndarray           # (sex,)
    lee_carter_scale: np.ndarray        # (sex,) above the median mortality path
    lee_carter_improvement_scale: np.ndarray  # (sex,) below it
    mortality: np.ndarray               # (year, sex, age), deterministic
    tfr_base: np.ndarray                # (year,), deterministic total fertility of the chosen variant
    tfr_bounds: tuple[float, float]
    tfr_persistence: float
    tfr_sd: float
    migration_sd: np.ndarray            # (year,)
    migration_persistence: float
    wage_sd: float
    wage_persistence: float
    inflation_sd: float
    inflation_persistence: float
    unemployment_sd: float
    unemployment_persistence: float
    fund_return_sd: np.ndarray          # (fund,), SHOCKED_FUNDS order
    ai_correlation: float
    ai_ranges: dict

    @classmethod
    def from_assumptions(cls, assumptions: AssumptionSet) -> "StochasticParameters":
        """Read every parameter from the set; a missing one is an :class:`AssumptionError` naming it."""
        years = np.asarray(assumptions.years)

        def need(name: str):
            if name not in assumptions:
                raise AssumptionError(assumptions.sources[0] if assumptions.sources else "assumption set", name,
                                      "missing; a stochastic run needs every entry of stochastic.yaml")
            return assumptions[name]

        def scalar(name: str) -> float:
            need(name)
            return assumptions.scalar(name)

        corr = need("shock_correlation")
        matrix = corr.data.transpose("shock", "shock_with").sel(shock=list(SHOCKS), shock_with=list(SHOCKS)).values
        factor = cholesky_factor(matrix, labels=SHOCKS, file=corr.files[-1] if corr.files else "stochastic.yaml",
                                 field="shock_correlation")
        b = need("lee_carter_b").data.transpose("sex", "age").sel(sex=list(SEXES)).values
        mortality = assumptions.data("mortality").transpose("year", "sex", "age").sel(year=years, sex=list(SEXES)).values
        variant = assumptions["fertility_variant"].choice
        tfr = assumptions.data("fertility").sel(variant=variant, year=years).sum("age").values
        migration_sd = need("net_migration_shock_sd").data.sel(year=years).values
        ranges = {}
        for name in AI_PARAMETERS:
            entry = assumptions[name]
            if entry.range is None:
                raise AssumptionError(entry.files[0] if entry.files else "labour.yaml", name,
                                      "declares no range; the stochastic draw needs its slow and fast values")
            central = assumptions.scalar(name)
            ranges[name] = (float(entry.range.low), central, float(entry.range.high))
        return cls(
            years=years, correlation_factor=factor, lee_carter_b=np.asarray(b, dtype=float),
            lee_carter_sd=np.array([scalar(f"lee_carter_innovation_sd_{s}") for s in SEXES]),
            lee_carter_scale=np.array([scalar(f"lee_carter_spread_scale_{s}") for s in SEXES]),
            lee_carter_improvement_scale=np.array([scalar(f"lee_carter_improvement_scale_{s}") for s in SEXES]),
            mortality=np.asarray(mortality, dtype=float), tfr_base=np.asarray(tfr, dtype=float),
            tfr_bounds=(scalar("tfr_lower_bound"), scalar("tfr_upper_bound")),
            tfr_persistence=scalar("tfr_persistence"), tfr_sd=scalar("tfr_innovation_sd"),
            migration_sd=np.asarray(migration_sd, dtype=float),
            migration_persistence=scalar("net_migration_persistence"),
            wage_sd=scalar("real_wage_growth_shock_sd"), wage_persistence=scalar("real_wage_growth_persistence"),
            inflation_sd=scalar("inflation_shock_sd"), inflation_persistence=scalar("inflation_persistence"),
            unemployment_sd=scalar("unemployment_rate_shock_sd"),
            unemployment_persistence=scalar("unemployment_rate_persistence"),
            fund_return_sd=np.array([scalar(FUND_RETURN_SD[f]) for f in SHOCKED_FUNDS]),
            ai_correlation=scalar("ai_parameter_correlation"), ai_ranges=ranges,
        )


def innovations(parameters: StochasticParameters, *, seed: int, paths) -> tuple[np.ndarray, np.ndarray]:
    """Correlated annual innovations (path, year, shock) and the per-path normals (path, 3)."""
    n_years = parameters.years.size
    annual = correlate(standard_normals(seed, paths, n_years, len(SHOCKS), stream=ANNUAL_STREAM),
                       parameters.correlation_factor)
    per_path = standard_normals(seed, paths, 1, len(AI_PARAMETERS), stream=PARAMETER_STREAM)[:, 0, :]
    return annual, per_path


def draw_paths(source: AssumptionSet | StochasticParameters, *, seed: int, paths, zero: bool = False) -> xr.Dataset:
    """The draws of ``paths`` (a ``range``, a count from 0, or indices) under ``seed``.

    ``zero=True`` replaces every innovation by 0: the deterministic run as a path (its shifts are exactly
    0, its fertility, mortality and AI parameters exactly the deterministic ones).
    Memory is about ``paths x years x 11 x 8`` bytes for the innovations plus the outputs (under 20 MB for
    1,000 paths over 76 years).
    """
    parameters = source if isinstance(source, StochasticParameters) else StochasticParameters.from_assumptions(source)
    indices = path_indices(paths)
    annual, per_path = innovations(parameters, seed=seed, paths=indices)
    if zero:
        annual, per_path = np.zeros_like(annual), np.zeros_like(per_path)
    shock = {name: annual[..., i] for i, name in enumerate(SHOCKS)}
    k = np.stack([k_deviation(shock[f"mortality_{s}"], sd=parameters.lee_carter_sd[i],
                              scale=parameters.lee_carter_scale[i],
                              improvement_scale=parameters.lee_carter_improvement_scale[i])
                  for i, s in enumerate(SEXES)], axis=-1)
    lower, upper = parameters.tfr_bounds
    tfr = tfr_paths(parameters.tfr_base, shock["fertility"], lower=lower, upper=upper,
                    persistence=parameters.tfr_persistence, sd=parameters.tfr_sd)
    migration = parameters.migration_sd * standardised_ar1(shock["net_migration"],
                                                            persistence=parameters.migration_persistence)
    returns = np.stack([ar1(shock[f"return_{fund}"], persistence=0.0, sd=parameters.fund_return_sd[i])
                        for i, fund in enumerate(SHOCKED_FUNDS)], axis=-1)
    ai = ai_parameters(per_path, correlation=parameters.ai_correlation, ceiling=parameters.ai_ranges[AI_PARAMETERS[0]],
                       speed=parameters.ai_ranges[AI_PARAMETERS[1]], midpoint=parameters.ai_ranges[AI_PARAMETERS[2]])
    coords = {"path": indices, "year": parameters.years, "sex": list(SEXES), "fund": list(SHOCKED_FUNDS)}
    py = ("path", "year")
    data = {
        "mortality_k_deviation": (("path", "year", "sex"), k),
        "total_fertility": (py, tfr),
        "fertility_ratio": (py, tfr / parameters.tfr_base),
        "net_migration_shift": (py, migration),
        "productivity_growth_shift": (py, ar1(shock["real_wage_growth"], persistence=parameters.wage_persistence,
                                              sd=parameters.wage_sd)),
        "inflation_shift": (py, ar1(shock["inflation"], persistence=parameters.inflation_persistence,
                                    sd=parameters.inflation_sd)),
        "unemployment_rate_shift": (py, ar1(shock["unemployment_rate"],
                                            persistence=parameters.unemployment_persistence,
                                            sd=parameters.unemployment_sd)),
        "fund_return_shift": (("path", "year", "fund"), returns),
        **{name: (("path",), values) for name, values in ai.items()},
    }
    return xr.Dataset(data, coords=coords, attrs={"seed": int(seed)})


def mortality_paths(draws: xr.Dataset, parameters: StochasticParameters) -> np.ndarray:
    """Death rates (path, year, sex, age) of the drawn paths: the deterministic table times
    ``exp(b_x (k^p - k^median))``."""
    deviation = draws["mortality_k_deviation"].transpose("path", "year", "sex").values
    return shocked_mortality(parameters.mortality, deviation, parameters.lee_carter_b)


def draw_chunks(source: AssumptionSet | StochasticParameters, *, seed: int, n_paths: int,
                chunk_size: int = 1000) -> Iterator[xr.Dataset]:
    """The draws of paths ``0 .. n_paths - 1`` in chunks of at most ``chunk_size`` paths."""
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    parameters = source if isinstance(source, StochasticParameters) else StochasticParameters.from_assumptions(source)
    for start in range(0, n_paths, chunk_size):
        yield draw_paths(parameters, seed=seed, paths=range(start, min(start + chunk_size, n_paths)))


__all__ = ["AI_PARAMETERS", "StochasticParameters", "draw_chunks", "draw_paths", "innovations", "mortality_paths"]
