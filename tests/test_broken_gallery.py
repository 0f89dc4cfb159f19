"""The gallery of broken inputs: each, run through the command line, must fail with its pinned one-line
message on stderr, exit status 2, no traceback and nothing written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from actuarial.cli import main

ROOT = Path(__file__).resolve().parents[1]
GALLERY = sorted(path for path in (ROOT / "tests" / "broken").iterdir() if path.is_dir() and path.name[:2].isdigit())


def command(folder: Path, scratch: Path) -> list[str]:
    """The command line a case runs: ``run`` on its scenario (a set is run through a scenario naming it),
    ``compare`` on its study."""
    out = str(scratch / "out")
    if (folder / "study.yaml").exists():
        return ["compare", str((folder / "study.yaml").relative_to(ROOT)), "--out", out]
    if (folder / "set.yaml").exists():
        scenario = scratch / "scenario.yaml"
        scenario.write_text(f"scenario:\n  name: set\n  description: the broken set\n  assumptions: {folder}\n")
        return ["run", str(scenario), "--out", out]
    return ["run", str((folder / "scenario.yaml").relative_to(ROOT)), "--out", out]


def run_case(folder: Path) -> str:
    """Run a gallery case from the repository root and return its one-line error (checked: exit status 2,
    one line on stderr, no traceback, no output folder)."""
    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            result = CliRunner().invoke(main, command(folder, Path(scratch)))
            assert result.exit_code == 2, (folder.name, result.exit_code, result.output, result.exception)
            assert not (Path(scratch) / "out").exists(), f"{folder.name}: an output folder was written"
    finally:
        os.chdir(previous)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), (folder.name, result.stderr)
    assert "Traceback" not in result.output
    return lines[0].removeprefix("error: ")


def test_gallery_covers_every_class():
    assert len(GALLERY) >= 60


@pytest.mark.parametrize("folder", GALLERY, ids=[path.name for path in GALLERY])
def test_broken_input_gives_its_message(folder):
    expected = (folder / "expected.txt").read_text(encoding="utf-8").strip()
    message = run_case(folder)
    assert message == expected
    assert len(message) < 600, "messages quote values shortened, never whole files"
