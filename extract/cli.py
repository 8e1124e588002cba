"""The ``tribrata`` command: extract, evaluate and report on police press releases."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from . import __version__

EXIT_HELP = """
\b
Exit status:
  0  the run finished; documents that could not be extracted are records with
     "status": "error" and a reason, not failures of the run
  1  the run could not start or finish (an input path that does not exist, is
     compressed, unreadable or of an unknown kind, or a folder without .txt files, all
     checked before any work; an unwritable output folder; a folder holding a finished
     run, without --overwrite; --resume refused because the unfinished run had other
     inputs or options, or an input changed since, or the run there is finished; a
     worker process that died; no space left on the disk);
     committed batches are kept, so `--resume` goes on from there
  2  the command line is wrong
  3  another run (its PID is printed) is writing the output folder; nothing was changed
  4  the run finished, but an input had another number of documents when it was read
     than when the run started (it changed during the run): the summary names it; the
     output holds what was read; run again once the input is complete
  130  interrupted (Ctrl-C): committed batches are kept, `--resume` goes on
"""


class FolderInUse(click.ClickException):
    exit_code = 3


MODELS_HELP = "models/README.md; the cross-validation that chose the default: README, Trained models"


def model_options(command):
    """The options that add or leave out the trained models (``extract.nlp.Models``)."""
    for option in reversed([
        click.option("--ner", type=click.Choice(["none", "spacy", "stanza"]), default=None,
                     help="A trained NER whose PERSON/PLACE proposals join the rules' candidates (checked by the "
                          "rules): spacy (models/ner), stanza (models/stanza_ner, trained with `tribrata train "
                          "--engine stanza`; the [stanza] extra), none [default: the pipeline's own "
                          f"(extract/data/pipeline.cfg), which has none; {MODELS_HELP}]."),
        click.option("--ner-model", metavar="DIR",
                     help="The NER's folder (with --ner spacy or stanza) [default: models/ner, or models/stanza_ner "
                          "for stanza: in this folder, else the project's or the installed ones]."),
        click.option("--textcat-model", metavar="DIR|none",
                     help="The event-type classifier's folder, mixed into the cue scores, or none to leave it out "
                          "[default: the pipeline's own; the shipped one is models/textcat]."),
        click.option("--stanza-dir", metavar="DIR",
                     help="With --ner stanza: Stanza's own Indonesian models that you downloaded yourself "
                          "(stanza.download('id', model_dir=DIR, processors='tokenize')), to split the text with "
                          "Stanza's tokenizer; nothing is downloaded."),
    ]):
        command = option(command)
    return command


def _model_dir(path: str | None) -> str | None:
    """A model folder as an absolute path where it is found (so Dask workers and --resume see
    the same one); as given otherwise, for the loader's error to name."""
    if path is None or path == "none":
        return path
    from .recognizers.ner import model_path

    found = model_path(path)
    return str(found.resolve()) if found.exists() else path


def load_models(ner: str | None, ner_model: str | None, textcat_model: str | None, stanza_dir: str | None):
    """The ``Models`` of the options (None without any), its pipeline built once here: a model
    that is missing or cannot be used is a usage error naming the path and the fix."""
    from .nlp import Models, build_nlp
    from .train import ModelError

    if ner_model is not None and ner not in ("spacy", "stanza"):
        raise click.UsageError("--ner-model goes with --ner spacy or --ner stanza")
    if stanza_dir is not None and ner != "stanza":
        raise click.UsageError("--stanza-dir goes with --ner stanza")
    if ner is None and textcat_model is None:
        return None
    if ner == "stanza" and ner_model is None:
        ner_model = "models/stanza_ner"
    models = Models(ner=ner, ner_model=_model_dir(ner_model), textcat_model=_model_dir(textcat_model),
                    stanza_dir=str(Path(stanza_dir).resolve()) if stanza_dir else None)
    try:
        build_nlp(models)
    except ModelError as exc:
        raise click.UsageError(str(exc)) from exc
    return models


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="tribrata")
def main() -> None:
    """Turn Indonesian police press releases into a structured, source-grounded event table.

    \b
    Typical use:
      tribrata extract corpus/seeds.jsonl -o output
      tribrata show release.txt
      tribrata evaluate --gold corpus/seeds_gold.jsonl corpus/seeds.jsonl

    The record, the tables and their columns, the codes and the flags are described in
    docs/schema.md.
    """


