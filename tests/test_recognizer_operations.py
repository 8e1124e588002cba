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
])
def test_operation(text: str, span: str, parts: dict) -> None:
    found = spans_found(pipeline_of("tribrata_operations"), text, "OPERATION")
    assert [(t, text[s:e]) for _, t, s, e, _ in found] == [(span, span)]
    assert found[0][4] == parts


@pytest.mark.parametrize("text, operation", [
    ("Polres Belu menggelar Ops Pekat II Belu 2021 selama sepekan.", "Operasi Pekat II Belu 2021"),
    ("Satgas Operasi Mantap Brata Lorosae 2023-2024 siap.", "Operasi Mantap Brata Lorosae 2023-2024"),
])
def test_operation_name(text: str, operation: str) -> None:
    assert Extractor()(SourceDocument(id="t", text=text)).record.operation == operation
