"""Write docs/commands/<command>.md: each command's --help and a real example with its real output.

Run from the repository root after any change to a command (tests/test_docs.py checks that the --help
texts in the pages are the live ones)::

    python docs/make_docs.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "docs" / "commands"
ACTUARIAL = str(Path(sys.executable).parent / "actuarial")
HELP_START, HELP_END = "<!-- help -->", "<!-- /help -->"
MAX_LINES = 80
"""Lines of an example's output shown (the rest counted)."""

EXAMPLES = {  # command: (what the example shows, argument lists run in order; {tmp} is a scratch folder)
    "run": ("the shipped baseline, then a batch of two scenarios, then 100 stochastic paths on two dask workers",
            [["run", "projections/baseline.yaml", "--out", "{tmp}/run"],
             ["run", "projections/ai_central.yaml", "projections/ai_fast.yaml", "--out", "{tmp}/batch"],
             ["run", "projections/ai_central.yaml", "--out", "{tmp}/paths", "--paths", "100", "--seed", "1",
              "--workers", "2"]]),
    "diff": ("the central and the fast AI scenarios of the batch above",
             [["diff", "{tmp}/batch/ai_central", "{tmp}/batch/ai_fast"]]),
    "validate": ("one case", [["validate", "--case", "pension2024"]]),
    "compare": ("the shipped financing options", [["compare", "projections/financing_options.yaml", "--out", "{tmp}/compare"]]),
    "optimise": ("the shipped solvency target", [["optimise", "projections/solvency_target.yaml"]]),
    "sensitivity": ("the shipped grid", [["sensitivity", "projections/sensitivity_grid.yaml", "--out", "{tmp}/grid"]]),
    "report": ("the baseline run above", [["report", "{tmp}/run", "--out", "{tmp}/report"]]),
}


def help_text(command: str) -> str:
    """The command's --help, the repository's own path shown as '.' (defaults that are paths)."""
    text = subprocess.run([ACTUARIAL, command, "--help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return text.replace(str(ROOT), ".")


def words(text: str) -> str:
    """``text`` with its line wrapping and spacing undone (help wraps at the terminal's width)."""
    return " ".join(text.split())


def page(command: str, tmp: Path) -> str:
    what, runs = EXAMPLES[command]
    parts = [f"# actuarial {command}\n", f"{HELP_START}\n```text\n{help_text(command)}```\n{HELP_END}\n",
             f"## Example: {what}\n"]
    for args in runs:
        args = [a.format(tmp=tmp) for a in args]
        result = subprocess.run([ACTUARIAL, *args], cwd=ROOT, capture_output=True, text=True)
        shown = " ".join(a.replace(str(tmp), "OUT") for a in args)
        lines = result.stdout.replace(str(tmp), "OUT").splitlines(keepends=True)
        output = "".join(lines[:MAX_LINES]) + (f"... ({len(lines) - MAX_LINES} more lines)\n" if len(lines) > MAX_LINES else "")
        parts.append(f"```console\n$ actuarial {shown}\n{output}```\n(exit status {result.returncode})\n")
    return "\n".join(parts)


def main() -> int:
    PAGES.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="actuarial-docs-"))
    try:
        for command in EXAMPLES:
            (PAGES / f"{command}.md").write_text(page(command, tmp), encoding="utf-8")
            print(f"wrote {PAGES / f'{command}.md'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
