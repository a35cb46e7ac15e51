"""``indpol report`` and ``indpol show``."""

from __future__ import annotations

import click

from indpol.cli.base import config_option, handle_errors, main


@main.command("report")
@click.argument("run_dir", type=click.Path(file_okay=False))
@click.option("--to", "to", required=True, type=click.Path(dir_okay=False), help="The report: report.html.")
@click.option(
    "--split/--single",
    default=None,
    help="Force a folder with an index page, or one file (default: one file up to --max-mb).",
)
@click.option(
    "--max-mb",
    type=click.FloatRange(min=0),
    default=6.0,
    show_default=True,
    help="Past this size the report becomes a folder (REPORT/index.html, REPORT/docs/*.html, REPORT/data/*.js).",
)
@handle_errors
def report_command(run_dir: str, to: str, split: bool | None, max_mb: float) -> None:
    """Write a run folder's report: overview with charts, facts tables and every document's view.

    One self-contained HTML file (no network, no external files) that works from a USB stick or an
    e-mail; a report that would pass --max-mb (a browser takes about 2 s to open 6 MB) becomes a folder
    instead: index.html (overview and facts tables, small whatever the run's size), one page per document
    and data/*.js, the tables' rows, which the pages load as they need them (no server needed).

    Example:

    \b
        indpol report out/ --to report.html
        indpol report out/ --to report.html --split
    """
    from indpol.report import write_run_report

    written = write_run_report(run_dir, to, split=split, max_bytes=int(max_mb * 1024 * 1024))
    kind = (
        "one file"
        if written.single
        else f"a folder of {written.pages} pages and {written.data_files} data files"
    )
    click.echo(
        f"report: {written.path} ({kind}, {written.documents} documents, {written.bytes / 1e6:.1f} MB)"
    )


@main.command("show")
@click.argument("target")
@click.option("--out", "out", type=click.Path(dir_okay=False), default="view.html", show_default=True,
              help="The page to write.")  # fmt: skip
@click.option("--run", "run_dir", type=click.Path(file_okay=False), default=None,
              help="Run folder in which to look TARGET up as a document id (a prefix will do) or source.")  # fmt: skip
@config_option
@handle_errors
def show_command(target: str, out: str, run_dir: str | None, config_path: str | None) -> None:
    """Write the document view of one document: its text with every fact highlighted, and its facts.

    TARGET is a file (processed first) or, with --run, a document id or source in that run folder.

    Example:

    \b
        indpol show corpus/otchet_o_hode_realizacii_2024.txt --out view.html
        indpol show 3fd82813 --run out/ --out view.html
    """
    from indpol.report import show_document

    click.echo(f"view: {show_document(target, out, run_dir=run_dir, config=config_path)}")
