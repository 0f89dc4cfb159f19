"""A mix of financing options run through the model, and one fund's series for comparisons.

The options themselves act inside the run (:func:`actuarial.model.run_model`:
behaviour before it, cash flows in their fund's roll-forward); here a mix is
run and the fund it is judged on is read back from the projection.  The
baseline fiscal-subsidy rule stays as it is in every mix and is reported
beside the options' own fiscal cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.config.financing import Option
from actuarial.dims import EMPLOYED_STATUSES
from actuarial.funds.options import BalanceRule, FundContext, cash_flows, changes_assumptions
from actuarial.funds.rollforward import roll_forward
from actuarial.model import run_model
from actuarial.variables import FUND_PREFIXES, label

MEMBERS = {
    "pension_employee": ("pension_contributions", "pension_contribution_base", "pension_contributors"),
    "pension_resident": ("resident_pension_contributions", None, "resident_pension_contributors"),
    "medical_employee": ("medical_contributions", "medical_contribution_base", "medical_members_active"),
    "medical_resident": ("resident_medical_premiums", None, "resident_medical_members"),
    "unemployment": ("unemployment_contributions", "unemployment_contribution_base", "unemployment_contributors"),
    "injury": ("injury_contributions", "injury_contribution_base", "injury_contributors"),
    "platform_injury": ("platform_injury_contributions", None, "platform_injury_covered"),
}
"""For each fund a study can be judged on: its contributions, contribution base (None: none) and contributors."""


@dataclass(frozen=True)
class MixResult:
    """A mix's projection and the series of the fund it is judged on, over the projection years."""

    name: str
    fund_name: str
    projection: xr.Dataset
    fund: xr.Dataset

    @property
    def opening(self) -> float:
        """The fund's balance at the end of the base year."""
        return float(self.projection[f"{FUND_PREFIXES[self.fund_name][0]}_fund_balance"].isel(year=0))


OTHER_OUTFLOWS = {"pension_employee": "pension_account_transfers", "unemployment": "unemployment_other_outflows"}
"""Outflows a fund pays besides benefits (its FundFlows.other_outflows), by fund."""


def fund_series(projection: xr.Dataset, fund: str) -> xr.Dataset:
    """The series of ``fund`` a comparison needs, over the projection years (labelled)."""
    prefix = FUND_PREFIXES[fund][0]
    contributions, base, contributors = MEMBERS[fund]
    p = projection.isel(year=slice(1, None))
    members = p[contributors]
    series = {
        "financing_inflows": p[f"{prefix}_financing_inflows"],
        "option_fiscal_cost": p[f"{prefix}_financing_fiscal_cost"],
        "baseline_fiscal_subsidy": p[f"{prefix}_fiscal_subsidy"],
        "balance": p[f"{prefix}_fund_balance"],
        "investment_income": p[f"{prefix}_investment_income"],
        "returns": p[f"{prefix}_fund_return"],
        "debt_stock": p[f"{prefix}_financing_debt_stock"],
        "treasury_debt": p[f"{prefix}_financing_treasury_debt"],
        "contributions": p[contributions],
        "benefits": p[f"{prefix}_benefits"],
        "other_outflows": p[OTHER_OUTFLOWS[fund]] if fund in OTHER_OUTFLOWS else 0.0 * p[f"{prefix}_benefits"],
        "contributors": members.sum([d for d in members.dims if d != "year"]),
        "employed": p["employment"].sel(status=list(EMPLOYED_STATUSES)).sum(["sex", "age", "status"]),
        "gdp": p["gdp"],
    }
    if base is not None:
        series["contribution_base"] = p[base]
    return label(xr.Dataset({name: value.drop_attrs() for name, value in series.items()}))


def run_mix(assumptions: AssumptionSet, options: Mapping[str, Option], *, name: str,
            fund: str = "pension_employee") -> MixResult:
    """Run the model with a mix of options (``{}``: the baseline) and read back ``fund``."""
    projection = run_model(assumptions, options=options)
    return MixResult(name=name, fund_name=fund, projection=projection, fund=fund_series(projection, fund))


def linear_response(result: MixResult, option: Option) -> dict[str, xr.DataArray]:
    """What adding a cash-flow option (at its declared size) to a mix does, over the projection years:
    ``balance`` (the change in the fund's balance), ``inflows``, ``fiscal_cost`` and ``treasury_debt``.

    The roll-forward is linear in inflows for given returns, so the balance response is
    the inflows rolled alone from a zero opening balance with the mix's returns.
    """
    projection, fund = result.projection, result.fund
    if changes_assumptions(option):
        raise ValueError(f"{option.type} changes assumptions; it is not a linear cash-flow option")
    years = fund["year"].values
    context = FundContext(years=years, gdp=fund["gdp"].values, benefits=fund["benefits"].values, projection=projection)
    net = (fund["contributions"] + fund["baseline_fiscal_subsidy"] + fund["financing_inflows"] - fund["benefits"]
           - fund["other_outflows"]).values
    flows = cash_flows(option, context, BalanceRule(opening=result.opening, returns=fund["returns"].values, other_net=net))
    zero = np.zeros(years.size)
    inflows = flows.get("inflows", zero)
    rolled = roll_forward(opening_balance=0.0, contributions=zero, financing_inflows=inflows,
                          returns=fund["returns"].values)
    over_years = lambda values: xr.DataArray(values, coords={"year": years}, dims="year")  # noqa: E731
    return {"balance": over_years(rolled["balance"]), "inflows": over_years(inflows),
            "fiscal_cost": over_years(flows.get("fiscal_cost", zero)),
            "treasury_debt": over_years(flows.get("treasury_debt", zero))}


__all__ = ["MEMBERS", "MixResult", "fund_series", "linear_response", "run_mix"]
