"""Start-up, throughput, scaling and memory of `tribrata extract`, as ratios measured in one run.

    python benchmarks/throughput.py [--whole 2000] [--parallel 4000] [--small 1000] [--large 20000]

The documents derive from the development releases (``../shared/corpus/dev.jsonl``, read in
place; the bundled seeds when it is missing), in two corpora: *repeated* (the releases over
and over, with new ids) and *seen once* (every document a new text: the release's sentences
after the first in another order), since repetition flatters every cache. Prints:

1. start-up: a one-release run, whole process, against the import floor
   (``python -c "import spacy, pyarrow.parquet"``), wall and CPU seconds (target <= 2.0x),
   and against the same floor without torch (which thinc imports when the ``[stanza]``
   extra is installed, and ``tribrata`` keeps out: the stricter ratio);
2. warm docs/s of the extractor against ``spacy.blank("id")`` tokenization of the same
   documents, the two alternating document by document (target >= 0.8x);
3. whole-process docs/s on --whole documents against the same tokenization (target >= 0.5x);
4. 1 against 2 workers end to end on --parallel documents (target >= 1.7x), and the Dask
   engine on 2 workers against the local pool (target: within 1.3x);
5. cost per 1,000 characters of a 190k-character release against a 2k one (target <= 1.2x);
6. peak RSS at --small and --large documents (target <= 1.1x).

Ratios, not absolute numbers, are the result: both sides run on the same noisy machine
within a minute of each other. The load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def releases() -> list[str]:
    source = DEV if DEV.exists() else ROOT / "corpus" / "seeds.jsonl"
    return [json.loads(line)["text"] for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]


def seen_once(text: str, i: int) -> str:
    """A new text from a release: its sentences after the first in the order of seed ``i``."""
    first, *rest = _SENTENCE.split(text)
    random.Random(i).shuffle(rest)
    return " ".join([first, *rest])


def corpus_texts(texts: list[str], n: int, once: bool) -> list[str]:
    return [seen_once(texts[i % len(texts)], i) if once else texts[i % len(texts)] for i in range(n)]


def write_corpus(path: Path, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": f"bench-{i:07d}", "text": text}, ensure_ascii=False) + "\n")
    return path


def timed(cmd: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MiB of the largest process) of one command."""
    code = ("import resource, subprocess, sys, time\nt = time.perf_counter()\n"
            "subprocess.run(sys.argv[1:], check=True, stderr=subprocess.DEVNULL)\n"
            "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(time.perf_counter() - t, r.ru_utime + r.ru_stime, r.ru_maxrss)\n")
    wall, cpu, rss = subprocess.run([sys.executable, "-c", code, *cmd], check=True, capture_output=True,
                                    text=True, cwd=ROOT).stdout.split()
    return float(wall), float(cpu), int(rss) / 1024


def extract_run(corpus: Path, *options: str) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as out:
        return timed([sys.executable, "-m", "extract.cli", "extract", str(corpus), "-o", out, "--quiet", *options])


def tokenize_rate(texts: list[str]) -> float:
    import spacy

    blank = spacy.blank("id")
    start = time.perf_counter()
    for text in texts:
        blank.make_doc(text)
    return len(texts) / (time.perf_counter() - start)


def warm_rates(texts: list[str]) -> tuple[float, float]:
    """docs/s of the extractor and of tokenization alone, alternating document by document."""
    import spacy

    from extract.pipeline import Extractor
    from extract.records import SourceDocument

    extractor, blank = Extractor(), spacy.blank("id")
    extractor(SourceDocument(id="warm", text=texts[0]))
    tokenize = extract = 0.0
    for i, text in enumerate(texts):
        start = time.perf_counter()
        blank.make_doc(text)
        middle = time.perf_counter()
        extractor(SourceDocument(id=f"d{i}", text=text))
        tokenize += middle - start
        extract += time.perf_counter() - middle
    return len(texts) / extract, len(texts) / tokenize


