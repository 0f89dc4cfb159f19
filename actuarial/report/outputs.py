"""Write the outputs of a command into their folder, all or nothing (DESIGN §7).

A command that writes (``actuarial run``, ``compare``, ``optimise --out``)
opens an :class:`OutputFolder` on ``--out`` *before* it computes anything:

1. ``--out`` is checked (:meth:`OutputFolder.open`): not the empty string,
   not ``.`` or the working directory, not a symbolic link, not an existing
   file, and, if it is an existing folder, one that holds nothing but the
   outputs of a previous run (:func:`foreign_entries`), so that a home folder
   is never replaced.  Missing parent folders are created (and removed again
   if the command fails).  Breaking a rule raises :class:`OutputError`, a
   one-line message naming the path and the rule, and nothing is written.
2. Stale staging folders beside ``--out`` (:func:`remove_stale`) are removed.
3. A staging folder ``.<name>.tmp-<pid>-<random>`` is created beside
   ``--out`` (same parent, hence same filesystem), which also proves that
   the parent is writable.

When the results are ready, the command's writer (:mod:`actuarial.report.writers`) first checks them
(:mod:`actuarial.report.checks`: no ±inf anywhere; NaN only where it has a documented meaning), then
:meth:`OutputFolder.commit` writes every
file into the staging folder, adds ``manifest.json`` whose ``files`` entry
lists every other file with its sha256 and size in bytes, flushes files and
folders to disk (``fsync``), re-checks ``--out`` and swaps the staging folder
in with one rename.  Leaving the ``with`` block without a commit (an error,
Ctrl-C) removes the staging folder.

**What is guaranteed.**  A process killed at any moment (even ``SIGKILL``)
leaves ``--out`` as either the complete previous outputs or the complete new
ones, never a mixture, never a half-written file:

- ``--out`` absent: ``rename(staging, --out)`` is atomic.
- ``--out`` present (previous outputs or an empty folder), on Linux:
  ``renameat2(RENAME_EXCHANGE)`` (through ctypes) swaps the two folders
  atomically; the old outputs, now under the staging name, are removed
  next.  Killed in between, they stay there, hidden, until the next run.
- Where the exchange is unavailable (not Linux, a C library without
  ``renameat2``, a filesystem without ``RENAME_EXCHANGE``): the old folder is
  renamed aside to ``.<name>.old-<pid>-<random>``, the new one renamed into
  place, the old one removed.  Killed *between those two renames* (a window
  of two system calls), ``--out`` is missing while both complete versions
  sit beside it under hidden names (removed by the next run); at no instant
  does ``--out`` hold a mixture.

Stale staging folders (left by a killed run) are removed at the start of the
next command writing to the same ``--out``: a folder in the parent of
``--out`` named ``.<name>.tmp-<pid>-<token>`` or ``.<name>.old-<pid>-<token>``
is stale when process ``<pid>`` no longer runs (or is this process) and the
folder was last modified before this module was imported (i.e. before this
process started its work).  A live run's staging folder is never touched.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import sys
import time
from pathlib import Path
from typing import Callable, Mapping

from actuarial.report.checks import OutputError

MANIFEST = "manifest.json"

KNOWN_OUTPUTS = frozenset({
    "projection.nc", "summary.csv", "metrics.csv", MANIFEST,   # run
    "comparison.csv", "comparison.nc",                         # compare
    "optimal_mix.csv", "optimal_fund.nc",                      # optimise --out
    "sensitivity.csv", "tornado.csv", "grid.nc",               # sensitivity
    "report.html", "report.xlsx",                              # report
    "diff_summary.csv", "diff_metrics.csv",                    # diff --out
})
"""Every file name a command of the package writes into ``--out``."""

_LEGACY_TEMPORARY = re.compile(r"^\.(?P<name>[^/]+)\.[^/]+\.tmp$")
"""Per-file temporaries of versions before the staging folder (``.<file>.<random>.tmp``), left by killed runs."""

_STARTED = time.time()

# --------------------------------------------------------------------------- the output folder
def _quoted(raw: str | os.PathLike) -> str:
    return f"'{os.fspath(raw)}'"


def _staging_pattern(name: str) -> re.Pattern:
    return re.compile(rf"^\.{re.escape(name)}\.(?:tmp|old)-(?P<pid>\d+)-[A-Za-z0-9_]+$")


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a folder of this process made before it started: a reused pid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True  # cannot tell: keep the folder
    return True


def remove_stale(target: Path) -> list[Path]:
    """Remove the staging folders of killed runs beside ``target`` (module docstring); return them."""
    parent, pattern = target.parent, _staging_pattern(target.name)
    removed = []
    try:
        entries = list(os.scandir(parent))
    except FileNotFoundError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if not match or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            modified = entry.stat(follow_symlinks=False).st_mtime
        except FileNotFoundError:
            continue
        if modified < _STARTED and not _running(int(match["pid"])):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def foreign_entries(folder: Path) -> list[str]:
    """The entries of ``folder`` that are not outputs of a previous run, sorted.

    Outputs of a previous run: regular files named as a command's outputs
    (:data:`KNOWN_OUTPUTS`) or listed in the folder's ``manifest.json``, and the
    per-file temporaries older versions left behind (``.<output>.<random>.tmp``).
    """
    allowed = set(KNOWN_OUTPUTS)
    try:
        listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("files", {})
        allowed.update(name for name in listed if isinstance(name, str) and "/" not in name)
    except (OSError, ValueError, AttributeError):
        pass
    foreign = []
    for entry in os.scandir(folder):
        legacy = _LEGACY_TEMPORARY.match(entry.name)
        ours = entry.name in allowed or (legacy is not None and legacy["name"] in KNOWN_OUTPUTS)
        if not (ours and entry.is_file(follow_symlinks=False)):
            foreign.append(entry.name)
    return sorted(foreign)


def _sync(path: Path) -> None:
    """Flush a folder's entries to disk where the platform allows it (best effort)."""
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _digest(path: Path) -> dict:
    """sha256 and size of a written file, flushed to disk."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
        os.fsync(handle.fileno())
    return {"sha256": digest.hexdigest(), "size_bytes": path.stat().st_size}


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``).

    False where the call is unavailable (other systems, an old C library or kernel, a filesystem
    without the flag); other failures raise :class:`OSError`.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


class OutputFolder:
    """``--out`` of a command: checked and staged on :meth:`open`, swapped in by :meth:`commit`
    (module docstring).  Use as a context manager around the computation::

        with OutputFolder(out) as folder:
            results = compute()
            written = folder.commit({"a.csv": lambda path: results.to_csv(path)}, manifest)
    """

    def __init__(self, out: str | os.PathLike):
        self.raw = os.fspath(out)
        self.path = Path(os.path.abspath(self.raw)) if self.raw else Path()
        self._staging: Path | None = None
        self._created: list[Path] = []
        self._committed = False

    def __enter__(self) -> OutputFolder:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _error(self, rule: str) -> OutputError:
        return OutputError(f"--out {_quoted(self.raw)}: {rule}")

    def _check_target(self) -> None:
        path = self.path
        if path.is_symlink():
            raise self._error("is a symbolic link; give the folder it points to, or a new folder")
        if path.exists() and not path.is_dir():
            raise self._error("is an existing file; --out must name a folder")
        if path.is_dir():
            foreign = foreign_entries(path)
            if foreign:
                more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
                raise self._error(f"holds {_quoted(foreign[0])}{more}, which no previous run wrote; refusing to "
                                  "replace a folder that holds anything but a previous run's outputs (give a new or "
                                  "empty folder)")

    def open(self) -> None:
        """Check ``--out``, create its missing parents, remove stale staging folders and create the staging one."""
        if not self.raw:
            raise self._error("the empty string names no folder; give the folder for the outputs")
        path = self.path
        if path.parent == path:
            raise self._error("is the root of the filesystem; give a folder below it")
        try:
            here = Path.cwd().resolve()
        except OSError:
            here = None
        if self.raw in (".", "./") or (here is not None and os.path.realpath(path) == str(here)):
            raise self._error("is the current working directory, which a run would replace; give a folder of "
                              "its own (e.g. --out results)")
        self._check_target()
        missing = []
        ancestor = path.parent
        while not ancestor.exists() and not ancestor.is_symlink():
            missing.append(ancestor)
            ancestor = ancestor.parent
        if not ancestor.is_dir():
            raise self._error(f"its parent {_quoted(ancestor)} is not a folder")
        for folder in reversed(missing):
            try:
                folder.mkdir()
            except OSError as error:
                self._remove_created()
                raise self._error(f"cannot create the folder {_quoted(folder)} ({error.strerror}); the parent of "
                                  "--out must be a writable folder or creatable") from None
            self._created.append(folder)
        remove_stale(path)
        token = secrets.token_hex(6)
        staging = path.parent / f".{path.name}.tmp-{os.getpid()}-{token}"
        try:
            staging.mkdir(mode=0o777)  # the umask applies, as for any folder
        except OSError as error:
            self._remove_created()
            raise self._error(f"cannot create a folder in {_quoted(path.parent)} ({error.strerror}); the parent of "
                              "--out must be a writable folder") from None
        self._staging = staging

    def commit(self, writers: Mapping[str, Callable[[Path], None]], manifest: Mapping | None = None) -> list[Path]:
        """Run each ``writer(path)`` into the staging folder, add ``manifest.json`` (``manifest`` plus
        ``files``: name -> sha256 and size_bytes), flush, and swap the folder in as ``--out``.

        Returns the final paths of the files written, ``manifest.json`` last.
        """
        if self._staging is None or self._committed:
            raise RuntimeError("OutputFolder.commit needs an open folder and runs once")
        if MANIFEST in writers:
            raise ValueError(f"{MANIFEST} is written by OutputFolder.commit itself")
        staging = self._staging
        files = {}
        for name, writer in writers.items():
            writer(staging / name)
            files[name] = _digest(staging / name)
        record = {**(manifest or {}), "files": files}
        (staging / MANIFEST).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        _digest(staging / MANIFEST)
        _sync(staging)
        self._check_target()  # again: the folder may have changed while the command computed
        self._swap()
        self._committed = True
        return [self.path / name for name in (*writers, MANIFEST)]

    def _swap(self) -> None:
        staging, target = self._staging, self.path
        if not os.path.lexists(target):
            os.rename(staging, target)
            self._staging = None
        elif _exchange(staging, target):
            # the staging name now holds the previous outputs
            shutil.rmtree(staging)
            self._staging = None
        else:
            aside = target.parent / f".{target.name}.old-{os.getpid()}-{secrets.token_hex(6)}"
            os.rename(target, aside)
            try:
                os.rename(staging, target)
            except OSError:
                os.rename(aside, target)
                raise
            self._staging = None
            shutil.rmtree(aside)
        _sync(target.parent)

    def close(self) -> None:
        """Remove the staging folder (and, without a commit, the parents :meth:`open` created)."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
        if not self._committed:
            self._remove_created()

    def _remove_created(self) -> None:
        for folder in reversed(self._created):
            try:
                folder.rmdir()
            except OSError:
                break
        self._created = []


__all__ = ["KNOWN_OUTPUTS", "MANIFEST", "OutputFolder", "foreign_entries", "remove_stale"]
