"""The valuation metrics of one scheme as rows ``scheme, metric, value, unit`` (``metrics.csv``, DESIGN §7)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from actuarial.analysis.required_rate import RATE_CAP, required_contribution_rate
from actuarial.analysis.valuation import (
    YEAR,
    _projection_years,
    _zero_if_none,
    cost_rate,
    coverage_rate,
    depletion_year,
    first_deficit_year,
    general_average_premium,
    income_rate,
    present_value,
    replacement_rate,
    reserve_ratio,
    summarized_rates,
    system_dependency_ratio,
)
from actuarial.dims import REPORT_YEARS


METRIC_UNITS = {
    "year": "year",
    "years": "years of expenditure",
    "rate": "fraction_of_base",
    "ratio": "ratio",
    "money": "yuan",
    "share": "fraction",
    "gdp": "fraction_of_gdp",
}


def scheme_metrics(scheme: str, series: xr.Dataset, **kwargs) -> pd.DataFrame:
    """The valuation metrics of one scheme as a table ``scheme, metric, value, unit`` (metrics.csv, DESIGN §7):
    :func:`scheme_rows` over ``year`` only."""
    extra = set(series.dims) - {YEAR}
    if extra:
        raise ValueError(f"scheme_metrics takes series over 'year' only; got extra dimension(s) {sorted(extra)}")
    return pd.DataFrame(scheme_rows(scheme, series, **kwargs), columns=["scheme", "metric", "value", "unit"])


def scheme_rows(
    scheme: str,
    series: xr.Dataset,
    *,
    opening_balance,
    discount,
    returns=None,
    report_years=None,
    cap: float = RATE_CAP,
) -> list[tuple]:
    """The valuation metrics of one scheme as rows ``(scheme, metric, value, unit)`` (metrics.csv, DESIGN §7).

    Parameters
    ----------
    scheme : str
        Scheme name written in the ``scheme`` column.
    series : xarray.Dataset over ``year`` (projection years only), and optionally ``path``
        Any of ``contributions, fiscal_subsidy, financing_inflows, benefits,
        investment_income, balance, balance_borrowing, contribution_base, pensioners,
        contributors, employed, average_pension, average_wage,
        benefits_payable_share, residual_subsidy, gdp`` (the last three: the
        fund's pay-as-you-go closure, :func:`actuarial.funds.rollforward.close_pay_as_you_go`,
        and GDP over the year).  Metrics
        whose inputs are absent are skipped; ``balance_borrowing`` (a closed fund's balance on the
        borrowing basis) dates ``depletion_year``, the first year the fund's own resources fall short,
        where ``balance`` (the closed balance, never negative) could not; an absent ``fiscal_subsidy`` or
        ``financing_inflows`` counts as zero.
    opening_balance : float or xarray.DataArray (over ``path``)
        ``B_0``, the fund at 31 December of the base year (yuan).
    discount : float or xarray.DataArray
        Nominal discount rate for present values (over ``year``, and ``path`` when it varies by path).
    returns : float or xarray.DataArray, optional
        Fund return used to roll the fund forward for the required rates;
        defaults to ``discount``.
    report_years : iterable of int, optional
        Years of the year-specific metrics; default
        :data:`actuarial.dims.REPORT_YEARS` plus the last projection year.  Years
        outside the series are skipped.

    Returns
    -------
    list of (scheme, metric, value, unit)
        ``value`` a float, or an array over ``path`` when the series have one.  Rows, in order:
        ``first_deficit_year`` and ``depletion_year`` (unit
        ``year``, NaN when it never happens); ``summarized_income_rate``,
        ``summarized_cost_rate``, ``actuarial_balance``,
        ``general_average_premium``, ``required_rate_solvency``,
        ``required_rate_terminal_reserve`` (fractions of the base; NaN when
        above ``cap``); ``pv_benefits``, ``pv_contribution_base`` (yuan at
        the valuation date); then per report year ``Y``:
        ``reserve_ratio_Y`` (years of expenditure), ``cost_rate_Y``,
        ``income_rate_Y`` (contributions + subsidy), ``contribution_income_rate_Y``,
        ``system_dependency_ratio_Y``, ``replacement_rate_Y``, ``coverage_rate_Y``; last, from the
        pay-as-you-go closure: ``benefits_payable_share_Y`` (fraction of scheduled expenditure payable from
        the fund's own resources), ``residual_subsidy_pv`` (present value of the residual subsidy at
        ``discount``, yuan) and, with ``gdp``, ``residual_subsidy_pct_gdp_Y`` (fraction of GDP).
    """
    if YEAR not in series.dims:
        raise ValueError(f"series of scheme {scheme!r} must have a 'year' dimension")
    years = _projection_years(series[YEAR], "series")
    has = set(series.data_vars)
    returns = discount if returns is None else returns
    if report_years is None:
        report_years = (*REPORT_YEARS, int(years[-1]))
    report = [int(y) for y in dict.fromkeys(report_years) if int(y) in set(years.tolist())]
    get = series.get
    rows: list[tuple] = []

    def add(metric: str, value, kind: str) -> None:
        value = np.asarray(np.nan if value is None else value, dtype=float)
        rows.append((scheme, metric, float(value) if value.ndim == 0 else value, METRIC_UNITS[kind]))

    other = {"fiscal_subsidy": get("fiscal_subsidy"), "financing_inflows": get("financing_inflows")}
    if {"contributions", "benefits"} <= has:
        deficit = first_deficit_year(contributions=series.contributions, benefits=series.benefits, **other)
        add("first_deficit_year", deficit, "year")
    if "balance" in has:
        own = series.balance_borrowing if "balance_borrowing" in has else series.balance
        add("depletion_year", depletion_year(own), "year")
    if {"benefits", "contribution_base"} <= has:
        common = dict(benefits=series.benefits, contribution_base=series.contribution_base, **other)
        if "contributions" in has:
            rates = summarized_rates(
                contributions=series.contributions, opening_balance=opening_balance, discount=discount, **common
            )
            for name in ("summarized_income_rate", "summarized_cost_rate", "actuarial_balance"):
                add(name, rates[name], "rate")
        premium = general_average_premium(opening_balance=opening_balance, discount=discount, **common)
        add("general_average_premium", premium, "rate")
        for criterion in ("solvency", "terminal_reserve"):
            value = required_contribution_rate(
                opening_balance=opening_balance, returns=returns, criterion=criterion, cap=cap, **common
            )
            add(f"required_rate_{criterion}", value, "rate")
        add("pv_benefits", present_value(series.benefits, discount), "money")
        add("pv_contribution_base", present_value(series.contribution_base, discount), "money")

    by_year: list[tuple[str, xr.DataArray, str]] = []
    if {"balance", "benefits"} <= has:
        by_year.append(("reserve_ratio", reserve_ratio(balance=series.balance, benefits=series.benefits), "years"))
    if {"benefits", "contribution_base"} <= has:
        costs = cost_rate(benefits=series.benefits, contribution_base=series.contribution_base)
        by_year.append(("cost_rate", costs, "rate"))
    if {"contributions", "contribution_base"} <= has:
        base = series.contribution_base
        subsidy = _zero_if_none(get("fiscal_subsidy"), base)
        total = income_rate(contributions=series.contributions, contribution_base=base, fiscal_subsidy=subsidy)
        by_year.append(("income_rate", total, "rate"))
        only = income_rate(contributions=series.contributions, contribution_base=base)
        by_year.append(("contribution_income_rate", only, "rate"))
    if {"pensioners", "contributors"} <= has:
        dependency = system_dependency_ratio(pensioners=series.pensioners, contributors=series.contributors)
        by_year.append(("system_dependency_ratio", dependency, "ratio"))
    if {"average_pension", "average_wage"} <= has:
        replacement = replacement_rate(average_pension=series.average_pension, average_wage=series.average_wage)
        by_year.append(("replacement_rate", replacement, "ratio"))
    if {"contributors", "employed"} <= has:
        coverage = coverage_rate(contributors=series.contributors, employed=series.employed)
        by_year.append(("coverage_rate", coverage, "ratio"))
    for name, values, kind in by_year:
        for year in report:
            add(f"{name}_{year}", values.sel(year=year).values, kind)
    if "benefits_payable_share" in has:
        for year in report:
            add(f"benefits_payable_share_{year}", series.benefits_payable_share.sel(year=year).values, "share")
    if "residual_subsidy" in has:
        add("residual_subsidy_pv", present_value(series.residual_subsidy, discount), "money")
        if "gdp" in has:
            share_of_gdp = series.residual_subsidy / series.gdp
            for year in report:
                add(f"residual_subsidy_pct_gdp_{year}", share_of_gdp.sel(year=year).values, "gdp")

    return rows


__all__ = ["METRIC_UNITS", "scheme_metrics", "scheme_rows"]
