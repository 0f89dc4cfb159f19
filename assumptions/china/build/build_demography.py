"""Build the China demographic assumption tables from UN WPP 2024 and NBS data.

Run from anywhere (the repository root is put on ``sys.path``)::

    python assumptions/china/build/build_demography.py [--source DIR] [--out DIR]

Reads the source data folder (default ``/work/shared/data``) and writes, in
``assumptions/china/`` by default, ``mortality.csv``, ``fertility.csv``,
``migration.csv``, ``sex_ratio_at_birth.csv`` and ``base_population.csv``;
prints the checks quoted in ``assumptions/china/METHOD.md``. The output is
deterministic (no randomness, fixed rounding). Timing: population in year t is
at 31 December of t; flows for year t are over calendar year t; ages 0..100,
100 being the open group 100+.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.interpolate import PchipInterpolator, interp1d
from scipy.optimize import brentq

REPO_ROOT = Path(__file__).resolve().parents[3]
if str(REPO_ROOT) not in sys.path:  # allow running the script without installing the package
    sys.path.insert(0, str(REPO_ROOT))

from actuarial.demography.lifetable import (  # noqa: E402
    N_AGES,
    OPEN_AGE,
    life_expectancy_at_birth,
    life_table,
    survival_ratios,
)

DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data"  # ../shared/data beside the checkout
DEFAULT_VALIDATION_OUT = REPO_ROOT / "validation" / "wpp2024_china"
DEFAULT_OUT = REPO_ROOT / "assumptions" / "china"

SEXES = ("male", "female")
WPP_SEX_CODE = {"male": "M", "female": "F"}
AGES = np.arange(N_AGES)
FERTILE_AGES = np.arange(15, 50)

FIRST_YEAR, LAST_YEAR = 2025, 2100          # years shipped in the assumption tables
FIRST_MORTALITY_YEAR = 2021                 # also needed for the base-population carry-forward
BASE_YEAR = 2024                            # base population at 31 December 2024

THOUSAND = 1_000.0
TEN_THOUSAND = 10_000.0
E0_TOLERANCE = 0.005                        # required pinning accuracy (years)
PERIOD_CENTRE = 2.5                         # WPP period s-(s+5) centred between calendar years s+2 and s+3

# NBS end-2024 broad age groups: label -> (first age, last age) inclusive.
BROAD_AGES = {"0-15": (0, 15), "16-59": (16, 59), "60-64": (60, 64), "65+": (65, OPEN_AGE)}


# --------------------------------------------------------------------------- I/O helpers


def read_wpp_row_table(path: Path) -> pd.Series:
    """Read a one-country WPP ``.tsv`` with one column per year into a Series by year."""
    frame = pd.read_csv(path, sep="\t")
    year_columns = [c for c in frame.columns if c.isdigit()]
    series = frame.loc[0, year_columns].astype(float)
    series.index = series.index.astype(int)
    return series


def read_abridged_mx(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Read a WPP ``mx?5.tsv`` file.

    Returns
    -------
    period_starts : ndarray of int, shape (P,)
        First calendar year of each 5-year period (1950, 1955, ..., 2095).
    rates : ndarray, shape (P, 22)
        Central death rates for groups 0, 1-4, 5-9, ..., 95-99, 100+.
    """
    frame = pd.read_csv(path, sep="\t")
    period_columns = [c for c in frame.columns if "-" in c and c[:4].isdigit()]
    rates = frame[period_columns].to_numpy(dtype=float).T
    period_starts = np.array([int(c[:4]) for c in period_columns])
    return period_starts, rates


def official_value(official: pd.DataFrame, indicator: str, year: int) -> float:
    """One figure of ``china_official_series.csv`` converted to persons (unit 10k persons)."""
    row = official[(official.indicator == indicator) & (official.year == year)]
    if len(row) != 1 or row.unit.iloc[0] != "10k persons":
        raise ValueError(f"expected one '10k persons' row for {indicator} {year}, found {len(row)}")
    return float(row.value.iloc[0]) * TEN_THOUSAND


def write_csv(frame: pd.DataFrame, path: Path, float_format: str) -> None:
    """Write a plain CSV (header, no index, Unix newlines) with a fixed float format."""
    frame.to_csv(path, index=False, float_format=float_format, lineterminator="\n")


