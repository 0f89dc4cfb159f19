"""Financing options compared side by side over all four funds: ``comparison.csv`` and ``comparison.nc``.

Costs and effects on one basis (:mod:`actuarial.financing.basis`): present
values at 31 December of the base year with mid-year flows, discounted at the
stated basis (the government's borrowing rate by default).  Every money column
is nominal yuan; its name says what it holds (``pv_..._yuan``: present value,
``..._pct_gdp_Y``: share of GDP in year ``Y``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import xarray as xr

from actuarial.analysis.valuation import depletion_year, next_year_cost
from actuarial.config import load_scenario
from actuarial.config.financing import check_option_years
from actuarial.dims import REPORT_YEARS
from actuarial.financing.basis import (
    FINANCED_FUNDS,
    borrowing_balance,
    budget_cost,
    budget_cost_by_year,
    discount_basis,
    fund_support,
    net_position,
    own_cash_cost,
    pv,
)
from actuarial.financing.mix import MixResult, fund_series, run_mix
from actuarial.financing.study import Study
from actuarial.variables import FUND_PREFIXES

RESERVE_YEARS = (2035, 2050, 2075)


def _years(projection: xr.Dataset, name: str) -> xr.DataArray:
    return projection[name].isel(year=slice(1, None))


def fund_columns(result: xr.Dataset, baseline: xr.Dataset, fund: str, rate: xr.DataArray) -> dict[str, float]:
    """A fund's columns: depletion year, reserve ratios, effect (change in net position, yuan PV) and
    the effect as a share of the baseline deficit (%)."""
    prefix = FUND_PREFIXES[fund][0]
    balance = borrowing_balance(result, fund)
    reserve = balance / next_year_cost(_years(result, f"{prefix}_benefits"))
    years = balance["year"].values
    effect = net_position(result, fund, rate) - net_position(baseline, fund, rate)
    deficit = -net_position(baseline, fund, rate)
    row = {f"{fund}_depletion_year": depletion_year(balance)}
    row.update({f"{fund}_reserve_ratio_{y}": float(reserve.sel(year=y)) for y in (*RESERVE_YEARS, years[-1])
                if y in years})
    row[f"{fund}_effect_pv_yuan"] = effect
    row[f"{fund}_baseline_deficit_pv_yuan"] = deficit if deficit > 0 else np.nan
    row[f"{fund}_effect_pct_of_baseline_deficit"] = 100.0 * effect / deficit if deficit > 0 else np.nan
    return row


def compare_row(result: MixResult, baseline: MixResult, rate: xr.DataArray) -> dict:
    """One row of comparison.csv: the budget cost, then each fund's effect."""
    p, b = result.projection, baseline.projection
    cost = budget_cost(p, b, rate)
    by_year = budget_cost_by_year(p, b)
    gdp = _years(p, "gdp")
    last = int(gdp["year"].values[-1])
    debt = sum(_years(p, f"{FUND_PREFIXES[f][0]}_financing_treasury_debt") for f in FINANCED_FUNDS)
    inflows = sum(_years(p, f"{FUND_PREFIXES[f][0]}_financing_inflows") for f in FINANCED_FUNDS)
    row = {
        "option": result.name,
        "pv_budget_cost_yuan": cost["total"],
        "pv_own_cash_cost_yuan": cost["own"],
        **{f"pv_support_change_{fund}_yuan": cost[f"support_{fund}"] for fund in FINANCED_FUNDS},
        **{f"budget_cost_pct_gdp_{y}": float((by_year / gdp).sel(year=y)) for y in (*REPORT_YEARS, last)
           if y in gdp["year"].values and y <= last},
        "peak_treasury_debt_pct_gdp": float((debt / gdp).max()),
        "pv_inflows_yuan": pv(inflows, rate),
    }
    for fund in FINANCED_FUNDS:
        row.update(fund_columns(p, b, fund, rate))
    pension, pension_base = result.fund, baseline.fund
    middle = 2050 if 2050 in pension["year"].values else last
    coverage = pension["contributors"] / pension["employed"]
    row[f"pension_employee_contributors_change_{middle}"] = float(
        pension["contributors"].sel(year=middle) - pension_base["contributors"].sel(year=middle))
    row[f"pension_employee_coverage_rate_{middle}"] = float(coverage.sel(year=middle))
    return {key: (np.nan if value is None else value) for key, value in row.items()}


def comparison_dataset(runs: dict[str, MixResult], baseline: MixResult) -> xr.Dataset:
    """Each run's series by fund (``{fund}__{series}``) and its budget cost by year, along ``option``."""
    def one(result: MixResult) -> xr.Dataset:
        series = {}
        for fund in FINANCED_FUNDS:
            for name, value in fund_series(result.projection, fund).data_vars.items():
                series[f"{fund}__{name}"] = value.drop_attrs()
            series[f"{fund}__budget_support"] = fund_support(result.projection, fund).drop_attrs()
            series[f"{fund}__option_cash_cost"] = own_cash_cost(result.projection, fund).drop_attrs()
        series["budget_cost"] = budget_cost_by_year(result.projection, baseline.projection).drop_attrs()
        return xr.Dataset(series)
    dataset = xr.concat([one(r) for r in runs.values()], dim=xr.DataArray(list(runs), dims="option", name="option"),
                        combine_attrs="override")
    for name, value in dataset.data_vars.items():
        fund, _, series = name.partition("__")
        value.attrs.update(units="yuan" if series not in ("returns",) else "per_year",
                           long_name=(f"{fund}: {series.replace('_', ' ')}" if series else
                                      "budget cost over the year: own cash cost plus the change in every fund's "
                                      "subsidy and backstop"))
    return dataset


def study_mixes(study: Study) -> dict[str, dict]:
    """The runs of a study by name: ``baseline`` (no option), each option alone, each mix; name -> options."""
    return {"baseline": {}, **{name: {name: option} for name, option in study.options.items()},
            **{name: {m: study.options[m] for m in members} for name, members in study.mixes.items()}}


def comparison_runs(study: Study) -> int:
    """How many whole-model runs :func:`compare` makes: the baseline, every option and every mix."""
    return 1 + len(study.options) + len(study.mixes)


def compare(study: Study, *, scenario: Path | None = None, discount: str | float = "borrowing",
            progress: Callable[[str], None] | None = None) -> tuple[pd.DataFrame, xr.Dataset, str]:
    """Run the baseline, every option and every mix on the same assumptions (the scenario's own
    ``financing:`` section is replaced by each mix), and compare them over all four funds; ``progress`` is
    called with each run's name when it is done."""
    assumptions = load_scenario(scenario or study.scenario)
    check_option_years(study.options, assumptions.years, file=str(study.file))
    basis = discount_basis(assumptions, discount)
    runs = {}
    for name, options in study_mixes(study).items():
        runs[name] = run_mix(assumptions, options, name=name)
        if progress is not None:
            progress(name)
    table = pd.DataFrame([compare_row(result, runs["baseline"], basis.rate) for result in runs.values()])
    dataset = comparison_dataset(runs, runs["baseline"])
    dataset.attrs.update(study=study.name, scenario=assumptions.scenario, assumption_set_hash=assumptions.digest,
                         funds=", ".join(FINANCED_FUNDS), discount_basis=basis.description)
    table.attrs["discount_basis"] = basis.description
    return table, dataset, assumptions.scenario


__all__ = ["RESERVE_YEARS", "compare", "compare_row", "comparison_dataset", "fund_columns", "study_mixes"]
