"""Back-test of the employee pension's history run (issue 10, item 4).

Two parts, both pure functions returning pandas DataFrames:

* :func:`in_sample_table`: the history run (end-1997 to the base year, on the published workers,
  wages, increases, crediting and history mortality) year by year against every published year
  2004-2024 of ``validation/pension_history/published.csv``.
* :func:`out_of_sample_table`: the same run with only what was known at end-2018
  (:func:`known_in_2018`), joined at 2018 as the model joins its base year, run to 2024 and set
  against the published 2019-2024 figures, beside the same join on the actual inputs, so that the
  forecast error splits into an input part (known-in-2018 minus actual inputs) and a mechanics part
  (actual inputs minus published).

What each model figure is
-------------------------
* retirees: the run's pensioners (enterprise and, from the institution entry year, public-institution
  retirees); in-sample **not** scaled (the model scales only the base year's stock, by
  ``count_scale``); ``uebpi_retirees_joined`` is the base year's joined stock.
* workers: the run's contributors, which are the ``history_workers`` input spread over sex and age:
  they reproduce the published series by construction (a check of the spread, not a fit).
* expenditure: the run's benefits (12 x the mean of the indexed opening and closing December
  amounts) with public-institution retirees at the model's joined level.
* contributions: the run's contributors x the base year's contribution per contributor relative to the
  average wage (by sex and age: base-year rates, declared bases and compliance) x the year's average
  wage.  The set has no history of contribution rates (28 % before May 2016, 27 % to April 2019, 24 %
  since), so earlier years are understated by about 1/8 on this count alone.
* revenue: contributions + the non-contribution income (fiscal subsidy, interest and other income) as
  a share of expenditure: the base year's share in-sample (revenue_base - contributions_target over
  expenditure_target), the last share published by end-2018 (2016) out of sample.
* balance: in-sample the published balance of the year before rolled one year with the model's
  revenue and expenditure (a test of the flows; only where the year before is published); out of
  sample the published end-2018 balance rolled forward.
* average pension: ``enterprise_retiree_avg_monthly_pension`` (December amounts of the enterprise
  stock over its count) where published; ``uebpi_average_pension`` = expenditure / (12 x end-year
  retirees) on both sides, published where both are.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from actuarial.demography.lifetable import survival_ratios
from actuarial.dims import OPEN_AGE, SEXES
from actuarial.schemes.pension_employee_history import (
    BaseProfiles,
    BaseYearState,
    HistoryInputs,
    HistoryRun,
    run_history,
)

FIRST_YEAR = 2004
"""First year of the published back-test series."""
CUTOFF = 2018
"""The out-of-sample run knows the data of this year and before (end-2018 base)."""
TREND_YEARS = (2014, 2018)
"""Years whose growth the known-in-2018 extrapolations carry forward."""
INSTITUTION_ENTRY_STOCK_2015 = 17_000_000.0
"""Public-institution retirees at end-2015 known in 2018: 'more than 17 million retirees of agencies and
institutions' reached by the 2016 adjustment (Xinhua, 2016-04-18; ``institution_retiree_share`` in
pension_history.yaml).  The known-in-2018 run enters this stock in the entry year instead of the
base-year share of the published 2024 retirees."""
UNITS = {"10k persons": 1e4, "100m yuan": 1e8, "yuan/month": 1.0}
STATUS_RANK = {"verified": 0, "verified-secondary": 1, "derived": 2, "unverified-recall": 3, "weak": 4}
QUANTITIES = ("uebpi_participants", "uebpi_workers", "uebpi_retirees", "uebpi_retirees_increase",
              "uebpi_enterprise_retirees", "uebpi_revenue", "uebpi_contribution_income", "uebpi_expenditure",
              "uebpi_balance", "uebpi_average_pension", "enterprise_retiree_avg_monthly_pension")
"""The in-sample quantities, in the order of the table."""
OUT_OF_SAMPLE = ("uebpi_participants", "uebpi_workers", "uebpi_retirees", "uebpi_retirees_increase",
                 "uebpi_revenue", "uebpi_expenditure", "uebpi_balance", "uebpi_average_pension")


# --------------------------------------------------------------------------- the model's history inputs
@dataclass(frozen=True)
class HistorySetup:
    """What the model passes to its history run, and the base year's join and flows.

    ``history``, ``base`` and ``rules`` (divisor, accrual, transitional_accrual) are exactly the
    arguments of :func:`run_history` in the model; ``state`` is the model's base-year state (its join);
    ``contribution_ratio`` (sex, age) the base year's contributions per contributor over the history's
    base-year average wage; ``other_income_share`` the base year's (revenue - contributions) / expenditure.
    """

    history: HistoryInputs
    base: BaseProfiles
    rules: dict
    state: BaseYearState
    contribution_ratio: np.ndarray
    other_income_share: float


def history_setup(assumptions) -> HistorySetup:
    """Run the model's pipeline up to the employee pension's base year and keep its history inputs.

    The inputs are those the model builds (``kernel_inputs`` keeps its :class:`HistoryInputs` and
    :class:`BaseProfiles` in its stage), so the back-test runs exactly the model's history.
    """
    from actuarial.demography.projection import demographic_inputs
    from actuarial.model import run_model
    from actuarial.schemes import SCHEMES
    from actuarial.schemes import pension_employee as scheme
    from actuarial.schemes.pension_employee_rules import per_contributor
    from actuarial.schemes.protocol import Upstream

    projection = run_model(assumptions)
    upstream = Upstream(projection=projection, survival=demographic_inputs(assumptions).survival)
    parameters = SCHEMES["pension_employee"].read(assumptions)
    stage = scheme.kernel_inputs(parameters, upstream).stage
    history = stage["history"]
    per_person = per_contributor(stage["flows"]["contributions"][0, 0], stage["cell"][0, 0])  # path 0, base year
    contributions = float((stage["cell"][0, 0] * per_person).sum())
    other = (parameters.revenue_base - contributions) / parameters.expenditure_target
    rules = {"divisor": parameters.divisor, "accrual": float(parameters.accrual[0]),
             "transitional_accrual": parameters.transitional_accrual}
    # relative to the history's base-year wage (the published series the run is driven by)
    ratio = per_person / float(history.wage[-1])
    return HistorySetup(history=history, base=stage["profiles"][0], rules=rules, state=stage["states"][0],
                        contribution_ratio=ratio, other_income_share=float(other))


# --------------------------------------------------------------------------- published figures
def read_history_published(path: Path) -> pd.DataFrame:
    """``published.csv`` of the pension_history case (``indicator, year, value, unit, status, source``)
    in persons, yuan and yuan/month, one row per indicator and year (the file already holds one)."""
    table = pd.read_csv(path)
    table = table.assign(value=table["value"] * table["unit"].map(UNITS))
    table["unit"] = table["unit"].map({"10k persons": "persons", "100m yuan": "yuan", "yuan/month": "yuan/month"})
    return table[["indicator", "year", "value", "unit", "status"]].reset_index(drop=True)


def published_quantities(published: pd.DataFrame, first: int = FIRST_YEAR, last: int = 2024) -> pd.DataFrame:
    """The published back-test figures by quantity and year (``quantity, year, published, unit, status``),
    with the two derived quantities: the retirees' increase (both years published) and the average
    pension (expenditure / 12 / end-year retirees, both published); a derived row takes the weaker status."""
    rows = published.loc[published["year"].between(first, last)].rename(columns={"indicator": "quantity",
                                                                                "value": "published"})
    value = {(q, y): (v, s) for q, y, v, s in rows[["quantity", "year", "published", "status"]].itertuples(index=False)}
    weaker = lambda *s: max(s, key=lambda x: STATUS_RANK.get(x, 9))  # noqa: E731
    derived = []
    for year in range(first, last + 1):
        now, before = value.get(("uebpi_retirees", year)), value.get(("uebpi_retirees", year - 1))
        if now and before:
            derived.append(("uebpi_retirees_increase", year, now[0] - before[0], "persons", weaker(now[1], before[1])))
        spent = value.get(("uebpi_expenditure", year))
        if now and spent:
            derived.append(("uebpi_average_pension", year, spent[0] / 12.0 / now[0], "yuan/month", weaker(now[1], spent[1])))
    table = pd.concat([rows[["quantity", "year", "published", "unit", "status"]],
                       pd.DataFrame(derived, columns=["quantity", "year", "published", "unit", "status"])])
    order = {q: i for i, q in enumerate(QUANTITIES)}
    table = table.loc[table["quantity"].isin(order)]
    return table.sort_values(["quantity", "year"], key=lambda c: c.map(order) if c.name == "quantity" else c) \
        .reset_index(drop=True)


# --------------------------------------------------------------------------- model series
def _survival(mortality: np.ndarray) -> np.ndarray:
    return np.stack([survival_ratios(mortality[:, i], sex=sex) for i, sex in enumerate(SEXES)], axis=1)


def _roll(cells: np.ndarray, survival: np.ndarray, factor: float = 1.0) -> np.ndarray:
    """Cells (sex, age) one year on: aged one year (the open age keeps its own), survived, times ``factor``."""
    moved = np.zeros_like(cells)
    moved[:, 1:] = cells[:, :-1]
    moved[:, OPEN_AGE] += cells[:, OPEN_AGE]
    return moved * survival * factor


def model_series(history: HistoryInputs, runs: tuple[HistoryRun, HistoryRun], level: float,
                 contribution_ratio: np.ndarray, other_income_share: float,
                 join: tuple[int, float, float] | None = None) -> pd.DataFrame:
    """Model figures by history year from the runs at institution level 0 and 1 (amounts are linear in it).

    ``join = (year, retirees, expenditure)`` joins that year as the model joins its base year: the
    stock in payment then is scaled to the published retirees (its survivors stay scaled, later awards
    do not) and the institution level is solved for the published expenditure of the year; before the
    join year the series are the unscaled run's.  Columns: year, workers, retirees, new_pensioners,
    enterprise_retirees, expenditure, contributions, revenue_less_contributions, enterprise_mean,
    level, scale.
    """
    zero, unit = runs
    years = history.years
    o0, o1 = zero.outputs, unit.outputs
    count = o0["pensioners"].sum(axis=(1, 2))
    per_unit_amount = o1["pension_amount"] - o0["pension_amount"]
    per_unit_benefits = o1["benefits"] - o0["benefits"]
    scale, extra_count, extra_benefits = 1.0, np.zeros(years.size), np.zeros(years.size)
    if join is not None:
        year, retirees, expenditure = join
        j = int(np.searchsorted(years, year))
        scale = retirees / count[j]
        level = (expenditure / scale - o0["benefits"][j]) / per_unit_benefits[j]
        survival = _survival(history.mortality)
        persons = o0["pensioners"][j] * (scale - 1.0)
        amount = (o0["pension_amount"][j] + level * per_unit_amount[j]) * (scale - 1.0)
        extra_count[j] = persons.sum()
        extra_benefits[j] = (scale - 1.0) * (o0["benefits"][j] + level * per_unit_benefits[j])
        for t in range(j + 1, years.size):
            opening = _roll(amount, np.ones_like(survival[t]), 1.0 + history.indexation[t])
            persons, amount = _roll(persons, survival[t]), opening * survival[t]
            extra_count[t] = persons.sum()
            extra_benefits[t] = 6.0 * float((opening + amount).sum())
    institution = zero.institution.sum(axis=(1, 2))
    enterprise = count - institution
    workers = o0["contributors"].sum(axis=(1, 2))
    contributions = (o0["contributors"] * contribution_ratio[None]).sum(axis=(1, 2)) * history.wage
    benefits = o0["benefits"] + level * per_unit_benefits + extra_benefits
    return pd.DataFrame({
        "year": years, "workers": workers, "retirees": count + extra_count,
        "new_pensioners": o0["new_pensioners"].sum(axis=(1, 2)), "enterprise_retirees": enterprise,
        "expenditure": benefits, "contributions": contributions,
        "revenue_less_contributions": other_income_share * benefits,
        "enterprise_mean": np.where(enterprise > 0, _enterprise_amount(zero) / np.where(enterprise > 0, enterprise, 1), 0.0),
        "level": level, "scale": scale,
    })


def _enterprise_amount(zero: HistoryRun) -> np.ndarray:
    """December amounts of the enterprise stock: the level-0 run pays institution retirees nothing."""
    return zero.outputs["pension_amount"].sum(axis=(1, 2))


def _model_value(series: pd.DataFrame, quantity: str, year: int, balance_before: float | None) -> float:
    row = series.set_index("year")
    if year not in row.index:
        return np.nan
    r = row.loc[year]
    revenue = r["contributions"] + r["revenue_less_contributions"]
    if quantity == "uebpi_participants":
        return r["workers"] + r["retirees"]
    if quantity == "uebpi_workers":
        return r["workers"]
    if quantity == "uebpi_retirees":
        return r["retirees"]
    if quantity == "uebpi_retirees_increase":
        return r["retirees"] - row.loc[year - 1, "retirees"] if year - 1 in row.index else np.nan
    if quantity == "uebpi_enterprise_retirees":
        return r["enterprise_retirees"]
    if quantity == "uebpi_revenue":
        return revenue
    if quantity == "uebpi_contribution_income":
        return r["contributions"]
    if quantity == "uebpi_expenditure":
        return r["expenditure"]
    if quantity == "uebpi_balance":
        return balance_before + revenue - r["expenditure"] if balance_before is not None else np.nan
    if quantity == "uebpi_average_pension":
        return r["expenditure"] / 12.0 / r["retirees"]
    if quantity == "enterprise_retiree_avg_monthly_pension":
        return r["enterprise_mean"]
    raise KeyError(quantity)


def _differences(table: pd.DataFrame, model: str = "model") -> pd.DataFrame:
    table = table.copy()
    table["difference"] = table[model] - table["published"]
    table["relative_difference"] = table["difference"] / table["published"]
    return table


# --------------------------------------------------------------------------- in sample
def in_sample_runs(setup: HistorySetup) -> tuple[HistoryRun, HistoryRun]:
    """The model's history run at institution level 0 and 1."""
    return tuple(run_history(setup.history, setup.base, institution_level=level, **setup.rules) for level in (0.0, 1.0))


