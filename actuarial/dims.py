"""Domain vocabularies: the labels of the model's dimensions, and the one vocabulary of units.

Every stage, the assumption loader and the output registry
(:mod:`actuarial.variables`) take their labels from here, so a status, a
scheme or a unit is spelt the same everywhere (DESIGN §3); and the helpers of the
leading ``path`` axis every stage shares (:func:`plain`, :func:`unstack`,
:func:`same_on_every_path`).  This module imports nothing from the package and does
no work at import.

Units (:data:`UNITS`)
---------------------
One controlled vocabulary for assumptions (``unit:`` of every entry of an
assumption set) and outputs (``units`` attrs of every output variable):

============================  ==========================================================
``persons``                   a head count
``per_person_year``           events per person-year of exposure (death rates)
``births_per_woman_year``     births per woman-year of exposure (fertility rates)
``ratio``                     a quotient of two like quantities, not bounded by 1
``fraction``                  a share in [0, 1]
``probability``               a probability in [0, 1]
``1``                         a dimensionless index (base year = 1)
``years``                     a duration in years (ages, contribution years)
``months``                    a duration in months (annuity divisors)
``calendar_year``             a calendar year (e.g. 2035)
``yuan``                      money, nominal yuan (a flow over the year or a balance)
``yuan_per_year``             money per person and year, nominal yuan
``yuan_per_month``            money per person and month, nominal yuan
``fraction_of_base``          a share of the contribution base (rates, cost rates)
``fraction_of_gdp``           a share of gross domestic product
``per_year``                  a rate per year (growth, returns, indexation)
``years_of_expenditure``      a balance over one year's expenditure (reserve ratios)
``months_of_expenditure``     a balance over one month's expenditure
``label``                     a category (a choice of an assumption, a categorical coordinate)
============================  ==========================================================
"""

from __future__ import annotations

import numpy as np

OPEN_AGE = 100
"""The open age group: age 100 stands for 100 and over; single ages run 0..OPEN_AGE."""

SEXES = ("male", "female")

STATUSES = ("standard", "nonstandard", "platform", "self_employed", "farm", "unemployed", "inactive", "retired")
"""Labour statuses (DESIGN §3); persons in each (year, sex, age) cell sum over them to the population."""

EMPLOYED_STATUSES = STATUSES[:5]
"""The statuses in work: standard and non-standard employees, platform workers, the non-farm self-employed and
household farmers (own-account agricultural work, ``farm``)."""

EMPLOYEES = ("standard", "nonstandard")
"""Employed statuses insured through an employer (employer and worker contributions on wages)."""

FLEXIBLE = ("platform", "self_employed")
"""Employed statuses insured as flexible workers (own contributions on a chosen base): the group of the
flexible-employment debate. Household farmers (``farm``) also have no employer, so the schemes treat them
like flexible workers when they join, but they belong to the resident schemes and are not in this group."""

AI_DESTINATIONS = ("platform", "self_employed", "unemployed", "inactive")
"""Statuses into which persons displaced by AI from employee work move."""

RETIREMENT_GROUPS = ("male", "female_cadre", "female_worker")
"""Groups of the statutory retirement schedule (original ages 60, 55, 50)."""

RETIREMENT_PHASES = ("before_retirement", "after_retirement")
"""Whether a person is before or past their own retirement age (labour profiles)."""

FERTILITY_VARIANTS = ("medium", "low", "high")
"""Variants of the fertility table (UN WPP)."""

SCHEMES = ("pension_employee", "pension_resident", "medical_employee", "medical_resident", "unemployment", "injury",
           "platform_injury", "national_pension")
"""The insurance schemes: employee and resident pensions (UEBPI, URRBP), employee and resident medical
insurance (UEBMI, URRBMI), unemployment insurance (UI), work-injury insurance (WI) and the platform
occupational-injury pilot, and the national pension option (a tax-financed flat pension, off by default)."""

SCHEME_REQUIRES = {
    "pension_resident": ("pension_employee",),
    "medical_employee": ("pension_employee",),
    "medical_resident": ("medical_employee",),
    "unemployment": (),
    "injury": (),
    "platform_injury": (),
    "national_pension": ("pension_employee", "pension_resident"),
}
"""Schemes that build on another's results (transfers, pensioners, members): ``set.yaml`` must list those first."""

FUNDS = ("pension_employee", "pension_resident", "medical_employee", "medical_employee_accounts", "medical_resident",
         "unemployment", "injury", "platform_injury")
"""The funds: one per scheme, and the UEBMI personal accounts beside its pooled fund."""

FUNDED_SCHEMES = tuple(scheme for scheme in SCHEMES if scheme in FUNDS)
"""The schemes with a fund of their own (named after the scheme): all but the national pension option, which
the budget pays as it goes."""

REPORT_YEARS = (2035, 2050, 2075)
"""Years reported in metrics and comparisons besides the last projection year."""

UNITS = (
    "persons",
    "per_person_year",
    "births_per_woman_year",
    "ratio",
    "fraction",
    "probability",
    "1",
    "years",
    "months",
    "calendar_year",
    "yuan",
    "yuan_per_year",
    "yuan_per_month",
    "fraction_of_base",
    "fraction_of_gdp",
    "per_year",
    "years_of_expenditure",
    "months_of_expenditure",
    "label",
)
"""The controlled vocabulary of units (module docstring for their meaning)."""


def plain(array, *dims: str):
    """A labelled array's (:class:`xarray.DataArray`) values with ``dims`` in that order behind a leading path
    axis: (path, *dims), the path axis of length 1 where ``array`` has no ``path`` dim (a deterministic run is
    the one-path case; numpy broadcasting then carries it against arrays that vary by path)."""
    if "path" in array.dims:
        return array.transpose("path", *dims).values
    return array.transpose(*dims).values[None]



def unstack(values: np.ndarray, paths: np.ndarray | None) -> np.ndarray | float:
    """A result computed with a leading path axis, as the scheme hands it on: broadcast to every path of a stacked
    run (``paths``: :attr:`Upstream.paths`); in a deterministic run (``paths`` None) the one path's values, a
    float where that is a single number."""
    if paths is not None:
        return np.broadcast_to(values, (len(paths), *np.shape(values)[1:]))
    return float(values[0]) if np.ndim(values) == 1 else values[0]


def same_on_every_path(*inputs: np.ndarray) -> bool:
    """Whether each input, (path, ...) with a path axis of length 1 or the chunk's, holds the same values on every
    path."""
    return all(np.array_equal(values[0], row) for values in inputs for row in values[1:])

__all__ = [
    "AI_DESTINATIONS",
    "EMPLOYED_STATUSES",
    "EMPLOYEES",
    "FERTILITY_VARIANTS",
    "FLEXIBLE",
    "FUNDS",
    "OPEN_AGE",
    "REPORT_YEARS",
    "RETIREMENT_GROUPS",
    "RETIREMENT_PHASES",
    "FUNDED_SCHEMES",
    "SCHEMES",
    "SEXES",
    "STATUSES",
    "UNITS",
    "plain",
    "same_on_every_path",
    "unstack",
]

