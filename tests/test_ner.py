"""slovnet NER wrapper and the factRuEval scorer (naeval conventions)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from indpol.cli import main
from indpol.config import PipelineConfig
from indpol.evaluate.ner import (
    GoldDoc,
    adapt_factru,
    evaluate,
    filter_overlapping,
    format_report,
    indpol_system,
    load_factru,
    score_docs,
    slovnet_system,
    token_tags,
)
from indpol.nlp.cache import Models
from indpol.nlp.ner import NerModel, NerSpan, load_ner

FACTRU = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "factru-dev"


@cache
def shared_models() -> Models:
    """One Models cache (NER, morphology, gazetteer) for every test module of the entity layer."""
    return Models(PipelineConfig())


@pytest.fixture(scope="session")
def ner_model() -> NerModel:
    return shared_models().get("ner", load_ner)


#####  WRAPPER  #####


class FakeTagger:
    """Records batch contents and tags every text's first character as LOC."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def infer(self, texts: list[str]):
        self.batches.append(list(texts))
        return [SimpleNamespace(spans=[SimpleNamespace(start=0, stop=1, type="LOC")]) for _ in texts]


def test_ner_model_sorts_batches_and_restores_order() -> None:
    tagger = FakeTagger()
    model = NerModel(tagger, batch_size=2)
    texts = ["cccc", "a", "", "bb"]
    result = model.map(texts)
    assert tagger.batches == [["a", "bb"], ["cccc"]]  # sorted by length, empty text skipped
    assert result == [[NerSpan(0, 1, "LOC")], [NerSpan(0, 1, "LOC")], [], [NerSpan(0, 1, "LOC")]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Президент Беларуси Александр Лукашенко и Министерство промышленности России подписали соглашение в Минске.",
            [("Беларуси", "LOC"), ("Александр Лукашенко", "PER"), ("Министерство промышленности", "ORG"),
             ("России", "LOC"), ("Минске", "LOC")],
        ),
        (
            "Михаил Мишустин провёл встречу с Романом Головченко в Москве.",
            [("Михаил Мишустин", "PER"), ("Романом Головченко", "PER"), ("Москве", "LOC")],
        ),
    ],
)  # fmt: skip
def test_load_ner_finds_names(ner_model: NerModel, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s.start : s.end], s.label) for s in ner_model(text)] == expected


#####  FACTRU CONVENTIONS AND SCORES  #####

TEXT = "мэрии Москвы сообщил Юрий Лужков из России"
# offsets:   0-5 мэрии, 6-12 Москвы, 21-25 Юрий, 26-32 Лужков, 36-42 России


def test_adapt_factru_conventions() -> None:
    objects = [
        ("Org", [("loc_name", 6, 12), ("org_descr", 0, 5)]),  # no org_name: no ORG span
        ("LocOrg", [("loc_name", 6, 12)]),
        ("Person", [("name", 21, 25), ("surname", 26, 32)]),  # one span, first to last token
        ("Location", [("loc_name", 36, 42)]),
        ("Project", [("org_name", 0, 5)]),  # other object types are ignored
    ]
    assert adapt_factru(objects, TEXT) == [(6, 12, "LOC"), (21, 32, "PER"), (36, 42, "LOC")]


def test_filter_overlapping_keeps_outer() -> None:
    assert filter_overlapping([(6, 12, "LOC"), (0, 12, "ORG"), (13, 20, "PER")]) == [
        (0, 12, "ORG"),
        (13, 20, "PER"),
    ]


def test_token_tags_and_scores() -> None:
    gold = GoldDoc("d", TEXT, ((6, 12, "LOC"), (21, 32, "PER"), (36, 42, "LOC")))
    assert token_tags(TEXT, gold.spans) == [None, "LOC", None, "PER", "PER", None, "LOC"]
    scores = score_docs([gold], [[(6, 12, "LOC"), (26, 32, "PER"), (0, 5, "ORG")]])
    assert (scores["PER"].precision, scores["PER"].recall) == (1.0, 0.5)
    assert (scores["LOC"].precision, scores["LOC"].recall, scores["LOC"].f1) == (
        1.0,
        0.5,
        pytest.approx(2 / 3),
    )
    assert (scores["ORG"].prec_total, scores["ORG"].prec_correct, scores["ORG"].f1) == (1, 0, 0.0)


def write_factru(folder: Path) -> None:
    """A one-document factRuEval folder in the task's file format, with our own sentence."""
    folder.mkdir()
    (folder / "doc_1.txt").write_text(TEXT, encoding="utf-8")
    (folder / "doc_1.spans").write_text(
        "1 org_descr 0 5 100 1  # 100 мэрии\n2 loc_name 6 6 101 1  # 101 Москвы\n"
        "3 name 21 4 103 1  # 103 Юрий\n4 surname 26 6 104 1  # 104 Лужков\n5 loc_name 36 6 106 1  # 106 России\n",
        encoding="utf-8",
    )
    (folder / "doc_1.objects").write_text(
        "10 Org 1 2 # мэрии Москвы\n11 LocOrg 2 # Москвы\n12 Person 3 4 # Юрий Лужков\n13 LocOrg 5 # России\n",
        encoding="utf-8",
    )


def test_load_factru_reads_files(tmp_path: Path) -> None:
    write_factru(tmp_path / "factru")
    (doc,) = load_factru(tmp_path / "factru")
    assert (doc.doc_id, doc.spans) == ("doc_1", ((6, 12, "LOC"), (21, 32, "PER"), (36, 42, "LOC")))


def test_evaluate_systems(tmp_path: Path, ner_model: NerModel) -> None:
    write_factru(tmp_path / "factru")
    docs = load_factru(tmp_path / "factru")
    models = shared_models()
    report = evaluate(
        docs, {"indpol": indpol_system(models, models.config), "slovnet": slovnet_system(ner_model)}
    )
    assert set(report.systems) == {"indpol", "slovnet"}
    assert report.systems["indpol"]["PER"].f1 == 1.0
    assert "PER" in format_report(report)


def test_cli_eval_ner(tmp_path: Path) -> None:
    write_factru(tmp_path / "factru")
    result = CliRunner().invoke(main, ["eval", "ner", "--factru", str(tmp_path / "factru"), "--no-baseline"])
    assert result.exit_code == 0, result.output
    assert "indpol" in result.output and "PER" in result.output and "slovnet" not in result.output


@pytest.mark.skipif(not FACTRU.is_dir(), reason="../shared/data/factru-dev is absent")
def test_factru_dev_scores_not_below_bare_slovnet(ner_model: NerModel) -> None:
    docs = load_factru(FACTRU, limit=40)
    models = shared_models()
    report = evaluate(
        docs, {"indpol": indpol_system(models, models.config), "slovnet": slovnet_system(ner_model)}
    )
    ours, bare = report.systems["indpol"], report.systems["slovnet"]
    for label in ("PER", "LOC", "ORG"):
        assert ours[label].f1 >= bare[label].f1 - 0.01, label
    assert ours["PER"].f1 > 0.9 and ours["LOC"].f1 > 0.85 and ours["ORG"].f1 > 0.7
