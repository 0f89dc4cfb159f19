"""Fit and calibrate the stochastic layer's processes on UN WPP 2024 (China) and print METHOD_stochastic.md's
figures.

Run from anywhere (the repository root is put on ``sys.path``)::

    python assumptions/china/build/build_stochastic.py [--source DIR] [--out DIR] [--no-write]

Deterministic (no random numbers: every quantile is computed exactly).  Writes, in ``assumptions/china/``:

* ``lee_carter_b.csv`` (sex, age, b): the Lee-Carter age loadings by abridged group, held over single ages;
* ``net_migration_shock_sd.csv`` (year, sd): the sd of net migration each year, from WPP's 80 % interval;
* ``shock_correlation.csv`` (shock, shock_with, correlation): :data:`ASSUMED_CORRELATIONS` and the
  male-female mortality correlation estimated from the fit.

and prints the scalars of ``stochastic.yaml`` it fits (innovation sds, spread scales, fertility bounds and
AR(1)) with the calibration tables.  ``tests/test_stochastic.py`` holds ``stochastic.yaml`` to these values.

Steps:

1. Lee-Carter by sex on ``ln m`` of WPP's abridged groups (0, 1-4, ..., 95-99, 100+) over the 14 five-year
   estimate periods 1950-1955 .. 2015-2020 (:data:`FIT_PERIODS`; 2020-2025 is left out, its 2024 being a
   projection).  Each period is one observation of ``k`` (no interpolation to single years).  Negative
   ``b_x`` (none in this fit; the smallest is male 100+ at 8e-5) would be set to 0.
2. Annual innovation sd = sd of the differences of ``k`` between consecutive periods from 1965-1970 on
   (after the 1959-1961 famine, whose jump and recovery would otherwise dominate) / sqrt(5): a random
   walk's 5-year increment has 5 times the annual variance.
3. Spread scales by sex, one on each side of the median mortality path: ``s_up`` (mortality above it) by
   least squares of the model's exact 2.5 and 10 % life expectancy quantiles against WPP's 95 % and 80 %
   lower bounds, ``s_down`` (mortality below it) of the 90 and 97.5 % quantiles against the upper bounds, at
   :data:`CALIBRATION_YEARS`, around the model's own mortality table (``mortality.csv``, pinned to WPP's
   medium life expectancy).  A quantile below the median depends on ``s_up`` alone and one above on
   ``s_down`` alone, so the two fits are separate.
4. Total fertility: lower bound 0; upper bound, persistence and sd by least squares of the exact
   quantiles against WPP's 95 % and 80 % bounds at the same years, around WPP's medium path.
5. Net migration sd by year = (80 % upper - 80 % lower) / (2 x 1.2816).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize
from scipy.special import ndtri

REPO_ROOT = Path(__file__).resolve().parents[3]
if str(REPO_ROOT) not in sys.path:  # allow running the script without installing the package
    sys.path.insert(0, str(REPO_ROOT))

from actuarial.config.specs.stochastic import SHOCKS  # noqa: E402
from actuarial.demography.lifetable import life_expectancy_at_birth  # noqa: E402
from actuarial.dims import SEXES  # noqa: E402
from actuarial.stochastic.fertility import tfr_quantiles  # noqa: E402
from actuarial.stochastic.leecarter import e0_quantiles, fit_lee_carter, single_age  # noqa: E402

DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data" / "wpp2024_china"
DEFAULT_OUT = REPO_ROOT / "assumptions" / "china"
BASE_YEAR, END_YEAR = 2024, 2100
FIT_PERIODS = [f"{y}-{y + 5}" for y in range(1950, 2020, 5)]
"""The five-year estimate periods of the fit (1950-1955 .. 2015-2020)."""
INNOVATION_FROM = "1965-1970"
"""First period of the innovation sd (differences from here on: after the famine)."""
CALIBRATION_YEARS = (2030, 2050, 2075, 2100)
REPORT_YEARS = (2030, 2035, 2050, 2075, 2100)
PROBABILITIES = (0.025, 0.1, 0.9, 0.975)
WPP_BOUNDS = ("95l", "80l", "80u", "95u")
SEX_CODE = {"male": "M", "female": "F"}
TFR_LOWER = 0.0

ASSUMED_CORRELATIONS = {
    ("real_wage_growth", "unemployment_rate"): -0.5,
    ("inflation", "unemployment_rate"): -0.2,
    ("real_wage_growth", "return_pension_employee"): 0.2,
    ("real_wage_growth", "return_pension_resident"): 0.1,
    ("inflation", "return_pension_employee"): 0.3,
    ("inflation", "return_pension_resident"): 0.3,
    ("inflation", "return_medical_employee"): 0.3,
    ("inflation", "return_medical_resident"): 0.3,
    ("return_pension_employee", "return_pension_resident"): 0.7,
    ("return_medical_employee", "return_medical_resident"): 0.8,
    ("return_pension_employee", "return_medical_employee"): 0.3,
    ("return_pension_employee", "return_medical_resident"): 0.3,
    ("return_pension_resident", "return_medical_employee"): 0.3,
    ("return_pension_resident", "return_medical_resident"): 0.3,
}
"""Assumed correlations of the annual shocks (reasons in stochastic.yaml); every other pair is 0, except the
male-female mortality pair, estimated."""


def read_wpp(source: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(source / name, sep="\t")


def lee_carter(source: Path) -> dict:
    """Fit by sex: ``fit`` (abridged a, b, k), single-age ``b``, annual ``sd``, drifts, and the period labels."""
    out = {}
    for sex in SEXES:
        table = read_wpp(source, f"mx{SEX_CODE[sex]}5.tsv")
        fit = fit_lee_carter(np.log(table[FIT_PERIODS].to_numpy(dtype=float)))
        b = np.clip(fit.b, 0.0, None)
        b = b / b.sum()
        later = fit.k[FIT_PERIODS.index(INNOVATION_FROM):]
        steps = np.diff(later)
        projection = [c for c in table.columns if "-" in c and int(c[:4]) >= 2025]
        implied = (b @ (np.log(table[projection].to_numpy(dtype=float)) - fit.a[:, None])) / (b @ b)
        out[sex] = {
            "fit": fit, "b_group": b, "b": single_age(b), "steps": steps,
            "sd": float(steps.std(ddof=1) / np.sqrt(5.0)),
            "drift_history": float(np.diff(fit.k).mean() / 5.0),
            "drift_after_famine": float(steps.mean() / 5.0),
            "drift_implied": float(np.diff(implied).mean() / 5.0),
            "ages": table["age"].astype(str).tolist(),
        }
    return out


def model_mortality() -> pd.DataFrame:
    return pd.read_csv(REPO_ROOT / "assumptions" / "china" / "mortality.csv")


def e0_table(mortality: pd.DataFrame, sex: str, b: np.ndarray, sd: float, scales: tuple[float, float],
             years) -> np.ndarray:
    rates = mortality[mortality["sex"] == sex].pivot(index="year", columns="age", values="mx")
    scale, improvement = scales
    return np.array([e0_quantiles(rates.loc[y].to_numpy(), b, sd=sd, scale=scale, improvement_scale=improvement,
                                  steps=y - BASE_YEAR, probabilities=PROBABILITIES,
                                  life_expectancy=lambda m: life_expectancy_at_birth(m, sex=sex)) for y in years])


def wpp_e0(source: Path, sex: str, years) -> np.ndarray:
    e0 = pd.read_csv(source / "e0proj1dt_CHN.csv").set_index("year")
    return np.array([[e0.loc[y, f"e0{SEX_CODE[sex]}_{bound}"] for bound in WPP_BOUNDS] for y in years])


def calibrate_scales(source: Path, sex: str, b: np.ndarray, sd: float) -> tuple[float, float]:
    """``(s_up, s_down)``: the lower bounds (columns 95l, 80l) fitted by ``s_up``, the upper ones by ``s_down``."""
    mortality = model_mortality()
    target = wpp_e0(source, sex, CALIBRATION_YEARS)

    def fit(columns: slice, scales) -> float:
        def loss(scale: float) -> float:
            model = e0_table(mortality, sex, b, sd, scales(scale), CALIBRATION_YEARS)
            return float(((model[:, columns] - target[:, columns]) ** 2).sum())

        return float(optimize.minimize_scalar(loss, bounds=(0.1, 40.0), method="bounded",
                                              options={"xatol": 1e-7}).x)

    return fit(slice(0, 2), lambda s: (s, 1.0)), fit(slice(2, 4), lambda s: (1.0, s))


def wpp_tfr(source: Path, years) -> tuple[np.ndarray, np.ndarray]:
    tfr = pd.read_csv(source / "tfrproj1dt_CHN.csv").set_index("year")
    return (np.array([tfr.loc[y, "tfr"] for y in years]),
            np.array([[tfr.loc[y, f"tfr_{bound}"] for bound in WPP_BOUNDS] for y in years]))


def calibrate_fertility(source: Path) -> dict:
    median, target = wpp_tfr(source, CALIBRATION_YEARS)
    steps = np.array(CALIBRATION_YEARS) - BASE_YEAR
    floor = float(target.max())

    def loss(p: np.ndarray) -> float:
        upper, persistence, sd = p
        if upper <= floor or not 0.0 < persistence < 0.999 or sd <= 0.0:
            return 1e9
        model = tfr_quantiles(median, steps, PROBABILITIES, lower=TFR_LOWER, upper=upper, persistence=persistence,
                              sd=sd)
        return float(((model - target) ** 2).sum())

    best = optimize.minimize(loss, np.array([2.5, 0.9, 0.2]), method="Nelder-Mead",
                             options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 20000})
    upper, persistence, sd = best.x
    return {"upper": float(upper), "persistence": float(persistence), "sd": float(sd)}


def migration_sd(source: Path) -> pd.DataFrame:
    low, high = read_wpp(source, "migrationproj80l.tsv"), read_wpp(source, "migrationproj80u.tsv")
    low95, high95 = read_wpp(source, "migrationproj95l.tsv"), read_wpp(source, "migrationproj95u.tsv")
    years = [str(y) for y in range(BASE_YEAR + 1, END_YEAR + 1)]
    sd = (high[years].to_numpy()[0] - low[years].to_numpy()[0]) / (2 * ndtri(0.9)) * 1000.0
    sd95 = (high95[years].to_numpy()[0] - low95[years].to_numpy()[0]) / (2 * ndtri(0.975)) * 1000.0
    return pd.DataFrame({"year": [int(y) for y in years], "sd": np.round(sd, -2), "sd_from_95": sd95})


def correlation(lc: dict) -> pd.DataFrame:
    matrix = pd.DataFrame(np.eye(len(SHOCKS)), index=list(SHOCKS), columns=list(SHOCKS))
    pairs = dict(ASSUMED_CORRELATIONS)
    pairs[("mortality_male", "mortality_female")] = round(
        float(np.corrcoef(lc["male"]["steps"], lc["female"]["steps"])[0, 1]), 2)
    for (first, second), value in pairs.items():
        matrix.loc[first, second] = matrix.loc[second, first] = value
    return matrix


def build(source: Path) -> dict:
    """Every fitted quantity (rounded as shipped) and the calibration tables."""
    lc = lee_carter(source)
    result = {"lee_carter": lc, "scale": {}, "e0": {}}
    for sex in SEXES:
        sd = round(lc[sex]["sd"], 4)
        scales = tuple(round(value, 3) for value in calibrate_scales(source, sex, lc[sex]["b"], sd))
        lc[sex]["sd_rounded"] = sd
        result["scale"][sex] = scales
        result["e0"][sex] = (e0_table(model_mortality(), sex, lc[sex]["b"], sd, scales, REPORT_YEARS),
                             wpp_e0(source, sex, REPORT_YEARS))
    fertility = {key: round(value, 4) for key, value in calibrate_fertility(source).items()}
    median, target = wpp_tfr(source, REPORT_YEARS)
    model = tfr_quantiles(median, np.array(REPORT_YEARS) - BASE_YEAR, PROBABILITIES, lower=TFR_LOWER,
                          upper=fertility["upper"], persistence=fertility["persistence"], sd=fertility["sd"])
    result.update(fertility=fertility, tfr=(model, target), migration=migration_sd(source),
                  correlation=correlation(lc))
    return result


def b_table(lc: dict) -> pd.DataFrame:
    rows = [{"sex": sex, "age": age, "b": round(float(value), 6)}
            for sex in SEXES for age, value in enumerate(lc[sex]["b"])]
    return pd.DataFrame(rows)


def correlation_table(matrix: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame([{"shock": a, "shock_with": b, "correlation": matrix.loc[a, b]}
                         for a in SHOCKS for b in SHOCKS])


def report(result: dict) -> None:
    lc = result["lee_carter"]
    print("Lee-Carter (abridged ln m, periods 1950-1955 .. 2015-2020)")
    print("| group | a male | b male | a female | b female |\n| --- | --- | --- | --- | --- |")
    for i, age in enumerate(lc["male"]["ages"]):
        print(f"| {age} | {lc['male']['fit'].a[i]:.3f} | {lc['male']['b_group'][i]:.4f} | "
              f"{lc['female']['fit'].a[i]:.3f} | {lc['female']['b_group'][i]:.4f} |")
    for sex in SEXES:
        x = lc[sex]
        print(f"{sex}: explained {x['fit'].explained:.4f}; k by period {np.round(x['fit'].k, 2).tolist()}; "
              f"drift/yr 1950-2020 {x['drift_history']:.3f}, from 1965-1970 {x['drift_after_famine']:.3f}, "
              f"implied by WPP medium 2025-2100 {x['drift_implied']:.3f}; innovation sd/yr {x['sd']:.4f}; "
              f"spread scales above / below the median mortality path {result['scale'][sex]}")
    print("fertility:", result["fertility"])
    print("correlation male-female mortality:", result["correlation"].loc["mortality_male", "mortality_female"])
    years = REPORT_YEARS
    for sex in SEXES:
        model, wpp = result["e0"][sex]
        print(f"e0 {sex}: year | model 95l 80l 80u 95u | WPP 95l 80l 80u 95u")
        for y, m, w in zip(years, model, wpp):
            print(f"| {y} | {' / '.join(f'{v:.2f}' for v in m)} | {' / '.join(f'{v:.2f}' for v in w)} | "
                  f"{np.abs(m - w).max():.2f} |")
    model, wpp = result["tfr"]
    print("TFR: year | model | WPP | max abs diff")
    for y, m, w in zip(years, model, wpp):
        print(f"| {y} | {' / '.join(f'{v:.3f}' for v in m)} | {' / '.join(f'{v:.3f}' for v in w)} | "
              f"{np.abs(m - w).max():.3f} |")
    mig = result["migration"]
    print("migration sd (80 %), sd (95 %) in 2025, 2050, 2100:",
          mig.set_index("year").loc[[2025, 2050, 2100]].round(0).to_dict("index"))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    result = build(args.source)
    if not args.no_write:
        args.out.mkdir(parents=True, exist_ok=True)
        b_table(result["lee_carter"]).to_csv(args.out / "lee_carter_b.csv", index=False)
        result["migration"][["year", "sd"]].to_csv(args.out / "net_migration_shock_sd.csv", index=False,
                                                   float_format="%.0f")
        correlation_table(result["correlation"]).to_csv(args.out / "shock_correlation.csv", index=False)
    report(result)


if __name__ == "__main__":
    main()
