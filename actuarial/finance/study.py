"""Financing studies: options compared side by side, and the least-cost mix for a solvency target.

A study file names a scenario and declares options and mixes::

    study:
      name: financing_options
      description: ...
      scenario: ai_central.yaml          # relative to the study file
    options:
      bonds: {type: special_bonds, ...}
    mixes:
      bonds_and_levy: [bonds, platform_levy]

A target file names an options file, the instruments the optimiser may size
(scale factors on the declared options, within bounds; instruments whose cash
flows are not linear in their size are searched over stated levels) and the
solvency target (reserve ratio at least ``reserve_ratio_min`` in every year).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from scipy.optimize import linprog

from actuarial.analysis.valuation import depletion_year, discount_factors, first_deficit_year, mid_year_factors, next_year_cost
from actuarial.config import AssumptionError, load_scenario
from actuarial.config.loader import _raise_validation, _read_yaml
from actuarial.finance.fund import project_fund
from actuarial.finance.mix import MixResult, linear_response, run_mix
from actuarial.finance.options import _Option, check_option_years, parse_options
from actuarial.model import run_model

REPORT_YEARS = (2035, 2050, 2075)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class StudyInfo(_Strict):
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    scenario: str = Field(min_length=1)


class StudyFile(_Strict):
    study: StudyInfo
    options: dict
    mixes: dict[str, list[str]] = {}


@dataclass(frozen=True)
class Study:
    name: str
    description: str
    scenario: Path
    options: dict[str, _Option]
    mixes: dict[str, list[str]]
    file: Path


def load_study(path: str | Path) -> Study:
    """Read and validate a study file (one-line errors naming file and field)."""
    path = Path(path)
    try:
        raw = StudyFile(**_read_yaml(path))
    except ValidationError as error:
        _raise_validation(error, path)
    options = parse_options(raw.options, file=str(path))
    for mix, members in raw.mixes.items():
        unknown = [m for m in members if m not in options]
        if unknown:
            raise AssumptionError(path, f"mixes.{mix}", f"value {unknown[0]!r} is not an option of this study; known: {', '.join(options)}")
        if not members:
            raise AssumptionError(path, f"mixes.{mix}", "a mix needs at least one option")
    clash = sorted(set(raw.mixes) & set(options) | ({"baseline"} & (set(raw.mixes) | set(options))))
    if clash:
        raise AssumptionError(path, clash[0], "option and mix names must be distinct and not 'baseline'")
    scenario = (path.parent / raw.study.scenario).resolve()
    return Study(name=raw.study.name, description=raw.study.description, scenario=scenario, options=options,
                 mixes=raw.mixes, file=path)


# --------------------------------------------------------------------------- comparison
def _present_value(series: xr.DataArray, discount: xr.DataArray) -> float:
    return float((series * mid_year_factors(discount, series["year"].values)).sum())


def pv_fiscal_cost(fiscal_cost: xr.DataArray, debt_stock: xr.DataArray, discount: xr.DataArray) -> float:
    """Present value of the options' budget cost: cash costs over the horizon (mid-year) plus the
    bonds still outstanding at the end of the horizon (principal owed, discounted from 31 December of
    the last year), so that borrowing late in the horizon is not counted as free."""
    v_end = float(discount_factors(discount, debt_stock["year"].values).isel(year=-1))
    return _present_value(fiscal_cost, discount) + v_end * float(debt_stock.isel(year=-1))


def fund_actuarial_balance(fund: xr.Dataset, opening: float, discount: xr.DataArray) -> float:
    """``v_T (B_T - E_{T+1}) / PV(base)``: the discounted end balance above a one-year-of-cost target,
    per unit of discounted payroll.  Equals the summarised actuarial balance when the fund earns the
    discount rate, and also credits options that change the fund's return."""
    years = fund["year"].values
    v_end = float(discount_factors(discount, years).isel(year=-1))
    target = float(next_year_cost(fund["benefits"]).isel(year=-1))
    fund_debt = float((fund["debt_stock"] - fund["treasury_debt"]).isel(year=-1))  # still owed by the fund
    end = float(fund["balance"].isel(year=-1)) - fund_debt
    return v_end * (end - target) / _present_value(fund["contribution_base"], discount)


