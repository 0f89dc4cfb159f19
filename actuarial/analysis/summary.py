"""The per-year summary table (DESIGN §7): one row per year, contract columns.

:data:`SUMMARY_COLUMNS` holds the summary columns in CSV order (name ->
:class:`~actuarial.variables.Variable`), taken from the one registry of output
variables (:data:`actuarial.variables.VARIABLES`, entries with
``summary=True``).  Columns are a public contract: add, never rename.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from actuarial.analysis.valuation import reserve_ratio
from actuarial.dims import EMPLOYED_STATUSES
from actuarial.variables import VARIABLES, Variable

SUMMARY_COLUMNS: dict[str, Variable] = {name: variable for name, variable in VARIABLES.items() if variable.summary}
"""The columns of ``summary.csv`` in order: name -> registered variable."""


def _derived_columns(projection: xr.Dataset) -> dict[str, np.ndarray]:
    """The summary columns computed from several projection variables.

    ``old_age_dependency`` = P(65+) / P(15-64), stocks at 31 December;
    ``pension_reserve_ratio`` = balance / next year's expenditure (the last
    year: expenditure grown at its last growth rate); ``pension_cost_rate`` =
    expenditure / contribution base; ``system_dependency_ratio`` = pensioners /
    contributors.
    """
    by_age = projection["population"].sum("sex")
    working = by_age.sel(age=slice(15, 64)).sum("age")
    older = by_age.sel(age=slice(65, None)).sum("age")
    status = projection["employment"].sum(["sex", "age"])
    contributors = projection["pension_contributors"].sum(["sex", "age"])
    pensioners = projection["pensioners"].sum(["sex", "age"])
    benefits = projection["pension_benefits"]
    return {
        "pop_65plus": older.values,
        "old_age_dependency": (older / working).values,
        "employed": status.sel(status=list(EMPLOYED_STATUSES)).sum("status").values,
        **{f"employed_{name}": status.sel(status=name).values for name in EMPLOYED_STATUSES},
        "unemployed": status.sel(status="unemployed").values,
        "pension_reserve_ratio": reserve_ratio(balance=projection["pension_fund_balance"], benefits=benefits).values,
        "pension_cost_rate": (benefits / projection["pension_contribution_base"]).values,
        "system_dependency_ratio": (pensioners / contributors).values,
    }


def summary_columns(projection: xr.Dataset) -> dict[str, np.ndarray]:
    """The :data:`SUMMARY_COLUMNS` of a projection by year, (year) or, for a stacked run's projection (a chunk of
    paths), (path, year).

    A column registered as a projection variable is that variable's total over
    every dimension but ``path`` and ``year`` (flows missing in the base year stay
    missing); the others are derived (:func:`_derived_columns`).
    """
    derived = _derived_columns(projection)
    columns = {}
    for name in SUMMARY_COLUMNS:
        if name in derived:
            columns[name] = derived[name]
        else:
            values = projection[name]
            columns[name] = values.sum([dim for dim in values.dims if dim not in ("path", "year")],
                                       skipna=False).values
    return columns


def summary_table(projection: xr.Dataset) -> pd.DataFrame:
    """One row per year with the :data:`SUMMARY_COLUMNS` of a deterministic projection (:func:`summary_columns`)."""
    return pd.DataFrame(summary_columns(projection))
