"""What one output variable is (:class:`Variable`) and the dims its entries use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["stock", "flow", "rate", "level", "coordinate"]


@dataclass(frozen=True)
class Variable:
    """One output variable (or coordinate).

    Attributes
    ----------
    name : the variable's name in datasets and CSV headers.
    long_name : what it is, with its timing (CF ``long_name``).
    units : one of :data:`actuarial.dims.UNITS` (CF ``units``).
    dims : its dimensions as produced, in order.
    kind : ``stock``: a quantity at a moment (31 December), or a head count of
        the year such as contributors during the year (not additive over
        years); ``flow``: an amount over the calendar year (additive over
        years); ``rate``: a ratio, share or rate per year; ``level``: a price,
        wage, mean amount per person or index; ``coordinate``: a dimension's
        labels.
    summary : a column of ``summary.csv`` (in registry order).
    missing : where the variable is NaN by design and what NaN means there
        (e.g. a mean over persons in a cell with nobody); ``None``: never NaN.
        Outputs are checked before they are written
        (:mod:`actuarial.report.outputs`): ±inf is always refused, NaN only
        in variables (and summary columns) with a ``missing`` meaning.
    """

    name: str
    long_name: str
    units: str
    dims: tuple[str, ...]
    kind: Kind
    summary: bool = False
    missing: str | None = None


YEAR = ("year",)
YEAR_SEX = ("year", "sex")
CELL = ("year", "sex", "age")
CELL_STATUS = ("year", "sex", "age", "status")
YEAR_STATUS = ("year", "status")
SEX_AGE = ("sex", "age")

BASE_YEAR_FLOW = "the base year (its flows are not projected: the projection starts at 31 December of the base year)"
"""The meaning of NaN in the demographic flows (``births``, ``deaths``, ``net_migration``)."""


__all__ = ["BASE_YEAR_FLOW", "CELL", "CELL_STATUS", "Kind", "SEX_AGE", "Variable", "YEAR", "YEAR_SEX", "YEAR_STATUS"]
