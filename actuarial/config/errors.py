"""The one error type bad input raises, with its one-line message."""

from __future__ import annotations

from pathlib import Path


class AssumptionError(ValueError):
    """Invalid assumption or scenario input.

    The message is one line: ``<file>: <field>: <what is wrong>``, naming the
    offending value and the rule it breaks.
    """

    def __init__(self, file: str | Path, field: str, problem: str):
        self.file, self.field, self.problem = display(file), field, problem
        where = f"{self.file}: {field}: " if field else f"{self.file}: "
        super().__init__(" ".join(f"{where}{problem}".split()))


def display(file: str | Path) -> str:
    """``file`` relative to the working directory when it lies below it."""
    path = Path(file)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(file)
