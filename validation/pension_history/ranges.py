"""How far the employee pension's headline figures move over the plausible range of each history parameter.

One parameter at a time, at the low and high ends of the range its assumption entry states (the other
parameters as shipped), on the baseline (``projections/baseline.yaml``): the depletion year, the first
deficit year, the actuarial balance, the 2050 replacement rate, the implicit pension debt (x GDP), the
new pensioners of 2025 and the history join's count scale.  Run by hand::

    python validation/pension_history/ranges.py [--out ranges.csv]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pandas as pd

from actuarial import load_scenario, run_model
from actuarial.analysis.metrics import valuation_metrics

ROOT = Path(__file__).resolve().parents[2]
RANGES = (  # (assumption, low, high): the range each entry's reason states
    ("history_deemed_members", 2.8, 3.4),
    ("history_age_tilt", -0.1, 0.1),
    ("history_membership_spread", 1.0, 1.5),
    ("short_years_take_up", 0.5, 1.0),
    ("contribution_persistence", 0.7, 0.95),
    ("institution_retiree_share", 0.12, 0.17),
)
METRICS = ("depletion_year", "first_deficit_year", "actuarial_balance", "replacement_rate_2050",
           "implicit_pension_debt_pct_gdp")


def scenario(folder: Path, name: str | None = None, value: float | None = None) -> Path:
    """A baseline scenario file, with one scalar overridden when ``name`` is given."""
    path = folder / f"{name or 'shipped'}_{value}.yaml"
    override = (f"overrides:\n  {name}:\n    value: {value}\n    reason: range of the history parameter\n"
                if name else "overrides: {}\n")
    path.write_text(f"scenario:\n  name: {name or 'shipped'}\n  description: history parameter range\n"
                    f"  assumptions: {ROOT / 'assumptions' / 'china'}\n{override}", encoding="utf-8")
    return path


def figures(path: Path) -> dict[str, float]:
    assumptions = load_scenario(path)
    projection = run_model(assumptions)
    metrics = valuation_metrics(assumptions, projection)
    employee = metrics[metrics["scheme"] == "pension_employee"].set_index("metric")["value"]
    row = {name: float(employee[name]) for name in METRICS}
    row["new_pensioners_2025"] = float(projection["pension_new_pensioners"].sel(year=2025).sum())
    row["history_count_scale"] = float(projection.attrs["pension_employee_history_count_scale"])
    return row


def ranges() -> pd.DataFrame:
    """One row per (parameter, value), the shipped set first."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = [{"parameter": "shipped", "value": float("nan"), **figures(scenario(folder))}]
        for name, low, high in RANGES:
            rows += [{"parameter": name, "value": value, **figures(scenario(folder, name, value))} for value in (low, high)]
    return pd.DataFrame(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the table as CSV")
    args = parser.parse_args()
    table = ranges()
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string(index=False, float_format=lambda v: f"{v:,.4g}"))
    if args.out:
        table.to_csv(args.out, index=False)
