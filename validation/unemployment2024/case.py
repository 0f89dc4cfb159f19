"""Unemployment insurance in 2024: the model's base year against the published figures rolled forward, and a
back-cast of the fund's revenue over 2015-2023 from the legislated rate history (SOURCE.md).

Run by hand: ``python validation/unemployment2024/case.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from actuarial import load_scenario, run_model
from actuarial.analysis.validation import legislated_value

HERE = Path(__file__).resolve().parent
SET = HERE.parents[1] / "assumptions" / "china"
WAGES = SET / "history_average_wage.csv"


def backcast_revenue(revenue_2024: float) -> dict[int, float]:
    """Revenue of each back-cast year: participants x non-private average wage x the set's total UI rate of
    the year x the 2024 ratio of revenue to that product (the base year's collection per insured wage)."""
    inputs = pd.read_csv(HERE / "backcast_inputs.csv").set_index("year")["participants"]
    wages = pd.read_csv(WAGES).set_index("history_year")["yuan"]
    insured = {int(year): float(inputs[year] * wages[year] * sum(
        legislated_value(SET / "unemployment.yaml", name, int(year)) for name in ("unemployment_employer_rate", "unemployment_worker_rate")))
               for year in inputs.index}
    ratio = revenue_2024 / insured[2024]
    return {year: value * ratio for year, value in insured.items() if year != 2024}


def model_figures(published: pd.DataFrame) -> list[float]:
    p = run_model(load_scenario(HERE.parents[1] / "projections" / "baseline.yaml")).sel(year=2024)
    value = lambda *names: sum(float(p[name]) for name in names)  # noqa: E731
    revenue = value("unemployment_contributions", "unemployment_fiscal_subsidy", "unemployment_investment_income")
    backcast = backcast_revenue(revenue)
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
    return [backcast[int(year)] if quantity == "ui_revenue_backcast" else figures[quantity]
            for quantity, year in zip(published["quantity"], published["year"])]


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    print(validation_report(HERE.name, run_case(Case(HERE.name, HERE))))
