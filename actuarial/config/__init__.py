"""Loading and validating assumption sets and scenarios (DESIGN §4)."""

from actuarial.config.errors import AssumptionError
from actuarial.config.loader import Assumption, AssumptionSet, load_assumption_set, load_scenario

__all__ = ["Assumption", "AssumptionError", "AssumptionSet", "load_assumption_set", "load_scenario"]