def sort_long(frame: pd.DataFrame, keys: list) -> pd.DataFrame:
    """Sort a long table with ``sex`` in the fixed order male, female."""
    frame = frame.copy()
    frame["_sex_order"] = frame["sex"].map({sex: i for i, sex in enumerate(SEXES)})
    keys = ["_sex_order" if k == "sex" else k for k in keys]
    return frame.sort_values(keys, kind="stable").drop(columns="_sex_order").reset_index(drop=True)


# --------------------------------------------------------------------------- mortality


ABRIDGED_STARTS = np.array([0, 1] + list(range(5, OPEN_AGE + 1, 5)))
ABRIDGED_GROUP_OF_AGE = np.repeat(np.arange(len(ABRIDGED_STARTS)), np.diff(np.append(ABRIDGED_STARTS, N_AGES)))


def pchip_single_age_rates(rates: np.ndarray) -> np.ndarray:
    """Spread abridged rates (0, 1-4, 5-9, ..., 95-99, 100+) over single ages by PCHIP.

    The cumulative hazard ``H(x) = sum of n_i m_i`` over the groups below ``x``
    is known at the group boundaries ``x = 1, 5, 10, ..., 100`` (``H(1) = 0``).
    A monotone cubic (PCHIP, Fritsch-Carlson) through these points is
    differenced to one-year rates ``m_x = H(x+1) - H(x)`` for ``x = 1..99``,
    so that ``sum_{x in group} m_x = n m_group`` and every rate is
    non-negative. ``m_0`` and the open-group rate ``m_100+`` are kept as given.

    Parameters
    ----------
    rates : ndarray, shape (..., 22)

    Returns
    -------
    ndarray, shape (..., 101)
    """
    boundaries = ABRIDGED_STARTS[1:].astype(float)
    widths = np.diff(boundaries)
    cumulative = np.concatenate(
        [np.zeros(rates.shape[:-1] + (1,)), np.cumsum(rates[..., 1:-1] * widths, axis=-1)], axis=-1
    )
    hazard = PchipInterpolator(boundaries, cumulative, axis=-1)(np.arange(1, OPEN_AGE + 1, dtype=float))
    single = np.empty(rates.shape[:-1] + (N_AGES,))
    single[..., 0] = rates[..., 0]
    single[..., 1:OPEN_AGE] = np.diff(hazard, axis=-1)
    single[..., OPEN_AGE] = rates[..., -1]
    return single


def life_table_group_rates(mx: np.ndarray, sex: str) -> np.ndarray:
    """Abridged central rates ``nMx = sum d_x / sum L_x`` of a single-age life table."""
    table = life_table(mx, sex=sex)
    groups = range(len(ABRIDGED_STARTS))
    deaths = np.stack([table.dx[..., ABRIDGED_GROUP_OF_AGE == g].sum(axis=-1) for g in groups], axis=-1)
    years = np.stack([table.Lx[..., ABRIDGED_GROUP_OF_AGE == g].sum(axis=-1) for g in groups], axis=-1)
    return deaths / years


def graduate_abridged_mx(rates: np.ndarray, sex: str, tol: float = 1e-12, max_iter: int = 200) -> np.ndarray:
    """Graduate WPP abridged death rates to single ages, life-table consistent.

    WPP abridged rates are life-table rates ``nMx = ndx / nLx``: an
    ``L``-weighted mean of the single-year rates in the group, lower than
    their plain mean where mortality rises with age. The PCHIP spreading of
    :func:`pchip_single_age_rates` is therefore applied to adjusted group
    inputs ``m*``, updated by the fixed point
    ``m* <- m* * nMx(WPP) / nMx(single-age table of PCHIP(m*))``
    until the single-age life table reproduces every WPP group rate to
    ``tol`` (relative). Age 0 and 100+ are exact by construction.

    Parameters
    ----------
    rates : ndarray, shape (..., 22)
        Rates for groups 0, 1-4, 5-9, ..., 95-99, 100+.
    sex : {"male", "female"}

    Returns
    -------
    ndarray, shape (..., 101)
    """
    adjusted = rates.copy()
    for _ in range(max_iter):
        single = pchip_single_age_rates(adjusted)
        ratio = rates / life_table_group_rates(single, sex)
        if np.max(np.abs(ratio - 1.0)) < tol:
            return single
        adjusted = adjusted * ratio
    raise RuntimeError("mortality graduation did not converge")


