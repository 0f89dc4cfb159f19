"""Valuation metrics of a run (``metrics.csv``): one row per scheme and metric.

First the funds' rows (:mod:`actuarial.analysis.fund_metrics`: depletion years, balances, cost and income
rates, fiscal cost, for one run or a chunk of stochastic paths at once).
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
from actuarial.analysis.fund_metrics import fund_metrics
from actuarial.config import AssumptionSet
from actuarial.dims import OPEN_AGE


def valuation_metrics(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """Rows ``scheme, metric, value, unit`` for every scheme of the run: the funds' rows
    (:func:`actuarial.analysis.fund_metrics.fund_metrics`), then the pension debt, the obligations, the rate
    gaps and the model careers."""
    years = assumptions.years
    wage = projection["average_wage"].values
    growth = wage[1:] / wage[:-1] - 1.0
    # constant-rate inputs of the debt: the horizon means of wage growth and of the indexation rule
    indexation = (assumptions.data("pension_indexation_fixed").values
                  + assumptions.data("pension_indexation_wage_share").values * growth)
    means = {"wage_growth": float(growth.mean()), "indexation": float(indexation.mean()),
             "crediting": float(assumptions.data("account_crediting_rate").sel(year=years).mean())}
    discount = assumptions.data("valuation_discount_rate")
    tables = [fund_metrics(assumptions, projection),
              pension_debt_rows(assumptions, projection, means, default_discount=float(discount.sel(year=years[0]))),
              obligation_rows(assumptions, projection,
                              indexation=xr.DataArray(indexation, coords={"year": years}, dims="year")),
              rate_gap_rows(assumptions, projection),
              career_metrics_rows(assumptions, projection)]
    return pd.concat(tables, ignore_index=True)


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
