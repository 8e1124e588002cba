"""`--resume` knows its inputs: any change to an input since the run started (a line deleted,
inserted, edited, the file replaced, lines appended), even one that keeps its size and
modification time, is refused with the input and what changed; a finished folder says so.

Before issue 21 a deleted line left the deleted record in and dropped another, a replaced
file mixed old and new records, an edited record kept its old output, an inserted first
line crashed with IntegrityError, and --resume on a finished folder redid everything.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from conftest import fork_run, invoke, make_corpus, wait_for

OPTIONS = ("--batch-size", "4", "--quiet")


@pytest.fixture(scope="module")
def killed(tmp_path_factory, seeds) -> tuple[Path, Path]:
    """A corpus of 12 documents and the folder of a run killed after its second batch."""
    root = tmp_path_factory.mktemp("resume-inputs")
    corpus = make_corpus(root / "corpus.jsonl", seeds, 11)
    pid = fork_run(corpus, root / "out", "batch-committed:2", 1, *OPTIONS)
    assert wait_for(pid) == -signal.SIGKILL
    return corpus, root / "out"


def _copy(killed: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the corpus and of the unfinished folder, its journal naming the copy."""
    corpus, unfinished = killed
    shutil.copy2(corpus, tmp_path / "corpus.jsonl")
    shutil.copytree(unfinished, tmp_path / "out")
    manifest = tmp_path / "out" / ".tribrata-run" / "manifest.json"
    manifest.write_text(manifest.read_text().replace(str(corpus), str(tmp_path / "corpus.jsonl")))
    return tmp_path / "corpus.jsonl", tmp_path / "out"


def _same_size_and_time(path: Path, change) -> None:
    """Change ``path``'s bytes with ``change``, then give it back its modification time."""
    stat = path.stat()
    path.write_bytes(change(path.read_bytes()))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


CHANGES = {
    "line deleted": (lambda d: b"".join(_lines(d)[:2] + _lines(d)[3:]), "its size, its content (SHA-256)"),
    "first line inserted": (lambda d: _lines(d)[5] + d, "its size, its content (SHA-256)"),
    "record edited, same size": (lambda d: d.replace(b"Polres", b"Polsek", 1), "its content (SHA-256)"),
    "file replaced, same size": (lambda d: b"".join(sorted(_lines(d))), "its content (SHA-256)"),
    "lines appended": (lambda d: d + _lines(d)[0], "its size, its content (SHA-256)"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_to_an_input_is_refused_naming_it_and_what_changed(killed, tmp_path, change):
    corpus, out = _copy(killed, tmp_path)
    edit, what = CHANGES[change]
    _same_size_and_time(corpus, edit)
    journal = _journal(out)
    result = invoke("extract", str(corpus), "-o", str(out), "--resume", *OPTIONS)
    assert result.exit_code == 1
    assert f"{corpus} changed since the run started ({what} differ)" in result.stderr
    assert "Run again without --resume to start over" in result.stderr
    assert _journal(out) == journal


def _journal(out: Path) -> list[tuple[str, int]]:
    """The unfinished folder's files and sizes; the lock file holds the PID of whichever run
    took it last, whose digits vary, so only its presence counts."""
    return sorted((p.name, 0 if p.name == ".tribrata-lock" else p.stat().st_size) for p in out.iterdir())


def test_unchanged_input_of_the_same_bytes_resumes(killed, tmp_path):
    corpus, out = _copy(killed, tmp_path)
    os.utime(corpus)  # touched, same bytes
    result = invoke("extract", str(corpus), "-o", str(out), "--resume", *OPTIONS)
    assert result.exit_code == 0, result.stderr
    assert "12 documents (8 done before the resume)" in result.stderr


def test_resume_on_a_finished_folder_says_so_and_changes_nothing(killed, tmp_path):
    corpus, out = tmp_path / "one.jsonl", tmp_path / "out"
    corpus.write_bytes(_lines(killed[0].read_bytes())[0])
    assert invoke("extract", str(corpus), "-o", str(out), *OPTIONS).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    result = invoke("extract", str(corpus), "-o", str(out), "--resume", *OPTIONS)
    assert result.exit_code == 1
    assert f"{out}: the run there is finished: there is nothing to resume" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
