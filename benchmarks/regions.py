"""Region linking on the development set: every gold place next to the code it was linked to.

    python benchmarks/regions.py [--corpus ../shared/corpus] [--quiet]

Extracts ``dev.jsonl`` and, for every village, district, regency and province in
``dev_gold.jsonl``, prints the Kemendagri code the extractor linked (or ``unresolved`` with
its candidates) next to that code's Kemendagri path. A gold place the extractor did not
find is linked with the same resolver in the release's context (its units' areas and its
other places) and marked ``[not extracted]``. Prints the share resolved to one code, and
checks every regency and province code against the code of the gold's official name.

Then scores the linking against ``dev_codes.jsonl`` (every place of those releases with its
hand-checked code, null where Kemendagri has no such place): the recall of the gold codes and
the precision of the codes in the records' ``places``, with every missed and false code.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from extract.evaluate import normalize_string
from extract.gazetteer import PlaceQuery, get_gazetteer
from extract.pipeline import Extractor
from extract.records import SourceDocument

ROOT = Path(__file__).resolve().parents[1]
LEVELS = {"villages": 4, "districts": 3, "regencies": 2, "provinces": 1}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    args = parser.parse_args()
    gazetteer = get_gazetteer()
    extractor = Extractor()
    texts = {d["id"]: d for d in read_jsonl(args.corpus / "dev.jsonl")}
    total = resolved = 0
    unresolved: list[str] = []
    wrong_codes: list[str] = []
    records = {}
    for gold in read_jsonl(args.corpus / "dev_gold.jsonl"):
        source = texts[gold["id"]]
        record = records[gold["id"]] = extractor(SourceDocument(id=gold["id"], text=source["text"],
                                                                url=source.get("url"),
                                                                published=source.get("published"))).record
        linked = {(p["level"], normalize_string(p["name"], place=True)): p for p in record.places}
        areas = [d["area_code"] for d in record.unit_details if d["area_code"]]
        for field, level in LEVELS.items():
            for item in gold[field]:
                name, kind = (item["name"], item["type"]) if isinstance(item, dict) else (item, None)
                if kind == "dusun":
                    continue  # below the village: not in Kemendagri
                total += 1
                key = ({4: "village", 3: "district", 2: "regency", 1: "province"}[level],
                       normalize_string(name, place=True))
                place = linked.get(key)
                note = ""
                if place is None:
                    res = gazetteer.resolve([PlaceQuery(name, level, kind)], areas)[0]
                    place = {"code": res.code, "candidates": list(res.candidates)}
                    note = " [not extracted]"
                code = place["code"]
                if code:
                    resolved += 1
                    shown = f"{code:<14} {gazetteer.region(code).path}"
                else:
                    unresolved.append(f"{gold['id']}: {name} ({field})")
                    shown = f"unresolved     candidates: {', '.join(place['candidates'][:5]) or 'none'}"
                if level <= 2:
                    expected = gazetteer.candidates(name, level=level)
                    if len(expected) != 1 or expected[0].code != code:
                        wrong_codes.append(f"{gold['id']}: {name} -> {code}")
                if not args.quiet:
                    print(f"{gold['id']:<5} {field:<10} {name:<32} {shown}{note}")
    print(f"\n{resolved}/{total} gold places resolved to one code ({resolved / total:.1%}; target >= 95%)")
    print(f"regency and province codes wrong: {len(wrong_codes)}" + "".join(f"\n  {w}" for w in wrong_codes))
    print(f"unresolved ({len(unresolved)}):" + "".join(f"\n  {u}" for u in unresolved))
    linking(read_jsonl(args.corpus / "dev_codes.jsonl"), records)


def linking(gold_codes: list[dict], records: dict[str, object]) -> None:
    """Recall of the hand-checked codes and precision of the linked ones, with every miss and false code."""
    found = hits = linked = 0
    misses: list[str] = []
    false: list[str] = []
    for gold in gold_codes:
        expected = {p["code"]: p["name"] for field in LEVELS for p in gold[field] if p["code"]}
        places = {p["code"]: p["name"] for p in records[gold["id"]].places if p["code"]}
        found += len(expected)
        hits += len(expected.keys() & places.keys())
        linked += len(places)
        misses += [f"{gold['id']}: {name} {code}" for code, name in expected.items() if code not in places]
        false += [f"{gold['id']}: {name} {code}" for code, name in places.items() if code not in expected]
    print(f"\nlinking against dev_codes ({len(gold_codes)} releases): recall {hits}/{found} = {hits / found:.3f}, "
          f"precision {linked - len(false)}/{linked} = {(linked - len(false)) / max(linked, 1):.3f}")
    print(f"missed codes ({len(misses)}):" + "".join(f"\n  {m}" for m in misses))
    print(f"false codes ({len(false)}):" + "".join(f"\n  {f}" for f in false))


if __name__ == "__main__":
    main()
