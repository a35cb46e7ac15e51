"""The directions taxonomy: the packaged file and validation of edited files."""

from __future__ import annotations

import pytest
import yaml

from indpol.classify.taxonomy import TAXONOMY_PATH, load_taxonomy, parse_taxonomy
from indpol.errors import ConfigError

IDS = (
    "governance",
    "regulation",
    "import_substitution",
    "cooperation",
    "state_support",
    "procurement",
    "markets",
    "innovation",
    "energy",
    "resilience",
)
NAMES = {
    "governance": "Институты и координация",
    "regulation": "Гармонизация регулирования",
    "import_substitution": "Импортозамещение и локализация",
    "cooperation": "Промышленная кооперация",
    "state_support": "Господдержка",
    "procurement": "Государственные закупки",
    "markets": "Торговля и рынки сбыта",
    "innovation": "Наука, технологии, цифровизация",
    "energy": "Энергетика и инфраструктура",
    "resilience": "Санкции и экономическая безопасность",
}


def entry(**changes):
    base = {"id": "markets", "name": "Торговля", "description": "Взаимная торговля"}
    base.update(changes)
    return base


def test_load_taxonomy_packaged_ids_in_order():
    assert load_taxonomy().ids == IDS


@pytest.mark.parametrize(("direction_id", "name"), sorted(NAMES.items()))
def test_load_taxonomy_packaged_entry_complete(direction_id, name):
    direction = load_taxonomy()[direction_id]
    assert direction.name == name
    assert direction.description and direction.name_en
    assert direction.includes and direction.excludes
    assert direction.nipo and direction.gta


def test_load_taxonomy_packaged_boundaries_name_known_directions():
    taxonomy = load_taxonomy()
    assert len(taxonomy.boundaries) >= 10
    assert all(set(b.between) <= set(IDS) and b.case and b.decision for b in taxonomy.boundaries)
    assert any("услуг" in b.case and b.between == ("procurement",) for b in taxonomy.boundaries)


def test_load_taxonomy_reads_edited_copy(tmp_path):
    data = yaml.safe_load(TAXONOMY_PATH.read_text(encoding="utf-8"))
    data["directions"] = data["directions"][:2]
    data["boundaries"] = [b for b in data["boundaries"] if set(b["between"]) <= {"governance", "regulation"}]
    path = tmp_path / "taxonomy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    taxonomy = load_taxonomy(path)
    assert taxonomy.ids == ("governance", "regulation")
    assert "markets" not in taxonomy and "governance" in taxonomy


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "taxonomy must be a mapping with a 'directions' list"),
        ({"directions": []}, "'directions' is empty"),
        (
            {"directions": [entry()], "extra": 1},
            "unknown key 'extra' (allowed: version, directions, boundaries)",
        ),
        (
            {"directions": [entry()], "boundaries": [{"between": ["energy"], "case": "c", "decision": "d"}]},
            "'boundaries[0].between' names an unknown direction 'energy'",
        ),
        (
            {"directions": [entry()], "boundaries": [{"between": [], "case": "c"}]},
            "'boundaries[0]' must be a mapping of between, case and decision",
        ),
        (
            {"directions": [entry()], "boundaries": [{"between": [], "case": " ", "decision": "d"}]},
            "'boundaries[0].case' must be a non-empty string",
        ),
        ({"version": 2, "directions": [entry()]}, "'version' must be 1, got 2"),
        ({"directions": [entry(), entry()]}, "duplicate direction id 'markets'"),
        ({"directions": [entry(id="Рынки")]}, "'directions[0].id' must be lower_snake_case, got 'Рынки'"),
        ({"directions": [entry(name="")]}, "'directions[0].name' must be a non-empty string"),
        ({"directions": [entry(nipo="Export")]}, "'directions[0].nipo' must be a list of strings"),
        (
            {"directions": [entry(colour="red")]},
            "unknown key 'directions[0].colour' (allowed: id, name, description, name_en, includes, excludes, "
            "nipo, gta)",
        ),
    ],
)
def test_parse_taxonomy_rejects(data, message):
    with pytest.raises(ConfigError) as error:
        parse_taxonomy(data)
    assert error.value.reason == message


def test_load_taxonomy_missing_file_names_path(tmp_path):
    with pytest.raises(ConfigError, match="taxonomy file not found"):
        load_taxonomy(tmp_path / "none.yaml")
