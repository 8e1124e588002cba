"""The Kemendagri region index: names, aliases, police unit areas and place resolution."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from extract.gazetteer import (
    Gazetteer,
    PlaceQuery,
    Region,
    get_gazetteer,
    most_specific_common,
    names_at_level,
    normalize_name,
)
from extract.resolution import spelling_key
from extract.resources import load_csv

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
GOLD_FILES = ("seeds_gold.jsonl", "dev_gold.jsonl")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer()


def codes(regions: list[Region]) -> list[str]:
    return [r.code for r in regions]


def area(gaz: Gazetteer, unit_type: str, place: str, within: str | None = None) -> str:
    """The area of a unit that must have one."""
    code = gaz.unit_area(unit_type, place, within=within)
    assert code is not None, (unit_type, place)
    return code


# ---------------------------------------------------------------------------- regions


def test_region_fields(gaz: Gazetteer) -> None:
    village = gaz.region("53.04.17.2002")
    assert village is not None
    assert (village.name, village.level, village.type) == ("Maneikun", 4, "desa")
    assert village.path == "Maneikun, Lasiolat, Kabupaten Belu, Nusa Tenggara Timur"


@pytest.mark.parametrize(
    "code, name, level, type_",
    [
        ("53", "Nusa Tenggara Timur", 1, "provinsi"),
        ("5304", "Kabupaten Belu", 2, "kabupaten"),
        ("53.71", "Kota Kupang", 2, "kota"),
        ("31.72", "Kota Administrasi Jakarta Utara", 2, "kota"),
        ("31.01", "Kabupaten Administrasi Kepulauan Seribu", 2, "kabupaten"),
        ("53.04.17", "Lasiolat", 3, "kecamatan"),
        ("53.71.04.1001", "Oebobo", 4, "kelurahan"),
        ("5371041001", "Oebobo", 4, "kelurahan"),
    ],
)
def test_region_by_code(gaz: Gazetteer, code: str, name: str, level: int, type_: str) -> None:
    region = gaz.region(code)
    assert region is not None
    assert (region.name, region.level, region.type) == (name, level, type_)


@pytest.mark.parametrize("code", ["", "???", "99", "53.99", "53.04.17.9999", "5", "53.4", "x" * 100_000])
def test_unknown_code(gaz: Gazetteer, code: str) -> None:
    assert gaz.region(code) is None
    assert gaz.parent(code) is None


@pytest.mark.parametrize(
    "code, parent",
    [("53.04.17.2002", "53.04.17"), ("53.04.17", "53.04"), ("53.04", "53"), ("53", None)],
)
def test_parent(gaz: Gazetteer, code: str, parent: str | None) -> None:
    region = gaz.parent(code)
    assert (region.code if region else None) == parent


@pytest.mark.parametrize(
    "code, ancestor, expected",
    [
        ("53.04.17.2002", "53.04", True),
        ("53.04.17.2002", "53", True),
        ("53.04", "53.04", True),
        ("53.71.04.1001", "53.04", False),
        ("53.04", "53.04.17", False),
        ("53.041", "53.04", False),
        ("", "53", False),
        ("53.04", "???", False),
    ],
)
def test_is_within(gaz: Gazetteer, code: str, ancestor: str, expected: bool) -> None:
    assert gaz.is_within(code, ancestor) is expected


@pytest.mark.parametrize(
    "given, expected",
    [
        (["53", "53.04", "53.04.17.2002"], "53.04.17.2002"),
        (["53.04.17.2002", "53.04"], "53.04.17.2002"),
        (["53.04.17.2002", "53.04.17.2007"], "53.04.17"),
        (["53.04.17.2002", "53.04.17.2007", "53"], "53.04.17"),
        (["53.04", "53.71.04.1001"], "53"),
        (["53.04", "16.08"], None),
        (["53.04"], "53.04"),
        ([], None),
        (["", "???"], None),
        (["???", "53.04"], "53.04"),
    ],
)
def test_most_specific_common(gaz: Gazetteer, given: list[str], expected: str | None) -> None:
    assert most_specific_common(given) == expected
    assert gaz.most_specific_common(given) == expected


# ---------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "a, b",
    [("Mota'ain", "Motaain"), ("Air Gegas", "Airgegas"), ("Tanjung Balai", "TANJUNGBALAI"), ("Toli-Toli", "Tolitoli"),
     ("Dufa-dufa", "Dufa-Dufa"), ("Bénoa", "Benoa"), ("Mota\u2019ain", "Motaain")],
)
def test_normalize_name(a: str, b: str) -> None:
    assert normalize_name(a) == normalize_name(b)


def test_names_match_without_punctuation_and_spaces(gaz: Gazetteer) -> None:
    assert codes(gaz.candidates("Mota'ain", 4)) == codes(gaz.candidates("Motaain", 4)) != []
    assert codes(gaz.candidates("Air Gegas", 4)) == codes(gaz.candidates("Airgegas", 4)) == ["19.03.03.2001"]


@pytest.mark.parametrize(
    "name, level, kind, expected",
    [
        ("Belu", 2, None, ["53.04"]),
        ("Kabupaten Belu", 2, None, ["53.04"]),
        ("Kab. Belu", 2, None, ["53.04"]),
        ("kab belu", None, None, ["53.04"]),
        ("Kupang", 2, None, ["53.01", "53.71"]),
        ("Kupang", 2, "kota", ["53.71"]),
        ("Kupang", 2, "kabupaten", ["53.01"]),
        ("Kota Kupang", None, None, ["53.71"]),
        ("Kupang Kota", 2, None, ["53.71"]),
        ("Malang Kota", 2, None, ["35.73"]),
        ("Lima Puluh Kota", 2, None, ["13.07"]),
        ("Kotabaru", 2, None, ["63.02"]),
        ("Kota Ternate Utara", 3, None, ["82.71.03"]),
        ("Air Gegas", 3, None, ["19.03.03"]),
        ("Kec. Lasiolat", None, None, ["53.04.17"]),
        ("Lasiolat", 4, None, ["53.04.17.2001"]),
        ("Oebobo", 4, "kelurahan", ["53.71.04.1001"]),
        ("Oebobo", 4, "desa", ["53.02.14.2004"]),
        ("Jakarta Utara", 2, None, ["31.72"]),
        ("Kepulauan Seribu", 2, None, ["31.01"]),
        ("Sui Raya", 3, None, ["61.07.01", "61.12.01"]),
        ("Yoboi", 4, None, ["91.03.01.3007"]),
        ("Belu", 1, None, []),
        ("Xyzzy Raya", None, None, []),
    ],
)
def test_candidates(gaz: Gazetteer, name: str, level: int | None, kind: str | None, expected: list[str]) -> None:
    assert codes(gaz.candidates(name, level, kind)) == expected


@pytest.mark.parametrize(
    "name, level, kind, expected",
    [
        ("OKU Timur", 2, None, "Kabupaten Ogan Komering Ulu Timur"),
        ("Kab. OKU Timur", 2, None, "Kabupaten Ogan Komering Ulu Timur"),
        ("OKU", 2, None, "Kabupaten Ogan Komering Ulu"),
        ("OKI", 2, None, "Kabupaten Ogan Komering Ilir"),
        ("Palas", 2, None, "Kabupaten Padang Lawas"),
        ("Paluta", 2, None, "Kabupaten Padang Lawas Utara"),
        ("Labusel", 2, None, "Kabupaten Labuhanbatu Selatan"),
        ("Kobar", 2, None, "Kabupaten Kotawaringin Barat"),
        ("Kotim", 2, None, "Kabupaten Kotawaringin Timur"),
        ("Minsel", 2, None, "Kabupaten Minahasa Selatan"),
        ("Tanjung Balai", 2, None, "Kota Tanjungbalai"),
        ("Jakut", 2, None, "Kota Administrasi Jakarta Utara"),
        ("Jaksel", 2, None, "Kota Administrasi Jakarta Selatan"),
        ("Kab. Adm. Kepulauan Seribu", 2, None, "Kabupaten Administrasi Kepulauan Seribu"),
        ("Toba Samosir", 2, None, "Kabupaten Toba"),
        ("Sitaro", 2, None, "Kabupaten Kep. Siau Tagulandang Biaro"),
        ("Solo", 2, None, "Kota Surakarta"),
        ("Kupang Kota", 2, None, "Kota Kupang"),
        ("Sorong Kota", 2, None, "Kota Sorong"),
        ("Jayapura Kota", 2, None, "Kota Jayapura"),
        ("Kupang", 2, "kota", "Kota Kupang"),
        ("Kupang", 2, None, None),
        ("Sumsel", 1, None, "Sumatera Selatan"),
        ("NTT", 1, None, "Nusa Tenggara Timur"),
        ("NTB", 1, None, "Nusa Tenggara Barat"),
        ("Jabar", 1, None, "Jawa Barat"),
        ("Kaltara", 1, None, "Kalimantan Utara"),
        ("Sultra", 1, None, "Sulawesi Tenggara"),
        ("Malut", 1, None, "Maluku Utara"),
        ("Babel", 1, None, "Kepulauan Bangka Belitung"),
        ("Kepri", 1, None, "Kepulauan Riau"),
        ("DIY", 1, None, "Daerah Istimewa Yogyakarta"),
        ("DKI Jakarta", 1, None, "Daerah Khusus Ibukota Jakarta"),
        ("Provinsi Jambi", 1, None, "Jambi"),
        ("Papua Barat Daya", 1, None, "Papua Barat Daya"),
        ("Sui Raya", 3, None, "Sungai Raya"),
        ("Sumsel", 2, None, None),
        ("Belu", 1, None, None),
        ("Xyzzy", 2, None, None),
    ],
)
def test_official_name(gaz: Gazetteer, name: str, level: int, kind: str | None, expected: str | None) -> None:
    assert gaz.official_name(name, level, kind) == expected


def test_every_province_by_official_name(gaz: Gazetteer) -> None:
    provinces = [p for p in (gaz.region(f"{n:02d}") for n in range(11, 97)) if p is not None]
    assert len(provinces) == 38
    for province in provinces:
        assert codes(gaz.candidates(province.name, 1)) == [province.code]


def test_alias_rows_are_unambiguous(gaz: Gazetteer) -> None:
    """Every alias of a province or regency names exactly the region of its row (no clash with another name)."""
    for row in load_csv("region_aliases.csv"):
        level = int(row["level"])
        found = gaz.candidates(row["alias"], level)
        assert found, row
        if level <= 2:
            assert [r.name for r in found] == [row["name"]], row


def test_names_at_level(gaz: Gazetteer) -> None:
    regencies = names_at_level(2)
    assert {"belu", "kabupatenbelu", "okutimur", "kupang", "tanjungbalai", "jakartautara"} <= regencies
    assert "mitra" not in regencies  # a common word: only after a unit or level word
    assert codes(gaz.candidates("Mitra", 2)) == ["71.07"]
    provinces = gaz.names_at_level(1)
    assert {"ntt", "nusatenggaratimur", "sumsel", "jabar"} <= provinces
    assert "belu" not in provinces
    assert "lasiolat" in gaz.names_at_level(3) and "maneikun" in gaz.names_at_level(4)
    assert gaz.names_at_level(2) is regencies


def test_one_gazetteer_per_process() -> None:
    with ThreadPoolExecutor(8) as pool:
        instances = list(pool.map(lambda _: get_gazetteer(), range(16)))
    assert all(g is instances[0] for g in instances)


# ---------------------------------------------------------------------------- police units


@pytest.mark.parametrize(
    "unit_type, place, within, expected",
    [
        ("Polda", "NTT", None, "53"),
        ("Polda", "Sumsel", None, "16"),
        ("Satbrimob Polda", "Maluku", None, "81"),
        ("Polres", "Belu", None, "53.04"),
        ("Polres", "OKU Timur", None, "16.08"),
        ("Polres", "Palas", None, "12.21"),
        ("Polres", "Tanjung Balai", None, "12.74"),
        ("Polres", "Metro", None, "18.72"),
        ("Polres", "Kupang", None, "53.01"),
        ("Polresta", "Kupang", None, "53.71"),
        ("Polresta", "Kupang Kota", None, "53.71"),
        ("Polres", "Madiun Kota", None, "35.77"),
        ("Polres", "Madiun", None, "35.19"),
        ("Polresta", "Malang Kota", None, "35.73"),
        ("Polresta", "Mamuju", None, "76.02"),
        ("Polrestabes", "Semarang", None, "33.74"),
        ("Polrestabes", "Bandung", None, "32.73"),
        ("Polresta", "Bandung", None, "32.04"),
        ("Polresta", "Cirebon", None, "32.09"),
        ("Polres", "Cirebon Kota", None, "32.74"),
        ("Polres Metro", "Bekasi", None, "32.16"),
        ("Polres", "Metro Bekasi Kota", None, "32.75"),
        ("Polres", "Metro Jakarta Utara", None, "31.72"),
        ("Polres Metro Jakarta Selatan", "", None, "31.74"),
        ("Polres", "Kepulauan Seribu", None, "31.01"),
        ("Polresta", "Pulau Ambon dan PP Lease", None, "81"),
        ("Polresta", "Barelang", None, "21.71"),
        ("Polsek", "Lasiolat", "53.04", "53.04.17"),
        ("Polsek", "Lasiolat", None, "53.04.17"),
        ("Polsek", "Gedangan", None, None),
        ("Polsek", "Gedangan", "35.07", "35.07.29"),
        ("Polsek", "Gedangan", ["35", "35.15"], "35.15.16"),
        ("Polsek", "Sui Raya", "61.12", "61.12.01"),
        ("Polsekta", "Oebobo", "53.71", "53.71.04"),
        ("Polres", "Banjar", None, None),
        ("Polres", "Banjar", "32", "32.79"),
        ("Polres", "Banjar", "63", "63.03"),
        ("Polda", "Metro Jaya", None, None),
        ("Mabes Polri", "", None, None),
        ("Polsek", "Tasfieto Barat", "53.04", None),
        ("Polres", "", None, None),
        ("", "Belu", None, None),
        ("Kodim", "Belu", None, None),
    ],
)
def test_unit_area(gaz: Gazetteer, unit_type: str, place: str, within, expected: str | None) -> None:
    assert gaz.unit_area(unit_type, place, within=within) == expected


def test_unit_areas_of_a_unit_over_several_regions(gaz: Gazetteer) -> None:
    assert gaz.unit_areas("Polda", "Metro Jaya") == ("31", "32.16", "32.75", "32.76", "36.71", "36.74")
    ambon = gaz.unit_areas("Polresta", "Pulau Ambon dan PP Lease")
    assert "81.71" in ambon and "81.01.14" in ambon and "81.01" not in ambon


# ---------------------------------------------------------------------------- resolution


def resolved(gaz: Gazetteer, places: list[PlaceQuery], context: list[str]) -> dict[str, str | None]:
    return {f"{r.query.name}/{r.query.level}": r.code for r in gaz.resolve(places, context)}


def test_seed_000_belu(gaz: Gazetteer) -> None:
    context = [area(gaz, "Polres", "Belu"), area(gaz, "Polsek", "Lasiolat", within="53.04")]
    places = [
        PlaceQuery("Maneikun", 4, "desa"),
        PlaceQuery("Baudaok", 4, "desa"),
        PlaceQuery("Mota'ain", None, "dusun"),
        PlaceQuery("Fatubesi", 4, "dusun"),
        PlaceQuery("Lasiolat", 3, "kecamatan"),
        PlaceQuery("Belu", 2, "kabupaten"),
    ]
    assert resolved(gaz, places, context) == {
        "Maneikun/4": "53.04.17.2002",
        "Baudaok/4": "53.04.17.2007",
        "Mota'ain/None": None,
        "Fatubesi/4": None,
        "Lasiolat/3": "53.04.17",
        "Belu/2": "53.04",
    }


SEED_001_KELURAHAN = ["Batu Plat", "Oebobo", "Naikolan", "Oepura", "Sikumana", "Fatukoa", "Oeba", "Oesapa",
                      "Lasiana", "Oesapa Selatan", "Oesapa Barat"]


@pytest.mark.parametrize("context", [["53.71"], []], ids=["polresta-kupang-kota", "no-context"])
def test_seed_001_kupang_kelurahan(gaz: Gazetteer, context: list[str]) -> None:
    places = [PlaceQuery(name, 4, "kelurahan") for name in SEED_001_KELURAHAN]
    results = gaz.resolve(places, context)
    assert all(r.status == "resolved" and gaz.is_within(r.code or "", "53.71") for r in results)
    assert results[0].code == "53.71.01.1009"  # Batu Plat
    assert results[1].code == "53.71.04.1001"  # Oebobo in Kota Kupang, not the one in Timor Tengah Selatan


def test_oebobo_alone_is_ambiguous_without_context(gaz: Gazetteer) -> None:
    (result,) = gaz.resolve([PlaceQuery("Oebobo", 4, None)], [])
    assert result.status == "ambiguous" and result.code is None
    assert result.candidates == ["53.02.14.2004", "53.71.04.1001"]


def test_context_from_the_polres_picks_the_village(gaz: Gazetteer) -> None:
    (result,) = gaz.resolve([PlaceQuery("Oebobo", 4, None)], [area(gaz, "Polres", "Timor Tengah Selatan")])
    assert result.code == "53.02.14.2004"


def test_seed_002_metro(gaz: Gazetteer) -> None:
    context = [area(gaz, "Polres", "Metro"), area(gaz, "Polda", "Lampung")]
    places = [
        PlaceQuery("Metro", 4, "kelurahan"),
        PlaceQuery("Metro Pusat", 3, "kecamatan"),
        PlaceQuery("Metro", 2, "kota"),
    ]
    assert resolved(gaz, places, context) == {
        "Metro/4": "18.72.01.1001",
        "Metro Pusat/3": "18.72.01",
        "Metro/2": "18.72",
    }


@pytest.mark.parametrize("context", [["16.08", "16"], []], ids=["polres-oku-timur", "no-context"])
def test_seed_003_bantan(gaz: Gazetteer, context: list[str]) -> None:
    places = [PlaceQuery("Bantan", 4, "desa"), PlaceQuery("Buay Pemuka Peliung", 3, "kecamatan")]
    assert resolved(gaz, places, context) == {"Bantan/4": "16.08.05.2010", "Buay Pemuka Peliung/3": "16.08.05"}


def test_places_of_a_release_cluster(gaz: Gazetteer) -> None:
    """Two villages named twice each in Indonesia, together only in Kecamatan Meukek (Aceh Selatan)."""
    assert len(gaz.candidates("Drien Jalo", 4)) == len(gaz.candidates("Jambo Papeun", 4)) == 2
    places = [PlaceQuery("Drien Jalo", 4, "desa"), PlaceQuery("Jambo Papeun", 4, "desa")]
    assert resolved(gaz, places, []) == {"Drien Jalo/4": "11.01.05.2004", "Jambo Papeun/4": "11.01.05.2005"}
    (alone,) = gaz.resolve(places[:1], [])
    assert alone.status == "ambiguous"


def test_a_village_follows_its_named_kecamatan(gaz: Gazetteer) -> None:
    """Most places lie in Puriala (Konawe); Pewutaa is the one in the named Kecamatan Angata, not Kolaka's."""
    places = [
        PlaceQuery("Wawosanggula", 4, "desa"),
        PlaceQuery("Mokaleleo", 4, "desa"),
        PlaceQuery("Unggulino", 4, "desa"),
        PlaceQuery("Pewutaa", 4, "desa"),
        PlaceQuery("Puriala", 3, "kecamatan"),
        PlaceQuery("Angata", 3, "kecamatan"),
    ]
    results = resolved(gaz, places, [area(gaz, "Polsek", "Puriala")])
    assert results["Pewutaa/4"] == "74.05.02.2001"
    assert results["Angata/3"] == "74.05.02" and results["Puriala/3"] == "74.02.17"


