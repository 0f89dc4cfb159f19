"""The least-cost financing mix that meets a solvency target with a stated probability (``optimise --paths N``).

Sample average approximation of the chance-constrained programme of :mod:`actuarial.financing.optimise`:
on every drawn path ``s`` the same instruments have their own programme ``a_s x <= b_s``
(:func:`actuarial.financing.optimise.programme`, on the path's assumption set, so returns, wages and
benefits are the path's), and

    minimise   mean_s [unit_cost_s] x + mean_s [fixed_cost_s]
    subject to a_s,i x + M_s,i z_s <= b_s,i + M_s,i    reserve and sustainable rows of path s
               a_s,i x <= b_s,i                        debt ceiling and annual cost cap of path s (every path)
               sum_s z_s >= ceil(p S),  z_s in {0, 1}, bounds on x

``z_s = 1`` means the reserve condition holds on path ``s``; ``M_s,i = max(0, max over the bounds of
a_s,i x - b_s,i)`` is the smallest constant that frees a row when ``z_s = 0``.  Each searched combination
(levels of the non-linear instruments) is one mixed-integer programme (HiGHS through
:func:`scipy.optimize.milp`); the cheapest feasible combination wins.  When none reaches ``p``, the
programme that maximises ``sum_s z_s`` gives the best share reachable within the bounds.  The chosen mix
is then re-run through the whole model on every path and the share of paths that meet the reserve
condition is measured on the re-runs (in sample: the same paths).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from actuarial.config import AssumptionError, AssumptionSet
from actuarial.financing.mix import run_mix
from actuarial.financing.optimise import (
    Programme,
    Setting,
    measure_checks,
    mix_of,
    prepare,
    programme,
    searched_options,
)
from actuarial.financing.study import Target
from actuarial.simulation.engine import DEFAULT_CHUNK, map_chunks
from actuarial.simulation.shocks import path_sets


COST_UNIT = 1e12
"""Yuan per unit of the programme's objective (trillions: the objective's coefficients stay near 1)."""


def programmes_chunk(assumptions: AssumptionSet, *, paths, seed: int, target: Target,
                     setting: Setting) -> list[list[Programme]]:
    """For each path of the chunk, the programme of every searched combination (in ``setting.combinations``
    order)."""
    fund = target.study.fund
    out = []
    for _, drawn in path_sets(assumptions, seed=seed, paths=paths):
        baseline = run_mix(drawn, {}, name="baseline", fund=fund)
        row = []
        for levels in setting.combinations:
            fixed = searched_options(target, setting, levels)
            base = run_mix(drawn, fixed, name="search", fund=fund) if fixed else baseline
            row.append(programme(target, setting, base, baseline, fixed))
        out.append(row)
    return out


def verify_chunk(assumptions: AssumptionSet, *, paths, seed: int, target: Target, chosen: dict) -> pd.DataFrame:
    """The chosen mix re-run on each path of the chunk: its checks (reserve floor, sustainable condition,
    debt ceiling, annual cost cap) per path."""
    rows = []
    for path, drawn in path_sets(assumptions, seed=seed, paths=paths):
        checks, _, _ = measure_checks(target, run_mix(drawn, chosen, name="optimal_mix", fund=target.study.fund))
        info = target.info
        reserve_ok = checks.min_reserve >= info.reserve_ratio_min - 1e-6 and (
            checks.reserve_k_before is None or checks.end_reserve >= checks.reserve_k_before - 1e-6)
        rows.append({"path": path, "min_reserve_ratio": checks.min_reserve, "min_reserve_year": checks.min_reserve_year,
                     "end_reserve_ratio": checks.end_reserve, "max_debt_pct_gdp": checks.max_debt_pct_gdp,
                     "max_cost_pct_gdp": checks.max_cost_pct_gdp, "reserve_condition_met": bool(reserve_ok),
                     "all_constraints_met": bool(checks.ok)})
    return pd.DataFrame(rows)


def _big_m(a: np.ndarray, b: np.ndarray, bounds: list[tuple[float, float]]) -> np.ndarray:
    low, high = np.array([lo for lo, _ in bounds]), np.array([hi for _, hi in bounds])
    largest = np.maximum(a * low, a * high).sum(axis=1) if a.shape[1] else np.zeros(a.shape[0])
    return np.maximum(largest - b, 0.0)


def chance_programme(problems: list[Programme], probability: float, *, maximise_share: bool = False):
    """Solve one combination's programme over the paths (module docstring); ``maximise_share``: the largest
    number of paths meeting the reserve condition instead.  Returns the ``milp`` result (objective in
    :data:`COST_UNIT`) and the count needed."""
    first = problems[0]
    n_var, n_paths = len(first.variables), len(problems)
    blocks, upper = [], []
    for s, problem in enumerate(problems):
        # rows in their natural units (years of expenditure, shares of GDP): yuan-sized coefficients and big-Ms
        # exceed what HiGHS accepts (1e15)
        scale = np.concatenate([row_scale for _, _, row_scale in problem.kinds])
        a, b = problem.a / scale[:, None], problem.b / scale
        k = problem.solvency_rows
        m = _big_m(a[:k], b[:k], problem.bounds)
        z = np.zeros((a.shape[0], n_paths))
        z[:k, s] = m
        blocks.append(np.hstack([a, z]))
        upper.append(np.concatenate([b[:k] + m, b[k:]]))
    needed = math.ceil(probability * n_paths - 1e-9)
    rows = [LinearConstraint(np.vstack(blocks), -np.inf, np.concatenate(upper))]
    if not maximise_share:
        rows.append(LinearConstraint(np.r_[np.zeros(n_var), np.ones(n_paths)][None, :], needed, np.inf))
        mean_cost = np.mean([p.unit_cost for p in problems], axis=0) / COST_UNIT if n_var else np.zeros(0)
        cost = np.r_[mean_cost, np.zeros(n_paths)]
    else:
        cost = np.r_[np.zeros(n_var), -np.ones(n_paths)]
    bounds = Bounds(np.r_[[lo for lo, _ in first.bounds], np.zeros(n_paths)],
                    np.r_[[hi for _, hi in first.bounds], np.ones(n_paths)])
    integrality = np.r_[np.zeros(n_var), np.ones(n_paths)]
    return milp(cost, constraints=rows, integrality=integrality, bounds=bounds), needed


@dataclass(frozen=True)
class StochasticOptimisation:
    feasible: bool
    probability: float
    n_paths: int
    needed: int
    sizes: dict[str, float]
    issuance_by_year: dict[str, dict[int, float]]
    objective: float              # mean over paths of the PV of the instruments' budget cost (levies at the MCPF)
    best_share: float             # the share of paths the programme reaches (the target's when feasible)
    verified: pd.DataFrame        # per path, the re-run's checks
    chosen: dict

    @property
    def verified_share(self) -> float:
        return float(self.verified["reserve_condition_met"].mean())


def optimise_on_paths(target: Target, *, n_paths: int, seed: int, chunk_size: int = DEFAULT_CHUNK, client=None,
                      progress: Callable[[int], None] | None = None) -> StochasticOptimisation:
    """The least-cost mix meeting the target's reserve condition on at least ``target.info.probability`` of
    ``n_paths`` paths (module docstring); ``progress`` gets the paths done, twice over (programmes, re-runs)."""
    probability = target.info.probability
    if probability is None:
        raise AssumptionError(target.file, "target.probability", "is missing; a stochastic target (--paths) states "
                              "the share of paths on which the reserve condition must hold, e.g. 0.9")
    setting = prepare(target)
    parts = map_chunks(programmes_chunk, setting.assumptions, n_paths=n_paths, chunk_size=chunk_size, client=client,
                       progress=progress, seed=seed, target=target, setting=setting)
    by_path = [row for part in parts for row in part]
    best, best_share, best_infeasible = None, 0.0, None
    for c, levels in enumerate(setting.combinations):
        problems = [row[c] for row in by_path]
        result, needed = chance_programme(problems, probability)
        if result.status == 0:
            n_var = len(problems[0].variables)
            x = result.x[:n_var]
            objective = float(np.mean([p.fixed_cost for p in problems])) + float(result.fun) * COST_UNIT
            if best is None or objective < best[0]:
                best = (objective, problems[0].variables, x, dict(zip(setting.searched, levels)))
            best_share = max(best_share, probability)
        else:
            reach, _ = chance_programme(problems, probability, maximise_share=True)
            if reach.status == 0 and best is None:
                share = float(np.round(-reach.fun)) / n_paths
                if best_infeasible is None or share > best_share:
                    best_share = share
                    best_infeasible = (np.nan, problems[0].variables, reach.x[:len(problems[0].variables)],
                                       dict(zip(setting.searched, levels)))
    feasible = best is not None
    if not feasible:
        if best_infeasible is None:
            raise AssumptionError(target.file, "instruments", "every searched level breaks the debt ceiling or the "
                                  "annual cost cap on some path on its own; no mix can be formed")
        best = best_infeasible
    objective, variables, x, levels = best
    sizes, issuance, chosen = mix_of(target, variables, x, levels)
    verified = pd.concat(map_chunks(verify_chunk, setting.assumptions, n_paths=n_paths, chunk_size=chunk_size,
                                    client=client, progress=progress, seed=seed, target=target, chosen=chosen),
                         ignore_index=True)
    return StochasticOptimisation(feasible=feasible, probability=probability, n_paths=n_paths,
                                  needed=math.ceil(probability * n_paths - 1e-9), sizes=sizes,
                                  issuance_by_year=issuance, objective=objective, best_share=best_share,
                                  verified=verified, chosen=chosen)


__all__ = ["StochasticOptimisation", "chance_programme", "optimise_on_paths", "programmes_chunk", "verify_chunk"]