def compare_row(result: MixResult, baseline: MixResult, discount: xr.DataArray) -> dict:
    """One row of comparison.csv."""
    fund, base = result.fund, baseline.fund
    opening = float(result.assumptions.data("pension_fund_balance_base"))
    reserve = fund["balance"] / next_year_cost(fund["benefits"])
    last = int(fund["year"].values[-1])
    report = [year for year in REPORT_YEARS if year < last]
    middle = 2050 if 2050 in fund["year"].values else last
    balance_base = fund_actuarial_balance(base, opening, discount)
    balance = fund_actuarial_balance(fund, opening, discount)
    coverage = fund["contributors"] / fund["employed"]
    deficit = first_deficit_year(contributions=fund["contributions"], benefits=fund["benefits"],
                                 fiscal_subsidy=fund["baseline_fiscal_subsidy"], financing_inflows=fund["financing_inflows"])
    row = {
        "option": result.name,
        "first_deficit_year": deficit,
        "depletion_year": depletion_year(fund["balance"]),
        **{f"reserve_ratio_{year}": float(reserve.sel(year=year)) for year in (*report, last)},
        "pv_option_fiscal_cost": pv_fiscal_cost(fund["option_fiscal_cost"], fund["treasury_debt"], discount),
        "pv_baseline_fiscal_subsidy": _present_value(fund["baseline_fiscal_subsidy"], discount),
        "peak_debt_pct_gdp": float((fund["debt_stock"] / fund["gdp"]).max()),
        "actuarial_balance": balance,
        "deficit_eliminated_pct": 100.0 * (balance - balance_base) / -balance_base if balance_base < 0 else np.nan,
        f"contributors_change_{middle}": float(fund["contributors"].sel(year=middle) - base["contributors"].sel(year=middle)),
        f"coverage_rate_{middle}": float(coverage.sel(year=middle)),
        f"coverage_rate_change_{middle}": float(coverage.sel(year=middle) - (base["contributors"] / base["employed"]).sel(year=middle)),
        "total_inflows": float(fund["financing_inflows"].sum()),
        "pv_inflows": _present_value(fund["financing_inflows"], discount),
    }
    return {key: (np.nan if value is None else value) for key, value in row.items()}


def compare(study: Study, *, scenario: Path | None = None) -> tuple[pd.DataFrame, xr.Dataset, str]:
    """Run the baseline, every option and every mix on the same assumptions."""
    assumptions = load_scenario(scenario or study.scenario)
    check_option_years(study.options, assumptions.years, file=str(study.file))
    projection = run_model(assumptions)
    discount = assumptions.data("valuation_discount_rate")
    runs = {"baseline": run_mix(assumptions, [], name="baseline", baseline=projection)}
    for name, option in study.options.items():
        runs[name] = run_mix(assumptions, [option], name=name, baseline=projection)
    for name, members in study.mixes.items():
        runs[name] = run_mix(assumptions, [study.options[m] for m in members], name=name, baseline=projection)
    table = pd.DataFrame([compare_row(result, runs["baseline"], discount) for result in runs.values()])
    dataset = xr.concat([result.fund for result in runs.values()],
                        dim=xr.DataArray(list(runs), dims="option", name="option"), combine_attrs="override")
    dataset.attrs.update(study=study.name, scenario=assumptions.scenario, assumption_set_hash=assumptions.digest,
                         discount_rate="valuation_discount_rate of the set (mid-year discounting)")
    return table, dataset, assumptions.scenario


# --------------------------------------------------------------------------- optimiser
class Instrument(_Strict):
    bounds: list[float] | None = Field(default=None, min_length=2, max_length=2)
    levels: list[float] | None = None


