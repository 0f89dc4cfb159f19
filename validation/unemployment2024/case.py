"""Unemployment insurance in 2024: the model's base year against the published figures rolled forward, and a
back-cast of the fund's revenue over 2015-2023 from the legislated rate history (SOURCE.md).

Run by hand: ``python validation/unemployment2024/case.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from actuarial import load_scenario, run_model
from actuarial.analysis.validation import backcast, legislated_path

HERE = Path(__file__).resolve().parent
SET = HERE.parents[1] / "assumptions" / "china"
WAGES = SET / "history_average_wage.csv"


def rates(years):
    """The set's total UI rate (employer + worker) in force in each year."""
    return sum(legislated_path(SET / "unemployment.yaml", name, years)
               for name in ("unemployment_employer_rate", "unemployment_worker_rate"))


def model_figures(published: pd.DataFrame) -> list[float]:
    p = run_model(load_scenario(HERE.parents[1] / "projections" / "baseline.yaml")).sel(year=2024)
    value = lambda *names: sum(float(p[name]) for name in names)  # noqa: E731
    revenue = value("unemployment_contributions", "unemployment_fiscal_subsidy", "unemployment_investment_income")
    back = backcast(HERE, wages=WAGES, rates=rates, base_value=revenue, base_year=2024)
    figures = {
        "ui_participants": value("unemployment_contributors"),
        "ui_beneficiaries_yearend": value("unemployment_beneficiaries"),
        "ui_revenue": revenue,
        "ui_expenditure": value("unemployment_benefits", "unemployment_other_outflows"),
        "ui_benefits_paid": value("unemployment_benefits_regular"),
        "ui_balance": value("unemployment_fund_balance"),
        "ui_avg_monthly_benefit": value("unemployment_benefit"),
    }
    return [back[int(year)] if quantity == "ui_revenue_backcast" else figures[quantity]
            for quantity, year in zip(published["quantity"], published["year"])]


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    print(validation_report(HERE.name, run_case(Case(HERE.name, HERE))))
