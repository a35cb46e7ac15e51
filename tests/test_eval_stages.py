"""Stages evaluation: span matching, scores, gold loading and the CLI."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from indpol.cli import main
from indpol.errors import IndpolError
from indpol.evaluate.stages import StageScores, load_gold, match, report_lines, score_document
from indpol.records import Stage

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
GOLD = REPO / "corpus" / "gold" / "stages-dev.jsonl"


def gold(start, end, **values):
    return {"file": "a.txt", "start": start, "end": end, **values}


def stage(start, end, **values):
    return Stage(doc_id="d", passage_id="p", start=start, end=end, source_start=start, source_end=end, page=None,
                 text="x" * (end - start), **values)  # fmt: skip


def test_match_one_to_one_largest_overlap():
    rows = [gold(0, 10), gold(12, 20)]
    preds = [stage(5, 15), stage(0, 9), stage(30, 40)]
    assert match(rows, preds) == [(0, 1), (1, 0)]


def test_score_document_counts_and_accuracies():
    rows = [
        gold(0, 10, order=1, period_start="2015-01-01", period_end="2017-12-31", status="planned"),
        gold(20, 30, order=2, period_start="2018-01-01", period_end="2020-12-31"),
        gold(40, 50),
    ]
    preds = [
        stage(0, 10, order=1, period_start="2015-01-01", period_end="2017-12-31", status="planned"),
        stage(22, 28, order=2, period_start="2018-01-01", period_end="2019-12-31"),
        stage(60, 70),
    ]
    scores = StageScores()
    score_document("a.txt", rows, preds, scores)
    assert (scores.tp, scores.fp, scores.fn) == (2, 1, 1)
    assert (scores.precision, scores.recall, scores.f1) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert (scores.accuracy("period"), scores.accuracy("status"), scores.accuracy("order")) == (0.5, 1.0, 1.0)
    assert {e["error"] for e in scores.errors} == {"missed", "spurious", "period"}
    assert report_lines(scores)[1] == "precision 0.667  recall 0.667  F1 0.667"


def test_load_gold_errors(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"file": "a.txt", "start": 5, "end": 2}\n', encoding="utf-8")
    with pytest.raises(IndpolError, match="line 1"):
        load_gold(bad)
    bad.write_text('{"start": 1}\n', encoding="utf-8")
    with pytest.raises(IndpolError, match="line 1"):
        load_gold(bad)


def test_load_gold_empty_document(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(
        '{"file": "a.txt", "empty": true}\n{"file": "b.txt", "start": 0, "end": 3}\n', encoding="utf-8"
    )
    assert {name: len(rows) for name, rows in load_gold(path).items()} == {"a.txt": 0, "b.txt": 1}


def test_dev_gold_is_offsets_only():
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 100 and len({r["file"] for r in rows}) >= 9
    allowed = {"file", "start", "end", "list", "order", "stage", "period_start", "period_end", "single_stage",
               "status", "completion"}  # fmt: skip
    assert all(set(row) <= allowed and row["start"] < row["end"] for row in rows)


HELDOUT = REPO / "corpus" / "gold" / "stages-heldout.jsonl"


def test_heldout_gold_is_offsets_only_and_disjoint_from_dev():
    rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines()]
    allowed = {"file", "start", "end", "list", "order", "stage", "period_start", "period_end", "single_stage",
               "status", "completion"}  # fmt: skip
    assert all(set(row) == allowed and row["start"] < row["end"] for row in rows)
    dev = {json.loads(line)["file"].split("_")[0] for line in GOLD.read_text(encoding="utf-8").splitlines()}
    assert len({r["file"] for r in rows}) == 5 and not {r["file"].split("_")[0] for r in rows} & dev


HELDOUT2 = REPO / "corpus" / "gold" / "stages-heldout2.jsonl"


def test_heldout2_gold_is_offsets_only_and_disjoint_from_other_gold():
    rows = [json.loads(line) for line in HELDOUT2.read_text(encoding="utf-8").splitlines()]
    allowed = {"file", "start", "end", "list", "order", "stage", "period_start", "period_end", "single_stage",
               "status", "completion"}  # fmt: skip
    spans = [r for r in rows if not r.get("empty")]
    assert all(set(row) == allowed and row["start"] < row["end"] for row in spans)
    assert all(set(row) == {"file", "empty"} for row in rows if row.get("empty"))
    earlier = {json.loads(line)["file"].split("_part")[0] for path in (GOLD, HELDOUT)
               for line in path.read_text(encoding="utf-8").splitlines()}  # fmt: skip
    programmes = {r["file"].split("_part")[0] for r in rows}
    assert len(programmes) == 5 and not programmes & earlier


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data absent")
@pytest.mark.parametrize("gold", [GOLD, HELDOUT, HELDOUT2])
def test_gold_spans_are_inside_their_texts(gold):
    for name, rows in load_gold(gold).items():
        text = next(DATA.rglob(name)).read_text(encoding="utf-8")
        assert all(row["end"] <= len(text) and text[row["start"] : row["end"]].strip() for row in rows)


def test_cli_eval_stages(tmp_path):
    text = "Задачами программы являются: создание условий; развитие кадров; проведение мониторинга."
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "doc.txt").write_text(text, encoding="utf-8")  # found in a sub-folder
    start = text.index("создание")
    rows = [{"file": "doc.txt", "start": start, "end": start + len("создание условий"), "order": 1},
            {"file": "doc.txt", "start": text.index("развитие"), "end": text.index("развитие") + 15, "order": 2}]  # fmt: skip
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    config = tmp_path / "pipeline.yaml"
    config.write_text(
        "extract: {entities: false, figures: false}\nclassify: {directions: false}\n", encoding="utf-8"
    )
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(main, ["eval", "stages", "--gold", str(gold_path), "--texts", str(tmp_path),
                                       "--config", str(config), "--errors", str(errors)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "items: gold 2, predicted 3, matched 2" in result.output
    assert "precision 0.667  recall 1.000  F1 0.800" in result.output
    assert [json.loads(line)["error"] for line in errors.read_text(encoding="utf-8").splitlines()] == [
        "spurious"
    ]


def test_cli_eval_stages_missing_text(tmp_path):
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text('{"file": "nope.txt", "start": 0, "end": 3}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "stages", "--gold", str(gold_path), "--texts", str(tmp_path)])
    assert result.exit_code == 1
    assert "nope.txt not found" in result.output


# Gold read on real documents: document lines, row kinds, non-plan items, per document kind.
def kind_gold_file(tmp_path, text):
    from indpol.evaluate.common import text_sha1

    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    rows = [
        {"file": "t.txt", "document": True, "doc_kind": "legal", "text_sha1": text_sha1(text)},
        {
            "file": "t.txt",
            "start": text.index("прием"),
            "end": text.index(";"),
            "kind": "procedure",
            "order": 1,
        },
        {"file": "t.txt", "start": text.index("паспорт"), "end": text.index("паспорт") + 7, "kind": "none"},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_stage_kinds_counts():
    from indpol.evaluate.stage_kinds import KindCounts, score_document

    rows = [
        gold(0, 10, kind="term", status="planned", status_start=2, status_end=5),
        gold(20, 30, kind="task"),
        gold(40, 50, kind="none"),
        gold(60, 70, kind="stage", stage="1"),
    ]
    preds = [
        stage(0, 10, kind="term", status="planned", status_start=3, status_end=6),
        stage(20, 30, kind="measure"),
        stage(40, 50, kind="measure"),
        stage(80, 90, kind="stage", stage="2"),
    ]
    counts, errors = KindCounts(), []
    score_document("a.txt", rows, preds, counts, errors)
    scores = counts.scores()
    assert (counts.matched_plan, counts.non_plan, counts.unmatched) == (2, 1, 1)
    assert (scores["precision"], scores["recall"]) == (0.5, 2 / 3)
    assert (scores["stage_term_precision"], scores["stage_term_recall"]) == (0.5, 0.5)
    assert scores["kind_accuracy"] == 0.5 and scores["status_evidence_accuracy"] == 1.0
    assert scores["non_plan_share"] == 0.25
    assert {e["error"] for e in errors} == {"kind", "non_plan", "spurious", "missed"}


def test_eval_stages_cli_reads_kind_gold(tmp_path):
    text = "Перечень административных процедур:\n\n1) прием документов;\n\n2) выдача решения.\n\nЗаявитель предъявляет паспорт."
    path = kind_gold_file(tmp_path, text)
    result = CliRunner().invoke(main, ["eval", "stages", "--gold", str(path), "--texts", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("kind ") and lines[1].startswith("legal ") and lines[2].startswith("all ")
    assert "warning" not in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text(path.read_text(encoding="utf-8").replace('"legal"', '"memo"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "stages", "--gold", str(bad), "--texts", str(tmp_path)])
    assert result.exit_code != 0 and "doc_kind" in result.output


def test_acts_counts_and_fields():
    from indpol.evaluate.acts import ActCounts, score_document
    from indpol.records import Entity

    def law(start, end, **attrs):
        return Entity(doc_id="d", passage_id="p", start=start, end=end, source_start=start, source_end=end,
                      page=None, text="x", label="LAW", canonical="x", attrs=attrs)  # fmt: skip

    rows = [
        {"start": 0, "end": 10, "doc_type": "федеральный закон", "number": "44-ФЗ", "date": "2013-04-05",
         "issuer": None, "in_title": True},
        {"start": 20, "end": 30, "doc_type": "other", "number": "5", "date": None, "issuer": "Правительство РФ"},
        {"start": 40, "end": 50, "doc_type": "указ", "number": None, "date": None, "issuer": None},
    ]  # fmt: skip
    preds = [
        law(0, 10, doc_type="федеральный закон", number="N 44-ФЗ", date="2013-04-05"),
        law(22, 28, doc_type="протокол", number="5", issuer="правительство  рф"),
        law(60, 70, doc_type="указ"),
    ]
    counts, errors = ActCounts(), []
    score_document("a.txt", {"doc_kind": "legal", "sampled": [[0, 65]]}, rows, preds, counts, errors)
    scores = counts.scores()
    assert (counts.gold, counts.predicted, counts.matched) == (3, 3, 2)
    assert scores["in_title_recall"] == 1.0
    assert (scores["doc_type"], scores["number"], scores["date"], scores["issuer"]) == (1.0, 1.0, 1.0, 1.0)
    assert {e["error"] for e in errors} == {"missed", "spurious"}
