"""Registry entries of the stochastic layer (``assumptions/<set>/stochastic.yaml``); see
:class:`actuarial.config.spec.Spec`.

Read only by :mod:`actuarial.stochastic`, which draws every shock outside the kernels.  All optional, so a
set without stochastic assumptions loads and runs deterministically; a stochastic draw on such a set names
the first missing entry in its error.  :data:`SHOCKS` is the vocabulary of the correlated annual shocks
(the labels of the ``shock`` and ``shock_with`` dimensions of ``shock_correlation``).
"""

from __future__ import annotations

from actuarial.config.spec import Spec

SHOCKS = (
    "mortality_male",
    "mortality_female",
    "fertility",
    "net_migration",
    "real_wage_growth",
    "inflation",
    "return_pension_employee",
    "return_pension_resident",
    "return_medical_employee",
    "return_medical_resident",
    "unemployment_rate",
)
"""The annual shocks, one standard normal innovation each per path and year, correlated by
``shock_correlation`` (Cholesky)."""

DIM_LABELS = {"shock": SHOCKS, "shock_with": SHOCKS}
"""Labels of the correlation table's two dimensions (merged into the registry's ``DIM_LABELS``)."""

STAGE = "stochastic"


def _persistence(unit: str = "1") -> Spec:
    return Spec(kind="scalar", unit=unit, stage=STAGE, bounds=(0.0, 0.999), required=False)


def _sd(unit: str, high: float) -> Spec:
    return Spec(kind="scalar", unit=unit, stage=STAGE, bounds=(0.0, high), required=False)


SPECS: dict[str, Spec] = {
    # ---------------------------------------------------------------- mortality (Lee-Carter)
    "lee_carter_b": Spec(kind="table", unit="1", stage=STAGE, dims=("sex", "age"), column="b", bounds=(0.0, 1.0),
                         required=False),
    "lee_carter_innovation_sd_male": _sd("1", 10.0),
    "lee_carter_innovation_sd_female": _sd("1", 10.0),
    "lee_carter_spread_scale_male": _sd("ratio", 50.0),
    "lee_carter_spread_scale_female": _sd("ratio", 50.0),
    "lee_carter_improvement_scale_male": _sd("ratio", 50.0),
    "lee_carter_improvement_scale_female": _sd("ratio", 50.0),
    # ---------------------------------------------------------------- fertility (bounded, logit AR(1))
    "tfr_lower_bound": Spec(kind="scalar", unit="1", stage=STAGE, bounds=(0.0, 1.0), required=False),
    "tfr_upper_bound": Spec(kind="scalar", unit="1", stage=STAGE, bounds=(1.0, 10.0), required=False),
    "tfr_persistence": _persistence(),
    "tfr_innovation_sd": _sd("1", 5.0),
    # ---------------------------------------------------------------- net migration
    "net_migration_shock_sd": Spec(kind="table", unit="persons", stage=STAGE, dims=("year",), column="sd",
                                   bounds=(0.0, 1e8), required=False),
    "net_migration_persistence": _persistence(),
    # ---------------------------------------------------------------- economy
    "real_wage_growth_shock_sd": _sd("per_year", 0.2),
    "real_wage_growth_persistence": _persistence(),
    "inflation_shock_sd": _sd("per_year", 0.2),
    "inflation_persistence": _persistence(),
    "unemployment_rate_shock_sd": _sd("fraction", 0.2),
    "unemployment_rate_persistence": _persistence(),
    "pension_employee_return_sd": _sd("per_year", 0.5),
    "pension_resident_return_sd": _sd("per_year", 0.5),
    "medical_employee_return_sd": _sd("per_year", 0.5),
    "medical_resident_return_sd": _sd("per_year", 0.5),
    # ---------------------------------------------------------------- AI adoption, drawn once per path
    "ai_parameter_correlation": Spec(kind="scalar", unit="1", stage=STAGE, bounds=(0.0, 0.999), required=False),
    # ---------------------------------------------------------------- correlation of the annual shocks
    "shock_correlation": Spec(kind="table", unit="1", stage=STAGE, dims=("shock", "shock_with"),
                              column="correlation", bounds=(-1.0, 1.0), required=False),
}
