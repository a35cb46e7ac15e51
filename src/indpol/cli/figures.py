"""``indpol eval figures``: score the figures extractor against gold."""

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
