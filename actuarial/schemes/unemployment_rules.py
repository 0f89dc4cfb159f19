"""Legislated entitlement of unemployment insurance and the spell arithmetic (pure functions, plain arrays).

Unemployment Insurance Regulations 1999 (失业保险条例, State Council Decree 258), art. 14: benefit after at
least one year of contributions, involuntary separation, registration and a job search; art. 17: at most
12 months after 1 to 5 contribution years, 18 months after 5 to 10, 24 months after 10 or more.
"""

from __future__ import annotations

import numpy as np

DURATION_BANDS = ((1.0, 12.0), (5.0, 18.0), (10.0, 24.0))
"""(minimum contribution years, maximum months of benefit): Regulations 1999 art. 17."""


def entitlement_months(contribution_years) -> np.ndarray:
    """Maximum months of benefit ``L`` for ``contribution_years`` (art. 17): 0 below one year, then 12, 18, 24."""
    years = np.asarray(contribution_years, dtype=float)
    months = np.zeros(years.shape)
    for minimum, duration in DURATION_BANDS:
        months = np.where(years >= minimum, duration, months)
    return months


def months_paid(spell_months, contribution_years, covered) -> np.ndarray:
    """Months of benefit paid for a spell of ``spell_months``: ``min(spell, L(years))`` for a covered person,
    0 for an uncovered one (or one with less than a year of contributions)."""
    spell = np.maximum(np.asarray(spell_months, dtype=float), 0.0)
    return np.where(np.asarray(covered, dtype=bool), np.minimum(spell, entitlement_months(contribution_years)), 0.0)


def share_within_entitlement(entitlement, mean_spell_months) -> np.ndarray:
    """Share of a stock of unemployed persons still within their entitlement ``L``: with exponential spells of
    mean ``d`` the elapsed duration of the stock is exponential with the same mean, so the share is
    ``1 - exp(-L / d)`` (0 when ``L = 0``)."""
    entitlement = np.asarray(entitlement, dtype=float)
    mean = np.asarray(mean_spell_months, dtype=float)
    return np.where(entitlement > 0, 1.0 - np.exp(-entitlement / np.maximum(mean, 1e-9)), 0.0)


__all__ = ["DURATION_BANDS", "entitlement_months", "months_paid", "share_within_entitlement"]
