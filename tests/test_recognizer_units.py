"""The units recogniser alone: where a written Polsek name ends (places real, releases invented)."""

from __future__ import annotations

import pytest

from conftest import pipeline_of, spans_found


@pytest.mark.parametrize("text, span, place", [
    # kept as written beyond the kecamatan the gazetteer knows
    ("personel Polsek Lasiolat Raya melaksanakan patroli", "Polsek Lasiolat Raya", "Lasiolat Raya"),
    # ended at the unit's parent area, at digits, at a headline word
    ("personel Polsek Lasiolat Belu melaksanakan patroli", "Polsek Lasiolat", "Lasiolat"),
    ("Polsek Lasiolat 14 kasus selesai", "Polsek Lasiolat", "Lasiolat"),
    ("Polsek Lasiolat Amankan Kampanye Terbatas", "Polsek Lasiolat", "Lasiolat"),
])
def test_polsek_name_end(text: str, span: str, place: str) -> None:
    found = spans_found(pipeline_of("tribrata_units"), text, "UNIT")
    assert [(t, text[s:e], a["place"]) for _, t, s, e, a in found][:1] == [(span, span, place)]
