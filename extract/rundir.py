"""The output folder of a run: its lock, the settings its journal was made with, and the
points at which the tests kill a run.

One run at a time writes a folder: :class:`FolderLock` holds an ``fcntl.flock`` on
``OUTDIR/.tribrata-lock`` for the life of the run. The kernel drops the lock when its
process dies (even by SIGKILL), so the lock of a dead run is simply taken over; the file
holds the PID of the run holding it, for the refusal message.
"""

from __future__ import annotations

import fcntl
import os
import signal
from collections import Counter
from pathlib import Path
from typing import Any

LOCK_FILE = ".tribrata-lock"


class FolderLocked(RuntimeError):
    """Another live run holds the output folder."""


class FolderFinished(RuntimeError):
    """The output folder holds a finished run, and ``--overwrite`` was not given."""


class ResumeRefused(RuntimeError):
    """``--resume`` cannot go on with the unfinished run in the output folder."""


class FolderLock:
    """An exclusive lock on an output folder (created if missing), held until :meth:`release`."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / LOCK_FILE
        outdir.mkdir(parents=True, exist_ok=True)
        self.fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(self.fd, 32).decode("ascii", "replace").strip() or "unknown"
            self.release()
            raise FolderLocked(
                f"{outdir}: another tribrata run (PID {holder}) is writing this folder; wait for it to "
                f"finish or stop it (kill {holder}), or give another output folder") from None
        os.ftruncate(self.fd, 0)
        os.write(self.fd, f"{os.getpid()}\n".encode("ascii"))

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor drops the flock
            self.fd = None


_SETTING_NAMES = {"inputs": "inputs", "batch_size": "--batch-size", "version": "tribrata version",
                  "models": "the trained models (--ner, --ner-model, --textcat-model, --stanza-dir)"}


_FINGERPRINT_PARTS = {"size": "its size", "files": "its number of .txt files", "sha256": "its content (SHA-256)"}


def _input_changes(name: str, before: Any, now: Any) -> str | None:
    """What differs between two fingerprints of an input, in words; None when nothing does."""
    if before == now:
        return None
    if not isinstance(before, dict) or not isinstance(now, dict):
        return f"{name} changed since the run started"
    parts = [words for key, words in _FINGERPRINT_PARTS.items() if before.get(key) != now.get(key)]
    return f"{name} changed since the run started ({', '.join(parts)} differ): its documents may not be " \
           "those already done"


def check_same_settings(outdir: Path, previous: dict[str, Any], settings: dict[str, Any]) -> None:
    """Refuse to resume when the unfinished run was made with other settings or its inputs
    changed since (any byte of them), naming what differs."""
    keys = list(settings) + [key for key in previous if key not in settings]  # a setting dropped since counts too
    problems = [f"{_SETTING_NAMES.get(key, key)} was {previous.get(key)!r}, now {settings.get(key)!r}"
                for key in keys if key != "fingerprints" and previous.get(key) != settings.get(key)]
    if not problems:
        changes = (_input_changes(name, before, now) for name, before, now
                   in zip(settings["inputs"], previous.get("fingerprints", []), settings["fingerprints"]))
        problems = [change for change in changes if change]
    if problems:
        raise ResumeRefused(
            f"{outdir}: cannot resume the unfinished run there: " + "; ".join(problems)
            + ". Run again without --resume to start over, or give the same inputs and options")


#: Test hook. ``TRIBRATA_TEST_KILL_AT=PHASE`` (or ``PHASE:N``) makes the process SIGKILL itself
#: the first (N-th) time it reaches PHASE, so the tests can kill a run at every step of its
#: commit and publication protocol. Only the tests set it.
KILL_ENV = "TRIBRATA_TEST_KILL_AT"
PHASES = (
    "started",          # the journal is made, no batch written yet
    "batch-parquet",    # a batch's Parquet files written, its lines not yet appended
    "batch-lines",      # its JSONL and CSV lines appended and synced, the SQLite commit not done
    "batch-committed",  # its SQLite transaction (the commit point) done
    "closing",          # every batch committed and recorded, the closing merge not started
    "grouped",          # stories written into the database and the JSONL/CSV, the signatures dropped
    "merged",           # every file complete under its .part name, none published
    "publishing",       # the first file renamed into place, the others not
    "published",        # every file in place, the journal not yet removed
    "worker",           # a worker process starting to extract a batch
)
_reached: Counter[str] = Counter()


def kill_point(phase: str) -> None:
    """Where the run may be killed by :data:`KILL_ENV`; nothing happens without it."""
    wanted = os.environ.get(KILL_ENV)
    if not wanted:
        return
    name, _, nth = wanted.partition(":")
    if name not in PHASES:
        raise ValueError(f"{KILL_ENV}={wanted}: no such phase; one of {', '.join(PHASES)}")
    if name == phase:
        _reached[phase] += 1
        if _reached[phase] == int(nth or 1):
            os.kill(os.getpid(), signal.SIGKILL)
