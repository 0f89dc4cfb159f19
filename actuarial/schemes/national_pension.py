"""A national (citizen's) pension, 国民年金: a tax-financed flat pension for every resident above an age
(issue 13 item 4; papers 001 and 004).  Off in the shipped set; ``projections/national_pension_*.yaml``
turn it on.

Modes (``national_pension_mode``):

* ``off``: nobody is paid; every output is zero.
* ``top_up``: every resident aged ``a`` or over is paid the flat amount, on top of any pension (universal).
* ``replace``: every resident aged ``a`` or over who draws no employee pension is paid the flat amount, and
  it replaces the URRBP basic pension of the URRBP beneficiaries aged ``a`` or over (the URRBP's account
  pensions are still paid from its fund).  The URRBP basic pension is a budget pass-through (its fiscal
  subsidy equals it), so the URRBP module and fund are left as they are and the saving is counted here:
  ``national_pension_net_cost`` deducts it.

Amount and contribution, from ``national_pension_start_year`` on (before it: nothing)::

    n_t      = omega W_t                          flat pension a year per recipient
    R_t      = sum_{x >= a} P_t(s,x)               (top_up)
             = sum_{x >= a} max(P_t(s,x) - E_t(s,x), 0)      (replace; E the employee pensioners)
    benefits B_t = n_t R_t
    contributions C_t = kappa W_t sum_{y <= x < a} P_t(s,x)  (every resident of contribution age; kappa >= 0)
    cost     K_t = B_t - C_t                       (paid by the budget: no fund, pay as you go)
    net cost K_t - b_t N_t(x >= a)                 (replace: the URRBP basic pensions it replaces)

``W`` is the social average wage (``average_wage``), ``omega`` the amount as a share of it
(``national_pension_wage_share``), ``kappa`` the yearly personal contribution as a share of it
(``national_pension_contribution_wage_share``), ``y`` the first contribution age.  The pension follows
wages, like the minimum living standards it is meant to secure.  Its effect on the employee scheme's
incentives is stated, not modelled as a behaviour: ``metrics.csv`` gives the flat pension as a share of
the UEBPI average pension and of the URRBP average pension in each report year; the nearer the first is
to the pension a low earner can expect from 15 contribution years, the weaker the pull of contributing
(METHOD_national_pension.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from actuarial.schemes.protocol import DeclaredAssumptions, Scheme, SchemeResult, Upstream, labelled, plain
from actuarial.variables import label

MODES = ("off", "top_up", "replace")

SCALARS = {"wage_share": "national_pension_wage_share", "age": "national_pension_age",
           "contribution_share": "national_pension_contribution_wage_share",
           "contribution_age": "national_pension_contribution_age", "start_year": "national_pension_start_year"}


@dataclass(frozen=True)
class NationalPensionParameters:
    """The option's rules as plain numbers (module docstring)."""

    mode: str
    wage_share: float
    age: float
    contribution_share: float
    contribution_age: float
    start_year: float


def national_pension_parameters(assumptions: DeclaredAssumptions) -> NationalPensionParameters:
    return NationalPensionParameters(mode=assumptions["national_pension_mode"].choice,
                                     **assumptions.fields(scalars=SCALARS))


def project_national_pension(p: NationalPensionParameters, upstream: Upstream) -> SchemeResult:
    """Recipients, benefits, contributions and cost by year (base year included, zero before the start), computed
    over (path, year) (one path in a deterministic run) and labelled with ``path`` first in a stacked run."""
    projection = upstream.projection
    years, ages = projection["year"].values, projection["age"].values
    by_age = lambda name: plain(projection[name], "year", "sex", "age")  # noqa: E731
    people = by_age("population")
    on = (years >= p.start_year) & (p.mode != "off")
    eligible = ages >= p.age
    if p.mode == "replace":
        recipients = (np.maximum(people - by_age("pensioners"), 0.0) * eligible).sum(axis=(2, 3))
        replaced = ((by_age("resident_pension_beneficiaries_by_age") * eligible).sum(axis=(2, 3))
                    * plain(projection["resident_pension_basic_pension"], "year"))
    else:
        recipients = (people * eligible).sum(axis=(2, 3))
        replaced = np.zeros_like(recipients)
    wage = plain(projection["average_wage"], "year")
    payers = (people * ((ages >= p.contribution_age) & ~eligible)).sum(axis=(2, 3))
    recipients, replaced = np.where(on, recipients, 0.0), np.where(on, replaced, 0.0)
    benefits = p.wage_share * wage * recipients
    contributions = np.where(on, p.contribution_share * wage * payers, 0.0)
    cost = benefits - contributions
    series = lambda values: labelled(values, upstream.paths, year=years)  # noqa: E731
    outputs = xr.Dataset({
        "national_pension_recipients": series(recipients),
        "national_pension_amount": series(np.where(on, p.wage_share * wage, 0.0)),
        "national_pension_benefits": series(benefits),
        "national_pension_contributions": series(contributions),
        "national_pension_cost": series(cost),
        "national_pension_replaced_basic_pensions": series(replaced),
        "national_pension_net_cost": series(cost - replaced),
    })
    return SchemeResult(outputs=label(outputs), funds=(), base_year={})


SCHEME = Scheme(
    name="national_pension",
    assumptions=("national_pension_mode", *SCALARS.values()),
    parameters=national_pension_parameters,
    project=project_national_pension,
)

__all__ = ["MODES", "NationalPensionParameters", "SCHEME", "national_pension_parameters", "project_national_pension"]
