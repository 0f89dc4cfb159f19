"""Build the China relative-earnings tables and print the wage and GDP checks of METHOD_economy.md.

Run from anywhere (the repository root is put on ``sys.path``)::

    python assumptions/china/build/build_economy.py [--out DIR] [--no-check]

Writes, in ``assumptions/china/`` by default:

* ``relative_earnings_status.csv`` (status, relative_earnings): earnings of each
  employed status relative to standard work (:data:`STATUS_RELATIVE`).
* ``relative_earnings_age.csv`` (sex, age, relative_earnings), ages 0..100: the
  age-earnings profile of :func:`age_profile`.

The output is deterministic (closed-form shapes, fixed rounding to 6 decimals).
Then, unless ``--no-check``, it loads the economy entries of ``economy.yaml``
with the package loader (restricted to the ``economy`` stage, so the check does
not need the rest of the set) and prints the figures quoted in METHOD_economy.md:
the 2024 social average wage, and the average wage and GDP in 2035, 2050, 2075
and 2100 for a flat employment of 734 million with AI adoption A = 0 and with
a logistic adoption (ceiling 0.5, midpoint 2040, speed 0.25).

Age profile (all parameters below; ``x`` single age, ``p_s`` the peak age)::

    r_s(x) = 0                                            x < 16
    r_s(x) = level_s * max(floor, exp(-k_rise_s (x - p_s)^2))    16 <= x <= p_s
    r_s(x) = level_s * max(floor, exp(-k_fall_s (x - p_s)^2))    x > p_s
    k_rise_s = -ln(ENTRY_RATIO) / (p_s - 16)^2     (r = ENTRY_RATIO of the peak at 16)
    k_fall_s = -ln(RATIO_AT_65) / (65 - p_s)^2     (r = RATIO_AT_65 of the peak at 65)

then scaled so that the unweighted mean over both sexes at ages 20-59 is 1 (the
scale is immaterial: the model renormalises on base-year standard employment).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import xarray as xr

REPO_ROOT = Path(__file__).resolve().parents[3]
if str(REPO_ROOT) not in sys.path:  # allow running the script without installing the package
    sys.path.insert(0, str(REPO_ROOT))

DEFAULT_OUT = REPO_ROOT / "assumptions" / "china"

SEXES = ("male", "female")
STATUSES = ("standard", "nonstandard", "platform", "self_employed", "farm")
OPEN_AGE = 100
AGES = np.arange(OPEN_AGE + 1)

STATUS_RELATIVE = {"standard": 1.00, "nonstandard": 0.70, "platform": 0.60, "self_employed": 0.65, "farm": 0.30}
"""Earnings relative to standard work (reasons in economy.yaml, relative_earnings_status)."""

MINIMUM_WORKING_AGE = 16        # Labour Law art. 15: no employment under 16
PEAK_AGE = {"male": 44, "female": 42}
LEVEL = {"male": 1.00, "female": 0.80}   # peak earnings relative to men's peak
ENTRY_RATIO = 0.45              # r(16) / r(peak)
RATIO_AT_65 = 0.65              # r(65) / r(peak)
FLOOR = 0.40                    # r(x) / r(peak) never below this at older ages
SCALE_AGES = (20, 59)           # unweighted mean over both sexes at these ages = 1
DECIMALS = 6

# Measurement scenario of METHOD_economy.md.
FLAT_EMPLOYMENT = 734e6         # persons, total employment 2024 (employment_total, china_official_series.csv)
STYLISED_STATUS_SHARES = {"standard": 0.45, "nonstandard": 0.12, "platform": 0.08, "self_employed": 0.15, "farm": 0.20}
AI_CEILING, AI_MIDPOINT, AI_SPEED = 0.5, 2040.0, 0.25
REPORT_YEARS = (2024, 2035, 2050, 2075, 2100)


def age_profile() -> pd.DataFrame:
    """The (sex, age) relative-earnings profile described in the module docstring."""
    rows = []
    raw = {}
    for sex in SEXES:
        peak = PEAK_AGE[sex]
        k_rise = -np.log(ENTRY_RATIO) / (peak - MINIMUM_WORKING_AGE) ** 2
        k_fall = -np.log(RATIO_AT_65) / (65 - peak) ** 2
        k = np.where(AGES <= peak, k_rise, k_fall)
        shape = np.maximum(FLOOR, np.exp(-k * (AGES - peak) ** 2))
        raw[sex] = np.where(AGES < MINIMUM_WORKING_AGE, 0.0, LEVEL[sex] * shape)
    window = (AGES >= SCALE_AGES[0]) & (AGES <= SCALE_AGES[1])
    scale = np.mean([raw[sex][window] for sex in SEXES])
    for sex in SEXES:
        for age, value in zip(AGES, raw[sex] / scale):
            rows.append((sex, int(age), round(float(value), DECIMALS)))
    return pd.DataFrame(rows, columns=["sex", "age", "relative_earnings"])


def status_table() -> pd.DataFrame:
    return pd.DataFrame(
        [(status, STATUS_RELATIVE[status]) for status in STATUSES], columns=["status", "relative_earnings"]
    )


def write_tables(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    status_table().to_csv(out / "relative_earnings_status.csv", index=False, lineterminator="\n")
    age_profile().to_csv(out / "relative_earnings_age.csv", index=False, lineterminator="\n", float_format="%.6f")


def load_economy_entries(folder: Path):
    """Load ``set.yaml`` + ``economy.yaml`` (+ CSVs) of ``folder`` with the loader restricted to the economy stage."""
    from actuarial.config import loader
    from actuarial.config.registry import REGISTRY

    economy = {name: spec for name, spec in REGISTRY.items() if spec.stage == "economy"}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for name in ("set.yaml", "economy.yaml", "relative_earnings_status.csv", "relative_earnings_age.csv"):
            shutil.copy(folder / name, tmp_path / name)
        with mock.patch.object(loader, "REGISTRY", economy):
            return loader.load_assumption_set(tmp_path)


def stylised_employment(folder: Path, years: np.ndarray) -> xr.DataArray:
    """Flat employment of 734 M: base-population ages 16-64 by sex, constant status shares (for checks only)."""
    population = pd.read_csv(folder / "base_population.csv").set_index(["sex", "age"])["population"]
    weights = np.array([[population[(sex, int(a))] if 16 <= a <= 64 else 0.0 for a in AGES] for sex in SEXES])
    weights *= FLAT_EMPLOYMENT / weights.sum()
    shares = np.array([STYLISED_STATUS_SHARES[s] for s in STATUSES])
    cells = weights[:, :, None] * shares[None, None, :]
    values = np.broadcast_to(cells, (years.size, *cells.shape)).copy()
    return xr.DataArray(values, coords={"year": years, "sex": list(SEXES), "age": AGES, "status": list(STATUSES)},
                        dims=("year", "sex", "age", "status"))


def logistic_adoption(years: np.ndarray) -> xr.DataArray:
    values = AI_CEILING / (1.0 + np.exp(-AI_SPEED * (years - AI_MIDPOINT)))
    return xr.DataArray(values, coords={"year": years}, dims="year")


def print_checks(folder: Path) -> None:
    from actuarial.labour.economy import project_economy, social_average_wage_base

    assumptions = load_economy_entries(folder)
    years = np.arange(assumptions.base_year, assumptions.end_year + 1)
    wage = social_average_wage_base(assumptions)
    print(f"2024 social average wage: {wage:,.1f} yuan/year ({wage / 12:,.1f} a month)")
    employment = stylised_employment(folder, years)
    runs = {
        "A=0": xr.zeros_like(logistic_adoption(years)),
        "logistic": logistic_adoption(years),
    }
    results = {label: project_economy(assumptions, adoption=a, employment=employment) for label, a in runs.items()}
    base = results["A=0"]
    print(f"base-year wage bill / GDP (stylised status mix {STYLISED_STATUS_SHARES}): "
          f"{float(base['labour_share'].sel(year=assumptions.base_year)):.4f}")
    print(f"logistic A: 2024 {float(runs['logistic'].sel(year=2024)):.4f}, 2100 {float(runs['logistic'].sel(year=2100)):.4f}")
    header = f"{'year':>6} {'wage A=0':>12} {'wage AI':>12} {'GDP A=0 (tn)':>13} {'GDP AI (tn)':>12} {'share A=0':>10} {'share AI':>9} {'price idx':>9}"
    print(header)
    for year in REPORT_YEARS:
        row = [float(results[k][v].sel(year=year)) for v in ("average_wage", "gdp") for k in runs]
        shares = [float(results[k]["labour_share"].sel(year=year)) for k in runs]
        price = float(base["price_index"].sel(year=year))
        print(f"{year:>6} {row[0]:>12,.0f} {row[1]:>12,.0f} {row[2] / 1e12:>13,.2f} {row[3] / 1e12:>12,.2f} "
              f"{shares[0]:>10.4f} {shares[1]:>9.4f} {price:>9.4f}")
    for year in REPORT_YEARS[1:]:
        real = float(base["average_wage"].sel(year=year) / base["price_index"].sel(year=year))
        print(f"{year}: real average wage (2024 prices, A=0) {real:,.0f}; AI/no-AI wage {float(results['logistic']['average_wage'].sel(year=year) / base['average_wage'].sel(year=year)):.4f}, "
              f"GDP {float(results['logistic']['gdp'].sel(year=year) / base['gdp'].sel(year=year)):.4f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-check", action="store_true", help="only write the tables")
    args = parser.parse_args(argv)
    write_tables(args.out)
    print(f"wrote {args.out / 'relative_earnings_status.csv'} and {args.out / 'relative_earnings_age.csv'}")
    if not args.no_check:
        print_checks(args.out)


if __name__ == "__main__":
    main()
