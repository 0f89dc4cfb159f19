"""Output variables of the fund stage: the funds and their prefixes, the series every fund gets, financing."""

from __future__ import annotations

from actuarial.variables.spec import YEAR, Variable

FUND_PREFIXES = {
    "pension_employee": ("pension", "UEBPI fund"),
    "pension_resident": ("resident_pension", "URRBP fund"),
    "medical_employee": ("medical", "UEBMI pooled fund"),
    "medical_employee_accounts": ("medical_account", "UEBMI personal accounts"),
    "medical_resident": ("resident_medical", "URRBMI fund"),
    "unemployment": ("unemployment", "UI fund"),
    "injury": ("injury", "WI fund"),
    "platform_injury": ("platform_injury", "Platform occupational-injury fund"),
}
"""Each fund of :data:`actuarial.dims.FUNDS`: the prefix of its output variables and its name in long names."""

FUND = (
    Variable("balance", "Fund balance at 31 December (negative: accumulated borrowing)", "yuan", YEAR, "stock"),
    Variable("investment_income", "Investment income over the year (mid-year flows earn half a year)", "yuan", YEAR,
             "flow"),
)

FINANCING = (
    Variable("financing_inflows", "Inflows to the fund from the financing options (net of fund-serviced debt)",
             "yuan", YEAR, "flow"),
    Variable("option_fiscal_cost",
             "Budget cost of the financing options (cash: debt service, forgone dividends and sales, subsidies)",
             "yuan", YEAR, "flow"),
    Variable("baseline_fiscal_subsidy",
             "Baseline fiscal subsidy to the fund (the scheme's rule), unchanged by the options", "yuan", YEAR, "flow"),
    Variable("returns", "Return on the fund", "per_year", YEAR, "rate"),
    Variable("debt_stock", "Special bonds outstanding at 31 December", "yuan", YEAR, "stock"),
    Variable("treasury_debt", "Special bonds outstanding at 31 December that the treasury services", "yuan", YEAR,
             "stock"),
    Variable("contributions", "Contributions to the fund over the year", "yuan", YEAR, "flow"),
    Variable("benefits", "Benefits paid by the fund over the year", "yuan", YEAR, "flow"),
    Variable("other_outflows", "Paid out of the fund over the year besides benefits (e.g. account balances "
             "carried out by members who transfer)", "yuan", YEAR, "flow"),
    Variable("contribution_base", "Contribution base of the fund's members over the year (taxable payroll)", "yuan",
             YEAR, "flow"),
    Variable("contributors", "Contributing members of the fund's scheme", "persons", YEAR, "stock"),
)
"""The series of one fund in a comparison of financing options (``comparison.nc``, with an ``option`` dimension)."""


def fund_variables(prefix: str, fund: str) -> tuple[Variable, ...]:
    """The series the fund stage writes for every fund, ``{prefix}_{series}`` (:data:`FUND_PREFIXES`)."""
    return (
        Variable(f"{prefix}_fund_return", f"{fund}: nominal return over the year, with financing options (base year: "
                 "the return its investment income was opened with)", "per_year", YEAR, "rate"),
        Variable(f"{prefix}_financing_inflows", f"{fund}: inflows from financing options over the year", "yuan", YEAR,
                 "flow"),
        Variable(f"{prefix}_investment_income", f"{fund}: investment income over the year", "yuan", YEAR, "flow"),
        Variable(f"{prefix}_fund_balance", f"{fund}: balance at 31 December under the fund's closure rule (borrowing "
                 "rule: negative = accumulated borrowing; backstop, spending cap, rate rule: never negative)", "yuan",
                 YEAR, "stock"),
        Variable(f"{prefix}_fund_balance_borrowing",
                 f"{fund}: balance at 31 December if the fund borrowed once it runs out (negative: accumulated "
                 "borrowing at the fund's return; no closure rule)", "yuan", YEAR, "stock"),
        Variable(f"{prefix}_fund_balance_without_subsidy",
                 f"{fund}: balance at 31 December with no fiscal subsidy after the base year", "yuan", YEAR, "stock"),
        Variable(f"{prefix}_financing_fiscal_cost", f"{fund}: budget cost of financing options over the year", "yuan",
                 YEAR, "flow"),
        Variable(f"{prefix}_financing_debt_stock", f"{fund}: special bonds outstanding at 31 December", "yuan", YEAR,
                 "stock"),
        Variable(f"{prefix}_financing_treasury_debt",
                 f"{fund}: special bonds outstanding at 31 December that the treasury services", "yuan", YEAR, "stock"),
        Variable(f"{prefix}_fund_balance_closed",
                 f"{fund}: balance at 31 December under the pay-as-you-go closure (the same flows with the balance "
                 "floored at zero, scheduled expenditure paid in proportion once it runs out; never negative)", "yuan",
                 YEAR, "stock"),
        Variable(f"{prefix}_benefits_payable_share",
                 f"{fund}: share of scheduled expenditure (benefits and other outflows) payable from the fund's own "
                 "resources over the year under the pay-as-you-go closure (1 until the floored balance runs out)",
                 "fraction", YEAR, "rate"),
        Variable(f"{prefix}_residual_subsidy",
                 f"{fund}: residual subsidy over the year under the pay-as-you-go closure (extra fiscal transfer "
                 "needed to pay scheduled expenditure in full once the floored balance runs out; 0 until then)",
                 "yuan", YEAR, "flow"),
        Variable(f"{prefix}_backstop",
                 f"{fund}: fiscal backstop over the year (the shortfall the government covers so that the balance "
                 "does not go below zero; Social Insurance Law art. 65; 0 under other rules)", "yuan", YEAR, "flow"),
        Variable(f"{prefix}_cost_shifted",
                 f"{fund}: expenditure not paid under the spending cap over the year (cost shifted to patients; 0 "
                 "under other rules)", "yuan", YEAR, "flow"),
        Variable(f"{prefix}_closure_contributions",
                 f"{fund}: extra contributions over the year under the contribution-rate rule (what holds the target "
                 "reserve in months; 0 under other rules)", "yuan", YEAR, "flow"),
        Variable(f"{prefix}_closure_rate",
                 f"{fund}: contribution-rate rise under the contribution-rate rule (extra contributions / contribution "
                 "base; funds without a base: / contributions)", "ratio", YEAR, "rate"),
        Variable(f"{prefix}_reserve_months",
                 f"{fund}: reserve at 31 December in months of the year's expenditure (12 x balance / expenditure)",
                 "months_of_expenditure", YEAR, "rate"),
    )


__all__ = ["FINANCING", "FUND", "FUND_PREFIXES", "fund_variables"]
