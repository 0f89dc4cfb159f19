"""Registry entries of the financing studies (``assumptions/<set>/financing.yaml``); see
:class:`actuarial.config.spec.Spec`.

Read only above the model (:mod:`actuarial.financing`): the discount basis of budget costs and fund
effects, and the price the optimiser puts on levy revenue.  Optional, so a set without financing
studies loads; a study that needs one names it in its error.
"""

from __future__ import annotations

from actuarial.config.spec import Spec

SPECS: dict[str, Spec] = {
    "government_borrowing_rate": Spec(kind="path", unit="per_year", stage="analysis", bounds=(-0.05, 0.3),
                                      required=False),
    "marginal_cost_of_public_funds": Spec(kind="scalar", unit="ratio", stage="analysis", bounds=(0.0, 2.0),
                                          required=False),
}
