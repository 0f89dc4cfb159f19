"""Writing results: output files (atomic), terminal tables."""
