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
                 ("URRBMI fund", "resident_medical", "resident_medical_closure_rule"))
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


def comparison_report(study: str, scenario: str, table: pd.DataFrame, written: list[Path]) -> str:
    """The side-by-side table of financing options (money in trillion yuan, present values at the set's discount rate)."""
    year_of = lambda column: column.rsplit("_", 1)[-1]  # noqa: E731
    shown = {
        "option": table["option"],
        "1st deficit": table["first_deficit_year"].map(lambda v: "never" if pd.isna(v) else f"{v:.0f}"),
        "depletion": table["depletion_year"].map(lambda v: "never" if pd.isna(v) else f"{v:.0f}"),
        **{f"RR {year_of(c)}": table[c] for c in table.columns if c.startswith("reserve_ratio_")},
        "PV cost (tn)": table["pv_option_fiscal_cost"] / 1e12,
        "debt/GDP": table["peak_debt_pct_gdp"],
        "deficit cut %": table["deficit_eliminated_pct"],
        **{f"contrib. {year_of(c)} (M)": table[c] / 1e6 for c in table.columns if c.startswith("contributors_change_")},
        **{f"coverage {year_of(c)}": table[c] for c in table.columns
           if c.startswith("coverage_rate_") and not c.startswith("coverage_rate_change")},
        "inflows (tn)": table["total_inflows"] / 1e12,
    }
    return "\n".join([
        f"study {study}, scenario {scenario}: UEBPI fund with each option (RR = reserve ratio, years of expenditure; "
        "PV at valuation_discount_rate, mid-year; deficit cut = share of the actuarial deficit eliminated)",
        pd.DataFrame(shown).to_string(index=False, float_format=lambda v: f"{v:,.2f}"),
        "wrote " + ", ".join(str(path) for path in written),
    ])


def optimisation_report(target, result) -> str:
    """The optimal mix, its cost, the binding constraints and the verification."""
    sizes = ", ".join(f"{name} x{size:.3f}" for name, size in result.sizes.items())
    lines = [f"target {target.info.name}: reserve ratio >= {target.info.reserve_ratio_min} every year "
             f"{target.info.first_year}-{int(result.verified.fund['year'].values[-1])} (scenario {target.scenario.name})"]
    if result.feasible:
        lines.append(f"optimal mix (scale factors on {target.study.file.name}): {sizes}")
        lines.append(f"present value of fiscal cost: {result.pv_fiscal_cost / 1e12:,.2f} trillion yuan")
        lines.append("binding years: " + (", ".join(map(str, result.binding_years)) or "none")
                     + "; instruments at a bound: " + (", ".join(result.at_bounds) or "none"))
    else:
        lines.append(f"NO mix within the bounds meets the target; the best ({sizes}) falls short by "
                     f"{result.shortfall:.3f} years of expenditure in its worst year")
    lines.append(f"verified by re-running the projection with the mix: minimum reserve ratio "
                 f"{result.verified_min_reserve:.4f} in {result.verified_year}")
    return "\n".join(lines)


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
