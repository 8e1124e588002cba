"""Shared fixtures: the bundled seed corpus and the shared development corpus (read in place)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared" / "corpus"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_cli(*args: str, input: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run the `tribrata` command in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "extract.cli", *args], input=input, capture_output=True,
                          text=True, check=check, cwd=ROOT)


@pytest.fixture(scope="session")
def seeds() -> list[dict]:
    return read_jsonl(CORPUS / "seeds.jsonl")


@pytest.fixture(scope="session")
def seeds_gold() -> dict[str, dict]:
    return {g["id"]: g for g in read_jsonl(CORPUS / "seeds_gold.jsonl")}


@pytest.fixture(scope="session")
def seeds_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds extracted once by the real command line."""
    out = tmp_path_factory.mktemp("seeds-out")
    run_cli("extract", str(CORPUS / "seeds.jsonl"), "-o", str(out), "--workers", "1")
    return out


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not (SHARED / "dev.jsonl").exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    return SHARED
