"""Urban employee basic pension (UEBPI): coverage, contributions, cohort histories, benefits, fund flows.

Pipeline for one scenario (timing: stocks at 31 December, flows over the year):

1. **Contribution density** by employed status ``d_k = scale * relative_k``;
   the cell's density among persons not past retirement age is
   ``d(t, s, x) = min(1, sum_k d_k E_k(t, s, x) / (P (1 - r)))`` with ``E_k`` the
   employed persons of the labour stage not past their retirement age.
   ``scale`` is calibrated to the 2024 contributors (the cap binds in a few cells).
2. **Bases and contributions.** Employees (standard, non-standard) declare
   ``clip(c * earnings, floor * W, ceiling * W)`` with compliance ``c`` and
   social average wage ``W``; own-account workers (platform, self-employed and
   the household farmers who join as flexible workers) declare
   ``flexible_base_ratio * W`` (clipped alike).  Employees pay employer + worker
   rates (the worker rate to the individual account); flexible workers the
   flexible rate (the account part to the account).
   ``c`` is calibrated so that 2024 contributions meet their target
   (:mod:`actuarial.schemes.pension_employee_rules`).
3. **Cohort histories** in :mod:`actuarial.kernels.pension`: contribution-year
   distributions (deemed years of the 1997 members apart), indexed-wage ratios,
   account balances, awards at retirement for those with the minimum years in
   force (or who buy the missing years), transfers of the others to the resident
   scheme with their accounts, pensions in payment indexed and survived.
4. The 2024 state from the history run
   (:mod:`actuarial.schemes.pension_employee_history`); rights accrued to date
   (:mod:`actuarial.schemes.pension_employee_base`).
5. **Fund flows**: contributions, benefits and the baseline fiscal subsidy
   ``S_t = s_t E_t`` (a stated share of benefits); the base year is observed
   (published revenue, subsidy and balance; investment income the rest of revenue).

Every array carries a leading path axis: one path in a deterministic run, the
chunk's paths in a stacked run (:mod:`actuarial.schemes.protocol`), labelled
once at the end.  Base-year calibration works on plain arrays (no labelled
objects inside the root-finding), once when its inputs are the same on every
path (the base year is not shocked), else path by path.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from types import SimpleNamespace

import numpy as np
import xarray as xr

from actuarial.config.calibration import also_from, calibrate, origin
from actuarial.config.errors import AssumptionError
from actuarial.dims import EMPLOYED_STATUSES, OPEN_AGE, STATUSES
from actuarial.funds.record import FundFlows, open_base_year
from actuarial.kernels.pension import pension_histories_kernel
from actuarial.schemes.pension_employee_base import VESTING, accrued_rights, expected_retirement_age
from actuarial.schemes.pension_employee_history import (
    MAX_SHORT_YEARS,
    N_BUCKETS,
    BaseProfiles,
    BaseYearState,
    HistoryInputs,
    base_year_state,
)
from actuarial.schemes.pension_employee_parameters import (
    ADJUSTMENTS,
    HISTORY,
    OPTIONAL,
    PATHS,
    SCALARS,
    TABLES,
    PensionEmployeeParameters,
    pension_employee_parameters,
)
from actuarial.schemes.pension_employee_rules import (
    contributors_by_status,
    coverage_response,
    declared_bases,
    per_contributor,
    rates,
    worker_rate_share,
)
from actuarial.schemes.protocol import (Scheme, SchemeResult, Upstream, collapsed, labelled, once_or_per_path,
                                        plain, unstack, working_before_retirement)
from actuarial.variables import label

# --------------------------------------------------------------------------- the projection
def project_pension_employee(parameters: PensionEmployeeParameters, upstream: Upstream) -> SchemeResult:
    """UEBPI members, contributions, benefits and fund flows by year, for one path or a chunk of paths at once.

    Reads from the upstream projection: ``population`` ([path,] year, sex, age) at 31 December,
    ``past_retirement_age`` (share past own retirement age), ``employment`` and
    ``employment_past_retirement`` ([path,] year, sex, age, status: employed persons and those of them
    past their retirement age, who draw or await a pension and do not contribute), ``earnings``
    (annual, by status) and ``average_wage``; and the demography's survival ratios.  A stacked run's
    outputs carry ``path`` first.
    """
    inputs = kernel_inputs(parameters, upstream)
    outputs = {name: np.zeros(shape) for name, shape in inputs.output_shapes().items()}
    pension_histories_kernel(**inputs.arrays(), **outputs)
    _check_pensioners(parameters, outputs["pensioners"], inputs.population, parameters.years)
    return _result(parameters, inputs, outputs, upstream)


def _check_pensioners(parameters: PensionEmployeeParameters, pensioners: np.ndarray, population: np.ndarray,
                      years: np.ndarray) -> None:
    """No cell may hold more pensioners than persons: pensioners survive with their cohort but do not
    migrate, so net emigration at pension ages that empties a cohort is an input the model cannot
    represent (an input error naming the migration table, not a silent 147 M pensioners among 55 M people).
    ``pensioners`` and ``population`` (path, year, sex, age)."""
    excess = pensioners - population
    if np.any(excess > 1e-9 * np.maximum(population, 1.0)):
        cell = np.unravel_index(int(np.argmax(excess)), excess.shape)
        _, t, s, x = cell
        raise AssumptionError(origin(parameters.targets["migration"]), "migration",
                              f"the table leaves {population[cell]:,.0f} persons of sex {('male', 'female')[s]} "
                              f"aged {x} in {years[t]}, fewer than the {pensioners[cell]:,.0f} UEBPI pensioners of "
                              "that cell (pensioners do not emigrate in this model): net emigration at pension ages "
                              "must not empty a cohort (where it does not, the contribution and retirement inputs "
                              "award more pensions than the cohort has people)")


@dataclass(frozen=True)
class PensionKernelInputs:
    """Arguments of :func:`actuarial.kernels.pension.pension_histories_kernel`, passed by name
    (leading path axis of length 1 where an input does not vary by path: the initial state where the
    base year was calibrated once), and what the stage keeps to label the result."""

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
    transitional_accrual: float
    divisor: np.ndarray
    persistence: float
    spread: float
    take_up: float
    max_short: float
    entries_count: np.ndarray
    entries_amount: np.ndarray
    initial_h_c: np.ndarray
    initial_h_n: np.ndarray
    initial_members: np.ndarray
    initial_deemed: np.ndarray
    initial_ratio_sum: np.ndarray
    initial_balance: np.ndarray
    initial_pensioners: np.ndarray
    initial_pension_amount: np.ndarray
    stage: dict

    def arrays(self) -> dict[str, np.ndarray | float]:
        """The kernel's inputs by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "stage"}

    def output_shapes(self, *, per_age: bool = True, n_paths: int | None = None,
                      n_final: int = 1) -> dict[str, tuple[int, ...]]:
        """Shapes of the kernel's outputs: (path, year, sex, age) — age summed to length 1 when ``per_age``
        is False, which keeps memory per path small — ``award_years`` (path, year, sex, contribution years),
        ``benefits``, ``buy_in_base``, ``transfer_balance`` (path, year) and the final state of the first
        ``n_final`` paths."""
        n_paths = n_paths or max(a.shape[0] for a in self.arrays().values() if isinstance(a, np.ndarray) and a.ndim == 4)
        _, n_years, n_sexes, n_ages = self.population.shape
        cells = (n_paths, n_years, n_sexes, n_ages if per_age else 1)
        shapes = {name: cells for name in ("contributors", "new_pensioners", "new_pension_amount", "transferred",
                                           "pensioners", "pension_amount", "active_years", "final_year")}
        shapes["award_years"] = (n_paths, n_years, n_sexes, self.initial_h_c.shape[4] if per_age else 1)
        shapes.update({name: (n_paths, n_years) for name in ("benefits", "buy_in_base", "transfer_balance")})
        state = (n_final, n_sexes, n_ages)
        shapes.update({"final_h_c": (*state, *self.initial_h_c.shape[3:]), "final_h_n": (*state, *self.initial_h_c.shape[3:]),
                       "final_pensioners": state, "final_pension_amount": state})
        shapes.update({f"final_{name}": (*state, self.initial_h_c.shape[3])
                       for name in ("members", "deemed", "ratio_sum", "balance")})
        return shapes


