"""Occupational-injury protection of platform workers (新就业形态就业人员职业伤害保障), the pilot and its fund.

Rules (MOHRSS and ten departments, notice of December 2021 on the pilot; MOHRSS Q3-2023 press conference;
the 2025 notice extending the pilot, reported by Xinhua on 2025-11-27): platforms in ride-hailing, food and
instant delivery and same-city freight insure every order their workers take, with no labour relation
required; the platform pays the whole premium per order (按单计费); the pilot ran from 2022-07-01 in seven
provinces (Beijing, Shanghai, Jiangsu, Guangdong, Hainan, Chongqing, Sichuan), was extended to 17 provinces
from July 2025 and to every province in 2026; benefits follow the work-injury rules (medical care, lump sums,
allowances) and are paid from a separate fund.

Pure functions (no I/O).  Timing: covered persons are those who take a covered order during the year (the
published counts are cumulative over the pilot: the base year is calibrated to them as the methods note
says); cases, premiums and payouts are flows over the year; the balance is at 31 December.  Money in
nominal yuan; amounts set in base-year yuan move with the model's average wage, ``g_t = W_t / W_0``.  Series
carry a leading path axis (a chunk of stochastic paths, one path in a deterministic run): the outputs have
``path`` first in a stacked run and no path dim in a deterministic one.

Notation (``t`` year)::

    covered      K_t = kappa z_t sigma_t E^p_t        (E^p platform workers before retirement; z province share,
                                                       sigma share in the pilot's sectors, kappa calibrated)
    cases        N_t = i K_t,  i = i_0 (pooled);  delivery  N^d_t = i_d c K_t,  other (ride-hailing, freight)
                 N^o_t = i_o (1 - c) K_t  with  i_d = h i_o  and  c i_d + (1 - c) i_o = i_0
    premiums     C_t = pi_t o K_t,   pi_t = pi^0_t prod (1 + u_s (g_s / g_{s-1} - 1))   (per order, indexed)
    payouts      X_t = b_0 g_t N_t   (b_0 payout per case in the base year)
    fund         B_t = B_{t-1} + C_t + F_t + I_t - X_t   (F_t the platform levy when a scenario routes it here)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import xarray as xr

from actuarial.config import Assumption
from actuarial.config.calibration import unreachable
from actuarial.dims import EMPLOYED_STATUSES
from actuarial.funds.record import Closure, FundFlows, open_base_year
from actuarial.schemes.protocol import (DeclaredAssumptions, Scheme, SchemeResult, Upstream, labelled, plain,
                                        unstack,
                                        working_before_retirement)
from actuarial.variables import label

SCALARS = {
    "covered_target": "platform_injury_covered_target", "case_rate": "platform_injury_case_rate",
    "payout_per_case": "platform_injury_payout_per_case", "balance_base": "platform_injury_balance_base",
    "delivery_share": "platform_injury_delivery_share",
    "delivery_relative_incidence": "platform_injury_delivery_relative_incidence",
    "orders_per_worker": "platform_injury_orders_per_worker",
    "province_share_base": "platform_injury_province_share_base",
    "reserve_target_months": "platform_injury_reserve_target_months",
}
PATHS = {"province_share": "platform_injury_province_share", "sector_share": "platform_injury_sector_share",
         "premium_per_order": "platform_injury_premium_per_order",
         "premium_indexation": "platform_injury_premium_indexation", "fund_return": "platform_injury_fund_return"}
CHOICES = ("platform_injury_closure_rule",)
TARGETS = ("platform_injury_covered_target",)


@dataclass(frozen=True)
class PlatformInjuryParameters:
    """Plain inputs of the pilot's projection (paths over the base and projection years: (year), or (path, year)
    where an entry varies by path); symbols as in the module docstring: ``covered_target`` ``K*_0``, ``case_rate``
    ``i_0``, ``payout_per_case`` ``b_0``, ``balance_base`` ``B_0``, ``delivery_share`` ``c``,
    ``delivery_relative_incidence`` ``h``, ``orders_per_worker`` ``o``, ``province_share`` ``z_t``
    (``province_share_base`` ``z_0``: a path's base year takes its first projection year's value), ``sector_share``
    ``sigma_t``, ``premium_per_order`` ``pi^0_t``, ``premium_indexation`` ``u_t``, ``fund_return`` ``r_t``."""

    base_year: int
    covered_target: float
    case_rate: float
    payout_per_case: float
    balance_base: float
    delivery_share: float
    delivery_relative_incidence: float
    orders_per_worker: float
    province_share_base: float
    province_share: np.ndarray
    sector_share: np.ndarray
    premium_per_order: np.ndarray
    premium_indexation: np.ndarray
    fund_return: np.ndarray
    targets: Mapping[str, Assumption]
    closure_rule: str = "backstop"
    reserve_target_months: float = 12.0


def platform_injury_parameters(assumptions: DeclaredAssumptions) -> PlatformInjuryParameters:
    """Read the :class:`PlatformInjuryParameters` from an assumption set (pure)."""
    return PlatformInjuryParameters(base_year=assumptions.base_year, **assumptions.fields(scalars=SCALARS, paths=PATHS),
                                    targets=assumptions.sources(TARGETS),
                                    closure_rule=assumptions["platform_injury_closure_rule"].choice)


def sector_incidence(case_rate: float, delivery_share: float, relative: float) -> tuple[float, float]:
    """``(i_d, i_o)``: incidence in delivery and in the other sectors with ``i_d = h i_o`` and the pooled rate
    ``c i_d + (1 - c) i_o = i_0``, so ``i_o = i_0 / (c h + 1 - c)``."""
    other = case_rate / (delivery_share * relative + 1.0 - delivery_share)
    return relative * other, other


def project_platform_injury(parameters: PlatformInjuryParameters, upstream: Upstream) -> SchemeResult:
    """The scheme entry point: platform workers and wages of the upstream projection."""
    projection = upstream.projection
    working = working_before_retirement(projection["employment"], projection["employment_past_retirement"])
    platform = working[..., EMPLOYED_STATUSES.index("platform")].sum(axis=(2, 3))
    return platform_injury_projection(parameters, upstream, platform_workers=platform,
                                      average_wage=plain(projection["average_wage"], "year"))


def platform_injury_projection(parameters: PlatformInjuryParameters, upstream: Upstream, *,
                               platform_workers: np.ndarray, average_wage: np.ndarray) -> SchemeResult:
    """Project the pilot's covered workers, cases, premiums and payouts, and its fund's flows.

    Parameters
    ----------
    parameters : :class:`PlatformInjuryParameters` (its paths (year) or (path, year)).
    upstream : the projection whose years and paths label the outputs (``path`` first in a stacked run).
    platform_workers : ``E^p_t``, platform workers before their retirement age at 31 December (path, year) over
        the projection's years (a path axis of length 1 in a deterministic run).
    average_wage : ``W_t`` (path, year), likewise.

    Raises
    ------
    AssumptionError
        When the base year's covered count needs more than every platform worker of the pilot's provinces
        and sectors on a path (a set without platform workers has an empty pilot).
    """
    p = parameters
    years = upstream.projection["year"].values
    n = years.size
    index = average_wage / average_wage[:, :1]
    province = p.province_share[..., :n].copy()
    province[..., 0] = p.province_share_base
    eligible = province * p.sector_share[..., :n] * platform_workers
    first = eligible[:, 0]
    # no platform worker: the pilot is empty
    reach = np.divide(p.covered_target, first, out=np.zeros_like(first), where=first > 0)
    wrong = (first > 0) & ~((0.0 < reach) & (reach <= 1.0))
    if wrong.any():
        k = int(np.argmax(wrong))
        raise unreachable(p.targets, "platform_injury_covered_target",
                          f"implies that {reach[k]:.3f} of the {first[k] / 1e4:,.1f} 万 platform workers in the "
                          "pilot's provinces and sectors are covered; it must lie in (0, 1]")
    covered = reach[:, None] * eligible
    delivery_rate, other_rate = sector_incidence(p.case_rate, p.delivery_share, p.delivery_relative_incidence)
    delivery_cases = delivery_rate * p.delivery_share * covered
    other_cases = other_rate * (1.0 - p.delivery_share) * covered
    cases = delivery_cases + other_cases
    growth = np.zeros_like(index)
    growth[:, 1:] = index[:, 1:] / index[:, :-1] - 1.0
    premium = p.premium_per_order[..., :n] * np.cumprod(1.0 + p.premium_indexation[..., :n] * growth, axis=-1)
    premiums = premium * p.orders_per_worker * covered
    payouts = p.payout_per_case * index * cases
    rate = np.atleast_2d(p.fund_return)[:, 0]
    interest = base_interest(balance=p.balance_base, net=premiums[:, 0] - payouts[:, 0], rate=rate)
    paths = upstream.paths
    base = open_base_year(revenue=unstack(premiums[:, 0] + interest, paths), expenditure=unstack(payouts[:, 0], paths),
                          balance=p.balance_base, rate=unstack(rate, paths),
                          non_investment_revenue=unstack(premiums[:, 0], paths))

    series = lambda values: labelled(values, paths, year=years)  # noqa: E731
    outputs = xr.Dataset({
        "platform_injury_covered": series(covered),
        "platform_injury_cases": series(cases),
        "platform_injury_cases_delivery": series(delivery_cases),
        "platform_injury_cases_other": series(other_cases),
        "platform_injury_contributions": series(premiums),
        "platform_injury_benefits": series(payouts),
        "platform_injury_fiscal_subsidy": series(np.zeros_like(premiums)),
        "platform_injury_premium_per_order": series(premium),
    })
    fund = FundFlows(fund="platform_injury", years=years[1:], base=base,
                     contributions=unstack(premiums, paths)[..., 1:], fiscal_subsidy=0.0,
                     benefits=unstack(payouts, paths)[..., 1:], returns=p.fund_return[..., 1:n],
                     closure=Closure(p.closure_rule, p.reserve_target_months))
    return SchemeResult(outputs=label(outputs), funds=(fund,), base_year={
        "reach": unstack(reach, paths), "delivery_incidence": delivery_rate, "other_incidence": other_rate})


def base_interest(*, balance: float, net: float, rate: float) -> float:
    """Base-year investment income of a fund whose accounts give no revenue (floats, or (path,) arrays): with the
    opening balance ``B_{-1} = B_0 - N - I`` and the year's net flow ``N`` earning half a year (as in
    :func:`actuarial.funds.rollforward.roll_forward`), ``I = B_{-1} r + N r / 2``, so
    ``I = r (B_0 - N / 2) / (1 + r)``."""
    return rate * (balance - net / 2.0) / (1.0 + rate)


SCHEME = Scheme(
    name="platform_injury",
    assumptions=(*SCALARS.values(), *PATHS.values(), *CHOICES),
    parameters=platform_injury_parameters,
    project=project_platform_injury,
)

__all__ = ["SCHEME", "PlatformInjuryParameters", "platform_injury_parameters", "platform_injury_projection",
           "project_platform_injury", "sector_incidence", "base_interest"]
