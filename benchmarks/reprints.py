"""How well reprints are grouped into stories, per threshold, and what grouping costs at scale.

    python benchmarks/reprints.py [--dev ../shared/corpus/dev.jsonl] [--scale 20000 100000]

1. From every release of the development set (read in place, nothing of it is written),
   six reprint variants are built in memory: another prefix, another headline, parts
   dropped, parts reordered, a number changed, half the body rewritten (every fourth word
   of the second half replaced). The releases and their variants are grouped with each
   ``min_containment`` threshold; printed per threshold: pair precision and recall of the
   grouping against the true families, and how many pairs of distinct development releases
   were grouped together (should be none).
2. Grouping time and peak memory (RSS of a fresh process) for synthetic corpora of the
   given sizes: families of 1 to 5 documents with their own vocabulary, shingles and
   MinHash made as the extractor makes them. Signatures are computed before the clock
   starts: in a run they are computed by the workers, with each document.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import resource
import subprocess
import sys
import time
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract import stories  # noqa: E402

THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
LSH_THRESHOLDS = (0.1, 0.15, 0.2, 0.3)


def _parts(text: str) -> tuple[list[str], str]:
    """The text's paragraphs (blank-line or line separated), or its sentences when it has
    fewer than four, and the joiner that puts them back together."""
    for joiner in ("\n\n", "\n"):
        paragraphs = [p for p in text.split(joiner) if p.strip()]
        if len(paragraphs) >= 4:
            return paragraphs, joiner
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()], " "


def _rewrite(part: str, rng: random.Random) -> str:
    return " ".join(f"ditulis{rng.randrange(10**6)}" if i % 4 == 3 else w for i, w in enumerate(part.split()))


def variants(text: str, rng: random.Random) -> list[str]:
    """Six reprints of one release, as other outlets publish it."""
    parts, joiner = _parts(text)
    half = len(parts) // 2
    dropped = [p for i, p in enumerate(parts) if i == 0 or rng.random() > 0.3]
    shuffled = parts[:1] + rng.sample(parts[1:], len(parts) - 1)
    number = next((w for w in text.split() if w.isdigit()), None)
    return [
        "KOTA, Outlet Lokal News - " + text,
        "Kegiatan Kepolisian Berjalan Aman Dan Lancar\n\n" + joiner.join(parts[1:]),
        joiner.join(dropped),
        joiner.join(shuffled),
        text.replace(number, str(int(number) + 7), 1) if number else text + " (red)",
        joiner.join(parts[:half] + [_rewrite(p, rng) for p in parts[half:]]),
    ]


def quality(dev: Path) -> None:
    rng = random.Random(18)
    originals = [json.loads(line)["text"] for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not originals:
        sys.exit(f"{dev}: no releases in it; give a JSONL file of releases with --dev")
    family, signatures = {}, {}
    for n, text in enumerate(originals):
        for v, version in enumerate([text, *variants(text, rng)]):
            key = f"{n:04d}-{v}"
            family[key] = n
            signatures[key] = stories.signature(version)
    truth = {pair for pair in combinations(sorted(family), 2) if family[pair[0]] == family[pair[1]]}
    print(f"{len(originals)} development releases, {len(family)} documents with their variants, "
          f"{len(truth)} reprint pairs")
    print(f"{'lsh_threshold':>13} {'min_containment':>15} {'precision':>9} {'recall':>7} "
          f"{'unrelated dev pairs grouped':>27}")
    for lsh_threshold in LSH_THRESHOLDS:
        for threshold in THRESHOLDS:
            config = dataclasses.replace(stories.settings(), lsh_threshold=lsh_threshold, min_containment=threshold)
            precision, recall, unrelated = _score(signatures, family, truth, config)
            print(f"{lsh_threshold:>13.2f} {threshold:>15.2f} {precision:>9.4f} {recall:>7.4f} {unrelated:>27}")


def _score(signatures: dict, family: dict, truth: set, config: stories.Settings) -> tuple[float, float, int]:
    """Pair precision and recall of one grouping, and the pairs of distinct originals grouped."""
    ids = stories.group(((k, s.minhash) for k, s in signatures.items()), lambda k: signatures[k].shingle_array(),
                        config)
    members: dict[str, list[str]] = {}
    for key, story in ids.items():
        members.setdefault(story, []).append(key)
    grouped = {pair for keys in members.values() for pair in combinations(sorted(keys), 2)}
    hits = len(grouped & truth)
    unrelated = sum(1 for a, b in grouped if a.endswith("-0") and b.endswith("-0"))
    return hits / max(len(grouped), 1), hits / len(truth), unrelated


def synthetic_signatures(n: int, seed: int = 7) -> dict[str, stories.Signature]:
    """``n`` documents in families of 1-5: each family its own random shingles (about 230,
    the size of a release), its members a random 60-100% of them plus a few of their own."""
    rng = np.random.default_rng(seed)
    config = stories.settings()
    out: dict[str, stories.Signature] = {}
    family = 0
    while len(out) < n:
        base = rng.integers(0, 2**32, size=230, dtype=np.uint32)
        for member in range(int(rng.integers(1, 6))):
            keep = base[rng.random(len(base)) < rng.uniform(0.6, 1.0)]
            shingles = np.unique(np.concatenate([keep, rng.integers(0, 2**32, size=20, dtype=np.uint32)]))
            minhash = stories.minhash(shingles, config.permutations)
            out[f"doc-{family:07d}-{member}"] = stories.Signature(shingles.tobytes(), minhash.tobytes())
        family += 1
    return dict(list(out.items())[:n])


def scale_one(n: int) -> None:
    """Group ``n`` synthetic documents here and print seconds, peak RSS and story count."""
    signatures = synthetic_signatures(n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    arrays = {k: s.shingle_array() for k, s in signatures.items()}
    ids = stories.group(((k, s.minhash) for k, s in signatures.items()), arrays.__getitem__)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"n": n, "seconds": seconds, "peak_mib": peak, "signatures_mib": before,
                      "stories": len(set(ids.values()))}))


def scale(sizes: list[int]) -> None:
    print(f"{'documents':>9} {'grouping s':>10} {'peak RSS MiB':>12} {'RSS with signatures only':>24} {'stories':>8}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--scale-one", str(n)], capture_output=True, text=True,
                             check=True)
        r = json.loads(out.stdout.splitlines()[-1])
        print(f"{r['n']:>9} {r['seconds']:>10.1f} {r['peak_mib']:>12.0f} {r['signatures_mib']:>24.0f} "
              f"{r['stories']:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev.jsonl",
                        help="the development releases (JSONL with 'text'), read in place")
    parser.add_argument("--scale", type=int, nargs="*", default=[20000, 100000],
                        help="corpus sizes for the time and memory of grouping (none: skip)")
    parser.add_argument("--scale-one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale_one:
        scale_one(args.scale_one)
        return
    if not args.dev.exists():
        sys.exit(f"{args.dev}: no such file; give the development set with --dev")
    quality(args.dev)
    if args.scale:
        scale(args.scale)


if __name__ == "__main__":
    main()
