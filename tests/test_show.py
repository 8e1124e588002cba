"""`tribrata show`: one release for a person; and an output folder that holds a finished run."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from conftest import CORPUS, invoke, run_cli


def test_show_a_seed_prints_officers_and_flags(tmp_path, seeds) -> None:
    path = tmp_path / "seed-000.txt"
    path.write_text(seeds[0]["text"], encoding="utf-8")
    out = run_cli("show", str(path)).stdout
    assert out.startswith("seed-000: campaign_security on 2024-10-17 (only_date)")
    assert "AKBP Benny Miniani Arief — Kapolres Belu ← \"Kapolres Belu, AKBP Benny Miniani Arief\"" in out
    assert "IPDA Agus Haryono — Kapolsek Lasiolat" in out
    assert "desa Maneikun (53.04.17.2002)" in out
    flags = out.split("\nflags:\n", 1)[1]
    assert flags.startswith("  title_unit_mismatch: the title names Polsek Lasiolat, the body names Polsek Tasfieto Barat")
    assert '    at [362:383] "Guna mencegah' in flags


def test_show_json_and_stdin(seeds) -> None:
    record = json.loads(run_cli("show", "--json", "-", input=seeds[4]["text"]).stdout)
    assert record["id"] == "stdin" and record["event_date"] == "2024-11-23"
    assert "Benny Miniani Arief" in {o["name"] for o in record["officers"]}


def test_show_a_missing_file_says_so() -> None:
    result = run_cli("show", "no/such.txt", check=False)
    assert result.returncode == 1 and "no/such.txt: no such file or folder" in result.stderr


def test_a_finished_folder_is_refused_without_overwrite(tmp_path) -> None:
    out = tmp_path / "out"
    seeds = str(CORPUS / "seeds.jsonl")
    assert invoke("extract", seeds, "-o", str(out), "--workers", "1", "-q").exit_code == 0
    before = (out / "documents.jsonl").read_bytes()
    result = run_cli("extract", seeds, "-o", str(out), "--workers", "1", "-q", check=False)
    assert result.returncode == 1
    assert f"{out}: holds the output of a finished run; give --overwrite to replace it" in result.stderr
    assert (out / "documents.jsonl").read_bytes() == before
    assert run_cli("extract", seeds, "-o", str(out), "--resume", "-q", check=False).returncode == 1
    again = invoke("extract", seeds, "-o", str(out), "--workers", "1", "-q", "--overwrite")
    assert again.exit_code == 0 and (out / "documents.jsonl").read_bytes() == before


@pytest.mark.parametrize(("args", "kept"), [
    (["show", "release.txt"], False),
    (["extract", "in.jsonl", "-o", "out", "--ner", "stanza"], True),
    (["train", "dev.jsonl", "--engine", "stanza"], True),
])
def test_torch_stays_out_unless_stanza_runs(args: list[str], kept: bool) -> None:
    """thinc imports PyTorch whenever it is installed; the command keeps it out of a process
    that runs no Stanza model (1-2 s of every start), and spaCy works without it."""
    code = ("import sys\nfrom extract.cli import without_torch\n"
            f"without_torch({args!r})\nimport spacy\nspacy.blank('id')('Polres Belu')\n"
            "print(sys.modules.get('torch') is not None)")
    env = {k: v for k, v in os.environ.items() if k != "TRIBRATA_TORCH"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    torch_installed = importlib.util.find_spec("torch") is not None
    assert out.stdout.strip() == str(kept and torch_installed)
