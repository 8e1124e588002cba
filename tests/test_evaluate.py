"""Scoring predictions against gold by the rules of SCHEMA.md ("Comparing a prediction with gold")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.evaluate import (
    LIST_FIELDS,
    SCALAR_FIELDS,
    Accuracy,
    ErrorItem,
    EvalReport,
    ListScore,
    check_thresholds,
    format_errors,
    format_table,
    load_jsonl,
    normalize_string,
    score,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def record(doc_id: str, **fields: Any) -> dict[str, Any]:
    """A document record with every SCHEMA key: empty lists and nulls unless given."""
    empty: dict[str, Any] = {name: [] for name in LIST_FIELDS}
    empty.update({name: None for name in SCALAR_FIELDS})
    return {"id": doc_id, **empty, **fields}


def officer(name: str, rank: str | None, role: str | None = None) -> dict[str, Any]:
    return {"name": name, "rank": rank, "role": role}


# ---------------------------------------------------------------- normalization


@pytest.mark.parametrize(("raw", "place", "expected"), [
    ("Air Gegas", True, "airgegas"),
    ("Airgegas", True, "airgegas"),
    ("Air Gegas", False, "air gegas"),
    ("Mota'ain", True, "motaain"),
    ("Mota\u2019ain", False, "motaain"),
    ("Aldinan R.J.H Manurung", False, "aldinan rjh manurung"),
    ("\uff30\uff4f\uff4c\uff52\uff45\uff53 Sikka", False, "polres sikka"),  # full-width letters (NFKC)
    ("Kelurahan\u00a0Batu\u2003Plat", True, "kelurahanbatuplat"),  # no-break and em spaces
    ("  Operasi   Ketupat\t2024 \n", False, "operasi ketupat 2024"),
    ("KOMBES", False, "kombes"),
    ("STRA\u00dfE", False, "strasse"),  # case folding, not lower()
    ("Kodim 1605/Belu (Atambua)", False, "kodim 1605belu atambua"),
    ("PDI-Perjuangan", False, "pdiperjuangan"),
    ("Polsek Alok | Polres <Sikka> + Kodim", False, "polsek alok polres sikka kodim"),  # ASCII symbols too
    ("2024-10-17", False, "20241017"),
    ("", True, ""),
])
def test_normalize_string(raw: str, place: bool, expected: str) -> None:
    assert normalize_string(raw, place=place) == expected


@pytest.mark.parametrize(("a", "b", "place", "same"), [
    ("Air Gegas", "Airgegas", True, True),
    ("Air Gegas", "Airgegas", False, False),
    ("Mota'ain", "MOTAAIN", True, True),
    ("Buay Pemuka Peliung", "Buay Pemuka Bangsa Raja", True, False),
])
def test_places_ignore_spaces_only_as_places(a: str, b: str, place: bool, same: bool) -> None:
    assert (normalize_string(a, place=place) == normalize_string(b, place=place)) is same


# ---------------------------------------------------------------- counting

#: Two articles written by hand; the expected counts below are worked out from them.
HAND_GOLD = [
    record(
        "t-1", event_type="patrol", event_date="2024-03-08", dates=["2024-03-08", "2024-03-09"],
        units=["Polres Sikka", "Polsek Alok"],
        officers=[officer("Yohanes Bata", "AKBP", "Kapolres Sikka"), officer("Maria Goreti Lewa", "IPTU")],
        villages=[{"name": "Wuring", "type": "kelurahan"}, {"name": "Air Gegas", "type": "desa"}],
        districts=["Alok"], regencies=["Kabupaten Sikka"], provinces=["Nusa Tenggara Timur"],
        personnel_count=40,
    ),
    record("t-2", event_type="community", units=["Polda NTT"]),
]
HAND_PRED = [
    record(
        "t-1", event_type="Patrol", event_date="2024-03-09", dates=["2024-03-08"],
        units=["Polres Sikka", "Polres Ende", "polres  sikka"],
        officers=[officer("YOHANES BATA", "AKP", "kapolres sikka"), officer("Petrus Kanisius", "BRIPKA")],
        villages=[{"name": "Airgegas", "type": "kelurahan"}],
        districts=["Alok"], provinces=["Nusa Tenggara Timur"], parties=["Golkar"],
        personnel_count=40,
    ),
    record("t-2", event_type="traffic", units=["Polda NTT"]),
]
HAND_LISTS = {
    "dates": (1, 0, 1),
    "units": (2, 1, 1),
    "officers": (1, 1, 1),
    "villages": (1, 0, 1),
    "districts": (1, 0, 0),
    "regencies": (0, 0, 1),
    "provinces": (1, 0, 0),
    "candidates": (0, 0, 0),
    "parties": (0, 1, 0),
}
HAND_SCALARS = {"event_type": (1, 2), "event_date": (1, 2), "personnel_count": (2, 2), "operation": (2, 2)}


@pytest.fixture(scope="module")
def hand() -> EvalReport:
    return score(HAND_GOLD, HAND_PRED)


@pytest.mark.parametrize(("name", "counts"), HAND_LISTS.items())
def test_list_counts(hand: EvalReport, name: str, counts: tuple[int, int, int]) -> None:
    s = hand.lists[name]
    assert (s.tp, s.fp, s.fn) == counts


@pytest.mark.parametrize(("name", "counts"), HAND_SCALARS.items())
def test_scalar_counts(hand: EvalReport, name: str, counts: tuple[int, int]) -> None:
    s = hand.scalars[name]
    assert (s.correct, s.total) == counts


def test_matched_pair_accuracies_and_overall(hand: EvalReport) -> None:
    assert (hand.officer_rank.correct, hand.officer_rank.total) == (0, 1)
    assert (hand.officer_role.correct, hand.officer_role.total) == (1, 1)
    assert (hand.village_type.correct, hand.village_type.total) == (0, 1)
    # F1s: 2/3 2/3 1/2 2/3 1 0 1 1 0 (sum 5.5); accuracies .5 .5 1 1 (sum 3)
    assert hand.overall == pytest.approx(8.5 / 13)
    assert hand.n_docs == 2


def test_error_list(hand: EvalReport) -> None:
    found = sorted((e.doc_id, e.field, e.kind, json.dumps(e.gold), json.dumps(e.pred)) for e in hand.errors)
    yohanes = (officer("Yohanes Bata", "AKBP", "Kapolres Sikka"), officer("YOHANES BATA", "AKP", "kapolres sikka"))
    air_gegas = ({"name": "Air Gegas", "type": "desa"}, {"name": "Airgegas", "type": "kelurahan"})
    expected = sorted((doc_id, name, kind, json.dumps(gold), json.dumps(pred)) for doc_id, name, kind, gold, pred in [
        ("t-1", "dates", "miss", "2024-03-09", None),
        ("t-1", "units", "miss", "Polsek Alok", None),
        ("t-1", "units", "false_hit", None, "Polres Ende"),
        ("t-1", "officers", "miss", officer("Maria Goreti Lewa", "IPTU"), None),
        ("t-1", "officers", "false_hit", None, officer("Petrus Kanisius", "BRIPKA")),
        ("t-1", "officers", "wrong_rank", *yohanes),
        ("t-1", "villages", "miss", {"name": "Wuring", "type": "kelurahan"}, None),
        ("t-1", "villages", "wrong_type", *air_gegas),
        ("t-1", "regencies", "miss", "Kabupaten Sikka", None),
        ("t-1", "parties", "false_hit", None, "Golkar"),
        ("t-1", "event_date", "wrong_value", "2024-03-08", "2024-03-09"),
        ("t-2", "event_type", "wrong_value", "community", "traffic"),
    ])
    assert found == expected


@pytest.mark.parametrize(("tp", "fp", "fn", "precision", "recall", "f1"), [
    (0, 0, 0, 1.0, 1.0, 1.0),  # nothing to find and nothing found
    (0, 0, 2, 0.0, 0.0, 0.0),
    (0, 3, 0, 0.0, 0.0, 0.0),
    (3, 1, 0, 0.75, 1.0, 6 / 7),
    (1, 1, 3, 0.5, 0.25, 1 / 3),
])
def test_list_score_ratios(tp: int, fp: int, fn: int, precision: float, recall: float, f1: float) -> None:
    s = ListScore(tp, fp, fn)
    assert (s.precision, s.recall, s.f1) == pytest.approx((precision, recall, f1))


@pytest.mark.parametrize(("correct", "total", "accuracy"), [(0, 0, 1.0), (0, 3, 0.0), (2, 3, 2 / 3)])
def test_accuracy_ratio(correct: int, total: int, accuracy: float) -> None:
    assert Accuracy(correct, total).accuracy == pytest.approx(accuracy)


# ---------------------------------------------------------------- officers and scalars


@pytest.mark.parametrize(("gold_name", "pred_name", "matched"), [
    ("Aldi R.J. Simanjuntak", "ALDI RJ SIMANJUNTAK", True),
    ("I Made Sudarma", "I  Made Sudarma", True),
    ("Budi Santoso", "Budi Santosa", False),
    ("Ni Luh Ayu", "Niluh Ayu", False),  # spaces count in person names
])
def test_officer_matched_by_name_with_wrong_rank(gold_name: str, pred_name: str, matched: bool) -> None:
    report = score([record("o-1", officers=[officer(gold_name, "AKP", "Kasat Samapta")])],
                   [record("o-1", officers=[officer(pred_name, "IPTU", "Kasat Samapta")])])
    officers = report.lists["officers"]
    assert (officers.tp, officers.fp, officers.fn) == ((1, 0, 0) if matched else (0, 1, 1))
    assert (report.officer_rank.correct, report.officer_rank.total) == ((0, 1) if matched else (0, 0))
    assert (report.officer_role.correct, report.officer_role.total) == ((1, 1) if matched else (0, 0))
    assert [e.kind for e in report.errors] == (["wrong_rank"] if matched else ["miss", "false_hit"])


@pytest.mark.parametrize(("gold_role", "pred_role", "same"), [
    (None, None, True),
    ("Kabag Ops Polres Belu", "KABAG OPS POLRES BELU.", True),
    ("Kabagops", None, False),
    (None, "Kabagops", False),
    ("Kabagops", "Kabag Ops", True),  # roles ignore spaces (SCHEMA)
    ("Waka Polresta Kupang Kota", "Wakapolresta Kupang Kota", True),
    ("Kabag Ops", "Kabag Ren", False),
])
def test_officer_role(gold_role: str | None, pred_role: str | None, same: bool) -> None:
    report = score([record("o-2", officers=[officer("Lorensius", "KOMPOL", gold_role)])],
                   [record("o-2", officers=[officer("Lorensius", "KOMPOL", pred_role)])])
    assert report.officer_role.correct == int(same)
    assert report.officer_rank.correct == 1


def test_overall_leaves_out_rank_role_and_type() -> None:
    gold = record("o-3", officers=[officer("Benny Arief", "AKBP", "Kapolres Belu")],
                  villages=[{"name": "Maneikun", "type": "desa"}])
    pred = record("o-3", officers=[officer("Benny Arief", "AKP", "Wakapolres Belu")],
                  villages=[{"name": "Maneikun", "type": "kelurahan"}])
    report = score([gold], [pred])
    assert report.overall == 1.0
    assert (report.officer_rank_accuracy, report.officer_role_accuracy, report.village_type_accuracy) == (0, 0, 0)


@pytest.mark.parametrize(("name", "gold_value", "pred_value", "correct"), [
    ("operation", None, None, True),
    ("operation", None, "Operasi Zebra 2024", False),
    ("operation", "Operasi Ketupat 2024", None, False),
    ("operation", "Operasi Ketupat 2024", "operasi  KETUPAT 2024", True),
    ("event_date", None, None, True),
    ("event_date", "2024-02-12", "2024-02-13", False),
    ("personnel_count", None, None, True),
    ("personnel_count", 151, 151, True),
    ("personnel_count", 151, None, False),
    ("personnel_count", 2035, 2053, False),
    ("event_type", "traffic", "Traffic", True),
    ("event_type", "traffic", "patrol", False),
])
def test_scalar_null_equals_null(name: str, gold_value: Any, pred_value: Any, correct: bool) -> None:
    report = score([record("s-1", **{name: gold_value})], [record("s-1", **{name: pred_value})])
    assert report.scalars[name].correct == int(correct)
    assert [(e.field, e.kind) for e in report.errors] == ([] if correct else [(name, "wrong_value")])


# ---------------------------------------------------------------- pairing


def test_missing_prediction_is_empty_and_extra_prediction_ignored() -> None:
    gold = record("m-1", event_type="traffic", units=["Polres Ende", "Polsek Ende"], dates=["2024-04-01"],
                  officers=[officer("Yosef Nai", "BRIPKA", "Bhabinkamtibmas")], operation="Operasi Ketupat 2024")
    report = score([gold], [record("m-2", event_type="traffic", units=["Polres Ende"])])
    assert (report.n_docs, report.n_missing_pred, report.n_unmatched_pred) == (1, 1, 1)
    assert {n: (s.tp, s.fp, s.fn) for n, s in report.lists.items() if s.fn or s.fp or s.tp} == {
        "units": (0, 0, 2), "dates": (0, 0, 1), "officers": (0, 0, 1)}
    assert {n: s.correct for n, s in report.scalars.items()} == {
        "event_type": 0, "event_date": 1, "personnel_count": 1, "operation": 0}


def test_prediction_fields_may_be_absent() -> None:
    gold = record("m-3", provinces=["Sumatera Selatan"], personnel_count=None)
    report = score([gold], [{"id": "m-3", "status": "error", "error": "unreadable"}])
    assert (report.lists["provinces"].fn, report.scalars["personnel_count"].correct) == (1, 1)


@pytest.mark.parametrize("side", ["gold", "pred"])
def test_repeated_id_is_an_error(side: str) -> None:
    twice = [record("d-1"), record("d-1")]
    with pytest.raises(ValueError, match="d-1"):
        score(twice if side == "gold" else [record("d-1")], twice if side == "pred" else [record("d-1")])


# ---------------------------------------------------------------- error sentences

TEXT = ("Polsek Alok Gelar Patroli Dialogis\n"
        "SIKKA - Personel Polsek Alok melaksanakan patroli dialogis di wilayah hukum Sikka, Jumat (8/3/2024). "
        "Kanit Samapta IPTU Maria Goreti Lewa memimpin kegiatan di Kelurahan Oebobo! "
        "POLRES ENDE turut membantu pengamanan")


@pytest.mark.parametrize(("name", "gold_value", "sentence"), [
    ("officers", officer("Maria Goreti Lewa", "IPTU"),
     "Kanit Samapta IPTU Maria Goreti Lewa memimpin kegiatan di Kelurahan Oebobo!"),
    ("regencies", "Kabupaten Sikka",  # written without its level word
     "SIKKA - Personel Polsek Alok melaksanakan patroli dialogis di wilayah hukum Sikka, Jumat (8/3/2024)."),
    ("units", "Polres Ende", "POLRES ENDE turut membantu pengamanan"),
    ("units", "Polsek  Alok", "Polsek Alok Gelar Patroli Dialogis"),
    ("villages", {"name": "Oebo", "type": "kelurahan"}, ""),  # not inside "Oebobo"
    ("provinces", "Nusa Tenggara Timur", ""),
])
def test_miss_sentence_found_in_text(name: str, gold_value: Any, sentence: str) -> None:
    report = score([record("e-1", **{name: [gold_value]})], [record("e-1")], {"e-1": TEXT})
    assert [(e.kind, e.sentence) for e in report.errors] == [("miss", sentence)]


def test_miss_sentence_empty_without_texts() -> None:
    report = score([record("e-2", units=["Polsek Alok"])], [record("e-2")])
    assert [(e.kind, e.sentence) for e in report.errors] == [("miss", "")]


def test_false_hit_sentence_from_evidence() -> None:
    evidence = [
        {"field": "units", "value": "Polres Sikka", "start": 0, "end": 12, "text": "Polres Sikka",
         "sentence": "Polres Sikka menggelar apel."},
        {"field": "regencies", "value": "Polres Ende", "start": 30, "end": 40, "text": "Polres Ende",
         "sentence": "wrong field"},
        {"field": "units", "value": "polres  ende.", "start": 30, "end": 40, "text": "Polres Ende",
         "sentence": "Bantuan datang dari Polres Ende."},
        {"field": "officers", "value": "Petrus Kanisius", "start": 50, "end": 65, "text": "Petrus Kanisius",
         "sentence": "Bripka Petrus Kanisius hadir."},
        {"field": "villages", "value": "Airgegas", "start": 70, "end": 79, "text": "Airgegas",
         "sentence": "Warga Desa Airgegas berkumpul."},
    ]
    pred = record("e-3", units=["Polres Ende"], officers=[officer("Petrus Kanisius", "BRIPKA")],
                  villages=[{"name": "Air Gegas", "type": "desa"}], evidence=evidence)
    report = score([record("e-3")], [pred])
    assert [(e.field, e.sentence) for e in report.errors] == [
        ("units", "Bantuan datang dari Polres Ende."), ("officers", "Bripka Petrus Kanisius hadir."),
        ("villages", "Warga Desa Airgegas berkumpul.")]


# ---------------------------------------------------------------- output


def test_to_dict_is_json_with_fixed_keys_and_rounded(hand: EvalReport) -> None:
    data = json.loads(json.dumps(hand.to_dict()))
    assert list(data) == ["n_docs", "n_missing_pred", "n_unmatched_pred", "fields", "officer_rank",
                          "officer_role", "village_type", "overall", "errors"]
    assert list(data["fields"]) == list(LIST_FIELDS + SCALAR_FIELDS)
    assert data["fields"]["units"] == {"tp": 2, "fp": 1, "fn": 1, "precision": 0.6667, "recall": 0.6667,
                                       "f1": 0.6667}
    assert data["fields"]["event_type"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert data["overall"] == 0.6538
    assert len(data["errors"]) == len(hand.errors)


def test_format_table(hand: EvalReport) -> None:
    lines = format_table(hand).splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in lines if line.strip()}
    assert rows["units"] == ["0.6667", "0.6667", "0.6667", "2/1/1"]
    assert rows["event_type"] == ["0.5000", "1/2"]
    assert rows["officer_rank"] == ["0.0000", "0/1"]
    assert rows["village_type"] == ["0.0000", "0/1"]
    assert set(LIST_FIELDS + SCALAR_FIELDS) <= set(rows)
    assert lines[-1].split()[:2] == ["overall", "0.6538"]
    data = [line for line in lines if line.strip() and not line.startswith("field")]
    assert len({len(line) - len(line.split(maxsplit=1)[1]) for line in data}) == 1  # values in one column


def test_format_errors() -> None:
    report = score([record("f-1", units=["Polsek Alok"], event_date="2024-03-08")],
                   [record("f-1", event_date="2024-03-09")], {"f-1": "Apel di Polsek Alok. Lalu patroli."})
    assert format_errors(report) == (
        "f-1  units  miss  gold=Polsek Alok pred=null\n"
        "    Apel di Polsek Alok.\n"
        "f-1  event_date  wrong_value  gold=2024-03-08 pred=2024-03-09"
    )
    assert format_errors(score([record("f-2")], [record("f-2")])) == "no errors"


def test_check_thresholds_all_pass() -> None:
    report = score([record("c-1", officers=[officer("Yosef Nai", "BRIPKA")])],
                   [record("c-1", officers=[officer("Yosef Nai", "bripka")])])
    assert check_thresholds(report, overall=1.0, list_f1=1.0, scalar=1.0, rank=1.0) == []


def test_check_thresholds_failures(hand: EvalReport) -> None:
    assert check_thresholds(hand) == [
        "overall 0.6538 < 0.9500",
        "dates F1 0.6667 < 0.9000",
        "units F1 0.6667 < 0.9000",
        "officers F1 0.5000 < 0.9000",
        "villages F1 0.6667 < 0.9000",
        "regencies F1 0.0000 < 0.9000",
        "parties F1 0.0000 < 0.9000",
        "event_type accuracy 0.5000 < 0.9000",
        "event_date accuracy 0.5000 < 0.9000",
        "officer rank accuracy 0.0000 < 0.9500",
    ]
    assert check_thresholds(hand, overall=0.6, list_f1=0.0, scalar=0.5, rank=0.0) == []


# ---------------------------------------------------------------- files


def test_load_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": "a", "title": "Apel Gelar Pasukan"}\n\n  \n{"id": "b"}\n', encoding="utf-8")
    assert load_jsonl(path) == [{"id": "a", "title": "Apel Gelar Pasukan"}, {"id": "b"}]


@pytest.mark.parametrize(("content", "message"), [
    ('{"id": "a"}\n{"id": \n', r"docs\.jsonl:2: not JSON"),
    ('["a"]\n', r"docs\.jsonl:1: not a JSON object"),
])
def test_load_jsonl_rejects(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_jsonl(path)


@pytest.mark.parametrize("name", ["seeds_gold.jsonl", "dev_gold.jsonl"])
def test_gold_against_itself_is_perfect(name: str) -> None:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is not beside this checkout")
    gold = load_jsonl(path)
    report = score(gold, gold)
    assert report.n_docs == len(gold) > 0
    assert report.overall == 1.0
    assert (report.officer_rank_accuracy, report.officer_role_accuracy, report.village_type_accuracy) == (1, 1, 1)
    assert report.errors == []
    assert sum(s.tp for s in report.lists.values()) > 0


# ---------------------------------------------------------------- properties

_names = st.sampled_from(["Air Gegas", "Airgegas", "Wuring", "Polres Sikka", "polres sikka.", "Mota'ain", "Oeba"])
_maybe = st.one_of(st.none(), st.sampled_from(["AKBP", "akbp", "IPTU", "Kapolres Sikka", "Kabagops"]))
_records = st.lists(st.fixed_dictionaries({
    **{name: st.lists(_names, max_size=4) for name in LIST_FIELDS if name not in ("officers", "villages")},
    "officers": st.lists(st.fixed_dictionaries({"name": _names, "rank": _maybe, "role": _maybe}), max_size=3),
    "villages": st.lists(st.fixed_dictionaries({"name": _names, "type": st.sampled_from(["desa", "dusun"])}),
                         max_size=3),
    "event_type": st.sampled_from(["patrol", "traffic"]),
    "event_date": st.one_of(st.none(), st.sampled_from(["2024-03-08", "2024-03-09"])),
    "personnel_count": st.one_of(st.none(), st.integers(0, 3)),
    "operation": _maybe,
}), max_size=3)


def _with_ids(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": f"h-{i}", **doc} for i, doc in enumerate(docs)]


@given(_records)
def test_any_records_against_themselves_are_perfect(docs: list[dict[str, Any]]) -> None:
    report = score(_with_ids(docs), _with_ids(docs))
    assert (report.overall, report.errors) == (1.0, [])


@given(_records, _records)
def test_swapping_gold_and_prediction_swaps_misses_and_false_hits(a: list[dict[str, Any]],
                                                                  b: list[dict[str, Any]]) -> None:
    b = (b + a)[:len(a)]  # the same ids on both sides
    forward, backward = score(_with_ids(a), _with_ids(b)), score(_with_ids(b), _with_ids(a))
    assert {n: (s.tp, s.fp, s.fn) for n, s in forward.lists.items()} == {
        n: (s.tp, s.fn, s.fp) for n, s in backward.lists.items()}
    assert (forward.scalars, forward.officer_rank, forward.officer_role, forward.village_type) == (
        backward.scalars, backward.officer_rank, backward.officer_role, backward.village_type)
    swapped = {"miss": "false_hit", "false_hit": "miss"}
    assert sorted((e.doc_id, e.field, swapped.get(e.kind, e.kind)) for e in forward.errors) == sorted(
        (e.doc_id, e.field, e.kind) for e in backward.errors)
    assert all(isinstance(e, ErrorItem) for e in forward.errors)


@pytest.mark.parametrize(("gold_unit", "pred_unit", "same"), [
    ("Polda NTT", "Polda Nusa Tenggara Timur", True),
    ("Polda Sumatera Utara", "Polda Sumut", True),
    ("Polda Jabar", "Polda Jawa Timur", False),
    ("Polres Belu", "Polres Belu", True),
    ("Polda Metro Jaya", "Polda Metro Jaya", True),
])
def test_polda_abbreviation_equals_its_province(gold_unit: str, pred_unit: str, same: bool) -> None:
    report = score([record("u-1", units=[gold_unit])], [record("u-1", units=[pred_unit])])
    assert report.lists["units"].tp == int(same)


def test_the_table_says_loudly_when_gold_and_predictions_are_about_other_documents():
    from extract.evaluate import format_table, score

    gold = [{"id": "a", "event_type": "patrol"}, {"id": "b", "event_type": "patrol"}]
    pred = [{"id": "a", "event_type": "patrol"}, {"id": "c", "event_type": "patrol"}]
    table = format_table(score(gold, pred))
    assert table.startswith("WARNING: gold and predictions do not match: 1 gold document(s) have no prediction "
                            "(scored as empty); 1 prediction(s) have no gold (not scored)")
    assert table.rstrip().endswith("same corpus.")
    assert "WARNING" not in format_table(score(gold, gold))
