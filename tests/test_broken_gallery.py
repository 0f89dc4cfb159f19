"""The gallery of broken inputs: each must fail at load with its pinned one-line message."""

from __future__ import annotations

from pathlib import Path

import pytest

from actuarial.config import AssumptionError, load_assumption_set, load_scenario

ROOT = Path(__file__).resolve().parents[1]
GALLERY = sorted(path for path in (ROOT / "tests" / "broken").iterdir() if path.is_dir())


def load_case(folder: Path) -> str:
    """Load a gallery case from the repository root and return its error message."""
    try:
        if (folder / "set.yaml").exists():
            load_assumption_set(folder.relative_to(ROOT))
        else:
            load_scenario((folder / "scenario.yaml").relative_to(ROOT))
    except AssumptionError as error:
        return str(error)
    raise AssertionError(f"{folder.name} loaded without error")


def test_gallery_is_large_enough():
    assert len(GALLERY) >= 10


@pytest.mark.parametrize("folder", GALLERY, ids=[path.name for path in GALLERY])
def test_broken_input_gives_its_message(folder, monkeypatch):
    monkeypatch.chdir(ROOT)
    expected = (folder / "expected.txt").read_text(encoding="utf-8").strip()
    message = load_case(folder)
    assert message == expected
    assert "\n" not in message
