"""The one output schema: every table's columns, read from ``data/columns.yaml``.

Each column has a type and a description there; the Arrow schemas of the Parquet files,
the CSV header, the SQLite tables and their inserts, and ``metadata.json`` are all built
from it, so a column is added or renamed in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from .arrow import without_pandas

without_pandas()

_OFFICER = pa.struct([("name", pa.string()), ("rank", pa.string()), ("role", pa.string()),
                      ("person_key", pa.string())])
_MEMBER = pa.struct([(name, pa.string()) for name in
                     ("doc_id", "event_id", "outlet", "url", "published", "event_date", "title")])

_RANK_SPAN = pa.struct([("rank", pa.string()), ("first_date", pa.date32()), ("last_date", pa.date32())])
_ROLE_SPAN = pa.struct([("role", pa.string()), ("post", pa.string()), ("unit", pa.string()),
                        ("first_date", pa.date32()), ("last_date", pa.date32())])

#: Column type -> (Arrow type in Parquet, SQLite type). Lists are JSON text in SQLite and CSV;
#: dates are ISO text (YYYY-MM-DD) in SQLite and CSV, date32 in Parquet (inside lists too).
TYPES: dict[str, tuple[pa.DataType, str]] = {
    "text": (pa.string(), "TEXT"),
    "integer": (pa.int64(), "INTEGER"),
    "date": (pa.date32(), "TEXT"),
    "text list": (pa.list_(pa.string()), "TEXT"),
    "officer list": (pa.list_(_OFFICER), "TEXT"),
    "member list": (pa.list_(_MEMBER), "TEXT"),
    "rank history": (pa.list_(_RANK_SPAN), "TEXT"),
    "role history": (pa.list_(_ROLE_SPAN), "TEXT"),
    "json": (pa.string(), "TEXT"),
}
_TABLE_KEYS = {"description", "columns", "primary_key", "indexes"}
_COLUMN_KEYS = {"type", "description", "required", "references"}


class SchemaError(ValueError):
    """``columns.yaml`` is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    description: str
    required: bool = False
    #: ``table.column`` this column refers to (a SQLite foreign key).
    references: str | None = None

    def ddl(self) -> str:
        sql = f'"{self.name}" {TYPES[self.type][1]}'
        if self.required:
            sql += " NOT NULL"
        if self.references:
            table, column = self.references.split(".")
            sql += f" REFERENCES {table}({column})"
        return sql


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    indexes: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(c.name, TYPES[c.type][0]) for c in self.columns])

    def arrow_table(self, rows: list[dict[str, Any]]) -> pa.Table:
        """``rows`` (ISO dates as text, also inside lists) as an Arrow table of this table's schema."""
        schema = self.arrow_schema()
        dated = [(f.name, f.type) for f in schema if _has_date(f.type)]
        if dated:
            rows = [{**row, **{name: _dates(row[name], kind) for name, kind in dated}} for row in rows]
        return pa.Table.from_pylist(rows, schema=schema)

    def ddl(self) -> str:
        """``CREATE TABLE`` (and ``CREATE INDEX``) statements for SQLite."""
        parts = [c.ddl() for c in self.columns]
        if self.primary_key:
            parts.append(f"PRIMARY KEY ({', '.join(_quoted(self.primary_key))})")
        body = ",\n    ".join(parts)
        indexes = "".join(f'CREATE INDEX {self.name}_{c} ON {self.name}("{c}");\n' for c in self.indexes)
        return f"CREATE TABLE {self.name} (\n    {body}\n);\n{indexes}"

    def insert(self, verb: str = "INSERT") -> str:
        """An insert of one row, its columns named (values in the order of :attr:`names`)."""
        return (f"{verb} INTO {self.name} ({', '.join(_quoted(self.names))}) "
                f"VALUES ({', '.join('?' * len(self.columns))})")


def _has_date(kind: pa.DataType) -> bool:
    """Whether an Arrow type is a date or holds one (in a list or a struct)."""
    if pa.types.is_date32(kind):
        return True
    if pa.types.is_list(kind):
        return _has_date(kind.value_type)
    return pa.types.is_struct(kind) and any(_has_date(field.type) for field in kind)


