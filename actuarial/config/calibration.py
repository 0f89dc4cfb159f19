"""Calibration to base-year targets, with input errors reported like any other bad input."""

from __future__ import annotations

from typing import Callable, Mapping

from scipy.optimize import brentq

from actuarial.config.errors import AssumptionError, display
from actuarial.config.assumptions import Assumption, AssumptionSet


def calibrate(gap: Callable[[float], float], low: float, high: float, *, assumptions: AssumptionSet, name: str,
              rule: str, tolerance: float = 1e-12) -> float:
    """Root of ``gap`` in ``[low, high]`` (``brentq``); an unreachable target is a one-line input error
    naming the file that set assumption ``name``, its value and ``rule``."""
    at_low, at_high = gap(low), gap(high)
    if at_low * at_high > 0:
        raise unreachable(assumptions, name, rule)
    return brentq(gap, low, high, xtol=tolerance)


def unreachable(assumptions: Mapping[str, Assumption], name: str, rule: str) -> AssumptionError:
    """The input error for a base-year figure the model cannot reproduce: names the file that set
    assumption ``name`` (the scenario override when it came from one), its value and ``rule``."""
    assumption = assumptions[name]
    value = float(assumption.data) if assumption.data is not None and assumption.data.ndim == 0 else "table"
    return AssumptionError(origin(assumption), name, f"value {value!r} cannot be met by calibration: it {rule}")


def origin(assumption: Assumption) -> str:
    """The file that set ``assumption``: the scenario override when it came from one, else its set's YAML."""
    return next((f for f in reversed(assumption.files) if f.endswith(".yaml")), assumption.files[-1])


def also_from(assumption: Assumption, value: float) -> str:
    """``name value (file)``: another input an unreachable target depends on, for the error's rule."""
    return f"{assumption.name} {value:g} ({display(origin(assumption))})"
