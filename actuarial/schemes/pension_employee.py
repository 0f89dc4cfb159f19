"""Urban employee basic pension (UEBPI): coverage, contributions, cohort histories, benefits.

Pipeline for one scenario (timing: stocks at 31 December, flows over the year):

1. **Contribution density** by employed status ``d_k = scale * relative_k``;
   the cell's density among persons not past retirement age is
   ``d(t, s, x) = min(1, sum_k d_k E_k(t, s, x) / (P (1 - r)))`` with ``E_k`` the
   employed persons of the labour stage not past their retirement age.
   ``scale`` is calibrated to the 2024 contributors (``brentq``: the cap binds
   in a few cells).
2. **Bases and contributions.** Employees (standard, non-standard) declare
   ``clip(c * earnings, floor * W, ceiling * W)`` with compliance ``c`` and
   social average wage ``W``; flexible workers (platform, self-employed)
   declare ``flexible_base_ratio * W`` (clipped alike).  Employees pay
   employer + worker rates (the worker rate to the individual account);
   flexible workers the flexible rate (the account part to the account).
   ``c`` is calibrated so that 2024 contributions meet their target.
3. **Cohort histories** in :mod:`actuarial.kernels.pension`: contribution-year
   distributions, indexed-wage ratios, account balances, awards at retirement
   for those with the minimum years in force, transfers of the others to the
   resident scheme, pensions in payment indexed and survived.
4. The 2024 state: histories of each cohort built as if the 2024 density and
   bases by age had always applied (a synthetic cohort; account balances
   deflated by assumed past wage growth, see :data:`PAST_WAGE_GROWTH`); the
   pensioner stock by sex and age from the assumed profile scaled to the 2024
   count, its December-2024 mean pension scaled so that 2024 expenditure is
   met given the stock's growth during 2024 (count and the 2024 increase).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import xarray as xr

from actuarial.config import AssumptionSet
from actuarial.config.calibration import calibrate
from actuarial.config.registry import EMPLOYED_STATUSES, OPEN_AGE
from actuarial.kernels.pension import _contribute_numpy, pension_histories_kernel, pension_histories_numpy
from actuarial.variables import label

EMPLOYEES = ("standard", "nonstandard")
FLEXIBLE = ("platform", "self_employed")
N_BUCKETS = 56  # contribution years 0..55: a cohort's support is age - 15, contributions end by 70
FIRST_WORKING_AGE = 16
PAST_WAGE_GROWTH = 0.08
"""Nominal wage growth assumed for the years before 2024 when building the 2024 account
balances of active members (average wage growth in 2000-2024 was higher, around 10 %; later
years lower); balances are also credited at the account rate of 2025 over the past."""
REFORM_YEAR = 1997
CAREER_START_AGE = 20

PENSION_VARIABLES = {
    "pension_contributors": ("UEBPI contributors during the year", "persons"),
    "pension_new_pensioners": ("New UEBPI pensioners awarded during the year", "persons"),
    "pension_new_award": ("Mean monthly pension of new UEBPI awards", "yuan/month"),
    "pension_transferred": ("Persons reaching retirement age without the minimum contribution years (to the resident scheme)", "persons"),
    "pensioners": ("UEBPI pensioners at 31 December", "persons"),
    "pension_in_payment": ("Mean monthly UEBPI pension in payment in December", "yuan/month"),
    "pension_contribution_years": ("Mean contribution years of persons not past retirement age", "years"),
    "pension_contributions": ("UEBPI contributions over the year", "yuan"),
    "pension_contribution_base": ("Declared contribution bases of UEBPI contributors over the year (taxable payroll)", "yuan"),
    "pension_benefits": ("UEBPI benefit expenditure over the year", "yuan"),
    "pension_account_credits": ("Contributions credited to individual accounts over the year", "yuan"),
    "pension_contributions_by_status": ("UEBPI contributions over the year by employed status", "yuan"),
    "pension_contributors_by_status": ("UEBPI contributors during the year by employed status", "persons"),
    "pension_new_by_years": ("New UEBPI pensioners of the year by their contribution years", "persons"),
    "pension_accrued_base_year": (
        "Annual pension accrued to date by persons not past retirement age, base year (award formula on years so far; "
        "account at the age-60 divisor)", "yuan/year",
    ),
}


@dataclass(frozen=True)
class ContributionRules:
    """Rates and base limits by year (read-only arrays over ``year``)."""

    employer: xr.DataArray
    worker: xr.DataArray
    flexible: xr.DataArray
    flexible_account: xr.DataArray
    floor: xr.DataArray
    ceiling: xr.DataArray


@dataclass(frozen=True)
class PensionKernelInputs:
    """Arguments of :func:`actuarial.kernels.pension.pension_histories_kernel`, in its order
    (leading path axis of length 1 where an input does not vary by path)."""

    population: np.ndarray
    active_share: np.ndarray
    retiring: np.ndarray
    density: np.ndarray
    base_ratio: np.ndarray
    account_contribution: np.ndarray
    survival: np.ndarray
    saw_monthly_previous: np.ndarray
    indexation: np.ndarray
    crediting: np.ndarray
    min_years: np.ndarray
    accrual: np.ndarray
    pre1997_years: np.ndarray
    transitional_accrual: float
    divisor: np.ndarray
    persistence: float
    initial_h_c: np.ndarray
    initial_h_n: np.ndarray
    initial_ratio_sum: np.ndarray
    initial_balance: np.ndarray
    initial_pensioners: np.ndarray
    initial_pension_amount: np.ndarray


KERNEL_OUTPUTS = ("contributors", "new_pensioners", "new_pension_amount", "transferred", "pensioners",
                  "pension_amount", "active_years")


def run_pension_kernel(inputs: PensionKernelInputs, *, per_age: bool = True,
                       implementation: str = "numba") -> dict[str, np.ndarray]:
    """Allocate the outputs and run the cohort-history kernel (or its numpy twin).

    Returns (path, year, sex, age) arrays — age summed to length 1 when
    ``per_age`` is False, which keeps memory per path small — ``award_years``
    (path, year, sex, contribution years; summed when ``per_age`` is False) and
    ``benefits`` (path, year).
    """
    arrays = [getattr(inputs, field.name) for field in fields(inputs)]
    n_paths = max(a.shape[0] for a in arrays if isinstance(a, np.ndarray) and a.ndim == 4)
    n_years = inputs.population.shape[1]
    shape = (n_paths, n_years, 2, inputs.population.shape[3] if per_age else 1)
    n_buckets = inputs.initial_h_c.shape[3] if per_age else 1
    outputs = ([np.zeros(shape) for _ in KERNEL_OUTPUTS] + [np.zeros((n_paths, n_years, 2, n_buckets))]
               + [np.zeros((n_paths, n_years))])
    kernel = {"numba": pension_histories_kernel, "numpy": pension_histories_numpy}[implementation]
    kernel(*arrays, *outputs)
    return dict(zip((*KERNEL_OUTPUTS, "award_years", "benefits"), outputs))


def _path(assumptions: AssumptionSet, name: str, years: np.ndarray) -> xr.DataArray:
    """A time path over ``years`` (base year included: the first projection value is used for it)."""
    data = assumptions.data(name)
    return data.reindex(year=years, method="nearest")


def _adjustment(assumptions: AssumptionSet, name: str, years: np.ndarray) -> xr.DataArray | float:
    """An optional behavioural adjustment (1 when the set has none; the base year is never adjusted)."""
    if name not in assumptions:
        return 1.0
    data = assumptions.data(name).reindex(year=years, fill_value=1.0)
    return xr.where(data["year"] == years[0], 1.0, data)


def _rules(assumptions: AssumptionSet, years: np.ndarray) -> ContributionRules:
    names = {"employer": "employer_pension_rate", "worker": "worker_pension_rate", "flexible": "flexible_pension_rate",
             "flexible_account": "flexible_account_rate", "floor": "contribution_floor_ratio",
             "ceiling": "contribution_ceiling_ratio"}
    return ContributionRules(**{key: _path(assumptions, name, years) for key, name in names.items()})


def declared_bases(earnings: xr.DataArray, average_wage: xr.DataArray, rules: ContributionRules,
                   compliance: float, flexible_ratio: float) -> xr.DataArray:
    """Declared annual contribution base (year, sex, age, status) for the employed statuses."""
    floor, ceiling = rules.floor * average_wage, rules.ceiling * average_wage
    employee = (compliance * earnings.sel(status=list(EMPLOYEES))).clip(min=floor, max=ceiling)
    flexible = xr.full_like(earnings.sel(status=list(FLEXIBLE)), 1.0) * (flexible_ratio * average_wage).clip(min=floor, max=ceiling)
    return xr.concat([employee, flexible], dim="status").sel(status=list(EMPLOYED_STATUSES))


def contribution_flows(contributors: xr.DataArray, bases: xr.DataArray, rules: ContributionRules) -> dict[str, xr.DataArray]:
    """Contributions, account credits and bases (year, sex, age, status) of contributors by status."""
    is_employee = xr.DataArray([s in EMPLOYEES for s in EMPLOYED_STATUSES], coords={"status": list(EMPLOYED_STATUSES)})
    total_rate = xr.where(is_employee, rules.employer + rules.worker, rules.flexible)
    account_rate = xr.where(is_employee, rules.worker, rules.flexible_account)
    base = contributors * bases
    return {"contributions": base * total_rate, "account": base * account_rate, "base": base}


def _initial_histories(density: np.ndarray, base_ratio: np.ndarray, account: np.ndarray, persistence: float,
                       crediting: float) -> tuple[np.ndarray, ...]:
    """Synthetic-cohort state at the end of the base year from its age profiles (sex, age)."""
    n_ages = density.shape[1]
    h_c = np.zeros((2, n_ages, N_BUCKETS))
    h_n = np.zeros((2, n_ages, N_BUCKETS))
    ratio_sum = np.zeros((2, n_ages))
    balance = np.zeros((2, n_ages))
    deflator = (1.0 + crediting) / (1.0 + PAST_WAGE_GROWTH)
    for s in range(2):
        c, n = np.zeros(N_BUCKETS), np.zeros(N_BUCKETS)
        n[0] = 1.0
        ratio, money = 0.0, 0.0
        for x in range(n_ages):
            if density[s, x] > 0.0 or c.sum() > 0.0:  # as in the kernel: a year without contributions resets
                c, n = _contribute_numpy(c, n, density[s, x], persistence)
                ratio += density[s, x] * base_ratio[s, x]
            money = money * deflator + density[s, x] * account[s, x]
            h_c[s, x], h_n[s, x], ratio_sum[s, x] = c, n, ratio
            balance[s, x] = money
    return h_c, h_n, ratio_sum, balance


def project_employee_pension(assumptions: AssumptionSet, *, population: xr.DataArray, survival: np.ndarray,
                             employment: xr.DataArray, retired: xr.DataArray, earnings: xr.DataArray,
                             average_wage: xr.DataArray, implementation: str = "numba",
                             return_kernel_inputs: bool = False) -> xr.Dataset | PensionKernelInputs:
    """UEBPI members, contributions and benefits by year (deterministic run).

    Parameters
    ----------
    population : (year, sex, age) persons at 31 December, base year first.
    survival : (year, sex, age) survival ratios of the projection years (demography).
    employment : (year, sex, age, status) employed persons by employed status who are not past
        their retirement age (those past it draw or await a pension and do not contribute).
    retired : (year, sex, age) share past own retirement age.
    earnings : (year, sex, age, status) annual earnings by employed status.
    average_wage : (year,) social average wage.
    return_kernel_inputs : bool
        Stop before the kernel and return its :class:`PensionKernelInputs` (for
        batch runs over many paths and for the benchmark).
    """
    years = population["year"].values
    base_year = int(years[0])
    rules = _rules(assumptions, years)
    active = (population * (1.0 - retired)).transpose("year", "sex", "age")
    relative = assumptions.data("contribution_density_relative").sel(status=list(EMPLOYED_STATUSES))
    weighted = (employment * relative * _adjustment(assumptions, "contribution_density_adjustment", years)).transpose(
        "year", "sex", "age", "status")
    target_contributors = assumptions.scalar("contributors_target")

    def capped(scale: float) -> xr.DataArray:
        """Contributors by status, never more in a cell than the persons not past retirement age."""
        by_status = weighted * scale
        cell = by_status.sum("status")
        return by_status * xr.where(cell > active, active / cell.where(cell > 0, 1.0), 1.0)

    scale = calibrate(lambda k: float(capped(k).sel(year=base_year).sum()) - target_contributors, 1e-6, 100.0,
                      assumptions=assumptions, name="contributors_target",
                      rule="must be reachable by the persons not past retirement age who work in the base year")
    contributors_by_status = capped(scale)
    cell = contributors_by_status.sum("status")
    density = xr.where(active > 0, cell / active.where(active > 0, 1.0), 0.0)

    flexible_ratio = assumptions.scalar("flexible_base_ratio")
    target = assumptions.scalar("pension_contributions_target")

    base_rules = _rules(assumptions, np.array([base_year]))
    base_earnings, base_wage = earnings.sel(year=[base_year]), average_wage.sel(year=[base_year])
    base_contributors = contributors_by_status.sel(year=[base_year])

    def contributions_2024(compliance: float) -> float:
        bases = declared_bases(base_earnings, base_wage, base_rules, compliance, flexible_ratio)
        return float(contribution_flows(base_contributors, bases, base_rules)["contributions"].sum())

    compliance = calibrate(lambda c: contributions_2024(c) - target, 1e-3, 5.0, assumptions=assumptions,
                           name="pension_contributions_target",
                           rule="must be reachable with declared bases between the floor and the ceiling")
    bases = declared_bases(earnings, average_wage, rules, compliance, flexible_ratio)
    bases = bases * _adjustment(assumptions, "declared_base_adjustment", years)
    flows = contribution_flows(contributors_by_status, bases, rules)
    per_contributor = lambda total: xr.where(cell > 0, total.sum("status") / cell.where(cell > 0, 1.0), 0.0)  # noqa: E731
    base_ratio = per_contributor(flows["base"]) / average_wage
    account_per_contributor = per_contributor(flows["account"])

    crediting = _path(assumptions, "account_crediting_rate", years).values
    persistence = assumptions.scalar("contribution_persistence")
    order = ("year", "sex", "age")
    h_c, h_n, ratio_sum, balance = _initial_histories(
        density.sel(year=base_year).transpose("sex", "age").values,
        base_ratio.sel(year=base_year).transpose("sex", "age").values,
        account_per_contributor.sel(year=base_year).transpose("sex", "age").values,
        persistence, float(crediting[min(1, crediting.size - 1)]),
    )
    # the 2024 pensioner stock
    retired_persons = (population * retired).sel(year=base_year).transpose("sex", "age")
    stock = assumptions.data("pensioner_share_profile").transpose("sex", "age") * retired_persons
    stock = stock * assumptions.scalar("pensioners_target") / float(stock.sum())
    level = assumptions.data("pension_level_profile").transpose("sex", "age") * stock
    # 2024 expenditure is paid on a stock that grew during the year by the factor g (more
    # pensioners, the 2024 increase); with a linear rise, December = mean * 2 g / (1 + g).
    growth = (assumptions.scalar("pensioners_target") / assumptions.scalar("pensioners_previous_year")
              * (1.0 + assumptions.scalar("pension_indexation_base_year")))
    december = assumptions.scalar("pension_expenditure_target") / 12.0 * 2.0 * growth / (1.0 + growth)
    monthly = level * december / float(level.sum())

    retired_arr = retired.transpose(*order).values
    retiring = np.zeros_like(retired_arr)
    retiring[1:, :, 1:] = np.clip(retired_arr[1:, :, 1:] - retired_arr[:-1, :, :-1], 0.0, 1.0)
    retiring[1:, :, OPEN_AGE] = 0.0
    wage = average_wage.values
    saw_previous = np.concatenate([[wage[0]], wage[:-1]]) / 12.0
    wage_growth = np.concatenate([[0.0], wage[1:] / wage[:-1] - 1.0])
    indexation = (_path(assumptions, "pension_indexation_fixed", years).values
                  + _path(assumptions, "pension_indexation_wage_share", years).values * wage_growth)
    indexation[0] = 0.0
    birth_year = years[:, None] - np.arange(OPEN_AGE + 1)[None, :]
    pre1997 = np.clip(REFORM_YEAR - (birth_year + CAREER_START_AGE), 0, 45).astype(float)
    divisor_table = assumptions.data("account_divisor")
    divisor = divisor_table.reindex(age=np.arange(OPEN_AGE + 1), method="nearest").values
    survival_full = np.concatenate([np.ones((1, *survival.shape[1:])), survival], axis=0)

    inputs = PensionKernelInputs(
        population=population.transpose(*order).values[None],
        active_share=(1.0 - retired).transpose(*order).values[None], retiring=retiring[None],
        density=density.transpose(*order).values[None], base_ratio=base_ratio.transpose(*order).values[None],
        account_contribution=account_per_contributor.transpose(*order).values[None], survival=survival_full[None],
        saw_monthly_previous=saw_previous[None], indexation=indexation[None], crediting=crediting,
        min_years=_path(assumptions, "minimum_contribution_years", years).values,
        accrual=_path(assumptions, "basic_pension_accrual", years).values, pre1997_years=pre1997,
        transitional_accrual=assumptions.scalar("transitional_accrual"), divisor=divisor, persistence=persistence,
        initial_h_c=h_c[None], initial_h_n=h_n[None], initial_ratio_sum=ratio_sum[None], initial_balance=balance[None],
        initial_pensioners=stock.values[None], initial_pension_amount=monthly.values[None],
    )
    if return_kernel_inputs:
        return inputs
    out = {name: values[0] for name, values in run_pension_kernel(inputs, implementation=implementation).items()}
    contributors, new, new_amount, transferred, pensioners, amount, active_years, benefits = (
        out[name] for name in (*KERNEL_OUTPUTS, "benefits"))
    # pension accrued to date by the actives of the base year (for the implicit pension debt):
    # the award formula on their years, indexed-wage ratio and account so far, without the minimum.
    mean_years = (h_c + h_n) @ np.arange(N_BUCKETS)
    mean_ratio = np.divide(ratio_sum, mean_years, out=np.zeros_like(ratio_sum), where=mean_years > 0)
    saw_base = wage[0] / 12.0
    pre = np.minimum(mean_years, pre1997[0][None, :])
    accrued_monthly = (saw_base * (1.0 + mean_ratio) / 2.0 * mean_years * float(_path(assumptions, "basic_pension_accrual", years)[0])
                       + balance / divisor[60] + saw_base * mean_ratio * pre * assumptions.scalar("transitional_accrual"))
    accrued = 12.0 * accrued_monthly * active.sel(year=base_year).transpose("sex", "age").values
    benefits[0] = assumptions.scalar("pension_expenditure_target")
    coords = {"year": years, "sex": population["sex"].values, "age": population["age"].values}
    cube = lambda values: xr.DataArray(values, coords=coords, dims=order)  # noqa: E731
    safe = lambda num, den: xr.where(den > 0, num / den.where(den > 0, 1.0), np.nan)  # noqa: E731
    dataset = xr.Dataset(
        {
            "pension_contributors": cube(contributors),
            "pension_new_pensioners": cube(new),
            "pension_new_award": safe(cube(new_amount), cube(new)),
            "pension_transferred": cube(transferred),
            "pensioners": cube(pensioners),
            "pension_in_payment": safe(cube(amount), cube(pensioners)),
            "pension_contribution_years": safe(cube(active_years), active),
            "pension_contributions": flows["contributions"].sum(["sex", "age", "status"]),
            "pension_contribution_base": flows["base"].sum(["sex", "age", "status"]),
            "pension_benefits": xr.DataArray(benefits, coords={"year": years}, dims="year"),
            "pension_account_credits": flows["account"].sum(["sex", "age", "status"]),
            "pension_contributions_by_status": flows["contributions"].sum(["sex", "age"]),
            "pension_contributors_by_status": contributors_by_status.sum(["sex", "age"]),
            "pension_accrued_base_year": xr.DataArray(accrued, coords={k: coords[k] for k in ("sex", "age")}, dims=("sex", "age")),
            "pension_new_by_years": xr.DataArray(out["award_years"], dims=("year", "sex", "contribution_years"),
                                                 coords={"year": years, "sex": coords["sex"],
                                                         "contribution_years": np.arange(N_BUCKETS)}),
        }
    )
    label(dataset, PENSION_VARIABLES)
    dataset.attrs.update(pension_contribution_scale=scale, pension_compliance=compliance)
    return dataset
