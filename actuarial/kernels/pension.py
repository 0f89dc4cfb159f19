"""Employee-pension cohort histories: the heavy loop, and its numpy twin.

Axis order ``(path, year, sex, age)`` with year index 0 the base year (its
state is the input); inputs with one path are broadcast (leading axis 1).
Outputs indexed ``[path, year, sex, age]`` may have an age axis of length 1,
in which case ages are summed into it (per-path summaries for large runs).

State of each (sex, birth cohort), per person not yet past retirement age
("active"; non-members are actives with no years):

* ``h_c[y]``, ``h_n[y]``: shares of actives with ``y`` contribution years who
  did / did not contribute last year (0 <= y < K; the last bucket is open);
* ``ratio_sum``: mean over actives of the sum of indexed-wage ratios
  (declared base / social average wage) over their contribution years;
* ``balance``: mean individual-account balance per active.

and of the cohort's pensioners: their number and total monthly pension.

Each year t, for the cohort now aged x (timing: stocks at 31 December):

1. pensioners survive with ``S(x)`` and pensions are indexed by ``i_t``;
2. ``retiring`` persons (population x the rise in the cohort's retired share)
   leave the actives, drawn independently of their history; those with
   ``y >= m_t`` (minimum years in force, rounded up to whole years) are awarded
   a monthly pension (members with fewer years, but at least one, transfer
   out and are counted in ``transferred``; persons who never contributed were
   never members) ::

       basic        = W_{t-1} (1 + I) / 2 * y * a_t
       account      = (balance / Y) * y / divisor(x)
       transitional = W_{t-1} * I * min(y, pre1997(t, x)) * a_tr

   with ``W_{t-1}`` the previous year's social average monthly wage,
   ``I = ratio_sum / Y`` the cohort's mean indexed-wage ratio and ``Y`` its mean
   contribution years (both cohort means: the account and the ratio are
   assumed proportional to years within the cohort);
3. the remaining actives contribute with probability ``d`` (the cell's
   contribution density) following a two-state Markov chain with persistence
   ``pi``: ``p_c = d + pi (1 - d)`` after a contributing year and ``p_n``
   solved so that the share contributing is exactly ``d``; balances are
   credited at the account rate and receive the year's account contributions.

Annual benefits are 12 x the mean of the indexed opening and the closing
monthly amounts (mid-year timing of deaths and new awards).  Mean
contribution years rise by exactly ``d`` a year (each active adds a year
with probability ``d``), so they are carried as a scalar per cohort; loops
over buckets stop at the cohort's support (years <= age - 15, contributions
starting at 16).  Cohorts are kept
in circular slots (slot = (age - year) mod A), so ageing moves no memory.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(cache=True, inline="always")
def _contribute(h_c, h_n, s, slot, density, persistence, n_buckets, previous):
    """One year of contributions for cohort ``h_*[s, slot]`` (in place) over its first ``n_buckets`` buckets.

    The full state arrays are passed with the indices rather than views: a
    view per call costs atomic reference counting in the parallel loop.

    ``previous`` is the share of the cohort that contributed last year (the
    sum of ``h_c``, carried by the caller).  Buckets beyond ``n_buckets`` must
    be empty (the support of a cohort aged x is 0..x-15); the last bucket of
    the full array is open.
    """
    p_c = density + persistence * (1.0 - density)
    if previous < 1.0:
        p_n = (density - previous * p_c) / (1.0 - previous)
    else:  # everybody contributed last year: the chain keeps exactly the share d
        p_n = 0.0
        p_c = density
    if p_n < 0.0:  # too many contributed last year: nobody else starts, some of them stop
        p_n = 0.0
        p_c = density / previous if previous > 0.0 else 0.0
    elif p_n > 1.0:  # too few contributed last year: everybody else starts, some of them stop
        p_n = 1.0
        p_c = (density - (1.0 - previous)) / previous
    carry = 0.0
    for y in range(n_buckets):
        contributed = h_c[s, slot, y]  # locals: each bucket is read once (no reloads after the stores)
        others = h_n[s, slot, y]
        move = contributed * p_c + others * p_n
        h_n[s, slot, y] = contributed + others - move
        h_c[s, slot, y] = carry
        carry = move
    if n_buckets == h_c.shape[2]:
        h_c[s, slot, n_buckets - 1] += carry  # the open bucket keeps its contributors


@njit(cache=True, parallel=True)
def pension_histories_kernel(
    population, active_share, retiring, density, base_ratio, account_contribution, survival,
    saw_monthly_previous, indexation, crediting, min_years, accrual, pre1997_years, transitional_accrual,
    divisor, persistence, initial_h_c, initial_h_n, initial_ratio_sum, initial_balance,
    initial_pensioners, initial_pension_amount,
    contributors, new_pensioners, new_pension_amount, transferred, pensioners, pension_amount,
    active_years, award_years, benefits,
):
    """Run the cohort histories; see the module docstring for the model.

    Inputs (leading axis 1 or path): ``population``, ``active_share``,
    ``retiring``, ``density``, ``base_ratio``, ``account_contribution``,
    ``survival`` (path, year, sex, age) — year 0 is the base year (``retiring``
    and ``survival`` are unused there); ``saw_monthly_previous``,
    ``indexation`` (path, year); ``crediting``, ``min_years``, ``accrual``
    (year,); ``pre1997_years`` (year, age); ``divisor`` (age,); the initial
    state (path, sex, age[, bucket]).  Outputs (path, year, sex, age or 1),
    ``award_years`` (path, year, sex, bucket or 1: new pensioners by contribution
    years) and ``benefits`` (path, year) are overwritten.
    """
    n_paths = contributors.shape[0]
    n_years = population.shape[1]
    n_ages = population.shape[3]
    n_buckets = initial_h_c.shape[3]
    open_age = n_ages - 1
    first_age = 16  # contribution years of a cohort aged x are at most x - 15
    per_age = contributors.shape[3] > 1
    by_years = award_years.shape[3] > 1
    for path in prange(n_paths):
        p = np.int64(path)
        pp = p % population.shape[0]
        pa = p % active_share.shape[0]
        pr = p % retiring.shape[0]
        pd = p % density.shape[0]
        pb = p % base_ratio.shape[0]
        pc = p % account_contribution.shape[0]
        ps = p % survival.shape[0]
        pw = p % saw_monthly_previous.shape[0]
        pi = p % indexation.shape[0]
        p0 = p % initial_h_c.shape[0]
        h_c = initial_h_c[p0].copy()
        h_n = initial_h_n[p0].copy()
        ratio_sum = initial_ratio_sum[p0].copy()
        balance = initial_balance[p0].copy()
        count = initial_pensioners[p0].copy()
        amount = initial_pension_amount[p0].copy()
        years_mean = np.zeros((2, n_ages))  # mean contribution years of each cohort's actives
        contributed = np.zeros((2, n_ages))  # share of each cohort that contributed last year
        for s in range(2):
            for x in range(n_ages):
                for y in range(n_buckets):
                    years_mean[s, x] += y * (h_c[s, x, y] + h_n[s, x, y])
                    contributed[s, x] += h_c[s, x, y]
        for t in range(n_years):
            for s in range(2):
                for x in range(contributors.shape[3]):
                    ox = x
                    contributors[p, t, s, ox] = 0.0
                    new_pensioners[p, t, s, ox] = 0.0
                    new_pension_amount[p, t, s, ox] = 0.0
                    transferred[p, t, s, ox] = 0.0
                    pensioners[p, t, s, ox] = 0.0
                    pension_amount[p, t, s, ox] = 0.0
                    active_years[p, t, s, ox] = 0.0
            for s in range(2):
                for y in range(award_years.shape[3]):
                    award_years[p, t, s, y] = 0.0
            benefits[p, t] = 0.0
            index_rate = indexation[pi, t]
            saw = saw_monthly_previous[pw, t]
            required_years = int(np.ceil(min_years[t] - 1e-9))
            old_open = (-t) % n_ages  # slot of last year's 100+, reused for this year's age 0
            new_open = (open_age - t) % n_ages
            for s in range(2):
                if t > 0:
                    # last year's open group joins the cohort turning 100
                    count[s, new_open] += count[s, old_open]
                    amount[s, new_open] += amount[s, old_open]
                    count[s, old_open] = 0.0
                    amount[s, old_open] = 0.0
                    for y in range(n_buckets):
                        h_c[s, old_open, y] = 0.0
                        h_n[s, old_open, y] = 0.0
                    h_n[s, old_open, 0] = 1.0
                    ratio_sum[s, old_open] = 0.0
                    balance[s, old_open] = 0.0
                    years_mean[s, old_open] = 0.0
                    contributed[s, old_open] = 0.0
                slot = old_open - 1  # (x - t) mod A without a division per cell
                for x in range(n_ages):
                    slot += 1
                    if slot == n_ages:
                        slot = 0
                    ox = x if per_age else 0
                    persons = population[pp, t, s, x]
                    if t > 0:
                        opening = amount[s, slot] * (1.0 + index_rate)
                        survive = survival[ps, t, s, x]
                        count[s, slot] *= survive
                        amount[s, slot] = opening * survive
                        leaving = persons * retiring[pr, t, s, x]
                        if leaving > 0.0:
                            support = min(n_buckets, max(1, x - first_age + 2))
                            eligible = 0.0
                            members = 0.0
                            eligible_years = 0.0
                            eligible_pre1997 = 0.0
                            total_years = years_mean[s, slot]
                            cap = pre1997_years[t, x]
                            for y in range(1, support):
                                mass = h_c[s, slot, y] + h_n[s, slot, y]
                                members += mass
                                if y >= required_years:
                                    eligible += mass
                                    eligible_years += y * mass
                                    eligible_pre1997 += min(y, cap) * mass
                                    award_years[p, t, s, y if by_years else 0] += leaving * mass
                            award = 0.0
                            if eligible > 0.0 and total_years > 0.0:
                                mean_ratio = ratio_sum[s, slot] / total_years
                                mean_years = eligible_years / eligible
                                award = (saw * (1.0 + mean_ratio) / 2.0 * mean_years * accrual[t]
                                         + balance[s, slot] / total_years * mean_years / divisor[x]
                                         + saw * mean_ratio * (eligible_pre1997 / eligible) * transitional_accrual)
                            awarded = leaving * eligible
                            count[s, slot] += awarded
                            amount[s, slot] += awarded * award
                            new_pensioners[p, t, s, ox] += awarded
                            new_pension_amount[p, t, s, ox] += awarded * award
                            transferred[p, t, s, ox] += leaving * (members - eligible)
                        benefits[p, t] += 6.0 * (opening + amount[s, slot])
                    actives = persons * active_share[pa, t, s, x]
                    d = density[pd, t, s, x]
                    if t > 0 and (d > 0.0 or contributed[s, slot] > 0.0):
                        support = min(n_buckets, max(1, x - first_age + 2))
                        _contribute(h_c, h_n, s, slot, d, persistence, support, contributed[s, slot])
                        contributed[s, slot] = d
                        years_mean[s, slot] += d
                        ratio_sum[s, slot] += d * base_ratio[pb, t, s, x]
                        balance[s, slot] = balance[s, slot] * (1.0 + crediting[t]) + d * account_contribution[pc, t, s, x]
                    elif t > 0:
                        balance[s, slot] *= 1.0 + crediting[t]
                    contributors[p, t, s, ox] += actives * d
                    pensioners[p, t, s, ox] += count[s, slot]
                    pension_amount[p, t, s, ox] += amount[s, slot]
                    active_years[p, t, s, ox] += actives * years_mean[s, slot]


@njit(cache=True)
def synthetic_histories(density, base_ratio, account, persistence, deflator, h_c, h_n, ratio_sum, balance):
    """Base-year state of each (sex, age) cohort as if the base-year profiles had always applied.

    Walking up the ages of one sex, the cohort aged ``x`` has contributed with the density
    ``density[s, x']`` at every younger age ``x'`` (the same two-state chain as the projection,
    :func:`_contribute`; a cohort with no contributions yet stays out until its density is positive),
    summed ``density x base_ratio`` and accumulated ``balance = balance x deflator + density x account``.
    Inputs (sex, age); outputs ``h_c``, ``h_n`` (sex, age, bucket), ``ratio_sum``, ``balance`` (sex, age)
    are overwritten.
    """
    n_sexes, n_ages = density.shape
    n_buckets = h_c.shape[2]
    for s in range(n_sexes):
        c = np.zeros((1, 1, n_buckets))
        n = np.zeros((1, 1, n_buckets))
        n[0, 0, 0] = 1.0
        ratio = 0.0
        money = 0.0
        for x in range(n_ages):
            d = density[s, x]
            previous = c[0, 0].sum()
            if d > 0.0 or previous > 0.0:
                _contribute(c, n, 0, 0, d, persistence, n_buckets, previous)
                ratio += d * base_ratio[s, x]
            money = money * deflator + d * account[s, x]
            h_c[s, x] = c[0, 0]
            h_n[s, x] = n[0, 0]
            ratio_sum[s, x] = ratio
            balance[s, x] = money


def _contribute_numpy(h_c, h_n, density, persistence):
    """Vectorised twin of :func:`_contribute` over one cohort's buckets (returns new arrays)."""
    previous = h_c.sum()
    p_c = density + persistence * (1.0 - density)
    p_n = (density - previous * p_c) / (1.0 - previous) if previous < 1.0 else 0.0
    if previous >= 1.0:
        p_c = density
    if p_n < 0.0:
        p_n, p_c = 0.0, (density / previous if previous > 0.0 else 0.0)
    elif p_n > 1.0:
        p_n, p_c = 1.0, (density - (1.0 - previous)) / previous
    move = h_c * p_c + h_n * p_n
    stay = h_c * (1.0 - p_c) + h_n * (1.0 - p_n)
    new_c = np.zeros_like(h_c)
    new_c[1:] = move[:-1]
    new_c[-1] += move[-1]
    return new_c, stay


def pension_histories_numpy(
    population, active_share, retiring, density, base_ratio, account_contribution, survival,
    saw_monthly_previous, indexation, crediting, min_years, accrual, pre1997_years, transitional_accrual,
    divisor, persistence, initial_h_c, initial_h_n, initial_ratio_sum, initial_balance,
    initial_pensioners, initial_pension_amount,
    contributors, new_pensioners, new_pension_amount, transferred, pensioners, pension_amount,
    active_years, award_years, benefits,
):
    """Plain-numpy twin of :func:`pension_histories_kernel` (same arguments).

    Age-indexed state shifted one age per year (no circular slots), one path,
    year, sex and age at a time, vectorised over contribution-year buckets.
    """
    n_paths, n_years, n_ages = contributors.shape[0], population.shape[1], population.shape[3]
    years_axis = np.arange(initial_h_c.shape[3])

    def pick(array, p):
        return array[p % array.shape[0]]

    for out in (contributors, new_pensioners, new_pension_amount, transferred, pensioners, pension_amount,
                active_years, award_years, benefits):
        out[...] = 0.0
    for p in range(n_paths):
        h_c, h_n = pick(initial_h_c, p).copy(), pick(initial_h_n, p).copy()
        ratio_sum, balance = pick(initial_ratio_sum, p).copy(), pick(initial_balance, p).copy()
        count, amount = pick(initial_pensioners, p).copy(), pick(initial_pension_amount, p).copy()
        pop, act, ret, dens = pick(population, p), pick(active_share, p), pick(retiring, p), pick(density, p)
        ratio, credit, surv = pick(base_ratio, p), pick(account_contribution, p), pick(survival, p)
        saw_prev, index = pick(saw_monthly_previous, p), pick(indexation, p)
        for t in range(n_years):
            if t > 0:
                h_c = np.concatenate([np.zeros_like(h_c[:, :1]), h_c[:, :-1]], axis=1)
                h_n = np.concatenate([np.zeros_like(h_n[:, :1]), h_n[:, :-1]], axis=1)
                h_n[:, 0, 0] = 1.0
                ratio_sum = np.concatenate([np.zeros((2, 1)), ratio_sum[:, :-1]], axis=1)
                balance = np.concatenate([np.zeros((2, 1)), balance[:, :-1]], axis=1)
                shifted_count = np.concatenate([np.zeros((2, 1)), count[:, :-1]], axis=1)
                shifted_count[:, -1] += count[:, -1]
                shifted_amount = np.concatenate([np.zeros((2, 1)), amount[:, :-1]], axis=1)
                shifted_amount[:, -1] += amount[:, -1]
                opening = shifted_amount * (1.0 + index[t])
                count = shifted_count * surv[t]
                amount = opening * surv[t]
                required = int(np.ceil(min_years[t] - 1e-9))
                for s in range(2):
                    for x in range(n_ages):
                        leaving = pop[t, s, x] * ret[t, s, x]
                        if leaving <= 0.0:
                            continue
                        mass = h_c[s, x] + h_n[s, x]
                        eligible_mask = years_axis >= required
                        eligible = mass[eligible_mask].sum()
                        total_years = (years_axis * mass).sum()
                        award = 0.0
                        if eligible > 0.0 and total_years > 0.0:
                            mean_ratio = ratio_sum[s, x] / total_years
                            mean_years = (years_axis * mass)[eligible_mask].sum() / eligible
                            pre = (np.minimum(years_axis, pre1997_years[t, x]) * mass)[eligible_mask].sum() / eligible
                            award = (saw_prev[t] * (1.0 + mean_ratio) / 2.0 * mean_years * accrual[t]
                                     + balance[s, x] / total_years * mean_years / divisor[x]
                                     + saw_prev[t] * mean_ratio * pre * transitional_accrual)
                        awarded = leaving * eligible
                        by_years = leaving * np.where(eligible_mask, mass, 0.0)
                        if award_years.shape[3] > 1:
                            award_years[p, t, s] += by_years
                        else:
                            award_years[p, t, s, 0] += by_years.sum()
                        count[s, x] += awarded
                        amount[s, x] += awarded * award
                        ox = x % contributors.shape[3]
                        new_pensioners[p, t, s, ox] += awarded
                        new_pension_amount[p, t, s, ox] += awarded * award
                        transferred[p, t, s, ox] += leaving * (mass[1:].sum() - eligible)
                benefits[p, t] = 6.0 * (opening + amount).sum()
                for s in range(2):
                    for x in range(n_ages):
                        d = dens[t, s, x]
                        if d > 0.0 or h_c[s, x].sum() > 0.0:
                            h_c[s, x], h_n[s, x] = _contribute_numpy(h_c[s, x], h_n[s, x], d, persistence)
                            ratio_sum[s, x] += d * ratio[t, s, x]
                        balance[s, x] = balance[s, x] * (1.0 + crediting[t]) + d * credit[t, s, x]
            actives = pop[t] * act[t]
            years = (years_axis * (h_c + h_n)).sum(axis=-1)
            for target, values in ((contributors, actives * dens[t]), (pensioners, count), (pension_amount, amount),
                                   (active_years, np.where(actives > 0.0, actives * years, 0.0))):
                target[p, t] = values.sum(axis=-1, keepdims=True) if target.shape[3] == 1 else values
