"""Throughput and memory of `tribrata extract`, as ratios measured in one run.

    python benchmarks/throughput.py [--small N] [--large N] [--parallel N]

Builds corpora from the bundled seed texts (corpus/seeds.jsonl) with varied ids, then prints:

1. docs/s of full extraction (in process) and of ``spacy.blank("id")`` tokenization alone on
   the same documents, timed alternately document by document, and their ratio (target >= 0.5);
2. docs/s of `tribrata extract` with 1 and with 2 worker processes once started, and their
   ratio (target >= 1.7 on 2 cores). The start (imports, building the tokenizer and the
   gazetteer in every process, publishing the files) is the same for any corpus: it is
   timed on a one-document run and taken off, since the workers are for long runs. The
   start and the end-to-end docs/s are printed beside the ratio;
3. peak RSS of `tribrata extract` (all its processes) for --small and --large documents, and
   their ratio (target <= 1.1: memory does not grow with the corpus).

Ratios, not absolute numbers, are the result: both sides run on the same noisy machine
within a minute of each other.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [json.loads(line) for line in (ROOT / "corpus" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()]


def build_corpus(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            seed = SEEDS[i % len(SEEDS)]
            f.write(json.dumps({"id": f"bench-{i:07d}-{seed['id']}", "text": seed["text"]}, ensure_ascii=False) + "\n")
    return path


def in_process_rates(n: int) -> tuple[float, float]:
    """docs/s of full extraction and of tokenization alone, on the same documents.

    The two alternate document by document, so that both see the same machine: a slow
    spell of a noisy machine slows both sides, not one of them."""
    import spacy

    from extract.pipeline import Extractor
    from extract.records import SourceDocument

    docs = [SourceDocument(id=f"d{i}", text=SEEDS[i % len(SEEDS)]["text"]) for i in range(n)]
    extractor = Extractor()
    blank = spacy.blank("id")
    extractor(docs[0])
    blank.make_doc(docs[0].text)
    tokenize = extract = 0.0
    for doc in docs:
        start = time.perf_counter()
        blank.make_doc(doc.text)
        middle = time.perf_counter()
        extractor(doc)
        end = time.perf_counter()
        tokenize += middle - start
        extract += end - middle
    return n / extract, n / tokenize


def run_extract(corpus: Path, workers: int) -> tuple[float, float]:
    """(seconds, peak RSS in MiB of the largest process) of one `tribrata extract` run."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stderr=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, "-c", code, sys.executable, "-m", "extract.cli", "extract", str(corpus),
               "-o", out, "--workers", str(workers), "--quiet"]
        seconds, rss_kib = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout.split()
    return float(seconds), int(rss_kib) / 1024


def parallel_rates(tmp: Path, n: int, repeat: int) -> dict[int, tuple[float, float, float]]:
    """Per worker count (1 and 2): docs/s end to end on ``n`` documents, docs/s once started,
    and the seconds of the start alone (a one-document run). Each time is the best of
    ``repeat`` runs, and the runs alternate between the worker counts."""
    corpora = {size: build_corpus(tmp / f"parallel-{size}.jsonl", size) for size in (1, n)}
    runs = [(size, w) for _ in range(repeat) for size in (1, n) for w in (1, 2)]
    seconds = {run: float("inf") for run in runs}
    for size, w in runs:
        seconds[size, w] = min(seconds[size, w], run_extract(corpora[size], w)[0])
    return {w: (n / seconds[n, w], (n - 1) / (seconds[n, w] - seconds[1, w]), seconds[1, w]) for w in (1, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inprocess", type=int, default=1000, help="documents for the in-process comparison")
    parser.add_argument("--parallel", type=int, default=2500, help="documents for the 1 vs 2 workers comparison")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each 1 vs 2 workers case (the best counts)")
    parser.add_argument("--small", type=int, default=1000, help="documents of the small memory run")
    parser.add_argument("--large", type=int, default=20000, help="documents of the large memory run")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}")

    extract, tokenize = in_process_rates(args.inprocess)
    print(f"[1] full extraction {extract:8.1f} docs/s | tokenization only {tokenize:8.1f} docs/s | "
          f"ratio {extract / tokenize:.2f} (target >= 0.5)")

    with tempfile.TemporaryDirectory() as tmp:
        rates = parallel_rates(Path(tmp), args.parallel, args.repeat)
        (end1, one, start1), (end2, two, start2) = rates[1], rates[2]
        print(f"[2] 1 worker {one:8.1f} docs/s | 2 workers {two:8.1f} docs/s | ratio {two / one:.2f} "
              f"(target >= 1.7)\n    start {start1:.1f} s and {start2:.1f} s; end to end on {args.parallel} docs "
              f"{end1:.1f} and {end2:.1f} docs/s (ratio {end2 / end1:.2f})")

        small = build_corpus(Path(tmp) / "small.jsonl", args.small)
        large = build_corpus(Path(tmp) / "large.jsonl", args.large)
        _, rss_small = run_extract(small, 1)
        _, rss_large = run_extract(large, 1)
        print(f"[3] peak RSS {args.small} docs {rss_small:7.1f} MiB | {args.large} docs {rss_large:7.1f} MiB | "
              f"ratio {rss_large / rss_small:.2f} (target <= 1.1)")


if __name__ == "__main__":
    main()
