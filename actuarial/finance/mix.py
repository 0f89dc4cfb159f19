"""Run the employee pension with a mix of financing options (a list; the empty list is the baseline).

Order: behavioural options change the assumptions and the model runs (or the
baseline projection is reused when there are none); the fund's return path
takes the investment options; fixed cash-flow options are computed; then
rule-based bonds, which need the balance as it rolls; finally the fund rolls
forward with every inflow (:func:`actuarial.finance.fund.project_fund`); a
negative balance is borrowed at the baseline return, so a better investment
mandate earns only on money the fund has.
The baseline fiscal-subsidy rule stays as it is in every mix and is reported
beside the options' own fiscal cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.finance.fund import project_fund
from actuarial.finance.options import BalanceRule, FundContext, SpecialBonds, _Option, apply_behaviour
from actuarial.model import run_model
from actuarial.variables import label

MIX_VARIABLES = {
    "financing_inflows": ("Inflows to the UEBPI fund from the financing options (net of fund-serviced debt)", "yuan"),
    "option_fiscal_cost": ("Budget cost of the financing options (cash: debt service, forgone dividends and sales, subsidies)", "yuan"),
    "baseline_fiscal_subsidy": ("Baseline fiscal subsidy to the UEBPI (share of benefits), unchanged by the options", "yuan"),
    "balance": ("UEBPI fund balance at 31 December", "yuan"),
    "investment_income": ("UEBPI investment income", "yuan"),
    "returns": ("Return on the UEBPI fund", "1/year"),
    "debt_stock": ("Special bonds outstanding at 31 December", "yuan"),
    "treasury_debt": ("Special bonds outstanding at 31 December that the treasury services", "yuan"),
    "contributions": ("UEBPI contributions", "yuan"),
    "benefits": ("UEBPI benefits", "yuan"),
    "contribution_base": ("UEBPI contribution base (taxable payroll)", "yuan"),
    "contributors": ("UEBPI contributors", "persons"),
    "employed": ("Employed persons", "persons"),
    "gdp": ("GDP", "yuan"),
}


@dataclass(frozen=True)
class MixResult:
    """A mix's assumptions, its model projection and its fund series over the projection years."""

    name: str
    assumptions: AssumptionSet
    projection: xr.Dataset
    fund: xr.Dataset


def run_mix(assumptions: AssumptionSet, options: list[_Option], *, name: str,
            baseline: xr.Dataset | None = None) -> MixResult:
    """Apply a mix of options and return the fund with them (``options=[]``: the baseline)."""
    changed = apply_behaviour(assumptions, options, label=f"financing mix {name!r}")
    projection = baseline if (baseline is not None and changed is assumptions) else run_model(changed)
    context = FundContext.build(changed, projection)
    base_returns = changed.data("pension_fund_return").sel(year=context.years)
    returns = base_returns
    for option in options:
        returns = option.returns(returns)
    zero = xr.zeros_like(context.benefits).drop_attrs()
    inflows, fiscal, debt, treasury_debt = zero.copy(), zero.copy(), zero.copy(), zero.copy()
    opening = float(changed.data("pension_fund_balance_base"))
    later = [option for option in options if isinstance(option, SpecialBonds) and option.rule == "cover_deficit"]
    for option in [o for o in options if o not in later] + later:
        other_net = (context.contributions + context.subsidy + inflows - context.benefits).values
        flows = option.cash_flows(context, BalanceRule(opening=opening, returns=returns.values, other_net=other_net,
                                                       borrowing_returns=base_returns.values))
        inflows = inflows + flows.get("inflows", 0.0)
        fiscal = fiscal + flows.get("fiscal_cost", 0.0)
        debt = debt + flows.get("debt_stock", 0.0)
        treasury_debt = treasury_debt + flows.get("treasury_debt", 0.0)
    fund = project_fund(opening_balance=opening, contributions=context.contributions.drop_attrs(),
                        fiscal_subsidy=context.subsidy.drop_attrs(), financing_inflows=inflows,
                        benefits=context.benefits.drop_attrs(), returns=returns.drop_attrs(),
                        borrowing_returns=base_returns.drop_attrs())
    p = projection.sel(year=context.years)
    series = xr.Dataset({
        "financing_inflows": inflows, "option_fiscal_cost": fiscal, "baseline_fiscal_subsidy": context.subsidy,
        "balance": fund["balance"], "investment_income": fund["investment_income"], "returns": returns,
        "debt_stock": debt, "treasury_debt": treasury_debt, "contributions": context.contributions, "benefits": context.benefits,
        "contribution_base": p["pension_contribution_base"],
        "contributors": p["pension_contributors"].sum(["sex", "age"]),
        "employed": p["employment"].sel(status=["standard", "nonstandard", "platform", "self_employed"]).sum(["sex", "age", "status"]),
        "gdp": context.gdp,
    })
    series = xr.Dataset({k: v.drop_attrs() for k, v in series.items()})
    label(series, MIX_VARIABLES)
    return MixResult(name=name, assumptions=changed, projection=projection, fund=series)