def in_sample_table(setup: HistorySetup, published: pd.DataFrame,
                    runs: tuple[HistoryRun, HistoryRun] | None = None) -> pd.DataFrame:
    """The history run against every published figure 2004-2024 (``published`` as read by
    :func:`read_history_published`): quantity, year, unit, status, published, model, difference
    (model - published) and relative_difference; plus ``uebpi_retirees_joined`` (the base year's joined
    stock) and the end-1997 start (``uebpi_retirees`` 1997 against the run's stated start)."""
    runs = runs or in_sample_runs(setup)
    series = model_series(setup.history, runs, setup.state.institution_level, setup.contribution_ratio,
                          setup.other_income_share)
    targets = published_quantities(published)
    balances = {y: v for q, y, v in published.loc[published["indicator"] == "uebpi_balance",
                                                  ["indicator", "year", "value"]].itertuples(index=False)}
    model = [_model_value(series, q, y, balances.get(y - 1)) for q, y in zip(targets["quantity"], targets["year"])]
    table = targets.assign(model=model)
    base_year = int(setup.history.years[-1])
    extra = pd.DataFrame([
        ("uebpi_retirees_joined", base_year, _published(published, "uebpi_retirees", base_year), "persons",
         _status(published, "uebpi_retirees", base_year), float(setup.state.pensioners.sum())),
        ("uebpi_retirees_start", int(setup.history.years[0]), float(setup.history.start_retirees), "persons", "derived",
         float(series["retirees"].iloc[0])),
    ], columns=["quantity", "year", "published", "unit", "status", "model"])
    table = pd.concat([table, extra], ignore_index=True)
    return _differences(table)[["quantity", "year", "unit", "status", "published", "model", "difference",
                                "relative_difference"]]


