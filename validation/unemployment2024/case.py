"""Unemployment insurance in 2024: the model's base year against the published figures rolled forward.

Run by hand: ``python validation/unemployment2024/case.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from actuarial import load_scenario, run_model

HERE = Path(__file__).resolve().parent


def model_figures(published: pd.DataFrame) -> list[float]:
    p = run_model(load_scenario(HERE.parents[1] / "projections" / "baseline.yaml")).sel(year=2024)
    value = lambda *names: sum(float(p[name]) for name in names)  # noqa: E731
    figures = {
        "ui_participants": value("unemployment_contributors"),
        "ui_beneficiaries_yearend": value("unemployment_beneficiaries"),
        "ui_revenue": value("unemployment_contributions", "unemployment_fiscal_subsidy",
                            "unemployment_investment_income"),
        "ui_expenditure": value("unemployment_benefits", "unemployment_other_outflows"),
        "ui_benefits_paid": value("unemployment_benefits_regular"),
        "ui_balance": value("unemployment_fund_balance"),
        "ui_avg_monthly_benefit": value("unemployment_benefit"),
    }
    return [figures[quantity] for quantity in published["quantity"]]


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    print(validation_report(HERE.name, run_case(Case(HERE.name, HERE))))