def interpolate_log_rates(node_years: np.ndarray, rates: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Piecewise-linear interpolation of ``log m`` in time, age by age.

    Years beyond the last node (2098-2100: the last WPP period is centred on
    1 January 2098) continue the log-linear trend of the last two nodes.

    Parameters
    ----------
    node_years : ndarray, shape (P,)
    rates : ndarray, shape (P, A)
    years : ndarray, shape (Y,)

    Returns
    -------
    ndarray, shape (Y, A)
    """
    log_rates = interp1d(node_years, np.log(rates), axis=0, kind="linear", fill_value="extrapolate")
    return np.exp(log_rates(years))


def pin_to_e0(mx: np.ndarray, target_e0: float, sex: str) -> float:
    """Factor ``k`` such that ``e0(k * mx) = target_e0`` (Brent's method on log k)."""

    def gap(log_factor: float) -> float:
        return float(life_expectancy_at_birth(np.exp(log_factor) * mx, sex=sex)) - target_e0

    return float(np.exp(brentq(gap, np.log(0.05), np.log(20.0), xtol=1e-14, rtol=1e-14)))


def load_e0_targets(wpp: Path, sex: str, years: np.ndarray) -> pd.Series:
    """WPP 2024 annual e0: estimates (``e0?.tsv``) to 2023, medium projection from 2024."""
    code = WPP_SEX_CODE[sex]
    estimates = read_wpp_row_table(wpp / f"e0{code}.tsv")
    projection = pd.read_csv(wpp / "e0proj1dt_CHN.csv").set_index("year")[f"e0{code}"]
    combined = pd.concat([estimates[estimates.index < projection.index.min()], projection])
    missing = sorted(set(years) - set(combined.index))
    if missing:
        raise ValueError(f"WPP e0 for {sex} missing for years {missing}")
    return combined.loc[years]


@dataclass(frozen=True)
class MortalityResult:
    """Annual single-age rates pinned to WPP e0, plus diagnostics."""

    years: np.ndarray
    mx: dict            # sex -> ndarray (year, age)
    factors: dict       # sex -> ndarray (year,) level factor applied
    unpinned_gap: dict  # sex -> ndarray (year,) e0(unpinned) - WPP e0
    pinned_gap: dict    # sex -> ndarray (year,) e0(pinned) - WPP e0


def build_mortality(wpp: Path, years: np.ndarray) -> MortalityResult:
    """Graduate, interpolate in time and pin WPP 2024 mortality for each year and sex.

    WPP's period ``s``-``s+5`` runs from 1 July ``s`` to 30 June ``s+5`` (its
    period e0 equals the mean of annual e0 with half weights on years ``s`` and
    ``s+5``), so its rates are placed at 1 January ``s+3``, i.e. half-way
    between calendar years ``s+2`` and ``s+3`` (node ``s + 2.5`` on the
    calendar-year axis).
    """
    mx, factors, unpinned, pinned = {}, {}, {}, {}
    for sex in SEXES:
        period_starts, rates = read_abridged_mx(wpp / f"mx{WPP_SEX_CODE[sex]}5.tsv")
        annual = interpolate_log_rates(period_starts + PERIOD_CENTRE, graduate_abridged_mx(rates, sex), years)
        targets = load_e0_targets(wpp, sex, years).to_numpy()
        k = np.array([pin_to_e0(annual[i], targets[i], sex) for i in range(len(years))])
        mx[sex] = annual * k[:, None]
        factors[sex] = k
        unpinned[sex] = life_expectancy_at_birth(annual, sex=sex) - targets
        pinned[sex] = life_expectancy_at_birth(mx[sex], sex=sex) - targets
        if np.max(np.abs(pinned[sex])) > E0_TOLERANCE:
            raise RuntimeError(f"e0 pinning failed for {sex}: max gap {np.max(np.abs(pinned[sex]))}")
    return MortalityResult(years, mx, factors, unpinned, pinned)


def mortality_table(result: MortalityResult, years: np.ndarray) -> pd.DataFrame:
    """Long table ``year, sex, age, mx`` for the requested years."""
    index = np.searchsorted(result.years, years)
    rows = [
        pd.DataFrame({"year": np.repeat(years, N_AGES), "sex": sex, "age": np.tile(AGES, len(years)),
                      "mx": result.mx[sex][index].ravel()})
        for sex in SEXES
    ]
    return sort_long(pd.concat(rows, ignore_index=True), ["year", "sex", "age"])


# --------------------------------------------------------------------------- fertility


def graduate_fertility_shares(pasfr: np.ndarray) -> np.ndarray:
    """Single-age shares of TFR at ages 15..49 from 5-year shares 10-14, ..., 50-54.

    Cumulative fertility ``C(x)`` at ``x = 15, 20, ..., 50`` (``C(15) = 0``, groups
    15-19 .. 45-49) is interpolated by PCHIP and differenced, which preserves
    each group sum and keeps every share non-negative. The tiny 10-14 share is
    added to age 15 and the 50-54 share to age 49; shares are then normalised
    to sum to exactly 1.

    Parameters
    ----------
    pasfr : ndarray, shape (Y, 9)
        Percent of TFR in groups 10-14, 15-19, ..., 50-54.

    Returns
    -------
    ndarray, shape (Y, 35)
    """
    nodes = np.arange(15, 55, 5, dtype=float)
    cumulative = np.concatenate([np.zeros((pasfr.shape[0], 1)), np.cumsum(pasfr[:, 1:-1], axis=1)], axis=1)
    curve = PchipInterpolator(nodes, cumulative, axis=1)(np.arange(15, 51, dtype=float))
    shares = np.diff(curve, axis=1)
    shares[:, 0] += pasfr[:, 0]
    shares[:, -1] += pasfr[:, -1]
    return shares / shares.sum(axis=1, keepdims=True)


FERTILITY_VARIANTS = {"medium": "tfr", "low": "tfr_low", "high": "tfr_high"}
PASFR_GROUPS = ["10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54"]


def build_fertility(wpp: Path, years: np.ndarray) -> pd.DataFrame:
    """Single-age ASFR by WPP 2024 variant: ``asfr(x) = TFR_variant * share(x)``."""
    pattern = pd.read_csv(wpp / "CHN_ASFR_5yr_2019_2100_WPP2024.csv")
    pasfr = pattern.pivot(index="year", columns="agegrp", values="pasfr_pct").loc[years, PASFR_GROUPS]
    shares = graduate_fertility_shares(pasfr.to_numpy())
    tfr = pd.read_csv(wpp / "tfrproj1dt_CHN.csv").set_index("year").loc[years]
    frames = [
        pd.DataFrame({"variant": variant, "year": np.repeat(years, len(FERTILE_AGES)),
                      "age": np.tile(FERTILE_AGES, len(years)),
                      "asfr": (tfr[column].to_numpy()[:, None] * shares).ravel()})
        for variant, column in FERTILITY_VARIANTS.items()
    ]
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- migration and SRB


def load_migration_by_age(wpp: Path) -> dict:
    """WPP 2024 net migrants by single age, persons: ``{year: ndarray (2, 101)}`` (2023..2100)."""
    frame = pd.read_csv(wpp / "migprojAge1dt_CHN.csv").sort_values(["year", "age"])
    out = {}
    for year, block in frame.groupby("year"):
        if not np.array_equal(block.age.to_numpy(), AGES):
            raise ValueError(f"migration ages for {year} are not 0..{OPEN_AGE}")
        out[int(year)] = np.stack([block.migM.to_numpy(), block.migF.to_numpy()]) * THOUSAND
    return out


def build_migration(by_age: dict, years: np.ndarray) -> pd.DataFrame:
    """Long table ``year, sex, age, net_migrants`` (persons)."""
    frames = [
        pd.DataFrame({"year": year, "sex": sex, "age": AGES, "net_migrants": by_age[year][s]})
        for year in years for s, sex in enumerate(SEXES)
    ]
    return pd.concat(frames, ignore_index=True)


def load_srb(wpp: Path) -> pd.Series:
    """WPP 2024 sex ratio at birth (males per female birth) by year."""
    return pd.read_csv(wpp / "sexRatio1dt_CHN.csv").set_index("year")["srb"]


# --------------------------------------------------------------------------- base population


def load_mid2021_population(ages_dir: Path) -> np.ndarray:
    """WPP 2022 population at 1 July 2021 by sex and age 0..100, persons.

    WPP 2022 ages 0..99 as given. The 100+ group (lost in the copy) is set from
    the 2020 census share of 100+ within 95+ for each sex, applied to WPP 95-99:
    ``P_100 = P_95-99(WPP) * C_100+ / C_95-99`` (census counts C).
    """
    wpp = pd.read_csv(ages_dir / "china_wpp2022_single_age_2020_2021_thousands.csv")
    wpp = wpp[wpp.year == 2021]
    census = pd.read_csv(ages_dir / "china_census2020_agegroups_persons.csv")
    census = census[census.year == 2020].set_index(["sex", "age_or_group"]).population
    population = np.zeros((2, N_AGES))
    for s, sex in enumerate(SEXES):
        block = wpp[wpp.sex == sex]
        ages = block.age_or_group.astype(int).to_numpy()
        if not np.array_equal(np.sort(ages), np.arange(OPEN_AGE)):
            raise ValueError(f"WPP 2022 single ages for {sex} are not 0..99")
        population[s, ages] = block.population.to_numpy() * THOUSAND
        ratio = census[(sex, "100+")] / census[(sex, "95-99")]
        population[s, OPEN_AGE] = population[s, 95:OPEN_AGE].sum() * ratio
    return population


@dataclass(frozen=True)
class StepAccount:
    """Flows of one carry-forward step (persons; index 0 = male, 1 = female)."""

    label: str
    births: np.ndarray
    deaths: np.ndarray
    migration: np.ndarray
    end_population: np.ndarray


def half_year_step(population: np.ndarray, survival: np.ndarray, births: np.ndarray,
                   migration: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Move a 1 July population to 31 December of the same year.

    Ages are uniform within each single year, so half of those aged ``x`` on
    1 July have had their birthday by 31 December. Each survives half a year
    with ``sqrt(S[x+1])`` (square root of the annual ratio from age ``x`` to
    ``x+1``; ``sqrt(S[100])`` in the open group)::

        P_dec[x] = 0.5 P_jul[x] sqrt(S[x+1]) + 0.5 P_jul[x-1] sqrt(S[x])      (1 <= x <= 99)
        P_dec[100] = (P_jul[100] + 0.5 P_jul[99]) sqrt(S[100])
        P_dec[0] = 0.5 P_jul[0] sqrt(S[1]) + B_half S[0]

    ``B_half`` are the births of July-December by sex, survived with the
    annual ``S[0] = L0/l0`` (infant deaths are concentrated in the first weeks
    of life). The half-year net migrants are added on 31 December by age.

    Returns
    -------
    end_population, deaths : ndarray, shape (2, 101) and (2,)
    """
    half = np.sqrt(survival)
    stay_factor = np.concatenate([half[:, 1:], half[:, OPEN_AGE:]], axis=1)   # age x stays x: sqrt(S[x+1])
    stayers = 0.5 * population * stay_factor
    stayers[:, OPEN_AGE] = population[:, OPEN_AGE] * half[:, OPEN_AGE]
    movers = np.zeros_like(population)
    movers[:, 1:] = 0.5 * population[:, :-1] * half[:, 1:]
    newborn = np.zeros_like(population)
    newborn[:, 0] = births * survival[:, 0]
    survivors = stayers + movers + newborn
    deaths = population.sum(axis=1) + births - survivors.sum(axis=1)
    return survivors + migration, deaths


def annual_step(population: np.ndarray, survival: np.ndarray, births: np.ndarray,
                migration: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One calendar-year cohort-component step, WPP "even" migration timing.

    ``M[x]`` are net migrants aged ``x`` when they move (WPP convention, see
    METHOD.md). Half join at the start of the year at age ``x`` and are exposed
    to the year's survival; half join at the end at age ``x``::

        E[x] = P[x] + M[x] / 2                          (entrants at the start)
        P'[x] = E[x-1] S[x] + M[x] / 2                  (1 <= x <= 99)
        P'[100] = (E[99] + E[100]) S[100] + M[100] / 2
        P'[0] = B S[0] + M[0] / 2

    (the start half of ``M[0]`` enters ``E[0]`` and reaches age 1).

    Returns
    -------
    end_population, deaths : ndarray, shape (2, 101) and (2,)
    """
    entrants = population + 0.5 * migration
    shifted = np.zeros_like(population)
    shifted[:, 1:] = entrants[:, :-1]
    shifted[:, OPEN_AGE] += entrants[:, OPEN_AGE]
    shifted[:, 0] = births
    survivors = shifted * survival
    deaths = (shifted - survivors).sum(axis=1)
    return survivors + 0.5 * migration, deaths


def split_births(total: float, srb: float) -> np.ndarray:
    """Births by sex (male, female) from the total and the sex ratio at birth."""
    female = total / (1.0 + srb)
    return np.array([total - female, female])


def scaled_migration(pattern: np.ndarray, total: float) -> np.ndarray:
    """Age-sex migration pattern rescaled to a new total (persons)."""
    return pattern * (total / pattern.sum())


def survival_for_year(mortality: MortalityResult, year: int) -> np.ndarray:
    """Survival ratios (2, 101) of one calendar year."""
    index = int(np.searchsorted(mortality.years, year))
    return np.stack([survival_ratios(mortality.mx[sex][index], sex=sex) for sex in SEXES])


def carry_forward(source: Path, mortality: MortalityResult, migration_by_age: dict) -> list[StepAccount]:
    """Carry the WPP 2022 mid-2021 population forward to 31 December 2024.

    Steps: 1 July -> 31 December 2021 (half year), then calendar years 2022,
    2023, 2024. Births: half of WPP 2024 estimated 2021 births, WPP 2024
    estimates for 2022 and 2023, NBS 2024 births; split by WPP 2024 SRB.
    Migration: WPP 2024 by age for 2023-2024; for 2021-2022 the 2023 age-sex
    pattern scaled to the WPP 2024 annual total (half of it for July-Dec 2021).
    """
    wpp = source / "wpp2024_china"
    official = pd.read_csv(source / "china_official" / "china_official_series.csv")
    misc = pd.read_csv(wpp / "misc1dt_CHN.csv").set_index("year")
    totals = pd.read_csv(wpp / "mig1dt_CHN.csv").set_index("year")["mig"] * THOUSAND
    srb = load_srb(wpp)
    pattern = migration_by_age[2023]

    birth_totals = {
        2021: 0.5 * misc.loc[2021, "births"] * THOUSAND,
        2022: misc.loc[2022, "births"] * THOUSAND,
        2023: misc.loc[2023, "births"] * THOUSAND,
        2024: official_value(official, "nbs_births", 2024),
    }
    migration = {
        2021: scaled_migration(pattern, 0.5 * totals.loc[2021]),
        2022: scaled_migration(pattern, totals.loc[2022]),
        2023: migration_by_age[2023],
        2024: migration_by_age[2024],
    }

    population = load_mid2021_population(source / "china_population_by_age")
    accounts = [StepAccount("1 Jul 2021", np.zeros(2), np.zeros(2), np.zeros(2), population)]
    for year in (2021, 2022, 2023, 2024):
        step = half_year_step if year == 2021 else annual_step
        births = split_births(birth_totals[year], srb.loc[year])
        population, deaths = step(population, survival_for_year(mortality, year), births, migration[year])
        label = "Jul-Dec 2021" if year == 2021 else str(year)
        accounts.append(StepAccount(label, births, deaths, migration[year].sum(axis=1), population))
    return accounts


def broad_age_matrix(population: np.ndarray) -> np.ndarray:
    """Sum a (2, 101) population into the (2, 4) sex x NBS broad-age table."""
    return np.stack([population[:, lo:hi + 1].sum(axis=1) for lo, hi in BROAD_AGES.values()], axis=1)


def rake(table: np.ndarray, row_totals: np.ndarray, column_totals: np.ndarray,
         tol: float = 1e-13, max_iter: int = 1000) -> np.ndarray:
    """Iterative proportional fitting of a 2-D table to row and column margins.

    Alternately scales rows and columns until both margins agree to ``tol``
    (relative). Returns the fitted table.
    """
    if not np.isclose(row_totals.sum(), column_totals.sum(), rtol=1e-12):
        raise ValueError("margins must have the same grand total")
    fitted = table.astype(float).copy()
    for _ in range(max_iter):
        fitted *= (row_totals / fitted.sum(axis=1))[:, None]
        fitted *= (column_totals / fitted.sum(axis=0))[None, :]
        if np.max(np.abs(fitted.sum(axis=1) / row_totals - 1.0)) < tol:
            return fitted
    raise RuntimeError("raking did not converge")


def nbs_margins(official: pd.DataFrame, year: int) -> tuple[np.ndarray, np.ndarray]:
    """NBS year-end sex totals and broad-age totals (persons).

    60-64 is derived as ``60+ - 65+``.
    """
    sex_totals = np.array([official_value(official, f"nbs_{sex}", year) for sex in SEXES])
    sixty_plus = official_value(official, "nbs_pop60plus", year)
    sixty_five_plus = official_value(official, "nbs_pop65plus", year)
    age_totals = np.array([official_value(official, "nbs_pop0_15", year),
                           official_value(official, "nbs_pop16_59", year),
                           sixty_plus - sixty_five_plus, sixty_five_plus])
    total = official_value(official, "nbs_pop_yearend", year)
    if not (np.isclose(sex_totals.sum(), total) and np.isclose(age_totals.sum(), total)):
        raise ValueError("NBS sex or broad-age totals do not add to the year-end total")
    return sex_totals, age_totals


def reconcile_with_nbs(population: np.ndarray, official: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Rake the carried-forward population to the NBS end-2024 margins.

    Returns the reconciled (2, 101) population and the (2, 4) cell factors;
    each single age is multiplied by the factor of its (sex, broad age) cell.
    """
    sex_totals, age_totals = nbs_margins(official, BASE_YEAR)
    cells = broad_age_matrix(population)
    factors = rake(cells, sex_totals, age_totals) / cells
    per_age = np.zeros_like(population)
    for j, (lo, hi) in enumerate(BROAD_AGES.values()):
        per_age[:, lo:hi + 1] = factors[:, j][:, None]
    return population * per_age, factors


def base_population_table(population: np.ndarray) -> pd.DataFrame:
    """Long table ``sex, age, population``."""
    return pd.concat([pd.DataFrame({"sex": sex, "age": AGES, "population": population[s]})
                      for s, sex in enumerate(SEXES)], ignore_index=True)


# --------------------------------------------------------------------------- reporting


def wpp_deaths(wpp: Path) -> dict:
    """WPP 2024 deaths (persons) for the carry-forward periods, for comparison only."""
    estimates = pd.read_csv(wpp / "misc1dt_CHN.csv").set_index("year")["deaths"] * THOUSAND
    projection = pd.read_csv(wpp / "miscproj1dt_CHN.csv").set_index("year")["deaths"] * THOUSAND
    return {"Jul-Dec 2021 (half of 2021)": 0.5 * estimates.loc[2021], "2022": estimates.loc[2022],
            "2023": estimates.loc[2023], "2024": projection.loc[2024]}


def millions(value: float) -> str:
    """Format persons as millions with 3 decimals."""
    return f"{value / 1e6:,.3f} M"


def report_mortality(result: MortalityResult, shipped_table: pd.DataFrame, wpp: Path) -> None:
    """Print e0 pinning diagnostics, the shipped-table check using the rounded CSV values."""
    print(f"Mortality: e0 pinned to WPP 2024 (years {result.years[0]}-{result.years[-1]})")
    for sex in SEXES:
        gap, raw, k = result.pinned_gap[sex], result.unpinned_gap[sex], result.factors[sex]
        block = shipped_table[shipped_table.sex == sex].sort_values(["year", "age"])
        years = np.unique(block.year)
        rounded = block.mx.to_numpy().reshape(len(years), N_AGES)
        shipped_gap = life_expectancy_at_birth(rounded, sex=sex) - load_e0_targets(wpp, sex, years).to_numpy()
        print(f"  {sex:6s} max|e0 - WPP|: {np.max(np.abs(gap)):.1e} y (2021-2100, unrounded), "
              f"{np.max(np.abs(shipped_gap)):.1e} y (mortality.csv as written); "
              f"unpinned gap {raw.min():+.3f}..{raw.max():+.3f} y; level factor {k.min():.4f}..{k.max():.4f}")
        for year in (2021, 2022, 2023, 2024, 2025, 2030, 2050, 2075, 2097, 2100):
            i = int(np.searchsorted(result.years, year))
            print(f"    {year}: unpinned gap {raw[i]:+.4f} y, factor {k[i]:.5f}")


def report_fertility(table: pd.DataFrame, wpp: Path, years: np.ndarray) -> None:
    """Print TFR sum checks by variant."""
    tfr = pd.read_csv(wpp / "tfrproj1dt_CHN.csv").set_index("year").loc[years]
    print("Fertility: sum_x asfr vs WPP TFR")
    for variant, column in FERTILITY_VARIANTS.items():
        sums = table[table.variant == variant].groupby("year").asfr.sum().loc[years]
        print(f"  {variant:6s} max|sum - TFR| = {np.max(np.abs(sums.to_numpy() - tfr[column].to_numpy())):.2e}; "
              f"TFR 2025 {tfr.loc[2025, column]:.4f}, 2100 {tfr.loc[2100, column]:.4f}")


def report_base_population(accounts: list[StepAccount], factors: np.ndarray, final: np.ndarray,
                           official: pd.DataFrame, wpp: Path) -> None:
    """Print the carry-forward accounts, raking factors and final checks."""
    print("Base population carry-forward (persons; male / female / total)")
    start = accounts[0].end_population
    print(f"  1 Jul 2021 WPP 2022: {millions(start[0].sum())} / {millions(start[1].sum())} / "
          f"{millions(start.sum())}; 100+ = {start[:, OPEN_AGE].round(0)}")
    for account in accounts[1:]:
        print(f"  {account.label:12s} births {millions(account.births.sum())} "
              f"(M {millions(account.births[0])}), deaths {millions(account.deaths.sum())}, "
              f"net migration {millions(account.migration.sum())}, end total {millions(account.end_population.sum())}")
    print("  deaths for comparison: WPP 2024 " + ", ".join(
        f"{label} {millions(value)}" for label, value in wpp_deaths(wpp).items()) + "; NBS " + ", ".join(
        f"{year} {millions(official_value(official, 'nbs_deaths', year))}" for year in (2022, 2023, 2024)))
    carried = accounts[-1].end_population
    wpp_end = pd.read_csv(wpp / "popproj1dt_CHN.csv").set_index("year")
    wpp_male, wpp_female = (wpp_end.loc[BASE_YEAR, c] * THOUSAND for c in ("popM", "popF"))
    print(f"  carried forward end-2024: {millions(carried[0].sum())} / {millions(carried[1].sum())} / "
          f"{millions(carried.sum())}; WPP 2024 end-2024: {millions(wpp_male)} / {millions(wpp_female)} / "
          f"{millions(wpp_male + wpp_female)}")
    sex_totals, age_totals = nbs_margins(official, BASE_YEAR)
    cells = broad_age_matrix(carried)
    print("  raking (carried-forward cell, NBS-fitted cell, factor):")
    for j, label in enumerate(BROAD_AGES):
        for s, sex in enumerate(SEXES):
            print(f"    {label:6s} {sex:6s} {millions(cells[s, j])} -> {millions(cells[s, j] * factors[s, j])} "
                  f"factor {factors[s, j]:.5f}")
    final_cells = broad_age_matrix(final)
    print("  final vs NBS:")
    for s, sex in enumerate(SEXES):
        print(f"    {sex:6s} {millions(final[s].sum())} vs {millions(sex_totals[s])}")
    for j, label in enumerate(BROAD_AGES):
        print(f"    {label:6s} {millions(final_cells[:, j].sum())} vs {millions(age_totals[j])} "
              f"(carried forward {millions(cells[:, j].sum())})")
    print(f"    total  {millions(final.sum())} vs {millions(sex_totals.sum())}")


# --------------------------------------------------------------------------- main


def build(source: Path, out: Path, validation_out: Path) -> None:
    """Build every table, write the CSVs into ``out`` and print the checks.

    The carried-forward end-2024 population before reconciliation with NBS (the
    WPP-consistent age structure) goes to ``validation_out`` for the
    ``wpp2024_china`` validation case.
    """
    wpp = source / "wpp2024_china"
    shipped = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    out.mkdir(parents=True, exist_ok=True)

    mortality = build_mortality(wpp, np.arange(FIRST_MORTALITY_YEAR, LAST_YEAR + 1))
    write_csv(mortality_table(mortality, shipped), out / "mortality.csv", "%.8g")
    report_mortality(mortality, pd.read_csv(out / "mortality.csv"), wpp)

    fertility = build_fertility(wpp, shipped)
    write_csv(fertility, out / "fertility.csv", "%.8g")
    report_fertility(pd.read_csv(out / "fertility.csv"), wpp, shipped)

    migration_by_age = load_migration_by_age(wpp)
    write_csv(build_migration(migration_by_age, shipped), out / "migration.csv", "%.1f")

    srb = load_srb(wpp).loc[shipped]
    write_csv(pd.DataFrame({"year": shipped, "srb": srb.to_numpy()}), out / "sex_ratio_at_birth.csv", "%.8g")

    official = pd.read_csv(source / "china_official" / "china_official_series.csv")
    accounts = carry_forward(source, mortality, migration_by_age)
    final, factors = reconcile_with_nbs(accounts[-1].end_population, official)
    write_csv(base_population_table(final), out / "base_population.csv", "%.1f")
    validation_out.mkdir(parents=True, exist_ok=True)
    write_csv(base_population_table(accounts[-1].end_population),
              validation_out / "base_population_carried_forward.csv", "%.1f")
    report_base_population(accounts, factors, final, official, wpp)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="source data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder for the CSVs")
    parser.add_argument("--validation-out", type=Path, default=DEFAULT_VALIDATION_OUT,
                        help="folder for the unreconciled base population used by validation/wpp2024_china")
    args = parser.parse_args(argv)
    build(args.source, args.out, args.validation_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
