"""``indpol train directions``, ``indpol eval directions`` and ``indpol label suggest``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from indpol.cli.base import config_option, eval_group, handle_errors, label_group, train_group
from indpol.errors import IndpolError

texts_option = click.option(
    "--texts",
    "texts_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder the real documents of offset-only label rows are under (repeatable; default: ../shared/data beside a checkout).",
)


@train_group.command("directions")
@click.option(
    "--labels",
    "label_paths",
    multiple=True,
    type=click.Path(exists=True),
    help="Labelled JSONL files or folders (default: corpus/labels of the checkout, else those installed with indpol).",
)
@click.option(
    "--extra",
    "extra_paths",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Filled CSV from `indpol label suggest` to add (repeatable).",
)
@click.option(
    "--out",
    "out_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="Model file to write (default: a new dated file next to the shipped model); the card goes next to it.",
)
@click.option("--replace", is_flag=True, help="Overwrite the shipped model and its card.")
@click.option(
    "--labeller", default=None, help="Who labelled the --extra passages (recorded in the model card)."
)
@click.option(
    "--features",
    "feature_sets",
    multiple=True,
    help="Feature set to compare, e.g. lemma+char+navec (repeatable; default: all).",
)
@click.option(
    "--C",
    "c_values",
    multiple=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Inverse regularisation strength to compare (repeatable; default: 2 and 8).",
)
@click.option(
    "--cv-only",
    is_flag=True,
    help="Only cross-validate the feature sets × C (with and without the recall fallback); save nothing.",
)
@texts_option
@click.option(
    "--heldout",
    "heldout_path",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="Gold passages of held-out real documents: scored by the final model for its card, never used to choose.",
)
@click.option(
    "--folds", default=5, show_default=True, type=click.IntRange(2, 20), help="Cross-validation folds."
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Only read the labels: print the passages each file gives (and those skipped), train nothing.",
)
@handle_errors
def train_directions(
    label_paths: tuple[str, ...],
    extra_paths: tuple[str, ...],
    out_path: str | None,
    replace: bool,
    labeller: str | None,
    feature_sets: tuple[str, ...],
    c_values: tuple[float, ...],
    cv_only: bool,
    texts_dirs: tuple[str, ...],
    heldout_path: str | None,
    folds: int,
    dry_run: bool,
) -> None:
    """Compare feature sets by cross-validated macro-F1, train the best, save it with a model card.

    The shipped model is overwritten only with --replace; otherwise the new model is written next to
    it under a dated name, and the line to use it is printed.

    Example:

    \b
        indpol train directions
        indpol train directions --extra checked.csv --labeller "A. Petrova"
        indpol train directions --extra checked.csv --replace
        indpol train directions --texts ../shared/data --texts ~/indpol-documents
        indpol train directions --dry-run --texts ~/indpol-documents
        indpol train directions --cv-only --features lemma+char --features lemma+char+nearvocab --C 8
    """
    import datetime

    from indpol.classify.suggest import read_suggestions
    from indpol.classify.taxonomy import load_taxonomy
    from indpol.classify.train import C_VALUES, DEFAULT_TEXTS, FEATURE_SETS, LABELS_DIR, compare_only
    from indpol.classify.train import train_directions as train
    from indpol.config import MODELS_DIR
    from indpol.evaluate.common import document_texts
    from indpol.evaluate.directions import load_gold, report_lines

    if out_path and replace:
        raise click.UsageError("use --out or --replace, not both")
    if out_path:
        out = Path(out_path).resolve()
    elif replace:
        out = MODELS_DIR / "directions.skops"
    else:
        out = MODELS_DIR / f"directions-{datetime.datetime.now():%Y%m%d-%H%M%S}.skops"
    taxonomy = load_taxonomy()
    sources = []
    extra = []
    for path in extra_paths:
        found = read_suggestions(path, taxonomy)
        extra += found
        sources.append(f"{len(found)} labelled by {labeller or 'an unnamed labeller'} ({Path(path).name})")
    texts = document_texts(texts_dirs or DEFAULT_TEXTS)
    paths = [Path(p) for p in label_paths] or [LABELS_DIR]
    if dry_run:
        _list_training_data(paths, taxonomy, extra, texts)
        return
    if cv_only:
        results = compare_only(
            paths,
            taxonomy,
            extra,
            feature_sets or FEATURE_SETS,
            c_values or C_VALUES,
            folds,
            click.echo,
            texts,
        )
        _print_comparison(results)
        click.echo("nothing saved (--cv-only)")
        return
    held_out = load_gold(heldout_path, taxonomy, texts) if heldout_path else []
    if label_paths or not extra_paths:
        sources.insert(0, "the labelled files " + ", ".join(p.name for p in paths))
    report = train(
        paths,
        out,
        taxonomy,
        extra,
        feature_sets or FEATURE_SETS,
        c_values or C_VALUES,
        folds=folds,
        progress=click.echo,
        sources=sources,
        texts=texts,
        held_out_documents=held_out,
    )
    click.echo(
        f"{report.passages} passages ({len(extra)} from CSV); {report.counts['none']} without a direction"
    )
    _print_comparison(report.results)
    adopted = report.chosen.params.get("adopted")
    click.echo(
        f"chosen: {report.chosen.params['features']} C={report.chosen.params['C']:g} (cross-validated)"
        + (f", {adopted}" if adopted else "")
    )
    for line in report_lines(report.chosen):
        click.echo(line)
    if report.held_out_documents is not None:
        click.echo(f"held-out real documents ({report.held_out_documents.scope}):")
        for line in report_lines(report.held_out_documents):
            click.echo(line)
    click.echo(f"wrote {report.model_path} and {report.card_path}")
    if report.model_path != MODELS_DIR / "directions.skops":
        click.echo(f"to use it: set classify.model: {report.model_path} in your pipeline.yaml (or --replace)")


def _print_comparison(results: list[Any]) -> None:
    """One line per configuration compared, the chosen first."""
    for result in results:
        fallback = "fallback" if result.params.get("fallback") else ""
        click.echo(
            f"  {result.params['features']:<28} C={result.params['C']:<4g} {fallback:<8} macro-F1 "
            f"{result.macro_f1:.3f}  given none {result.missed:.3f}  false alarms {result.false_alarms:.3f}"
        )


def _list_training_data(paths: list[Path], taxonomy: Any, extra: list[Any], texts: Any) -> None:
    """What ``train directions`` would train on: each label file's passages of its rows, those skipped
    and why, the CSV passages added, the passages per direction."""
    from indpol.classify.labels import label_counts, label_files
    from indpol.classify.train import file_groups, training_passages

    labelled, added = training_passages(paths, taxonomy, extra, texts)
    groups = file_groups(paths, labelled, taxonomy, texts)
    files = label_files(paths)
    click.echo(f"labels: {', '.join(map(str, paths))} ({len(files)} files)")
    width = max((len(file.stem) for file in files), default=0)
    for file in files:
        rows = sum(1 for line in file.read_text(encoding="utf-8").splitlines() if line.strip())
        click.echo(f"  {file.stem:<{width}}  {len(groups.get(file.stem, ())):>5} passages of {rows} rows")
    if texts.summary():
        click.echo(texts.summary())
    if extra:
        click.echo(f"from CSV: {len(added)} of {len(extra)} passages (the others are in the label files)")
    counts = label_counts(labelled + added, taxonomy)
    none = counts.pop("none")
    click.echo(f"{len(labelled) + len(added)} passages would be used, {none} without a direction")
    click.echo("  " + ", ".join(f"{label} {count}" for label, count in counts.items()))
    click.echo("nothing trained (--dry-run)")


@eval_group.command("directions")
@click.option(
    "--gold",
    "gold_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Gold passages: JSONL (id, text, labels) or a filled suggestions CSV.",
)
@click.option(
    "--model",
    "model_path",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="Model file (default: classify.model of the configuration).",
)
@texts_option
@config_option
@handle_errors
def eval_directions(
    gold_path: str, model_path: str | None, texts_dirs: tuple[str, ...], config_path: str | None
) -> None:
    """Precision, recall and F1 of every direction on held-out gold passages.

    Gold passages the model was trained on are counted and reported: scores on
    them are optimistic.

    Example:

    \b
        indpol eval directions --gold corpus/gold/directions-test.jsonl
        indpol eval directions --gold corpus/gold/directions-heldout.jsonl --texts ~/indpol-documents
    """
    from indpol.classify.persist import load_meta
    from indpol.classify.taxonomy import load_taxonomy
    from indpol.classify.train import DEFAULT_TEXTS
    from indpol.evaluate.common import document_texts
    from indpol.evaluate.directions import evaluate_model, load_gold, report_lines, seen_in_training

    path = _model_path(model_path, config_path)
    texts = document_texts(texts_dirs or DEFAULT_TEXTS)
    model, gold = _load(str(path), config_path), load_gold(gold_path, load_taxonomy(), texts)
    if texts.summary():
        click.echo(texts.summary())
    for line in report_lines(evaluate_model(model, gold)):
        click.echo(line)
    seen = seen_in_training(gold, load_meta(path))
    if seen:
        click.echo(
            f"warning: {seen} of {len(gold)} gold passages were in the training data; scores are optimistic"
        )


@label_group.command("suggest")
@click.argument("inputs", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--run",
    "run_dir",
    type=click.Path(exists=True, file_okay=False),
    help="Take passages from this run folder (its passages.jsonl) instead of INPUTS.",
)
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False), help="CSV file to write.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1), help="Passages to export.")
@click.option(
    "--model",
    "model_path",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="Model file (default: classify.model of the configuration).",
)
@config_option
@handle_errors
def label_suggest(
    inputs: tuple[str, ...],
    run_dir: str | None,
    out_path: str,
    limit: int,
    model_path: str | None,
    config_path: str | None,
) -> None:
    """Export the passages the direction model is least sure about, as CSV for people to label.

    INPUTS are documents, folders of documents, or run folders (holding passages.jsonl).

    Fill the `labels` column (direction ids separated by ';', or 'none'), then train
    with `indpol train directions --extra FILE`.

    Example:

    \b
        indpol label suggest reports/ --out to-label.csv --limit 50
        indpol label suggest out/ --out to-label.csv
    """
    from indpol.classify.suggest import candidates_from_run, least_confident, write_suggestions
    from indpol.config import PipelineConfig

    if bool(inputs) == bool(run_dir):
        raise click.UsageError("give either INPUTS or --run DIR")
    config = PipelineConfig.resolve(config_path)
    candidates = candidates_from_run(run_dir) if run_dir else _candidates(list(inputs), config)
    count = write_suggestions(least_confident(_load(model_path, config_path), candidates, limit), out_path)
    click.echo(f"wrote {count} of {len(candidates)} passages to {out_path}")


def _candidates(inputs: list[str], config: Any) -> list[Any]:
    """Passages to label from run folders (holding ``passages.jsonl``) and from documents, read through
    the pipeline with the extractors switched off."""
    from indpol.classify.suggest import candidates_from_documents, candidates_from_run
    from indpol.ingest.files import iter_input_files
    from indpol.pipeline import Pipeline

    runs = [Path(item) for item in inputs if (Path(item) / "passages.jsonl").is_file()]
    files = [item for item in inputs if Path(item) not in runs]
    found = [candidate for run in runs for candidate in candidates_from_run(run)]
    if not files:
        return found
    pipeline = Pipeline(config, only=())

    def documents() -> Any:
        for path, problem in iter_input_files(files):
            if problem:
                raise IndpolError(problem, path=path)
            yield pipeline.process(path)

    return found + candidates_from_documents(documents())


def _model_path(model_path: str | None, config_path: str | None) -> Path:
    from indpol.classify.directions import DEFAULT_MODEL
    from indpol.config import PipelineConfig

    config = PipelineConfig.resolve(config_path)
    return Path(model_path) if model_path else config.path(config.classify.model, DEFAULT_MODEL)


def _load(model_path: str | None, config_path: str | None) -> Any:
    from indpol.classify.directions import load_directions
    from indpol.classify.persist import load_model
    from indpol.config import PipelineConfig

    return load_model(model_path) if model_path else load_directions(PipelineConfig.resolve(config_path))
