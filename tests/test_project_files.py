"""The house: README and CI run the same test command, the architecture map is true,
the public API is pinned."""

from __future__ import annotations

import re
from pathlib import Path

import actuarial

ROOT = Path(__file__).resolve().parents[1]


def quickstart_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.split(r"(?im)^##\s*quickstart\s*$", text)[1]
    blocks = re.findall(r"```[a-z]*\n(.*?)```", section, re.S)[:2]
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_readme_quickstart_is_two_commands_and_ci_runs_the_test_one():
    run_command, test_command = quickstart_commands()
    assert "actuarial run" in run_command
    assert "pytest" in test_command
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert test_command in ci_lines


def test_architecture_names_modules_that_exist():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for folder in sorted((ROOT / "actuarial").iterdir()):
        if folder.is_dir() and folder.name != "__pycache__":
            assert f"actuarial/{folder.name}/" in text, f"ARCHITECTURE.md does not map actuarial/{folder.name}/"
    for path in re.findall(r"`(actuarial/[\w/]+(?:\.py)?)`", text):
        assert (ROOT / path).exists(), f"ARCHITECTURE.md names {path}, which does not exist"


def test_public_api_is_pinned():
    assert sorted(actuarial.__all__) == [
        "Assumption",
        "AssumptionError",
        "AssumptionSet",
        "DemographicInputs",
        "LifeTable",
        "SUMMARY_COLUMNS",
        "__version__",
        "demographic_inputs",
        "life_expectancy_at_birth",
        "life_table",
        "load_assumption_set",
        "load_scenario",
        "project_population",
        "run_model",
        "summary_table",
        "survival_ratios",
    ]
    for name in actuarial.__all__:
        assert hasattr(actuarial, name)
