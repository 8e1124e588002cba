"""Every data file under extract/data/ loads and matches its schema; a malformed entry is
reported with the file, the entry and what was expected."""

from __future__ import annotations

from importlib import resources as importlib_resources

import pytest

from extract.resources import DataFileError, _schema, check, load_csv, load_yaml

DATA = importlib_resources.files("extract").joinpath("data")
FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith((".yaml", ".csv")) and p.name != "schema.yaml")


@pytest.mark.parametrize("name", FILES)
def test_every_data_file_loads_and_has_a_schema(name: str) -> None:
    assert name in _schema(), f"{name} has no entry in schema.yaml"
    loaded = load_yaml(name) if name.endswith(".yaml") else load_csv(name)
    assert loaded


def test_the_readme_describes_every_data_file() -> None:
    readme = DATA.joinpath("README.md").read_text(encoding="utf-8")
    missing = [name for name in FILES + ["pipeline.cfg", "schema.yaml"] if f"`{name}`" not in readme]
    assert missing == []


@pytest.mark.parametrize("value, spec, message", [
    ({"stop_words": ["Dan", 3]}, {"stop_words": ["str"]}, r"units\.yaml\.stop_words\[1\]: expected str, got 3"),
    ({"types": [{"type": "Polres", "pattern": "(Polres"}]}, {"types": [{"type": "str", "pattern": "regex"}]},
     r"units\.yaml\.types\[0\]\.pattern: expected a regular expression, got '\(Polres'"),
    ({"version": 1}, {"version": "int", "max_name_words": "int"}, r"units\.yaml: missing key\(s\) max_name_words"),
    ({"version": 1, "extra": []}, {"version": "int"}, r"units\.yaml: unknown key\(s\) extra"),
    ({"months": {1: "Januari"}}, {"months": {"*": ["str"]}}, r"units\.yaml\.months\.1: expected a list, got str"),
])
def test_a_malformed_entry_names_the_file_and_the_entry(value, spec, message) -> None:
    with pytest.raises(DataFileError, match=message):
        check(value, spec, "units.yaml")


def test_optional_keys_may_be_left_out() -> None:
    check({"name": "Ketupat"}, {"name": "str", "abbreviations?": ["regex"]}, "operations.yaml")
