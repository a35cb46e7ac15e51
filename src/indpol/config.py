"""Typed pipeline configuration read from ``pipeline.yaml`` and validated on load.

Every setting has its default here and the same value in the repository's
``pipeline.yaml`` (a test keeps the two equal). An unknown key, a wrong type or a
missing file is a :class:`ConfigError` naming the key, before any document is read.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from indpol.errors import ConfigError
from indpol.facts import REGISTERED
from indpol.resources import PACKAGE_DIR, checkout_of, own_file

# The checkout indpol runs from (None when installed). A wheel carries the default configuration as
# indpol/defaults/pipeline.yaml, the shipped model as indpol/models/ and the label files as indpol/labels/
# (pyproject.toml maps them from the repository's pipeline.yaml, models/ and corpus/labels/).
CHECKOUT_DIR = checkout_of(PACKAGE_DIR)
DEFAULT_CONFIG_PATH = own_file(CHECKOUT_DIR, "pipeline.yaml", "defaults", "pipeline.yaml")
MODELS_DIR = own_file(CHECKOUT_DIR, "models", "models")


@dataclass
class IngestConfig:
    """Reading files into text."""

    pdf_tables: bool = True
    max_bytes: int = field(default=200_000_000, metadata={"min": 1})
    max_pages: int = field(default=2000, metadata={"min": 1})
    max_uncompressed_bytes: int = field(default=300_000_000, metadata={"min": 1})
    max_stream_bytes: int = field(default=32_000_000, metadata={"min": 1})
    timeout: float = field(default=120.0, metadata={"min": 0})  # 0: no limit
    ocr: bool = False
    ocr_language: str = "rus"


@dataclass
class CleanConfig:
    """Normalising extracted text."""

    dehyphenate: bool = True
    remove_running_lines: bool = True
    running_line_min_pages: int = field(default=3, metadata={"min": 2})


@dataclass
class SegmentConfig:
    """Cutting text into passages and sentences."""

    max_passage_chars: int = field(default=4000, metadata={"min": 100})


@dataclass
class AnnotateConfig:
    """spaCy ru + pymorphy3 lemmas and slovnet NER."""

    ner: bool = True
    ner_batch_size: int = field(default=32, metadata={"min": 1})
    ner_max_chars: int = field(default=1000, metadata={"min": 50})
    spacy_pipeline: list[str] = field(
        default_factory=lambda: ["lemmatizer", "indpol_lemmas", "indpol_sentences"]
    )


@dataclass
class ExtractConfig:
    """Rule-based extractors."""

    entities: bool = True
    figures: bool = True
    stages: bool = True
    gazetteer: str | None = None
    stage_cues: str | None = None


@dataclass
class ClassifyConfig:
    """Direction classifier."""

    directions: bool = True
    model: str | None = None
    taxonomy: str | None = None
    top_terms: int = field(default=5, metadata={"min": 0})


def with_switches(cls: type, section: str) -> type:
    """``cls`` with a true/false key, on by default, for each fact type another package registers
    (:data:`indpol.facts.REGISTERED`) whose switch is in ``section``."""
    have = {f.name for f in dataclasses.fields(cls)}
    keys = [fact.switch[1] for fact in REGISTERED if fact.switch and fact.switch[0] == section]
    keys = [key for key in keys if key not in have]
    if not keys:
        return cls
    extended = dataclasses.make_dataclass(cls.__name__, [(key, bool, True) for key in keys], bases=(cls,))
    extended.__module__, extended.__doc__ = cls.__module__, cls.__doc__
    return extended


ExtractConfig = with_switches(ExtractConfig, "extract")  # type: ignore[misc]
ClassifyConfig = with_switches(ClassifyConfig, "classify")  # type: ignore[misc]


@dataclass
class RunConfig:
    """Batch runs."""

    workers: int = field(default=0, metadata={"min": 0})
    engine: Literal["local", "inline", "dask"] = "local"
    formats: list[str] = field(default_factory=list)
    recycle_after: int = field(default=0, metadata={"min": 0})  # documents per worker; 0: no count
    recycle_memory_mb: int = field(default=1024, metadata={"min": 0})  # growth since ready; 0: never
    max_memory_mb: int = field(default=0, metadata={"min": 0})  # per worker; 0: 3/4 of the machine / workers


@dataclass
class PipelineConfig:
    """The whole pipeline's configuration."""

    version: int = field(default=1, metadata={"min": 1, "max": 1})
    ingest: IngestConfig = field(default_factory=IngestConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    annotate: AnnotateConfig = field(default_factory=AnnotateConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    classify: ClassifyConfig = field(default_factory=ClassifyConfig)
    run: RunConfig = field(default_factory=RunConfig)
    base_dir: str | None = field(default=None, metadata={"internal": True})

    @classmethod
    def resolve(cls, value: PipelineConfig | dict[str, Any] | str | Path | None = None) -> PipelineConfig:
        """Accept ``None`` (the checkout's or the installed ``pipeline.yaml``, else defaults), a dict, a path or an instance."""
        if isinstance(value, PipelineConfig):
            return value
        if value is None:
            if DEFAULT_CONFIG_PATH.is_file():
                return load_config(DEFAULT_CONFIG_PATH)
            return cls()
        if isinstance(value, dict):
            return from_dict(cls, value, "")
        return load_config(value)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data.pop("base_dir", None)
        return data

    def hash(self) -> str:
        """Stable hash of the settings that change outputs (run settings excluded)."""
        data = self.to_dict()
        data.pop("run", None)
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def path(self, value: str | None, default: Path) -> Path:
        """Resolve a configured path relative to the config file's folder."""
        if not value:
            return default
        path = Path(value)
        if not path.is_absolute() and self.base_dir:
            path = Path(self.base_dir) / path
        if not path.exists():
            raise ConfigError(f"configured file does not exist: {path}")
        return path


def load_config(path: str | Path) -> PipelineConfig:
    """Read and validate a YAML configuration file."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError("configuration file not found", path=path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", path=path) from None
    if not isinstance(data, dict):
        raise ConfigError("top level must be a mapping", path=path)
    try:
        config = from_dict(PipelineConfig, data, "")
    except ConfigError as exc:
        raise ConfigError(exc.reason, path=path) from None
    config.base_dir = str(path.resolve().parent)
    for key, value in (
        ("extract.gazetteer", config.extract.gazetteer),
        ("extract.stage_cues", config.extract.stage_cues),
        ("classify.model", config.classify.model),
        ("classify.taxonomy", config.classify.taxonomy),
    ):
        if value and not (config.base_dir / Path(value)).exists() and not Path(value).exists():
            raise ConfigError(f"{key}: file not found: {value}", path=path)
    return config


def from_dict(cls: type, data: dict[str, Any], prefix: str) -> Any:
    """Build dataclass ``cls`` from ``data``, rejecting unknown keys and wrong types."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}
    values = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if key not in fields:
            raise ConfigError(f"unknown key '{name}' (allowed: {', '.join(fields)})")
        values[key] = _check(hints[key], value, name)
        low, high = fields[key].metadata.get("min"), fields[key].metadata.get("max")
        if (low is not None and values[key] < low) or (high is not None and values[key] > high):
            bound = f"{low}" if low == high else f"at least {low}" if high is None else f"{low} to {high}"
            raise ConfigError(f"'{name}' must be {bound}, got {value!r}")
    return cls(**values)


def _check(hint: Any, value: Any, name: str) -> Any:
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise ConfigError(f"'{name}' must be a mapping")
        return from_dict(hint, value, f"{name}.")
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Literal:
        if value not in args:
            raise ConfigError(f"'{name}' must be one of {', '.join(map(str, args))}, got {value!r}")
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return _check(inner[0], value, name)
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"'{name}' must be a list")
        return [_check(args[0], item, name) for item in value]
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint is bool and not isinstance(value, bool):
        raise ConfigError(f"'{name}' must be true or false, got {value!r}")
    if hint is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"'{name}' must be an integer, got {value!r}")
    if isinstance(hint, type) and not isinstance(value, hint):
        raise ConfigError(f"'{name}' must be {hint.__name__}, got {value!r}")
    return value


def dump_default_yaml() -> str:
    """The defaults as YAML (what ``pipeline.yaml`` holds)."""
    return yaml.safe_dump(PipelineConfig().to_dict(), allow_unicode=True, sort_keys=False)
