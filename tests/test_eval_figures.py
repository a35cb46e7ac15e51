"""Figures evaluation: matching rule, scores, gold loading and the CLI on the dev gold."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from indpol.cli import main
from indpol.errors import IndpolError
from indpol.evaluate.figures import Scores, indicators_match, load_gold, score_file, values_match
from indpol.nlp.morph import load_morph

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
GOLD = REPO / "corpus" / "gold" / "figures-dev.jsonl"


@pytest.fixture(scope="session")
def lemma():
    return load_morph().lemma


@pytest.mark.parametrize(("gold", "pred", "ok"), [(100.0, 100.4, True), (100.0, 100.6, False), (0.0, 0.0, True),
                                                  (0.0, 0.1, False), (5e10, 5.02e10, True)])  # fmt: skip
def test_values_match(gold, pred, ok):
    assert values_match(gold, pred) is ok


@pytest.mark.parametrize(("gold", "pred", "ok"), [
    ("взаимный товарооборот", "взаимного товарооборота", True),
    ("объем финансирования", "объем финансирования программы", True),
    ("объем расходов", "финансирование мероприятий", False),
    ("количество дтп", "количество", True),
    ("мероприятие", None, False),
])  # fmt: skip
def test_indicators_match(gold, pred, ok, lemma):
    assert indicators_match(gold, pred, lemma) is ok


def fig(start, end, kind, value, unit="RUB", indicator=None):
    return {"start": start, "end": end, "kind": kind, "value": value, "unit": unit, "indicator": indicator}


def test_score_file(lemma):
    gold = [
        fig(0, 10, "money", 100.0, indicator="объем"),
        fig(20, 25, "percent", 5.0, "%"),
        fig(30, 35, "count", 3.0),
    ]
    pred = [
        fig(2, 8, "money", 100.2, indicator="объема"),
        fig(20, 25, "money", 5.0),
        fig(40, 45, "count", 1.0),
    ]
    scores = Scores()
    score_file(gold, pred, lemma, scores)
    assert (scores.tp["money"], scores.fp["money"], scores.fn["percent"], scores.fn["count"]) == (1, 1, 1, 1)
    assert scores.prf() == pytest.approx((1 / 3, 1 / 3, 1 / 3, 3))
    assert (scores.unit_accuracy, scores.indicator_accuracy) == (1.0, 1.0)


def test_load_gold_rejects_bad_rows(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"file": "a.txt", "start": 1}) + "\n", encoding="utf-8")
    with pytest.raises(IndpolError, match="line 1"):
        load_gold(path)


def test_dev_gold_has_no_text():
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert len({row["file"] for row in rows}) >= 9
    assert all(
        set(row) == {"file", "start", "end", "kind", "value", "value_max", "unit", "indicator"}
        for row in rows
    )


@pytest.mark.skipif(not (DATA / "rurebus-train").is_dir(), reason="../shared/data is absent")
def test_cli_on_dev_gold():
    result = CliRunner().invoke(main, ["eval", "figures", "--gold", str(GOLD), "--texts",
                                       str(DATA / "rurebus-train"), "--texts", str(DATA / "seed")])  # fmt: skip
    assert result.exit_code == 0, result.output
    overall = next(line for line in result.output.splitlines() if line.startswith("overall"))
    assert float(overall.split()[3]) > 0.8


@pytest.mark.parametrize(
    ("text", "row", "span"),
    [
        ("объем 12,5 млн", {"start": 6, "raw": "12,5"}, (6, 10)),  # as stored
        ("новый абзац. объем 12,5 млн", {"start": 6, "raw": "12,5"}, (19, 23)),  # the text moved
        ("12,5 и 12,5", {"start": 6, "raw": "12,5"}, (7, 11)),  # the nearest occurrence
        ("объем 13,0 млн", {"start": 6, "raw": "12,5"}, None),
    ],
)
def test_gold_rows_are_found_again_by_the_number_as_written(text, row, span):
    from indpol.evaluate.indicators import anchor

    assert anchor(text, row) == span


@pytest.mark.parametrize(
    ("gold", "predicted", "label"),
    [
        ("доля пищевых продуктов в отгрузке", "доля пищевых продуктов в отгрузке", "right"),
        ("количество рек протяженностью более 10 км", "количество рек протяженностью более 10 км", "right"),
        ("доля пищевых продуктов в отгрузке обрабатывающих производств", "доля пищевых продуктов", "vague"),
        ("количество предприятий хлебопечения", "предприятие", "vague"),
        (
            "индекс производства пищевых продуктов",
            "производство пищевых продуктов",
            "wrong",
        ),  # the measure lost
        ("объем финансирования за счет федерального бюджета", "бюджет области", "wrong"),
        ("объем финансирования", None, "missing"),
    ],
)
def test_automatic_rubric(lemma, gold, predicted, label):
    from indpol.evaluate.indicators import rubric_label

    assert rubric_label(gold, predicted, lemma) == label


def test_a_counted_noun_implies_its_count(lemma):
    from indpol.evaluate.indicators import rubric_label

    assert rubric_label("количество амбулаторий", "амбулатория", lemma) == "right"