def _published(published: pd.DataFrame, indicator: str, year: int) -> float:
    rows = published.loc[(published["indicator"] == indicator) & (published["year"] == year), "value"]
    return float(rows.iloc[0]) if len(rows) else np.nan


def _status(published: pd.DataFrame, indicator: str, year: int) -> str:
    rows = published.loc[(published["indicator"] == indicator) & (published["year"] == year), "status"]
    return str(rows.iloc[0]) if len(rows) else ""


# --------------------------------------------------------------------------- out of sample
def known_in_2018(history: HistoryInputs, published: pd.DataFrame, cutoff: int = CUTOFF,
                  trend: tuple[int, int] = TREND_YEARS) -> HistoryInputs:
    """The history inputs with every year after ``cutoff`` (and every value resting on later data)
    replaced by what was known at the end of ``cutoff``:

    * average wage: the cutoff year's, grown at the mean (geometric) growth of the trend years;
    * pension increase, account rate, crediting rate and mortality: the cutoff year's;
    * workers: the last published count of the trend years (``published``; the table's 2017-2019 are
      interpolations to the 2020 figure), grown at its geometric growth since the first trend year;
    * public-institution retirees: sized so that the stock entering in the entry year is the 17 million
      known at end-2015 (:data:`INSTITUTION_ENTRY_STOCK_2015`), not the share of the 2024 retirees:
      ``institution_retirees`` (the survivors at the base year) is set by the history mortality
      known in 2018, in :func:`institution_known_in_2018`.

    The end-1997 start, the membership parameters and the base-year profiles are kept (see
    ``validation/pension_history/SOURCE.md`` for what this leaves of post-2018 information).
    """
    years = history.years
    later = years > cutoff
    c = int(np.searchsorted(years, cutoff))
    first = int(np.searchsorted(years, trend[0]))
    wage = history.wage.copy()
    growth = (wage[c] / wage[first - 1]) ** (1.0 / (c - first + 1))
    wage[later] = wage[c] * growth ** (years[later] - cutoff)
    counts = published.loc[(published["indicator"] == "uebpi_workers") & published["year"].between(*trend)]
    counts = counts.set_index("year")["value"].sort_index()
    last_year, first_year = int(counts.index[-1]), int(counts.index[0])
    worker_growth = (counts.iloc[-1] / counts.iloc[0]) ** (1.0 / (last_year - first_year))
    workers = history.workers.copy()
    after = years > last_year
    workers[after] = counts.iloc[-1] * worker_growth ** (years[after] - last_year)
    held = {name: getattr(history, name).copy() for name in ("indexation", "account_rate", "crediting", "mortality")}
    for values in held.values():
        values[later] = values[c]
    return dataclasses.replace(history, wage=wage, workers=workers, **held)