def kernel_inputs(parameters: PensionEmployeeParameters, upstream: Upstream) -> PensionKernelInputs:
    """Calibrate the base year and build the kernel's inputs (also used for batch runs and the benchmark).

    Arrays are (path, year, sex, age[, employed status]) with one path in a deterministic run.  The stage
    keeps the flows, contributors and actives by cell, the ``wage`` (path, year), the calibrated ``scale``,
    ``compliance``, ``profiles`` and ``states`` (lists of one where calibrated once, else one per path), the
    base-year ``state`` (its arrays (1 or path, sex, age, ...)), the ``history`` inputs and the expected
    ``retirement_age`` (path, sex, age)."""
    p = parameters
    projection = upstream.projection
    order = ("year", "sex", "age")
    employed = list(EMPLOYED_STATUSES)
    population = plain(projection["population"], *order)
    retired = plain(projection["past_retirement_age"], *order)
    employment = working_before_retirement(projection["employment"], projection["employment_past_retirement"])
    earnings = plain(projection["earnings"].sel(status=employed), *order, "status")
    wage = plain(projection["average_wage"], "year")

    active = population * (1.0 - retired)
    weighted = employment * p.density_relative * p.density_adjustment[:, None, None, :]
    response = coverage_response(p, earnings, wage, employment)
    if np.any(response != 1.0):  # flexible workers' cost of contributing changed (income-linked rules)
        weighted = weighted * response[..., None, None, :]
    if np.any(p.enrolment_factor != 1.0):  # a hukou rule on flexible workers' enrolment lifted (in part)
        weighted = weighted * p.enrolment_factor[:, None, None, :]

    def contribution_scale(weighted_base: np.ndarray, active_base: np.ndarray) -> float:
        return calibrate(lambda k: float(contributors_by_status(weighted_base, active_base, k).sum())
                         - p.contributors_target, 1e-6, 100.0, assumptions=p.targets, name="contributors_target",
                         rule="must be reachable by the persons not past retirement age who work in the base year")

    scale = once_or_per_path(contribution_scale, weighted[:, 0], active[:, 0])
    contributors = contributors_by_status(weighted, active, np.array(scale)[:, None, None, None, None])
    cell = contributors.sum(axis=-1)
    density = np.where(active > 0, cell / np.where(active > 0, active, 1.0), 0.0)

    base_total, _ = rates(p, 0)
    rates_used = ", ".join(also_from(p.targets[name], float(getattr(p, field)[0])) for name, field in (
        ("employer_pension_rate", "employer_rate"), ("worker_pension_rate", "worker_rate"),
        ("flexible_pension_rate", "flexible_rate")))

    def compliance_2024(contributors_base: np.ndarray, earnings_base: np.ndarray, wage_base: np.ndarray) -> float:
        def contributions_2024(compliance: float) -> float:
            bases = declared_bases(p, earnings_base, wage_base, compliance, 0)
            return float((contributors_base * bases * base_total).sum())

        return calibrate(lambda c: contributions_2024(c) - p.contributions_target, 1e-3, 5.0, assumptions=p.targets,
                         name="pension_contributions_target", rule="must be reachable with declared bases between "
                         f"the floor and the ceiling at {rates_used}")

    compliance = once_or_per_path(compliance_2024, contributors[:, 0], earnings[:, :1], wage[:, :1])
    bases = declared_bases(p, earnings, wage, np.array(compliance)[:, None, None, None, None], adjusted=True)
    total_rate, account_rate = rates(p)
    base = contributors * bases
    flows = {"contributions": base * total_rate[:, None, None, :], "account": base * account_rate[:, None, None, :],
             "base": base}
    flows["platform_paid"] = flows["contributions"] * (1.0 - worker_rate_share(p))[:, None, None, :]
    base_ratio = per_contributor(flows["base"], cell) / wage[..., None, None]
    account_per_contributor = per_contributor(flows["account"], cell)

    history = HistoryInputs(**p.history, start_retirees=p.start_retirees, start_pension=p.start_pension,
                            institution_retirees=p.institution_share * p.pensioners_target,
                            institution_entry_year=int(p.institution_entry_year), persistence=p.persistence,
                            spread=p.spread, take_up=p.take_up, tilt=p.tilt,
                            deemed_members=p.deemed_members)

    def history_run(population_base: np.ndarray, retired_base: np.ndarray, density_base: np.ndarray,
                    ratio_base: np.ndarray) -> tuple[BaseProfiles, BaseYearState]:
        profiles = BaseProfiles(population=population_base, retired=retired_base, density=density_base,
                                base_ratio=ratio_base)
        return profiles, base_year_state(
            history, profiles, divisor=p.divisor, accrual=float(p.accrual[0]),
            transitional_accrual=p.transitional_accrual, pensioners_target=p.pensioners_target,
            pensioners_previous_year=p.pensioners_previous_year, indexation_base_year=p.indexation_base_year,
            expenditure_target=p.expenditure_target)

    profiles, states = zip(*once_or_per_path(history_run, population[:, 0], retired[:, 0], density[:, 0],
                                              base_ratio[:, 0]))
    initial = {name: np.stack([getattr(state, name) for state in states])
               for name in ("h_c", "h_n", "members", "deemed", "ratio_sum", "balance", "pensioners", "pension_amount")}

    retiring = np.zeros_like(retired)
    retiring[:, 1:, :, 1:] = np.clip(retired[:, 1:, :, 1:] - retired[:, :-1, :, :-1], 0.0, 1.0)
    retiring[:, 1:, :, OPEN_AGE] = 0.0
    saw_previous = np.concatenate([wage[:, :1], wage[:, :-1]], axis=1) / 12.0
    wage_growth = np.concatenate([np.zeros((len(wage), 1)), wage[:, 1:] / wage[:, :-1] - 1.0], axis=1)
    indexation = p.indexation_fixed + p.indexation_wage_share * wage_growth
    indexation[:, 0] = 0.0
    survival = upstream.survival
    survival = np.concatenate([np.ones((len(survival), 1, *survival.shape[2:])), survival], axis=1)
    no_entries = np.zeros(population.shape[1:])
    stage = {"flows": flows, "contributors": contributors, "cell": cell, "active": active, "scale": scale,
             "compliance": compliance, "wage": wage, "profiles": profiles, "states": states,
             "state": SimpleNamespace(**initial), "history": history,
             "retirement_age": expected_retirement_age(1.0 - retired),
             "coords": {dim: projection[dim].values for dim in ("sex", "age")}}
    return PensionKernelInputs(
        population=population, active_share=1.0 - retired, retiring=retiring, density=density, base_ratio=base_ratio,
        account_contribution=account_per_contributor, survival=survival, saw_monthly_previous=saw_previous,
        indexation=indexation, crediting=p.crediting, min_years=p.minimum_years, accrual=p.accrual,
        transitional_accrual=p.transitional_accrual, divisor=p.divisor, persistence=p.persistence, spread=p.spread,
        take_up=p.take_up, max_short=MAX_SHORT_YEARS, entries_count=no_entries, entries_amount=no_entries,
        **{f"initial_{name}": values for name, values in initial.items()}, stage=stage,
    )


