"""Cohort-component population projection: assumptions in, labelled arrays out.

The stage derives kernel inputs from a validated :class:`AssumptionSet` by pure
functions (:func:`demographic_inputs`), runs the numba kernel
(:mod:`actuarial.kernels.population`) and labels the result
(:func:`project_population`).  Timing: stocks at 31 December of each year (the
base-year row is the base population), flows over the calendar year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.dims import OPEN_AGE, SEXES, plain
from actuarial.demography.lifetable import survival_ratios
from actuarial.kernels.population import (
    project_population_kernel,
    project_population_numpy,
    project_population_serial,
)
from actuarial.variables import label

AGES = np.arange(OPEN_AGE + 1)

@dataclass(frozen=True)
class DemographicInputs:
    """Kernel-ready arrays, each with a leading ``path`` axis of length 1 or n.

    Attributes
    ----------
    base_population : (path, sex, age) persons at 31 December of ``base_year``.
    survival : (path, year, sex, age) life-table survival ratios (see
        :func:`actuarial.demography.lifetable.survival_ratios`).
    fertility : (path, year, age) births per woman-year, zero outside fertile ages.
    female_birth_share : (path, year) 1 / (1 + sex ratio at birth).
    migration : (path, year, sex, age) net migrants by age at the time of the move (UN convention).
    migration_start_share : (year,) share of net migrants arriving at the start of the year.
    """

    base_year: int
    years: np.ndarray
    base_population: np.ndarray
    survival: np.ndarray
    fertility: np.ndarray
    female_birth_share: np.ndarray
    migration: np.ndarray
    migration_start_share: np.ndarray

    @property
    def n_paths(self) -> int:
        return max(a.shape[0] for a in (self.base_population, self.survival, self.fertility,
                                         self.female_birth_share, self.migration))


def demographic_inputs(assumptions: AssumptionSet) -> DemographicInputs:
    """Derive the projection inputs from an assumption set (pure; nothing is mutated); a stacked set's
    (:func:`actuarial.simulation.shocks.chunk_assumptions`) mortality, fertility and migration give one path each."""
    years = assumptions.years
    mortality = plain(assumptions.data("mortality").sel(sex=list(SEXES)), "year", "sex", "age")
    survival = np.stack([survival_ratios(mortality[:, :, i], sex=sex) for i, sex in enumerate(SEXES)], axis=2)
    variant = assumptions["fertility_variant"].choice
    rates = assumptions.data("fertility").sel(variant=variant)
    fertility = np.zeros((rates.sizes.get("path", 1), len(years), AGES.size))
    fertility[:, :, rates["age"].values] = plain(rates, "year", "age")
    srb = assumptions.data("sex_ratio_at_birth").values
    return DemographicInputs(
        base_year=assumptions.base_year,
        years=years,
        base_population=assumptions.data("base_population").sel(sex=list(SEXES)).values[None],
        survival=survival,
        fertility=fertility,
        female_birth_share=(1.0 / (1.0 + srb))[None],
        migration=plain(assumptions.data("migration").sel(sex=list(SEXES)), "year", "sex", "age"),
        migration_start_share=assumptions.path("migration_start_share", years),
    )


def run_kernel(inputs: DemographicInputs, *, implementation: str = "numba") -> dict[str, np.ndarray]:
    """Check shapes, allocate outputs and run the projection kernel.

    Returns arrays with a leading path axis: ``population`` (path, year+1, sex,
    age) and ``births``, ``deaths``, ``net_migration`` (path, year, sex).
    ``implementation="numba"`` runs one path on the calling thread and several
    in parallel; ``implementation="numpy"`` runs the plain-numpy twin instead.
    """
    n_paths, n_years = inputs.n_paths, inputs.years.size
    shapes = {
        "base_population": (2, AGES.size),
        "survival": (n_years, 2, AGES.size),
        "fertility": (n_years, AGES.size),
        "female_birth_share": (n_years,),
        "migration": (n_years, 2, AGES.size),
    }
    arrays = {}
    for name, shape in shapes.items():
        array = np.ascontiguousarray(getattr(inputs, name), dtype=np.float64)
        if array.shape[1:] != shape or array.shape[0] not in (1, n_paths):
            raise ValueError(f"{name} has shape {array.shape}; expected (1 or {n_paths}, {', '.join(map(str, shape))})")
        arrays[name] = array
    if np.any(arrays["fertility"][:, :, 0] != 0.0):
        raise ValueError("fertility at age 0 must be zero (births use end-of-year female exposure by age)")
    base = np.broadcast_to(arrays.pop("base_population"), (n_paths, 2, AGES.size)).copy()
    out = {
        "population": np.empty((n_paths, n_years + 1, 2, AGES.size)),
        "births": np.empty((n_paths, n_years, 2)),
        "deaths": np.empty((n_paths, n_years, 2)),
        "net_migration": np.empty((n_paths, n_years, 2)),
    }
    numba_kernel = project_population_kernel if n_paths > 1 else project_population_serial
    kernel = {"numba": numba_kernel, "numpy": project_population_numpy}[implementation]
    kernel(base, arrays["survival"], arrays["fertility"], arrays["female_birth_share"], arrays["migration"],
           np.ascontiguousarray(inputs.migration_start_share, dtype=np.float64), out["population"], out["births"], out["deaths"], out["net_migration"])
    return out


def project_population(inputs: DemographicInputs | AssumptionSet) -> xr.Dataset:
    """Project the population and return a labelled dataset.

    Dimensions ``(path, year, sex, age)``; the ``path`` dimension is dropped
    when every input is deterministic (one path).  ``population`` covers the
    base year and every projection year; flows are NaN in the base year.
    """
    if isinstance(inputs, AssumptionSet):
        inputs = demographic_inputs(inputs)
    out = run_kernel(inputs)
    all_years = np.concatenate([[inputs.base_year], inputs.years])
    flow_pad = np.full((inputs.n_paths, 1, 2), np.nan)
    coords = {"path": np.arange(inputs.n_paths), "year": all_years, "sex": list(SEXES), "age": AGES}
    data = {
        "population": (("path", "year", "sex", "age"), out["population"]),
        **{
            name: (("path", "year", "sex"), np.concatenate([flow_pad, out[name]], axis=1))
            for name in ("births", "deaths", "net_migration")
        },
    }
    dataset = xr.Dataset(data, coords=coords)
    label(dataset)
    if inputs.n_paths == 1:
        dataset = dataset.isel(path=0, drop=True)
    return dataset
