"""``indpol eval ner``: PER/LOC/ORG scores on a factRuEval-2016 folder."""

from __future__ import annotations

import click

from indpol.cli.base import config_option, eval_group, handle_errors


@eval_group.command("ner")
@click.option(
    "--factru",
    "factru_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="factRuEval-2016 folder with *.txt, *.spans and *.objects files.",
)
@click.option("--limit", type=int, default=None, help="Score only the first N documents.")
@click.option("--baseline/--no-baseline", default=True, help="Also score bare slovnet (default: yes).")
@config_option
@handle_errors
def eval_ner(factru_dir: str, limit: int | None, baseline: bool, config_path: str | None) -> None:
    """Token-level precision, recall and F1 per type (PER, LOC, ORG), ours next to bare slovnet.

    Each text goes through the real pipeline (ingest, clean, segment, entities); entities are
    mapped back to the file through their source offsets. Gold spans and scoring follow
    Natasha's naeval: Person objects become PER, Location and LocOrg become LOC (their
    loc_name spans), Org becomes ORG (its org_name spans); scores are per token.

    Example:

    \b
        indpol eval ner --factru ../shared/data/factru-dev
    """
    from indpol.evaluate.ner import (
        entity_pipeline,
        evaluate,
        format_report,
        load_factru,
        pipeline_system,
        slovnet_system,
    )
    from indpol.nlp.ner import load_ner

    pipeline = entity_pipeline(config_path)
    systems = {"indpol": pipeline_system(pipeline)}
    if baseline:
        systems["slovnet"] = slovnet_system(pipeline.models.get("ner", load_ner))
    report = evaluate(load_factru(factru_dir, limit), systems)
    click.echo(format_report(report))
