"""Finance stage: fund accumulation (roll-forward of reserves with mid-year flows)."""
