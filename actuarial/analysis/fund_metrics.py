"""The funds' rows of ``metrics.csv`` (depletion years, balances, cost and income rates, fiscal cost), for one
run or for a chunk of stochastic paths at once.

A run is first reduced to its **fund inputs** (:func:`fund_inputs`): the year series the rows read (flows,
balances, members; the few by-cell totals summed once), the valuation discount rate and each fund's return
over the projection years, and the opening balances, as plain arrays.  :func:`stack_inputs` labels one run's
inputs, or stacks many runs' along a leading ``path`` dimension; the rows are then computed once by the same
code (:func:`fund_rows`), the valuation functions carrying the ``path`` dimension through
(:mod:`actuarial.analysis.valuation`, :mod:`actuarial.analysis.required_rate`).  A deterministic run is the
one-path case: :func:`fund_metrics` is :func:`fund_rows` on one run's inputs.

The employee pension is valued with the baseline fiscal-subsidy rule and, as ``*_without_subsidy`` metrics,
with no fiscal subsidy from 2025.  A fund with a closure rule is valued on its closed balance, never negative,
except ``depletion_year``, the first year its own resources fall short (``balance_borrowing``); its fiscal
cost counts the backstop.  The employee scheme's fiscal cost includes the budget cost of a scenario's
financing options.  Discounting uses ``valuation_discount_rate``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import xarray as xr

from actuarial.analysis.scheme_metrics import scheme_rows
from actuarial.analysis.valuation import reserve_ratio
from actuarial.config import AssumptionSet
from actuarial.dims import EMPLOYED_STATUSES, REPORT_YEARS

MONTHS = 12
COLUMNS = ["scheme", "metric", "value", "unit"]

SUBSIDY_DEPENDENT = ("first_deficit_year", "depletion_year", "summarized_income_rate", "actuarial_balance",
                     "general_average_premium", "required_rate", "reserve_ratio", "income_rate")
"""Metrics that change when the fiscal subsidy is removed (reported again with ``_without_subsidy``)."""

PENSION_SERIES = ("pension_contributions", "pension_benefits", "pension_financing_inflows",
                  "pension_contribution_base", "pension_fiscal_subsidy", "pension_fund_balance",
                  "pension_benefits_payable_share", "pension_residual_subsidy", "pension_fund_balance_without_subsidy",
                  "pension_financing_fiscal_cost", "pension_backstop", "gdp", "average_wage",
                  "resident_pension_contributions", "resident_pension_fiscal_subsidy", "resident_pension_benefits",
                  "resident_pension_fund_balance", "resident_pension_fund_balance_borrowing",
                  "resident_pension_beneficiaries", "resident_pension_contributors", "resident_pension_backstop")
MEDICAL_SERIES = tuple(f"{prefix}_{name}" for prefix in ("medical", "resident_medical") for name in (
    "fiscal_subsidy", "benefits", "fund_balance", "fund_balance_borrowing", "backstop")) + (
    "medical_contributions", "medical_contribution_base", "medical_members_retired", "medical_members_active",
    "resident_medical_premiums")
UNEMPLOYMENT_SERIES = tuple(f"unemployment_{name}" for name in (
    "contributions", "fiscal_subsidy", "benefits", "other_outflows", "fund_balance", "fund_balance_borrowing",
    "contribution_base", "beneficiaries", "contributors", "backstop"))
INJURY_SERIES = tuple(f"{scheme}_{name}" for scheme in ("injury", "platform_injury") for name in (
    "contributions", "fiscal_subsidy", "benefits", "fund_balance", "fund_balance_borrowing", "cases", "backstop")) + (
    "injury_contribution_base", "injury_contributors", "platform_injury_covered")
NATIONAL_SERIES = ("national_pension_cost", "national_pension_net_cost", "national_pension_recipients",
                   "national_pension_amount")
SERIES = PENSION_SERIES + MEDICAL_SERIES + UNEMPLOYMENT_SERIES + INJURY_SERIES + NATIONAL_SERIES
"""The year series of a run the fund rows read (those a run lacks are skipped with their scheme)."""

RATES = ("valuation_discount_rate", "pension_fund_return", "resident_fund_return", "medical_fund_return",
         "resident_medical_fund_return", "unemployment_fund_return", "injury_fund_return",
         "platform_injury_fund_return")
"""Rates over the projection years (each path has its own fund returns)."""

OPENING = ("pension_fund_balance_base", "resident_fund_balance_base", "medical_pooled_balance_base",
           "resident_medical_balance_base", "unemployment_balance_base", "injury_balance_base",
           "platform_injury_balance_base")
"""Opening balances at 31 December of the base year."""

INJURY_FUNDS = (("injury", "injury_balance_base", "injury_contribution_base", "injury_contributors"),
                ("platform_injury", "platform_injury_balance_base", None, "platform_injury_covered"))
"""The two injury funds: scheme and prefix, opening balance, contribution base (None: premiums per order, cost
and income rates against premiums) and the members beneficiaries are counted against."""


def fund_inputs(assumptions: AssumptionSet, projection: xr.Dataset) -> dict[str, np.ndarray]:
    """One run's fund inputs as plain arrays: the :data:`SERIES` it has and four by-cell totals over every
    year (base year included), the :data:`RATES` its set declares over the same years (NaN in the base
    year), the :data:`OPENING` balances, and ``year`` and ``base_year``.  Of a stacked run (a chunk of paths:
    the projection has a ``path`` dim, the set is stacked), the series and rates are (path, year)
    (:func:`split_paths` takes them path by path)."""
    years = projection["year"].values
    inputs = {name: projection[name].values for name in SERIES if name in projection.data_vars}
    cells = ["sex", "age"]
    pensioners = projection["pensioners"]
    inputs.update(
        pensioners=pensioners.sum(cells).values,
        pension_contributors=projection["pension_contributors"].sum(cells).values,
        employed=projection["employment"].sel(status=list(EMPLOYED_STATUSES)).sum([*cells, "status"]).values,
        pension_amount=(projection["pension_in_payment"].fillna(0.0) * pensioners).sum(cells).values,
    )
    lead = (projection.sizes["path"],) if "path" in projection.dims else ()
    for name in RATES:
        if name in assumptions:
            rates = np.broadcast_to(assumptions.data(name).sel(year=years[1:]).values, (*lead, years.size - 1))
            inputs[name] = np.concatenate([np.full((*lead, 1), np.nan), rates], axis=-1)
    inputs.update({name: np.asarray(assumptions.scalar(name)) for name in OPENING if name in assumptions})
    return {**inputs, "year": years, "base_year": np.asarray(assumptions.base_year)}


def split_paths(inputs: Mapping[str, np.ndarray]) -> list[dict[str, np.ndarray]]:
    """A stacked run's :func:`fund_inputs` path by path (its (path, year) series taken at each path)."""
    n_paths = inputs["pensioners"].shape[0]
    return [{name: value[index] if value.ndim == 2 else value for name, value in inputs.items()}
            for index in range(n_paths)]