def linear_response(result: MixResult, option: _Option) -> tuple[xr.DataArray, xr.DataArray, xr.DataArray]:
    """Balance response, fiscal cost and treasury-serviced debt of adding a cash-flow option (at its declared size) to a mix.

    The roll-forward is linear in inflows for given returns, so the response is
    the inflows rolled alone from a zero opening balance with the mix's returns.
    """
    if option.assumption_changes(result.assumptions):
        raise ValueError(f"{option.type} changes assumptions; it is not a linear cash-flow option")
    context = FundContext.build(result.assumptions, result.projection)
    net = (result.fund["contributions"] + result.fund["baseline_fiscal_subsidy"] + result.fund["financing_inflows"]
           - result.fund["benefits"]).values
    flows = option.cash_flows(context, BalanceRule(opening=float(result.assumptions.data("pension_fund_balance_base")),
                                                   returns=result.fund["returns"].values, other_net=net))
    zero = xr.zeros_like(result.fund["benefits"]).drop_attrs()
    inflows = flows.get("inflows", zero)
    rolled = project_fund(opening_balance=0.0, contributions=zero, fiscal_subsidy=zero, financing_inflows=inflows,
                          benefits=zero, returns=result.fund["returns"].drop_attrs())
    return rolled["balance"], flows.get("fiscal_cost", zero), flows.get("treasury_debt", zero)


FINANCED = {
    "pension_financing_inflows": ("UEBPI inflows from the scenario's financing options over the year", "yuan"),
    "pension_fund_balance": ("UEBPI fund balance at 31 December, with the scenario's financing options", "yuan"),
    "pension_investment_income": ("UEBPI investment income over the year, with the scenario's financing options", "yuan"),
    "financing_fiscal_cost": ("Budget cost of the scenario's financing options over the year", "yuan"),
    "financing_debt_stock": ("Special bonds outstanding at 31 December", "yuan"),
}


def run_scenario(assumptions: AssumptionSet) -> xr.Dataset:
    """The projection of a scenario, with its ``financing:`` options applied to the UEBPI fund.

    Without options this is :func:`actuarial.model.run_model`.  With them, the
    behavioural options change the assumptions the model runs on and the fund
    variables for the projection years are those of the mix; the options'
    budget cost and debt are added.
    """
    if not assumptions.financing:
        return run_model(assumptions)
    result = run_mix(assumptions, list(assumptions.financing.values()), name=assumptions.scenario)
    projection = result.projection.copy()
    fund, years = result.fund, result.fund["year"].values
    base_year = int(projection["year"].values[0])
    sources = {"pension_financing_inflows": "financing_inflows", "pension_fund_balance": "balance",
               "pension_investment_income": "investment_income", "financing_fiscal_cost": "option_fiscal_cost",
               "financing_debt_stock": "debt_stock"}
    for name, source in sources.items():
        base_value = float(projection[name].sel(year=base_year)) if name in projection else 0.0
        series = xr.concat([xr.DataArray([base_value], coords={"year": [base_year]}, dims="year"),
                            fund[source].sel(year=years).drop_attrs()], dim="year")
        projection[name] = series.assign_attrs(long_name=FINANCED[name][0], units=FINANCED[name][1])
    zero = xr.zeros_like(fund["benefits"])
    without = project_fund(opening_balance=float(result.assumptions.data("pension_fund_balance_base")),
                           contributions=fund["contributions"].drop_attrs(), fiscal_subsidy=zero,
                           financing_inflows=fund["financing_inflows"].drop_attrs(),
                           benefits=fund["benefits"].drop_attrs(), returns=fund["returns"].drop_attrs(),
                           borrowing_returns=result.assumptions.data("pension_fund_return").sel(year=years))
    name = "pension_fund_balance_without_subsidy"
    projection[name] = xr.concat([projection[name].sel(year=[base_year]), without["balance"]], dim="year").assign_attrs(
        long_name="UEBPI fund balance at 31 December with no fiscal subsidy from 2025, with the financing options",
        units="yuan")
    projection.attrs["financing"] = ", ".join(assumptions.financing)
    return projection
