"""``indpol eval stages``: score the stages extractor against gold."""

from __future__ import annotations

import click

from indpol.cli.base import config_option, eval_group, gold_options, handle_errors, write_jsonl


@eval_group.command("stages")
@gold_options("stages")
@config_option
@handle_errors
def eval_stages(
    gold_path: str, texts_dirs: tuple[str, ...], errors_path: str | None, config_path: str | None
) -> None:
    """Item precision, recall and F1 of stages, plus period, status and order accuracy.

    Each gold file is run through the real pipeline; a predicted stage matches a gold row
    when their source spans overlap (one to one, largest overlap first). A gold file with
    document lines (doc_kind, offsets into the document's text, row kinds) is scored per
    document kind: rows, stage-or-term rows, kinds, status, and rows on non-plan lists.

    Example:

    \b
        indpol eval stages --gold corpus/gold/stages-dev.jsonl --texts ../shared/data/rurebus-train \\
            --texts ../shared/data/seed
    """
    from indpol.evaluate import stage_kinds
    from indpol.evaluate.stages import evaluate, report_lines
    from indpol.pipeline import Pipeline

    if stage_kinds.is_kind_gold(gold_path):  # read on real documents, with kinds
        found = stage_kinds.evaluate(gold_path, texts_dirs, Pipeline.from_config(config_path))
        for line in stage_kinds.report_lines(found):
            click.echo(line)
        write_jsonl(errors_path, found.errors)
        return
    scores = evaluate(gold_path, texts_dirs, Pipeline.from_config(config_path))
    for line in report_lines(scores):
        click.echo(line)
    write_jsonl(errors_path, scores.errors)
