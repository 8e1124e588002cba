"""A lean start: PyTorch stays out of processes that run no Stanza model.

spaCy's thinc imports torch whenever it is installed (the ``[stanza]`` extra pulls it in),
which costs 1-2 s of every start although only the Stanza backend uses it: the spaCy
models of ``models/`` run on thinc's own NumPy ops. Called before spaCy is first imported,
by the ``tribrata`` command, and as the preload module of the Dask workers of a cluster
the run starts itself (never in the workers of a cluster it joins: other clients' tasks
may need torch there).
"""

from __future__ import annotations

import os
import sys


def keep_torch_out(stanza: bool) -> None:
    """With ``sys.modules["torch"] = None`` an ``import torch`` raises ImportError and thinc
    goes on without it. Nothing changes when ``stanza`` will run, when torch is imported
    already, or with ``TRIBRATA_TORCH=1`` (a user's own pipeline with PyTorch layers)."""
    if stanza or "torch" in sys.modules or os.environ.get("TRIBRATA_TORCH") == "1":
        return
    sys.modules["torch"] = None  # type: ignore[assignment]


def dask_setup(worker: object) -> None:
    """Dask's preload hook, run in a worker before it imports anything of a task."""
    keep_torch_out(stanza=False)