class TargetInfo(_Strict):
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    options_file: str = Field(min_length=1)
    scenario: str | None = None
    reserve_ratio_min: float = Field(ge=0.0, le=20.0)
    first_year: int
    objective: str = "pv_fiscal_cost"


class TargetFile(_Strict):
    target: TargetInfo
    instruments: dict[str, Instrument]


@dataclass(frozen=True)
class Target:
    info: TargetInfo
    study: Study
    instruments: dict[str, Instrument]
    scenario: Path
    file: Path


def load_target(path: str | Path) -> Target:
    """Read and validate a solvency-target file."""
    path = Path(path)
    try:
        raw = TargetFile(**_read_yaml(path))
    except ValidationError as error:
        _raise_validation(error, path)
    study = load_study((path.parent / raw.target.options_file).resolve())
    if raw.target.objective != "pv_fiscal_cost":
        raise AssumptionError(path, "target.objective", f"value {raw.target.objective!r}: only 'pv_fiscal_cost' is implemented")
    for name, instrument in raw.instruments.items():
        if name not in study.options:
            raise AssumptionError(path, f"instruments.{name}", f"value {name!r} is not an option of {study.file.name}; known: {', '.join(study.options)}")
        option = study.options[name]
        if option.linear and instrument.bounds is None:
            raise AssumptionError(path, f"instruments.{name}", "a linear instrument needs 'bounds: [low, high]' (scale factors)")
        if not option.linear and not instrument.levels:
            raise AssumptionError(path, f"instruments.{name}", f"{option.type} is not linear in its size: give 'levels: [...]' to search")
        if instrument.bounds and not 0.0 <= instrument.bounds[0] <= instrument.bounds[1]:
            raise AssumptionError(path, f"instruments.{name}.bounds", f"value {list(instrument.bounds)} must satisfy 0 <= low <= high")
        if any(level < 0 for level in instrument.levels or []):
            raise AssumptionError(path, f"instruments.{name}.levels", "levels must be non-negative scale factors")
    scenario = (path.parent / raw.target.scenario).resolve() if raw.target.scenario else study.scenario
    return Target(info=raw.target, study=study, instruments=raw.instruments, scenario=scenario, file=path)


@dataclass(frozen=True)
class OptimisationResult:
    feasible: bool
    sizes: dict[str, float]
    pv_fiscal_cost: float
    shortfall: float  # reserve-ratio years missing in the worst year (0 when feasible)
    binding_years: list[int]
    at_bounds: list[str]
    verified: MixResult
    verified_min_reserve: float
    verified_year: int