def _result(p: PensionEmployeeParameters, inputs: PensionKernelInputs, out: dict[str, np.ndarray],
            upstream: Upstream) -> SchemeResult:
    """Label the kernel's outputs (path, ...) and the contribution flows, ``path`` first in a stacked run and
    dropped in a deterministic one; the fund flows with the baseline subsidy rule."""
    stage = inputs.stage
    years, flows, active = p.years, stage["flows"], stage["active"]
    benefits = out["benefits"]
    benefits[:, 0] = p.expenditure_target
    subsidy = p.subsidy_share * benefits
    subsidy[:, 0] = p.fiscal_subsidy_base
    regular = flows["contributions"].sum(axis=(2, 3, 4))
    # the retiring contribute up to their retirement (half a year on average, at the contribution per
    # contributor of the age below) and members short of the minimum may buy the missing years
    contribution_each = per_contributor(flows["contributions"], stage["cell"])
    final_year = (out["final_year"][..., 1:] * contribution_each[..., :-1]).sum(axis=(2, 3))
    base_total = flows["base"].sum(axis=(2, 3, 4))
    lump_sums = out["buy_in_base"] * np.divide(regular, base_total, out=np.zeros_like(regular), where=base_total > 0)
    lump_sums[:, 0] = final_year[:, 0] = 0.0
    contributions = regular + final_year + lump_sums
    transfers = out["transfer_balance"]
    rights = accrued_rights(p, stage)
    paths, sex, age = upstream.paths, stage["coords"]["sex"], stage["coords"]["age"]
    cube = lambda values: labelled(values, paths, year=years, sex=sex, age=age)  # noqa: E731
    series = lambda values: labelled(values, paths, year=years)  # noqa: E731
    ratio = lambda num, den: cube(np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan))  # noqa: E731

    def by_status(values: np.ndarray) -> xr.DataArray:
        full = np.zeros((*values.shape[:-1], len(STATUSES)))
        full[..., [STATUSES.index(s) for s in EMPLOYED_STATUSES]] = values
        return labelled(full, paths, year=years, status=list(STATUSES))

    outputs = xr.Dataset({
        "pension_contributors": cube(out["contributors"]),
        "pension_new_pensioners": cube(out["new_pensioners"]),
        "pension_new_award": ratio(out["new_pension_amount"], out["new_pensioners"]),
        "pension_transferred": cube(out["transferred"]),
        "pensioners": cube(out["pensioners"]),
        "pension_in_payment": ratio(out["pension_amount"], out["pensioners"]),
        "pension_contribution_years": ratio(out["active_years"], active),
        "pension_contributions": series(contributions),
        "pension_contribution_base": series(base_total),
        "pension_lump_sum_contributions": series(lump_sums),
        "pension_final_year_contributions": series(final_year),
        "pension_account_transfers": series(transfers),
        "pension_benefits": series(benefits),
        "pension_fiscal_subsidy": series(subsidy),
        "pension_account_credits": series(flows["account"].sum(axis=(2, 3, 4))),
        "pension_contributions_by_status": by_status(flows["contributions"].sum(axis=(2, 3))),
        "pension_contributors_by_status": by_status(stage["contributors"].sum(axis=(2, 3))),
        "pension_base_by_status": by_status(flows["base"].sum(axis=(2, 3))),
        "pension_platform_employer_contributions": series(flows["platform_paid"].sum(axis=(2, 3, 4))),
        "pension_contributions_by_age": cube(flows["contributions"].sum(axis=-1)),
        **{name: labelled(rights[part] * active[:, None, 0], paths, vesting=list(VESTING), sex=sex, age=age)
           for name, part in (("pension_accrued_wage_linked_base_year", "wage_linked"),
                              ("pension_account_balance_base_year", "account"))},
        "pension_retirement_age_base_year": labelled(rights["retirement_age"], paths, sex=sex, age=age),
        "pension_new_by_years": labelled(out["award_years"], paths, year=years, sex=sex,
                                         contribution_years=np.arange(N_BUCKETS)),
    })
    fund_return = p.fund_return.reshape(-1, years.size)  # (1 or path, year)
    base = open_base_year(revenue=p.revenue_base, expenditure=p.expenditure_target, balance=p.fund_balance_base,
                          rate=unstack(fund_return[:, 0], upstream.paths),
                          non_investment_revenue=unstack(contributions[:, 0], upstream.paths) + p.fiscal_subsidy_base)
    later = lambda values: unstack(values[:, 1:], upstream.paths)  # noqa: E731  the projection years
    fund = FundFlows(fund="pension_employee", years=years[1:], base=base, contributions=later(contributions),
                     fiscal_subsidy=later(subsidy), benefits=later(benefits), returns=later(fund_return),
                     contribution_base=later(base_total), other_outflows=later(transfers))
    states = stage["states"]
    return SchemeResult(outputs=label(outputs), funds=(fund,), base_year={
        "contribution_scale": collapsed(stage["scale"]), "compliance": collapsed(stage["compliance"]),
        **{name: collapsed([getattr(state, field) for state in states]) for name, field in (
            ("history_count_scale", "count_scale"), ("institution_pension_level", "institution_level"),
            ("enterprise_mean_pension", "enterprise_mean"))}})


SCHEME = Scheme(
    name="pension_employee",
    assumptions=(*PATHS.values(), *SCALARS.values(), *ADJUSTMENTS, *OPTIONAL, *TABLES, *HISTORY.values(),
                 "mortality_history"),
    parameters=pension_employee_parameters,
    project=project_pension_employee,
)

__all__ = ["PensionKernelInputs", "SCHEME", "kernel_inputs", "project_pension_employee"]