def length_costs(texts: list[str]) -> tuple[float, float]:
    """CPU seconds per 1,000 characters of a 2k-character release and of a 190k-character one."""
    from extract.pipeline import Extractor
    from extract.records import SourceDocument

    extractor = Extractor()
    small = texts[0][:2000]
    big = ("\n\n".join(seen_once(texts[i % len(texts)], i) for i in range(400)))[:190_000]
    extractor(SourceDocument(id="warm", text=small))
    start = time.process_time()
    for i in range(20):
        extractor(SourceDocument(id=f"s{i}", text=small))
    per_small = (time.process_time() - start) / 20 / (len(small) / 1000)
    start = time.process_time()
    extractor(SourceDocument(id="big", text=big))
    return per_small, (time.process_time() - start) / (len(big) / 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warm", type=int, default=500, help="documents of the warm in-process comparison")
    parser.add_argument("--whole", type=int, default=2000, help="documents of the whole-process run")
    parser.add_argument("--parallel", type=int, default=4000, help="documents of the 1 vs 2 workers runs")
    parser.add_argument("--small", type=int, default=1000, help="documents of the small memory run")
    parser.add_argument("--large", type=int, default=20000, help="documents of the large memory run")
    args = parser.parse_args()
    texts = releases()
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, {len(texts)} releases from {DEV.name}, "
          f"load average at start {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        one = write_corpus(Path(tmp) / "one.jsonl", texts[:1])
        extract_run(one, "--workers", "1")  # the region index cache, built once
        floor = timed([sys.executable, "-c", "import spacy, pyarrow.parquet"])
        # with the [stanza] extra, thinc imports torch in that floor; `tribrata` keeps it out
        lean = timed([sys.executable, "-c", "import sys; sys.modules['torch'] = None; import spacy, pyarrow.parquet"])
        start = extract_run(one)
        print(f"[1] start-up of a one-release run {start[0]:.2f} s wall, {start[1]:.2f} s CPU | import floor "
              f"{floor[0]:.2f} s wall, {floor[1]:.2f} s CPU | ratio {start[0] / floor[0]:.2f} wall, "
              f"{start[1] / floor[1]:.2f} CPU (target <= 2.0) | against the floor without torch "
              f"{lean[0]:.2f} s wall: ratio {start[0] / lean[0]:.2f} wall, {start[1] / lean[1]:.2f} CPU")
        for once in (False, True):
            name = "seen once" if once else "repeated"
            warm = corpus_texts(texts, args.warm, once)
            extract, tokenize = warm_rates(warm)
            print(f"[2] {name:9}: warm extractor {extract:7.1f} docs/s | tokenization {tokenize:7.1f} docs/s | "
                  f"ratio {extract / tokenize:.2f} (target >= 0.8)")
            whole = corpus_texts(texts, args.whole, once)
            wall = extract_run(write_corpus(Path(tmp) / f"whole-{once}.jsonl", whole), "--workers", "1")[0]
            rate = tokenize_rate(whole)
            print(f"[3] {name:9}: whole process on {args.whole} docs {args.whole / wall:7.1f} docs/s | "
                  f"tokenization {rate:7.1f} docs/s | ratio {args.whole / wall / rate:.2f} (target >= 0.5)")
        parallel = write_corpus(Path(tmp) / "parallel.jsonl", corpus_texts(texts, args.parallel, True))
        w1, w2 = (extract_run(parallel, "--workers", str(w))[0] for w in (1, 2))
        dask = extract_run(parallel, "--workers", "2", "--engine", "dask")[0]
        print(f"[4] seen once, {args.parallel} docs end to end: 1 worker {args.parallel / w1:.1f} docs/s | "
              f"2 workers {args.parallel / w2:.1f} docs/s | ratio {w1 / w2:.2f} (target >= 1.7) | Dask 2 workers "
              f"{args.parallel / dask:.1f} docs/s, {dask / w2:.2f}x the local pool's time (target <= 1.3)")
        small, big = length_costs(texts)
        print(f"[5] CPU per 1,000 characters: 2k release {small * 1000:.2f} ms | 190k release {big * 1000:.2f} ms | "
              f"ratio {big / small:.2f} (target <= 1.2)")
        rss = [extract_run(write_corpus(Path(tmp) / f"rss-{n}.jsonl", corpus_texts(texts, n, True)),
                           "--workers", "1")[2] for n in (args.small, args.large)]
        print(f"[6] peak RSS {args.small} docs {rss[0]:.1f} MiB | {args.large} docs {rss[1]:.1f} MiB | "
              f"ratio {rss[1] / rss[0]:.2f} (target <= 1.1)")
    print(f"load average at the end {os.getloadavg()[0]:.2f} (1 min), {os.getloadavg()[1]:.2f} (5 min)")


if __name__ == "__main__":
    main()
