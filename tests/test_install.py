"""indpol installed from its wheel, outside the checkout, works as in the checkout: the model, the default
configuration, the label files and the data files travel inside the wheel (found with importlib.resources),
and a user's commands (run, export, query, tables, train --dry-run, the README's notebook snippet) work there."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, SEED

SOURCES = ["otchet_o_hode_realizacii_2024.txt", "doklad_finansirovanie_soyuznyh_programm.pdf"]
UNBUILT = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "out")


def test_packages_listed_for_the_wheel_are_those_under_src():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT / "src").parts) for init in (ROOT / "src").rglob("__init__.py")
    }
    assert listed == found | {"indpol.models", "indpol.defaults", "indpol.labels"}


@dataclass
class Installed:
    """A venv outside the checkout with indpol installed from its wheel."""

    home: Path  # a folder outside the checkout, the commands' working folder
    python: Path
    package: Path  # site-packages/indpol of the venv
    env: dict[str, str]

    def run(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.python), *args], cwd=cwd or self.home, env=self.env, capture_output=True, text=True
        )

    def indpol(self, *args: str) -> str:
        """``python -m indpol ARGS``: its standard output, after checking it succeeded."""
        done = self.run("-m", "indpol", *args)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    """A wheel built from the checkout and installed (without dependencies) in a new venv; the project's own
    site-packages lend the dependencies. Decoys wait where an installed package once looked for "the
    repository": an empty models/ (every document failed with "model file not found"), a stray pipeline.yaml
    (a config error) and a corpus/labels/ with a bad row; none may be read."""
    home = tmp_path_factory.mktemp("install")
    clean = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}  # no indpol of src/ seen
    # built from a copy: setuptools reuses a checkout's build/, whose stale files would travel in the wheel
    source = home / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*UNBUILT))
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(home)]
    subprocess.run([*build, str(source)], check=True, capture_output=True, env=clean)
    (wheel,) = home.glob("indpol-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(home / "venv")], check=True, env=clean)
    python = home / "venv" / "bin" / "python"
    install = [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)]
    subprocess.run(install, check=True, env=clean)
    lib = next((home / "venv" / "lib").glob("python*"))
    (lib / "models").mkdir(exist_ok=True)
    (lib / "pipeline.yaml").write_text("not_a_section: 1\n")
    (lib / "corpus" / "labels").mkdir(parents=True)
    (lib / "corpus" / "labels" / "decoy.jsonl").write_text("not json\n")
    env = {**clean, "PYTHONPATH": sysconfig.get_paths()["purelib"]}  # dependencies only: no indpol
    return Installed(home, python, lib / "site-packages" / "indpol", env)


@pytest.fixture(scope="module")
def installed_run(installed) -> Path:
    """``indpol run`` of the installed package over a folder with a TXT, a PDF and the seed article (when
    ../shared/data has it)."""
    inputs = installed.home / "inputs"
    inputs.mkdir()
    for path in [*(CORPUS / name for name in SOURCES), *([SEED] if SEED.is_file() else [])]:
        (inputs / path.name).write_bytes(path.read_bytes())
    installed.indpol("run", "inputs", "--out", "out", "--engine", "inline", "--silent")
    return installed.home / "out"


def test_the_installed_package_finds_its_own_files_inside_itself(installed):
    found = installed.run(
        "-c",
        "import json, indpol, indpol.config as c, indpol.data as d, indpol.classify.train as t\n"
        "print(json.dumps({'package': indpol.__file__, 'checkout': str(c.CHECKOUT_DIR),\n"
        "  'config': str(c.DEFAULT_CONFIG_PATH), 'models': str(c.MODELS_DIR), 'labels': str(t.LABELS_DIR),\n"
        "  'data': str(d.DATA_DIR), 'texts': list(map(str, t.DEFAULT_TEXTS))}))",
    )
    assert found.returncode == 0, found.stderr
    paths = json.loads(found.stdout)
    package = installed.package
    assert paths["package"] == str(package / "__init__.py") and paths["checkout"] == "None"
    assert paths["config"] == str(package / "defaults" / "pipeline.yaml")
    assert (package / "defaults" / "pipeline.yaml").read_bytes() == (ROOT / "pipeline.yaml").read_bytes()
    assert paths["models"] == str(package / "models") and (package / "models" / "directions.skops").is_file()
    assert paths["labels"] == str(package / "labels") and paths["data"] == str(package / "data")
    assert sorted(p.name for p in (package / "labels").iterdir()) == sorted(
        p.name for p in (ROOT / "corpus" / "labels").glob("*.jsonl")
    )
    assert paths["texts"] == []  # no shared data folder is guessed beside an installed package


def test_wheel_runs_outside_the_checkout(installed_run):
    documents = [json.loads(line) for line in (installed_run / "documents.jsonl").read_text().splitlines()]
    assert [doc["status"] for doc in documents] == ["ok"] * (3 if SEED.is_file() else 2)
    passages = [json.loads(line) for line in (installed_run / "passages.jsonl").read_text().splitlines()]
    assert any(passage["directions"] for passage in passages)  # the shipped model was found and used
    figures = [json.loads(line) for line in (installed_run / "figures.jsonl").read_text().splitlines()]
    assert figures and all(figure["source"].startswith("inputs") for figure in figures)


def test_installed_export_query_and_tables(installed, installed_run):
    installed.indpol("export", "out", "--format", "csv,xlsx", "--csv-dialect", "excel-ru", "--to", "sheets")
    sheets = installed.home / "sheets"
    assert (sheets / "facts.xlsx").stat().st_size > 0
    header = next(csv.reader((sheets / "figures.csv").open(encoding="utf-8-sig"), delimiter=";"))
    assert header[:6] == ["doc_id", "passage_id", "figure_id", "source", "page", "char_start"]
    sql = "SELECT source, page, value FROM figures WHERE source LIKE '%.pdf' AND unit = 'RUB' ORDER BY value DESC"
    rows = json.loads(installed.indpol("query", "out", sql, "--json"))
    assert len(rows) > 3 and all(row["page"] >= 1 for row in rows) and rows[0]["value"] > 1e9
    assert f"{rows[0]['value']}" in installed.indpol("query", "out", sql)  # the number whole, not "124…"
    listing = installed.indpol("tables", "out")
    assert re.search(r"^figures\s+\d+", listing, re.M) and "passage_directions" in listing
    columns = installed.indpol("tables", "out", "figures")  # the meanings come from the packaged columns.yaml
    assert re.search(r"^char_start\s+BIGINT\s+where the row starts", columns, re.M)


def test_installed_training_finds_the_shipped_labels(installed):
    listing = installed.indpol("train", "directions", "--dry-run")
    lines = listing.splitlines()
    files = sorted((ROOT / "corpus" / "labels").glob("*.jsonl"))
    assert lines[0] == f"labels: {installed.package / 'labels'} ({len(files)} files)"
    assert [line.split()[0] for line in lines[1 : 1 + len(files)]] == [file.stem for file in files]
    ours = sum(1 for line in (ROOT / "corpus" / "labels" / "passages-a.jsonl").open() if line.strip())
    assert f"passages-a {ours} passages of {ours} rows" in " ".join(listing.split())
    skipped = next(line for line in lines if line.startswith("skipped"))
    assert "real documents" in skipped and "--texts" in skipped  # their text is not in the wheel: say how
    used = re.search(r"^(\d+) passages would be used", listing, re.M)
    assert used and int(used.group(1)) > 1000 and listing.rstrip().endswith("nothing trained (--dry-run)")


def test_readme_notebook_snippet_runs_with_the_installed_package(installed):
    snippet = re.search(
        r"### From a notebook\s+```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S
    ).group(1)
    folder = installed.home / "notebook"
    shutil.copytree(CORPUS, folder / "corpus")  # the sample documents a newcomer has, away from any checkout
    check = (
        "\nassert len(doc.figures) > 10 and len(facts.documents) == 12, facts"
        "\nassert len(changes.figures_changed) >= 1 and 'new_char_start' in changes.figures_changed\n"
    )
    done = installed.run("-c", snippet + check, cwd=folder)
    assert done.returncode == 0, done.stderr[-3000:]
