"""The chance-constrained optimiser (optimise --paths): the sample-average programme picks the cheapest size
that meets the reserve condition on the stated share of paths, and the re-runs confirm it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from actuarial.financing.optimise import Programme
from actuarial.simulation.optimise import chance_programme

ROOT = Path(__file__).resolve().parents[1]
ACTUARIAL = Path(sys.executable).parent / "actuarial"


def _path(required: float, *, high: float = 10.0, cap: float | None = None) -> Programme:
    """One path's programme: one instrument x in [0, high] at unit cost 1, the reserve row x >= required,
    optionally a hard cap row x <= cap."""
    a, b = [[-1.0]], [-required]
    kinds = [("reserve", np.array([2030]), np.ones(1))]
    if cap is not None:
        a.append([1.0])
        b.append(cap)
        kinds.append(("annual_cost", np.array([2030]), np.ones(1)))
    return Programme(variables=[("x", None)], unit_cost=np.array([1e12]), a=np.array(a), b=np.array(b),
                     kinds=kinds, bounds=[(0.0, high)], fixed_cost=0.0, cost_next=np.ones(1),
                     mask=np.ones(1, dtype=bool))


@pytest.mark.parametrize("probability, size", [(0.2, 1.0), (0.6, 3.0), (1.0, 5.0)])
def test_the_size_is_the_quantile_of_the_paths_requirements(probability, size):
    problems = [_path(r) for r in (4.0, 1.0, 5.0, 3.0, 2.0)]
    result, needed = chance_programme(problems, probability)
    assert result.status == 0
    assert needed == round(probability * 5)
    assert result.x[0] == pytest.approx(size, abs=1e-9)
    assert result.fun == pytest.approx(size, abs=1e-9)  # in trillions: unit cost 1e12 yuan


def test_hard_rows_hold_on_every_path_and_the_best_share_is_reported():
    problems = [_path(r, high=10.0, cap=2.5) for r in (4.0, 1.0, 5.0, 3.0, 2.0)]
    result, _ = chance_programme(problems, 0.6)
    assert result.status != 0                                   # 3 paths would need x >= 3 > the cap
    reach, _ = chance_programme(problems, 0.6, maximise_share=True)
    assert reach.status == 0 and -reach.fun == pytest.approx(2.0)
    assert reach.x[0] <= 2.5 + 1e-9


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ACTUARIAL), *args], cwd=ROOT, capture_output=True, text=True, timeout=900)


def _target(tmp_path: Path, probability: str) -> Path:
    """A small target: the central scenario to 2040, a reserve ratio of at least 2.3 every year from 2030 (the
    baseline's is about 2.1 in 2035), state capital the one instrument."""
    scenario = tmp_path / "to_2040.yaml"
    scenario.write_text(f"""scenario:
  name: to_2040
  description: the central scenario to 2040
  assumptions: {ROOT / 'assumptions' / 'china'}
  end_year: 2040
""")
    (tmp_path / "options.yaml").write_text(f"""study:
  name: one_option
  description: the shipped state-capital transfer alone
  scenario: {scenario}
options:
  state_capital:
    type: state_capital
    description: A second transfer of state-owned equity, as in projections/financing_options.yaml
    source: projections/financing_options.yaml (test copy)
    transfer: 1680000000000
    first_year: 2026
    dividend_yield: 0.03
    value_growth: 0.03
    sale_share_per_year: 0.0
    sale_start_year: 2040
""")
    path = tmp_path / "target.yaml"
    path.write_text(f"""target:
  name: small
  description: a floor of 2.3 years from 2030, state capital only
  options_file: options.yaml
  scenario: {scenario}
  reserve_ratio_min: 2.3
  first_year: 2030
{probability}instruments:
  state_capital: {{bounds: [0.0, 5.0]}}
""")
    return path


def test_a_probability_needs_paths_and_paths_need_a_probability(tmp_path):
    with_probability = _cli("optimise", str(_target(tmp_path, "  probability: 0.5\n")))
    assert with_probability.returncode == 2 and "give --paths N" in with_probability.stderr
    without = _cli("optimise", str(_target(tmp_path, "")), "--paths", "2")
    assert without.returncode == 2 and "target.probability: is missing" in without.stderr
    flag_only = _cli("optimise", str(_target(tmp_path, "")), "--probability", "0.9")
    assert flag_only.returncode == 2 and "add --paths N" in flag_only.stderr
    assert "Traceback" not in with_probability.stderr + without.stderr + flag_only.stderr


def test_optimise_on_paths_end_to_end(tmp_path):
    out = tmp_path / "out"
    result = _cli("optimise", str(_target(tmp_path, "  probability: 0.5\n")), "--paths", "2", "--seed", "1",
                  "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "verified by re-running the whole model with the mix on every path" in result.stdout
    names = {path.name for path in out.iterdir()}
    assert {"optimal_mix.csv", "optimal_paths.csv", "manifest.json"} <= names and "optimal_fund.nc" not in names
    import pandas as pd

    checks = pd.read_csv(out / "optimal_paths.csv")
    assert checks["path"].tolist() == [0, 1]
    assert checks["reserve_condition_met"].mean() >= 0.5         # the re-runs meet it on half the paths
    sizes = pd.read_csv(out / "optimal_mix.csv").set_index("instrument")["size"]
    assert 0.0 < sizes["state_capital"] < 5.0