def test_regency_and_province_by_alias(gaz: Gazetteer) -> None:
    places = [PlaceQuery("OKU Timur", 2, None), PlaceQuery("Sumsel", 1, None), PlaceQuery("Kupang", 2, "kota")]
    assert resolved(gaz, places, []) == {"OKU Timur/2": "16.08", "Sumsel/1": "16", "Kupang/2": "53.71"}


def test_kelurahan_or_desa_breaks_a_tie(gaz: Gazetteer) -> None:
    """Two villages named Merlung in Kecamatan Merlung: a kelurahan and a desa."""
    kel, desa, bare = gaz.resolve(
        [PlaceQuery("Merlung", 4, "kelurahan"), PlaceQuery("Merlung", 4, "desa"), PlaceQuery("Merlung", 4, None)],
        ["15.06"],
    )
    assert (kel.code, desa.code) == ("15.06.05.1007", "15.06.05.2020")
    assert bare.status == "ambiguous" and bare.candidates == ["15.06.05.1007", "15.06.05.2020"]


def test_level_word_in_the_official_village_name(gaz: Gazetteer) -> None:
    """Gampong Drien is officially named "Gampong Drien"; the text's "Gampong Drien" is the name Drien, type gampong."""
    (result,) = gaz.resolve([PlaceQuery("Drien", 4, "gampong")], ["11.01.01"])
    assert result.code == "11.01.01.2004"


