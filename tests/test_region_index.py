"""The region index cache: built once, reused, never stale."""

from __future__ import annotations

import numpy as np
import pytest

from extract import region_index, stories


def test_cache_is_built_once_then_read(tmp_path, monkeypatch):
    monkeypatch.setenv("TRIBRATA_CACHE_DIR", str(tmp_path))
    builds = []

    def build(names):
        builds.append(len(names))
        return {"made": 1}

    first = region_index.load(build)
    assert region_index.load(build) == first and len(builds) == 1
    assert first["index"] == {"made": 1} and first["names"]["53.04"] == "Kabupaten Belu"
    assert len(list(tmp_path.glob("regions-*.marshal"))) == 1


def test_a_new_lokal_version_or_a_damaged_file_rebuilds(tmp_path, monkeypatch):
    monkeypatch.setenv("TRIBRATA_CACHE_DIR", str(tmp_path))
    builds = []
    region_index.load(lambda names: builds.append(1) or {})
    (path,) = tmp_path.glob("regions-*.marshal")
    path.write_bytes(b"\x00damaged")
    region_index.load(lambda names: builds.append(2) or {})
    monkeypatch.setattr(region_index.importlib.metadata, "version", lambda name: "9.9.9")
    region_index.load(lambda names: builds.append(3) or {})
    assert builds == [1, 2, 3] and len(list(tmp_path.glob("regions-*.marshal"))) == 2


def test_an_unwritable_cache_folder_only_costs_the_build(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("TRIBRATA_CACHE_DIR", str(blocker / "cache"))
    assert region_index.load(lambda names: {"ok": True})["index"] == {"ok": True}


def test_minhash_and_banding_are_datasketchs():
    datasketch = pytest.importorskip("datasketch")
    rng = np.random.default_rng(3)
    for n in (0, 1, 7, 400):
        hashes = np.unique(rng.integers(0, 2**32, n, dtype=np.uint32))
        theirs = datasketch.MinHash(num_perm=128, seed=stories.SEED, hashfunc=int, scheme="affine32")
        if n:
            theirs.update_batch(hashes)
        assert (theirs.hashvalues.astype(np.uint32) == stories.minhash(hashes, 128)).all()
    for threshold in (0.15, 0.2, 0.5):
        lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=128)
        assert stories._banding(threshold, 128) == (lsh.b, lsh.r)
