"""``indpol run`` and ``indpol inspect``."""

from __future__ import annotations

import sys

import click

from indpol.cli.base import config_option, csv_dialect_option, handle_errors, main


@main.command("run")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False), help="Run folder to write.")
@config_option
@click.option(
    "--workers", "-w", type=click.IntRange(0), default=None, help="Worker processes (default: all cores)."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "inline", "dask"]),
    default=None,
    help="local: worker processes (even for one file); inline: this process (a file that kills it ends the run); dask: a Dask cluster.",
)
@click.option("--scheduler", default=None, help="Dask scheduler address (with --engine dask).")
@click.option("--format", "formats", default=None, help="Extra exports: csv,parquet,xlsx (jsonl always).")
@csv_dialect_option
@click.option("--force", is_flag=True, help="Reprocess files already in the store.")
@click.option(
    "--retry-failed",
    is_flag=True,
    help="Process again the files that failed in an earlier run for good (too big, out of memory, broken …).",
)
@click.option(
    "--max-memory",
    default=None,
    metavar="SIZE",
    help="Memory cap of each worker process, e.g. 4G or 1500M; a document over it fails with E_MEMORY "
    "(default run.max_memory_mb: 3/4 of the machine's memory split between the workers).",
)
@click.option(
    "--follow-links",
    is_flag=True,
    help="Follow symbolic links that lead out of an input folder (reported otherwise).",
)
@click.option("--ocr", is_flag=True, help="OCR pages without a text layer (needs tesseract + rus).")
@click.option("--strict", is_flag=True, help="Exit non-zero when any file failed.")
@click.option("--silent", "-s", is_flag=True, help="No progress output.")
@handle_errors
def run_command(
    inputs: tuple[str, ...],
    out: str,
    config_path: str | None,
    workers: int | None,
    engine: str | None,
    scheduler: str | None,
    formats: str | None,
    csv_dialect: str,
    force: bool,
    retry_failed: bool,
    max_memory: str | None,
    follow_links: bool,
    ocr: bool,
    strict: bool,
    silent: bool,
) -> None:
    """Process files and folders into facts in the run folder OUT.

    Writes documents.jsonl, passages.jsonl, entities/figures/stages.jsonl,
    failures.jsonl, run.json and facts.duckdb. Exit code 1 when every file failed
    (or, with --strict, when any did).

    Example:

    \b
        indpol run corpus/ --out out/
        indpol run reports/ extra.pdf --out out/ --format csv,xlsx --workers 2
        indpol run reports/ --out out/ --format csv --csv-dialect excel-ru
    """
    from indpol.pipeline import Pipeline
    from indpol.pipeline.progress import make_progress

    pipeline = Pipeline.from_config(config_path)
    if ocr:
        pipeline.config.ingest.ocr = True
    if max_memory is not None:
        from indpol.pipeline.memory import parse_size

        pipeline.config.run.max_memory_mb = parse_size(max_memory)
    progress = make_progress(silent)
    if not silent:
        click.echo("indpol: reading the inputs; the models load first (a few seconds) …", err=True)
    try:
        summary = pipeline.run(
            list(inputs),
            out,
            workers=workers,
            engine=engine,
            scheduler=scheduler,
            force=force,
            retry_failed=retry_failed,
            formats=formats.split(",") if formats else None,
            csv_dialect=csv_dialect,
            progress=progress,
            follow_links=follow_links,
        )
    finally:
        if progress is not None:
            progress.close()
    click.echo(summary.line())
    sys.exit(summary.exit_code(strict))


@main.command("inspect")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@config_option
@click.option("--sentences", is_flag=True, help="Also list sentences.")
@click.option("--limit", type=int, default=0, help="Show at most this many passages (0: all).")
@handle_errors
def inspect_command(path: str, config_path: str | None, sentences: bool, limit: int) -> None:
    """Show how one file is read: status, pages, languages, passages and tables.

    Example:

    \b
        indpol inspect corpus/report.pdf --limit 20
    """
    from indpol.pipeline import Pipeline
    from indpol.pipeline.inspect import render_document

    pipeline = Pipeline.from_config(config_path)
    doc = pipeline.process(path)
    click.echo(render_document(doc, sentences=sentences, limit=limit))
