"""indpol installed from its wheel, outside the checkout, works as in the checkout: the model and the
data files travel inside the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tomllib

import pytest
from conftest import CORPUS, ROOT

SOURCES = ["otchet_o_hode_realizacii_2024.txt", "doklad_finansirovanie_soyuznyh_programm.pdf"]


def test_packages_listed_for_the_wheel_are_those_under_src():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT / "src").parts) for init in (ROOT / "src").rglob("__init__.py")
    }
    assert listed == found | {"indpol.models"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A wheel built from the checkout and installed (without dependencies) in a new venv; the
    project's own site-packages lend the dependencies."""
    tmp = tmp_path_factory.mktemp("install")
    build = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        str(tmp),
        str(ROOT),
    ]
    subprocess.run(build, check=True, capture_output=True)
    (wheel,) = tmp.glob("indpol-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True)
    python = tmp / "venv" / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    return tmp, python


def test_wheel_runs_outside_the_checkout(installed):
    tmp, python = installed
    inputs = tmp / "inputs"
    inputs.mkdir()
    for name in SOURCES:
        (inputs / name).write_bytes((CORPUS / name).read_bytes())
    # decoys where an installed package once looked for "the repository": never read (an empty models/
    # made every document fail with "model file not found", a stray pipeline.yaml would be a config error)
    lib = next((tmp / "venv" / "lib").glob("python*"))
    (lib / "models").mkdir(exist_ok=True)
    (lib / "pipeline.yaml").write_text("not_a_section: 1\n")
    env = {
        **os.environ,
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
    }  # dependencies only: no editable indpol
    where = subprocess.run(
        [python, "-c", "import indpol; print(indpol.__file__)"],
        cwd=tmp,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(tmp / "venv")), where.stdout + where.stderr
    run = subprocess.run(
        [python, "-m", "indpol", "run", "inputs", "--out", "out", "--engine", "inline", "--silent"],
        cwd=tmp,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    documents = [json.loads(line) for line in (tmp / "out" / "documents.jsonl").read_text().splitlines()]
    assert sorted(doc["status"] for doc in documents) == ["ok", "ok"]
    passages = [json.loads(line) for line in (tmp / "out" / "passages.jsonl").read_text().splitlines()]
    assert any(passage["directions"] for passage in passages)  # the shipped model was found and used
    assert (tmp / "out" / "figures.jsonl").read_text().strip()
