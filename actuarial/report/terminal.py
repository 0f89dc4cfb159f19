"""Short human-readable tables for the terminal."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from actuarial.config import AssumptionSet

MILLION = 1e6


def run_report(assumptions: AssumptionSet, summary: pd.DataFrame, written: list[Path]) -> str:
    """A few headline rows of a run: population, births, deaths, 65+, old-age dependency."""
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
        }
    )
    peak = summary.loc[summary["old_age_dependency"].idxmax()]
    lines = [
        f"scenario {assumptions.scenario} (set {assumptions.name}, hash {assumptions.digest[:12]}), "
        f"{assumptions.base_year}-{assumptions.end_year}",
        table.to_string(formatters={"65+/15-64": "{:.3f}".format}, float_format=lambda v: f"{v:,.2f}", na_rep="-"),
        f"old-age dependency peaks at {peak['old_age_dependency']:.3f} in {int(peak['year'])}",
        "wrote " + ", ".join(str(path) for path in written),
    ]
    return "\n".join(lines)


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