@main.command(epilog=EXIT_HELP)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (created if missing): documents.jsonl, events.parquet, events.csv, "
                   "mentions.parquet, units.parquet, officers.parquet, persons.parquet, stories.parquet "
                   "(reprints grouped into stories), tribrata.db, metadata.json (with the run's provenance), "
                   "README.md (the data dictionary); see docs/schema.md.")
@click.option("-w", "--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (local) or Dask workers to start [default: all cores].")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: processes on this machine; dask: a Dask cluster (needs the [dask] extra), "
                   "which also writes partitioned Parquet under OUTDIR/partitions/.")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the scheduler to use (e.g. tcp://10.0.0.5:8786); the output "
                   "folder must be reachable by the client. Without it a LocalCluster is started.")
@click.option("--resume", is_flag=True,
              help="Go on with an interrupted run in the same output folder (same inputs, unchanged, "
                   "batch size and trained models; any workers or engine), without redoing its committed batches. Without "
                   "an unfinished run there, starts a new one; on a finished folder, says so and stops.")
@click.option("--overwrite", is_flag=True,
              help="Replace the output of a finished run in OUTDIR (without it, such a folder is refused).")
@click.option("--batch-size", type=click.IntRange(min=1), default=256, show_default=True,
              help="Documents per batch: the unit of work, of commit and of resume.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or progress lines; only the summary line.")
@model_options
def extract(inputs: tuple[str, ...], outdir: Path, workers: int | None, engine: str, scheduler: str | None,
            resume: bool, overwrite: bool, batch_size: int, quiet: bool, ner: str | None, ner_model: str | None,
            textcat_model: str | None, stanza_dir: str | None) -> None:
    """Extract every release in INPUT... into the output folder.

    \b
    INPUT is any mix of:
      FOLDER      .txt files, one release each (id = file name stem; the first line is the
                  title when it looks like one: short, no sentence end, a blank line after)
      FILE.jsonl  one JSON object per line: id, text, optional title, url, published
      FILE.csv    a header row with the same columns
      FILE.txt    one release
      FILE.html   a crawled page (also .htm): the article by trafilatura, url from its
                  canonical link, published from its metadata or date line (day first)
      FILE.warc   a WARC archive (also .warc.gz), streamed: one document per HTML
                  response record, id ARCHIVE@OFFSET
      FOLDER      holding .html/.htm/.warc files: every page and archive under it
                  (recursively), an HTML page's id is its path without the suffix
      FILE.gz     .jsonl.gz, .csv.gz, .txt.gz: read like the uncompressed file
      -           standard input: JSON Lines when it starts with '{', else one release as
                  plain text (id "stdin")
    HTML and WARC input needs the crawl extra: pip install 'tribrata-extract[crawl]'.
    A page without an article (index, tag listing, video page), a non-HTML or HTTP error
    record and a broken archive give error records with the reason.

    Every input document gives exactly one record in documents.jsonl; one that cannot be
    extracted (empty, binary, not Indonesian, malformed JSON, no text...) has status
    "error" and a reason. The output is the same whatever the engine and number of
    workers. On a terminal a progress bar shows documents done, docs/s, ETA and errors;
    otherwise a progress line is logged every 10 seconds. The last line printed (on
    stderr) summarises the run.

    When every document is in, reprints of one release (other prefix, headline, cuts,
    small edits) are grouped: they share a story_id, stories.parquet and the stories table
    have one row per story, and members that disagree on a fact (personnel count, date,
    commander, units, places) get a reprint_conflict flag. Count stories for activities,
    events for coverage (README: "Which to count when").
    """
    from .batch import run
    from .ingest import InputError, check_inputs
    from .rundir import FolderFinished, FolderLocked, ResumeRefused

    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(message)s", stream=sys.stderr)
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler goes with --engine dask")
    models = load_models(ner, ner_model, textcat_model, stanza_dir)
    try:
        check_inputs(inputs)
        summary = run(list(inputs), outdir, workers=workers, batch_size=batch_size, engine=engine,
                      scheduler=scheduler, resume=resume, quiet=quiet, overwrite=overwrite, models=models)
    except FolderLocked as exc:
        raise FolderInUse(str(exc)) from exc
    except (InputError, FolderFinished, ResumeRefused, OSError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo(f"Interrupted: the batches committed in {outdir} are kept; run the same command with --resume "
                   "to go on", err=True)
        sys.exit(130)
    click.echo(summary.line(), err=True)
    if summary.changed:
        sys.exit(4)


@main.command()
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold annotations (JSONL, one record per article, SCHEMA.md).")
@click.option("--pred", "pred_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score this documents.jsonl instead of extracting INPUT.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", "show_errors", is_flag=True,
              help="Also list every miss and false hit with its document id and evidence sentence.")
@click.argument("inputs", nargs=-1, metavar="[INPUT...]")
@model_options
def evaluate(gold_path: Path, pred_path: Path | None, as_json: bool, show_errors: bool,
             inputs: tuple[str, ...], ner: str | None, ner_model: str | None, textcat_model: str | None,
             stanza_dir: str | None) -> None:
    """Score extraction against gold annotations, by the rules of SCHEMA.md.

    Extracts INPUT (same forms as `tribrata extract`) and compares it with --gold; or,
    with --pred, compares an existing documents.jsonl. Prints per-field precision, recall
    and F1, scalar accuracies, officer rank/role and village type accuracy, and `overall`.
    """
    from .evaluate import format_errors, format_table, load_jsonl, score
    from .ingest import InputError, iter_documents
    from .batch import extractions, unique_ids

    if (pred_path is None) == (not inputs):
        raise click.UsageError("give either INPUT... to extract, or --pred DOCUMENTS.jsonl")
    if pred_path is not None and (ner or ner_model or textcat_model or stanza_dir):
        raise click.UsageError("--ner, --ner-model, --textcat-model and --stanza-dir go with INPUT... (--pred "
                               "scores a documents.jsonl as it is)")
    models = load_models(ner, ner_model, textcat_model, stanza_dir)
    try:
        gold = load_jsonl(gold_path)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    texts: dict[str, str] = {}
    if pred_path is not None:
        try:
            predictions = load_jsonl(pred_path)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    else:
        predictions = []
        try:
            for doc, extraction in extractions(unique_ids(iter_documents(inputs)), models):
                texts[doc.id] = doc.text
                predictions.append(extraction.record.to_dict())
        except InputError as exc:
            raise click.ClickException(str(exc)) from exc
    try:
        report = score(gold, predictions, texts or None)
    except ValueError as exc:  # e.g. an id repeated in the gold or the predictions
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(report))
    if show_errors:
        click.echo(format_errors(report))


