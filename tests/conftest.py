"""Shared fixtures: the shipped China baseline, loaded and projected once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from actuarial import demographic_inputs, load_scenario, run_model

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def baseline():
    return load_scenario(ROOT / "projections" / "baseline.yaml")


@pytest.fixture(scope="session")
def baseline_inputs(baseline):
    return demographic_inputs(baseline)


@pytest.fixture(scope="session")
def baseline_projection(baseline):
    return run_model(baseline)