def optimise(target: Target) -> OptimisationResult:
    """Least-cost sizes meeting the reserve-ratio target in every year from ``first_year``.

    For each combination of levels of the non-linear instruments, the model
    runs once with them; each linear instrument's cash flows at unit size are
    rolled through the fund alone (the roll-forward is linear in inflows for
    given returns), giving balance responses ``R_i(t)`` and unit fiscal costs
    ``c_i``; ``scipy.optimize.linprog`` (HiGHS) then solves
    ``min sum c_i x_i`` s.t. ``B_0(t) + sum x_i R_i(t) >= rho E(t+1)``
    within bounds.  If no combination is feasible, the same programme with a
    shortfall variable ``s`` (``... + s E(t+1) >= rho E(t+1)``, minimise ``s``)
    says how far the best mix falls short.  The chosen mix is re-run through
    :func:`run_mix` to verify it.
    """
    assumptions = load_scenario(target.scenario)
    check_option_years(target.study.options, assumptions.years, file=str(target.study.file))
    if not assumptions.years[0] <= target.info.first_year <= assumptions.years[-1]:
        raise AssumptionError(target.file, "target.first_year", f"value {target.info.first_year} is outside the "
                              f"projection years {assumptions.years[0]}..{assumptions.years[-1]}")
    projection = run_model(assumptions)
    discount = assumptions.data("valuation_discount_rate")
    options = target.study.options
    linear = [n for n, i in target.instruments.items() if options[n].linear]
    searched = [n for n in target.instruments if not options[n].linear]
    best = None
    for levels in itertools.product(*[target.instruments[n].levels for n in searched]):
        fixed = [options[n].scaled(level) for n, level in zip(searched, levels) if level > 0]
        base = run_mix(assumptions, fixed, name="search", baseline=projection)
        fund = base.fund
        # the programme is linear when every balance earns the fund's return; a feasible answer keeps every
        # balance positive, so the base balance is rolled with that return throughout (no borrowing rate)
        linear_balance = project_fund(opening_balance=assumptions.scalar("pension_fund_balance_base"),
                                      contributions=fund["contributions"], fiscal_subsidy=fund["baseline_fiscal_subsidy"],
                                      financing_inflows=fund["financing_inflows"], benefits=fund["benefits"],
                                      returns=fund["returns"])["balance"]
        years = fund["year"].values
        mask = years >= target.info.first_year
        required = target.info.reserve_ratio_min * next_year_cost(fund["benefits"]).values
        responses, costs = [], []
        for name in linear:
            response, fiscal, debt = linear_response(base, options[name].scaled(1.0))
            responses.append(response.values)
            costs.append(pv_fiscal_cost(fiscal, debt, discount))
        fixed_cost = pv_fiscal_cost(fund["option_fiscal_cost"], fund["treasury_debt"], discount)
        a = -np.array(responses).T[mask] if linear else np.zeros((mask.sum(), 0))
        b = (linear_balance.values - required)[mask]
        bounds = [tuple(target.instruments[n].bounds) for n in linear]
        solution = linprog(np.array(costs), A_ub=a, b_ub=b, bounds=bounds, method="highs") if linear else None
        feasible = bool(np.all(b >= -1e-6)) if not linear else solution.status == 0
        if feasible:
            x = solution.x if linear else np.zeros(0)
            cost = fixed_cost + float(np.dot(costs, x))
            candidate = (0.0, cost, dict(zip(linear, x)), dict(zip(searched, levels)))
        else:
            scale = next_year_cost(fund["benefits"]).values[mask]
            a_s = np.column_stack([a, -scale])
            shortfall = linprog(np.r_[np.zeros(len(linear)), 1.0], A_ub=a_s, b_ub=b, bounds=bounds + [(0, None)],
                                method="highs")
            x = shortfall.x[:-1]
            candidate = (float(shortfall.x[-1]), fixed_cost + float(np.dot(costs, x)), dict(zip(linear, x)),
                         dict(zip(searched, levels)))
        if best is None or (candidate[0], candidate[1]) < (best[0], best[1]):
            best = candidate
    shortfall, cost, linear_sizes, searched_levels = best
    sizes = {**searched_levels, **linear_sizes}
    chosen = [options[n].scaled(size) for n, size in sizes.items() if size > 0]
    verified = run_mix(assumptions, chosen, name="optimal_mix", baseline=projection)
    reserve = verified.fund["balance"] / next_year_cost(verified.fund["benefits"])
    window = reserve.sel(year=slice(target.info.first_year, None))
    slack = window - target.info.reserve_ratio_min
    binding = [int(y) for y in window["year"].values[np.abs(slack.values) < 1e-6]]
    at_bounds = [n for n in linear if any(abs(sizes[n] - edge) < 1e-9 for edge in target.instruments[n].bounds)]
    verified_ok = float(window.min()) >= target.info.reserve_ratio_min - 1e-6
    return OptimisationResult(
        feasible=shortfall <= 1e-9 and verified_ok, sizes=sizes, pv_fiscal_cost=cost, shortfall=shortfall, binding_years=binding,
        at_bounds=at_bounds, verified=verified, verified_min_reserve=float(window.min()),
        verified_year=int(window["year"].values[int(np.argmin(window.values))]),
    )
