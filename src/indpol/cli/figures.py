"""``indpol eval figures`` and ``indpol eval indicators``: score the figures extractor against gold."""

from __future__ import annotations

import json

import click

from indpol.cli.base import config_option, eval_group, gold_options, handle_errors


@eval_group.command("figures")
@gold_options("figures")
@config_option
@handle_errors
def eval_figures(
    gold_path: str, texts_dirs: tuple[str, ...], errors_path: str | None, config_path: str | None
) -> None:
    """Precision, recall and F1 of figures per kind, plus unit and indicator accuracy.

    Each gold file is run through the real pipeline; a prediction matches a gold figure when
    their source spans overlap, the kinds agree and the values differ by at most 0.5 %.

    Example:

    \b
        indpol eval figures --gold corpus/gold/figures-dev.jsonl --texts ../shared/data/rurebus-train \\
            --texts ../shared/data/seed
    """
    from indpol.evaluate.figures import evaluate, figures_pipeline, report_lines

    scores = evaluate(gold_path, texts_dirs, figures_pipeline(config_path))
    for line in report_lines(scores):
        click.echo(line)
    if errors_path:
        with open(errors_path, "w", encoding="utf-8") as handle:
            for row in scores.errors:
                handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


@eval_group.command("indicators")
@gold_options("figures")
@click.option("--sheet", "sheet_path", type=click.Path(dir_okay=False),
              help="Write the matched figures, shuffled, as JSONL for reading by the rubric.")  # fmt: skip
@config_option
@handle_errors
def eval_indicators(
    gold_path: str,
    texts_dirs: tuple[str, ...],
    errors_path: str | None,
    sheet_path: str | None,
    config_path: str | None,
) -> None:
    """Figures of real documents by the indicator rubric: right, vague, wrong, missing; period and unit of
    statistical table cells; non-figures read as figures.

    Gold offsets are into the clean text of each file (any format), re-found by the number as written.

    Example:

    \b
        indpol eval indicators --gold corpus/gold/figures-indicators-dev.jsonl --texts /data/figures-dev/files
    """
    from indpol.evaluate.indicators import evaluate_rubric, reading_sheet, report_lines

    scores = evaluate_rubric(gold_path, texts_dirs, figures_pipeline_for(config_path))
    for line in report_lines(scores):
        click.echo(line)
    for path, rows in ((errors_path, [r for r in scores.rows if r["label"] != "right"]),
                       (sheet_path, reading_sheet(scores))):  # fmt: skip
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                for row in rows:
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def figures_pipeline_for(config_path: str | None):
    from indpol.evaluate.figures import figures_pipeline

    return figures_pipeline(config_path)
