"""Plain-numpy twin of the employee-pension cohort kernel (:mod:`actuarial.kernels.pension`).

Age-indexed state shifted one age per year (no circular slots), vectorised over contribution-year
buckets: a second implementation of the same model, used only by the tests (differential testing)
and by the benchmarks as the reference.
"""

from __future__ import annotations

import numpy as np


def _chain_numpy(density, persistence, previous):
    p_c = density + persistence * (1.0 - density)
    if previous >= 1.0:
        return density, 0.0
    p_n = (density - previous * p_c) / (1.0 - previous)
    if p_n < 0.0:
        return (density / previous if previous > 0.0 else 0.0), 0.0
    if p_n > 1.0:
        return (density - (1.0 - previous)) / previous, 1.0
    return p_c, p_n


def pension_histories_numpy(
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
    """Plain-numpy twin of :func:`actuarial.kernels.pension.pension_histories_kernel` (same arguments).

    Age-indexed state shifted one age per year (no circular slots), one path, year, sex, age and group
    at a time, vectorised over contribution-year buckets.
    """
    n_paths, n_years, n_ages = contributors.shape[0], population.shape[1], population.shape[3]
    n_buckets = initial_h_c.shape[4]
    years_axis = np.arange(n_buckets, dtype=float)

    def pick(array, p):
        return array[p % array.shape[0]]

    def shift(array):
        """Age everything one year: age 0 empty, the open age keeps nothing of its own (actives)."""
        out = np.zeros_like(array)
        out[:, 1:] = array[:, :-1]
        return out

    for out in (contributors, new_pensioners, new_pension_amount, transferred, pensioners, pension_amount,
                active_years, final_year, award_years, benefits, buy_in_base, transfer_balance):
        out[...] = 0.0
    for p in range(n_paths):
        h_c, h_n = pick(initial_h_c, p).copy(), pick(initial_h_n, p).copy()
        members, deemed = pick(initial_members, p).copy(), pick(initial_deemed, p).copy()
        ratio_sum, balance = pick(initial_ratio_sum, p).copy(), pick(initial_balance, p).copy()
        count, amount = pick(initial_pensioners, p).copy(), pick(initial_pension_amount, p).copy()
        contributed = h_c.sum(axis=-1)
        pop, act, ret, dens = pick(population, p), pick(active_share, p), pick(retiring, p), pick(density, p)
        ratio, credit, surv = pick(base_ratio, p), pick(account_contribution, p), pick(survival, p)
        saw_prev, index = pick(saw_monthly_previous, p), pick(indexation, p)
        for t in range(n_years):
            if t > 0:
                h_c, h_n, members, deemed = shift(h_c), shift(h_n), shift(members), shift(deemed)
                ratio_sum, balance, contributed = shift(ratio_sum), shift(balance), shift(contributed)
                shifted_count, shifted_amount = shift(count), shift(amount)
                shifted_count[:, -1] += count[:, -1]
                shifted_amount[:, -1] += amount[:, -1]
                opening = shifted_amount * (1.0 + index[t])
                count = shifted_count * surv[t] + entries_count[t]
                amount = opening * surv[t] + entries_amount[t]
                required = min_years[t]
                for s in range(2):
                    for x in range(n_ages):
                        ox = x % contributors.shape[3]
                        support = min(n_buckets, max(1, x - 14))
                        leaving = pop[t, s, x] * ret[t, s, x]
                        if leaving <= 0.0 and act[t, s, x] <= 0.0:
                            continue  # a cohort with no actives left: nothing moves
                        d = dens[t, s, x]
                        wanted = min(1.0, spread * d)
                        if wanted > members[s, x].sum():
                            added = wanted - members[s, x].sum()
                            members[s, x, 1] += added
                            h_n[s, x, 1, 0] += added
                        total_members = members[s, x].sum()
                        d_m = min(1.0, d / total_members) if total_members > 0.0 else 0.0
                        probabilities = [_chain_numpy(d_m, persistence, min(contributed[s, x, g] / members[s, x, g], 1.0)
                                                      if members[s, x, g] > 0.0 else 0.0) for g in range(2)]
                        for g in range(2):
                            p_c, p_n = probabilities[g]
                            if leaving > 0.0 and members[s, x, g] > 0.0:
                                dg = deemed[s, x, g]
                                mass = h_c[s, x, g] + h_n[s, x, g]
                                actual_total = ((years_axis - dg) * mass)[:support].sum()
                                mean_ratio = ratio_sum[s, x, g] / actual_total if actual_total > 0.0 else ratio[t, s, x]
                                per_year = balance[s, x, g] / actual_total if actual_total > 0.0 else 0.0
                                pay = h_c[s, x, g] * p_c + h_n[s, x, g] * p_n
                                final_year[p, t, s, ox] += 0.5 * leaving * pay.sum()
                                eligible = eligible_total = eligible_actual = 0.0
                                for part_mass, offset in ((pay, 0.5), (mass - pay, 0.0)):
                                    years = years_axis + offset
                                    actual = years - dg
                                    live = (part_mass > 0.0) & ~((dg == 0.0) & (actual <= 0.0)) & (years_axis < support)
                                    short = required - years
                                    full = live & (short <= 1e-9)
                                    buys = live & (short > 1e-9) & (short <= max_short + 1e-9)
                                    out = live & (short > max_short + 1e-9)
                                    buying = part_mass * take_up
                                    eligible += part_mass[full].sum() + buying[buys].sum()
                                    eligible_total += (part_mass * years)[full].sum() + (buying * (years + short))[buys].sum()
                                    eligible_actual += (part_mass * actual)[full].sum() + (buying * actual)[buys].sum()
                                    for y in np.flatnonzero(full):
                                        index_y = int(years[y]) if award_years.shape[3] > 1 else 0
                                        award_years[p, t, s, index_y] += leaving * part_mass[y]
                                    for y in np.flatnonzero(buys):
                                        index_y = min(int(years[y] + short[y] + 1e-9), n_buckets - 1) if award_years.shape[3] > 1 else 0
                                        award_years[p, t, s, index_y] += leaving * buying[y]
                                    buy_in_base[p, t] += leaving * (buying * short)[buys].sum() * 12.0 * saw_prev[t] * mean_ratio
                                    gone = np.where(buys, part_mass - buying, 0.0) + np.where(out, part_mass, 0.0)
                                    transferred[p, t, s, ox] += leaving * gone.sum()
                                    transfer_balance[p, t] += leaving * (gone * actual).sum() * per_year
                                if eligible > 0.0:
                                    total = (saw_prev[t] * (1.0 + mean_ratio) / 2.0 * accrual[t] * eligible_total
                                             + per_year * eligible_actual / divisor[x]
                                             + saw_prev[t] * mean_ratio * dg * transitional_accrual * eligible)
                                    count[s, x] += leaving * eligible
                                    amount[s, x] += leaving * total
                                    new_pensioners[p, t, s, ox] += leaving * eligible
                                    new_pension_amount[p, t, s, ox] += leaving * total
                            moved = 0.0
                            if members[s, x, g] > 0.0:
                                move = (h_c[s, x, g] * p_c + h_n[s, x, g] * p_n)[:support]
                                stay = (h_c[s, x, g] + h_n[s, x, g])[:support] - move
                                new_c = np.zeros(n_buckets)
                                new_c[1:support] = move[:support - 1]
                                if support == n_buckets:
                                    new_c[-1] += move[-1]
                                h_c[s, x, g], h_n[s, x, g] = new_c, np.concatenate([stay, h_n[s, x, g, support:]])
                                moved = move.sum()
                            contributed[s, x, g] = moved
                            ratio_sum[s, x, g] += moved * ratio[t, s, x]
                            balance[s, x, g] = balance[s, x, g] * (1.0 + crediting[t]) + moved * credit[t, s, x]
                benefits[p, t] = 6.0 * (opening + amount).sum()
            actives = pop[t] * act[t]
            years_held = ((h_c + h_n) * years_axis).sum(axis=(-1, -2))
            for target, values in ((contributors, actives * dens[t]), (pensioners, count), (pension_amount, amount),
                                   (active_years, actives * years_held)):
                target[p, t] = values.sum(axis=-1, keepdims=True) if target.shape[3] == 1 else values
        if p < final_h_c.shape[0]:
            final_h_c[p], final_h_n[p], final_members[p], final_deemed[p] = h_c, h_n, members, deemed
            final_ratio_sum[p], final_balance[p] = ratio_sum, balance
            final_pensioners[p], final_pension_amount[p] = count, amount
