"""The whole model as one function: assumptions in, labelled projection out.

Stages run in the order of DESIGN §1, each a plain call on labelled arrays;
no stage reaches back into an earlier one: the financing options' behavioural
changes are applied to the assumptions, then demography, the labour market
(statuses, retirement, AI substitution), wages and GDP, and the schemes the
set names (``set.yaml``), each followed by the fund stage that rolls its funds
forward with the cash flows of the options acting on them.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Callable, Mapping

import numpy as np
import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.config.financing import Option
from actuarial.demography.projection import demographic_inputs, project_population
from actuarial.dims import EMPLOYED_STATUSES
from actuarial.funds.options import FundContext, apply_behaviour, finance_fund
from actuarial.funds.record import FundFlows
from actuarial.funds.rollforward import fund_outputs
from actuarial.labour.economy import project_economy
from actuarial.labour.market import project_labour
from actuarial.schemes import SCHEMES
from actuarial.schemes.protocol import Upstream

try:
    __version__ = version("actuarial")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"


def stage_names(assumptions: AssumptionSet) -> tuple[str, ...]:
    """The stages :func:`run_model` reports to its ``progress`` callback, in order."""
    return ("population", "labour", "economy", *assumptions.schemes)


def run_model(assumptions: AssumptionSet, *, options: Mapping[str, Option] | None = None,
              progress: Callable[[str], None] | None = None) -> xr.Dataset:
    """Run every stage for one scenario, or a chunk of its stochastic paths (a stacked set: every output then
    carries ``path`` first), and return the full dataset.

    Parameters
    ----------
    assumptions : the validated set (a scenario applied).
    options : financing options by name, applied instead of the scenario's ``financing:`` section
        (default: that section; ``{}``: none).  Behavioural options change the assumptions before
        the run; cash flows enter their fund's roll-forward.
    progress : called with each stage's name (:func:`stage_names`) when it is done (a progress bar).
    """
    done = progress or (lambda stage: None)
    options = dict(assumptions.financing if options is None else options)
    changed = apply_behaviour(assumptions, list(options.values()), label=f"financing of {assumptions.scenario!r}")
    inputs = demographic_inputs(changed)
    population = project_population(inputs)
    if changed.n_paths > 1:                     # a stacked set: its own path labels, on the demography too
        population = (population.assign_coords(path=changed.paths) if "path" in population.dims
                      else population.expand_dims(path=changed.paths).transpose("path", ...))
    done("population")
    labour = project_labour(changed, population["population"])
    done("labour")
    employed = labour["employment"].sel(status=list(EMPLOYED_STATUSES))
    economy = project_economy(changed, adoption=labour["ai_adoption"], employment=employed)
    done("economy")
    economy = economy.reindex(status=labour["status"])  # earnings: NaN for statuses without earnings
    projection = xr.merge([population, labour, economy], combine_attrs="override")
    calibrated = {}
    for name in changed.schemes:
        result = SCHEMES[name].run(changed, Upstream(projection=projection, survival=inputs.survival))
        projection = projection.merge(result.outputs)
        funds = [_fund_stage(flows, options.values(), projection) for flows in result.funds]
        projection = projection.merge(xr.merge(funds))
        calibrated.update({f"{name}_{key}": _attribute(value) for key, value in result.base_year.items()})
        done(name)
    projection.attrs = {
        "title": f"actuarial projection: {assumptions.scenario}",
        "scenario": assumptions.scenario,
        "assumption_set": assumptions.name,
        "assumption_set_hash": assumptions.digest,
        "base_year": assumptions.base_year,
        "end_year": assumptions.end_year,
        "schemes": ", ".join(changed.schemes),
        "financing": ", ".join(options),
        "package_version": __version__,
        "conventions": "stocks at 31 December; flows over the calendar year; money in nominal yuan",
        **calibrated,
    }
    return projection


def _attribute(value) -> float | str:
    """A base-year quantity as a dataset attribute: the number, or the values of a stacked run's paths."""
    return float(value) if np.ndim(value) == 0 else ", ".join(f"{float(v):.17g}" for v in np.ravel(value))


def _fund_stage(flows: FundFlows, options, projection: xr.Dataset) -> xr.Dataset:
    """Roll one fund forward with the cash flows of the options that act on it (in a stacked run, the options'
    cash flows path by path, the roll-forward for every path at once)."""
    paths = projection["path"].values if "path" in projection.dims else None
    acting = [option for option in options if option.fund == flows.fund]
    if not acting:
        return fund_outputs(flows, paths=paths)
    cases = [(flows, projection)] if paths is None else [(flows.path(i), projection.isel(path=i))
                                                         for i in range(paths.size)]
    financed = []
    for own, view in cases:
        context = FundContext(years=own.years, gdp=view["gdp"].sel(year=own.years).values, benefits=own.benefits,
                              projection=view)
        financed.append(finance_fund(opening=own.base.balance, contributions=own.contributions,
                                     fiscal_subsidy=own.fiscal_subsidy, benefits=own.benefits,
                                     other_outflows=own.other_outflows, returns=own.returns, options=acting,
                                     context=context))
    if paths is None:
        financing, returns = financed[0]
    else:
        financing = {name: np.stack([f[name] for f, _ in financed]) for name in financed[0][0]}
        returns = np.stack([r for _, r in financed])
    return fund_outputs(flows, financing=financing, returns=returns, paths=paths)


__all__ = ["__version__", "run_model", "stage_names"]