@main.command()
@click.argument("source", metavar="FILE")
@click.option("--json", "as_json", is_flag=True, help="Print the record (as in documents.jsonl) instead of the text.")
@model_options
def show(source: str, as_json: bool, ner: str | None, ner_model: str | None, textcat_model: str | None,
         stanza_dir: str | None) -> None:
    """Extract one release and print its record for a person to check.

    \b
    FILE is a .txt release, a .jsonl file (every line is shown, one after the other), a .csv
    file, or - for plain text (or JSON Lines) on standard input.

    Prints the event (type and date, with why that date), the title, units, officers with
    rank and role, places with their Kemendagri codes, candidates, personnel count,
    operation and the flags with the sentence they concern; each value with the text it
    was read from and its character offsets. Writes no files. The fields are described in
    docs/schema.md.
    """
    from .batch import extractions, unique_ids
    from .ingest import InputError, check_inputs, iter_documents
    from .show import render

    models = load_models(ner, ner_model, textcat_model, stanza_dir)
    try:
        check_inputs([source])
        for i, (_, extraction) in enumerate(extractions(unique_ids(iter_documents([source])), models)):
            record = extraction.record.to_dict()
            if as_json:
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                click.echo(("\n" if i else "") + render(record))
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def report(outdir: Path) -> None:
    """Write a static fact-checking site for OUTDIR (the folder of `tribrata extract`).

    OUTDIR/report/index.html lists every event (sortable, filterable); each release has a
    page with its text, every extracted entity highlighted by label, the event card whose
    fields link to their evidence in the text, and the release's flags. The site works
    offline: open index.html in a browser. All release text is escaped, never run.

    \b
    To search and browse the same data with Datasette (the [html] extra):
      datasette OUTDIR/tribrata.db -m OUTDIR/metadata.json
    """
    from .report import ReportError, build_report

    try:
        index = build_report(outdir)
    except ReportError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"report written: {index}", err=True)


