"""Work-injury insurance and the platform occupational-injury pilot in 2024: the model's base year against the
published figures rolled forward, and a back-cast of the WI fund's 2015 revenue from the legislated rate
history (SOURCE.md).

Run by hand: ``python validation/injury2024/case.py``.
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
    """The set's effective WI rate in each year: the average rate x (1 - the conditional reduction)."""
    file = SET / "injury.yaml"
    reduction = legislated_path(file, "injury_rate_reduction", years)
    return legislated_path(file, "injury_average_rate", years) * (1.0 - reduction)


def model_figures(published: pd.DataFrame) -> list[float]:
    p = run_model(load_scenario(HERE.parents[1] / "projections" / "baseline.yaml")).sel(year=2024)
    value = lambda *names: sum(float(p[name]) for name in names)  # noqa: E731
    revenue = value("injury_contributions", "injury_investment_income")
    back = backcast(HERE, wages=WAGES, rates=rates, base_value=revenue, base_year=2024)
    figures = {
        "wi_participants": value("injury_contributors"),
        "wi_participants_approx": value("injury_contributors"),
        "wi_beneficiaries_during_year": value("injury_beneficiaries"),
        "wi_revenue": revenue,
        "wi_expenditure": value("injury_benefits"),
        "wi_balance": value("injury_fund_balance"),
        "platform_injury_pilot_covered": value("platform_injury_covered"),
        "platform_injury_pilot_cases_a_year": value("platform_injury_cases"),
        "platform_injury_pilot_benefits_a_year": value("platform_injury_benefits"),
    }
    return [back[int(year)] if quantity == "wi_revenue_backcast" else figures[quantity]
            for quantity, year in zip(published["quantity"], published["year"])]


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    print(validation_report(HERE.name, run_case(Case(HERE.name, HERE))))
