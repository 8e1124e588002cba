"""Per-document fingerprints of the extractor's output, to prove a change left it alone.

For every release of the seeds and of the shared development set, the sha256 of its
``documents.jsonl`` line, its events row and its mention rows (the exact values the
writers write). ``tests/test_snapshot.py`` compares a fresh run with the stored file;
after a change that is meant to alter output, rewrite it and list the diff:

    python tests/snapshot.py --write      # store the current output's fingerprints
    python tests/snapshot.py              # list the documents whose output differs

Only digests are stored: no text of the development releases enters the repository. The
record's ``source`` (the input path, different in every checkout) is left out.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "snapshots" / "outputs.json"
CORPORA = {"seeds": ROOT / "corpus" / "seeds.jsonl", "dev": ROOT.parent / "shared" / "corpus" / "dev.jsonl"}


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def fingerprints(path: Path) -> dict[str, dict[str, str]]:
    """doc id -> {"record", "event", "mentions"} digests of one corpus, extracted here."""
    from extract.batch import extract_batch, unique_ids
    from extract.ingest import iter_documents

    items = list(unique_ids(iter_documents([str(path)])))
    _, rows = extract_batch((0, items))
    records = [json.loads(line) for line in rows.jsonl.splitlines()]
    mentions: dict[str, list] = {}
    for row in rows.mention_rows:
        mentions.setdefault(row[0], []).append(row)
    # the record's "source" is the input path, which depends on where the checkout is
    return {r["id"]: {"record": _digest({**r, "source": None}), "event": _digest(event), "mentions": _digest(mentions.get(r["id"], []))}
            for r, event in zip(records, rows.event_rows)}


def current() -> dict[str, dict[str, dict[str, str]]]:
    return {name: fingerprints(path) for name, path in CORPORA.items() if path.exists()}


def differences(stored: dict, now: dict) -> list[str]:
    """``corpus/id: parts`` for every document whose output changed, appeared or went."""
    out = []
    for corpus in sorted(set(stored) & set(now)):
        before, after = stored[corpus], now[corpus]
        for doc_id in sorted(set(before) | set(after)):
            if before.get(doc_id) != after.get(doc_id):
                parts = [k for k in ("record", "event", "mentions")
                         if (before.get(doc_id) or {}).get(k) != (after.get(doc_id) or {}).get(k)]
                out.append(f"{corpus}/{doc_id}: {', '.join(parts)}")
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    now = current()
    if "--write" in sys.argv:
        SNAPSHOT.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
        print(f"wrote {SNAPSHOT.relative_to(ROOT)}: " + ", ".join(f"{k} {len(v)}" for k, v in now.items()))
    else:
        diff = differences(json.loads(SNAPSHOT.read_text()), now)
        print("\n".join(diff) or "no document's output changed")
