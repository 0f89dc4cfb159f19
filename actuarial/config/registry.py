"""The assumptions a set may declare, with the rules their values obey.

An assumption set may only contain names listed here (unknown keys are
errors), each of the declared kind and unit.  Later stages add their entries
to :data:`REGISTRY`; nothing else needs to change for them to be loaded,
validated, merged from scenarios and hashed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

UNITS = (
    "persons",
    "per_person_year",
    "births_per_woman_year",
    "ratio",
    "fraction",
    "probability",
    "years",
    "yuan",
    "fraction_of_base",
    "label",
)
"""The controlled vocabulary of units."""

STATUSES = ("legislated", "official_statistic", "projected", "estimated", "assumed")
"""How a value stands: a law, a published statistic, a published projection,
an estimate made here from published data (method documented beside it), or an
assumption (which must give its reason)."""

SEXES = ("male", "female")
FERTILITY_VARIANTS = ("medium", "low", "high")
OPEN_AGE = 100


@dataclass(frozen=True)
class Spec:
    """Rules for one assumption.

    kind
        ``path``: a number per year, keyed by year (step function);
        ``choice``: one label from ``choices``;
        ``table``: a CSV over ``dims``, one value column.
    dims
        Table dimensions in CSV column order; ``age`` spans ``ages``.
    bounds
        Inclusive lower and upper bound (``None``: unbounded).  Units
        ``probability`` and ``fraction`` are always held to [0, 1].
    positive_at_open_age
        Values at the open age must be strictly positive (a death rate there
        sets the person-years lived above it, l(100) / m(100)).
    """

    kind: Literal["path", "choice", "table"]
    unit: str
    stage: str
    bounds: tuple[float | None, float | None] = (None, None)
    dims: tuple[str, ...] = ()
    column: str = "value"
    ages: tuple[int, int] = (0, OPEN_AGE)
    choices: tuple[str, ...] = ()
    required: bool = True
    positive_at_open_age: bool = False

    def limits(self) -> tuple[float | None, float | None]:
        if self.unit in ("probability", "fraction"):
            low, high = self.bounds
            return (0.0 if low is None else max(low, 0.0), 1.0 if high is None else min(high, 1.0))
        return self.bounds


REGISTRY: dict[str, Spec] = {
    "base_population": Spec(
        kind="table", unit="persons", stage="demography", dims=("sex", "age"), column="population",
        bounds=(0.0, None),
    ),
    "mortality": Spec(
        kind="table", unit="per_person_year", stage="demography", dims=("year", "sex", "age"),
        column="mx", bounds=(0.0, 5.0), positive_at_open_age=True,
    ),
    "fertility": Spec(
        kind="table", unit="births_per_woman_year", stage="demography",
        dims=("variant", "year", "age"), column="asfr", bounds=(0.0, 1.0), ages=(15, 49),
    ),
    "fertility_variant": Spec(
        kind="choice", unit="label", stage="demography", choices=FERTILITY_VARIANTS,
    ),
    "sex_ratio_at_birth": Spec(
        kind="table", unit="ratio", stage="demography", dims=("year",), column="srb",
        bounds=(0.8, 1.4),
    ),
    "migration": Spec(
        kind="table", unit="persons", stage="demography", dims=("year", "sex", "age"),
        column="net_migrants",
    ),
    "migration_start_share": Spec(kind="path", unit="fraction", stage="demography"),
}

DIM_LABELS = {"sex": SEXES, "variant": FERTILITY_VARIANTS}
"""Fixed label sets for categorical dimensions (``year`` and ``age`` are ranges)."""