def test_ambiguous_regency_without_context(gaz: Gazetteer) -> None:
    (result,) = gaz.resolve([PlaceQuery("Kupang", 2, None)], [])
    assert (result.status, result.code, result.candidates) == ("ambiguous", None, ["53.01", "53.71"])


def test_unknown_name(gaz: Gazetteer) -> None:
    (result,) = gaz.resolve([PlaceQuery("Xyzzyville", 4, "desa")], ["53.04"])
    assert (result.status, result.code, result.candidates) == ("unknown", None, [])
    assert len({result, *gaz.resolve([PlaceQuery("Xyzzyville", 4, "desa")], ["53.04"])}) == 1  # hashable


def test_no_village_outside_the_provinces_of_the_context(gaz: Gazetteer) -> None:
    """The only Kemendagri "Tanjung Johor" is in Kota Jambi: not the village a Polda Kalteng release means."""
    assert gaz.resolve([PlaceQuery("Tanjung Johor", 4, "desa")], [])[0].code == "15.71.05.1006"
    (result,) = gaz.resolve([PlaceQuery("Tanjung Johor", 4, "desa")], [area(gaz, "Polda", "Kalteng")])
    assert (result.status, result.code, result.candidates) == ("unknown", None, [])
    (regency,) = gaz.resolve([PlaceQuery("Padang", 2, "kota")], [area(gaz, "Polres", "Kerinci")])
    assert regency.code == "13.71"  # a regency elsewhere is still named


