"""The extractor's output on the seeds and the development set equals the stored snapshot.

A change meant to alter output rewrites the snapshot (``python tests/snapshot.py --write``)
and lists the documents that changed, with the reason, in its commit message."""

from __future__ import annotations

import json

from snapshot import SNAPSHOT, current, differences


def test_output_equals_snapshot() -> None:
    stored = json.loads(SNAPSHOT.read_text())
    now = current()  # without ../shared/corpus beside the checkout, the seeds alone
    assert "seeds" in now
    assert differences(stored, now) == []
