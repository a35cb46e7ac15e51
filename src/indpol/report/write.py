"""Write a run folder's report (one self-contained page, or a folder with an index page when the run is
large) and the view of one document (a file processed now, or a document of a run folder)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indpol.errors import ReportError
from indpol.store.reader import RunFacts, open_run
from indpol.view.model import DocView, clean
from indpol.view.page import DOCS_FOLDER, MAX_SINGLE_BYTES, render_report, render_view
from indpol.view.tables import DATA_FOLDER, GROUP_BYTES


@dataclass
class Written:
    """What a report wrote: its entry page, whether it is one file, its pages, data files and bytes."""

    path: Path
    single: bool
    pages: int
    bytes: int
    documents: int
    data_files: int = 0


def failure_rows(facts: RunFacts) -> list[dict[str, Any]]:
    return [{k: clean(v) for k, v in row.items()} for row in facts.failures.to_dict("records")]


def write_run_report(
    run_dir: str | Path,
    to: str | Path,
    *,
    split: bool | None = None,
    max_bytes: int = MAX_SINGLE_BYTES,
    group_bytes: int = GROUP_BYTES,
) -> Written:
    """Write the report of the run folder ``run_dir`` to ``to`` (an ``.html`` file). A report past
    ``max_bytes`` (or with ``split=True``) becomes the folder ``to`` without its suffix, holding
    ``index.html``, ``docs/<document>.html`` and the facts tables' rows in ``data/*.js``."""
    to = Path(to)
    if to.suffix.lower() not in (".html", ".htm"):
        raise ReportError("the report must end in .html", path=to)
    facts = open_run(run_dir)
    views = facts.views()
    title = f"indpol report: {run_dir}"
    report = render_report(
        views, failure_rows(facts), title, split=split, max_bytes=max_bytes, group_bytes=group_bytes
    )
    if report.single:
        entry = to
        _write(to, report.pages["index.html"])
    else:
        folder = to.with_suffix("")
        if folder.exists() and not (folder / "index.html").is_file():
            raise ReportError("exists and is not an indpol report folder; choose another name", path=folder)
        if folder.exists():
            for sub in (DOCS_FOLDER, DATA_FOLDER):
                shutil.rmtree(folder / sub, ignore_errors=True)
        for name, text in (*report.pages.items(), *report.data.items()):
            _write(folder / name, text)
        entry = folder / "index.html"
    return Written(entry, report.single, len(report.pages), report.size, len(views), len(report.data))


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"cannot write the report ({exc.strerror or exc})", path=path) from None


def find_document(run_dir: str | Path, key: str) -> DocView:
    """The document of a run folder whose id starts with ``key`` or whose source is ``key``."""
    facts = open_run(run_dir)
    documents = facts.documents
    matches = documents[(documents["source"] == key) | documents["doc_id"].str.startswith(key.lower())]
    if matches.empty:
        raise ReportError(f"no document {key!r} in this run folder", path=run_dir)
    if len(matches) > 1 and not (matches["source"] == key).any():
        raise ReportError(f"{len(matches)} documents start with {key!r}; give more of the id", path=run_dir)
    row = matches[matches["source"] == key] if (matches["source"] == key).any() else matches
    return facts.views([row.iloc[0]["doc_id"]])[0]


def show_document(
    target: str | Path, out: str | Path, *, run_dir: str | Path | None = None, config: Any = None
) -> Path:
    """Write the view of one document to ``out``: ``target`` is a file (processed now) or, with
    ``run_dir``, a document id (a prefix will do) or source of that run folder."""
    path = Path(target)
    if run_dir is not None and not path.is_file():
        view = find_document(run_dir, str(target))
    elif path.is_file():
        from indpol.pipeline import Pipeline

        view = DocView.from_document(Pipeline.from_config(config).process(path))
    else:
        raise ReportError("no such file (give --run RUN_DIR to look a document id up)", path=target)
    out = Path(out)
    _write(out, render_view(view))
    return out


__all__ = ["ReportError", "Written", "show_document", "write_run_report"]
