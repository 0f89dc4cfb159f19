"""Financing above the model: mixes of options, their comparison, and the least-cost mix for a target."""
