"""The medical cost trend back-tested against the published series 2011-2024 (UEBMI expenditure and revenue,
URRBMI revenue and premium standard).

``history.csv`` and ``published.csv`` are written by ``assumptions/china/build/build_medical_trend.py``.  The
model's figures run its own rules backwards from the 2024 run (the base year the calibration reproduces):

    UEBMI expenditure   X_t = X_2024 (N_t W_t M_t) / (N_2024 W_2024 M_2024) / prod_{u=t+1..2024} (1 + eps)(1 - v_u)
                        eps = medical_excess_cost_growth, v_u = medical_cost_control from 2019 (0 before),
                        M = 1 + (k - 1) s the age mix (retired share s, k = the run's 2024 retired-to-active
                        cost per head); N, W, s the published members, average wage and retired share
    UEBMI revenue       R_t = R_2024 (N_t W_t) / (N_2024 W_2024)        (rates fixed, bases with the wage)
    URRBMI revenue      R_t = (R_2024 / X_2024) X_t                     (the reset rule: financing covers cost)
    URRBMI premium      p_t = p_2024 (X_t / N_t) / (X_2024 / N_2024)    (the reset rule at the 2024 share)

Rows of kind ``reported`` are shown with their gap and not asserted (SOURCE.md says why); the 2024 UEBMI
expenditure is asserted.  Run by hand: ``python validation/medical_history/case.py`` prints the fit table.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from actuarial import load_scenario, run_model

HERE = Path(__file__).resolve().parent
BREAK = 2018
RETIRED_COST_RATIO = 3.3
"""``k``: pooled cost per retired member over an active member's in the 2024 calibration (METHOD_medical.md
section 3, step 9; the build script's ``RETIRED_COST_RATIO``)."""


@lru_cache(maxsize=1)
def _run() -> tuple[dict[str, float], float, float]:
    assumptions = load_scenario(HERE.parents[1] / "projections" / "baseline.yaml")
    p = run_model(assumptions).sel(year=2024)
    value = lambda *names: sum(float(p[name]) for name in names)  # noqa: E731
    figures = {
        "uebmi_expenditure": value("medical_benefits", "medical_account_benefits"),
        "uebmi_revenue": value("medical_contributions", "medical_investment_income", "medical_account_contributions",
                               "medical_account_investment_income"),
        "urrbmi_revenue": value("resident_medical_premiums", "resident_medical_fiscal_subsidy",
                                "resident_medical_investment_income"),
        "urrbmi_expenditure": value("resident_medical_benefits"),
        "urrbmi_premium": value("resident_medical_premium"),
    }
    excess = float(assumptions.data("medical_excess_cost_growth").values[0])
    control = float(assumptions.data("medical_cost_control").values[0])
    return figures, excess, control


def history() -> pd.DataFrame:
    return pd.read_csv(HERE / "history.csv").set_index("year")


def model_figures(published: pd.DataFrame) -> list[float]:
    figures, excess, control = _run()
    h = history()
    k = RETIRED_COST_RATIO
    scale = h["uebmi_members"] * h["average_wage"]
    mix = 1.0 + (k - 1.0) * h["retired_share"]
    growth = pd.Series({year: (1 + excess) * (1 - (control if year > BREAK else 0.0)) for year in range(2000, 2025)})

    def between(year: int) -> float:
        return float(np.prod([growth[u] for u in range(year + 1, 2025)]))

    cost = h["urrbmi_expenditure"] / h["urrbmi_members"]
    out = []
    for quantity, year in zip(published["quantity"], published["year"]):
        if quantity == "uebmi_expenditure":
            out.append(figures[quantity] * scale[year] * mix[year] / (scale[2024] * mix[2024]) / between(year))
        elif quantity == "uebmi_revenue":
            out.append(figures[quantity] * scale[year] / scale[2024])
        elif quantity == "urrbmi_revenue":
            out.append(figures[quantity] / figures["urrbmi_expenditure"] * h.loc[year, "urrbmi_expenditure"])
        elif quantity == "urrbmi_premium":
            out.append(figures[quantity] * cost[year] / cost[2024])
        else:
            raise KeyError(quantity)
    return out


if __name__ == "__main__":
    from actuarial.analysis.validation import Case, run_case
    from actuarial.report.terminal import validation_report

    pd.set_option("display.width", 200)
    print(validation_report(HERE.name, run_case(Case(HERE.name, HERE))))
