"""Valuation metrics of a run (``metrics.csv``): one row per scheme and metric.

The employee pension is valued with the baseline fiscal-subsidy rule and,
as ``*_without_subsidy`` metrics, with no fiscal subsidy from 2025.  A fund with a
closure rule (backstop, rate rule, spending cap: :mod:`actuarial.funds.rollforward`)
is valued on its closed balance, never negative, except ``depletion_year``: the first
year its own resources fall short (its ``balance_borrowing`` series in
:func:`~actuarial.analysis.scheme_metrics.scheme_metrics`); its fiscal cost
counts the backstop.
The employee scheme's fiscal cost includes the budget cost of a scenario's
financing options.  Discounting uses ``valuation_discount_rate``.

Beside them (:func:`pension_debt_rows`, :func:`obligation_rows`, :func:`rate_gap_rows`):

* ``implicit_pension_debt_{rights}_{revaluation}_d{3,4,5}`` (yuan; ``_pct_gdp``: fraction of base-year
  GDP): the debt on the standard bases (:func:`actuarial.analysis.pension_debt.debt_on_bases`) —
  ``rights`` ``accrued`` (every right accrued to date), ``vested`` (members holding the minimum years in
  force in the base year, deemed years included), ``vestable`` (members who reach the minimum of their
  retirement year by contributing every remaining year); ``revaluation`` ``reval`` (wage-linked rights
  grow with wages to retirement) or ``frozen`` (base-year wages: the strict accrued-benefit obligation);
  discount 3, 4 or 5 %.  Accounts grow at the crediting rate to the exact expected retirement age and
  are converted at its divisor on every basis.  Per discount: ``implicit_pension_debt_in_payment_d{r}``,
  ``implicit_pension_debt_{rights}_d{r}_actives_account`` and, for ``vested`` and ``vestable``,
  ``implicit_pension_debt_{rights}_d{r}_accounts_non_vested`` (accounts of members who cannot vest,
  refunded or carried out at retirement: a liability outside the total); the horizon means used
  (``implicit_pension_debt_wage_growth``, ``_indexation``, ``_crediting_rate``) and each discount's gap to
  wage growth (``implicit_pension_debt_d{r}_discount_minus_wage_growth``).  The default rows
  ``implicit_pension_debt`` (``_in_payment``, ``_accrued_active``, ``_pct_gdp``) are the ``accrued``,
  ``reval`` basis at the valuation discount rate of the first projection year
  (``implicit_pension_debt_discount_rate``).
* ``open_group_unfunded_obligation`` and ``closed_group_unfunded_obligation`` to the horizon
  (:mod:`actuarial.analysis.obligations`) at the fund's return ``pension_fund_return``, their present
  values, ``notional_account_liability`` (account balances of the actives at the base year).
* per scheme: the horizon means of the valuation discount rate, the fund's return and wage growth, and
  ``discount_minus_wage_growth`` / ``return_minus_wage_growth``, beside the summarized rates.
* the model careers' replacement rates and money's worth
  (:func:`actuarial.analysis.careers.career_metrics_rows`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from actuarial.analysis.careers import career_metrics_rows
from actuarial.analysis.obligations import group_obligations
from actuarial.analysis.pension_debt import DISCOUNTS, RIGHTS, debt_on_bases
from actuarial.analysis.scheme_metrics import scheme_metrics
from actuarial.analysis.valuation import reserve_ratio
from actuarial.config import AssumptionSet
from actuarial.dims import EMPLOYED_STATUSES, OPEN_AGE, REPORT_YEARS

MONTHS = 12


SUBSIDY_DEPENDENT = ("first_deficit_year", "depletion_year", "summarized_income_rate", "actuarial_balance",
                     "general_average_premium", "required_rate", "reserve_ratio", "income_rate")
"""Metrics that change when the fiscal subsidy is removed (reported again with ``_without_subsidy``)."""


def _employee_series(projection: xr.Dataset, years, *, with_subsidy: bool) -> xr.Dataset:
    p = projection.sel(year=years)
    pensioners = p["pensioners"].sum(["sex", "age"])
    amount = (p["pension_in_payment"].fillna(0.0) * p["pensioners"]).sum(["sex", "age"])
    series = {
        "contributions": p["pension_contributions"],
        "benefits": p["pension_benefits"],
        "financing_inflows": p["pension_financing_inflows"],
        "contribution_base": p["pension_contribution_base"],
        "pensioners": pensioners,
        "contributors": p["pension_contributors"].sum(["sex", "age"]),
        "employed": p["employment"].sel(status=list(EMPLOYED_STATUSES)).sum(["sex", "age", "status"]),
        "average_pension": 12.0 * amount / pensioners,
        "average_wage": p["average_wage"],
    }
    if with_subsidy:
        series.update(fiscal_subsidy=p["pension_fiscal_subsidy"], balance=p["pension_fund_balance"])
        series.update(benefits_payable_share=p["pension_benefits_payable_share"], residual_subsidy=p["pension_residual_subsidy"], gdp=p["gdp"])
    else:
        series.update(balance=p["pension_fund_balance_without_subsidy"])
    return xr.Dataset({k: v.drop_attrs() for k, v in series.items()})


def valuation_metrics(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """Rows ``scheme, metric, value, unit`` for every scheme of the run: :func:`fund_metrics`, then the pension
    debt, the obligations, the rate gaps and the model careers."""
    funds, means, indexation = _fund_tables(assumptions, projection)
    years = assumptions.years
    discount = assumptions.data("valuation_discount_rate")
    tables = [*funds,
              pension_debt_rows(assumptions, projection, means, default_discount=float(discount.sel(year=years[0]))),
              obligation_rows(assumptions, projection,
                              indexation=xr.DataArray(indexation, coords={"year": years}, dims="year")),
              rate_gap_rows(assumptions, projection),
              career_metrics_rows(assumptions, projection)]
    return pd.concat(tables, ignore_index=True)


def fund_metrics(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """The funds' rows of :func:`valuation_metrics` (depletion years, balances, cost and income rates, fiscal
    cost), without the debt, obligation and career rows: what a stochastic run keeps for every path."""
    return pd.concat(_fund_tables(assumptions, projection)[0], ignore_index=True)


def _fund_tables(assumptions: AssumptionSet, projection: xr.Dataset) -> tuple[list[pd.DataFrame], dict, np.ndarray]:
    """The fund tables in row order, and the horizon means and indexation path the debt rows take."""
    years = assumptions.years
    base_year = assumptions.base_year
    discount = assumptions.data("valuation_discount_rate")
    returns = assumptions.data("pension_fund_return")
    opening = assumptions.scalar("pension_fund_balance_base")
    tables = [scheme_metrics("pension_employee", _employee_series(projection, years, with_subsidy=True),
                             opening_balance=opening, discount=discount, returns=returns)]
    without = scheme_metrics("pension_employee", _employee_series(projection, years, with_subsidy=False),
                             opening_balance=opening, discount=discount, returns=returns)
    without = without[without["metric"].str.startswith(SUBSIDY_DEPENDENT)]
    tables.append(without.assign(metric=without["metric"] + "_without_subsidy"))
    wage = projection["average_wage"].values
    growth = wage[1:] / wage[:-1] - 1.0
    # constant-rate inputs of the debt: the horizon means of wage growth and of the indexation rule
    indexation = (assumptions.data("pension_indexation_fixed").values
                  + assumptions.data("pension_indexation_wage_share").values * growth)
    resident = projection.sel(year=years)
    resident_series = xr.Dataset({
        "contributions": resident["resident_pension_contributions"],
        "fiscal_subsidy": resident["resident_pension_fiscal_subsidy"],
        "benefits": resident["resident_pension_benefits"],
        "balance": resident["resident_pension_fund_balance"],
        "balance_borrowing": resident["resident_pension_fund_balance_borrowing"],
        "pensioners": resident["resident_pension_beneficiaries"],
        "contributors": resident["resident_pension_contributors"],
    }).drop_attrs()
    tables.append(scheme_metrics("pension_resident", resident_series,
                                 opening_balance=assumptions.scalar("resident_fund_balance_base"),
                                 discount=discount, returns=assumptions.data("resident_fund_return")))
    options_cost = projection["pension_financing_fiscal_cost"]
    employee_cost = projection["pension_fiscal_subsidy"] + options_cost + projection["pension_backstop"]
    resident_cost = projection["resident_pension_fiscal_subsidy"] + projection["resident_pension_backstop"]
    fiscal = (employee_cost + resident_cost) / projection["gdp"]
    tables.append(pd.DataFrame(
        [(scheme, f"fiscal_cost_pct_gdp_{year}", float(share.sel(year=year)), "fraction_of_gdp")
         for scheme, share in (("pension_employee", employee_cost / projection["gdp"]),
                               ("pension_resident", resident_cost / projection["gdp"]),
                               ("pensions_total", fiscal))
         for year in (base_year, *REPORT_YEARS, int(years[-1])) if year in projection["year"].values],
        columns=["scheme", "metric", "value", "unit"],
    ))
    means = {"wage_growth": float(growth.mean()), "indexation": float(indexation.mean()),
             "crediting": float(assumptions.data("account_crediting_rate").sel(year=years).mean())}
    tables.append(medical_metrics(assumptions, projection))
    tables.append(unemployment_metrics(assumptions, projection))
    tables.append(injury_metrics(assumptions, projection))
    tables.append(national_pension_metrics(assumptions, projection))
    return tables, means, indexation


def _rows(rows) -> pd.DataFrame:
    return pd.DataFrame([("pension_employee", *row) for row in rows], columns=["scheme", "metric", "value", "unit"])


def pension_debt_rows(assumptions: AssumptionSet, projection: xr.Dataset, means: dict, *,
                      default_discount: float) -> pd.DataFrame:
    """The implicit pension debt on the standard bases (module docstring), from the base year's rights.

    ``means``: the horizon means ``wage_growth``, ``indexation`` and ``crediting`` (per year) the constant-rate
    valuation uses; ``default_discount``: the discount of the default ``implicit_pension_debt`` row.
    """
    base = projection.sel(year=assumptions.base_year)
    gdp = float(base["gdp"])
    inputs = dict(
        mx=assumptions.data("mortality").sel(year=assumptions.years[0]), pensioners=base["pensioners"],
        average_pension=12.0 * base["pension_in_payment"].fillna(0.0), indexation=means["indexation"],
        wage_growth=means["wage_growth"], crediting=means["crediting"],
        wage_linked=base["pension_accrued_wage_linked_base_year"],
        account_balance=base["pension_account_balance_base_year"],
        retirement_age=base["pension_retirement_age_base_year"],
        divisor=assumptions.data("account_divisor").reindex(age=np.arange(OPEN_AGE + 1), method="nearest"))
    table = debt_on_bases(**inputs, discounts=DISCOUNTS)
    default = debt_on_bases(**inputs, discounts=(default_discount,))
    default = default[(default["rights"] == "accrued") & (default["revaluation"] == "reval")].iloc[0]
    rows = [("implicit_pension_debt_in_payment", float(default["in_payment"]), "yuan"),
            ("implicit_pension_debt_accrued_active", float(default["actives_wage_linked"] + default["actives_account"]),
             "yuan"),
            ("implicit_pension_debt", float(default["total"]), "yuan"),
            ("implicit_pension_debt_pct_gdp", float(default["total"]) / gdp, "fraction_of_gdp"),
            ("implicit_pension_debt_discount_rate", default_discount, "per_year"),
            ("implicit_pension_debt_wage_growth", means["wage_growth"], "per_year"),
            ("implicit_pension_debt_indexation", means["indexation"], "per_year"),
            ("implicit_pension_debt_crediting_rate", means["crediting"], "per_year"),
            ("implicit_pension_debt_discount_minus_wage_growth", default_discount - means["wage_growth"], "per_year")]
    for d in DISCOUNTS:
        tag = f"d{round(100 * d)}"
        at = table[table["discount"] == d]
        rows += [(f"implicit_pension_debt_{tag}_discount_minus_wage_growth", d - means["wage_growth"], "per_year"),
                 (f"implicit_pension_debt_in_payment_{tag}", float(at["in_payment"].iloc[0]), "yuan")]
        for r in at.itertuples():
            name = f"implicit_pension_debt_{r.rights}_{r.revaluation}_{tag}"
            rows += [(name, r.total, "yuan"), (f"{name}_pct_gdp", r.total / gdp, "fraction_of_gdp")]
        for rights in RIGHTS:
            first = at[at["rights"] == rights].iloc[0]
            rows.append((f"implicit_pension_debt_{rights}_{tag}_actives_account", float(first["actives_account"]),
                         "yuan"))
            if rights != "accrued":
                rows.append((f"implicit_pension_debt_{rights}_{tag}_accounts_non_vested",
                             float(first["accounts_non_vested"]), "yuan"))
    return _rows(rows)


def obligation_rows(assumptions: AssumptionSet, projection: xr.Dataset, *, indexation: xr.DataArray) -> pd.DataFrame:
    """Open- and closed-group unfunded obligations to the horizon at the fund's return, and the notional
    account liability (module docstring); ``indexation`` (year): increases of pensions in payment."""
    years = assumptions.years
    returns = assumptions.data("pension_fund_return").sel(year=years)
    result = group_obligations(projection, base_year=assumptions.base_year, discount=returns, indexation=indexation,
                               mortality_last=assumptions.data("mortality").sel(year=years[-1]))
    base = projection.sel(year=assumptions.base_year)
    gdp = float(base["gdp"])
    accounts = float(base["pension_account_balance_base_year"].sel(vesting="all").sum())
    wage = projection["average_wage"].sel(year=[assumptions.base_year, *years]).values
    rate, growth = float(returns.mean()), float((wage[1:] / wage[:-1] - 1.0).mean())
    rows = [("unfunded_obligation_discount_rate", rate, "per_year"),
            ("unfunded_obligation_return_minus_wage_growth", rate - growth, "per_year")]
    for group in ("open", "closed"):
        suffix = "" if group == "open" else "_closed"
        value = getattr(result, f"{group}_group")
        rows += [(f"{group}_group_unfunded_obligation", value, "yuan"),
                 (f"{group}_group_unfunded_obligation_pct_gdp", value / gdp, "fraction_of_gdp"),
                 (f"{group}_group_pv_benefits", getattr(result, f"pv_benefits{suffix}"), "yuan"),
                 (f"{group}_group_pv_account_transfers", getattr(result, f"pv_transfers{suffix}"), "yuan"),
                 (f"{group}_group_pv_contributions", getattr(result, f"pv_contributions{suffix}"), "yuan")]
    after = result.open_group - result.pv_fiscal_subsidy
    rows += [("open_group_unfunded_obligation_after_subsidy", after, "yuan"),
             ("open_group_unfunded_obligation_after_subsidy_pct_gdp", after / gdp, "fraction_of_gdp"),
             ("closed_group_unfunded_obligation_beyond_horizon", result.closed_group_beyond_horizon, "yuan"),
             ("notional_account_liability", accounts, "yuan"),
             ("notional_account_liability_pct_gdp", accounts / gdp, "fraction_of_gdp")]
    return _rows(rows)


def rate_gap_rows(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """Per scheme, beside its summarized rates: horizon means of the valuation discount rate, of the fund's
    return and of average-wage growth, and the gaps ``discount_minus_wage_growth``,
    ``return_minus_wage_growth`` (per year, arithmetic means over the projection years)."""
    years = assumptions.years
    wage = projection["average_wage"].sel(year=[assumptions.base_year, *years]).values
    growth = float((wage[1:] / wage[:-1] - 1.0).mean())
    discount = float(assumptions.data("valuation_discount_rate").sel(year=years).mean())
    rows = []
    for scheme, name in (("pension_employee", "pension_fund_return"), ("pension_resident", "resident_fund_return"),
                         ("medical_employee", "medical_fund_return"),
                         ("medical_resident", "resident_medical_fund_return")):
        fund = float(assumptions.data(name).sel(year=years).mean())
        rows += [(scheme, "discount_rate_mean", discount, "per_year"), (scheme, "fund_return_mean", fund, "per_year"),
                 (scheme, "wage_growth_mean", growth, "per_year"),
                 (scheme, "discount_minus_wage_growth", discount - growth, "per_year"),
                 (scheme, "return_minus_wage_growth", fund - growth, "per_year")]
    return pd.DataFrame(rows, columns=["scheme", "metric", "value", "unit"])


def medical_metrics(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """Rows ``scheme, metric, value, unit`` of ``metrics.csv`` for ``medical_employee`` and ``medical_resident``.

    Employee scheme (pooled fund): the :func:`actuarial.analysis.valuation.scheme_metrics` rows with
    contributions net of retirees' account credits, the declared bases as contribution base (cost rate =
    expenditure / bases), retired members as ``pensioners`` and active members as ``contributors``;
    resident scheme: premiums as contributions and the fiscal subsidy.  Added for both: reserve in months
    of next year's expenditure (``reserve_months_Y`` = 12 x ``reserve_ratio_Y``), fiscal cost in % of GDP
    (``fiscal_cost_pct_gdp_Y``, base year included); for the employee scheme the active-to-retired ratio
    (``active_to_retired_ratio_Y``); for the resident scheme ``cost_rate_Y`` = expenditure / (premiums +
    fiscal subsidy), its financing.
    """
    years = assumptions.years
    discount = assumptions.data("valuation_discount_rate")
    p = projection.sel(year=years)
    report = [y for y in (*REPORT_YEARS, int(years[-1])) if y in set(years.tolist())]
    employee = xr.Dataset({
        "contributions": p["medical_contributions"], "fiscal_subsidy": p["medical_fiscal_subsidy"],
        "benefits": p["medical_benefits"], "balance": p["medical_fund_balance"],
        "balance_borrowing": p["medical_fund_balance_borrowing"],
        "contribution_base": p["medical_contribution_base"], "pensioners": p["medical_members_retired"],
        "contributors": p["medical_members_active"],
    }).drop_attrs()
    resident = xr.Dataset({
        "contributions": p["resident_medical_premiums"], "fiscal_subsidy": p["resident_medical_fiscal_subsidy"],
        "benefits": p["resident_medical_benefits"], "balance": p["resident_medical_fund_balance"],
        "balance_borrowing": p["resident_medical_fund_balance_borrowing"],
    }).drop_attrs()
    tables = [
        scheme_metrics("medical_employee", employee, opening_balance=assumptions.scalar("medical_pooled_balance_base"),
                       discount=discount, returns=assumptions.data("medical_fund_return"), report_years=report),
        scheme_metrics("medical_resident", resident, opening_balance=assumptions.scalar("resident_medical_balance_base"),
                       discount=discount, returns=assumptions.data("resident_medical_fund_return"), report_years=report),
    ]
    rows = []
    for scheme, series in (("medical_employee", employee), ("medical_resident", resident)):
        months = MONTHS * reserve_ratio(balance=series["balance"], benefits=series["benefits"])
        rows += [(scheme, f"reserve_months_{y}", float(months.sel(year=y)), "months of expenditure") for y in report]
    ratio = p["medical_members_active"] / p["medical_members_retired"]
    rows += [("medical_employee", f"active_to_retired_ratio_{y}", float(ratio.sel(year=y)), "ratio") for y in report]
    financing = p["resident_medical_premiums"] + p["resident_medical_fiscal_subsidy"]
    cost = p["resident_medical_benefits"] / financing
    rows += [("medical_resident", f"cost_rate_{y}", float(cost.sel(year=y)), "ratio") for y in report]
    fiscal_years = [assumptions.base_year, *report]
    for scheme, prefix in (("medical_employee", "medical"), ("medical_resident", "resident_medical")):
        share = (projection[f"{prefix}_fiscal_subsidy"] + projection[f"{prefix}_backstop"]) / projection["gdp"]
        rows += [(scheme, f"fiscal_cost_pct_gdp_{y}", float(share.sel(year=y)), "fraction_of_gdp") for y in fiscal_years]
    tables.append(pd.DataFrame(rows, columns=["scheme", "metric", "value", "unit"]))
    return pd.concat(tables, ignore_index=True)


def unemployment_metrics(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """Rows ``scheme, metric, value, unit`` of ``metrics.csv`` for ``unemployment`` (none when the set does not
    run it).

    The :func:`actuarial.analysis.scheme_metrics.scheme_metrics` rows with contributions, the AI supplement's
    fiscal transfer as subsidy, expenditure (benefits and the fund's other outflows) as benefits and the
    contribution base (cost rate = expenditure / base, income rate = (contributions + subsidy) / base), with
    ``depletion_year`` the first year the fund's own resources fall short; beside them the reserve in months
    of expenditure (``reserve_months_Y`` = 12 x ``reserve_ratio_Y``), beneficiaries per 1,000 participants
    (``beneficiaries_per_1000_members_Y``) and the fiscal cost (subsidy + backstop) in % of GDP
    (``fiscal_cost_pct_gdp_Y``, base year included).
    """
    if "unemployment_fund_balance" not in projection:
        return pd.DataFrame(columns=["scheme", "metric", "value", "unit"])
    years = assumptions.years
    discount = assumptions.data("valuation_discount_rate")
    p = projection.sel(year=years)
    report = [y for y in (2030, *REPORT_YEARS, int(years[-1])) if y in set(years.tolist())]
    series = xr.Dataset({
        "contributions": p["unemployment_contributions"], "fiscal_subsidy": p["unemployment_fiscal_subsidy"],
        "benefits": p["unemployment_benefits"] + p["unemployment_other_outflows"],
        "balance": p["unemployment_fund_balance"], "balance_borrowing": p["unemployment_fund_balance_borrowing"],
        "contribution_base": p["unemployment_contribution_base"],
    }).drop_attrs()
    tables = [scheme_metrics("unemployment", series, opening_balance=assumptions.scalar("unemployment_balance_base"),
                             discount=discount, returns=assumptions.data("unemployment_fund_return"),
                             report_years=report)]
    months = MONTHS * reserve_ratio(balance=series["balance"], benefits=series["benefits"])
    rows = [("unemployment", f"reserve_months_{y}", float(months.sel(year=y)), "months of expenditure") for y in report]
    ratio = 1000.0 * p["unemployment_beneficiaries"] / p["unemployment_contributors"]
    rows += [("unemployment", f"beneficiaries_per_1000_members_{y}", float(ratio.sel(year=y)), "ratio") for y in report]
    share = (projection["unemployment_fiscal_subsidy"] + projection["unemployment_backstop"]) / projection["gdp"]
    rows += [("unemployment", f"fiscal_cost_pct_gdp_{y}", float(share.sel(year=y)), "fraction_of_gdp")
             for y in (assumptions.base_year, *report)]
    tables.append(pd.DataFrame(rows, columns=["scheme", "metric", "value", "unit"]))
    return pd.concat(tables, ignore_index=True)


INJURY_FUNDS = (("injury", "injury_balance_base", "injury_contribution_base", "injury_contributors"),
                ("platform_injury", "platform_injury_balance_base", None, "platform_injury_covered"))
"""The two injury funds: scheme and prefix, opening balance, contribution base (None: premiums per order, cost
and income rates against premiums) and the members beneficiaries are counted against."""


def injury_metrics(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """Rows ``scheme, metric, value, unit`` of ``metrics.csv`` for ``injury`` (WI) and ``platform_injury`` (the
    pilot), each when the set runs it, in the shape of :func:`unemployment_metrics`.

    The :func:`actuarial.analysis.scheme_metrics.scheme_metrics` rows with contributions (premiums for the
    pilot), no subsidy, benefits and the contribution base (the pilot has none: its cost rate is payouts over
    premiums); beside them the reserve in months of expenditure (``reserve_months_Y``), cases per 1,000 members
    (``cases_per_1000_members_Y``) and the fiscal cost (backstop) in % of GDP (``fiscal_cost_pct_gdp_Y``).
    """
    tables = []
    years = assumptions.years
    report = [y for y in (2030, *REPORT_YEARS, int(years[-1])) if y in set(years.tolist())]
    for scheme, opening, base, members in INJURY_FUNDS:
        if f"{scheme}_fund_balance" not in projection:
            continue
        p = projection.sel(year=years)
        series = xr.Dataset({
            "contributions": p[f"{scheme}_contributions"], "fiscal_subsidy": p[f"{scheme}_fiscal_subsidy"],
            "benefits": p[f"{scheme}_benefits"], "balance": p[f"{scheme}_fund_balance"],
            "balance_borrowing": p[f"{scheme}_fund_balance_borrowing"],
            "contribution_base": p[base] if base else p[f"{scheme}_contributions"],
        }).drop_attrs()
        tables.append(scheme_metrics(scheme, series, opening_balance=assumptions.scalar(opening),
                                     discount=assumptions.data("valuation_discount_rate"),
                                     returns=assumptions.data(f"{scheme}_fund_return"), report_years=report))
        months = MONTHS * reserve_ratio(balance=series["balance"], benefits=series["benefits"])
        rows = [(scheme, f"reserve_months_{y}", float(months.sel(year=y)), "months of expenditure") for y in report]
        ratio = 1000.0 * p[f"{scheme}_cases"] / p[members]
        rows += [(scheme, f"cases_per_1000_members_{y}", float(ratio.sel(year=y)), "ratio") for y in report]
        share = (projection[f"{scheme}_fiscal_subsidy"] + projection[f"{scheme}_backstop"]) / projection["gdp"]
        rows += [(scheme, f"fiscal_cost_pct_gdp_{y}", float(share.sel(year=y)), "fraction_of_gdp")
                 for y in (assumptions.base_year, *report)]
        tables.append(pd.DataFrame(rows, columns=["scheme", "metric", "value", "unit"]))
    if not tables:
        return pd.DataFrame(columns=["scheme", "metric", "value", "unit"])
    return pd.concat(tables, ignore_index=True)


def national_pension_metrics(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """Rows of ``metrics.csv`` for ``national_pension`` when the set runs it: its cost and net cost in % of GDP
    (``cost_pct_gdp_Y``, ``net_cost_pct_gdp_Y``), recipients (``recipients_Y``) and, for the incentives of the
    employee scheme, the flat pension as a share of the UEBPI and URRBP mean pensions (``share_of_uebpi_pension_Y``,
    ``share_of_urrbp_pension_Y``; 0 when the option is off), in the base year, 2030, the report years and the
    last year."""
    if "national_pension_cost" not in projection:
        return pd.DataFrame(columns=["scheme", "metric", "value", "unit"])
    years = assumptions.years
    report = [y for y in (assumptions.base_year, 2030, *REPORT_YEARS, int(years[-1]))
              if y in set(projection["year"].values.tolist())]
    gdp = projection["gdp"]
    uebpi = projection["pension_benefits"] / projection["pensioners"].sum(["sex", "age"])
    urrbp = projection["resident_pension_benefits"] / projection["resident_pension_beneficiaries"]
    amount = projection["national_pension_amount"]
    series = {"cost_pct_gdp": (projection["national_pension_cost"] / gdp, "fraction_of_gdp"),
              "net_cost_pct_gdp": (projection["national_pension_net_cost"] / gdp, "fraction_of_gdp"),
              "recipients": (projection["national_pension_recipients"], "persons"),
              "share_of_uebpi_pension": (amount / uebpi, "ratio"), "share_of_urrbp_pension": (amount / urrbp, "ratio")}
    rows = [("national_pension", f"{name}_{y}", float(values.sel(year=y)), unit)
            for name, (values, unit) in series.items() for y in report]
    return pd.DataFrame(rows, columns=["scheme", "metric", "value", "unit"])

