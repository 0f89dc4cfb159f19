"""Safe YAML reading (duplicated keys refused) and pydantic errors turned into one-line input errors."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from actuarial.config.errors import AssumptionError


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML loader that refuses duplicated keys instead of keeping the last."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicated key {key!r} (each key may appear once)", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> dict:
    """The mapping at the top of the YAML file ``path``.

    Raises
    ------
    AssumptionError
        When the file is missing, is not valid YAML, repeats a key, or its top
        level is not a mapping.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AssumptionError(path, "", "file not found") from None
    try:
        content = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "YAML"
        problem = getattr(error, "problem", None) or str(error)
        raise AssumptionError(path, where, f"invalid YAML: {problem}") from None
    if not isinstance(content, dict):
        raise AssumptionError(path, "", f"top level is {type(content).__name__}; it must be a mapping of names")
    return content


def raise_validation(error: ValidationError, file: Path | str, prefix: str = "") -> None:
    """Turn the first pydantic error into a one-line :class:`AssumptionError` (always raises)."""
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in (prefix, *first["loc"]) if part != "")
    value = first.get("input")
    if first["type"] == "extra_forbidden":
        rule = "unknown key (misspelt? unknown keys are errors)"
    elif first["type"] == "missing":
        raise AssumptionError(file, where, "required field is missing")
    elif first["type"] == "literal_error":
        rule = f"must be one of {first['ctx']['expected']}"
    else:
        rule = first["msg"][0].lower() + first["msg"][1:]
    raise AssumptionError(file, where, f"value {value!r}: {rule}")


__all__ = ["raise_validation", "read_yaml"]