def institution_known_in_2018(history: HistoryInputs, base: BaseProfiles, rules: dict) -> HistoryInputs:
    """``history`` with ``institution_retirees`` set so that the entry-year stock is the 17 million known
    at end-2015 (the entry stock is linear in the survivors it is sized to)."""
    run = run_history(history, base, **rules)
    entry = int(np.searchsorted(history.years, history.institution_entry_year))
    entered = float(run.institution[entry].sum())
    return dataclasses.replace(history, institution_retirees=history.institution_retirees
                               * INSTITUTION_ENTRY_STOCK_2015 / entered)


def _join_targets(history: HistoryInputs, published: pd.DataFrame, cutoff: int) -> tuple[int, float, float]:
    """The cutoff year's retirees (published participants less the input workers: the split was published
    in 2018 but is not in the shared data) and expenditure."""
    c = int(np.searchsorted(history.years, cutoff))
    retirees = _published(published, "uebpi_participants", cutoff) - float(history.workers[c])
    return cutoff, retirees, _published(published, "uebpi_expenditure", cutoff)


def out_of_sample_inputs(setup: HistorySetup, published: pd.DataFrame, cutoff: int = CUTOFF) -> HistoryInputs:
    """The known-in-2018 history inputs (:func:`known_in_2018`, then :func:`institution_known_in_2018`)."""
    return institution_known_in_2018(known_in_2018(setup.history, published, cutoff), setup.base, setup.rules)


