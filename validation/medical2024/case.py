"""Both basic medical insurance schemes in 2024: the model's base year against the NHSA 2024 bulletin.

Run by hand: ``python validation/medical2024/case.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from actuarial import load_scenario, run_model

HERE = Path(__file__).resolve().parent


def model_figures(published: pd.DataFrame) -> list[float]:
    p = run_model(load_scenario(HERE.parents[1] / "projections" / "baseline.yaml")).sel(year=2024)
    value = lambda *names: sum(float(p[name]) for name in names)  # noqa: E731
    pooled_revenue = value("medical_contributions", "medical_fiscal_subsidy", "medical_investment_income")
    account_revenue = value("medical_account_contributions", "medical_account_investment_income")
    resident_revenue = value("resident_medical_premiums", "resident_medical_fiscal_subsidy",
                             "resident_medical_investment_income")
    employee_members = value("medical_members_active", "medical_members_retired")
    figures = {
        "uebmi_members": employee_members,
        "uebmi_active": value("medical_members_active"),
        "uebmi_retired": value("medical_members_retired"),
        "uebmi_revenue": pooled_revenue + account_revenue,
        "uebmi_expenditure": value("medical_benefits", "medical_account_benefits"),
        "uebmi_pooled_revenue": pooled_revenue,
        "uebmi_pooled_expenditure": value("medical_benefits"),
        "uebmi_pooled_balance": value("medical_fund_balance"),
        "uebmi_account_revenue": account_revenue,
        "uebmi_account_expenditure": value("medical_account_benefits"),
        "uebmi_account_balance": value("medical_account_fund_balance"),
        "bmi_members": employee_members + value("resident_medical_members"),
        "bmi_revenue": pooled_revenue + account_revenue + resident_revenue,
        "bmi_expenditure": value("medical_benefits", "medical_account_benefits", "resident_medical_benefits"),
        "bmi_pooled_balance": value("medical_fund_balance", "resident_medical_fund_balance"),
        "urrbmi_members": value("resident_medical_members"),
        "urrbmi_revenue": resident_revenue,
        "urrbmi_expenditure": value("resident_medical_benefits"),
        "urrbmi_balance": value("resident_medical_fund_balance"),
    }
    return [figures[quantity] for quantity in published["quantity"]]


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    print(validation_report(HERE.name, run_case(Case(HERE.name, HERE))))
