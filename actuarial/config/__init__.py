"""Loading and validating assumption sets and scenarios (DESIGN §4)."""

from actuarial.config.assumptions import Assumption, AssumptionSet
from actuarial.config.errors import AssumptionError
from actuarial.config.loader import load_assumption_set, load_scenario

__all__ = ["Assumption", "AssumptionError", "AssumptionSet", "load_assumption_set", "load_scenario"]
