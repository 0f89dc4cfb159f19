"""Flexible workers under income-linked contributions (issue 13 item 5): what the funds and the workers see.

Read from a run (:func:`actuarial.model.run_model`): the flexible workers' (platform, self-employed)
contributors, contributions, declared base per contributor, the platforms' employer share, the UEBPI fund,
and the award of a **model flexible career**.  The UEBPI kernel follows members by sex and age, not by
status: a lower flexible base lowers the mean indexed-wage ratio of every (sex, age) cell in proportion to
the flexible workers' share of its contributors, so the kernel's pensions carry the effect pooled with the
employees of the same cell.  The flexible workers' own pension is therefore shown as the award of a model
career (:func:`actuarial.analysis.careers.monthly_award`) at their mean base ratio of each year.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from actuarial.analysis.careers import monthly_award
from actuarial.config import AssumptionSet
from actuarial.dims import FLEXIBLE

CAREER_YEARS = 25
"""Contribution years of the model flexible career (retiring in the report year, contributing the years before)."""
RETIREMENT_AGE = 63
"""Age at award of the model career (the male statutory age once the 2024 reform is phased in, 2040)."""


def flexible_base_ratio(projection: xr.Dataset) -> xr.DataArray:
    """Flexible contributors' mean declared base / social average wage by year (0 where none contribute)."""
    base = projection["pension_base_by_status"].sel(status=list(FLEXIBLE)).sum("status")
    persons = projection["pension_contributors_by_status"].sel(status=list(FLEXIBLE)).sum("status")
    return xr.where(persons > 0, base / persons.where(persons > 0, 1.0), 0.0) / projection["average_wage"]


def model_flexible_award(assumptions: AssumptionSet, projection: xr.Dataset, year: int, *,
                         career_years: int = CAREER_YEARS, age: int = RETIREMENT_AGE) -> float:
    """Monthly award (yuan/month) of a flexible worker retiring in ``year`` after ``career_years`` years at the
    flexible contributors' mean base ratio of each year (the base year's before it), flexible account rate,
    crediting and accrual of the set."""
    years = np.arange(year - career_years, year)
    known = projection["year"].values
    ratio = flexible_base_ratio(projection).sel(year=np.clip(years, known[0], known[-1])).values
    wage = projection["average_wage"].sel(year=np.clip(years, known[0], known[-1])).values
    divisor = float(assumptions.data("account_divisor").reindex(age=[age], method="nearest").values[0])
    award = monthly_award(wage=wage, base_ratio=ratio, account_rate=assumptions.path("flexible_account_rate", years),
                          crediting=assumptions.path("account_crediting_rate", years),
                          wage_previous=float(projection["average_wage"].sel(year=year - 1)),
                          accrual=float(assumptions.path("basic_pension_accrual", np.array([year]))[0]),
                          divisor=divisor)
    return award.total


def flexible_worker_row(assumptions: AssumptionSet, projection: xr.Dataset, year: int) -> dict[str, float]:
    """One option's row of the method note's table in ``year``: flexible contributors (million), their
    contribution per head (thousand yuan and as a share of the average wage), their mean base ratio, the
    platforms' employer share (billion yuan), the UEBPI balance (trillion yuan), the model flexible award
    (yuan/month) and the mean award of all new UEBPI pensioners (yuan/month)."""
    at = {"year": year}
    flexible = {"status": list(FLEXIBLE)}
    persons = float(projection["pension_contributors_by_status"].sel(**at, **flexible).sum())
    paid = float(projection["pension_contributions_by_status"].sel(**at, **flexible).sum())
    wage = float(projection["average_wage"].sel(**at))
    new = projection["pension_new_pensioners"].sel(**at)
    mean_award = float((new * projection["pension_new_award"].sel(**at).fillna(0.0)).sum() / new.sum())
    return {"flexible_contributors_m": persons / 1e6, "revenue_per_contributor_k": paid / persons / 1e3,
            "revenue_per_contributor_wage": paid / persons / wage,
            "flexible_base_ratio": float(flexible_base_ratio(projection).sel(**at)),
            "platform_employer_bn": float(projection["pension_platform_employer_contributions"].sel(**at)) / 1e9,
            "uebpi_balance_tn": float(projection["pension_fund_balance"].sel(**at)) / 1e12,
            "model_flexible_award": model_flexible_award(assumptions, projection, year),
            "mean_new_award": mean_award}


__all__ = ["CAREER_YEARS", "RETIREMENT_AGE", "flexible_base_ratio", "flexible_worker_row", "model_flexible_award"]
