"""Employee-pension cohort histories: the heavy loop, and its numpy twin.

One kernel runs both the history (end-1997 to the base year, from the
published series) and the projection (from the state the history leaves).
Axis order ``(path, year, sex, age)`` with year index 0 the starting year (its
state is the input); inputs with one path are broadcast (leading axis 1).
Outputs indexed ``[path, year, sex, age]`` may have an age axis of length 1,
in which case ages are summed into it (per-path summaries for large runs).

State of each (sex, birth cohort), as shares of the cohort's persons not past
retirement age ("actives"), in two groups ``g``: 0 = members on 31 December
1997, who carry ``deemed`` years of pre-reform service (视同缴费年限); 1 =
everyone else.

* ``members[g]``: share of the actives who ever joined (group 1 grows: when the
  cell's contribution density ``d`` exceeds ``members / spread``, new members
  join with no years, so that ``members >= min(1, spread x d)``); the rest
  never join and never hold a year;
* ``h_c[g, y]``, ``h_n[g, y]``: shares of actives in group ``g`` with ``y``
  TOTAL years (deemed + actual) who did / did not contribute last year
  (the last bucket is open);
* ``ratio_sum[g]``: sum over the group's actual contribution years of the
  indexed-wage ratio (declared base / social average wage), per active;
* ``balance[g]``: individual-account money per active.

and the cohort's pensioners: their number and total monthly pension.

Each year t, for the cohort now aged x (stocks at 31 December):

1. pensioners survive with ``S(x)``, pensions are indexed by ``i_t``; persons
   entering the pool from outside (``entries``) are added;
2. membership grows if needed; members contribute with density
   ``d_m = d / (members_0 + members_1)`` following a two-state Markov chain
   with persistence ``pi`` (``p_c = d_m + pi (1 - d_m)`` after a contributing
   year, ``p_n`` so that the share contributing is exactly ``d_m``);
3. ``retiring`` persons (population x the rise in the cohort's retired share)
   leave the actives, drawn independently of their history.  Those who would
   contribute this year (probability ``p_c`` or ``p_n`` by last year's state)
   contribute for half a year before retiring (+0.5 year, half a year's
   account credit).  Members with at least ``m_t`` total years (the minimum in
   force, in half-years as legislated) are awarded ::

       basic        = W_{t-1} (1 + I) / 2 * Y * a_t
       account      = (balance / A_g) * A / divisor(x)
       transitional = W_{t-1} * I * D_g * a_tr

   with ``Y`` total and ``A`` actual years, ``D_g`` the group's deemed years,
   ``I = ratio_sum / A_g`` the group's mean indexed-wage ratio and ``A_g`` its
   actual years (account and ratio proportional to actual years within a
   group; a group with deemed years only takes the cell's ratio of the
   year).  Members short by at most ``max_short`` years buy or extend the
   missing years with probability ``take_up`` (awarded with ``m_t`` years, the
   purchase reported as ``buy_in_base``: years x ``12 W_{t-1} I``); the other
   short members (with at least one actual year) transfer to the resident
   scheme and take their account balance with them (``transfer_balance``);
4. the remaining actives contribute; balances are credited at the account rate.

A cohort with no actives left and nobody retiring (every member past
retirement age) skips steps 2-4: its state no longer changes.

Annual benefits are 12 x the mean of the indexed opening and the closing
monthly amounts (mid-year timing of deaths and new awards).  Cohorts are kept
in circular slots (slot = (age - year) mod A), so ageing moves no memory.
The final state (in age order) is written for the first ``final_*.shape[0]``
paths.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

FIRST_AGE = 16
"""Contribution years (deemed included) of a cohort aged x are at most x - 15."""
GROUPS = 2


@njit(cache=True, inline="always")
def _chain(density, persistence, previous):
    """Probabilities ``(p_c, p_n)`` of contributing after a contributing / a non-contributing year, so that
    the share contributing is exactly ``density`` given the share ``previous`` that contributed last year."""
    p_c = density + persistence * (1.0 - density)
    if previous < 1.0:
        p_n = (density - previous * p_c) / (1.0 - previous)
    else:  # everybody contributed last year: the chain keeps exactly the share d
        return density, 0.0
    if p_n < 0.0:  # too many contributed last year: nobody else starts, some of them stop
        return (density / previous if previous > 0.0 else 0.0), 0.0
    if p_n > 1.0:  # too few contributed last year: everybody else starts, some of them stop
        return (density - (1.0 - previous)) / previous, 1.0
    return p_c, p_n


@njit(cache=True, inline="always")
def _step(h_c, h_n, s, slot, g, p_c, p_n, n_buckets):
    """One year of contributions for ``h_*[s, slot, g]`` (in place) over the first ``n_buckets`` buckets;
    returns the mass that contributed and the years held after the step (sum of ``y x mass``).  Buckets
    beyond ``n_buckets`` must be empty; the last bucket of the full array is open."""
    carry = 0.0
    moved = 0.0
    held = 0.0
    for y in range(n_buckets):
        contributed = h_c[s, slot, g, y]
        others = h_n[s, slot, g, y]
        move = contributed * p_c + others * p_n
        stay = contributed + others - move
        h_n[s, slot, g, y] = stay
        h_c[s, slot, g, y] = carry
        held += y * (stay + carry)
        carry = move
        moved += move
    if n_buckets == h_c.shape[3]:
        h_c[s, slot, g, n_buckets - 1] += carry  # the open bucket keeps its contributors
        held += (n_buckets - 1) * carry
    return moved, held


@njit(cache=True, parallel=True)
def pension_histories_kernel(
    population, active_share, retiring, density, base_ratio, account_contribution, survival,
    saw_monthly_previous, indexation, crediting, min_years, accrual, transitional_accrual,
    divisor, persistence, spread, take_up, max_short, entries_count, entries_amount,
    initial_h_c, initial_h_n, initial_members, initial_deemed, initial_ratio_sum, initial_balance,
    initial_pensioners, initial_pension_amount,
    contributors, new_pensioners, new_pension_amount, transferred, pensioners, pension_amount,
    active_years, final_year, award_years, benefits, buy_in_base, transfer_balance,
    final_h_c, final_h_n, final_members, final_deemed, final_ratio_sum, final_balance,
    final_pensioners, final_pension_amount,
):
    """Run the cohort histories; see the module docstring for the model.

    Inputs (leading axis 1 or path): ``population``, ``active_share``, ``retiring``, ``density``,
    ``base_ratio``, ``account_contribution``, ``survival`` (path, year, sex, age) — year 0 is the starting
    year (``retiring`` and ``survival`` are unused there); ``saw_monthly_previous``, ``indexation`` (path,
    year); ``crediting``, ``min_years``, ``accrual`` (year,); ``divisor`` (age,); ``entries_count``,
    ``entries_amount`` (year, sex, age): pensioners joining the stock from outside and their monthly
    amount; the initial state (path, sex, age[, group[, bucket]]).  Outputs (path, year, sex, age or 1),
    ``award_years`` (path, year, sex, total years or 1), ``benefits``, ``buy_in_base``,
    ``transfer_balance`` (path, year) and the final state (n_final, sex, age[, group[, bucket]]) are
    overwritten.  ``final_year`` counts the contributor-years of the retiring in their last half year.
    """
    n_paths = contributors.shape[0]
    n_years = population.shape[1]
    n_ages = population.shape[3]
    n_buckets = initial_h_c.shape[4]
    open_age = n_ages - 1
    per_age = contributors.shape[3] > 1
    by_years = award_years.shape[3] > 1
    for path in prange(n_paths):
        p = np.int64(path)
        pp, pa, pr = p % population.shape[0], p % active_share.shape[0], p % retiring.shape[0]
        pd, pb, pc = p % density.shape[0], p % base_ratio.shape[0], p % account_contribution.shape[0]
        ps, pw, pi = p % survival.shape[0], p % saw_monthly_previous.shape[0], p % indexation.shape[0]
        p0 = p % initial_h_c.shape[0]
        h_c = initial_h_c[p0].copy()
        h_n = initial_h_n[p0].copy()
        members = initial_members[p0].copy()
        deemed = initial_deemed[p0].copy()
        ratio_sum = initial_ratio_sum[p0].copy()
        balance = initial_balance[p0].copy()
        count = initial_pensioners[p0].copy()
        amount = initial_pension_amount[p0].copy()
        contributed = np.zeros((2, n_ages, GROUPS))
        for s in range(2):
            for x in range(n_ages):
                for g in range(GROUPS):
                    for y in range(n_buckets):
                        contributed[s, x, g] += h_c[s, x, g, y]
        p_c = np.zeros(GROUPS)
        p_n = np.zeros(GROUPS)
        for t in range(n_years):
            for s in range(2):
                for x in range(contributors.shape[3]):
                    contributors[p, t, s, x] = 0.0
                    new_pensioners[p, t, s, x] = 0.0
                    new_pension_amount[p, t, s, x] = 0.0
                    transferred[p, t, s, x] = 0.0
                    pensioners[p, t, s, x] = 0.0
                    pension_amount[p, t, s, x] = 0.0
                    active_years[p, t, s, x] = 0.0
                    final_year[p, t, s, x] = 0.0
                for y in range(award_years.shape[3]):
                    award_years[p, t, s, y] = 0.0
            benefits[p, t] = 0.0
            buy_in_base[p, t] = 0.0
            transfer_balance[p, t] = 0.0
            index_rate = indexation[pi, t]
            saw = saw_monthly_previous[pw, t]
            required = min_years[t]
            old_open = (-t) % n_ages  # slot of last year's 100+, reused for this year's age 0
            new_open = (open_age - t) % n_ages
            for s in range(2):
                if t > 0:
                    count[s, new_open] += count[s, old_open]
                    amount[s, new_open] += amount[s, old_open]
                    count[s, old_open] = 0.0
                    amount[s, old_open] = 0.0
                    for g in range(GROUPS):
                        for y in range(n_buckets):
                            h_c[s, old_open, g, y] = 0.0
                            h_n[s, old_open, g, y] = 0.0
                        members[s, old_open, g] = 0.0
                        deemed[s, old_open, g] = 0.0
                        ratio_sum[s, old_open, g] = 0.0
                        balance[s, old_open, g] = 0.0
                        contributed[s, old_open, g] = 0.0
                slot = old_open - 1  # (x - t) mod A without a division per cell
                for x in range(n_ages):
                    slot += 1
                    if slot == n_ages:
                        slot = 0
                    ox = x if per_age else 0
                    persons = population[pp, t, s, x]
                    support = min(n_buckets, max(1, x - FIRST_AGE + 2))
                    if t > 0:
                        opening = amount[s, slot] * (1.0 + index_rate)
                        survive = survival[ps, t, s, x]
                        count[s, slot] = count[s, slot] * survive + entries_count[t, s, x]
                        amount[s, slot] = opening * survive + entries_amount[t, s, x]
                        leaving = persons * retiring[pr, t, s, x]
                        live = leaving > 0.0 or active_share[pa, t, s, x] > 0.0  # a cohort with no actives left: nothing moves
                        if live:
                            # membership and this year's chain probabilities
                            d = density[pd, t, s, x]
                            wanted = min(1.0, spread * d)
                            total_members = members[s, slot, 0] + members[s, slot, 1]
                            if wanted > total_members:
                                members[s, slot, 1] += wanted - total_members
                                h_n[s, slot, 1, 0] += wanted - total_members
                                total_members = wanted
                            d_m = min(1.0, d / total_members) if total_members > 0.0 else 0.0
                            for g in range(GROUPS):
                                previous = contributed[s, slot, g] / members[s, slot, g] if members[s, slot, g] > 0.0 else 0.0
                                p_c[g], p_n[g] = _chain(d_m, persistence, min(previous, 1.0))
                            if leaving > 0.0:
                                for g in range(GROUPS):
                                    if members[s, slot, g] <= 0.0:
                                        continue
                                    dg = deemed[s, slot, g]
                                    actual_total = 0.0
                                    for y in range(support):
                                        actual_total += (y - dg) * (h_c[s, slot, g, y] + h_n[s, slot, g, y])
                                    if actual_total <= 0.0:  # deemed years only: this year's ratio of the cell
                                        mean_ratio = base_ratio[pb, t, s, x]
                                        per_year = 0.0
                                    else:
                                        mean_ratio = ratio_sum[s, slot, g] / actual_total
                                        per_year = balance[s, slot, g] / actual_total
                                    eligible = 0.0
                                    eligible_total = 0.0
                                    eligible_actual = 0.0
                                    for y in range(support):
                                        mass_c = h_c[s, slot, g, y]
                                        mass_n = h_n[s, slot, g, y]
                                        if mass_c + mass_n <= 0.0:
                                            continue
                                        pay = mass_c * p_c[g] + mass_n * p_n[g]  # contribute half a year first
                                        final_year[p, t, s, ox] += 0.5 * leaving * pay
                                        for part in range(2):
                                            mass = pay if part == 0 else mass_c + mass_n - pay
                                            years = y + 0.5 if part == 0 else float(y)
                                            actual = years - dg
                                            if mass <= 0.0 or (dg == 0.0 and actual <= 0.0):
                                                continue  # never contributed: never a member
                                            short = required - years
                                            if short <= 1e-9:
                                                eligible += mass
                                                eligible_total += mass * years
                                                eligible_actual += mass * actual
                                                award_years[p, t, s, int(years) if by_years else 0] += leaving * mass
                                            elif short <= max_short + 1e-9:
                                                buying = mass * take_up
                                                eligible += buying
                                                eligible_total += buying * (years + short)
                                                eligible_actual += buying * actual
                                                award_years[p, t, s, min(int(years + short + 1e-9), n_buckets - 1) if by_years else 0] += leaving * buying
                                                buy_in_base[p, t] += leaving * buying * short * 12.0 * saw * mean_ratio
                                                transferred[p, t, s, ox] += leaving * (mass - buying)
                                                transfer_balance[p, t] += leaving * (mass - buying) * actual * per_year
                                            else:
                                                transferred[p, t, s, ox] += leaving * mass
                                                transfer_balance[p, t] += leaving * mass * actual * per_year
                                    if eligible > 0.0:
                                        total = (saw * (1.0 + mean_ratio) / 2.0 * accrual[t] * eligible_total
                                                 + per_year * eligible_actual / divisor[x]
                                                 + saw * mean_ratio * dg * transitional_accrual * eligible)
                                        count[s, slot] += leaving * eligible
                                        amount[s, slot] += leaving * total
                                        new_pensioners[p, t, s, ox] += leaving * eligible
                                        new_pension_amount[p, t, s, ox] += leaving * total
                        benefits[p, t] += 6.0 * (opening + amount[s, slot])
                        # the remaining actives contribute
                        years_held = 0.0
                        if live:
                            for g in range(GROUPS):
                                moved = 0.0
                                if members[s, slot, g] > 0.0:  # (a group with no members holds no year)
                                    moved, held = _step(h_c, h_n, s, slot, g, p_c[g], p_n[g], support)
                                    years_held += held
                                contributed[s, slot, g] = moved
                                ratio_sum[s, slot, g] += moved * base_ratio[pb, t, s, x]
                                balance[s, slot, g] = balance[s, slot, g] * (1.0 + crediting[t]) + moved * account_contribution[pc, t, s, x]
                    else:
                        years_held = 0.0
                        for g in range(GROUPS):
                            for y in range(support):
                                years_held += y * (h_c[s, slot, g, y] + h_n[s, slot, g, y])
                    actives = persons * active_share[pa, t, s, x]
                    contributors[p, t, s, ox] += actives * density[pd, t, s, x]
                    pensioners[p, t, s, ox] += count[s, slot]
                    pension_amount[p, t, s, ox] += amount[s, slot]
                    active_years[p, t, s, ox] += actives * years_held
        if p < final_h_c.shape[0]:
            last = n_years - 1
            for s in range(2):
                for x in range(n_ages):
                    slot = (x - last) % n_ages
                    final_pensioners[p, s, x] = count[s, slot]
                    final_pension_amount[p, s, x] = amount[s, slot]
                    for g in range(GROUPS):
                        final_members[p, s, x, g] = members[s, slot, g]
                        final_deemed[p, s, x, g] = deemed[s, slot, g]
                        final_ratio_sum[p, s, x, g] = ratio_sum[s, slot, g]
                        final_balance[p, s, x, g] = balance[s, slot, g]
                        for y in range(n_buckets):
                            final_h_c[p, s, x, g, y] = h_c[s, slot, g, y]
                            final_h_n[p, s, x, g, y] = h_n[s, slot, g, y]