def _dates(value: Any, kind: pa.DataType) -> Any:
    """``value`` with its ISO date strings as dates where the Arrow type ``kind`` has a date."""
    if value is None or value == "":
        return None if pa.types.is_date32(kind) else value
    if pa.types.is_date32(kind):
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    if pa.types.is_list(kind):
        return [_dates(item, kind.value_type) for item in value]
    if pa.types.is_struct(kind):
        return {**value, **{f.name: _dates(value.get(f.name), f.type) for f in kind if _has_date(f.type)}}
    return value


def _quoted(names: tuple[str, ...]) -> list[str]:
    return [f'"{n}"' for n in names]


def _fail(source: str, entry: str, problem: str) -> SchemaError:
    return SchemaError(f"{source}: {entry}: {problem}; see the comment at the top of columns.yaml "
                       "for the form of an entry")


def _column(source: str, table: str, name: str, spec: Any) -> Column:
    entry = f"{table}.{name}"
    if not isinstance(spec, Mapping):
        raise _fail(source, entry, "expected a mapping with 'type' and 'description'")
    unknown = set(spec) - _COLUMN_KEYS
    if unknown:
        raise _fail(source, entry, f"unknown key(s) {sorted(unknown)}, expected some of {sorted(_COLUMN_KEYS)}")
    if spec.get("type") not in TYPES:
        raise _fail(source, entry, f"type {spec.get('type')!r} is not one of {', '.join(TYPES)}")
    if not isinstance(spec.get("description"), str) or not spec["description"].strip():
        raise _fail(source, entry, "no description")
    if not isinstance(spec.get("required", False), bool):
        raise _fail(source, entry, "'required' must be true or false")
    return Column(name, spec["type"], spec["description"], spec.get("required", False), spec.get("references"))


def _table(source: str, name: str, spec: Any) -> Table:
    if not isinstance(spec, Mapping) or not isinstance(spec.get("columns"), Mapping) or not spec["columns"]:
        raise _fail(source, name, "expected a mapping with 'description' and a non-empty 'columns' mapping")
    unknown = set(spec) - _TABLE_KEYS
    if unknown:
        raise _fail(source, name, f"unknown key(s) {sorted(unknown)}, expected some of {sorted(_TABLE_KEYS)}")
    if not isinstance(spec.get("description"), str) or not spec["description"].strip():
        raise _fail(source, name, "no description")
    columns = tuple(_column(source, name, column, c) for column, c in spec["columns"].items())
    names = {c.name for c in columns}
    for key in ("primary_key", "indexes"):
        listed = spec.get(key, [])
        if not isinstance(listed, list) or not set(listed) <= names:
            raise _fail(source, f"{name}.{key}", f"must be a list of columns of {name}, got {listed!r}")
    return Table(name, spec["description"], columns, tuple(spec.get("primary_key", [])),
                 tuple(spec.get("indexes", [])))


def parse_tables(data: Any, source: str) -> dict[str, Table]:
    """The tables described by the parsed YAML ``data``, checked; ``source`` names the file in errors."""
    if not isinstance(data, Mapping) or not data:
        raise SchemaError(f"{source}: expected a mapping of table names to tables")
    tables = {name: _table(source, name, spec) for name, spec in data.items()}
    for table in tables.values():
        for column in table.columns:
            target = (column.references or "").split(".")
            if column.references and (len(target) != 2 or target[0] not in tables
                                      or target[1] not in tables[target[0]].names):
                raise _fail(source, f"{table.name}.{column.name}",
                            f"references {column.references!r}, which is no table.column of this file")
    return tables


_PACKAGED = Path(__file__).parent / "data" / "columns.yaml"


@lru_cache(maxsize=None)
def load_tables(path: Path = _PACKAGED) -> dict[str, Table]:
    """The tables of ``path`` (default: the packaged ``columns.yaml``), read once."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SchemaError(f"{path}: not valid YAML: {exc}") from exc
    return parse_tables(data, str(path))
