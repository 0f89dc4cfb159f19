"""Where the shipped data live in a source checkout (editable install)."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ASSUMPTIONS_DIR = PROJECT_ROOT / "assumptions"
PROJECTIONS_DIR = PROJECT_ROOT / "projections"
VALIDATION_DIR = PROJECT_ROOT / "validation"
DEFAULT_SCENARIO = PROJECTIONS_DIR / "baseline.yaml"
