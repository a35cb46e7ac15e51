"""Runs survive odd file names and kinds, never read an over-size file, and time out in-process too."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NO_STEPS

from indpol.cli import main
from indpol.ingest.files import FileStamp, display_name, file_changed
from indpol.pipeline import Pipeline
from indpol.pipeline.batch import process_with_timeout

TEXT = "Союзная программа реализуется в 2024 году.\n"


def documents(out: Path) -> dict[str, dict]:
    rows = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    return {Path(row["source"]).name: row for row in rows}


def config_file(tmp_path: Path, **ingest) -> str:
    import yaml

    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({**NO_STEPS, "ingest": ingest}), encoding="utf-8")
    return str(path)


def run_folder(tmp_path: Path, files: dict[str, str | bytes], *extra: str):
    """``files`` written into tmp_path/in (text as UTF-8), then ``indpol run`` on it into tmp_path/out."""
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        target = folder / name
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    args = ["run", str(folder), "--out", str(tmp_path / "out"), "--workers", "1", "--silent",
            "--config", config_file(tmp_path), *extra]  # fmt: skip
    return CliRunner().invoke(main, args)


def _swap_in_a_copy(path, old):
    """A sync tool's swap: a new copy moved over the file, its modification time set back."""
    spare = path.with_name("spare")
    spare.write_bytes(b"abd")
    os.utime(spare, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(spare, path)


# what is done to a file after it was stamped and 3 bytes read → whether it changed
FILE_CHANGES = {
    "nothing": (lambda path, old: None, False),
    "appended": (lambda path, old: path.write_bytes(b"abcd"), True),
    "rewritten, time set back": (
        lambda path, old: (path.write_bytes(b"abd"), os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))),
        True,
    ),
    "a copy swapped in, time set back": (_swap_in_a_copy, True),
    "removed": (lambda path, old: path.unlink(), True),
}


@pytest.mark.parametrize(("change", "changed"), FILE_CHANGES.values(), ids=FILE_CHANGES)
def test_file_changed_sees_every_writer(tmp_path, change, changed):
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    old = os.stat(path)
    stamp = FileStamp.of(old)
    time.sleep(0.01)  # a change time the file system can tell apart
    change(path, old)
    assert file_changed(path, stamp, 3) is changed


def test_display_name_escapes_bytes_that_are_not_utf8():
    assert (
        display_name(os.fsdecode(b"d/\xd0\xbe\xd1\x82\xd1\x87\xd0\xb5\xd1\x82 \xff.txt"))
        == "d/отчет \\xff.txt"
    )


def test_file_name_that_is_not_utf8_does_not_stop_the_run(tmp_path):
    (tmp_path / "in").mkdir()
    with open(os.path.join(os.fsencode(tmp_path / "in"), b"bad\xff.txt"), "wb") as handle:
        handle.write("Другой текст о союзной программе.\n".encode())
    result = run_folder(tmp_path, {"good.txt": TEXT})
    assert result.exit_code == 0, result.output
    rows = documents(tmp_path / "out")
    assert rows["bad\\xff.txt"]["status"] == "ok" and rows["good.txt"]["status"] == "ok"
    again = run_folder(tmp_path, {})
    assert again.exit_code == 0 and "2 skipped" in again.output  # not reported as its own duplicate


def test_run_refuses_an_oversize_file_without_hashing_it(tmp_path, monkeypatch):
    import indpol.pipeline.batch as batch

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.txt").write_text(TEXT * 100, encoding="utf-8")
    (tmp_path / "in" / "small.txt").write_text(TEXT, encoding="utf-8")
    hashed: list[str] = []
    real_hash = batch.hash_file
    monkeypatch.setattr(batch, "hash_file", lambda path: hashed.append(Path(path).name) or real_hash(path))
    pipeline = Pipeline.from_config({**NO_STEPS, "ingest": {"max_bytes": 1000}})
    summary = pipeline.run([tmp_path / "in"], tmp_path / "out", engine="inline", workers=1)
    rows = documents(tmp_path / "out")
    assert (rows["big.txt"]["status"], rows["big.txt"]["error_code"]) == ("failed", "E_TOO_BIG")
    assert rows["big.txt"]["bytes"] == len((TEXT * 100).encode()) and rows["small.txt"]["status"] == "ok"
    assert hashed == ["small.txt"] and summary.counts["failed"] == 1


def test_oversize_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_text(TEXT * 100, encoding="utf-8")
    pipeline = Pipeline.from_config({**NO_STEPS, "ingest": {"max_bytes": 1000}})
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    doc = pipeline.process(big)
    assert (doc.status, doc.error_code) == ("failed", "E_TOO_BIG")
    assert doc.bytes == big.stat().st_size and doc.format == "txt"
    assert len(doc.doc_id) == 64


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_is_reported_not_read(tmp_path):
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    result = run_folder(tmp_path, {"good.txt": TEXT})
    assert result.exit_code == 0, result.output
    rows = documents(tmp_path / "out")
    assert rows["pipe.txt"]["status"] == "failed" and "named pipe" in rows["pipe.txt"]["error"]
    doc = Pipeline.from_config(NO_STEPS).process(tmp_path / "in" / "pipe.txt")  # inspect must not hang either
    assert doc.status == "failed" and doc.error == "not a regular file"


def test_in_process_timeout_is_not_swallowed_by_a_step(tmp_path):
    path = tmp_path / "slow.txt"
    path.write_text(TEXT, encoding="utf-8")
    pipeline = Pipeline.from_config(NO_STEPS)

    def sleepy_step(doc, models, config):
        import time

        time.sleep(30)

    pipeline._steps = [("entities", sleepy_step)]
    doc = process_with_timeout(pipeline, str(path), 0.3)
    assert (doc.status, doc.error_code) == ("failed", "E_TIMEOUT")


def test_strict_rerun_fails_when_stored_failures_are_skipped(tmp_path):
    files = {"good.txt": TEXT, "broken.pdf": b"%PDF-1.7 not really"}
    assert run_folder(tmp_path, files).exit_code == 0
    again = run_folder(tmp_path, files, "--strict")
    assert "2 skipped" in again.output and again.exit_code == 1


def test_duplicates_are_no_failures(tmp_path):
    assert run_folder(tmp_path, {"a.txt": TEXT, "b.txt": TEXT}).exit_code == 0
    out = tmp_path / "out"
    rows = documents(out)
    assert rows["b.txt"]["status"] == "duplicate" and rows["b.txt"]["duplicate_of"].endswith("a.txt")
    assert (out / "failures.jsonl").read_text(encoding="utf-8") == ""


def test_process_of_a_missing_path_raises_but_a_run_records_it(tmp_path):
    pipeline = Pipeline.from_config(only=())
    with pytest.raises(FileNotFoundError):
        pipeline.process(tmp_path / "typo.pdf")
    from indpol.pipeline.pool import failed_on_exception

    doc = failed_on_exception(str(tmp_path / "gone.txt"), FileNotFoundError(2, "no such file"))
    assert (doc.status, doc.error_code, doc.error) == ("failed", "E_NOT_FOUND", "no such file")
