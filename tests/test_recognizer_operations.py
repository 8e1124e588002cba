"""The operations recogniser alone: numerals, year ranges, zone labels, misspellings (invented
releases), and the operation name after normalization."""

from __future__ import annotations

import pytest

from extract.ingest import SourceDocument
from extract.pipeline import Extractor

from conftest import pipeline_of, spans_found


@pytest.mark.parametrize("text, span, parts", [
    ("hasil Ops Pekat II Belu 2021 di wilayah", "Ops Pekat II Belu 2021",
     {"base": "Pekat", "numeral": "II", "region": "Belu", "year": "2021"}),
    ("personel Satgas Operasi Mantap Brata Lorosae 2023-2024 akan dibantu", "Satgas Operasi Mantap Brata Lorosae 2023-2024",
     {"base": "Mantap Brata", "numeral": None, "region": "Lorosae", "year": "2023-2024"}),
    ("Tim Subsatgas Pidum Operasi Mantap Praja Zona C mengamankan", "Operasi Mantap Praja",
     {"base": "Mantap Praja", "numeral": None, "region": None, "year": None}),
    ("dalam operasi Matapraja Lorosae 2024 ini", "operasi Matapraja Lorosae 2024",
     {"base": "Mantap Praja", "numeral": None, "region": "Lorosae", "year": "2024"}),
    ("Apel Gelar Pasukan Operasi Mantab Brata 2024 bertujuan", "Operasi Mantab Brata 2024",
     {"base": "Mantap Brata", "numeral": None, "region": None, "year": "2024"}),
    # an "Operasi" + capitalised name the list does not know, with its numeral and year
    ("Polres Belu menggelar Operasi Bina Waspada 2024 di wilayah", "Operasi Bina Waspada 2024",
     {"base": "Bina Waspada", "numeral": None, "region": None, "year": "2024"}),
    ("hasil operasi Tumpas Narkoba II Polres Belu", "operasi Tumpas Narkoba II",
     {"base": "Tumpas Narkoba", "numeral": "II", "region": None, "year": None}),
    ("personel yang tergabung dalam Operasi PETI di hulu sungai", "Operasi PETI",
     {"base": "PETI", "numeral": None, "region": None, "year": None}),
    # a quoted name after "sandi operasi", with or without the word Operasi
    ('kegiatan dengan sandi operasi "Bina Waspada 2024" selama sepekan', "Bina Waspada 2024",
     {"base": "Bina Waspada", "numeral": None, "region": None, "year": "2024"}),
    ("kegiatan bersandi \u201cOperasi Lilin Lorosae 2024\u201d dimulai", "Operasi Lilin Lorosae 2024",
     {"base": "Lilin", "numeral": None, "region": "Lorosae", "year": "2024"}),
])
def test_operation(text: str, span: str, parts: dict) -> None:
    found = spans_found(pipeline_of("tribrata_operations"), text, "OPERATION")
    assert [(t, text[s:e]) for _, t, s, e, _ in found] == [(span, span)]
    assert found[0][4] == parts


@pytest.mark.parametrize("text", [
    "Polres Belu menggelar Operasi Pasar Murah di Atambua.",  # a civilian operation
    "Personel melaksanakan operasi Cipta Kondisi di pusat kota.",  # a generic activity (SCHEMA)
    "Operasi Kepolisian Terpusat digelar serentak.",
    "Kabag Ops Polres Belu Kompol Budi Santoso memimpin apel.",  # Ops of a post
    "Operasi Polres Belu berlangsung aman.",
])
def test_no_operation(text: str) -> None:
    assert spans_found(pipeline_of("tribrata_operations"), text, "OPERATION") == []


@pytest.mark.parametrize("text, operation", [
    ("Polres Belu menggelar Ops Pekat II Belu 2021 selama sepekan.", "Operasi Pekat II Belu 2021"),
    ("Satgas Operasi Mantap Brata Lorosae 2023-2024 siap.", "Operasi Mantap Brata Lorosae 2023-2024"),
    ('Polres Belu menggelar kegiatan dengan sandi operasi "Bina Waspada 2024".', "Operasi Bina Waspada 2024"),
])
def test_operation_name(text: str, operation: str) -> None:
    assert Extractor()(SourceDocument(id="t", text=text)).record.operation == operation
