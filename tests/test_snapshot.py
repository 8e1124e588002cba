"""The extractor's output on the seeds and the development set equals the stored snapshot.

A change meant to alter output rewrites the snapshot (``python tests/snapshot.py --write``)
and lists the documents that changed, with the reason, in its commit message."""

from __future__ import annotations

import json

import pytest

from snapshot import CORPORA, SNAPSHOT, current, differences


def test_output_equals_snapshot() -> None:
    stored = json.loads(SNAPSHOT.read_text())
    now = current()
    if "dev" not in now:
        pytest.skip("../shared/corpus is not beside this checkout: only the seeds are compared")
    assert set(now) == set(CORPORA)
    assert differences(stored, now) == []
