"""Progress for batch runs: a rich bar on a terminal, periodic plain lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from indpol.display import terminal_safe
from indpol.records import Document

PLAIN_EVERY_SECONDS = 10.0


class PlainProgress:
    """Writes ``done/total`` with rate and ETA every few seconds, and each failure."""

    def __init__(self, stream: TextIO | None = None, every: float = PLAIN_EVERY_SECONDS):
        self.stream = stream or sys.stderr
        self.every = every
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int, doc: Document | None) -> None:
        now = time.monotonic()
        if doc is not None and doc.status in ("failed", "needs_ocr"):
            print(f"{doc.status}: {terminal_safe(doc.source)}: {terminal_safe(doc.error)}", file=self.stream)
        if now - self.last >= self.every or done == total:
            self.last = now
            rate = done / max(now - self.started, 1e-9)
            eta = (total - done) / rate if rate else 0.0
            print(f"[{done}/{total}] {rate:.2f} docs/s, ETA {eta:.0f} s", file=self.stream, flush=True)

    def close(self) -> None:
        pass


class BarProgress:
    """A rich progress bar with documents/s and ETA."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.console = Console(stderr=True)
        self.bar = Progress(
            TextColumn("indpol run"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} docs/s"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[current]}"),
            console=self.console,
            transient=False,
        )
        self.task: Any = None
        self.started = time.monotonic()

    def __call__(self, done: int, total: int, doc: Document | None) -> None:
        if self.task is None:
            self.bar.start()
            self.task = self.bar.add_task("run", total=total, rate="0.0", current="")
        if doc is not None and doc.status in ("failed", "needs_ocr"):
            line = escape_markup(f"{terminal_safe(doc.source)}: {terminal_safe(doc.error)}")
            self.console.print(f"[red]{doc.status}[/red]: {line}", markup=True, highlight=False)
        rate = done / max(time.monotonic() - self.started, 1e-9)
        current = escape_markup(_short(terminal_safe(doc.source))) if doc is not None else ""
        self.bar.update(self.task, completed=done, rate=f"{rate:.2f}", current=current)

    def close(self) -> None:
        if self.task is not None:
            self.bar.stop()


def escape_markup(text: str) -> str:
    """Text Rich prints as it is ("[link=…]" in a file name is no markup)."""
    from rich.markup import escape

    return escape(text)


def _short(source: str, width: int = 40) -> str:
    """A file name to fit the bar: its end, which names the file."""
    return source if len(source) <= width else "…" + source[-(width - 1) :]


def make_progress(silent: bool) -> PlainProgress | BarProgress | None:
    if silent:
        return None
    return BarProgress() if sys.stderr.isatty() else PlainProgress()
