"""Loading the versioned domain data under ``extract/data/`` (once per process).

Every file is checked against its entry in ``extract/data/schema.yaml`` when it is loaded:
a malformed entry stops the program with a :class:`DataFileError` naming the file, the
entry and what was expected, before any document is read.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from typing import Any

import regex
import yaml

SCHEMA_FILE = "schema.yaml"
#: libyaml's loader where PyYAML has it (seven times faster than the pure Python one, the same values).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataFileError(ValueError):
    """A data file under ``extract/data/`` that does not have the shape its schema says."""


def _read(name: str) -> str:
    return resources.files("extract").joinpath("data", name).read_text(encoding="utf-8")


def _leaf_ok(kind: str, value: Any) -> bool:
    if kind == "any":
        return True
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) or (isinstance(value, str) and value.isdigit())
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "str":
        return isinstance(value, str)
    if kind == "regex":
        if not isinstance(value, str):
            return False
        try:
            regex.compile(value)
        except regex.error:
            return False
        return True
    raise DataFileError(f"{SCHEMA_FILE}: unknown type '{kind}'")


def check(value: Any, spec: Any, where: str) -> None:
    """Raise :class:`DataFileError` unless ``value`` has the shape ``spec`` describes."""
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise DataFileError(f"{where}: expected a mapping, got {type(value).__name__}")
        if "*" in spec:
            for key, item in value.items():
                check(item, spec["*"], f"{where}.{key}")
            return
        keys = {k.rstrip("?"): k.endswith("?") for k in spec}
        unknown = sorted(set(map(str, value)) - set(keys))
        missing = sorted(k for k, optional in keys.items() if not optional and k not in value)
        if unknown or missing:
            raise DataFileError(f"{where}: " + "; ".join(
                ([f"unknown key(s) {', '.join(unknown)}"] if unknown else [])
                + ([f"missing key(s) {', '.join(missing)}"] if missing else []))
                + f" (the schema is in extract/data/{SCHEMA_FILE})")
        for key, item_spec in spec.items():
            if key.rstrip("?") in value:
                check(value[key.rstrip("?")], item_spec, f"{where}.{key.rstrip('?')}")
    elif isinstance(spec, list):
        if not isinstance(value, list):
            raise DataFileError(f"{where}: expected a list, got {type(value).__name__}")
        for i, item in enumerate(value):
            check(item, spec[0], f"{where}[{i}]")
    elif not _leaf_ok(spec, value):
        raise DataFileError(f"{where}: expected {'a regular expression' if spec == 'regex' else spec}, got {value!r}")


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    return yaml.load(_read(SCHEMA_FILE), Loader=_LOADER)


def _checked(name: str, value: Any) -> Any:
    spec = _schema().get(name)
    if spec is None:
        raise DataFileError(f"extract/data/{name} has no entry in extract/data/{SCHEMA_FILE}: add its shape there")
    check(value, spec, f"extract/data/{name}")
    return value


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """A YAML data file, parsed and checked once."""
    try:
        data = yaml.load(_read(name), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise DataFileError(f"extract/data/{name} is not valid YAML: {exc}") from exc
    return _checked(name, data)


@lru_cache(maxsize=None)
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """A CSV data file as rows keyed by its header, read and checked once. Lines starting with # are comments."""
    lines = [line for line in _read(name).splitlines() if not line.startswith("#")]
    rows = tuple(csv.DictReader(io.StringIO("\n".join(lines))))
    _checked(name, [dict(row) for row in rows])
    return rows


@lru_cache(maxsize=None)
def compiled(source: str) -> regex.Pattern:
    """A regular expression compiled once (``regex.sub(p, ...)`` looks ``p`` up on every call)."""
    return regex.compile(source)
