"""Registry entries of the UEBPI history run (end-1997 to end-2024); see :class:`actuarial.config.spec.Spec`.

Inputs of :mod:`actuarial.schemes.pension_employee_history`, which rebuilds the 2024 state of the
employee pension from the years since the 1997 reform; values and sources in
``assumptions/<set>/pension_history.yaml`` (China: METHOD_pension_history.md).  The tables are keyed
by ``history_year`` (1997..2024), which lies before the projection horizon and so is not ``year``.
"""

from __future__ import annotations

from actuarial.config.spec import Spec

STAGE = "pension_employee"
HISTORY = (("history_year", 1997, 2024),)

SPECS: dict[str, Spec] = {
    # ------------------------------------------------------------ published series by year
    "history_workers": Spec(
        kind="table", unit="persons", stage=STAGE, dims=("history_year",), column="persons",
        bounds=(0.0, None), ranges=HISTORY,
    ),
    "history_average_wage": Spec(
        kind="table", unit="yuan_per_year", stage=STAGE, dims=("history_year",), column="yuan",
        bounds=(1.0, None), ranges=HISTORY,
    ),
    "history_social_average_wage": Spec(
        kind="table", unit="yuan_per_year", stage=STAGE, dims=("history_year",), column="yuan",
        bounds=(1.0, None), ranges=HISTORY,
    ),
    # ------------------------------------------------------------ rules by year
    "history_pension_indexation": Spec(
        kind="table", unit="per_year", stage=STAGE, dims=("history_year",), column="rate",
        bounds=(-0.1, 0.3), ranges=HISTORY,
    ),
    "history_account_rate": Spec(
        kind="table", unit="fraction_of_base", stage=STAGE, dims=("history_year",), column="rate",
        bounds=(0.0, 0.5), ranges=HISTORY,
    ),
    "history_crediting_rate": Spec(
        kind="table", unit="per_year", stage=STAGE, dims=("history_year",), column="rate",
        bounds=(-0.1, 0.3), ranges=HISTORY,
    ),
    "mortality_history": Spec(
        kind="table", unit="per_person_year", stage=STAGE, dims=("history_year", "sex", "age"), column="mx",
        bounds=(0.0, 5.0), positive_at_open_age=True, ranges=HISTORY,
    ),
    # ------------------------------------------------------------ starting state (end-1997)
    "history_start_pension": Spec(kind="scalar", unit="yuan_per_month", stage=STAGE, bounds=(1.0, None)),
    "history_start_retirees": Spec(kind="scalar", unit="persons", stage=STAGE, bounds=(0.0, None)),
    # ------------------------------------------------------------ public institutions (merged 2014-10)
    "institution_retiree_share": Spec(kind="scalar", unit="fraction", stage=STAGE),
    "institution_entry_year": Spec(kind="scalar", unit="years", stage=STAGE, bounds=(1997.0, 2024.0)),
    # a calendar year before the base year: unit 'calendar_year' is held to the horizon by the loader
    # ------------------------------------------------------------ behaviour (to be fitted by the history run)
    "history_age_tilt": Spec(kind="scalar", unit="ratio", stage=STAGE, bounds=(-3.0, 5.0)),
    "history_deemed_members": Spec(kind="scalar", unit="ratio", stage=STAGE, bounds=(1.0, 10.0)),
    "history_membership_spread": Spec(kind="scalar", unit="ratio", stage=STAGE, bounds=(1.0, 5.0)),
    "short_years_take_up": Spec(kind="scalar", unit="fraction", stage=STAGE),
}
