"""Work-injury insurance and the platform occupational-injury pilot in 2024: the model's base year against the
published figures rolled forward, and a back-cast of the WI fund's 2015 revenue from the legislated rate
history (SOURCE.md).

Run by hand: ``python validation/injury2024/case.py``.
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
    """Revenue of each back-cast year: participants x non-private average wage x the set's effective WI rate
    of the year (average rate x (1 - reduction)) x the 2024 ratio of revenue to that product."""
    inputs = pd.read_csv(HERE / "backcast_inputs.csv").set_index("year")["participants"]
    wages = pd.read_csv(WAGES).set_index("history_year")["yuan"]
    rate = {int(year): legislated_value(SET / "injury.yaml", "injury_average_rate", int(year))
            * (1.0 - legislated_value(SET / "injury.yaml", "injury_rate_reduction", int(year))) for year in inputs.index}
    insured = {year: float(inputs[year] * wages[year] * rate[year]) for year in rate}
    ratio = revenue_2024 / insured[2024]
    return {year: value * ratio for year, value in insured.items() if year != 2024}


def model_figures(published: pd.DataFrame) -> list[float]:
    p = run_model(load_scenario(HERE.parents[1] / "projections" / "baseline.yaml")).sel(year=2024)
    value = lambda *names: sum(float(p[name]) for name in names)  # noqa: E731
    backcast = backcast_revenue(value("injury_contributions", "injury_investment_income"))
    figures = {
        "wi_participants": value("injury_contributors"),
        "wi_participants_approx": value("injury_contributors"),
        "wi_beneficiaries_during_year": value("injury_beneficiaries"),
        "wi_revenue": value("injury_contributions", "injury_investment_income"),
        "wi_expenditure": value("injury_benefits"),
        "wi_balance": value("injury_fund_balance"),
        "platform_injury_pilot_covered": value("platform_injury_covered"),
        "platform_injury_pilot_cases_a_year": value("platform_injury_cases"),
        "platform_injury_pilot_benefits_a_year": value("platform_injury_benefits"),
    }
    return [backcast[int(year)] if quantity == "wi_revenue_backcast" else figures[quantity]
            for quantity, year in zip(published["quantity"], published["year"])]


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    print(validation_report(HERE.name, run_case(Case(HERE.name, HERE))))
