"""Loading the versioned domain data under ``extract/data/`` (once per process)."""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from typing import Any

import regex
import yaml


def _read(name: str) -> str:
    return resources.files("extract").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """A YAML data file, parsed once."""
    return yaml.safe_load(_read(name))


@lru_cache(maxsize=None)
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """A CSV data file as rows keyed by its header, read once. Lines starting with # are comments."""
    lines = [line for line in _read(name).splitlines() if not line.startswith("#")]
    return tuple(csv.DictReader(io.StringIO("\n".join(lines))))


@lru_cache(maxsize=None)
def compiled(source: str) -> regex.Pattern:
    """A regular expression compiled once (``regex.sub(p, ...)`` looks ``p`` up on every call)."""
    return regex.compile(source)
