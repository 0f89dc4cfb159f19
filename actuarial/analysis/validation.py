"""Validation cases: reproductions of published figures, model against published.

Each case is a folder in ``validation/`` holding ``published.csv`` (columns
``quantity, year, published, unit, tolerance, kind``; ``kind`` is ``relative``
or ``absolute``; the tolerance follows the published rounding or the stated
reach of the case; ``reported`` marks a row shown with its gap but not asserted:
its difference is relative, its tolerance the published rounding as a share of
the figure, and its ``ok`` is always true: the case's SOURCE.md must say why
the model does not reproduce it), a ``SOURCE.md`` citing document and table, and ``case.py``
whose ``model_figures(published)`` returns the model's value for every row.
``python validation/<case>/case.py`` prints the same table as
``actuarial validate --case <case>``.  An analytic case (no published table)
defines ``published_figures()`` instead of shipping ``published.csv``: it
returns the same columns, computed from theory (e.g. Lotka's intrinsic rate).
"""

from __future__ import annotations

import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from actuarial.config import AssumptionError
from actuarial.config.yaml_io import MAX_TABLE_BYTES, read_text, read_yaml, shown

PUBLISHED_COLUMNS = ["quantity", "year", "published", "unit", "tolerance", "kind"]


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path


def legislated_path(file: Path, name: str, years) -> np.ndarray:
    """The time path ``name`` over ``years`` as the assumption file gives it, history included (a step path:
    each value holds until the next key; a loaded set keeps the projection years only).  For back-casts of
    published years before the base year."""
    values = read_yaml(file)[name]["values"]
    return np.array([float(values[max(key for key in values if key <= int(year))]) for year in years])


def backcast(folder: Path, *, wages: Path, rates: Callable[[np.ndarray], np.ndarray], base_value: float,
             base_year: int) -> dict[int, float]:
    """A contribution flow in the years before the base year, from its base-year value: for each year of
    ``folder/backcast_inputs.csv`` (``year, participants``), participants x the wage of ``wages``
    (``history_year, yuan``) x ``rates(years)``, times the base year's ratio of ``base_value`` to that product
    (the base year's collection per insured wage at the legislated rate)."""
    inputs = pd.read_csv(folder / "backcast_inputs.csv").set_index("year")["participants"]
    wage = pd.read_csv(wages).set_index("history_year")["yuan"]
    years = inputs.index.to_numpy()
    insured = {int(year): float(inputs[year] * wage[year] * rate) for year, rate in zip(years, rates(years))}
    ratio = base_value / insured[base_year]
    return {year: value * ratio for year, value in insured.items() if year != base_year}


def discover_cases(folder: Path, names: tuple[str, ...] = ()) -> list[Case]:
    """Every case folder (one with a ``case.py``) below ``folder``, or just ``names``."""
    found = {path.parent.name: Case(path.parent.name, path.parent) for path in sorted(Path(folder).glob("*/case.py"))}
    unknown = [name for name in names if name not in found]
    if unknown:
        raise AssumptionError(folder, "--case", f"value {shown(unknown[0])} is not a validation case; known: "
                              f"{', '.join(found) or 'none'}")
    return [found[name] for name in names] if names else list(found.values())


KINDS = ("relative", "absolute", "reported")


def read_published(case: Case) -> pd.DataFrame:
    """The case's ``published.csv``, read through the guarded reader and checked: its columns, numeric
    ``published`` and ``tolerance`` (finite, tolerance non-negative) and a known ``kind``."""
    return read_published_table(case.folder / "published.csv")


def read_published_table(path: Path) -> pd.DataFrame:
    """A published table in the standard columns at ``path`` (see :func:`read_published`)."""
    text = read_text(path, limit=MAX_TABLE_BYTES, what="published tables")
    try:
        table = pd.read_csv(io.StringIO(text))
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise AssumptionError(path, "", f"unreadable CSV: {str(error).splitlines()[0][:200]}") from None
    if list(table.columns) != PUBLISHED_COLUMNS:
        raise AssumptionError(path, "columns", f"value {shown(list(table.columns))} must be {PUBLISHED_COLUMNS}")
    for column in ("published", "tolerance"):
        values = pd.to_numeric(table[column], errors="coerce")
        bad = ~np.isfinite(values) | ((values < 0) if column == "tolerance" else False)
        if bad.any():
            row = int(np.argmax(bad.to_numpy()))
            rule = "a non-negative number" if column == "tolerance" else "a finite number"
            raise AssumptionError(path, column, f"value {shown(table[column].iloc[row])} for "
                                  f"{table['quantity'].iloc[row]} must be {rule}")
        table[column] = values
    bad = table.loc[~table["kind"].isin(KINDS), "kind"]
    if len(bad):
        raise AssumptionError(path, "kind", f"value {shown(bad.iloc[0])} must be 'relative', 'absolute' or 'reported'")
    return table


def run_case(case: Case) -> pd.DataFrame:
    """Published figures with the model's beside them, the difference and the verdict.

    ``within`` says whether the difference lies within the tolerance, ``asserted`` whether the row counts
    (kind ``reported`` does not) and ``ok`` is ``within`` for asserted rows and true for reported ones.
    """
    spec = importlib.util.spec_from_file_location(f"validation_case_{case.name}", case.folder / "case.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    published = module.published_figures() if hasattr(module, "published_figures") else read_published(case)
    model = np.asarray(module.model_figures(published), dtype=float)
    table = published.assign(model=model)
    relative = table["kind"].isin(["relative", "reported"])
    table["difference"] = np.where(relative, (table["model"] - table["published"]) / table["published"],
                                   table["model"] - table["published"])
    table["within"] = table["difference"].abs() <= table["tolerance"]
    table["asserted"] = table["kind"] != "reported"
    table["ok"] = table["within"] | ~table["asserted"]
    return table[["quantity", "year", "unit", "published", "model", "difference", "tolerance", "kind", "ok", "within",
                  "asserted"]]
