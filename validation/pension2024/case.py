"""Both basic pension schemes in 2024: the model's base year against the 2024 yearbook.

Run by hand: ``python validation/pension2024/case.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from actuarial import load_scenario, run_model

HERE = Path(__file__).resolve().parent


def model_figures(published: pd.DataFrame) -> list[float]:
    projection = run_model(load_scenario(HERE.parents[1] / "projections" / "baseline.yaml")).sel(year=2024)
    people = lambda name: float(projection[name].sum())  # noqa: E731
    figures = {
        "uebpi_contributors": people("pension_contributors"),
        "uebpi_retirees": people("pensioners"),
        "uebpi_participants": people("pension_contributors") + people("pensioners"),
        "uebpi_revenue": float(projection["pension_contributions"] + projection["pension_fiscal_subsidy"]
                               + projection["pension_investment_income"]),
        "uebpi_expenditure": float(projection["pension_benefits"]),
        "uebpi_balance": float(projection["pension_fund_balance"]),
        "urrbp_participants": float(projection["resident_pension_participants"]),
        "urrbp_beneficiaries": float(projection["resident_pension_beneficiaries"]),
        "urrbp_revenue": float(projection["resident_pension_contributions"] + projection["resident_pension_fiscal_subsidy"]
                               + projection["resident_pension_investment_income"]),
        "urrbp_expenditure": float(projection["resident_pension_benefits"]),
        "urrbp_balance": float(projection["resident_pension_fund_balance"]),
    }
    return [figures[quantity] for quantity in published["quantity"]]


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    print(validation_report(HERE.name, run_case(Case(HERE.name, HERE))))
