"""``indpol eval stages``: score the stages extractor against gold."""

from __future__ import annotations

import json

import click

from indpol.cli.base import config_option, eval_group, handle_errors


@eval_group.command("stages")
@click.option(
    "--gold",
    "gold_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Gold stages (JSONL: file, start, end, list, order, stage, period_start, period_end, status).",
)
@click.option(
    "--texts",
    "texts_dirs",
    required=True,
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder holding the gold files' texts (repeat for several folders).",
)
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write every miss, spurious row and attribute mismatch to this JSONL file.",
)
@config_option
@handle_errors
def eval_stages(
    gold_path: str, texts_dirs: tuple[str, ...], errors_path: str | None, config_path: str | None
) -> None:
    """Item precision, recall and F1 of stages, plus period, status and order accuracy.

    Each gold file is run through the real pipeline; a predicted stage matches a gold row
    when their source spans overlap (one to one, largest overlap first).

    Example:

    \b
        indpol eval stages --gold corpus/gold/stages-dev.jsonl --texts ../shared/data/rurebus-train \\
            --texts ../shared/data/seed
    """
    from indpol.evaluate.stages import evaluate, report_lines
    from indpol.pipeline import Pipeline

    scores = evaluate(gold_path, texts_dirs, Pipeline.from_config(config_path))
    for line in report_lines(scores):
        click.echo(line)
    if errors_path:
        with open(errors_path, "w", encoding="utf-8") as handle:
            for row in scores.errors:
                handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
