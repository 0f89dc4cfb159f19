"""Build the input tables of the UEBPI history run (end-1997 to end-2024) for the China set.

Run from the repository root::

    python assumptions/china/build/build_pension_history.py [--source DIR] [--out DIR] [--validation-out DIR]

Reads ``../shared/data`` (china_history, china_official, wpp2024_china) and writes, in
``assumptions/china/`` (METHOD_pension_history.md gives every source and method):

* ``history_workers.csv`` (history_year, persons): UEBPI in-service participants
  (参保职工) at 31 December, 1997..2024: published years, workers = participants -
  retirees where only those two are published, geometric interpolation between
  published years, 1997-2003 back-extrapolated at the 2004-2008 geometric growth;
* ``history_average_wage.csv`` (history_year, yuan): NBS average annual wage of employed
  persons in urban non-private units, 1997..2024 (all years published);
* ``history_social_average_wage.csv`` (history_year, yuan): the social average wage of the
  award formula and the contribution bases: the non-private average until 2018, the
  all-employee average (economy.yaml's non-private weight) from 2019;
* ``history_pension_indexation.csv`` (history_year, rate): announced general increase of
  pensions in payment (assumed before 2005);
* ``history_account_rate.csv`` (history_year, rate): share of the contribution base
  credited to the individual account (Guofa [1997] No. 26, Guofa [2005] No. 38);
* ``history_crediting_rate.csv`` (history_year, rate): interest credited to individual
  accounts (announced from 2016, assumed before);
* ``mortality_history.csv`` (history_year, sex, age, mx): WPP 2024 mortality graduated to
  single ages and pinned to WPP annual e0, with ``build_demography.build_mortality``;

and, in ``validation/pension_history/``, ``published.csv``: the back-test targets, rows
copied from the shared data (best status per indicator and year; see SOURCE.md there).

Deterministic: no randomness, fixed rounding.  Prints the checks quoted in the method note.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

BUILD_DIR = Path(__file__).resolve().parent
REPO_ROOT = BUILD_DIR.parents[2]
for folder in (REPO_ROOT, BUILD_DIR):  # the package and the sibling build script, without installing
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from build_demography import SEXES, build_mortality, sort_long, write_csv  # noqa: E402

from actuarial.demography.lifetable import N_AGES  # noqa: E402

DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data"
DEFAULT_OUT = REPO_ROOT / "assumptions" / "china"
DEFAULT_VALIDATION_OUT = REPO_ROOT / "validation" / "pension_history"

FIRST_YEAR, LAST_YEAR = 1997, 2024
YEARS = np.arange(FIRST_YEAR, LAST_YEAR + 1)
TEN_THOUSAND = 10_000.0
GROWTH_WINDOW = (2004, 2008)  # geometric growth used to back-extrapolate 1997-2003 (first published years)

STATUS_RANK = {"verified": 0, "verified-secondary": 1, "derived": 2, "unverified-recall": 3, "weak": 4,
               "third-party-computed": 5}
"""Preference among the shared data's status words (README of ../shared/data/china_history):
read on an official page > read in a repost > computed from read figures > recalled > weak."""

# ------------------------------------------------------------------ average wage (yuan per year)
# NBS average annual wage of employed persons in urban non-private units (城镇非私营单位就业人员年平均工资;
# before 2009 the yearbook's series for staff and workers).  Year -> (value, source).
YEARBOOK_2012 = ("NBS China Statistical Yearbook 2012 table 4-11, total column "
                 "https://www.stats.gov.cn/sj/ndsj/2012/html/E0411e.htm (as read by the project brief)")
AVERAGE_WAGE: dict[int, tuple[float, str]] = {
    1997: (6444, YEARBOOK_2012), 1998: (7446, YEARBOOK_2012), 1999: (8319, YEARBOOK_2012),
    2000: (9333, YEARBOOK_2012), 2001: (10834, YEARBOOK_2012), 2002: (12373, YEARBOOK_2012),
    2003: (13969, YEARBOOK_2012), 2004: (15920, YEARBOOK_2012), 2005: (18200, YEARBOOK_2012),
    2006: (20856, YEARBOOK_2012), 2007: (24721, YEARBOOK_2012), 2008: (28898, YEARBOOK_2012),
    2009: (32244, YEARBOOK_2012), 2010: (36539, YEARBOOK_2012), 2011: (41799, YEARBOOK_2012),
    2012: (46769, "NBS 2014-05-27 wage release ('2013 51474 ... 2012 46769'), People's Daily repost "
                  "http://econ.chinataiwan.cn/today/201405/t20140528_6228977.htm"),
    2013: (51474, "same NBS 2014-05-27 release, People's Daily repost "
                  "http://econ.chinataiwan.cn/today/201405/t20140528_6228977.htm"),
    2014: (56360, "NBS 2016-05-13 wage release ('2015 62029 ... 2014 56360'), People's Daily "
                  "http://finance.people.com.cn/n1/2016/0513/c1004-28349599.html"),
    2015: (62029, "same NBS 2016-05-13 release, People's Daily "
                  "http://finance.people.com.cn/n1/2016/0513/c1004-28349599.html"),
    2016: (67569, "NBS 2018-05-15 release via People's Daily/ce.cn "
                  "http://www.ce.cn/cysc/newmain/yc/jsxw/201805/15/t20180515_29140675.shtml; also OECD Pensions "
                  "at a Glance Asia/Pacific 2018, China, average earnings CNY 67 569"),
    2017: (74318, "NBS 2018-05-15 release via ce.cn "
                  "http://www.ce.cn/cysc/newmain/yc/jsxw/201805/15/t20180515_29140675.shtml"),
    2018: (82413, "NBS 2020-05-18 release (marketscreener English copy, as read by the project brief)"),
    2019: (90501, "NBS 2020-05-18 release (marketscreener English copy, as read by the project brief)"),
    2020: (97379, "NBS 2022-05-21 release: 2021 106837, +9458 on 2020; Yangcheng Evening News "
                  "http://ep.ycwb.com/epaper/ycwb/html/2022-05/22/content_8_495697.htm"),
    2021: (106837, "NBS 2022-05-21 release, Yangcheng Evening News "
                   "http://ep.ycwb.com/epaper/ycwb/html/2022-05/22/content_8_495697.htm"),
}
WAGE_FROM_SHARED = (2022, 2023, 2024)  # wage_nonprivate_annual in china_official_series.csv
PRIVATE_WAGE: dict[int, tuple[float, str]] = {
    2019: (53604, "NBS 2021-05-19 release via Xinhua (2020 57727, +4123 on 2019) "
                  "https://www.cititic.com/news/mm/1600411-20210519.htm"),
    2020: (57727, "NBS 2021-05-19 release via Xinhua https://www.cititic.com/news/mm/1600411-20210519.htm"),
    2021: (62884, "NBS 2022-05-21 release, Yangcheng Evening News "
                  "http://ep.ycwb.com/epaper/ycwb/html/2022-05/22/content_8_495697.htm"),
}
"""NBS average annual wage of employed persons in urban private units (城镇私营单位就业人员年平均工资);
2022-2024 are read from the shared data (wage_private_annual)."""
ALL_EMPLOYEE_FROM = 2019
"""First year of the all-employee average wage (全口径城镇单位就业人员平均工资) as the social average wage
of contribution bases and awards (State Council General Office, Guobanfa [2019] No. 13, the comprehensive
plan for lowering social insurance rates, art. 3)."""

# ------------------------------------------------------------------ pension rules by year
INDEXATION_BEFORE_2005 = 0.07
"""Assumed: enterprise retirees' mean pension rose 9.3 %/yr from 1998 (413) to 2004 (705 yuan/month); that
mean includes new awards above the stock's mean and deaths of older retirees with lower pensions, so about
2 points of it are taken as composition (see METHOD_pension_history.md)."""
INDEXATION_ANNOUNCED = {
    **{year: 0.10 for year in range(2005, 2016)},
    2016: 0.065, 2017: 0.055, 2018: 0.05, 2019: 0.05, 2020: 0.05, 2021: 0.045, 2022: 0.04, 2023: 0.038,
    2024: 0.03,
}
ACCOUNT_RATE = {**{year: 0.11 for year in range(FIRST_YEAR, 2006)}, **{year: 0.08 for year in range(2006, 2025)}}
CREDITING_BEFORE_2016 = 0.025
"""Assumed: before 2016 provinces credited about the one-year deposit rate ('2 % to 3 %' in the press
account of the 2016 announcement)."""
CREDITING_ANNOUNCED = {2016: 0.0831, 2017: 0.0712, 2018: 0.0829, 2019: 0.0761, 2020: 0.0604, 2021: 0.0669,
                       2022: 0.0612, 2023: 0.0397, 2024: 0.0262}

# ------------------------------------------------------------------ back-test targets
TARGET_INDICATORS = ("uebpi_workers", "uebpi_retirees", "uebpi_participants", "uebpi_revenue",
                     "uebpi_expenditure", "uebpi_balance", "uebpi_contribution_income", "uebpi_fiscal_subsidy",
                     "uebpi_enterprise_retirees", "enterprise_retiree_avg_monthly_pension")
TARGET_YEARS = (2004, 2024)


# ------------------------------------------------------------------ shared data


def read_shared(source: Path) -> pd.DataFrame:
    """Both long tables of the shared data, with the file and row order kept for ties."""
    frames = []
    for order, path in enumerate((source / "china_history" / "china_social_insurance_history.csv",
                                  source / "china_official" / "china_official_series.csv")):
        frame = pd.read_csv(path, dtype={"value": str})
        frame["file_order"], frame["row_order"] = order, np.arange(len(frame))
        frame["source"] = resolve_same(frame.source.tolist(), path.name)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def resolve_same(sources: list[str], file: str) -> list[str]:
    """Sources written 'same ...' point to the row above in the shared file; copied out of that file
    they would lose their referent, so the source of the nearest row above that is not 'same' is appended."""
    resolved, root = [], ""
    for source in sources:
        if source.startswith("same") and root:
            resolved.append(f"{source} [source of the rows above in {file}: {root}]")
        else:
            root = source
            resolved.append(source)
    return resolved


def best_rows(shared: pd.DataFrame, indicators, first: int, last: int) -> pd.DataFrame:
    """One row per indicator and year: the best status, then china_history before china_official (it
    upgrades it, README), then file order.  Rows whose value is not a plain number (e.g. '~60000') are
    left out."""
    rows = shared[shared.indicator.isin(indicators) & shared.year.between(first, last)].copy()
    rows = rows[pd.to_numeric(rows.value, errors="coerce").notna()]
    unknown = set(rows.status) - set(STATUS_RANK)
    if unknown:
        raise ValueError(f"unknown status words {sorted(unknown)}")
    rows["rank"] = rows.status.map(STATUS_RANK)
    rows = rows.sort_values(["indicator", "year", "rank", "file_order", "row_order"], kind="stable")
    return rows.drop_duplicates(["indicator", "year"], keep="first")


def published(shared: pd.DataFrame, indicator: str, unit: str) -> dict[int, tuple[float, str]]:
    """Best published value by year of one indicator in ``unit``: year -> (value, status)."""
    rows = best_rows(shared, [indicator], FIRST_YEAR, LAST_YEAR)
    if set(rows.unit) - {unit}:
        raise ValueError(f"{indicator}: unexpected units {sorted(set(rows.unit))}")
    return {int(r.year): (float(r.value), r.status) for r in rows.itertuples()}


def geometric_fill(known: dict[int, float], years: np.ndarray, window: tuple[int, int]) -> dict[int, tuple[float, str]]:
    """Known years kept; gaps filled by geometric interpolation; years before the first known one
    back-extrapolated at the geometric growth over ``window`` (both ends known)."""
    keys = sorted(known)
    growth = (known[window[1]] / known[window[0]]) ** (1.0 / (window[1] - window[0]))
    out = {}
    for year in years:
        year = int(year)
        if year in known:
            out[year] = (known[year], "published")
        elif year < keys[0]:
            out[year] = (known[keys[0]] / growth ** (keys[0] - year),
                         f"back-extrapolated at {window[0]}-{window[1]} growth {growth - 1:.4%}/yr")
        else:
            before = max(k for k in keys if k < year)
            after = min(k for k in keys if k > year)
            share = (year - before) / (after - before)
            out[year] = (known[before] * (known[after] / known[before]) ** share,
                         f"geometric interpolation {before}-{after}")
    return out


# ------------------------------------------------------------------ tables


def workers_table(shared: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """UEBPI contributing workers at 31 December (persons) and how each year was obtained."""
    workers = published(shared, "uebpi_workers", "10k persons")
    participants = published(shared, "uebpi_participants", "10k persons")
    retirees = published(shared, "uebpi_retirees", "10k persons")
    known, how = {}, {}
    for year in YEARS:
        year = int(year)
        if year in workers:
            known[year], how[year] = workers[year][0], f"published uebpi_workers ({workers[year][1]})"
        elif year in participants and year in retirees:
            known[year] = participants[year][0] - retirees[year][0]
            how[year] = (f"participants ({participants[year][1]}) - retirees ({retirees[year][1]}) = "
                         f"{participants[year][0]:g} - {retirees[year][0]:g}")
    filled = geometric_fill(known, YEARS, GROWTH_WINDOW)
    for year, (_, method) in filled.items():
        how.setdefault(year, method)
    frame = pd.DataFrame({"history_year": YEARS,
                          "persons": [round(filled[int(y)][0] * TEN_THOUSAND) for y in YEARS]})
    return frame, how


def start_retirees(shared: pd.DataFrame) -> float:
    """UEBPI retirees at end-1997 (persons): 2004 retirees back-extrapolated at the 2004-2008 growth."""
    retirees = {year: value for year, (value, _) in published(shared, "uebpi_retirees", "10k persons").items()}
    return round(geometric_fill(retirees, YEARS, GROWTH_WINDOW)[FIRST_YEAR][0] * TEN_THOUSAND)


def wage_table(shared: pd.DataFrame) -> pd.DataFrame:
    wages = {year: value for year, (value, _) in AVERAGE_WAGE.items()}
    for year, (value, _) in published(shared, "wage_nonprivate_annual", "yuan").items():
        if year in WAGE_FROM_SHARED:
            wages[year] = value
    missing = [int(y) for y in YEARS if int(y) not in wages]
    if missing:
        raise ValueError(f"average wage missing for {missing}")
    return pd.DataFrame({"history_year": YEARS, "yuan": [wages[int(y)] for y in YEARS]})


def social_wage_table(shared: pd.DataFrame, nonprivate: pd.DataFrame, weight: float) -> pd.DataFrame:
    """The social average wage of the award formula: the non-private average until 2018, from 2019 the
    all-employee average ``w nonprivate + (1 - w) private`` with the weight of economy.yaml."""
    private = {year: value for year, (value, _) in PRIVATE_WAGE.items()}
    private.update({year: value for year, (value, _) in published(shared, "wage_private_annual", "yuan").items()
                    if year >= ALL_EMPLOYEE_FROM})
    wages = nonprivate.set_index("history_year")["yuan"].astype(float)
    later = [int(y) for y in YEARS if int(y) >= ALL_EMPLOYEE_FROM]
    missing = [y for y in later if y not in private]
    if missing:
        raise ValueError(f"private-unit wage missing for {missing}")
    for year in later:
        wages[year] = weight * wages[year] + (1.0 - weight) * private[year]
    return pd.DataFrame({"history_year": YEARS, "yuan": [wages[int(y)] for y in YEARS]})


def nonprivate_weight(out: Path) -> float:
    """``nonprivate_employment_weight`` of the set's economy.yaml (the projection's own weight)."""
    return float(yaml.safe_load((out / "economy.yaml").read_text(encoding="utf-8"))["nonprivate_employment_weight"]["value"])


def rate_table(by_year: dict[int, float], default: float | None = None) -> pd.DataFrame:
    return pd.DataFrame({"history_year": YEARS,
                         "rate": [by_year.get(int(y), default) for y in YEARS]})


def mortality_history(wpp: Path) -> tuple[pd.DataFrame, dict]:
    """Single-age mx by year and sex, 1997..2024, and the largest |e0 - WPP e0| per sex."""
    result = build_mortality(wpp, YEARS)
    rows = [pd.DataFrame({"history_year": np.repeat(YEARS, N_AGES), "sex": sex,
                          "age": np.tile(np.arange(N_AGES), len(YEARS)), "mx": result.mx[sex].ravel()})
            for sex in SEXES]
    table = sort_long(pd.concat(rows, ignore_index=True), ["history_year", "sex", "age"])
    return table, {sex: float(np.max(np.abs(result.pinned_gap[sex]))) for sex in SEXES}


def targets_table(shared: pd.DataFrame) -> pd.DataFrame:
    rows = best_rows(shared, TARGET_INDICATORS, *TARGET_YEARS)
    rows["order"] = rows.indicator.map({name: i for i, name in enumerate(TARGET_INDICATORS)})
    rows = rows.sort_values(["order", "year"], kind="stable")
    return rows[["indicator", "year", "value", "unit", "status", "source"]]


# ------------------------------------------------------------------ checks and main


def report(shared: pd.DataFrame, how: dict, out: Path, gaps: dict) -> None:
    print("history_workers.csv (persons):")
    workers = pd.read_csv(out / "history_workers.csv").set_index("history_year")["persons"]
    for year in YEARS:
        print(f"  {year} {workers[year]:>11d}  {how[int(year)]}")
    print("check: participants - workers - retirees (10k persons) in years with all three published:")
    participants = published(shared, "uebpi_participants", "10k persons")
    retirees = published(shared, "uebpi_retirees", "10k persons")
    direct = published(shared, "uebpi_workers", "10k persons")
    for year in sorted(set(participants) & set(retirees) & set(direct)):
        print(f"  {year}: {participants[year][0] - direct[year][0] - retirees[year][0]:+.1f}")
    wages = pd.read_csv(out / "history_average_wage.csv").set_index("history_year")["yuan"]
    growth = wages.pct_change().dropna()
    print(f"average wage growth: min {growth.min():.2%} ({growth.idxmin()}), max {growth.max():.2%} "
          f"({growth.idxmax()})")
    pension = published(shared, "enterprise_retiree_avg_monthly_pension", "yuan/month")
    print(f"enterprise retiree mean pension 1998 -> 2004: {pension[1998][0]:g} -> {pension[2004][0]:g}, "
          f"{(pension[2004][0] / pension[1998][0]) ** (1 / 6) - 1:.2%}/yr")
    print(f"start retirees (end-1997, persons): {start_retirees(shared)}")
    for sex, gap in gaps.items():
        print(f"mortality_history: max |e0 - WPP e0| {sex} = {gap:.2e} years")


def build(source: Path, out: Path, validation_out: Path) -> None:
    shared = read_shared(source)
    workers, how = workers_table(shared)
    write_csv(workers, out / "history_workers.csv", "%d")
    wages = wage_table(shared)
    write_csv(wages, out / "history_average_wage.csv", "%.0f")
    write_csv(social_wage_table(shared, wages, nonprivate_weight(out)), out / "history_social_average_wage.csv",
              "%.1f")
    write_csv(rate_table(INDEXATION_ANNOUNCED, INDEXATION_BEFORE_2005), out / "history_pension_indexation.csv",
              "%.4g")
    write_csv(rate_table(ACCOUNT_RATE), out / "history_account_rate.csv", "%.4g")
    write_csv(rate_table(CREDITING_ANNOUNCED, CREDITING_BEFORE_2016), out / "history_crediting_rate.csv", "%.4g")
    mortality, gaps = mortality_history(source / "wpp2024_china")
    write_csv(mortality, out / "mortality_history.csv", "%.8g")
    validation_out.mkdir(parents=True, exist_ok=True)
    targets_table(shared).to_csv(validation_out / "published.csv", index=False, lineterminator="\n")
    report(shared, how, out, gaps)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="source data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder for the CSVs")
    parser.add_argument("--validation-out", type=Path, default=DEFAULT_VALIDATION_OUT,
                        help="folder of the back-test targets (published.csv)")
    args = parser.parse_args(argv)
    build(args.source, args.out, args.validation_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
