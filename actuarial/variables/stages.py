"""Output variables of the coordinates and of the demography, labour and economy stages."""

from __future__ import annotations

from actuarial.variables.spec import BASE_YEAR_FLOW, CELL, CELL_STATUS, YEAR, YEAR_SEX, Variable

COORDINATES = (
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

DEMOGRAPHY = (
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

LABOUR = (
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
    Variable("employed", "Employed persons at 31 December (standard, non-standard, platform, self-employed, farm)", "persons",
             YEAR, "stock", summary=True),
    Variable("employed_standard", "Employees with a labour contract at 31 December", "persons", YEAR, "stock",
             summary=True),
    Variable("employed_nonstandard", "Dispatch and part-time workers at 31 December", "persons", YEAR, "stock",
             summary=True),
    Variable("employed_platform", "Platform workers at 31 December", "persons", YEAR, "stock", summary=True),
    Variable("employed_self_employed", "Non-farm self-employed and other own-account workers at 31 December",
             "persons", YEAR, "stock", summary=True),
    Variable("employed_farm", "Household farmers (own-account agricultural work) at 31 December", "persons", YEAR,
             "stock", summary=True),
    Variable("unemployed", "Unemployed persons at 31 December", "persons", YEAR, "stock", summary=True),
)

ECONOMY = (
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

__all__ = ["COORDINATES", "DEMOGRAPHY", "ECONOMY", "LABOUR"]
