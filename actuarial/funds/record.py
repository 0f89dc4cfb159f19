"""The record every scheme hands to the fund stage, and the one way to open an observed base year.

Timing (DESIGN §3): flows over calendar year ``t`` arrive on average at
mid-year; balances are stocks at 31 December.  The base year (2024) is
observed; the projection years ``1..T`` (2025..end) roll forward from its end
balance (:mod:`actuarial.funds.rollforward`).  Money is nominal yuan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from actuarial.variables import FUND_PREFIXES


@dataclass(frozen=True)
class BaseYear:
    """The observed base year of a fund.

    Attributes
    ----------
    balance : ``B_0``, the published balance at 31 December of the base year (yuan).
    investment_income : ``I_0``, investment income over the base year (yuan), from :func:`open_base_year`.
    """

    balance: float
    investment_income: float
    rate: float
    """The return the base year was opened with (reported as the base year's fund return)."""
    expenditure: float | None = None
    """Published expenditure of the base year (needed where the fund sets its own spending)."""


def open_base_year(*, revenue: float, expenditure: float, balance: float, rate: float,
                   non_investment_revenue: float | None = None) -> BaseYear:
    """Open a fund's base year from its published revenue ``R`` (investment income included),
    expenditure ``X`` and end balance ``B_0``.

    When the published accounts split revenue (``non_investment_revenue``: contributions, subsidy and
    other income than interest), investment income is the rest, ``I_0 = R - non_investment_revenue``.
    Otherwise it is solved from the roll-forward identity of the year
    (:func:`actuarial.funds.rollforward.roll_forward`) with the opening balance
    ``B_{-1} = B_0 - (R - X)`` and the base-year return ``r``::

        I_0 = B_{-1} r + (R - I_0 - X) r / 2   =>   I_0 = [B_{-1} r + (R - X) r / 2] / (1 + r / 2)
    """
    if non_investment_revenue is not None:
        return BaseYear(balance=balance, investment_income=revenue - non_investment_revenue, rate=rate,
                        expenditure=expenditure)
    opening = balance - (revenue - expenditure)
    income = (opening * rate + (revenue - expenditure) * rate / 2.0) / (1.0 + rate / 2.0)
    return BaseYear(balance=balance, investment_income=income, rate=rate, expenditure=expenditure)


CLOSURE_RULES = ("borrowing", "backstop", "rate_rule", "spending_cap")
"""What a fund does once its own resources run out (DESIGN §funds; :func:`actuarial.funds.rollforward.close_fund`):
``borrowing``: the balance goes negative and accrues at the borrowing rate (the employee pension, whose payable
share and residual subsidy are reported beside it); ``backstop``: the government pays the shortfall (Social
Insurance Law art. 65), the balance never goes below zero; ``rate_rule``: contributions rise to hold a target
reserve in months of expenditure; ``spending_cap``: spending is held to what the fund has, the rest shifted to
patients."""

DEFAULT_CLOSURE = {"pension_employee": "borrowing", "pension_resident": "backstop",
                   "medical_employee": "backstop", "medical_employee_accounts": "borrowing",
                   "medical_resident": "backstop", "unemployment": "backstop",
                   "injury": "backstop", "platform_injury": "backstop"}
"""The rule of a fund whose scheme declares none.  The resident pension's fund is financed by the budget (its
basic pension is a fiscal benefit and the Social Insurance Law art. 65 has governments cover shortfalls); the
personal accounts spend a share of what they hold and cannot run out."""


@dataclass(frozen=True)
class Closure:
    """A fund's closure rule (:data:`CLOSURE_RULES`) and, for ``rate_rule``, the reserve it holds.

    Attributes
    ----------
    rule : one of :data:`CLOSURE_RULES`.
    target_months : ``m``, reserve held by the rate rule, months of the year's expenditure
        (``B_t >= m X_t / 12``).
    """

    rule: str = "borrowing"
    target_months: float = 6.0

    def __post_init__(self):
        if self.rule not in CLOSURE_RULES:
            raise ValueError(f"closure rule {self.rule!r} is not one of {', '.join(CLOSURE_RULES)}")


@dataclass(frozen=True)
class FundFlows:
    """A fund's flows over the projection years, as a scheme hands them to the fund stage.

    Arrays are over the projection years (base year excluded), as numpy
    arrays; scalars stand for a constant flow.  In a stacked run (a chunk of paths) an array that varies by
    path is (path, year), and a base-year figure or a drawdown share that does (path).

    Attributes
    ----------
    fund : the fund's name (:data:`actuarial.dims.FUNDS`).
    years : the projection years.
    base : the observed base year (:class:`BaseYear`).
    contributions, fiscal_subsidy, benefits : ``C_t, S_t, E_t`` (yuan over the year); the subsidy
        under the scheme's baseline rule.
    returns : ``r_t``, the fund's nominal return (fraction).
    contribution_base : ``W_t``, taxable payroll (yuan), where the scheme has one.
    other_outflows : ``O_t`` (yuan over the year), paid out besides benefits.
    drawdown : for a fund whose spending is a share of what it holds (personal accounts):
        ``E_t = pi (B_{t-1} + C_t + S_t + F_t)``; ``benefits`` is then ignored.
    closure : the fund's :class:`Closure` (none: :data:`DEFAULT_CLOSURE` of the fund, target 6 months).
    """

    fund: str
    years: np.ndarray
    base: BaseYear
    contributions: np.ndarray
    fiscal_subsidy: np.ndarray | float
    benefits: np.ndarray | float
    returns: np.ndarray
    contribution_base: np.ndarray | None = None
    other_outflows: np.ndarray | float = 0.0
    drawdown: float | None = None
    closure: Closure | None = None

    @property
    def closure_rule(self) -> Closure:
        """The closure that applies: the declared one, else the fund's :data:`DEFAULT_CLOSURE`."""
        return self.closure if self.closure is not None else Closure(DEFAULT_CLOSURE.get(self.fund, "borrowing"))

    @property
    def prefix(self) -> str:
        """Prefix of the fund's output variables."""
        return FUND_PREFIXES[self.fund][0]

    def path(self, index: int) -> "FundFlows":
        """Path ``index``'s flows of a stacked run's (arrays (path, year) and base-year figures (path) taken at
        ``index``; what does not vary by path kept)."""
        def pick(value, ndim: int):
            return value[index] if np.ndim(value) == ndim else value

        figures = ("balance", "investment_income", "rate", "expenditure")
        base = replace(self.base, **{name: pick(getattr(self.base, name), 1) for name in figures})
        arrays = ("contributions", "fiscal_subsidy", "benefits", "returns", "contribution_base", "other_outflows")
        return replace(self, base=base, drawdown=pick(self.drawdown, 1),
                       **{name: pick(getattr(self, name), 2) for name in arrays})


__all__ = ["BaseYear", "CLOSURE_RULES", "Closure", "DEFAULT_CLOSURE", "FundFlows", "open_base_year"]