def stack_inputs(runs: Sequence[Mapping[str, np.ndarray]], *, paths: Sequence[int] | None = None) -> xr.Dataset:
    """The fund inputs of one run as a Dataset over ``year`` (``paths`` None, one run), or of several runs
    (same years and variables) stacked along a leading ``path`` dimension labelled ``paths``."""
    first = runs[0]
    names = [name for name in first if name not in ("year", "base_year")]
    if paths is None:
        if len(runs) != 1:
            raise ValueError(f"without paths, stack_inputs takes one run; got {len(runs)}")
        data = {name: (("year",) if first[name].ndim else (), first[name]) for name in names}
    else:
        data = {name: (("path", "year") if first[name].ndim else ("path",), np.stack([run[name] for run in runs]))
                for name in names}
    coords = {"year": first["year"], **({} if paths is None else {"path": np.asarray(paths)})}
    return xr.Dataset(data, coords=coords, attrs={"base_year": int(first["base_year"])})


def fund_rows(inputs: xr.Dataset) -> list[tuple]:
    """The fund rows ``(scheme, metric, value, unit)`` of :func:`stack_inputs`' Dataset: ``value`` a float, or an
    array over ``path`` when the inputs have one."""
    years = inputs["year"].values[1:]
    p = inputs.sel(year=years)
    discount = inputs["valuation_discount_rate"]
    opening = inputs["pension_fund_balance_base"]
    rows = scheme_rows("pension_employee", _employee_series(p, with_subsidy=True), opening_balance=opening,
                       discount=discount, returns=inputs["pension_fund_return"])
    without = scheme_rows("pension_employee", _employee_series(p, with_subsidy=False), opening_balance=opening,
                          discount=discount, returns=inputs["pension_fund_return"])
    rows += [(scheme, f"{metric}_without_subsidy", value, unit) for scheme, metric, value, unit in without
             if metric.startswith(SUBSIDY_DEPENDENT)]
    resident = xr.Dataset({
        "contributions": p["resident_pension_contributions"], "fiscal_subsidy": p["resident_pension_fiscal_subsidy"],
        "benefits": p["resident_pension_benefits"], "balance": p["resident_pension_fund_balance"],
        "balance_borrowing": p["resident_pension_fund_balance_borrowing"],
        "pensioners": p["resident_pension_beneficiaries"], "contributors": p["resident_pension_contributors"]})
    rows += scheme_rows("pension_resident", resident, opening_balance=inputs["resident_fund_balance_base"],
                        discount=discount, returns=inputs["resident_fund_return"])
    employee_cost = (inputs["pension_fiscal_subsidy"] + inputs["pension_financing_fiscal_cost"]
                     + inputs["pension_backstop"])
    resident_cost = inputs["resident_pension_fiscal_subsidy"] + inputs["resident_pension_backstop"]
    gdp = inputs["gdp"]
    known = set(inputs["year"].values.tolist())
    fiscal_years = [y for y in (inputs.attrs["base_year"], *REPORT_YEARS, int(years[-1])) if y in known]
    rows += [(scheme, f"fiscal_cost_pct_gdp_{year}", _at(share, year), "fraction_of_gdp")
             for scheme, share in (("pension_employee", employee_cost / gdp), ("pension_resident", resident_cost / gdp),
                                   ("pensions_total", (employee_cost + resident_cost) / gdp))
             for year in fiscal_years]
    return rows + _medical_rows(inputs) + _unemployment_rows(inputs) + _injury_rows(inputs) + _national_rows(inputs)