def test_dusun_is_not_guessed(gaz: Gazetteer) -> None:
    """A desa Motaain exists (Kabupaten Malaka), but the dusun Mota'ain is not a village."""
    assert gaz.candidates("Mota'ain", 4)
    (result,) = gaz.resolve([PlaceQuery("Mota'ain", None, "dusun")], ["53.04", "53.21"])
    assert (result.status, result.code, result.candidates) == ("unknown", None, [])


GARBAGE = ["", " ", "???", "-", "Kabupaten", "Kota", "Kab.", "Polres", "x" * 100_000, "Belu " * 5_000, "\x00\u200b",
           "🚓", "Desa Desa Desa"]


@pytest.mark.parametrize("text", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_never_raises(gaz: Gazetteer, text: str) -> None:
    assert isinstance(gaz.candidates(text), list)
    gaz.official_name(text, 2)
    gaz.unit_area(text, text, within=text)
    gaz.unit_area("Polsek", text)
    gaz.is_within(text, text)
    assert gaz.most_specific_common([text]) is None
    places = [PlaceQuery(text, None, text), PlaceQuery(text, 4, "desa"), PlaceQuery(text, 9, None)]
    results = gaz.resolve(places, [text])
    assert len(results) == 3
    assert all(r.code is None or gaz.region(r.code) for r in results)


# ---------------------------------------------------------------------------- the golds, read in place

_UNIT = re.compile(r"(Mabes Polri|Satbrimob Polda|Polrestabes|Polresta|Polres|Polsekta|Polsek|Polda)\b\s*(.*)")

#: Gold units with no single derivable area: the reason.
UNMAPPED = {
    "Mabes Polri": "national headquarters",
    "Polda Metro Jaya": "covers DKI Jakarta and parts of Jawa Barat and Banten (unit_areas lists them)",
    "Polsek Tasfieto Barat": "a misspelling of Tasifeto Barat in the release",
    "Polsek Sukaramai": "named after a village, not a kecamatan",
    "Polsek Pabean Cantikan": "a misspelling of Pabean Cantian in the release",
}

#: Gold units whose area is not simply the region of the same name.
EXPECTED = {
    "Polres Palas": "12.21",
    "Polres Madiun Kota": "35.77",
    "Polres Metro": "18.72",
    "Polresta Pulau Ambon dan PP Lease": "81",
    "Polresta Pulau Ambon dan Pulau-Pulau Lease": "81",
    "Polda Jabar": "32",
    "Polres Tanjung Balai": "12.74",
    "Polsek Neglasari": "36.71.10",
    "Polsek Gedangan": "35.07.29",
    "Polres Pelabuhan Makassar": "73.71",  # a port's police (region_units.csv): the port's city
    "Polsek Penukal Abab": "16.12",  # two kecamatan (region_units.csv): their regency
    "Polres Metro Tangerang Kota": "36.71",  # a Polres Metro: the Kota
    "Polsek Kumpeh Ilir": "15.05.03",  # Kecamatan Kumpeh under its former name (region_aliases.csv)
}


def gold_documents() -> list[dict]:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    docs = []
    for name in GOLD_FILES:
        path = SHARED / name
        if path.exists():
            docs += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return docs


def test_gold_regencies_and_provinces_are_official(gaz: Gazetteer) -> None:
    for doc in gold_documents():
        for level, key in ((2, "regencies"), (1, "provinces")):
            for name in doc[key]:
                assert len(gaz.candidates(name, level)) == 1, (doc["id"], name)
                assert gaz.official_name(name, level) == name, (doc["id"], name)


def test_gold_units_have_their_area(gaz: Gazetteer) -> None:
    for doc in gold_documents():
        parts = {}
        for unit in doc["units"]:
            match = _UNIT.fullmatch(unit)
            assert match, (doc["id"], unit)
            parts[unit] = (match.group(1), match.group(2))
        # A Polsek is read inside the release's Polres (or the regencies it names), a Polres inside its Polda.
        parents = [a for unit_type, place in parts.values() if not unit_type.startswith("Polsek")
                   for a in gaz.unit_areas(unit_type, place)] + [
            r.code for name in doc["regencies"] for r in gaz.candidates(name, 2)]
        for unit, (unit_type, place) in parts.items():
            code = gaz.unit_area(unit_type, place, within=parents)
            key = next((k for k in (*UNMAPPED, *EXPECTED) if k.casefold() == unit.casefold()), None)
            if key in UNMAPPED:
                assert code is None, (doc["id"], unit, code)
            elif key in EXPECTED:
                assert code == EXPECTED[key], (doc["id"], unit, code)
            else:
                assert code is not None, (doc["id"], unit)
                names = {normalize_name(name) for name in _names_of(gaz, code)}
                assert normalize_name(place) in names, (doc["id"], unit, code)


def _names_of(gaz: Gazetteer, code: str) -> set[str]:
    """The names a unit may give its area: official, without the level word, "X Kota", the aliases."""
    region = gaz.region(code)
    assert region is not None
    bare = re.sub(r"^(Kabupaten|Kota)( Administrasi)? ", "", region.name)
    names = {region.name, bare, f"{bare} Kota" if region.type == "kota" else bare}
    return names | {row["alias"] for row in load_csv("region_aliases.csv") if row["name"] == region.name}


@pytest.mark.parametrize("written, official, same", [
    ("Lelilef Woebulan", "Lililef Waibulan", True),  # vowels
    ("Pattingalloang", "Patingalloang", True),  # a doubled letter
    ("Sumber Jaya", "Sambar Jaya", True),
    ("Sumber Jaya", "Sumber Raya", False),  # a consonant is no variant
])
def test_spelling_variants(written, official, same):
    assert (spelling_key(normalize_name(written)) == spelling_key(normalize_name(official))) is same
