"""The enrolment rule (issue 13 item 6): lifting the local-hukou rule lets the barred non-local flexible workers
contribute like the other flexible workers; today's rule changes nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from actuarial import load_scenario, run_model
from actuarial.dims import EMPLOYED_STATUSES, EMPLOYEES, FLEXIBLE as FLEXIBLE_STATUSES
from actuarial.schemes import SCHEMES

ROOT = Path(__file__).resolve().parents[1]
FLEXIBLE = [EMPLOYED_STATUSES.index(status) for status in FLEXIBLE_STATUSES]
OTHERS = [i for i in range(len(EMPLOYED_STATUSES)) if i not in FLEXIBLE]    # employees and farmers


@pytest.fixture(scope="module")
def lifted():
    return load_scenario(ROOT / "projections" / "hukou_lifted.yaml")


def test_todays_rule_leaves_every_density_as_it_is(baseline):
    assert np.all(SCHEMES["pension_employee"].read(baseline).enrolment_factor == 1.0)


def test_lifting_the_rule_raises_flexible_density_by_the_barred_share(lifted):
    barred = lifted.scalar("flexible_nonlocal_share") * lifted.scalar("hukou_restricted_share")
    factor = SCHEMES["pension_employee"].read(lifted).enrolment_factor
    years = np.arange(lifted.base_year, lifted.end_year + 1)
    assert np.all(factor[years <= 2025] == 1.0)
    np.testing.assert_allclose(factor[years >= 2026][:, FLEXIBLE], 1.0 / (1.0 - barred), rtol=1e-15)
    assert np.all(factor[:, OTHERS] == 1.0)


def test_the_lifted_rule_moves_members_from_the_resident_to_the_employee_pension(baseline_projection, lifted):
    projection = run_model(lifted)
    by_status = lambda p: p["pension_contributors_by_status"].sel(year=2030)  # noqa: E731
    flexible = [EMPLOYED_STATUSES[i] for i in FLEXIBLE]
    assert np.all(by_status(projection).sel(status=flexible).values > by_status(baseline_projection).sel(status=flexible).values)
    np.testing.assert_array_equal(by_status(projection).sel(status=list(EMPLOYEES)).values,
                                  by_status(baseline_projection).sel(status=list(EMPLOYEES)).values)
    assert (projection["resident_pension_contributors"].sel(year=2030).item()
            < baseline_projection["resident_pension_contributors"].sel(year=2030).item())
    # the base year is calibrated as before
    assert projection["pension_contributors"].sel(year=2024).sum().item() == pytest.approx(
        baseline_projection["pension_contributors"].sel(year=2024).sum().item(), rel=1e-12)


def test_unbundled_medical_enrolment_moves_flexible_workers_into_the_uebmi_alone(baseline, baseline_projection):
    scheme = SCHEMES["medical_employee"]
    assert np.all(scheme.read(baseline).flexible_cover_uplift == 0.0)
    unbundled = load_scenario(ROOT / "projections" / "medical_unbundled.yaml")
    projection = run_model(unbundled)
    year = {"year": 2030}
    np.testing.assert_array_equal(projection["pension_contributors"].sel(**year).values,
                                  baseline_projection["pension_contributors"].sel(**year).values)
    active = lambda p: p["medical_members_active"].sel(**year).sum().item()  # noqa: E731
    assert active(projection) > active(baseline_projection)
    assert (projection["resident_medical_members"].sel(**year).sum().item()
            < baseline_projection["resident_medical_members"].sel(**year).sum().item())
    assert projection["medical_members_active"].sel(year=2024).sum().item() == pytest.approx(
        baseline_projection["medical_members_active"].sel(year=2024).sum().item(), rel=1e-12)