def fund_metrics(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """The funds' rows of ``metrics.csv`` for one run (``scheme, metric, value, unit``): what a stochastic run
    keeps for every path (:func:`fund_rows` on one run's inputs)."""
    return frame(fund_rows(_inputs(assumptions, projection)))


def frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def _inputs(assumptions: AssumptionSet, projection: xr.Dataset) -> xr.Dataset:
    return stack_inputs([fund_inputs(assumptions, projection)])


def _at(values: xr.DataArray, year: int):
    """``values`` in ``year``: a float, or an array over ``path``."""
    value = values.sel(year=year).values
    return float(value) if value.ndim == 0 else value


def _report(inputs: xr.Dataset, *, first=()) -> tuple[np.ndarray, list[int]]:
    years = inputs["year"].values[1:]
    return years, [y for y in (*first, *REPORT_YEARS, int(years[-1])) if y in set(years.tolist())]


def _employee_series(p: xr.Dataset, *, with_subsidy: bool) -> xr.Dataset:
    series = {
        "contributions": p["pension_contributions"], "benefits": p["pension_benefits"],
        "financing_inflows": p["pension_financing_inflows"], "contribution_base": p["pension_contribution_base"],
        "pensioners": p["pensioners"], "contributors": p["pension_contributors"], "employed": p["employed"],
        "average_pension": 12.0 * p["pension_amount"] / p["pensioners"], "average_wage": p["average_wage"],
    }
    if with_subsidy:
        series.update(fiscal_subsidy=p["pension_fiscal_subsidy"], balance=p["pension_fund_balance"],
                      benefits_payable_share=p["pension_benefits_payable_share"],
                      residual_subsidy=p["pension_residual_subsidy"], gdp=p["gdp"])
    else:
        series.update(balance=p["pension_fund_balance_without_subsidy"])
    return xr.Dataset(series)


def _months_rows(scheme: str, series: xr.Dataset, report: list[int]) -> list[tuple]:
    months = MONTHS * reserve_ratio(balance=series["balance"], benefits=series["benefits"])
    return [(scheme, f"reserve_months_{y}", _at(months, y), "months of expenditure") for y in report]


def _fiscal_rows(scheme: str, prefix: str, inputs: xr.Dataset, report: list[int]) -> list[tuple]:
    share = (inputs[f"{prefix}_fiscal_subsidy"] + inputs[f"{prefix}_backstop"]) / inputs["gdp"]
    return [(scheme, f"fiscal_cost_pct_gdp_{y}", _at(share, y), "fraction_of_gdp")
            for y in (inputs.attrs["base_year"], *report)]


def _medical_rows(inputs: xr.Dataset) -> list[tuple]:
    """Employee scheme (pooled fund): the scheme rows with contributions net of retirees' account credits, the
    declared bases as contribution base, retired members as ``pensioners`` and active members as
    ``contributors``; resident scheme: premiums as contributions and the fiscal subsidy.  Added for both:
    reserve in months of next year's expenditure (``reserve_months_Y``), fiscal cost in % of GDP
    (``fiscal_cost_pct_gdp_Y``, base year included); for the employee scheme the active-to-retired ratio
    (``active_to_retired_ratio_Y``); for the resident scheme ``cost_rate_Y`` = expenditure / (premiums +
    fiscal subsidy), its financing."""
    years, report = _report(inputs)
    p = inputs.sel(year=years)
    discount = inputs["valuation_discount_rate"]
    employee = xr.Dataset({
        "contributions": p["medical_contributions"], "fiscal_subsidy": p["medical_fiscal_subsidy"],
        "benefits": p["medical_benefits"], "balance": p["medical_fund_balance"],
        "balance_borrowing": p["medical_fund_balance_borrowing"],
        "contribution_base": p["medical_contribution_base"], "pensioners": p["medical_members_retired"],
        "contributors": p["medical_members_active"]})
    resident = xr.Dataset({
        "contributions": p["resident_medical_premiums"], "fiscal_subsidy": p["resident_medical_fiscal_subsidy"],
        "benefits": p["resident_medical_benefits"], "balance": p["resident_medical_fund_balance"],
        "balance_borrowing": p["resident_medical_fund_balance_borrowing"]})
    rows = scheme_rows("medical_employee", employee, opening_balance=inputs["medical_pooled_balance_base"],
                       discount=discount, returns=inputs["medical_fund_return"], report_years=report)
    rows += scheme_rows("medical_resident", resident, opening_balance=inputs["resident_medical_balance_base"],
                        discount=discount, returns=inputs["resident_medical_fund_return"], report_years=report)
    rows += _months_rows("medical_employee", employee, report) + _months_rows("medical_resident", resident, report)
    ratio = p["medical_members_active"] / p["medical_members_retired"]
    rows += [("medical_employee", f"active_to_retired_ratio_{y}", _at(ratio, y), "ratio") for y in report]
    cost = p["resident_medical_benefits"] / (p["resident_medical_premiums"] + p["resident_medical_fiscal_subsidy"])
    rows += [("medical_resident", f"cost_rate_{y}", _at(cost, y), "ratio") for y in report]
    return (rows + _fiscal_rows("medical_employee", "medical", inputs, report)
            + _fiscal_rows("medical_resident", "resident_medical", inputs, report))


def _unemployment_rows(inputs: xr.Dataset) -> list[tuple]:
    """The scheme rows with contributions, the AI supplement's fiscal transfer as subsidy, expenditure
    (benefits and the fund's other outflows) as benefits and the contribution base, ``depletion_year`` the
    first year the fund's own resources fall short; beside them the reserve in months of expenditure
    (``reserve_months_Y``), beneficiaries per 1,000 participants (``beneficiaries_per_1000_members_Y``) and
    the fiscal cost (subsidy + backstop) in % of GDP (``fiscal_cost_pct_gdp_Y``, base year included)."""
    if "unemployment_fund_balance" not in inputs:
        return []
    years, report = _report(inputs, first=(2030,))
    p = inputs.sel(year=years)
    series = xr.Dataset({
        "contributions": p["unemployment_contributions"], "fiscal_subsidy": p["unemployment_fiscal_subsidy"],
        "benefits": p["unemployment_benefits"] + p["unemployment_other_outflows"],
        "balance": p["unemployment_fund_balance"], "balance_borrowing": p["unemployment_fund_balance_borrowing"],
        "contribution_base": p["unemployment_contribution_base"]})
    rows = scheme_rows("unemployment", series, opening_balance=inputs["unemployment_balance_base"],
                       discount=inputs["valuation_discount_rate"], returns=inputs["unemployment_fund_return"],
                       report_years=report)
    rows += _months_rows("unemployment", series, report)
    ratio = 1000.0 * p["unemployment_beneficiaries"] / p["unemployment_contributors"]
    rows += [("unemployment", f"beneficiaries_per_1000_members_{y}", _at(ratio, y), "ratio") for y in report]
    return rows + _fiscal_rows("unemployment", "unemployment", inputs, report)


def _injury_rows(inputs: xr.Dataset) -> list[tuple]:
    """For ``injury`` (WI) and ``platform_injury`` (the pilot), each when the run has it, in the shape of the
    unemployment rows: contributions (premiums for the pilot), no subsidy, benefits and the contribution base
    (the pilot has none: its cost rate is payouts over premiums); the reserve in months, cases per 1,000
    members (``cases_per_1000_members_Y``) and the fiscal cost (backstop) in % of GDP."""
    rows = []
    years, report = _report(inputs, first=(2030,))
    p = inputs.sel(year=years)
    for scheme, opening, base, members in INJURY_FUNDS:
        if f"{scheme}_fund_balance" not in inputs:
            continue
        series = xr.Dataset({
            "contributions": p[f"{scheme}_contributions"], "fiscal_subsidy": p[f"{scheme}_fiscal_subsidy"],
            "benefits": p[f"{scheme}_benefits"], "balance": p[f"{scheme}_fund_balance"],
            "balance_borrowing": p[f"{scheme}_fund_balance_borrowing"],
            "contribution_base": p[base] if base else p[f"{scheme}_contributions"]})
        rows += scheme_rows(scheme, series, opening_balance=inputs[opening], discount=inputs["valuation_discount_rate"],
                            returns=inputs[f"{scheme}_fund_return"], report_years=report)
        rows += _months_rows(scheme, series, report)
        ratio = 1000.0 * p[f"{scheme}_cases"] / p[members]
        rows += [(scheme, f"cases_per_1000_members_{y}", _at(ratio, y), "ratio") for y in report]
        rows += _fiscal_rows(scheme, scheme, inputs, report)
    return rows


def _national_rows(inputs: xr.Dataset) -> list[tuple]:
    """For ``national_pension`` when the run has it: its cost and net cost in % of GDP (``cost_pct_gdp_Y``,
    ``net_cost_pct_gdp_Y``), recipients (``recipients_Y``) and, for the incentives of the employee scheme, the
    flat pension as a share of the UEBPI and URRBP mean pensions (``share_of_uebpi_pension_Y``,
    ``share_of_urrbp_pension_Y``; 0 when the option is off), in the base year, 2030, the report years and the
    last year."""
    if "national_pension_cost" not in inputs:
        return []
    years = inputs["year"].values
    report = [y for y in (inputs.attrs["base_year"], 2030, *REPORT_YEARS, int(years[-1])) if y in set(years.tolist())]
    gdp = inputs["gdp"]
    uebpi = inputs["pension_benefits"] / inputs["pensioners"]
    urrbp = inputs["resident_pension_benefits"] / inputs["resident_pension_beneficiaries"]
    amount = inputs["national_pension_amount"]
    series = {"cost_pct_gdp": (inputs["national_pension_cost"] / gdp, "fraction_of_gdp"),
              "net_cost_pct_gdp": (inputs["national_pension_net_cost"] / gdp, "fraction_of_gdp"),
              "recipients": (inputs["national_pension_recipients"], "persons"),
              "share_of_uebpi_pension": (amount / uebpi, "ratio"), "share_of_urrbp_pension": (amount / urrbp, "ratio")}
    return [("national_pension", f"{name}_{y}", _at(values, y), unit)
            for name, (values, unit) in series.items() for y in report]


def medical_metrics(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """Rows of ``metrics.csv`` for ``medical_employee`` and ``medical_resident`` (:func:`_medical_rows`)."""
    return frame(_medical_rows(_inputs(assumptions, projection)))


def unemployment_metrics(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """Rows of ``metrics.csv`` for ``unemployment`` (none when the set does not run it; :func:`_unemployment_rows`)."""
    return frame(_unemployment_rows(_inputs(assumptions, projection)))


def injury_metrics(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """Rows of ``metrics.csv`` for ``injury`` and ``platform_injury``, each when the set runs it
    (:func:`_injury_rows`)."""
    return frame(_injury_rows(_inputs(assumptions, projection)))


def national_pension_metrics(assumptions: AssumptionSet, projection: xr.Dataset) -> pd.DataFrame:
    """Rows of ``metrics.csv`` for ``national_pension`` when the set runs it (:func:`_national_rows`)."""
    return frame(_national_rows(_inputs(assumptions, projection)))


__all__ = ["COLUMNS", "SUBSIDY_DEPENDENT", "fund_inputs", "fund_metrics", "fund_rows", "frame", "injury_metrics",
           "medical_metrics", "national_pension_metrics", "split_paths", "stack_inputs", "unemployment_metrics"]