@main.command()
@click.argument("texts", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold annotations of TEXTS (JSONL, SCHEMA.md), e.g. ../shared/corpus/dev_gold.jsonl.")
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), default=Path("models"),
              show_default=True, help="Folder of the models: spaCy writes OUTDIR/ner and OUTDIR/textcat, "
                                      "Stanza OUTDIR/stanza_ner (replaced).")
@click.option("--engine", type=click.Choice(["spacy", "stanza"]), default="spacy", show_default=True,
              help="spacy: the NER and the event-type classifier; stanza: the NER with Stanza "
                   "(needs the [stanza] extra).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the split, the shuffles and the weights.")
@click.option("--epochs", type=click.IntRange(min=1), default=5, show_default=True,
              help="Passes over the data (spaCy NER; the classifier makes twice as many).")
@click.option("--steps", type=click.IntRange(min=1), default=400, show_default=True,
              help="Training steps (batches of 32 sentences) of the Stanza NER.")
@click.option("--held-out", type=click.FloatRange(0, 0.9), default=0.15, show_default=True,
              help="Share of the releases kept out of training to score the models (meta.json); 0 trains on all.")
@click.option("--data-only", is_flag=True, help="Only print the span data (size, releases left out, examples).")
def train(texts: Path, gold_path: Path, outdir: Path, engine: str, seed: int, epochs: int, steps: int,
          held_out: float, data_only: bool) -> None:
    """Train the NER and event-type models from TEXTS and their --gold annotations.

    \b
    Rebuild the shipped models (models/README.md):
      tribrata train ../shared/corpus/dev.jsonl --gold ../shared/corpus/dev_gold.jsonl
      tribrata train ../shared/corpus/dev.jsonl --gold ../shared/corpus/dev_gold.jsonl --engine stanza

    Every gold value is located in its release (the rule extractor's evidence, else its first
    occurrence outside the dateline) and labelled UNIT, PERSON, PLACE, OPERATION or DATE; a
    release with a value found nowhere is listed and left out. The data is printed (size,
    spans per label, a few aligned examples), then the models are trained on CPU with
    --seed: the same corpus and seed give the same models. The default pipeline uses none
    of them (models/README.md: the cross-validation that decided); `tribrata extract`,
    `evaluate` and `show` add them with --ner spacy|stanza [--ner-model DIR] and
    --textcat-model DIR (Python: extract.nlp.Models).
    """
    from .train import ModelError, build_span_data, describe, split, train_ner, train_textcat

    try:
        data = build_span_data(texts, gold_path)
        click.echo(describe(data))
        if data_only:
            return
        training, scoring = split(data, held_out, seed)
        if engine == "stanza":
            from .stanza_ner import train_stanza

            metas = {"stanza_ner": train_stanza(training, outdir / "stanza_ner", seed, steps, scoring)}
        else:
            metas = {"ner": train_ner(training, outdir / "ner", seed, epochs, scoring)["tribrata"],
                     "textcat": train_textcat(training, outdir / "textcat", seed, 2 * epochs, scoring)["tribrata"]}
    except (ModelError, ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    for name, meta in metas.items():
        click.echo(f"{outdir / name}: {meta['training_seconds']} s, held-out scores {meta['held_out_scores']}")


def without_torch(args: list[str]) -> None:
    """Keep PyTorch out of this process unless the command line names Stanza (``--ner
    stanza``, ``train --engine stanza``): see :func:`extract.lean.keep_torch_out`."""
    from .lean import keep_torch_out

    keep_torch_out(stanza=any("stanza" in a for a in args))


def run() -> None:
    """The ``tribrata`` program: :func:`main`, then out without the interpreter's teardown.

    Every command has flushed and closed its files by the time it returns (an output folder
    is published by renames before ``extract`` returns), so freeing hundreds of thousands of
    objects one by one at exit (0.3-0.7 s) would only delay the shell."""
    without_torch(sys.argv[1:])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, (int, type(None))):
            print(exc.code, file=sys.stderr)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
