"""Fit the trend of UEBMI expenditure per member on the published series and write the medical history back-test.

Reads ``../shared/data`` (``china_history/china_social_insurance_history.csv``,
``china_official/china_official_series.csv``) and ``assumptions/china/history_average_wage.csv``; writes
``validation/medical_history/history.csv`` (the series the fit and the back-test use, one row a year) and
``validation/medical_history/published.csv`` (standard columns), and prints the fit.  The fitted values are
copied by hand into ``medical.yaml`` (``medical_excess_cost_growth``, ``medical_cost_control``), where their
reference says so.  Method: ``assumptions/china/METHOD_medical.md``, section 7.

Run: ``python assumptions/china/build/build_medical_trend.py [--source DIR]``.

Fit (all years with published UEBMI expenditure, 2011-2024)::

    y_t = ln( X_t / (N_t W_t M_t) ) = a + b1 (t - 2018) + b2 max(t - 2018, 0)

``X``: UEBMI expenditure, pooled fund and personal accounts together (the 2021 reform moved money between the
two, not out of the scheme); ``N``: members at year end (published, log-linear between published years where
a year has none); ``W``: the urban non-private average wage (the one wage series without a break, 1997-2024);
``M_t = 1 + (k - 1) s_t``: the age mix, with ``s`` the retired share of members (published years, linear
between) and ``k`` = 3.3 the retired-to-active cost per head of the model's 2024 calibration.  ``b1`` is the
excess growth of cost per member of a given age mix before payment reform (2011-2018), ``b2`` the change
since (DRG/DIP pilots from 2019, volume-based procurement from 2019, all pooling areas on DRG/DIP by 2025).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

BUILD_DIR = Path(__file__).resolve().parent
REPO_ROOT = BUILD_DIR.parents[2]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data"
OUT = REPO_ROOT / "validation" / "medical_history"
RETIRED_COST_RATIO = 3.3  # METHOD_medical.md section 3, step 9: retirees cost 3.3 times active members per head
BREAK = 2018


def read_series(source: Path) -> pd.DataFrame:
    """Long table (indicator, year, value, unit, status, source) of both shared files."""
    history = pd.read_csv(source / "china_history" / "china_social_insurance_history.csv")
    official = pd.read_csv(source / "china_official" / "china_official_series.csv")
    return pd.concat([history, official], ignore_index=True)


def pick(series: pd.DataFrame, indicator: str) -> dict[int, float]:
    rows = series[series["indicator"] == indicator]
    return {int(y): float(v) for y, v in zip(rows["year"], rows["value"])}


def history_table(source: Path) -> pd.DataFrame:
    """The yearly series (yuan, persons), with where each number comes from."""
    s = read_series(source)
    # UEBMI expenditure (100m yuan): MOF final accounts 2011-2017, NHSA 2018, 2022, 2024; 2023 = all BMI - URRBMI
    expenditure = {**pick(s, "mof_fa_uebmi_expenditure"), **pick(s, "uebmi_expenditure"),
                   **pick(s, "nhsa_ebmi_expenditure")}
    expenditure[2023] = pick(s, "bmi_expenditure_total")[2023] - pick(s, "urrbmi_expenditure")[2023]
    revenue = {**pick(s, "mof_fa_uebmi_revenue"), **pick(s, "uebmi_revenue"), **pick(s, "nhsa_ebmi_revenue")}
    members = {**pick(s, "uebmi_participants"), **pick(s, "nhsa_ebmi_participants")}
    retired = {**pick(s, "uebmi_retired"), **pick(s, "nhsa_ebmi_retired")}
    retired_share = {y: retired[y] / members[y] for y in retired if y in members}
    r_members = {**pick(s, "urrbmi_participants")}
    # 2024: the bulletin's all-BMI totals less UEBMI (as medical.yaml), not the quick report (11,138.36 and
    # 10,619.38 亿元), which the bulletin revised
    r_revenue = {**pick(s, "urrbmi_revenue"),
                 2024: pick(s, "nhsa_bmi_revenue_total")[2024] - pick(s, "nhsa_ebmi_revenue")[2024]}
    r_expenditure = {**pick(s, "urrbmi_expenditure"),
                     2024: pick(s, "nhsa_bmi_expenditure_total")[2024] - pick(s, "nhsa_ebmi_expenditure")[2024]}
    premium = pick(s, "rbmi_individual_premium_per_capita")
    subsidy = pick(s, "rbmi_fiscal_subsidy_per_capita")
    wage = pd.read_csv(REPO_ROOT / "assumptions" / "china" / "history_average_wage.csv").set_index("history_year")["yuan"]
    known = sorted(members)
    rows = []
    for year in sorted(expenditure):
        n = float(np.exp(np.interp(year, known, np.log([members[y] for y in known]))))
        share = float(np.interp(year, sorted(retired_share), [retired_share[y] for y in sorted(retired_share)]))
        rows.append({
            "year": year, "uebmi_expenditure": expenditure[year] * 1e8, "uebmi_revenue": revenue.get(year, np.nan) * 1e8,
            "uebmi_members": n * 1e4, "members_published": year in members, "retired_share": share,
            "retired_share_published": year in retired_share, "average_wage": float(wage.loc[year]),
            "urrbmi_members": r_members.get(year, np.nan) * 1e4,
            "urrbmi_revenue": r_revenue.get(year, np.nan) * 1e8, "urrbmi_expenditure": r_expenditure.get(year, np.nan) * 1e8,
            "urrbmi_premium_standard": premium.get(year, np.nan), "urrbmi_subsidy_standard": subsidy.get(year, np.nan),
        })
    return pd.DataFrame(rows)


def fit(history: pd.DataFrame) -> dict[str, float]:
    """Least squares of the module docstring: ``b1`` (before the break) and ``b2`` (change after), per year."""
    t = history["year"].to_numpy(float)
    mix = 1.0 + (RETIRED_COST_RATIO - 1.0) * history["retired_share"].to_numpy()
    y = np.log(history["uebmi_expenditure"] / (history["uebmi_members"] * history["average_wage"] * mix)).to_numpy()
    design = np.column_stack([np.ones_like(t), t - BREAK, np.maximum(t - BREAK, 0.0)])
    (a, b1, b2), *_ = np.linalg.lstsq(design, y, rcond=None)
    single = np.polyfit(t, y, 1)[0]
    residual = y - design @ np.array([a, b1, b2])
    return {"excess_before": float(np.expm1(b1)), "control": float(-(np.expm1(b1 + b2) - np.expm1(b1))),
            "excess_after": float(np.expm1(b1 + b2)), "single_trend": float(np.expm1(single)),
            "residual_sd": float(residual.std(ddof=3))}


ROUNDING = {"uebmi_expenditure": 0.5e6, "uebmi_revenue": 0.5e6, "urrbmi_revenue": 0.5e6, "urrbmi_premium": 0.5}
"""Half a unit of the last published digit (0.01 亿元 = 1e6 yuan; standards in whole yuan); MOF final accounts
of 2011, 2013, 2016 are published in whole 亿元 (0.5e8)."""


def published_table(history: pd.DataFrame) -> pd.DataFrame:
    """The back-test's rows in the standard columns: UEBMI expenditure and revenue, URRBMI revenue and the
    premium standard per member, every year published.  Kind ``reported`` (shown, not asserted; SOURCE.md)
    except the 2024 UEBMI expenditure, which the calibration reproduces."""
    rows = []
    for _, row in history.iterrows():
        year = int(row["year"])
        whole = year in (2011, 2013, 2016)  # MOF final accounts in whole 亿元
        for quantity in ("uebmi_expenditure", "uebmi_revenue", "urrbmi_revenue"):
            value = row[quantity]
            if np.isnan(value):
                continue
            rounding = 0.5e8 if whole and quantity.startswith("uebmi") else ROUNDING[quantity]
            asserted = quantity == "uebmi_expenditure" and year == 2024
            rows.append((quantity, year, value, "yuan", max(rounding / value, 1e-6) if asserted else rounding / value,
                         "relative" if asserted else "reported"))
        if not np.isnan(row["urrbmi_premium_standard"]) and not np.isnan(row["urrbmi_expenditure"]):
            value = row["urrbmi_premium_standard"]
            rows.append(("urrbmi_premium", year, value, "yuan_per_year", ROUNDING["urrbmi_premium"] / value,
                         "reported"))
    return pd.DataFrame(rows, columns=["quantity", "year", "published", "unit", "tolerance", "kind"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    history = history_table(args.source)
    OUT.mkdir(parents=True, exist_ok=True)
    history.to_csv(OUT / "history.csv", index=False, float_format="%.10g")
    published_table(history).to_csv(OUT / "published.csv", index=False, float_format="%.10g")
    result = fit(history)
    pd.set_option("display.width", 200)
    print(history[["year", "uebmi_expenditure", "uebmi_members", "members_published", "retired_share",
                   "average_wage"]].to_string(index=False))
    print({k: round(v, 5) for k, v in result.items()})


if __name__ == "__main__":
    main()
