"""The one registry of output variables: name, long name, units, dims, kind and summary column.

Every variable the package writes to ``projection.nc``, ``comparison.nc`` or
``summary.csv``, and every coordinate, is a :class:`Variable` in
:data:`VARIABLES`.  Stages label their datasets with :func:`label`, which
takes the CF ``long_name`` and ``units`` attrs from here and refuses a data
variable that is not registered; ``summary.csv`` takes its columns, in order,
from the entries with ``summary=True``
(:data:`actuarial.analysis.summary.SUMMARY_COLUMNS`); the terminal report
takes its row labels from here.  Units are those of
:data:`actuarial.dims.UNITS`.

Timing (DESIGN §3): stocks at 31 December of the year, flows over the
calendar year; money in nominal yuan.

Dims are those of the variable as its stage produces it in a deterministic
run; a comparison adds ``option`` in front, a stochastic run ``path``.  A
summary column of a variable with more dims than ``year`` is its total over
the other dims (e.g. ``population`` summed over sex and age); summary columns
registered with dims ``("year",)`` only and absent from the projection are
derived in :func:`actuarial.analysis.summary.summary_table`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import xarray as xr

Kind = Literal["stock", "flow", "rate", "level", "coordinate"]


@dataclass(frozen=True)
class Variable:
    """One output variable (or coordinate).

    Attributes
    ----------
    name : the variable's name in datasets and CSV headers.
    long_name : what it is, with its timing (CF ``long_name``).
    units : one of :data:`actuarial.dims.UNITS` (CF ``units``).
    dims : its dimensions as produced, in order.
    kind : ``stock``: a quantity at a moment (31 December), or a head count of
        the year such as contributors during the year (not additive over
        years); ``flow``: an amount over the calendar year (additive over
        years); ``rate``: a ratio, share or rate per year; ``level``: a price,
        wage, mean amount per person or index; ``coordinate``: a dimension's
        labels.
    summary : a column of ``summary.csv`` (in registry order).
    missing : where the variable is NaN by design and what NaN means there
        (e.g. a mean over persons in a cell with nobody); ``None``: never NaN.
        Outputs are checked before they are written
        (:mod:`actuarial.report.outputs`): ±inf is always refused, NaN only
        in variables (and summary columns) with a ``missing`` meaning.
    """

    name: str
    long_name: str
    units: str
    dims: tuple[str, ...]
    kind: Kind
    summary: bool = False
    missing: str | None = None


YEAR = ("year",)
YEAR_SEX = ("year", "sex")
CELL = ("year", "sex", "age")
CELL_STATUS = ("year", "sex", "age", "status")
YEAR_STATUS = ("year", "status")
SEX_AGE = ("sex", "age")

BASE_YEAR_FLOW = "the base year (its flows are not projected: the projection starts at 31 December of the base year)"
"""The meaning of NaN in the demographic flows (``births``, ``deaths``, ``net_migration``)."""

FUND_PREFIXES = {
    "pension_employee": ("pension", "UEBPI fund"),
    "pension_resident": ("resident_pension", "URRBP fund"),
    "medical_employee": ("medical", "UEBMI pooled fund"),
    "medical_employee_accounts": ("medical_account", "UEBMI personal accounts"),
    "medical_resident": ("resident_medical", "URRBMI fund"),
    "unemployment": ("unemployment", "UI fund"),
}
"""Each fund of :data:`actuarial.dims.FUNDS`: the prefix of its output variables and its name in long names."""

_COORDINATES = (
    Variable("year", "Calendar year (stocks at 31 December, flows over the year)", "calendar_year", YEAR, "coordinate",
             summary=True),
    Variable("sex", "Sex", "label", ("sex",), "coordinate"),
    Variable("age", "Age in completed years at 31 December (100 = 100 and over)", "years", ("age",), "coordinate"),
    Variable("status", "Labour status at 31 December", "label", ("status",), "coordinate"),
    Variable("contribution_years", "Completed UEBPI contribution years at award", "years", ("contribution_years",),
             "coordinate"),
    Variable("option", "Financing option or mix of a comparison (baseline: none)", "label", ("option",), "coordinate"),
    Variable("path", "Stochastic path", "label", ("path",), "coordinate"),
    Variable("vesting", "Vesting basis of accrued UEBPI rights (all members; vested: the minimum years held; "
             "vestable: the minimum of the retirement year reachable)", "label", ("vesting",), "coordinate"),
)

_DEMOGRAPHY = (
    Variable("population", "Population at 31 December", "persons", CELL, "stock", summary=True),
    Variable("births", "Live births during the year", "persons", YEAR_SEX, "flow", summary=True,
             missing=BASE_YEAR_FLOW),
    Variable("deaths", "Deaths during the year", "persons", YEAR_SEX, "flow", summary=True, missing=BASE_YEAR_FLOW),
    Variable("net_migration", "Net migration during the year (realised)", "persons", YEAR_SEX, "flow", summary=True,
             missing=BASE_YEAR_FLOW),
    Variable("pop_65plus", "Population aged 65 and over at 31 December", "persons", YEAR, "stock", summary=True),
    Variable("old_age_dependency", "Old-age dependency ratio: population 65+ / population 15-64", "ratio", YEAR,
             "rate", summary=True),
)

_LABOUR = (
    Variable("employment", "Persons by labour status at 31 December (employed statuses, unemployed, inactive, retired)",
             "persons", CELL_STATUS, "stock"),
    Variable("past_retirement_age", "Share of the cell past its own (flexible) retirement age at 31 December",
             "fraction", CELL, "rate"),
    Variable("ai_adoption", "AI adoption index A(t) (share of automatable tasks automated)", "fraction", YEAR, "rate"),
    Variable("ai_displaced", "Persons displaced from exposed work by AI and not re-absorbed, at 31 December", "persons",
             CELL, "stock"),
    Variable("employment_past_retirement",
             "Employed persons past their own retirement age, by employed status (included in employment; "
             "not AI-displaced)", "persons", CELL_STATUS, "stock"),
    Variable("employed", "Employed persons at 31 December (standard, non-standard, platform, self-employed)", "persons",
             YEAR, "stock", summary=True),
    Variable("employed_standard", "Employees with a labour contract at 31 December", "persons", YEAR, "stock",
             summary=True),
    Variable("employed_nonstandard", "Dispatch and part-time workers at 31 December", "persons", YEAR, "stock",
             summary=True),
    Variable("employed_platform", "Platform workers at 31 December", "persons", YEAR, "stock", summary=True),
    Variable("employed_self_employed", "Self-employed and other flexible workers at 31 December", "persons", YEAR,
             "stock", summary=True),
    Variable("unemployed", "Unemployed persons at 31 December", "persons", YEAR, "stock", summary=True),
)

_ECONOMY = (
    Variable("average_wage",
             "Social average wage: mean annual earnings of standard workers (all urban-unit employees, 全口径)",
             "yuan_per_year", YEAR, "level", summary=True),
    Variable("gdp", "Gross domestic product over the year, current prices", "yuan", YEAR, "flow", summary=True),
    Variable("wage_level",
             "Annual earnings per efficiency unit (a standard worker with the base-year mean age profile)",
             "yuan_per_year", YEAR, "level"),
    Variable("earnings", "Mean annual earnings of an employed person by sex, age and employed status", "yuan_per_year",
             CELL_STATUS, "level", missing="statuses without earnings (unemployed, inactive, retired)"),
    Variable("wage_bill", "Earnings of all employed persons over the year, current prices", "yuan", YEAR, "flow"),
    Variable("labour_share", "Wage bill / GDP", "fraction", YEAR, "rate"),
    Variable("productivity_index",
             "Real output per efficiency unit of labour, including the AI level effect (base year = 1)", "1", YEAR,
             "level"),
    Variable("price_index", "GDP deflator and wage-price level (base year = 1)", "1", YEAR, "level"),
    Variable("effective_employment", "Employment in efficiency units (base-year standard-worker equivalents)",
             "persons", YEAR, "stock"),
)

_PENSION_EMPLOYEE = (
    Variable("pension_contributors", "UEBPI contributors during the year", "persons", CELL, "stock", summary=True),
    Variable("pensioners", "UEBPI pensioners at 31 December", "persons", CELL, "stock", summary=True),
    Variable("pension_contributions", "UEBPI contributions over the year", "yuan", YEAR, "flow", summary=True),
    Variable("pension_benefits", "UEBPI benefit expenditure over the year", "yuan", YEAR, "flow", summary=True),
    Variable("pension_new_pensioners", "New UEBPI pensioners awarded during the year", "persons", CELL, "flow"),
    Variable("pension_new_award", "Mean monthly pension of new UEBPI awards", "yuan_per_month", CELL, "level",
             missing="cells with no new UEBPI pensioner in the year"),
    Variable("pension_transferred",
             "Persons reaching retirement age without the minimum contribution years (to the resident scheme)",
             "persons", CELL, "flow"),
    Variable("pension_in_payment", "Mean monthly UEBPI pension in payment in December", "yuan_per_month", CELL,
             "level", missing="cells with no UEBPI pensioner"),
    Variable("pension_contribution_years", "Mean contribution years of persons not past retirement age", "years",
             CELL, "level", missing="cells with no one not yet past retirement age (nothing to average)"),
    Variable("pension_contribution_base",
             "Declared contribution bases of UEBPI contributors over the year (taxable payroll)", "yuan", YEAR, "flow"),
    Variable("pension_lump_sum_contributions",
             "Lump sums paid over the year by members buying the contribution years they lack at retirement", "yuan",
             YEAR, "flow"),
    Variable("pension_final_year_contributions",
             "Contributions over the year of members in the months before they retire that year", "yuan", YEAR,
             "flow"),
    Variable("pension_account_transfers",
             "Individual-account balances carried out of the fund over the year by members who transfer to the "
             "resident scheme", "yuan", YEAR, "flow"),
    Variable("pension_account_credits", "Contributions credited to individual accounts over the year", "yuan", YEAR,
             "flow"),
    Variable("pension_contributions_by_status", "UEBPI contributions over the year by employed status", "yuan",
             YEAR_STATUS, "flow"),
    Variable("pension_contributions_by_age", "UEBPI contributions over the year by sex and age", "yuan", CELL, "flow"),
    Variable("pension_contributors_by_status", "UEBPI contributors during the year by employed status", "persons",
             YEAR_STATUS, "stock"),
    Variable("pension_new_by_years", "New UEBPI pensioners of the year by their contribution years", "persons",
             ("year", "sex", "contribution_years"), "flow"),
    Variable("pension_accrued_wage_linked_base_year",
             "Annual basic and transitional pension accrued to date by persons not past retirement age at 31 December "
             "of the base year, at base-year wages, by vesting basis", "yuan_per_year", ("vesting", *SEX_AGE), "stock"),
    Variable("pension_account_balance_base_year",
             "Individual-account balances of persons not past retirement age at 31 December of the base year, by "
             "vesting basis", "yuan", ("vesting", *SEX_AGE), "stock"),
    Variable("pension_retirement_age_base_year",
             "Expected exact age at retirement of the persons not past retirement age at 31 December of the base year",
             "years", SEX_AGE, "level"),
)

_PENSION_EMPLOYEE_FUND = (
    Variable("pension_fiscal_subsidy", "UEBPI fiscal subsidy over the year (baseline rule: share of benefits)", "yuan",
             YEAR, "flow", summary=True),
    Variable("pension_financing_inflows", "UEBPI inflows from financing options over the year", "yuan", YEAR, "flow",
             summary=True),
    Variable("pension_fund_balance", "UEBPI fund balance at 31 December", "yuan", YEAR, "stock", summary=True),
    Variable("pension_benefits_payable_share",
             "UEBPI share of scheduled benefits payable from the fund's own resources over the year (pay-as-you-go "
             "closure: balance floored at zero, benefits paid in proportion once it runs out; 1 until then)",
             "fraction", YEAR, "rate", summary=True),
    Variable("pension_residual_subsidy",
             "UEBPI residual subsidy over the year (pay-as-you-go closure: extra fiscal transfer needed to pay "
             "scheduled benefits in full once the fund runs out; 0 until then)", "yuan", YEAR, "flow", summary=True),
    Variable("pension_reserve_ratio", "UEBPI balance / next year's expenditure", "years_of_expenditure", YEAR, "rate",
             summary=True),
    Variable("pension_cost_rate", "UEBPI expenditure / contribution base", "fraction_of_base", YEAR, "rate",
             summary=True),
    Variable("system_dependency_ratio", "UEBPI pensioners / contributors", "ratio", YEAR, "rate", summary=True),
    Variable("pension_investment_income", "UEBPI investment income over the year", "yuan", YEAR, "flow"),
    Variable("pension_fund_balance_without_subsidy",
             "UEBPI fund balance at 31 December with no fiscal subsidy from 2025", "yuan", YEAR, "stock"),
)

_PENSION_RESIDENT = (
    Variable("resident_pension_participants",
             "URRBP participants at 31 December: enrolled persons aged 16-59 plus beneficiaries (yearbook definition)",
             "persons", YEAR, "stock", summary=True),
    Variable("resident_pension_beneficiaries", "URRBP beneficiaries at 31 December", "persons", YEAR, "stock",
             summary=True),
    Variable("resident_pension_contributions", "URRBP individual contributions over the year", "yuan", YEAR, "flow",
             summary=True),
    Variable("resident_pension_fiscal_subsidy",
             "URRBP fiscal subsidy over the year: basic pensions paid by government plus contribution subsidies",
             "yuan", YEAR, "flow", summary=True),
    Variable("resident_pension_benefits", "URRBP benefit expenditure over the year (basic and account pensions)",
             "yuan", YEAR, "flow", summary=True),
    Variable("resident_pension_fund_balance", "URRBP fund balance at 31 December", "yuan", YEAR, "stock",
             summary=True),
    Variable("resident_pension_contributors",
             "URRBP enrolled persons aged 16-59 at 31 December (contributing age; payers and non-payers together)",
             "persons", YEAR, "stock"),
    Variable("resident_pension_contribution_subsidy", "Government subsidies to URRBP contributions over the year",
             "yuan", YEAR, "flow"),
    Variable("resident_pension_basic_benefits", "URRBP basic pensions paid over the year (government-financed)", "yuan",
             YEAR, "flow"),
    Variable("resident_pension_investment_income", "URRBP fund investment income over the year", "yuan", YEAR, "flow"),
    Variable("resident_pension_basic_pension", "Mean basic pension per URRBP beneficiary", "yuan_per_year", YEAR,
             "level"),
    Variable("resident_pension_minimum_pension", "Central minimum basic pension of the URRBP", "yuan_per_month", YEAR,
             "level"),
    Variable("resident_pension_contribution_per_contributor",
             "Mean individual contribution per URRBP enrolled person aged 16-59", "yuan_per_year", YEAR, "level"),
    Variable("resident_pension_beneficiaries_by_age", "URRBP beneficiaries at 31 December by sex and age", "persons",
             CELL, "stock"),
    Variable("resident_pension_contributors_by_age", "URRBP enrolled persons aged 16-59 at 31 December by sex and age",
             "persons", CELL, "stock"),
)

_MEDICAL_EMPLOYEE = (
    Variable("medical_contributions",
             "UEBMI pooled-fund contribution income over the year, net of the credits to retirees' accounts", "yuan",
             YEAR, "flow", summary=True),
    Variable("medical_benefits", "UEBMI pooled-fund expenditure over the year", "yuan", YEAR, "flow", summary=True),
    Variable("medical_fund_balance",
             "UEBMI pooled-fund balance at 31 December under its closure rule (negative only under borrowing)",
             "yuan", YEAR, "stock", summary=True),
    Variable("medical_backstop", "UEBMI pooled fund: fiscal backstop over the year (the shortfall the government "
             "covers so that the balance does not go below zero; Social Insurance Law art. 65; 0 under other rules)",
             "yuan", YEAR, "flow", summary=True),
    Variable("medical_reserve_months", "UEBMI pooled fund: reserve at 31 December in months of the year's expenditure "
             "(12 x balance / expenditure; guideline 6-9 months)", "months_of_expenditure", YEAR, "rate",
             summary=True),
    Variable("medical_members_active", "UEBMI active members at 31 December", "persons", YEAR, "stock"),
    Variable("medical_members_retired", "UEBMI retired members at 31 December", "persons", YEAR, "stock"),
    Variable("medical_members_flexible_active", "UEBMI active members insured as flexible workers at 31 December",
             "persons", YEAR, "stock"),
    Variable("medical_members_active_by_age", "UEBMI active members at 31 December by sex and age", "persons", CELL,
             "stock"),
    Variable("medical_members_retired_by_age", "UEBMI retired members at 31 December by sex and age", "persons", CELL,
             "stock"),
    Variable("medical_new_retired", "New UEBMI retired members during the year", "persons", YEAR, "flow"),
    Variable("medical_free_cover_share",
             "Share of new UEBPI pensioners with the minimum years for free UEBMI cover (the rest pay the shortfall; "
             "base year: the first projection year's)", "fraction", YEAR_SEX, "rate"),
    Variable("medical_contribution_base", "Declared UEBMI contribution bases of active members over the year", "yuan",
             YEAR, "flow"),
    Variable("medical_employer_contributions", "UEBMI employer contributions over the year (to the pooled fund)",
             "yuan", YEAR, "flow"),
    Variable("medical_flexible_contributions", "UEBMI flexible workers' contributions to the pooled fund over the year",
             "yuan", YEAR, "flow"),
    Variable("medical_shortfall_contributions",
             "Lump sums paid at retirement for missing years of free-cover entitlement (pooled fund)", "yuan", YEAR,
             "flow"),
    Variable("medical_retiree_contributions", "UEBMI contributions of retired members (lever) over the year", "yuan",
             YEAR, "flow"),
    Variable("medical_retiree_account_credits",
             "Credits from the pooled fund to retirees' personal accounts over the year", "yuan", YEAR, "flow"),
    Variable("medical_retired_pensions", "Annual pensions of UEBMI retired members over the year (base of the "
             "retirees' contribution lever)", "yuan", YEAR, "flow"),
    Variable("medical_fiscal_subsidy",
             "Fiscal subsidy to the UEBMI pooled fund over the year (none under current rules)", "yuan", YEAR, "flow"),
    Variable("medical_investment_income", "UEBMI pooled-fund investment income over the year", "yuan", YEAR, "flow"),
    Variable("medical_account_contributions",
             "UEBMI personal-account credits over the year (workers' contributions and retirees' credits)", "yuan",
             YEAR, "flow"),
    Variable("medical_account_benefits", "UEBMI personal-account expenditure over the year", "yuan", YEAR, "flow"),
    Variable("medical_account_investment_income", "Interest credited to UEBMI personal accounts over the year",
             "yuan", YEAR, "flow"),
    Variable("medical_cost_index",
             "Medical cost per insured person of a given sex and age relative to the base year", "1", YEAR, "level"),
    Variable("medical_cost_per_member", "UEBMI pooled expenditure per member", "yuan_per_year", YEAR, "level",
             missing="years without UEBMI members"),
)

_MEDICAL_RESIDENT = (
    Variable("resident_medical_members", "URRBMI members at 31 December", "persons", YEAR, "stock", summary=True),
    Variable("resident_medical_premiums", "URRBMI individual premiums over the year", "yuan", YEAR, "flow",
             summary=True),
    Variable("resident_medical_fiscal_subsidy", "URRBMI fiscal subsidy over the year (the scheme's fiscal cost)",
             "yuan", YEAR, "flow", summary=True),
    Variable("resident_medical_benefits", "URRBMI expenditure over the year", "yuan", YEAR, "flow", summary=True),
    Variable("resident_medical_fund_balance",
             "URRBMI fund balance at 31 December under its closure rule (negative only under borrowing)",
             "yuan", YEAR, "stock", summary=True),
    Variable("resident_medical_backstop", "URRBMI fund: fiscal backstop over the year (the shortfall the government "
             "covers so that the balance does not go below zero; Social Insurance Law art. 65; 0 under other rules)",
             "yuan", YEAR, "flow", summary=True),
    Variable("resident_medical_reserve_months", "URRBMI fund: reserve at 31 December in months of the year's "
             "expenditure (12 x balance / expenditure; guideline 6-9 months)", "months_of_expenditure", YEAR, "rate",
             summary=True),
    Variable("resident_medical_investment_income", "URRBMI fund investment income over the year", "yuan", YEAR,
             "flow"),
    Variable("resident_medical_premium", "URRBMI individual premium per member", "yuan_per_year", YEAR, "level"),
    Variable("resident_medical_subsidy", "URRBMI fiscal subsidy per member (national minimum plus local top-up)",
             "yuan_per_year", YEAR, "level"),
    Variable("resident_medical_cost_per_member", "URRBMI expenditure per member", "yuan_per_year", YEAR, "level",
             missing="years without URRBMI members"),
    Variable("resident_medical_members_by_age", "URRBMI members at 31 December by sex and age", "persons", CELL,
             "stock"),
)

_FUND = (
    Variable("balance", "Fund balance at 31 December (negative: accumulated borrowing)", "yuan", YEAR, "stock"),
    Variable("investment_income", "Investment income over the year (mid-year flows earn half a year)", "yuan", YEAR,
             "flow"),
)

_FINANCING = (
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

_UNEMPLOYMENT = (
    Variable("unemployment_contributors", "UI participants (insured employed persons) at 31 December", "persons", YEAR,
             "stock", summary=True),
    Variable("unemployment_beneficiaries", "UI benefit recipients at 31 December (status-quo and AI-displaced "
             "unemployed within their entitlement who claim)", "persons", YEAR, "stock", summary=True),
    Variable("unemployment_contributions", "UI contributions over the year (employers, workers, flexible workers)",
             "yuan", YEAR, "flow", summary=True),
    Variable("unemployment_benefits", "UI benefits over the year (unemployment benefit and the AI supplement)", "yuan",
             YEAR, "flow", summary=True),
    Variable("unemployment_fund_balance",
             "UI fund balance at 31 December under its closure rule (negative only under borrowing)", "yuan", YEAR,
             "stock", summary=True),
    Variable("unemployment_backstop", "UI fund: fiscal backstop over the year (the shortfall the government covers so "
             "that the balance does not go below zero; Social Insurance Law art. 65; 0 under other rules)", "yuan",
             YEAR, "flow", summary=True),
    Variable("unemployment_reserve_months", "UI fund: reserve at 31 December in months of the year's expenditure "
             "(12 x balance / expenditure)", "months_of_expenditure", YEAR, "rate", summary=True),
    Variable("unemployment_beneficiaries_ai", "UI benefit recipients at 31 December among the AI-displaced unemployed",
             "persons", YEAR, "stock"),
    Variable("unemployment_benefits_regular", "UI unemployment benefit (失业保险金) paid over the year", "yuan", YEAR,
             "flow"),
    Variable("unemployment_ai_supplement", "Supplement paid to the AI-displaced unemployed over the year (financed by "
             "the budget; 0 unless a scenario sets it)", "yuan", YEAR, "flow"),
    Variable("unemployment_other_outflows", "UI fund's other expenditure over the year (job-stabilisation refunds, "
             "training and employment subsidies, recipients' medical premiums)", "yuan", YEAR, "flow"),
    Variable("unemployment_fiscal_subsidy", "Fiscal transfer to the UI fund over the year (the AI supplement's "
             "financing)", "yuan", YEAR, "flow"),
    Variable("unemployment_contribution_base", "UI contribution base over the year (covered wages declared, flexible "
             "workers' bases)", "yuan", YEAR, "flow"),
    Variable("unemployment_benefit", "UI benefit per recipient and month", "yuan_per_month", YEAR, "level"),
    Variable("unemployment_minimum_wage", "Minimum wage, mean of local standards, a month (the benefit's reference)",
             "yuan_per_month", YEAR, "level"),
    Variable("unemployment_ai_unemployed", "AI-displaced persons in unemployment at 31 December", "persons", YEAR,
             "stock"),
    Variable("unemployment_contributors_by_status", "UI participants at 31 December by employed status", "persons",
             YEAR_STATUS, "stock"),
)

_PENSION_DEBT = (
    Variable("annuity_in_payment", "PV of 1 yuan a year of base-year pension in payment, indexed", "years", SEX_AGE,
             "level"),
    Variable("pv_in_payment", "PV of pensions in payment", "yuan", SEX_AGE, "stock"),
    Variable("annuity_deferred", "PV of 1 yuan a year of accrued pension, deferred to retirement", "years", SEX_AGE,
             "level"),
    Variable("pv_accrued_active", "PV of pensions accrued by active members", "yuan", SEX_AGE, "stock"),
)


def _fund_variables(prefix: str, fund: str) -> tuple[Variable, ...]:
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


def _registry(*groups: tuple[Variable, ...]) -> dict[str, Variable]:
    """Name -> variable; the fund-stage series of :func:`_fund_variables` fill in names not given explicitly."""
    registry: dict[str, Variable] = {}
    for variable in (variable for group in groups for variable in group):
        if variable.name in registry:
            raise ValueError(f"output variable {variable.name!r} is registered twice")
        registry[variable.name] = variable
    for prefix, fund in FUND_PREFIXES.values():
        for variable in _fund_variables(prefix, fund):
            registry.setdefault(variable.name, variable)
    return registry


VARIABLES: dict[str, Variable] = _registry(
    _COORDINATES, _DEMOGRAPHY, _LABOUR, _ECONOMY, _PENSION_EMPLOYEE, _PENSION_EMPLOYEE_FUND, _PENSION_RESIDENT,
    _MEDICAL_EMPLOYEE, _MEDICAL_RESIDENT, _UNEMPLOYMENT, _FUND, _FINANCING, _PENSION_DEBT,
)
"""Every output variable and coordinate, by name; the ``summary=True`` entries in summary-column order."""


def label(dataset: xr.Dataset) -> xr.Dataset:
    """Set the CF ``long_name`` and ``units`` attrs of every data variable and coordinate of ``dataset``
    registered in :data:`VARIABLES` (in place) and return the dataset.

    Parameters
    ----------
    dataset : a stage's output.

    Raises
    ------
    KeyError
        Naming the data variables of ``dataset`` that are not registered: every output is registered.
    """
    unknown = [str(name) for name in dataset.data_vars if name not in VARIABLES]
    if unknown:
        raise KeyError(f"output variables not registered in actuarial.variables.VARIABLES: {', '.join(unknown)}")
    for name, array in dataset.variables.items():
        variable = VARIABLES.get(name)
        if variable is not None:
            array.attrs.update(long_name=variable.long_name, units=variable.units)
    return dataset


__all__ = ["FUND_PREFIXES", "VARIABLES", "Variable", "label"]
