"""Output variables of the schemes (members, contributions, benefits, base-year rights) and of the pension
debt's cells."""

from __future__ import annotations

from actuarial.variables.spec import CELL, SEX_AGE, YEAR, YEAR_SEX, YEAR_STATUS, Variable

PENSION_EMPLOYEE = (
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
    Variable("pension_base_by_status", "UEBPI declared contribution base over the year by employed status", "yuan",
             YEAR_STATUS, "flow"),
    Variable("pension_platform_employer_contributions",
             "UEBPI contributions of platform workers paid by the platforms (employer share) over the year", "yuan",
             YEAR, "flow"),
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

PENSION_EMPLOYEE_FUND = (
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

PENSION_RESIDENT = (
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

MEDICAL_EMPLOYEE = (
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

MEDICAL_RESIDENT = (
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

UNEMPLOYMENT = (
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

INJURY = (
    Variable("injury_contributors", "WI participants (insured employed persons) at 31 December", "persons", YEAR,
             "stock", summary=True),
    Variable("injury_beneficiaries", "WI beneficiaries over the year (the year's accepted cases, disability "
             "pensioners of grades 1-4 and survivor pensioners)", "persons", YEAR, "stock", summary=True),
    Variable("injury_contributions", "WI contributions over the year (employers only)", "yuan", YEAR, "flow",
             summary=True),
    Variable("injury_benefits", "WI benefits over the year (medical care, disability grants and allowances, death "
             "grants, survivor pensions)", "yuan", YEAR, "flow", summary=True),
    Variable("injury_fund_balance", "WI fund balance at 31 December under its closure rule (negative only under "
             "borrowing)", "yuan", YEAR, "stock", summary=True),
    Variable("injury_fiscal_subsidy", "Fiscal transfer to the WI fund over the year (none: employers finance it; "
             "shortfalls are the backstop)", "yuan", YEAR, "flow"),
    Variable("injury_cases", "Accepted work-injury cases over the year (deaths included)", "persons", YEAR, "flow",
             summary=True),
    Variable("injury_deaths", "Deaths at work among accepted cases over the year", "persons", YEAR, "flow"),
    Variable("injury_disability_pensioners", "Disability-allowance recipients (grades 1-4) at 31 December",
             "persons", YEAR, "stock"),
    Variable("injury_survivor_pensioners", "Survivor-pension recipients (dependants of workers killed at work) at "
             "31 December", "persons", YEAR, "stock"),
    Variable("injury_medical", "WI medical care and other spending on the year's cases", "yuan", YEAR, "flow"),
    Variable("injury_disability_grants", "WI lump-sum disability grants (grades 1-10) over the year", "yuan", YEAR,
             "flow"),
    Variable("injury_disability_pensions", "WI disability allowances of grades 1-4 (and their top-up after "
             "retirement) over the year", "yuan", YEAR, "flow"),
    Variable("injury_survivor_pensions", "WI survivor pensions over the year", "yuan", YEAR, "flow"),
    Variable("injury_death_grants", "WI lump-sum death grants and funeral grants over the year", "yuan", YEAR,
             "flow"),
    Variable("injury_employer_treatment_wages", "Wages employers pay injured workers during treatment over the year "
             "(停工留薪; not a fund flow)", "yuan", YEAR, "flow"),
    Variable("injury_contribution_base", "WI contribution base over the year (covered wages declared)", "yuan",
             YEAR, "flow"),
    Variable("injury_effective_rate", "WI average contribution rate after the phased cuts", "fraction_of_base",
             YEAR, "rate"),
    Variable("injury_contributors_by_status", "WI participants at 31 December by employed status", "persons",
             YEAR_STATUS, "stock"),
)

PLATFORM_INJURY = (
    Variable("platform_injury_covered", "Platform workers covered by the occupational-injury pilot over the year "
             "(took a covered order)", "persons", YEAR, "stock", summary=True),
    Variable("platform_injury_contributions", "Pilot premiums paid by platforms over the year (per order)", "yuan",
             YEAR, "flow", summary=True),
    Variable("platform_injury_benefits", "Pilot payouts over the year", "yuan", YEAR, "flow", summary=True),
    Variable("platform_injury_fund_balance", "Platform occupational-injury fund balance at 31 December under its "
             "closure rule", "yuan", YEAR, "stock", summary=True),
    Variable("platform_injury_fiscal_subsidy", "Fiscal transfer to the platform occupational-injury fund over the "
             "year (none: platforms finance it)", "yuan", YEAR, "flow"),
    Variable("platform_injury_cases", "Occupational injuries accepted under the pilot over the year", "persons",
             YEAR, "flow", summary=True),
    Variable("platform_injury_cases_delivery", "Pilot cases in food and instant delivery over the year", "persons",
             YEAR, "flow"),
    Variable("platform_injury_cases_other", "Pilot cases in ride-hailing and same-city freight over the year",
             "persons", YEAR, "flow"),
    Variable("platform_injury_premium_per_order", "Pilot premium per order", "yuan", YEAR, "level"),
)

PENSION_DEBT = (
    Variable("annuity_in_payment", "PV of 1 yuan a year of base-year pension in payment, indexed", "years", SEX_AGE,
             "level"),
    Variable("pv_in_payment", "PV of pensions in payment", "yuan", SEX_AGE, "stock"),
    Variable("annuity_deferred", "PV of 1 yuan a year of accrued pension, deferred to retirement", "years", SEX_AGE,
             "level"),
    Variable("pv_accrued_active", "PV of pensions accrued by active members", "yuan", SEX_AGE, "stock"),
)

NATIONAL_PENSION = (
    Variable("national_pension_cost", "National pension option: its cost to the budget over the year (benefits less "
             "personal contributions; 0 when the option is off)", "yuan", YEAR, "flow", summary=True),
    Variable("national_pension_net_cost", "National pension option: cost less the URRBP basic pensions it replaces "
             "(replace mode; equal to the cost in top-up mode)", "yuan", YEAR, "flow", summary=True),
    Variable("national_pension_recipients", "National pension recipients during the year", "persons", YEAR, "stock"),
    Variable("national_pension_amount", "National pension a year per recipient", "yuan_per_year", YEAR, "level"),
    Variable("national_pension_benefits", "National pension paid over the year", "yuan", YEAR, "flow"),
    Variable("national_pension_contributions", "National pension personal contributions over the year", "yuan", YEAR,
             "flow"),
    Variable("national_pension_replaced_basic_pensions", "URRBP basic pensions replaced by the national pension over "
             "the year (replace mode)", "yuan", YEAR, "flow"),
)


__all__ = ["INJURY", "MEDICAL_EMPLOYEE", "MEDICAL_RESIDENT", "NATIONAL_PENSION", "PENSION_DEBT", "PENSION_EMPLOYEE",
           "PENSION_EMPLOYEE_FUND", "PENSION_RESIDENT", "PLATFORM_INJURY", "UNEMPLOYMENT"]
