"""Income-linked contributions for flexible workers (issue 13 item 5): the declared base that follows earnings
(hand-computed cells, floor and cap binding), today's rule as the default, the coverage responses' direction,
the platforms' employer share, the lower base flowing into pensions, and the study through ``compare``."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from actuarial import run_model
from actuarial.analysis.income_linked import flexible_base_ratio, flexible_worker_row
from actuarial.analysis.summary import summary_table
from actuarial.config.financing import parse_options
from actuarial.schemes.pension_employee_rules import coverage_response, declared_bases, flexible_bases

ROOT = Path(__file__).resolve().parents[1]
STUDY = ROOT / "projections" / "income_linked_contributions.yaml"


def rules(*, link=0.0, floor=0.6, flexible_floor=0.6, share=1.0, platform_share=0.0, elasticity=(0.0, 0.0, 1.5, 1.0, 0.0)):
    """Parameters of one year (index 0) with the fields the contribution rules read."""
    one = lambda value: np.array([value], dtype=float)  # noqa: E731
    return SimpleNamespace(years=one(2030), flexible_base_ratio=0.65, flexible_base_adjustment=one(1.0),
                           declared_base_adjustment=one(1.0), floor_ratio=one(floor), ceiling_ratio=one(3.0),
                           flexible_floor_ratio=one(min(floor, flexible_floor)), earnings_link=one(link),
                           declared_income_share=one(share), platform_share=one(platform_share),
                           flexible_rate=one(0.2), cost_elasticity=np.array(elasticity))


# earnings (year, sex, age, status): one sex, three ages; standard, nonstandard, platform, self-employed, farm
EARNINGS = np.array([[[[100.0, 70.0, 50.0, 30.0, 20.0], [100.0, 70.0, 80.0, 45.0, 25.0],
                       [500.0, 70.0, 400.0, 45.0, 25.0]]]])
WAGE = np.array([100.0])


def test_a_base_that_follows_earnings_is_the_earnings_between_the_floor_and_the_cap():
    bases = flexible_bases(rules(link=1.0, flexible_floor=0.4), EARNINGS, WAGE)
    # platform 50 -> 50 (above the 40 floor); self-employed 30 -> 40 (floor binds); platform 400 -> 300 (cap)
    np.testing.assert_allclose(bases[0, 0, :, 0], [50.0, 80.0, 300.0])
    np.testing.assert_allclose(bases[0, 0, :, 1], [40.0, 45.0, 45.0])
    # the 60 % floor binds on every earnings below 60
    np.testing.assert_allclose(flexible_bases(rules(link=1.0), EARNINGS, WAGE)[0, 0, :, 1], [60.0, 60.0, 60.0])
    # half linked, 80 % declared: 0.5 * 65 + 0.5 * 0.8 * 80 = 64.5 for the platform worker aged 1
    assert flexible_bases(rules(link=0.5, share=0.8, flexible_floor=0.4), EARNINGS, WAGE)[0, 0, 1, 0] == pytest.approx(64.5)


def test_the_flexible_floor_is_never_above_the_general_floor_and_employees_keep_theirs():
    raised = flexible_bases(rules(link=1.0, flexible_floor=0.9), EARNINGS, WAGE)
    assert raised.min() == pytest.approx(60.0)
    bases = declared_bases(rules(link=1.0, flexible_floor=0.4), EARNINGS, WAGE, compliance=0.5)
    np.testing.assert_allclose(bases[0, 0, :, 0], [60.0, 60.0, 250.0])  # employees: clip(0.5 e, 60, 300)


def test_todays_rule_is_a_fixed_ratio_and_answers_nothing():
    bases = flexible_bases(rules(), EARNINGS, WAGE)
    assert (bases == 65.0).all()
    employment = np.ones_like(EARNINGS)
    np.testing.assert_array_equal(coverage_response(rules(), EARNINGS, WAGE, employment), 1.0)


def test_coverage_answers_a_lower_cost_and_a_platform_share():
    employment = np.ones_like(EARNINGS)
    lower = coverage_response(rules(link=1.0, flexible_floor=0.4), EARNINGS, WAGE, employment)[0]
    assert lower[:2].tolist() == [1.0, 1.0]
    # self-employed: today 0.2 * 65 = 13 on 30 + 45 + 45 earnings; new 0.2 * (40 + 45 + 45) = 26
    today, new = 3 * 13.0, 0.2 * 130.0
    assert lower[3] == pytest.approx(1.0 + 1.0 * (today - new) / (120.0 + today))
    assert lower[3] > 1.0
    # the platform pays 60 %: the worker's cost falls at an unchanged base
    shared = coverage_response(rules(platform_share=0.6), EARNINGS, WAGE, employment)[0]
    assert shared[2] == pytest.approx(1.0 + 1.5 * 0.6 * 39.0 / (530.0 + 39.0))
    assert shared[3] == 1.0


def test_the_shipped_set_without_the_new_assumptions_runs_todays_rule(tmp_path, baseline_projection):
    folder = tmp_path / "china"
    shutil.copytree(ROOT / "assumptions" / "china", folder, ignore=shutil.ignore_patterns("build", "*.md"))
    (folder / "income_linked.yaml").unlink()
    from actuarial.config.loader import load_assumption_set

    bare = run_model(load_assumption_set(folder))
    pd.testing.assert_frame_equal(summary_table(bare), summary_table(baseline_projection))


@pytest.fixture(scope="module")
def runs(baseline):
    from actuarial.financing.study import load_study

    study = load_study(STUDY)
    options = {name: {name: option} for name, option in study.options.items()}
    return {"baseline": run_model(baseline, options={}),
            **{name: run_model(baseline, options=chosen) for name, chosen in options.items()}}


def test_the_default_set_leaves_the_baseline_unchanged(runs, baseline_projection):
    pd.testing.assert_frame_equal(summary_table(runs["baseline"]), summary_table(baseline_projection))
    assert float(abs(runs["baseline"]["pension_platform_employer_contributions"]).max()) == 0.0
    np.testing.assert_allclose(flexible_base_ratio(runs["baseline"]).sel(year=slice(2025, 2060)), 0.65)


def test_lower_bases_lower_revenue_per_head_and_pensions_and_raise_coverage(runs, baseline):
    rows = {name: flexible_worker_row(baseline, run, 2050) for name, run in runs.items()}
    now, sixty, forty = rows["baseline"], rows["earnings_linked_floor_60"], rows["earnings_linked_floor_40"]
    # the lower floor lowers every base against the 60 % floor, and against today's rule for the low earners
    assert sixty["flexible_base_ratio"] > forty["flexible_base_ratio"] >= 0.4
    assert now["flexible_base_ratio"] > forty["flexible_base_ratio"]
    assert now["revenue_per_contributor_k"] > forty["revenue_per_contributor_k"]
    assert sixty["revenue_per_contributor_k"] > forty["revenue_per_contributor_k"]
    assert now["flexible_contributors_m"] < forty["flexible_contributors_m"]
    assert sixty["flexible_contributors_m"] < forty["flexible_contributors_m"]
    assert now["model_flexible_award"] > forty["model_flexible_award"]
    assert sixty["model_flexible_award"] > forty["model_flexible_award"]
    assert sixty["mean_new_award"] > forty["mean_new_award"]  # the kernel's pensions carry the lower base
    assert now["uebpi_balance_tn"] > forty["uebpi_balance_tn"]
    # platform workers earn below today's fixed 65 %: the link lowers their base; the better-off non-farm
    # self-employed declare more (METHOD_income_linked.md)
    ratio = {name: (run["pension_base_by_status"] / run["pension_contributors_by_status"]
                    / run["average_wage"]).sel(year=2050) for name, run in runs.items()}
    assert (ratio["baseline"].sel(status="platform") > ratio["earnings_linked_floor_60"].sel(status="platform")
            > ratio["earnings_linked_floor_40"].sel(status="platform"))
    assert ratio["earnings_linked_floor_60"].sel(status="self_employed") > ratio["baseline"].sel(status="self_employed")


def test_platform_collection_raises_coverage_and_the_platforms_pay_their_share(runs, baseline):
    contributors = {name: float(run["pension_contributors_by_status"].sel(year=2040, status="platform"))
                    for name, run in runs.items()}
    assert (contributors["baseline"] < contributors["platform_periodic"] < contributors["platform_withholding_per_order"]
            < contributors["platform_employer_share"])
    before = contributors["baseline"] / float(runs["baseline"]["pension_contributors_by_status"].sel(year=2025,
                                                                                                     status="platform"))
    shared = runs["platform_employer_share"]
    paid = shared["pension_contributions_by_status"].sel(year=2040, status="platform")
    assert float(shared["pension_platform_employer_contributions"].sel(year=2040)) == pytest.approx(0.6 * float(paid))
    assert float(shared["pension_platform_employer_contributions"].sel(year=2025)) == 0.0
    assert before > 0


def test_platform_contributions_is_validated_data():
    from actuarial.config import AssumptionError

    body = {"type": "platform_contributions", "description": "x", "source": "y", "collection": "per_order",
            "platform_share": 0.6, "first_year": 2026}
    assert parse_options({"o": body}, file="s.yaml")["o"].platform_share == 0.6
    with pytest.raises(AssumptionError, match="collection"):
        parse_options({"o": {**body, "collection": "yearly"}}, file="s.yaml")
    with pytest.raises(AssumptionError, match="platform_share"):
        parse_options({"o": {**body, "platform_share": 1.5}}, file="s.yaml")


def test_the_study_runs_through_compare_on_every_fund():
    from actuarial.financing.compare import compare
    from actuarial.financing.study import load_study

    table, _, _ = compare(load_study(STUDY))
    rows = table.set_index("option")
    assert {"earnings_linked_floor_60", "earnings_linked_floor_40", "platform_withholding_per_order",
            "floor_40_with_withholding"} <= set(rows.index)
    for fund in ("pension_employee", "pension_resident", "medical_employee", "medical_resident"):
        assert f"{fund}_effect_pv_yuan" in rows.columns
    # a lower floor costs the UEBPI: below the 60 % floor's effect and below nothing (METHOD_income_linked.md)
    assert (rows.loc["earnings_linked_floor_40", "pension_employee_effect_pv_yuan"]
            < min(rows.loc["earnings_linked_floor_60", "pension_employee_effect_pv_yuan"], 0.0))
