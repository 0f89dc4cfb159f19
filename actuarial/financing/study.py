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
solvency target (reserve ratio at least ``reserve_ratio_min`` in every year; optionally sustainable: the
reserve ratio at the horizon at least its value ``sustainable_years`` before), and the limits a ministry
sets (a ceiling on bonds outstanding as a share of GDP, a cap on the annual budget cost).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from actuarial.config import AssumptionError
from actuarial.config.financing import Option, parse_options
from actuarial.config.yaml_io import raise_validation, read_yaml, shown
from actuarial.dims import FUNDED_SCHEMES


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class StudyInfo(_Strict):
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    scenario: str = Field(min_length=1)
    fund: Literal[FUNDED_SCHEMES] = "pension_employee"  # type: ignore[valid-type]
    """The fund the options are judged on (each scheme's main fund)."""


class StudyFile(_Strict):
    study: StudyInfo
    options: dict
    mixes: dict[str, list[str]] = {}


@dataclass(frozen=True)
class Study:
    name: str
    description: str
    scenario: Path
    options: dict[str, Option]
    mixes: dict[str, list[str]]
    file: Path
    fund: str = "pension_employee"


def load_study(path: str | Path) -> Study:
    """Read and validate a study file (one-line errors naming file and field)."""
    path = Path(path)
    try:
        raw = StudyFile(**read_yaml(path))
    except ValidationError as error:
        raise_validation(error, path)
    options = parse_options(raw.options, file=str(path))
    if not options:
        raise AssumptionError(path, "options", "a study needs at least one option")
    for mix, members in raw.mixes.items():
        unknown = [m for m in members if m not in options]
        if unknown:
            raise AssumptionError(path, f"mixes.{mix}", f"value {shown(unknown[0])} is not an option of this study; known: {', '.join(options)}")
        if not members:
            raise AssumptionError(path, f"mixes.{mix}", "a mix needs at least one option")
        repeated = sorted({m for m in members if members.count(m) > 1})
        if repeated:
            raise AssumptionError(path, f"mixes.{mix}", f"value {shown(repeated[0])} is listed more than once; each "
                                  "option may appear once in a mix (scale it in the options instead)")
    clash = sorted(set(raw.mixes) & set(options) | ({"baseline"} & (set(raw.mixes) | set(options))))
    if clash:
        raise AssumptionError(path, clash[0], "option and mix names must be distinct and not 'baseline'")
    scenario = (path.parent / raw.study.scenario).resolve()
    return Study(name=raw.study.name, description=raw.study.description, scenario=scenario, options=options,
                 mixes=raw.mixes, file=path, fund=raw.study.fund)


class Instrument(_Strict):
    bounds: list[float] | None = Field(default=None, min_length=2, max_length=2)
    levels: list[float] | None = None
    by_year: bool = False
    """Bonds only: one decision variable per year of the option's window (each within ``bounds``, a scale on
    the option's ``issuance_pct_gdp`` issued that year), instead of one scale on the whole window."""


class TargetInfo(_Strict):
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    options_file: str = Field(min_length=1)
    scenario: str | None = None
    reserve_ratio_min: float = Field(ge=0.0, le=20.0)
    first_year: int
    objective: str = "pv_fiscal_cost"
    debt_to_gdp_max: float | None = Field(default=None, gt=0.0, le=5.0)
    """Ceiling on the treasury-serviced bonds outstanding at 31 December, as a share of GDP, every year."""
    annual_cost_pct_gdp_max: float | None = Field(default=None, gt=0.0, le=1.0)
    """Ceiling on the options' own cash cost to the budget over each year, as a share of GDP."""
    sustainable_years: int | None = Field(default=None, ge=1, le=50)
    """Sustainable solvency: the reserve ratio at the horizon is at least its value this many years before."""
    discount: str | float = "borrowing"
    """Discount basis of the objective (:func:`actuarial.financing.basis.discount_basis`)."""
    probability: float | None = Field(default=None, gt=0.0, le=1.0)
    """A stochastic target (``optimise --paths N``): the reserve condition (the reserve-ratio floor every year
    and the sustainable condition) must hold on at least this share of the drawn paths; the debt ceiling and
    the annual cost cap hold on every path; the objective is the mean cost over paths."""


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
        raw = TargetFile(**read_yaml(path))
    except ValidationError as error:
        raise_validation(error, path)
    study = load_study((path.parent / raw.target.options_file).resolve())
    if raw.target.objective != "pv_fiscal_cost":
        raise AssumptionError(path, "target.objective", f"value {shown(raw.target.objective)}: only 'pv_fiscal_cost' is implemented")
    for name, instrument in raw.instruments.items():
        if name not in study.options:
            raise AssumptionError(path, f"instruments.{name}", f"value {shown(name)} is not an option of {study.file.name}; known: {', '.join(study.options)}")
        option = study.options[name]
        if option.fund != study.fund:
            raise AssumptionError(path, f"instruments.{name}", f"value {shown(name)} acts on {option.fund}; the "
                                  f"optimiser sizes instruments of the fund it judges ({study.fund}) only")
        if option.linear and instrument.bounds is None:
            raise AssumptionError(path, f"instruments.{name}", "a linear instrument needs 'bounds: [low, high]' (scale factors)")
        if not option.linear and not instrument.levels:
            raise AssumptionError(path, f"instruments.{name}", f"{option.type} is not linear in its size: give 'levels: [...]' to search")
        if instrument.bounds and not 0.0 <= instrument.bounds[0] <= instrument.bounds[1]:
            raise AssumptionError(path, f"instruments.{name}.bounds", f"value {list(instrument.bounds)} must satisfy 0 <= low <= high")
        if instrument.by_year and not (option.type == "special_bonds" and option.rule == "fixed"):
            raise AssumptionError(path, f"instruments.{name}.by_year", "only fixed-rule special_bonds can be sized year by year")
        if any(level < 0 for level in instrument.levels or []):
            raise AssumptionError(path, f"instruments.{name}.levels", "levels must be non-negative scale factors")
    scenario = (path.parent / raw.target.scenario).resolve() if raw.target.scenario else study.scenario
    return Target(info=raw.target, study=study, instruments=raw.instruments, scenario=scenario, file=path)



__all__ = ["Instrument", "Study", "Target", "TargetInfo", "load_study", "load_target"]
