"""How long `tribrata show` takes on one release of the bundled corpus, start-up included.

Runs `tribrata show` on each seed release (written as .txt to a temp folder) as a user
would, in a fresh process, and prints the wall time of each and their median, then where
the time of one start goes (imports, the region index, the spaCy pipeline, the release).
Target: well under 2 s.

    python benchmarks/show.py
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PHASES = """
import time
t0 = time.perf_counter()
from extract.lean import keep_torch_out
keep_torch_out(stanza=False)  # as the tribrata command does
import spacy
t1 = time.perf_counter()
from extract.gazetteer import get_gazetteer
get_gazetteer()
t2 = time.perf_counter()
from extract.pipeline import Extractor
from extract.records import SourceDocument
extractor = Extractor()
t3 = time.perf_counter()
extractor(SourceDocument(id="x", text=open({path!r}, encoding="utf-8").read()))
t4 = time.perf_counter()
print(f"spaCy import {{t1 - t0:.2f}} s | region index {{t2 - t1:.2f}} s | pipeline {{t3 - t2:.2f}} s | "
      f"one release {{t4 - t3:.2f}} s")
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    seeds = [json.loads(line) for line in (ROOT / "corpus" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        times, cpu = [], []
        for seed in seeds:
            path = Path(tmp) / f"{seed['id']}.txt"
            path.write_text(seed["text"], encoding="utf-8")
            start, used = time.perf_counter(), _children_cpu()
            subprocess.run([sys.executable, "-m", "extract.cli", "show", str(path)], check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
            cpu.append(_children_cpu() - used)
            print(f"{seed['id']}: {times[-1]:.2f} s wall, {cpu[-1]:.2f} s CPU")
        print(f"tribrata show, median of {len(times)}: {statistics.median(times):.2f} s wall, "
              f"{statistics.median(cpu):.2f} s CPU (target < 2 s; wall > CPU when the machine is busy)")
        phases = subprocess.run([sys.executable, "-c", PHASES.format(path=str(path))], check=True, cwd=ROOT,
                                capture_output=True, text=True).stdout.strip()
        print(f"where one start goes: {phases}")


if __name__ == "__main__":
    main()
