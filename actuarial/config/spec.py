"""The rules one assumption obeys (kind, unit, dimensions, bounds, shape rules)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from actuarial.dims import OPEN_AGE


PLAUSIBLE: dict[str, tuple[float, float]] = {
    "persons": (-2e9, 2e9),
    "yuan": (-1e16, 1e16),
    "yuan_per_year": (-1e7, 1e7),
    "yuan_per_month": (-1e6, 1e6),
}
"""Plausibility limits of a unit, applied where an assumption declares no bound (assumed: a count above
2 billion persons exceeds China's population of 1.41 billion; 1e16 yuan is about 75 times China's 2024 GDP
of 134.9 trillion; 10 million yuan a year or 1 million a month per person is about 100 times the 2024
average wage).  They turn overflow-sized inputs (1e300) into one-line errors."""


@dataclass(frozen=True)
class Spec:
    """Rules for one assumption.

    kind
        ``path``: a number per year, keyed by year (step function);
        ``scalar``: one number (``value``);
        ``choice``: one label from ``choices``;
        ``table``: a CSV over ``dims``, one value column.
    dims
        Table dimensions in CSV column order.  ``year`` spans the projection
        years; ``age`` spans ``ages``; other integer dimensions span
        ``ranges[dim]``; categorical dimensions take the labels of
        :data:`DIM_LABELS`.
    bounds
        Inclusive lower and upper bound (``None``: unbounded).  Units
        ``probability`` and ``fraction`` are always held to [0, 1].
    positive_at_open_age
        Values at the open age must be strictly positive (a death rate there
        sets the person-years lived above it, l(100) / m(100)).
    sums_to_one_over
        Values must sum to 1 (within 1e-9) over this dimension, for every
        combination of the others (shares).
    monotone_along
        Values must not decrease along these dimensions taken together, in
        order (e.g. birth year then birth month), for every combination of the
        others (schedules).
    """

    kind: Literal["path", "scalar", "choice", "table"]
    unit: str
    stage: str
    bounds: tuple[float | None, float | None] = (None, None)
    dims: tuple[str, ...] = ()
    column: str = "value"
    ages: tuple[int, int] = (0, OPEN_AGE)
    choices: tuple[str, ...] = ()
    required: bool = True
    positive_at_open_age: bool = False
    ranges: tuple[tuple[str, int, int], ...] = ()
    sums_to_one_over: str | None = None
    monotone_along: tuple[str, ...] = ()
    at_most: str | None = None
    """A scalar must not exceed the scalar assumption of this name (ordered base-year targets, e.g. the
    flexible workers among active members)."""
    total_at_most: tuple[str, float] | None = None
    """``(dim, limit)``: the sum over ``dim`` must not exceed ``limit`` for every combination of the others
    (total fertility: the sum of age-specific rates over age)."""

    def limits(self) -> tuple[float | None, float | None]:
        """Inclusive bounds: the declared ones, [0, 1] for probabilities and fractions, and where a side is
        open the plausibility limit of the unit (:data:`PLAUSIBLE`), so that every value is bounded."""
        low, high = self.bounds
        if self.unit in ("probability", "fraction"):
            return (0.0 if low is None else max(low, 0.0), 1.0 if high is None else min(high, 1.0))
        plausible_low, plausible_high = PLAUSIBLE.get(self.unit, (None, None))
        return (plausible_low if low is None else low, plausible_high if high is None else high)
