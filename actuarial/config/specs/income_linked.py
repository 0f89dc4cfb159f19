"""Registry entries of income-linked contributions for flexible workers (issue 13 item 5); values and
reasons in ``assumptions/<set>/income_linked.yaml`` (China: METHOD_income_linked.md).

All optional: a set without them runs the current rule (a declared base that is a fixed ratio of the social
average wage, the general floor, no platform share, no coverage response).  The paths are what a
``policy_path`` option sets; the scalars are the behavioural responses the model and the
``platform_contributions`` option read.
"""

from __future__ import annotations

from actuarial.config.spec import Spec

STAGE = "pension_employee"

SPECS: dict[str, Spec] = {
    "flexible_base_earnings_link": Spec(kind="path", unit="fraction", stage=STAGE, bounds=(0.0, 1.0),
                                        required=False),
    "flexible_declared_income_share": Spec(kind="path", unit="ratio", stage=STAGE, bounds=(0.0, 1.5),
                                           required=False),
    "flexible_floor_ratio": Spec(kind="path", unit="ratio", stage=STAGE, bounds=(0.0, 5.0), required=False),
    "platform_employer_share": Spec(kind="path", unit="fraction", stage=STAGE, bounds=(0.0, 1.0), required=False),
    # enrolment rule (issue 13 item 6): the share of non-local flexible workers a local-hukou rule keeps out of
    # the UEBPI, and how much of that rule is lifted
    "flexible_nonlocal_share": Spec(kind="scalar", unit="fraction", stage=STAGE, required=False),
    "hukou_restricted_share": Spec(kind="scalar", unit="fraction", stage=STAGE, bounds=(0.0, 0.99), required=False),
    "hukou_restriction_lifted": Spec(kind="path", unit="fraction", stage=STAGE, required=False),
    "platform_coverage_cost_elasticity": Spec(kind="scalar", unit="ratio", stage=STAGE, bounds=(0.0, 10.0),
                                              required=False),
    "self_employed_coverage_cost_elasticity": Spec(kind="scalar", unit="ratio", stage=STAGE, bounds=(0.0, 10.0),
                                                   required=False),
    "platform_per_order_density_uplift": Spec(kind="scalar", unit="ratio", stage=STAGE, bounds=(0.0, 5.0),
                                              required=False),
    "platform_periodic_density_uplift": Spec(kind="scalar", unit="ratio", stage=STAGE, bounds=(0.0, 5.0),
                                             required=False),
}
