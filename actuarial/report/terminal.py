"""Short human-readable tables for the terminal."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from actuarial.config import AssumptionSet

MILLION = 1e6


HEADLINE_METRICS = ("first_deficit_year", "depletion_year", "depletion_year_without_subsidy", "reserve_ratio_2035",
                    "reserve_ratio_2050", "cost_rate_2050", "replacement_rate_2050", "system_dependency_ratio_2050",
                    "actuarial_balance", "general_average_premium", "required_rate_solvency",
                    "implicit_pension_debt_pct_gdp")


def run_report(assumptions: AssumptionSet, summary: pd.DataFrame, metrics: pd.DataFrame, written: list[Path]) -> str:
    """Headline rows of a run (population, labour, pension fund) and the headline valuation metrics."""
    years = [y for y in (assumptions.base_year, 2030, 2035, 2050, 2075, assumptions.end_year) if y in set(summary["year"])]
    rows = summary.set_index("year").loc[sorted(set(years))]
    table = pd.DataFrame(
        {
            "population (M)": rows["population"] / MILLION,
            "births (M)": rows["births"] / MILLION,
            "deaths (M)": rows["deaths"] / MILLION,
            "net migr. (M)": rows["net_migration"] / MILLION,
            "65+ (M)": rows["pop_65plus"] / MILLION,
            "65+/15-64": rows["old_age_dependency"],
            "employed (M)": rows["employed"] / MILLION,
            "standard (M)": rows["employed_standard"] / MILLION,
            "platform (M)": rows["employed_platform"] / MILLION,
            "unemployed (M)": rows["unemployed"] / MILLION,
            "avg wage (k yuan)": rows["average_wage"] / 1e3,
            "GDP (tn yuan)": rows["gdp"] / 1e12,
            "contributors (M)": rows["pension_contributors"] / MILLION,
            "pensioners (M)": rows["pensioners"] / MILLION,
            "pension fund (tn)": rows["pension_fund_balance"] / 1e12,
            "reserve ratio": rows["pension_reserve_ratio"],
            "cost rate": rows["pension_cost_rate"],
        }
    )
    peak = summary.loc[summary["old_age_dependency"].idxmax()]
    lines = [
        f"scenario {assumptions.scenario} (set {assumptions.name}, hash {assumptions.digest[:12]}), "
        f"{assumptions.base_year}-{assumptions.end_year}",
        table.to_string(formatters={"65+/15-64": "{:.3f}".format}, float_format=lambda v: f"{v:,.2f}", na_rep="-"),
        f"old-age dependency peaks at {peak['old_age_dependency']:.3f} in {int(peak['year'])}",
        "employee pension (UEBPI): " + "; ".join(_headline(metrics, "pension_employee", HEADLINE_METRICS)),
        "resident pension (URRBP): " + "; ".join(_headline(metrics, "pension_resident", SCHEME_HEADLINES)),
        "employee medical (UEBMI pooled): " + "; ".join(_headline(metrics, "medical_employee", SCHEME_HEADLINES)),
        "resident medical (URRBMI): " + "; ".join(_headline(metrics, "medical_resident", SCHEME_HEADLINES)),
        "wrote " + ", ".join(str(path) for path in written),
    ]
    return "\n".join(lines)


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
    relative = table["kind"] == "relative"
    shown = pd.DataFrame(
        {
            "quantity": table["quantity"],
            "year": table["year"],
            "unit": table["unit"],
            "published": table["published"].map(_number),
            "model": table["model"].map(_number),
            "difference": [f"{d:+.3%}" if rel else f"{d:+,.6g}" for d, rel in zip(table["difference"], relative)],
            "tolerance": [f"{t:.2%}" if rel else f"{t:,.6g}" for t, rel in zip(table["tolerance"], relative)],
            "status": table["ok"].map({True: "ok", False: "FAIL"}),
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
