"""``indpol eval figures`` and ``indpol eval indicators``: score the figures extractor against gold."""

from __future__ import annotations

import click

from indpol.cli.base import config_option, eval_group, gold_options, handle_errors, write_jsonl


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
    write_jsonl(errors_path, scores.errors)


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
    from indpol.evaluate.figures import figures_pipeline
    from indpol.evaluate.indicators import evaluate_rubric, reading_sheet, report_lines

    scores = evaluate_rubric(gold_path, texts_dirs, figures_pipeline(config_path))
    for line in report_lines(scores):
        click.echo(line)
    write_jsonl(
        errors_path, [row for row in scores.rows if row["label"] != "right" or _attribute_missed(row)]
    )
    write_jsonl(sheet_path, reading_sheet(scores))


def _attribute_missed(row: dict) -> bool:
    """A matched figure whose unit or period differs from the reference."""
    return row["label"] != "unmatched" and (
        row["unit"] != row["gold_unit"] or row["period"] != row["gold_period"]
    )
