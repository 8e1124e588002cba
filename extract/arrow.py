"""pyarrow without pandas: the project builds Arrow tables from Python lists only.

pyarrow imports pandas (half a second) the first time it converts any Python list, to ask
whether the list is a pandas object. :func:`without_pandas` has it ask once while pandas
cannot be imported, so it decides there is no pandas; pandas itself stays importable, and
a conversion that needs it (``Table.from_pandas``, ``to_pandas``) still imports it.
"""

from __future__ import annotations

import sys

import pyarrow as pa


class _NoPandas:
    """A meta path finder refusing pandas, in place only while pyarrow looks for it."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> None:
        if name == "pandas":
            raise ImportError("pandas is not used by tribrata-extract")


def without_pandas() -> None:
    """Let pyarrow settle, once, that it converts no pandas objects in this process."""
    if "pandas" in sys.modules:
        return
    sys.meta_path.insert(0, _NoPandas)
    try:
        pa.array([], pa.null())
    finally:
        sys.meta_path.remove(_NoPandas)
