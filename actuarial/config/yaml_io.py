"""Guarded reading of input files, safe YAML, and pydantic errors turned into one-line input errors.

Every input file (set and scenario YAML, CSV tables, studies, targets) is read
through :func:`read_text`: it must be a regular file (not a folder, a device
such as ``/dev/zero``, a pipe or a symbolic-link loop), at most
:data:`MAX_YAML_BYTES` / :data:`MAX_TABLE_BYTES` long, and UTF-8 text.  YAML
is parsed safely with duplicated keys, aliases (``*name``, the alias bombs) and
merge keys (``<<:``) refused and nesting limited to :data:`MAX_DEPTH` levels.
Values quoted in messages are shortened (:func:`shown`), and no message quotes
a file's contents beyond the offending value.
"""

from __future__ import annotations

import errno
import math
import stat
from pathlib import Path

import numpy as np
import yaml
from pydantic import ValidationError

from actuarial.config.errors import AssumptionError

MAX_YAML_BYTES = 1_000_000
"""Largest YAML input accepted (the largest shipped file is about 30 kB)."""
MAX_TABLE_BYTES = 50_000_000
"""Largest CSV table accepted (the largest shipped table, mortality by year, sex and age, is about 1 MB)."""
MAX_DEPTH = 12
"""Deepest nesting of YAML mappings and lists accepted (the shipped files use 5)."""
UNION_BRANCHES = ("str", "float", "int", "bool")
"""Type names pydantic appends to the location of an error inside a union (not fields of the file)."""
MAX_SHOWN = 60
"""Longest value representation quoted in a message."""


def shown(value) -> str:
    """``repr`` of ``value`` for a message: numpy scalars as plain numbers, shortened to :data:`MAX_SHOWN` characters."""
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else f"{text[:MAX_SHOWN - 15]}...{text[-10:]} ({len(text):,} characters)"


def read_text(path: Path, *, limit: int, what: str) -> str:
    """The UTF-8 text of the regular file ``path``, at most ``limit`` bytes (``what`` names the kind of input).

    Raises
    ------
    AssumptionError
        When the path is missing, a folder, not a regular file, a symbolic-link loop, unreadable,
        larger than ``limit``, or not UTF-8 text.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise AssumptionError(path, "", "file not found") from None
    except OSError as error:
        reason = "a symbolic-link loop" if error.errno == errno.ELOOP else f"unreadable ({error.strerror})"
        raise AssumptionError(path, "", f"is {reason}; {what} must be a readable file") from None
    if stat.S_ISDIR(info.st_mode):
        raise AssumptionError(path, "", f"is a folder; {what} must be a file")
    if not stat.S_ISREG(info.st_mode):
        raise AssumptionError(path, "", f"is not a regular file (a device, pipe or socket); {what} must be a file")
    if info.st_size > limit:
        raise AssumptionError(path, "", f"is {info.st_size:,} bytes; {what} larger than {limit:,} bytes are refused")
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise AssumptionError(path, "", f"is unreadable ({error.strerror}); {what} must be a readable file") from None
    if len(data) > limit:
        raise AssumptionError(path, "", f"is larger than {limit:,} bytes; {what} larger than that are refused")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise AssumptionError(path, f"line {line}", f"byte 0x{data[error.start]:02x} is not UTF-8 text; save the "
                              f"file as UTF-8") from None
    if "\x00" in text:
        raise AssumptionError(path, f"line {text[: text.index(chr(0))].count(chr(10)) + 1}",
                              f"contains a NUL byte; {what} must be text")
    return text


class _GuardedLoader(yaml.SafeLoader):
    """Safe YAML loader: duplicated keys, aliases and merge keys refused; nesting limited."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, f"alias *{event.anchor} is not allowed (anchors and aliases "
                                              "are refused in assumption files; write the values out)", event.start_mark)
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()
                raise yaml.composer.ComposerError(None, None, f"nesting deeper than {MAX_DEPTH} levels is refused",
                                                  event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_mapping(loader: _GuardedLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise yaml.constructor.ConstructorError(
                None, None, "merge keys (<<) are not supported; write the entries out", key_node.start_mark)
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicated key {shown(key)} (each key may appear once)", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep)


_GuardedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> dict:
    """The mapping at the top of the YAML file ``path`` (read with :func:`read_text`).

    Raises
    ------
    AssumptionError
        When the file cannot be read as text, is not valid YAML, repeats a key, uses aliases or merge
        keys, nests too deeply, or its top level is not a mapping.
    """
    text = read_text(path, limit=MAX_YAML_BYTES, what="YAML inputs")
    try:
        content = yaml.load(text, Loader=_GuardedLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "YAML"
        problem = (getattr(error, "problem", None) or str(error).splitlines()[0])[:200]
        raise AssumptionError(path, where, f"invalid YAML: {problem}") from None
    if content is None:
        raise AssumptionError(path, "", "is empty; it must be a mapping of names")
    if not isinstance(content, dict):
        raise AssumptionError(path, "", f"top level is a {type(content).__name__}; it must be a mapping of names")
    return content


def raise_validation(error: ValidationError, file: Path | str, prefix: str = "") -> None:
    """Turn the first pydantic error into a one-line :class:`AssumptionError` (always raises)."""
    first = error.errors(include_url=False)[0]
    location = list(first["loc"])
    while location and location[-1] in UNION_BRANCHES:  # pydantic names the branch of a union it tried last
        location.pop()
    where = ".".join(str(part) for part in (prefix, *location) if part != "")
    value = first.get("input")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 1e300:
        raise AssumptionError(file, where, f"value {shown(value)} is not a finite number")
    if isinstance(value, float) and not math.isfinite(value):
        raise AssumptionError(file, where, f"value {shown(value)} is not a finite number")
    if first["type"] == "extra_forbidden":
        rule = "unknown key (misspelt? unknown keys are errors)"
    elif first["type"] == "missing":
        raise AssumptionError(file, where, "required field is missing")
    elif first["type"] == "literal_error":
        rule = f"must be one of {first['ctx']['expected']}"
    else:
        rule = first["msg"][0].lower() + first["msg"][1:]
    raise AssumptionError(file, where, f"value {shown(value)}: {rule}")


__all__ = ["MAX_DEPTH", "MAX_TABLE_BYTES", "MAX_YAML_BYTES", "raise_validation", "read_text", "read_yaml", "shown"]
