"""The employee pension's 2024 state: synthetic-cohort histories, the pensioner stock, accrued rights.

* **Histories of active members.** Each cohort's contribution-year
  distribution, indexed-wage ratio sum and account balance at the end of 2024
  are built as if the 2024 density, bases and account credits by age had
  always applied (a synthetic cohort, :func:`actuarial.kernels.pension.synthetic_histories`);
  account balances are deflated by assumed past wage growth
  (:data:`PAST_WAGE_GROWTH`) and credited at the account rate of 2025.
* **Pensioner stock.** By sex and age from the assumed profile scaled to the
  2024 count; its December-2024 mean pension scaled so that 2024 expenditure is
  met given the stock's growth during 2024 (count and the 2024 increase).
* **Accrued pension** of the base year's active members (for the implicit
  pension debt): the award formula on their years, indexed-wage ratio and
  account so far, without the minimum.
"""

from __future__ import annotations

import numpy as np

from actuarial.kernels.pension import synthetic_histories

N_BUCKETS = 56  # contribution years 0..55: a cohort's support is age - 15, contributions end by 70
PAST_WAGE_GROWTH = 0.08
"""Nominal wage growth assumed for the years before 2024 when building the 2024 account
balances of active members (average wage growth in 2000-2024 was higher, around 10 %; later
years lower); balances are also credited at the account rate of 2025 over the past."""
REFORM_YEAR = 1997
CAREER_START_AGE = 20
ACCOUNT_VALUATION_AGE = 60
"""Age at which accrued account balances are converted to a pension (its divisor)."""


def initial_histories(*, density: np.ndarray, base_ratio: np.ndarray, account: np.ndarray, persistence: float,
                      crediting: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Synthetic-cohort state at the end of the base year from its (sex, age) profiles:
    ``h_c``, ``h_n`` (sex, age, contribution years), ``ratio_sum`` and ``balance`` (sex, age)."""
    n_sexes, n_ages = density.shape
    h_c, h_n = np.zeros((n_sexes, n_ages, N_BUCKETS)), np.zeros((n_sexes, n_ages, N_BUCKETS))
    ratio_sum, balance = np.zeros((n_sexes, n_ages)), np.zeros((n_sexes, n_ages))
    synthetic_histories(density=density, base_ratio=base_ratio, account=account, persistence=persistence,
                        deflator=(1.0 + crediting) / (1.0 + PAST_WAGE_GROWTH), h_c=h_c, h_n=h_n,
                        ratio_sum=ratio_sum, balance=balance)
    return h_c, h_n, ratio_sum, balance


def pensioner_stock(parameters, retired_persons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pensioners (sex, age) at 31 December of the base year and their total monthly pension in December.

    The stock is ``profile x persons past retirement age``, scaled to the published count.  2024
    expenditure is paid on a stock that grew during the year by the factor ``g`` (more pensioners, the
    2024 increase); with a linear rise, December = mean x 2 g / (1 + g).
    """
    p = parameters
    stock = p.pensioner_share_profile * retired_persons
    stock = stock * p.pensioners_target / float(stock.sum())
    level = p.pension_level_profile * stock
    growth = p.pensioners_target / p.pensioners_previous_year * (1.0 + p.indexation_base_year)
    december = p.expenditure_target / 12.0 * 2.0 * growth / (1.0 + growth)
    return stock, level * december / float(level.sum())


def accrued_pension(parameters, stage: dict) -> np.ndarray:
    """Annual pension accrued to date per person not past retirement age in the base year (sex, age):
    ``12 [W (1 + I) / 2 Y a + balance / divisor(60) + W I min(Y, pre1997) a_tr]`` with the cohort's
    mean years ``Y`` and indexed-wage ratio ``I``, ``W`` the base year's monthly average wage."""
    p = parameters
    mean_years = (stage["h_c"] + stage["h_n"]) @ np.arange(N_BUCKETS)
    mean_ratio = np.divide(stage["ratio_sum"], mean_years, out=np.zeros_like(stage["ratio_sum"]), where=mean_years > 0)
    saw_base = stage["wage"][0] / 12.0
    pre = np.minimum(mean_years, stage["pre1997"][0][None, :])
    monthly = (saw_base * (1.0 + mean_ratio) / 2.0 * mean_years * float(p.accrual[0])
               + stage["balance"] / p.divisor[ACCOUNT_VALUATION_AGE]
               + saw_base * mean_ratio * pre * p.transitional_accrual)
    return 12.0 * monthly
