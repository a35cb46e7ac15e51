"""``indpol eval acts``: score legal-act mentions (LAW entities) against gold."""

from __future__ import annotations

import click

from indpol.cli.base import config_option, eval_group, gold_options, handle_errors, write_jsonl


@eval_group.command("acts")
@gold_options("acts")
@config_option
@handle_errors
def eval_acts(
    gold_path: str, texts_dirs: tuple[str, ...], errors_path: str | None, config_path: str | None
) -> None:
    """Span precision, recall and F1 of legal-act mentions, with type, number, date and issuer
    accuracy, per document kind.

    Gold has a line per document (doc_kind, text_sha1, optional sampled ranges) and a line per
    mention with offsets into the document's text.

    Example:

    \b
        indpol eval acts --gold acts.jsonl --texts documents/
    """
    from indpol.evaluate.acts import evaluate, report_lines
    from indpol.pipeline import Pipeline

    scores = evaluate(gold_path, texts_dirs, Pipeline.from_config(config_path))
    for line in report_lines(scores):
        click.echo(line)
    write_jsonl(errors_path, scores.errors)
