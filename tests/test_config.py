import re

import pytest
import yaml

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
