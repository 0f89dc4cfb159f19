"""The command pages in docs/commands are generated (docs/make_docs.py); their --help texts are the live ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs"))
import make_docs  # noqa: E402


@pytest.mark.parametrize("command", list(make_docs.EXAMPLES))
def test_each_command_page_shows_the_live_help(command):
    page = (ROOT / "docs" / "commands" / f"{command}.md").read_text(encoding="utf-8")
    shown = page.split(make_docs.HELP_START)[1].split(make_docs.HELP_END)[0]
    live = make_docs.words(make_docs.help_text(command))
    assert live in make_docs.words(shown), f"docs/commands/{command}.md is stale: run python docs/make_docs.py"


def test_every_command_has_a_page():
    listed = subprocess.run([str(Path(sys.executable).parent / "actuarial"), "--help"], capture_output=True, text=True).stdout
    commands = {line.split()[0] for line in listed.split("Commands:")[1].splitlines() if line.strip()}
    assert commands == set(make_docs.EXAMPLES)
