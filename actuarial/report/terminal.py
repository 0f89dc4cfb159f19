"""Short human-readable tables for the terminal."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from actuarial.config import AssumptionSet
from actuarial.dims import REPORT_YEARS
from actuarial.variables import VARIABLES, Variable

HEADLINE_COLUMNS = ("population", "births", "deaths", "net_migration", "pop_65plus", "old_age_dependency", "employed",
                    "employed_standard", "employed_platform", "unemployed", "average_wage", "gdp",
                    "pension_contributors", "pensioners", "pension_fund_balance", "pension_benefits_payable_share",
                    "pension_reserve_ratio",
                    "pension_cost_rate")
"""Summary columns shown by :func:`run_report`, one row each (labels and units from the variable registry)."""

DISPLAY_SCALES = {"persons": (1e6, "million persons"), "yuan": (1e12, "trillion yuan"),
                  "yuan_per_year": (1e3, "thousand yuan per year")}
"""Units shown scaled on the terminal: unit -> (divisor, what is shown)."""

HEADLINE_METRICS = ("first_deficit_year", "depletion_year", "depletion_year_without_subsidy", "reserve_ratio_2035",
                    "reserve_ratio_2050", "cost_rate_2050", "replacement_rate_2050", "system_dependency_ratio_2050",
                    "actuarial_balance", "general_average_premium", "required_rate_solvency",
                    "implicit_pension_debt_pct_gdp")


def row_label(variable: Variable) -> str:
    """A variable's terminal label: the headline of its long name (up to the first ``: `` or `` (``) and its
    displayed unit, e.g. ``Population at 31 December (million persons)``."""
    headline = re.split(r": | \(", variable.long_name, maxsplit=1)[0]
    shown = DISPLAY_SCALES.get(variable.units, (1.0, variable.units))[1]
    return f"{headline} ({shown.replace('_', ' ')})"


def _shown(variable: Variable, value: float) -> str:
    if pd.isna(value):
        return "-"
    divisor = DISPLAY_SCALES.get(variable.units, (None,))[0]
    return f"{value / divisor:,.2f}" if divisor else f"{value:.3f}"


def run_report(assumptions: AssumptionSet, summary: pd.DataFrame, metrics: pd.DataFrame, written: list[Path]) -> str:
    """Headline rows of a run (population, labour, pension fund) by year and the headline valuation metrics.

    Years shown: the base year, 2030, the :data:`actuarial.dims.REPORT_YEARS` and the last year.
    """
    wanted = {assumptions.base_year, 2030, *REPORT_YEARS, assumptions.end_year}
    rows = summary.set_index("year").loc[sorted(wanted & set(summary["year"]))]
    table = pd.DataFrame(
        {int(year): [_shown(VARIABLES[name], rows.loc[year, name]) for name in HEADLINE_COLUMNS] for year in rows.index},
        index=[row_label(VARIABLES[name]) for name in HEADLINE_COLUMNS],
    )
    peak = summary.loc[summary["old_age_dependency"].idxmax()]
    lines = [
        f"scenario {assumptions.scenario} (set {assumptions.name}, hash {assumptions.digest[:12]}), "
        f"{assumptions.base_year}-{assumptions.end_year}",
        table.to_string(),
        f"old-age dependency peaks at {peak['old_age_dependency']:.3f} in {int(peak['year'])}",
        "employee pension (UEBPI): " + "; ".join(_headline(metrics, "pension_employee", HEADLINE_METRICS)),
        "resident pension (URRBP): " + "; ".join(_headline(metrics, "pension_resident", SCHEME_HEADLINES)),
        "employee medical (UEBMI pooled): " + "; ".join(_headline(metrics, "medical_employee", SCHEME_HEADLINES)),
        "resident medical (URRBMI): " + "; ".join(_headline(metrics, "medical_resident", SCHEME_HEADLINES)),
        *(_closure_line(assumptions, summary, *fund) for fund in CLOSURE_LINES),
        "wrote " + ", ".join(str(path) for path in written),
    ]
    return "\n".join(lines)


CLOSURE_LINES = (("UEBMI pooled fund", "medical", "medical_closure_rule"),
                 ("URRBMI fund", "resident_medical", "resident_medical_closure_rule"),
                 ("UI fund", "unemployment", "unemployment_closure_rule"))
"""Funds with a closure rule shown by :func:`run_report`: name, output prefix, the assumption naming the rule."""


def _closure_line(assumptions: AssumptionSet, summary: pd.DataFrame, name: str, prefix: str, rule: str) -> str:
    """One fund's closure: its rule, reserve in months of expenditure (2025, 2030, 2035, 2050) and, when the
    backstop pays, its first year and its size in 2050 and the last year (trillion yuan, % of GDP)."""
    rows = summary.set_index("year")
    if f"{prefix}_reserve_months" not in rows:  # a set that does not run the scheme
        return f"{name}: not in this set"
    months = rows[f"{prefix}_reserve_months"]
    shown = ", ".join(f"{year} {months[year]:.1f}" for year in (2025, 2030, 2035, 2050) if year in months.index)
    text = f"{name} (closure: {assumptions[rule].choice if rule in assumptions else 'backstop'}): reserve months {shown}"
    backstop = rows[f"{prefix}_backstop"]
    paying = backstop[backstop > 0.0]
    if paying.empty:
        return text + "; no backstop"
    last = int(rows.index[-1])
    sizes = "; ".join(f"{year} {backstop[year] / 1e12:,.2f} tn yuan ({backstop[year] / rows.loc[year, 'gdp']:.2%} of GDP)"
                      for year in (2050, last) if year in backstop.index)
    return text + f"; backstop from {int(paying.index[0])}, {sizes}"


SCHEME_HEADLINES = ("first_deficit_year", "depletion_year", "reserve_ratio_2035", "reserve_ratio_2050",
                    "reserve_months_2035", "reserve_months_2050", "fiscal_cost_pct_gdp_2050")


def _headline(metrics: pd.DataFrame, scheme: str, names: tuple[str, ...]) -> list[str]:
    table = metrics[metrics["scheme"] == scheme].drop_duplicates("metric").set_index("metric")
    shown = []
    for name in names:
        if name in table.index:
            value, unit = table.loc[name, "value"], table.loc[name, "unit"]
            text = "never" if unit == "year" and pd.isna(value) else f"{value:.0f}" if unit == "year" else f"{value:.4g}"
            shown.append(f"{name} {text}")
    return shown


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1e4 else f"{value:.6g}"


STOCHASTIC_YEARS = (2035, 2050, 2075, 2100)
"""Years of the stochastic lines of :func:`stochastic_report`."""


def stochastic_report(tables) -> str:
    """A stochastic run in a few lines: each fund's probability of depletion by the :data:`STOCHASTIC_YEARS`,
    and the median and 80 % range (10th-90th percentile) of the population and the employee fund's reserve
    ratio in those years (``tables``: :class:`actuarial.simulation.statistics.StochasticTables`)."""
    depletion = tables.depletion.set_index("year")
    years = [year for year in STOCHASTIC_YEARS if year in depletion.index]
    n_paths = tables.paths.sizes["path"]
    lines = [f"{n_paths:,} stochastic paths (seed {tables.paths.attrs.get('seed')}): probability of depletion by "
             + ", ".join(str(year) for year in years)]
    for fund in depletion.columns:
        lines.append(f"  {fund}: " + ", ".join(f"{depletion.loc[year, fund]:.3f}" for year in years))
    table = tables.percentiles.set_index(["year", "quantile"])
    quantiles = set(table.index.get_level_values("quantile"))
    if {0.1, 0.5, 0.9} <= quantiles:
        for name in ("population", "pension_reserve_ratio"):
            variable = VARIABLES[name]
            cells = [f"{year} {_shown(variable, table.loc[(year, 0.5), name])} "
                     f"[{_shown(variable, table.loc[(year, 0.1), name])}, {_shown(variable, table.loc[(year, 0.9), name])}]"
                     for year in years]
            lines.append(f"{row_label(variable)}, median [80 % range]: " + "; ".join(cells))
    return "\n".join(lines)


def stochastic_comparison_report(depletion: pd.DataFrame) -> str:
    """Each option's probability that each fund is depleted by 2035 and 2050 (``depletion``:
    ``comparison_depletion_probability.csv``), one row per option."""
    years = sorted({2035, 2050} & set(depletion["year"]))
    shown = depletion[depletion["year"].isin(years)].set_index(["option", "year"]).astype(float).unstack("year")
    shown = shown.reindex(depletion["option"].unique())
    shown.columns = [f"{FUND_SHORT.get(fund, fund)} {year}" for fund, year in shown.columns]
    return ("probability of depletion by year, every option on the baseline's shocks:\n"
            + shown.to_string(float_format=lambda value: f"{value:.3f}"))


def validation_report(name: str, table: pd.DataFrame) -> str:
    """Model against published figures, side by side, with the verdict per row."""
    relative = table["kind"].isin(("relative", "reported"))  # reported rows carry a relative gap
    shown = pd.DataFrame(
        {
            "quantity": table["quantity"],
            "year": table["year"],
            "unit": table["unit"],
            "published": table["published"].map(_number),
            "model": table["model"].map(_number),
            "difference": [f"{d:+.3%}" if rel else f"{d:+,.6g}" for d, rel in zip(table["difference"], relative)],
            "tolerance": [f"{t:.2%}" if rel else f"{t:,.6g}" for t, rel in zip(table["tolerance"], relative)],
            "status": [("ok" if ok else "FAIL") if asserted else ("reported, within" if within else "reported")
                       for ok, within, asserted in zip(table["ok"], table["within"], table["asserted"])],
        }
    )
    return f"== {name}\n" + shown.to_string(index=False) + "\n"


FUND_SHORT = {"pension_employee": "UEBPI", "pension_resident": "URRBP", "medical_employee": "UEBMI",
              "medical_resident": "URRBMI", "unemployment": "UI", "injury": "WI", "platform_injury": "PIP"}
"""Short fund names for wide terminal tables (PIP: the platform occupational-injury protection)."""


def comparison_report(study: str, scenario: str, table: pd.DataFrame, written: list[Path]) -> str:
    """Two tables of financing options: the budget cost (trillion yuan in present value, % of GDP), then
    each fund's effect (change in its net position, trillion yuan in present value; share of its baseline
    deficit; depletion year)."""
    year = lambda value: "never" if pd.isna(value) else f"{value:.0f}"  # noqa: E731
    funds = [f for f in FUND_SHORT if f"{f}_effect_pv_yuan" in table]
    cost = {
        "option": table["option"],
        "budget cost PV tn": table["pv_budget_cost_yuan"] / 1e12,
        "own cash PV tn": table["pv_own_cash_cost_yuan"] / 1e12,
        **{f"d support {FUND_SHORT[f]} PV tn": table[f"pv_support_change_{f}_yuan"] / 1e12 for f in funds},
        **{f"cost %GDP {c.rsplit('_', 1)[-1]}": 100.0 * table[c] for c in table.columns
           if c.startswith("budget_cost_pct_gdp_")},
        "peak debt %GDP": 100.0 * table["peak_treasury_debt_pct_gdp"],
        "inflows PV tn": table["pv_inflows_yuan"] / 1e12,
    }
    effect = {"option": table["option"]}
    for f in funds:
        effect[f"{FUND_SHORT[f]} effect PV tn"] = table[f"{f}_effect_pv_yuan"] / 1e12
        effect[f"{FUND_SHORT[f]} % deficit"] = table[f"{f}_effect_pct_of_baseline_deficit"]
        effect[f"{FUND_SHORT[f]} depl."] = table[f"{f}_depletion_year"].map(year)
    deficits = ", ".join(f"{FUND_SHORT[f]} {table[f'{f}_baseline_deficit_pv_yuan'].iloc[0] / 1e12:,.1f}" for f in funds)
    basis = table.attrs.get("discount_basis", "the stated basis")
    number = lambda v: f"{v:,.2f}"  # noqa: E731
    return "\n".join([
        f"study {study}, scenario {scenario}; present values at 31 December of the base year, flows mid-year, "
        f"discounted at {basis}",
        "budget cost = own cash cost (debt service, state capital at market value when transferred, contributions "
        "the state pays; treasury bonds still outstanding at the end) + change in every fund's fiscal subsidy and "
        "backstop (d support); cost %GDP: the same over the year, undiscounted, / GDP",
        pd.DataFrame(cost).to_string(index=False, float_format=number),
        "effect = change in each fund's net position (end-2100 balance under its closure rule, negative where the "
        "fund borrows, less fund-owed debt, less the backstop), trillion yuan PV; % deficit = effect / the "
        f"baseline deficit (minus its net position: {deficits} tn PV; nan: none); depl. = first year the fund's "
        "own resources run out",
        pd.DataFrame(effect).to_string(index=False, float_format=number),
        "wrote " + ", ".join(str(path) for path in written),
    ])


def optimisation_report(target, result) -> str:
    """The optimal mix, its cost (present value and by year), the binding constraints and the checks on the
    verification re-run."""
    info, checks = target.info, result.checks
    last = int(result.verified.fund["year"].values[-1])
    limits = [f"reserve ratio >= {info.reserve_ratio_min} every year {info.first_year}-{last}"]
    if info.sustainable_years:
        limits.append(f"reserve ratio in {last} >= its value in {last - info.sustainable_years} (sustainable)")
    if info.debt_to_gdp_max is not None:
        limits.append(f"bonds outstanding <= {info.debt_to_gdp_max:.0%} of GDP")
    if info.annual_cost_pct_gdp_max is not None:
        limits.append(f"annual cash cost <= {info.annual_cost_pct_gdp_max:.1%} of GDP")
    sizes = ", ".join(f"{name} x{size:.3f}" for name, size in result.sizes.items())
    lines = [f"target {info.name} (scenario {target.scenario.name}, fund {target.study.fund}): " + "; ".join(limits),
             f"present values discounted at {result.discount}"]
    if not result.feasible:
        lines.append(f"NO mix within the bounds meets the target; the best falls short by {result.shortfall:.3f} "
                     "years of expenditure in its worst year")
    lines.append(f"mix (scale factors on {target.study.file.name}): {sizes or 'no scaled instrument'}")
    for name, by_year in result.issuance_by_year.items():
        issued = {year: share for year, share in by_year.items() if share > 1e-9}
        shown = ", ".join(f"{year} {share:.2%}" for year, share in issued.items()) or "none"
        lines.append(f"{name} issued (share of GDP) by year: {shown}")
    lines.append(f"objective (PV of the instruments' budget cost, levies priced at the marginal cost of public funds): "
                 f"{result.objective / 1e12:,.2f} trillion yuan")
    lines.append(f"budget cost on the re-run (own cash cost + change in every fund's subsidy and backstop): "
                 f"{result.pv_budget_cost / 1e12:,.2f} trillion yuan PV; levy revenue priced at the MCPF: "
                 f"{result.pv_levy_price / 1e12:,.2f} trillion yuan PV")
    years = [y for y in (2030, 2035, 2040, 2050, 2060, 2075, 2090, last) if y in result.cost_by_year["year"].values]
    lines.append("own cash cost, % of GDP: " + ", ".join(
        f"{y} {100 * float(result.cost_by_year.sel(year=y)):.2f}" for y in years))
    lines.append("budget cost incl. change in fund support, % of GDP: " + ", ".join(
        f"{y} {100 * float(result.budget_cost_by_year.sel(year=y)):.2f}" for y in years))
    for name, stake in result.stake_value.items():
        option = result.chosen[name]
        lines.append(f"{name}: stake at market value in the fund's reserve, trillion yuan: " + ", ".join(
            f"{y} {float(stake.sel(year=y)) / 1e12:,.2f}" for y in years) + f" (dividends {option.dividend_yield:.1%} + "
            f"value growth {option.value_growth:.1%} a year; cost: the value transferred in {option.first_year})")
    binding = "; ".join(f"{kind} in {_years_text(hits)}" for kind, hits in result.binding.items()) or "none"
    lines.append(f"binding constraints: {binding}; instruments at a bound: {', '.join(result.at_bounds) or 'none'}")
    k = info.sustainable_years
    lines.append(
        f"verified by re-running the whole model with the mix: minimum reserve ratio {checks.min_reserve:.4f} in "
        f"{checks.min_reserve_year}; reserve ratio {checks.end_reserve:.3f} in {last}"
        + (f" vs {checks.reserve_k_before:.3f} in {last - k}" if k else "")
        + f"; peak bonds outstanding {checks.max_debt_pct_gdp:.1%} of GDP; peak annual cash cost "
        f"{checks.max_cost_pct_gdp:.2%} of GDP; all constraints {'hold' if checks.ok else 'DO NOT hold'}")
    return "\n".join(lines)


def stochastic_optimisation_report(target, result) -> str:
    """The mix that meets the reserve condition on the target's share of paths (or the best share reachable),
    its mean cost, and the share measured on the re-runs."""
    info = target.info
    sizes = ", ".join(f"{name} x{size:.3f}" for name, size in result.sizes.items())
    lines = [f"target {info.name} on {result.n_paths:,} paths: the reserve condition (reserve ratio >= "
             f"{info.reserve_ratio_min} every year from {info.first_year}"
             + (", sustainable" if info.sustainable_years else "") + f") on at least {result.probability:.0%} of "
             f"paths ({result.needed:,}); debt ceiling and annual cost cap on every path"]
    if result.feasible:
        lines.append(f"mix (scale factors on {target.study.file.name}): {sizes or 'no scaled instrument'}")
        lines.append(f"objective (mean over paths of the PV of the instruments' budget cost, levies priced at the "
                     f"MCPF): {result.objective / 1e12:,.2f} trillion yuan")
    else:
        lines.append(f"NO mix within the bounds meets it: at most {result.best_share:.1%} of paths can meet the "
                     f"reserve condition; that mix: {sizes or 'no scaled instrument'}")
    for name, by_year in result.issuance_by_year.items():
        issued = {year: share for year, share in by_year.items() if share > 1e-9}
        lines.append(f"{name} issued (share of GDP) by year: "
                     + (", ".join(f"{year} {share:.2%}" for year, share in issued.items()) or "none"))
    verified = result.verified
    lines.append(f"verified by re-running the whole model with the mix on every path: reserve condition met on "
                 f"{result.verified_share:.1%} of paths, every constraint on {verified['all_constraints_met'].mean():.1%}; "
                 f"minimum reserve ratio median {verified['min_reserve_ratio'].median():.3f}, 10th percentile "
                 f"{verified['min_reserve_ratio'].quantile(0.1):.3f}")
    return "\n".join(lines)


def _years_text(years: list[int]) -> str:
    """Years as runs: 2030-2034, 2050."""
    runs, start = [], None
    for i, year in enumerate(years):
        start = year if start is None else start
        if i + 1 == len(years) or years[i + 1] != year + 1:
            runs.append(f"{start}" if start == year else f"{start}-{year}")
            start = None
    return ", ".join(runs)


def sensitivity_report(study, results: pd.DataFrame, tornado: pd.DataFrame | None, written: list[Path]) -> str:
    """The tornado (low, high and swing by parameter, largest swing first) or the grid (one table per metric,
    the first axis down, the second across) of a sensitivity study."""
    lines = [f"sensitivity study {study.name} ({study.kind}, {len(study.cases)} runs + baseline), scenario "
             f"{study.scenario.name}"]
    if tornado is not None:
        for metric, part in tornado.groupby("metric", sort=False):
            lines.append(f"== {metric} (baseline {part['baseline'].iloc[0]:.6g})")
            lines.append(part.drop(columns=["metric", "baseline"]).to_string(index=False, float_format=lambda v: f"{v:.6g}"))
    else:
        axes = [f"{axis.assumption}_{axis.mode}" for axis in study.axes]
        names = [f"{axis.assumption} ({axis.mode}{', from ' + str(axis.start) if axis.start else ''})" for axis in study.axes]
        for metric, part in results.groupby("metric", sort=False):
            lines.append(f"== {metric} (baseline {part['baseline'].iloc[0]:.6g}); down: {names[0]}"
                         + (f"; across: {names[1]}" if len(axes) > 1 else ""))
            table = (part.pivot(index=axes[0], columns=axes[1], values="value") if len(axes) > 1
                     else part.set_index(axes[0])[["value"]])
            lines.append(table.to_string(float_format=lambda v: f"{v:.6g}"))
    lines.append("wrote " + ", ".join(str(path) for path in written))
    return "\n".join(lines)


def diff_report(run_a: Path, run_b: Path, summary: pd.DataFrame, metrics: pd.DataFrame) -> str:
    """The differing summary cells and metrics of two runs, A beside B."""
    lines = [f"A = {run_a}, B = {run_b}: {len(summary)} summary cells and {len(metrics)} metrics differ"]
    if len(summary):
        lines.append("== summary")
        lines.append(summary.to_string(index=False, float_format=lambda v: f"{v:.6g}"))
    if len(metrics):
        lines.append("== metrics")
        lines.append(metrics.to_string(index=False, float_format=lambda v: f"{v:.6g}"))
    return "\n".join(lines)
