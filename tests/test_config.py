import re

import pytest
import yaml
from conftest import ROOT

from indpol.config import DEFAULT_CONFIG_PATH, PipelineConfig, load_config
from indpol.errors import ConfigError


def test_repository_pipeline_yaml_equals_defaults():
    assert load_config(DEFAULT_CONFIG_PATH).to_dict() == PipelineConfig().to_dict()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ingest": {"max_pagez": 3}}, "unknown key 'ingest.max_pagez'"),
        ({"ingest": {"max_pages": "many"}}, "'ingest.max_pages' must be an integer"),
        ({"run": {"engine": "spark"}}, "'run.engine' must be one of local, inline, dask"),
        ({"clean": {"dehyphenate": "yes"}}, "'clean.dehyphenate' must be true or false"),
        ({"extract": 5}, "'extract' must be a mapping"),
    ],
)
def test_config_errors_name_the_key(tmp_path, data, message):
    path = tmp_path / "pipeline.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_config_missing_file_and_missing_model(tmp_path):
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_config(tmp_path / "nope.yaml")
    path = tmp_path / "pipeline.yaml"
    path.write_text("classify:\n  model: missing.skops\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"classify\.model: file not found"):
        load_config(path)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"run": {"workers": -3}}, "'run.workers' must be at least 0, got -3"),
        ({"version": 2}, "'version' must be 1, got 2"),
        ({"ingest": {"max_pages": 0}}, "'ingest.max_pages' must be at least 1, got 0"),
        ({"ingest": {"timeout": -1}}, "'ingest.timeout' must be at least 0, got -1"),
    ],
)
def test_out_of_range_values_are_refused(settings, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        PipelineConfig.resolve(settings)


def _layout(root, files):
    for name in files:
        path = root / name
        if name.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("")


@pytest.mark.parametrize(
    ("files", "package", "checkout"),
    [
        (["pyproject.toml", "src/indpol/", "models/", "pipeline.yaml"], "src/indpol", "."),  # a clone
        (["pyproject.toml", "src/indpol/"], "src/indpol", "."),  # a clone without a models/ of its own
        # a venv: lib/python3.11 holds a models/ and a pipeline.yaml of someone else's
        (["lib/python3.11/site-packages/indpol/", "lib/python3.11/models/", "lib/python3.11/pipeline.yaml"],
         "lib/python3.11/site-packages/indpol", None),
        # pip install --target deps/ inside a project that has its own models/, pipeline.yaml, pyproject.toml
        (["pyproject.toml", "models/", "pipeline.yaml", "deps/indpol/"], "deps/indpol", None),
        (["src/indpol/"], "src/indpol", None),  # a src/ folder that is no project
    ],
)  # fmt: skip
def test_a_checkout_is_recognised_only_by_its_layout(tmp_path, files, package, checkout):
    from indpol.resources import checkout_of

    _layout(tmp_path, files)
    found = checkout_of(tmp_path / package)
    assert found == (None if checkout is None else tmp_path / checkout)


def test_this_checkout_uses_its_own_model_configuration_and_labels():
    from indpol.classify.train import DEFAULT_TEXTS, LABELS_DIR
    from indpol.config import CHECKOUT_DIR, DEFAULT_CONFIG_PATH, MODELS_DIR

    assert CHECKOUT_DIR == ROOT
    assert DEFAULT_CONFIG_PATH == ROOT / "pipeline.yaml" and MODELS_DIR == ROOT / "models"
    assert LABELS_DIR == ROOT / "corpus" / "labels"
    assert tuple(DEFAULT_TEXTS) == (ROOT.parent / "shared" / "data",)


@pytest.mark.parametrize(
    ("files", "checkout", "found"),
    [
        (["repo/corpus/labels/a.jsonl"], "repo", "repo/corpus/labels"),  # the checkout's files win
        (["repo/pyproject.toml"], "repo", "package"),  # a checkout without them: the package's copy
        (["elsewhere/corpus/labels/a.jsonl"], None, "package"),  # installed: no checkout to look in
    ],
)
def test_own_files_come_from_the_checkout_else_the_package(tmp_path, monkeypatch, files, checkout, found):
    import indpol.resources

    _layout(tmp_path, files)
    monkeypatch.setattr(indpol.resources, "packaged", lambda *parts: tmp_path / "package")
    where = indpol.resources.own_file(checkout and tmp_path / checkout, "corpus/labels", "labels")
    assert where == tmp_path / found


def test_packaged_files_are_found_with_importlib_resources():
    from importlib.resources import files

    from indpol.data import DATA_DIR, UNITS
    from indpol.resources import PACKAGE_DIR, packaged

    assert packaged("data", "units.yaml") == UNITS == files("indpol") / "data" / "units.yaml"
    assert DATA_DIR == PACKAGE_DIR / "data" and UNITS.is_file()


def test_packaged_files_of_a_zipped_package_are_copied_out(tmp_path, monkeypatch):
    """A package imported from a zip has no files on disk: each resource becomes a real file."""
    import zipfile

    import indpol.resources

    archive = tmp_path / "indpol.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("indpol/defaults/pipeline.yaml", "version: 1\n")
        zipped.writestr("indpol/labels/a.jsonl", '{"id": "a"}\n')
        zipped.writestr("indpol/labels/b.jsonl", '{"id": "b"}\n')
        zipped.writestr("indpol/data/words/years.txt", "год\n")
    monkeypatch.setattr(indpol.resources, "files", lambda package: zipfile.Path(archive, f"{package}/"))
    config = indpol.resources.packaged("defaults", "pipeline.yaml")
    assert config.is_file() and load_config(config).to_dict() == PipelineConfig().to_dict()
    labels = indpol.resources.packaged("labels")
    assert sorted(path.name for path in labels.iterdir()) == ["a.jsonl", "b.jsonl"]
    assert (labels / "b.jsonl").read_text() == '{"id": "b"}\n'
    assert (indpol.resources.packaged("data") / "words" / "years.txt").read_text(encoding="utf-8") == "год\n"
