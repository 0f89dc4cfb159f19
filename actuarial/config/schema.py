"""What the files may contain: ``set.yaml``, an assumption entry, a scenario file (strict pydantic models).

Unknown keys are errors, types are strict and the models are frozen; a
failure becomes a one-line :class:`~actuarial.config.AssumptionError` through
:func:`actuarial.config.yaml_io.raise_validation`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from actuarial.config.registry import STANDINGS
from actuarial.dims import SCHEMES, UNITS

SET_FILE = "set.yaml"
FIRST_YEAR, LAST_YEAR = 1900, 2300


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Reference(_Strict):
    """A citation: document title, and where in it (table, article, page)."""

    title: str = Field(min_length=1)
    locator: str | None = None
    publisher: str | None = None
    year: int | None = None
    url: str | None = None


class TableRef(_Strict):
    """Where a table assumption's values are: a CSV file beside the YAML, and its dimensions."""

    file: str = Field(min_length=1)
    dims: list[str]


class Range(_Strict):
    """The plausible low and high of an assumption, for sensitivity studies, with why.

    ``kind``: ``value`` replaces a scalar's value (or a choice's label), ``scale`` multiplies every value of
    a path or table, ``shift`` adds to every value.
    """

    low: float | str
    high: float | str
    kind: Literal["value", "scale", "shift"] = "value"
    reason: str | None = None
    reference: list[Reference] = []


class Entry(_Strict):
    """One assumption as written in a YAML file: metadata and exactly one of ``values``, ``value``, ``table``."""

    description: str = Field(min_length=1)
    unit: Literal[UNITS]  # type: ignore[valid-type]
    status: Literal[STANDINGS]  # type: ignore[valid-type]
    reason: str | None = None
    reference: list[Reference] = []
    values: dict[int, float] | None = None
    value: str | float | None = None
    table: TableRef | None = None
    range: Range | None = None


class SetInfo(_Strict):
    """``set.yaml``: the set's name, description, base year and horizon."""

    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    base_year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    end_year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    schemes: list[Literal[SCHEMES]] = Field(min_length=1)  # type: ignore[valid-type]
    """The schemes the set runs, in order (each after the schemes it builds on, :data:`actuarial.dims.SCHEME_REQUIRES`)."""


class ScenarioInfo(_Strict):
    """The ``scenario:`` section of a scenario file."""

    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    assumptions: str = Field(min_length=1)
    end_year: int | None = None


class ScenarioFile(_Strict):
    """A scenario file: its ``scenario:`` section, ``overrides`` of assumption entries, ``financing`` options."""

    scenario: ScenarioInfo
    overrides: dict[str, dict[str, Any]] = {}
    financing: dict[str, Any] = {}


__all__ = ["FIRST_YEAR", "LAST_YEAR", "SET_FILE", "Entry", "Range", "Reference", "ScenarioFile", "ScenarioInfo", "SetInfo",
           "TableRef"]
