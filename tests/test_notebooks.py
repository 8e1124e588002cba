"""The researchers' notebooks, executed top to bottom with nbclient: on the bundled seeds,
and on the shared development corpus (read in place) when ``../shared/corpus`` is present.
A notebook fails the test on any error, and each must end with a figure. The stored
notebooks carry no outputs (an executed copy stays in memory)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = ROOT / "notebooks"
NAMES = ("01_build_a_dataset.ipynb", "02_officers_and_units.ipynb", "03_quality.ipynb")


def _literal(value: object) -> str:
    return f"Path({str(value)!r})" if isinstance(value, Path) else repr(value)


def execute(name: str, **parameters: object):
    """Run a notebook with its ``parameters`` cell's values overridden (as papermill does);
    returns the executed notebook. Prints how long it took."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source += "\n# set by the test\n" + "\n".join(f"{k} = {_literal(v)}" for k, v in parameters.items())
    started = time.monotonic()
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    print(f"{name}: executed in {time.monotonic() - started:.1f} s")
    return nb


def ends_with_a_figure(nb) -> bool:
    last = [c for c in nb.cells if c.cell_type == "code"][-1]
    return any("image/png" in output.get("data", {}) for output in last.outputs)


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_stored_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1


@pytest.fixture(scope="module")
def seeds_tables(tmp_path_factory) -> tuple[object, Path]:
    outdir = tmp_path_factory.mktemp("nb-seeds") / "output"
    return execute(NAMES[0], OUTDIR=outdir), outdir


@pytest.fixture(scope="module")
def dev_tables(tmp_path_factory, shared_corpus) -> tuple[object, Path]:
    outdir = tmp_path_factory.mktemp("nb-dev") / "output"
    return execute(NAMES[0], CORPUS=shared_corpus / "dev.jsonl", OUTDIR=outdir, WORKERS=2), outdir


def test_build_a_dataset_on_the_seeds(seeds_tables):
    nb, outdir = seeds_tables
    assert ends_with_a_figure(nb)
    assert (outdir / "events.parquet").exists()


def test_officers_and_units_on_the_seeds(seeds_tables):
    assert ends_with_a_figure(execute(NAMES[1], OUTDIR=seeds_tables[1]))


def test_quality_on_the_seeds():
    assert ends_with_a_figure(execute(NAMES[2], GOLD=CORPUS / "seeds_gold.jsonl", CORPUS=CORPUS / "seeds.jsonl"))


def test_build_a_dataset_on_the_dev_corpus(dev_tables):
    assert ends_with_a_figure(dev_tables[0])


def test_officers_and_units_on_the_dev_corpus(dev_tables):
    assert ends_with_a_figure(execute(NAMES[1], OUTDIR=dev_tables[1]))


def test_quality_on_the_dev_corpus(dev_tables, shared_corpus):
    nb = execute(NAMES[2], GOLD=shared_corpus / "dev_gold.jsonl", CORPUS=shared_corpus / "dev.jsonl",
                 PRED=dev_tables[1] / "documents.jsonl")
    assert ends_with_a_figure(nb)
