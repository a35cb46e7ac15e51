"""The click group and options shared by every command."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

import click

from indpol import __version__
from indpol.display import terminal_safe
from indpol.errors import IndpolError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="indpol")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def main(verbose: int) -> None:
    """Turn Russian policy documents into structured, checkable facts."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@main.group("eval")
def eval_group() -> None:
    """Score extractors against gold data."""


@main.group("train", invoke_without_command=False)
def train_group() -> None:
    """Train models shipped in models/."""


@main.group("label")
def label_group() -> None:
    """Help people label data for the models."""


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn :class:`IndpolError` into a one-line ``click.ClickException``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except IndpolError as exc:
            raise click.ClickException(terminal_safe(exc.message)) from None

    return wrapper


config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Pipeline configuration (default: pipeline.yaml of the checkout, else the one installed with indpol).",
)
csv_dialect_option = click.option(
    "--csv-dialect",
    type=click.Choice(["standard", "excel-ru"]),
    default="standard",
    show_default=True,
    help="CSV exports: excel-ru writes semicolons and decimal commas for Excel in a Russian locale.",
)


def gold_options(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--gold``, ``--texts`` (repeatable) and ``--errors`` for span-level evaluations."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option(
            "--errors", "errors_path", type=click.Path(dir_okay=False), default=None,
            help=f"Write every miss, spurious {what} and attribute mismatch to this JSONL file.",
        )(func)  # fmt: skip
        func = click.option(
            "--texts", "texts_dirs", required=True, multiple=True, type=click.Path(exists=True, file_okay=False),
            help="Folder holding the gold files' texts, searched with its sub-folders (repeatable).",
        )(func)  # fmt: skip
        return click.option(
            "--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False),
            help=f"Gold {what} (JSONL with offsets into the raw text files).",
        )(func)  # fmt: skip

    return decorate


def write_jsonl(path: str | None, rows: list[Any]) -> None:
    """Rows as JSONL to ``path`` (``--errors``, ``--sheet``); nothing without one."""
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
