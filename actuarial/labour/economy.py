"""Wages and GDP: the social average wage, earnings by status and age, GDP and the labour share.

Pure functions (no I/O).  Timing: ``year`` runs from the base year (2024,
observed) to the end of the horizon; employment is the stock of employed
persons at 31 December of each year and stands for the year's average
employment; GDP, wages and the wage bill are flows over the calendar year.
Money is nominal yuan.

Notation (``t`` a year, ``0`` the base year, ``E_t(s, x, k)`` persons employed
of sex ``s``, age ``x`` in employed status ``k``, ``A_t`` AI adoption)::

    relative earnings  q(s, x, k) = r_status(k) r_age(s, x) / R,
                       R = sum_{s,x} E_0(s,x,std) r_status(std) r_age(s,x) / sum_{s,x} E_0(s,x,std)
    effective labour   M_t = sum_{s,x,k} E_t(s,x,k) q(s,x,k)            (base-year standard-worker equivalents)
    productivity       Z_t = prod_{u=1..t} (1 + g_u) * (1 + phi (A_t - A_0)),   Z_0 = 1
    price level        P_t = prod_{u=1..t} (1 + pi_u),                          P_0 = 1
    labour share       lambda_t = lambda_0 (1 - theta (A_t - A_0)),    lambda_0 = W_0 M_0 / Y_0
    GDP                Y_t = Y_0 Z_t P_t M_t / M_0
    wage level         L_t = W_0 Z_t P_t lambda_t / lambda_0
    earnings           w_t(s, x, k) = L_t q(s, x, k)
    wage bill          B_t = sum E_t w_t = L_t M_t  =>  B_t / Y_t = lambda_t exactly
    average wage       W_t = sum_{s,x} E_t(s,x,std) w_t(s,x,std) / sum_{s,x} E_t(s,x,std)

``W_0`` is the 2024 all-employee ("全口径") urban average wage
(:func:`social_average_wage_base`) and ``Y_0`` the 2024 GDP.  ``R`` normalises
the status-age profile so that, in the base year, the employment-weighted mean
earnings of standard workers equal ``W_0`` (hence ``W_0`` is reproduced
exactly).  Labour input is measured in efficiency units: relative earnings
are taken as relative productivity (the usual marginal-product reading), so
moving a worker from standard to platform work lowers both GDP and the wage
bill and leaves the wage per efficiency unit ``L_t`` unchanged.  With A and
the employment mix constant, every wage grows at exactly
``(1 + g_t)(1 + pi_t) - 1``.

The stage computes on plain arrays and labels its result once; its inputs are
validated at load (wages and GDP positive, growth rates above -1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.config.calibration import also_from, unreachable
from actuarial.dims import EMPLOYED_STATUSES, plain, unstack
from actuarial.variables import label

STANDARD = EMPLOYED_STATUSES.index("standard")

ECONOMY_OUTPUTS = ("average_wage", "wage_level", "earnings", "gdp", "wage_bill", "labour_share", "productivity_index",
                   "price_index", "effective_employment")
"""The variables of :func:`economy_projection` (long names and units in :data:`actuarial.variables.VARIABLES`)."""


@dataclass(frozen=True)
class EconomyParameters:
    """Plain inputs of the wage and GDP projection.

    Attributes
    ----------
    base_year : the observed year whose wage and GDP anchor the projection.
    average_wage_base : ``W_0``, all-employee urban average wage in the base year (yuan a year).
    gdp_base : ``Y_0``, GDP of the base year (yuan).
    productivity_growth : ``g_t`` for t = base year + 1, base year + 2, ...: growth of real
        output per efficiency unit without AI; must cover every projected year; (path, year) in a stacked run.
    inflation : ``pi_t`` over the same years, growth of the GDP deflator and wage-price level.
    ai_productivity_effect : ``phi``, productivity level gain per unit of adoption.
    ai_labour_share_effect : ``theta``, relative fall in the labour share per unit of adoption.
    relative_earnings_status : (status) earnings relative to standard work.
    relative_earnings_age : (sex, age) age-earnings profile (any scale; renormalised).
    """

    base_year: int
    average_wage_base: float
    gdp_base: float
    productivity_growth: np.ndarray
    inflation: np.ndarray
    ai_productivity_effect: float
    ai_labour_share_effect: float
    relative_earnings_status: xr.DataArray
    relative_earnings_age: xr.DataArray


class LabourShareError(ValueError):
    """The base-year wage bill and GDP give a labour share outside (0, 1] (an input error in a run:
    :func:`project_economy` reports it as one naming ``gdp_base``)."""

    def __init__(self, message: str, *, share_base: float, low: float, high: float):
        super().__init__(message)
        self.share_base, self.low, self.high = share_base, low, high


def combine_average_wage(nonprivate: float, private: float, nonprivate_weight: float) -> float:
    """All-employee average wage from the non-private and private urban-unit averages.

    ``W = w * nonprivate + (1 - w) * private``, ``w`` the non-private units'
    share of employment in the two groups together: the employment-weighted
    mean that defines the all-employee ("全口径城镇单位就业人员") average wage
    used for contribution bases since the 2019 rate-cut plan.
    """
    return nonprivate_weight * nonprivate + (1.0 - nonprivate_weight) * private


def social_average_wage_base(assumptions: AssumptionSet) -> float:
    """The base-year (2024) all-employee urban average wage, yuan per year.

    ``W_0 = w * average_wage_nonprivate + (1 - w) * average_wage_private`` with
    ``w = nonprivate_employment_weight`` (:func:`combine_average_wage`); wages
    are annual totals paid over the calendar year.
    """
    return combine_average_wage(
        assumptions.scalar("average_wage_nonprivate"),
        assumptions.scalar("average_wage_private"),
        assumptions.scalar("nonprivate_employment_weight"),
    )


def economy_parameters(assumptions: AssumptionSet) -> EconomyParameters:
    """Read the :class:`EconomyParameters` from an assumption set (pure; nothing is mutated)."""
    return EconomyParameters(
        base_year=assumptions.base_year,
        average_wage_base=social_average_wage_base(assumptions),
        gdp_base=assumptions.scalar("gdp_base"),
        productivity_growth=assumptions.path("productivity_growth", assumptions.years),
        inflation=assumptions.path("inflation", assumptions.years),
        ai_productivity_effect=assumptions.scalar("ai_productivity_effect"),
        ai_labour_share_effect=assumptions.scalar("ai_labour_share_effect"),
        relative_earnings_status=assumptions.data("relative_earnings_status"),
        relative_earnings_age=assumptions.data("relative_earnings_age"),
    )


def project_economy(assumptions: AssumptionSet, *, adoption: xr.DataArray, employment: xr.DataArray) -> xr.Dataset:
    """Wages, earnings, GDP and the labour share by year (base year included).

    Thin wrapper: :func:`economy_parameters` then :func:`economy_projection`,
    which documents the inputs, equations and outputs.

    Raises
    ------
    AssumptionError
        When the base-year wage bill ``W_0 M_0`` (calibrated employment at the
        base-year wage) and ``gdp_base`` give a labour share outside (0, 1],
        in the base year or, through ``ai_labour_share_effect``, later: a
        base-year figure the model cannot reproduce, named like any other.
    """
    try:
        return economy_projection(economy_parameters(assumptions), adoption=adoption, employment=employment)
    except LabourShareError as error:
        effect = assumptions["ai_labour_share_effect"]
        raise unreachable(assumptions, "gdp_base", (
            f"gives a base-year labour share (wage bill / GDP) of {error.share_base:.4g} and, with "
            f"{also_from(effect, float(effect.data))}, {error.low:.4g} to {error.high:.4g} over the projection; "
            "the labour share must lie in (0, 1]")) from None


def _cumulative_index(rates: np.ndarray, years: np.ndarray, name: str) -> np.ndarray:
    """(path, year) ``I_0 = 1``, ``I_t = I_{t-1} (1 + rate_t)`` over ``years`` (the first being the base year;
    ``rates[..., 0]`` is the rate of the year after it; ``rates`` (year) or (path, year))."""
    needed = years.size - 1
    rates = np.asarray(rates, dtype=float).reshape(-1, np.shape(rates)[-1])
    if rates.shape[1] < needed:
        raise ValueError(f"{name} has no value for year {int(years[0]) + 1 + rates.shape[1]}; "
                         f"it must cover {years[1]}..{years[-1]}")
    return np.cumprod(np.concatenate([np.ones((rates.shape[0], 1)), 1.0 + rates[:, :needed]], axis=1), axis=1)


def _check_inputs(parameters: EconomyParameters, adoption: xr.DataArray, employment: xr.DataArray) -> np.ndarray:
    if "year" not in adoption.dims:
        raise ValueError(f"adoption must have a 'year' dimension; it has {adoption.dims}")
    years = adoption["year"].values
    if years.size == 0 or years[0] != parameters.base_year or np.any(np.diff(years) != 1):
        raise ValueError(
            f"adoption years must run one by one from the base year {parameters.base_year}; got {years[:3]}..."
        )
    if not np.all(np.isfinite(adoption.values)) or np.any((adoption.values < 0.0) | (adoption.values > 1.0)):
        raise ValueError("AI adoption must lie in [0, 1] in every year")
    missing_dims = {"year", "sex", "age", "status"} - set(employment.dims)
    if missing_dims:
        raise ValueError(f"employment lacks dimension(s) {sorted(missing_dims)}; it needs (year, sex, age, status)")
    if not np.array_equal(employment["year"].values, years):
        raise ValueError("employment and adoption must cover the same years")
    missing_status = set(EMPLOYED_STATUSES) - set(employment["status"].values)
    if missing_status:
        raise ValueError(f"employment lacks employed status(es) {sorted(missing_status)}")
    return years


def economy_projection(
    parameters: EconomyParameters, *, adoption: xr.DataArray, employment: xr.DataArray
) -> xr.Dataset:
    """Project the social average wage, earnings, GDP and the labour share.

    Parameters
    ----------
    parameters
        :class:`EconomyParameters` (base-year wage and GDP, growth paths, AI
        effects, relative earnings).
    adoption
        AI adoption ``A_t`` (year), one value per year from the base year to
        the end of the projection, in [0, 1].  Only changes since the base
        year matter.
    employment
        Persons employed at 31 December (year, sex, age, status), same years
        as ``adoption``.  Statuses outside the employed ones (standard,
        nonstandard, platform, self_employed, farm) are ignored.

    In a stacked run (a chunk of paths) the inputs carry a leading ``path`` dim (and the growth paths of
    ``parameters`` are (path, year)); every output then carries it first.

    Returns
    -------
    xarray.Dataset over ``year`` (base year included) with the variables of
    :data:`ECONOMY_OUTPUTS` (registered in :mod:`actuarial.variables`);
    ``earnings`` is (year, sex, age, status).

    Notes
    -----
    Equations (module docstring for the notation)::

        q(s,x,k)   = r_status(k) r_age(s,x) / R     (base-year mean of q over standard workers = 1)
        M_t        = sum E_t q
        Z_t        = prod_{u<=t} (1 + g_u) * (1 + phi (A_t - A_0))
        P_t        = prod_{u<=t} (1 + pi_u)
        lambda_t   = lambda_0 (1 - theta (A_t - A_0)),  lambda_0 = W_0 M_0 / Y_0
        Y_t        = Y_0 Z_t P_t (M_t / M_0)
        L_t        = W_0 Z_t P_t (lambda_t / lambda_0)
        w_t        = L_t q,   B_t = sum E_t w_t = lambda_t Y_t
        W_t        = mean of w_t over standard workers (employment-weighted)

    GDP grows with productivity, prices and labour input in efficiency units;
    AI raises the productivity level by ``phi`` per unit of adoption (a level
    effect, path-independent: ``Z`` is ``1 + phi`` times higher when A goes
    from 0 to 1) and shifts income from labour to capital by the relative
    amount ``theta`` per unit.  The wage per efficiency unit is then fixed by
    the labour share, so the identity ``B_t / Y_t = lambda_t`` holds exactly.
    ``W_t`` also moves with the age composition of standard workers, as the
    published statistic does; ``L_t`` is the composition-free wage level
    (``W_t = L_t`` at base-year composition, and when nobody is in standard
    work ``W_t`` falls back to ``L_t``).

    Raises
    ------
    ValueError
        On inconsistent years, missing statuses, adoption outside [0, 1], or no
        standard workers in the base year; :class:`LabourShareError` (a
        ``ValueError``) on a labour share outside (0, 1].
    """
    years = _check_inputs(parameters, adoption, employment)
    persons_labelled = employment.sel(status=list(EMPLOYED_STATUSES))
    sexes, ages = persons_labelled["sex"].values, persons_labelled["age"].values
    persons = plain(persons_labelled, "year", "sex", "age", "status")   # E_t(s, x, k), path first
    if np.any(persons < 0.0) or not np.all(np.isfinite(persons)):
        raise ValueError("employment must be finite and non-negative")

    by_status = parameters.relative_earnings_status.sel(status=list(EMPLOYED_STATUSES)).values
    by_age = parameters.relative_earnings_age.sel(sex=sexes, age=ages).transpose("sex", "age").values
    profile = by_age[:, :, None] * by_status                          # r_age(s, x) r_status(k)
    standard_base = persons[:, 0, :, :, STANDARD]
    standard_base_total = standard_base.sum(axis=(1, 2))
    if np.any(standard_base_total <= 0.0):
        raise ValueError(f"no standard workers in the base year {years[0]}; the wage profile cannot be normalised")
    normaliser = (standard_base * profile[:, :, STANDARD]).sum(axis=(1, 2)) / standard_base_total
    if np.any(normaliser <= 0.0):
        raise ValueError("base-year standard workers all have zero relative earnings; the profile cannot be normalised")
    relative = profile / normaliser[:, None, None, None]               # q(s, x, k), path first

    effective = (persons * relative[:, None]).sum(axis=(2, 3, 4))      # M_t
    effective_base = effective[:, :1]
    adopted = plain(adoption, "year")
    change = adopted - adopted[:, :1]                                  # A_t - A_0
    ai_level = 1.0 + parameters.ai_productivity_effect * change
    share_factor = 1.0 - parameters.ai_labour_share_effect * change
    if np.any(ai_level <= 0.0):
        raise ValueError("1 + ai_productivity_effect * (A_t - A_0) must stay positive")
    productivity = _cumulative_index(parameters.productivity_growth, years, "productivity_growth") * ai_level
    prices = _cumulative_index(parameters.inflation, years, "inflation")

    wage_base, gdp_base = parameters.average_wage_base, parameters.gdp_base
    share_base = wage_base * effective_base / gdp_base                 # lambda_0
    labour_share = share_base * share_factor
    if np.any(labour_share <= 0.0) or np.any(labour_share > 1.0):
        raise LabourShareError(
            f"labour share must lie in (0, 1]; base-year wage bill / GDP is {share_base.flat[0]:.3f} "
            f"and the AI effect takes it to [{labour_share.min():.3f}, {labour_share.max():.3f}]",
            share_base=float(share_base.flat[0]), low=float(labour_share.min()), high=float(labour_share.max()),
        )
    gdp = gdp_base * productivity * prices * effective / effective_base
    wage_level = wage_base * productivity * prices * share_factor
    earnings = wage_level[:, :, None, None, None] * relative[:, None]
    wage_bill = (persons * earnings).sum(axis=(2, 3, 4))
    standard = persons[..., STANDARD]
    standard_total = standard.sum(axis=(2, 3))
    standard_pay = (standard * earnings[..., STANDARD]).sum(axis=(2, 3))
    anyone = standard_total > 0.0
    average_wage = np.where(anyone, standard_pay / np.where(anyone, standard_total, 1.0), wage_level)

    paths = next((array["path"].values for array in (employment, adoption) if "path" in array.dims), None)
    lead = ("path",) if paths is not None else ()

    def out(values: np.ndarray) -> np.ndarray:
        return unstack(values, paths)

    dataset = xr.Dataset(
        {
            "average_wage": ((*lead, "year"), out(average_wage)),
            "wage_level": ((*lead, "year"), out(wage_level)),
            "earnings": ((*lead, "year", "sex", "age", "status"), out(earnings)),
            "gdp": ((*lead, "year"), out(gdp)),
            "wage_bill": ((*lead, "year"), out(wage_bill)),
            "labour_share": ((*lead, "year"), out(labour_share)),
            "productivity_index": ((*lead, "year"), out(productivity)),
            "price_index": ((*lead, "year"), out(prices)),
            "effective_employment": ((*lead, "year"), out(effective)),
        },
        coords={**({"path": paths} if paths is not None else {}), "year": years, "sex": sexes, "age": ages,
                "status": list(EMPLOYED_STATUSES)},
        attrs={"base_year": int(years[0]), "average_wage_base": wage_base, "gdp_base": gdp_base,
               "ai_productivity_effect": parameters.ai_productivity_effect,
               "ai_labour_share_effect": parameters.ai_labour_share_effect},
    )
    return label(dataset)


__all__ = [
    "ECONOMY_OUTPUTS",
    "EconomyParameters",
    "LabourShareError",
    "combine_average_wage",
    "economy_parameters",
    "economy_projection",
    "project_economy",
    "social_average_wage_base",
]
