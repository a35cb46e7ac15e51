import json
import re

import pytest
from click.testing import CliRunner
from conftest import NO_STEPS, needs_font

from indpol import __version__
from indpol.cli import main
from indpol.testing import read_jsonl


@pytest.fixture
def no_steps_config(tmp_path):
    import yaml

    path = tmp_path / "fast.yaml"
    path.write_text(yaml.safe_dump(NO_STEPS), encoding="utf-8")
    return str(path)


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


@needs_font
def test_run_bad_inputs_goes_on_and_reports_each(tmp_path, bad_inputs, no_steps_config):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "run",
            str(bad_inputs),
            "--out",
            str(out),
            "--config",
            no_steps_config,
            "--engine",
            "inline",
            "--silent",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "13 files" in result.output and "7 ok" in result.output
    documents = {row["source"].rsplit("/", 1)[-1]: row for row in read_jsonl(out / "documents.jsonl")}
    assert (
        documents["encrypted.pdf"]["status"] == "failed" and "password" in documents["encrypted.pdf"]["error"]
    )
    assert documents["image_only.pdf"]["status"] == "needs_ocr"
    assert documents["cp1251.txt"]["status"] == "ok" and documents["cp1251.txt"]["pages"] is None
    failures = read_jsonl(out / "failures.jsonl")
    assert {f["source"].rsplit("/", 1)[-1] for f in failures} >= {
        "empty.txt",
        "random.pdf",
        "truncated.pdf",
        "encrypted.pdf",
        "image_only.pdf",
        "scripts_only.html",
    }
    passages = read_jsonl(out / "passages.jsonl")
    assert passages and all(p["text"] for p in passages)
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["counts"]["failed"] == 5 and run["version"] == __version__

    strict = CliRunner().invoke(
        main,
        [
            "run",
            str(bad_inputs),
            "--out",
            str(tmp_path / "strict"),
            "--config",
            no_steps_config,
            "--engine",
            "inline",
            "--silent",
            "--strict",
        ],
    )
    assert strict.exit_code == 1


@needs_font
def test_run_all_failed_exits_non_zero(tmp_path, no_steps_config):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(
        main,
        [
            "run",
            str(tmp_path / "in"),
            "--out",
            str(tmp_path / "out"),
            "--config",
            no_steps_config,
            "--engine",
            "inline",
            "--silent",
        ],
    )
    assert result.exit_code == 1 and "1 failed" in result.output


def test_inspect_shows_passages(tmp_path, no_steps_config):
    path = tmp_path / "note.txt"
    path.write_text("Заголовок\n\nВзаимный товарооборот вырос.\n\n1. создание условий;\n", encoding="cp1251")
    result = CliRunner().invoke(main, ["inspect", str(path), "--config", no_steps_config])
    assert result.exit_code == 0, result.output
    assert "status ok" in result.output and "list_item" in result.output and "heading" in result.output


def test_bad_config_is_one_line_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("ingest:\n  pages: 3\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["inspect", str(path), "--config", str(path)])
    assert result.exit_code == 1
    assert "unknown key 'ingest.pages'" in result.output and "Traceback" not in result.output


def test_inputs_respect_indpolignore(tmp_path):
    from indpol.ingest.files import iter_input_files

    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "README.md").write_text("x", encoding="utf-8")
    (tmp_path / "report.txt").write_text("x", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"x")
    (tmp_path / ".indpolignore").write_text("# notes\nsources/\nREADME.md\n", encoding="utf-8")
    found = [path for path, _ in iter_input_files([tmp_path])]
    assert found == [str(tmp_path / "report.txt")]
    assert list(iter_input_files([tmp_path / "missing"])) == [
        (str(tmp_path / "missing"), "no such file or folder")
    ]


def test_run_reports_each_failure_once_and_counts_facts(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "note.txt").write_text(
        "Союзная программа профинансирована на 98 400,0 тыс. рублей в 2023 году.", encoding="utf-8"
    )
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    result = CliRunner().invoke(
        main, ["run", str(inputs), "--out", str(tmp_path / "out"), "--engine", "inline"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("broken.pdf") == 1  # the progress line, not also a log line
    assert "models load first" in result.output
    summary = result.output.strip().splitlines()[-1]
    assert "2 files: 1 ok, 1 failed" in summary and re.search(r"\b1 figures\b", summary), summary