def out_of_sample_series(setup: HistorySetup, history: HistoryInputs, published: pd.DataFrame,
                         other_income_share: float, cutoff: int = CUTOFF) -> pd.DataFrame:
    """Model series of ``history`` joined at ``cutoff`` (:func:`model_series`)."""
    runs = tuple(run_history(history, setup.base, institution_level=level, **setup.rules) for level in (0.0, 1.0))
    return model_series(history, runs, 0.0, setup.contribution_ratio, other_income_share,
                        join=_join_targets(history, published, cutoff))


def known_other_income_share(published: pd.DataFrame, cutoff: int = CUTOFF) -> float:
    """(revenue - contribution income) / expenditure of the last year up to ``cutoff`` with all three
    published (2016): the fiscal subsidy and interest as known then."""
    wide = published.pivot_table(index="year", columns="indicator", values="value")
    wide = wide.loc[wide.index <= cutoff, ["uebpi_revenue", "uebpi_contribution_income", "uebpi_expenditure"]].dropna()
    last = wide.iloc[-1]
    return float((last["uebpi_revenue"] - last["uebpi_contribution_income"]) / last["uebpi_expenditure"])


def out_of_sample_table(setup: HistorySetup, published: pd.DataFrame, cutoff: int = CUTOFF) -> pd.DataFrame:
    """The known-in-2018 run joined at 2018 against the published figures after 2018, beside the same
    join on the actual inputs.

    Columns: quantity, year, unit, status, published, known_2018 (the forecast), actual_inputs (the
    model's inputs, same mechanics and join), difference (known_2018 - published), relative_difference,
    input_effect (known_2018 - actual_inputs), mechanics_error (actual_inputs - published); so
    difference = input_effect + mechanics_error.  The balance is the published cutoff-year balance rolled
    forward with each run's revenue and expenditure.
    """
    forecast = out_of_sample_series(setup, out_of_sample_inputs(setup, published, cutoff), published,
                                    known_other_income_share(published, cutoff), cutoff)
    actual = out_of_sample_series(setup, setup.history, published, setup.other_income_share, cutoff)
    balance0 = _published(published, "uebpi_balance", cutoff)
    targets = published_quantities(published, first=cutoff + 1)
    targets = targets.loc[targets["quantity"].isin(OUT_OF_SAMPLE)].reset_index(drop=True)
    columns = {}
    for name, series in (("known_2018", forecast), ("actual_inputs", actual)):
        balance = _rolled_balance(series, balance0, cutoff)
        columns[name] = [balance.get(y, np.nan) if q == "uebpi_balance" else _model_value(series, q, y, None)
                         for q, y in zip(targets["quantity"], targets["year"])]
    table = _differences(targets.assign(**columns), model="known_2018")
    table["input_effect"] = table["known_2018"] - table["actual_inputs"]
    table["mechanics_error"] = table["actual_inputs"] - table["published"]
    return table[["quantity", "year", "unit", "status", "published", "known_2018", "actual_inputs", "difference",
                  "relative_difference", "input_effect", "mechanics_error"]]


def _rolled_balance(series: pd.DataFrame, balance: float, cutoff: int) -> dict:
    out = {}
    for r in series.loc[series["year"] > cutoff].itertuples(index=False):
        balance = balance + r.contributions + r.revenue_less_contributions - r.expenditure
        out[int(r.year)] = balance
    return out


# --------------------------------------------------------------------------- printing
SHOWN = {"persons": (1e4, "10k"), "yuan": (1e8, "100m"), "yuan/month": (1.0, "yuan/m")}


def shown(table: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """``table`` with persons in 10k, yuan in 100m (published units) and relative differences in %."""
    out = table.copy()
    divisor = out["unit"].map(lambda u: SHOWN[u][0])
    for column in columns:
        out[column] = (out[column] / divisor).round(1)
    out["unit"] = out["unit"].map(lambda u: SHOWN[u][1])
    if "relative_difference" in out:
        out["relative_difference"] = (100.0 * out["relative_difference"]).round(1).astype(str) + " %"
    return out


__all__ = ["CUTOFF", "HistorySetup", "history_setup", "in_sample_runs", "in_sample_table", "known_in_2018",
           "known_other_income_share", "model_series", "out_of_sample_inputs", "out_of_sample_table",
           "published_quantities", "read_history_published", "shown"]
