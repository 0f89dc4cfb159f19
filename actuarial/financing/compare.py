"""Financing options compared side by side on one fund: ``comparison.csv`` and ``comparison.nc``.

Present values at the valuation date (31 December of the base year) with
mid-year flows, discounted at the set's ``valuation_discount_rate``
(:mod:`actuarial.analysis.valuation`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from actuarial.analysis.valuation import depletion_year, discount_factors, first_deficit_year, mid_year_factors, next_year_cost
from actuarial.config import load_scenario
from actuarial.config.financing import check_option_years
from actuarial.dims import REPORT_YEARS
from actuarial.financing.mix import MixResult, run_mix
from actuarial.financing.study import Study
from actuarial.variables import label


def _present_value(series: xr.DataArray, discount: xr.DataArray) -> float:
    return float((series * mid_year_factors(discount, series["year"].values)).sum())


def pv_fiscal_cost(fiscal_cost: xr.DataArray, debt_stock: xr.DataArray, discount: xr.DataArray) -> float:
    """Present value of the options' budget cost: cash costs over the horizon (mid-year) plus the
    bonds still outstanding at the end of the horizon (principal owed, discounted from 31 December of
    the last year), so that borrowing late in the horizon is not counted as free."""
    v_end = float(discount_factors(discount, debt_stock["year"].values).isel(year=-1))
    return _present_value(fiscal_cost, discount) + v_end * float(debt_stock.isel(year=-1))


def fund_actuarial_balance(fund: xr.Dataset, opening: float, discount: xr.DataArray) -> float:
    """``v_T (B_T - E_{T+1}) / PV(base)``: the discounted end balance above a one-year-of-cost target,
    per unit of discounted payroll.  Equals the summarised actuarial balance when the fund earns the
    discount rate, and also credits options that change the fund's return.  NaN for a fund without a
    contribution base."""
    if "contribution_base" not in fund:
        return np.nan
    years = fund["year"].values
    v_end = float(discount_factors(discount, years).isel(year=-1))
    target = float(next_year_cost(fund["benefits"]).isel(year=-1))
    fund_debt = float((fund["debt_stock"] - fund["treasury_debt"]).isel(year=-1))  # still owed by the fund
    end = float(fund["balance"].isel(year=-1)) - fund_debt
    return v_end * (end - target) / _present_value(fund["contribution_base"], discount)


def compare_row(result: MixResult, baseline: MixResult, discount: xr.DataArray) -> dict:
    """One row of comparison.csv."""
    fund, base = result.fund, baseline.fund
    opening = result.opening
    reserve = fund["balance"] / next_year_cost(fund["benefits"])
    last = int(fund["year"].values[-1])
    report = [year for year in REPORT_YEARS if year < last]
    middle = 2050 if 2050 in fund["year"].values else last
    balance_base = fund_actuarial_balance(base, opening, discount)
    balance = fund_actuarial_balance(fund, opening, discount)
    coverage = fund["contributors"] / fund["employed"]
    deficit = first_deficit_year(contributions=fund["contributions"], benefits=fund["benefits"],
                                 fiscal_subsidy=fund["baseline_fiscal_subsidy"], financing_inflows=fund["financing_inflows"])
    row = {
        "option": result.name,
        "first_deficit_year": deficit,
        "depletion_year": depletion_year(fund["balance"]),
        **{f"reserve_ratio_{year}": float(reserve.sel(year=year)) for year in (*report, last)},
        "pv_option_fiscal_cost": pv_fiscal_cost(fund["option_fiscal_cost"], fund["treasury_debt"], discount),
        "pv_baseline_fiscal_subsidy": _present_value(fund["baseline_fiscal_subsidy"], discount),
        "peak_debt_pct_gdp": float((fund["debt_stock"] / fund["gdp"]).max()),
        "actuarial_balance": balance,
        "deficit_eliminated_pct": 100.0 * (balance - balance_base) / -balance_base if balance_base < 0 else np.nan,
        f"contributors_change_{middle}": float(fund["contributors"].sel(year=middle) - base["contributors"].sel(year=middle)),
        f"coverage_rate_{middle}": float(coverage.sel(year=middle)),
        f"coverage_rate_change_{middle}": float(coverage.sel(year=middle) - (base["contributors"] / base["employed"]).sel(year=middle)),
        "total_inflows": float(fund["financing_inflows"].sum()),
        "pv_inflows": _present_value(fund["financing_inflows"], discount),
    }
    return {key: (np.nan if value is None else value) for key, value in row.items()}


def compare(study: Study, *, scenario: Path | None = None) -> tuple[pd.DataFrame, xr.Dataset, str]:
    """Run the baseline, every option and every mix on the same assumptions (the scenario's own
    ``financing:`` section is replaced by each mix)."""
    assumptions = load_scenario(scenario or study.scenario)
    check_option_years(study.options, assumptions.years, file=str(study.file))
    discount = assumptions.data("valuation_discount_rate")
    mixes = {"baseline": {}, **{name: {name: option} for name, option in study.options.items()},
             **{name: {m: study.options[m] for m in members} for name, members in study.mixes.items()}}
    runs = {name: run_mix(assumptions, options, name=name, fund=study.fund) for name, options in mixes.items()}
    table = pd.DataFrame([compare_row(result, runs["baseline"], discount) for result in runs.values()])
    dataset = label(xr.concat([result.fund for result in runs.values()],
                              dim=xr.DataArray(list(runs), dims="option", name="option"), combine_attrs="override"))
    dataset.attrs.update(study=study.name, scenario=assumptions.scenario, assumption_set_hash=assumptions.digest,
                         fund=study.fund, discount_rate="valuation_discount_rate of the set (mid-year discounting)")
    return table, dataset, assumptions.scenario


__all__ = ["compare", "compare_row", "fund_actuarial_balance", "pv_fiscal_cost"]
