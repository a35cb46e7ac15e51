"""Issue 21, items 11, 12 and 13 on a run of hostile documents: what a run stored is queried, exported and
reported without reaching files, other run folders or the terminal's controls.

Two run folders (an earlier and a later edition) each hold a good file and a document whose file name
carries terminal escape sequences and Rich markup and whose text carries Rich markup, a Markdown link to
``javascript:`` and a figure that changes between the editions. Each runs in ``indpol run`` (worker
processes, the figures step, a memory cap) of a Python process of its own (tests/hostile/measured.py):
status, time and the workers' peak memory. Then, as a user would: ``indpol query`` prints the hostile name
and text escaped and refuses to write over the run's own files or read others (item 11); ``indpol export``
refuses another run folder, ``/proc`` and a full disk with one line each (item 12); ``indpol compare``
prints and writes its Markdown report with the name and the link syntax escaped (item 13). The case tables
of each refusal and escape are in tests/test_export.py (``test_cli_query_reaches_only_the_store``,
``test_export_never_writes_into_another_run_folder``, ``test_unwritable_targets_are_one_line_errors``) and
tests/test_report.py (``test_terminal_safe``, ``test_untrusted_text_printed_safely``,
``test_markdown_escapes_link_syntax``); these run them on what a hostile run stored.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NO_STEPS

from indpol.cli import main

from .build import PARAGRAPHS
from .measured import ROOT, TIMEOUT, assert_bounded, run_in_a_process

CAP_MB = 1000
CONFIG = {
    **NO_STEPS,
    "extract": {"entities": False, "figures": True, "stages": False},
    "ingest": {"timeout": TIMEOUT},
    "run": {"max_memory_mb": CAP_MB},
}
ESCAPE = "\x1b]8;;mailto:x@evil.example\x07"  # an OSC 8 hyperlink (no slash: a file name): the name a link
NAME = f"отчёт {ESCAPE}[link=mailto:x@evil.example][blink]кликни\x1b[2J.txt"
RICH = "[link=file:///etc/passwd]нажмите[/link]"
MARKDOWN = "[подробнее](javascript:alert(1))"


def hostile_text(value: str) -> str:
    return (
        "Отчёт о ходе реализации программы\n\n"
        f"Объем экспорта станков {RICH} в 2025 году составит {value} млн долларов; {MARKDOWN}.\n"
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """{edition: (run folder, its measured run)} for the earlier and the later edition."""
    base = tmp_path_factory.mktemp("untrusted")
    result = {}
    for edition, value in (("old", "12 345,6"), ("new", "15 000,0")):
        folder = base / edition / "in"
        folder.mkdir(parents=True)
        (folder / NAME).write_text(hostile_text(value), encoding="utf-8")
        (folder / "good.txt").write_text(
            "\n\n".join(PARAGRAPHS), encoding="utf-8"
        )  # the same in both editions
        result[edition] = (base / edition / "out", run_in_a_process(folder, base / edition / "out", CONFIG))
    return result


def invoke(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(arg) for arg in args])


@pytest.mark.parametrize("edition", ["old", "new"])
def test_hostile_documents_ok_time_and_peak_memory(runs, edition):
    _out, result = runs[edition]
    assert result["rows"] == {NAME: ["ok", None, None], "good.txt": ["ok", None, None]}
    assert_bounded(result, CAP_MB)


def test_query_prints_names_and_text_escaped(runs):
    out, _result = runs["new"]
    sql = "SELECT source, text FROM passages WHERE text LIKE '%нажмите%'"
    result = invoke("query", out, sql, "--max-width", "0")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b]8;;mailto:x@evil.example\\x07" in result.output  # the escape shown, never run
    assert (
        "[link=mailto:x@evil.example][blink]кликни" in result.output
    )  # Rich markup in a name (no closing tags: no slash in a name) is text
    assert "[link=file:///etc/passwd]" in result.output  # and in a passage


@pytest.mark.parametrize(
    "sql",
    [
        "COPY (SELECT 'overwritten') TO '{out}/documents.jsonl'",  # the run's own files
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_csv('{out}/passages.jsonl')",
    ],
)
def test_query_reaches_only_the_store(runs, sql):
    out, _result = runs["new"]
    before = (out / "documents.jsonl").read_bytes()
    result = invoke("query", out, sql.format(out=out))
    assert result.exit_code != 0 and "--allow-files" in result.output and "Traceback" not in result.output
    assert (out / "documents.jsonl").read_bytes() == before


def test_export_never_writes_into_another_run_folder(runs):
    out, _result = runs["new"]
    other, _other_result = runs["old"]
    before = {path.name: path.read_bytes() for path in other.glob("*.jsonl")}
    result = invoke("export", out, "--to", other)
    assert (
        result.exit_code != 0 and "another run folder" in result.output and "Traceback" not in result.output
    )
    assert {path.name: path.read_bytes() for path in other.glob("*.jsonl")} == before


def test_export_to_proc_is_a_one_line_error(runs):
    out, _result = runs["new"]
    result = invoke("export", out, "--to", "/proc/self")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("Error: /proc/")


@contextlib.contextmanager
def full_disk():  # type: ignore[no-untyped-def]
    """(a folder on a file system of 16 KB, or ``None``) and the ``preexec_fn`` that makes writes fail where no
    small file system can be mounted (not root): a file size limit of 4 KB, as a full disk stops a writer."""
    folder = Path(tempfile.mkdtemp(prefix="full-disk-"))
    mounted = (
        os.geteuid() == 0
        and shutil.which("mount") is not None
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write then fails with EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    try:
        yield folder, None if mounted else limit
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=False)
        with contextlib.suppress(OSError):
            for path in folder.iterdir():
                path.unlink()
            folder.rmdir()


def test_export_to_a_full_disk_is_a_one_line_error(runs):
    out, _result = runs["new"]
    with full_disk() as (folder, limit):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "indpol",
                "export",
                str(out),
                "--to",
                str(folder),
                "--format",
                "jsonl,csv,xlsx",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            preexec_fn=limit,
        )
        assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
        (last,) = result.stderr.strip().splitlines()
        assert last.startswith("Error: ") and "cannot write" in last, last
        assert not [
            path.name for path in folder.iterdir() if path.name.endswith(".tmp")
        ]  # no temporaries left


def test_compare_prints_and_reports_escaped(runs, tmp_path):
    old, _old_result = runs["old"]
    new, _new_result = runs["new"]
    report = tmp_path / "changes.md"
    result = invoke("compare", old, new, "--out", report)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    page = report.read_text(encoding="utf-8")
    assert "| 12 345 600 000 | 15 000 000 000 |" in page  # the hostile document's figure changed
    assert "\x1b" not in page and "\x07" not in page and "](javascript" not in page
    assert "\\[подробнее\\]\\(javascript:alert\\(1\\)\\)" in page  # link syntax shown as text
    assert "\\[link=file:///etc/passwd\\]" in page and "\\[link=mailto:x@evil.example\\]" in page
    assert "\\\\x1b\\]8;;mailto" in page  # the escape sequence in the name is shown
