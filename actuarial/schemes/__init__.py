"""Scheme modules: one per scheme (contributions, eligibility, benefits)."""
