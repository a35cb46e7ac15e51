"""The taxonomy of industrial-policy directions: load and validate ``taxonomy.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from indpol.data import TAXONOMY
from indpol.errors import ConfigError

TAXONOMY_PATH = TAXONOMY
REQUIRED = ("id", "name", "description")
LISTS = ("includes", "excludes", "nipo", "gta")
OPTIONAL = ("name_en",)
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Direction:
    """One direction: stable id, Russian name, description and nearest NIPO/GTA categories."""

    id: str
    name: str
    description: str
    name_en: str = ""
    includes: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    nipo: tuple[str, ...] = ()
    gta: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Boundary:
    """A decided look-alike case: which directions it concerns (none: no direction), the case, the decision."""

    between: tuple[str, ...]
    case: str
    decision: str


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """An ordered set of directions and the boundary cases decided between them."""

    directions: tuple[Direction, ...]
    version: int = 1
    boundaries: tuple[Boundary, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.directions)

    def __getitem__(self, direction_id: str) -> Direction:
        for direction in self.directions:
            if direction.id == direction_id:
                return direction
        raise KeyError(direction_id)

    def __contains__(self, direction_id: object) -> bool:
        return direction_id in self.ids

    def __len__(self) -> int:
        return len(self.directions)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read and validate a taxonomy file (default: the packaged ``taxonomy.yaml``)."""
    path = Path(path) if path else TAXONOMY_PATH
    if not path.is_file():
        raise ConfigError("taxonomy file not found", path=path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", path=path) from None
    try:
        return parse_taxonomy(data)
    except ConfigError as exc:
        raise ConfigError(exc.reason, path=path) from None


def parse_taxonomy(data: Any) -> Taxonomy:
    """Validate the parsed YAML and build a :class:`Taxonomy`."""
    if not isinstance(data, dict) or not isinstance(data.get("directions"), list):
        raise ConfigError("taxonomy must be a mapping with a 'directions' list")
    unknown = set(data) - {"version", "directions", "boundaries"}
    if unknown:
        raise ConfigError(f"unknown key '{sorted(unknown)[0]}' (allowed: version, directions, boundaries)")
    version = data.get("version", 1)
    if version != 1:
        raise ConfigError(f"'version' must be 1, got {version!r}")
    directions = tuple(_parse_direction(item, n) for n, item in enumerate(data["directions"]))
    if not directions:
        raise ConfigError("'directions' is empty")
    ids = [d.id for d in directions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ConfigError(f"duplicate direction id '{duplicates[0]}'")
    boundaries = tuple(
        _parse_boundary(item, n, set(ids)) for n, item in enumerate(data.get("boundaries") or [])
    )
    return Taxonomy(directions=directions, version=version, boundaries=boundaries)


def _parse_boundary(item: Any, n: int, ids: set[str]) -> Boundary:
    where = f"boundaries[{n}]"
    if not isinstance(item, dict) or set(item) != {"between", "case", "decision"}:
        raise ConfigError(f"'{where}' must be a mapping of between, case and decision")
    between = item["between"]
    if not isinstance(between, list) or not all(isinstance(b, str) for b in between):
        raise ConfigError(f"'{where}.between' must be a list of direction ids")
    unknown = [b for b in between if b not in ids]
    if unknown:
        raise ConfigError(f"'{where}.between' names an unknown direction '{unknown[0]}'")
    for key in ("case", "decision"):
        if not isinstance(item[key], str) or not item[key].strip():
            raise ConfigError(f"'{where}.{key}' must be a non-empty string")
    return Boundary(tuple(between), item["case"].strip(), item["decision"].strip())


def _parse_direction(item: Any, n: int) -> Direction:
    where = f"directions[{n}]"
    if not isinstance(item, dict):
        raise ConfigError(f"'{where}' must be a mapping")
    allowed = (*REQUIRED, *OPTIONAL, *LISTS)
    for key in item:
        if key not in allowed:
            raise ConfigError(f"unknown key '{where}.{key}' (allowed: {', '.join(allowed)})")
    for key in REQUIRED:
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise ConfigError(f"'{where}.{key}' must be a non-empty string")
    if not ID_PATTERN.match(item["id"]):
        raise ConfigError(f"'{where}.id' must be lower_snake_case, got {item['id']!r}")
    values: dict[str, Any] = {key: item[key].strip() for key in REQUIRED}
    values["name_en"] = str(item.get("name_en", "")).strip()
    for key in LISTS:
        entries = item.get(key, [])
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise ConfigError(f"'{where}.{key}' must be a list of strings")
        values[key] = tuple(e.strip() for e in entries)
    return Direction(**values)
