"""`indpol train directions`, `indpol eval directions`, `indpol label suggest` and the labels they read."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from indpol.classify.labels import label_counts, load_labelled, read_jsonl
from indpol.classify.suggest import (
    COLUMNS,
    from_spreadsheet,
    parse_labels,
    read_suggestions,
    spreadsheet_safe,
)
from indpol.classify.taxonomy import load_taxonomy
from indpol.classify.train import (
    DESIGN_CHECKS,
    CVResult,
    adopt_check,
    choose,
    file_groups,
    held_out_files,
    score,
)
from indpol.cli import main
from indpol.errors import IndpolError

FIXTURE = Path(__file__).parent / "data" / "directions-fixture.jsonl"
TAXONOMY = load_taxonomy()


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("directions")
    (folder / "labels").mkdir()
    shutil.copy(FIXTURE, folder / "labels" / "fixture.jsonl")
    out = folder / "model" / "directions.skops"
    result = CliRunner().invoke(
        main,
        [
            "train",
            "directions",
            "--labels",
            str(folder / "labels"),
            "--out",
            str(out),
            "--features",
            "lemma",
            "--folds",
            "3",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "36 passages (0 from CSV); 9 without a direction" in result.output
    assert "chosen: lemma C=" in result.output
    return out


def test_train_writes_model_and_card(trained):
    assert trained.is_file()
    card = trained.with_name("directions.card.md").read_text(encoding="utf-8")
    assert "36 passages, 0 of them from real documents" in card
    assert "By origin: written by the indpol team 36." in card
    assert "Scored: all 36 passages." in card
    assert "| `state_support` | 10 |" in card


def test_card_has_design_checks_but_no_held_out_file(trained):
    card = trained.with_name("directions.card.md").read_text(encoding="utf-8")
    checks = card[card.index("## Design checks") : card.index("## Limits")]
    assert "| compared configuration |" in checks
    assert "A change that beats the configuration so far by more than that margin is adopted" in checks
    for name, _ in DESIGN_CHECKS:
        assert f"| round 1: {name} |" in checks
    assert "## Held-out label files" not in card  # one labels file: nothing to hold out
    assert "## Held-out real documents" not in card  # none given


def split_fixture(folder: Path) -> list[Path]:
    """The fixture as two labels files, every other line each (both have every label), plus a duplicate."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = folder / "one.jsonl", folder / "two.jsonl"
    first.write_text("".join(lines[0::2]), encoding="utf-8")
    second.write_text("".join(lines[1::2]) + lines[0], encoding="utf-8")
    return [first, second]


def test_file_groups_follow_loaded_passages(tmp_path):
    files = split_fixture(tmp_path)
    passages = load_labelled([tmp_path], TAXONOMY)
    groups = file_groups([tmp_path], passages, TAXONOMY)
    assert {name: len(group) for name, group in groups.items()} == {"one": 18, "two": 18}
    assert sorted(p.id for group in groups.values() for p in group) == sorted(p.id for p in passages)
    assert [p.id for p in groups["one"]] == [p.id for p in read_jsonl(files[0], TAXONOMY)]


def test_held_out_files_train_on_the_rest(tmp_path):
    split_fixture(tmp_path)
    passages = load_labelled([tmp_path], TAXONOMY)
    groups = file_groups([tmp_path], passages, TAXONOMY)
    params = {"features": "lemma", "C": 2.0, "cv": 3}
    results = held_out_files(groups, TAXONOMY.ids, params, min_passages=10)
    assert [(r.name, r.train, r.test) for r in results] == [("one", 18, 18), ("two", 18, 18)]
    assert all(0 < r.result.macro_f1 <= 1 for r in results)
    assert held_out_files(groups, TAXONOMY.ids, params, min_passages=20) == []


def cv_result(features: str, order: int, C: float, macro: float, fallback: bool = False) -> CVResult:
    return CVResult(
        {"features": features, "order": order, "C": C, "fallback": fallback}, macro, macro, {}, {}, {}
    )


def test_choose_prefers_simplest_within_tolerance():
    results = [
        cv_result("lemma", 0, 2.0, 0.820),
        cv_result("lemma+char", 3, 8.0, 0.848),
        cv_result("lemma+char", 3, 2.0, 0.845),
        cv_result("lemma+char+navec", 6, 8.0, 0.851),
    ]
    ranked = choose(results, tolerance=0.005)
    assert [(r.params["features"], r.params["C"]) for r in ranked] == [
        ("lemma+char", 8.0),
        ("lemma+char+navec", 8.0),
        ("lemma+char", 2.0),
        ("lemma", 2.0),
    ]
    assert choose(results, tolerance=0.0)[0].params["features"] == "lemma+char+navec"
    assert choose(results, tolerance=0.01)[0].params["C"] == 2.0  # lemma+char C=2 is within 0.01 now
    assert choose([]) == []


@pytest.mark.parametrize(
    ("with_fallback", "chosen"),
    [
        (0.603, False),  # within the tolerance of the plain configuration: the simpler one
        (0.620, True),  # better by more than the tolerance: the fallback is taken
    ],
)
def test_choose_takes_the_recall_fallback_only_when_it_is_better(with_fallback, chosen):
    results = [cv_result("lemma+char", 3, 8.0, 0.600), cv_result("lemma+char", 3, 8.0, with_fallback, True)]
    assert choose(results, tolerance=0.005)[0].params["fallback"] is chosen


def test_train_cv_only_compares_and_saves_nothing(tmp_path):
    (tmp_path / "labels").mkdir()
    shutil.copy(FIXTURE, tmp_path / "labels" / "fixture.jsonl")
    args = ["train", "directions", "--labels", str(tmp_path / "labels"), "--cv-only", "--folds", "3"]
    args += ["--features", "lemma", "--features", "lemma+nearvocab", "--C", "4"]
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "m.skops")])
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines() if line.startswith("  ") and "C=4" in line]
    assert sorted((line[0], "fallback" in line) for line in lines) == [
        ("lemma", False),
        ("lemma", True),
        ("lemma+nearvocab", False),
        ("lemma+nearvocab", True),
    ]
    assert "nothing saved (--cv-only)" in result.output
    assert not (tmp_path / "m.skops").exists() and list(tmp_path.iterdir()) == [tmp_path / "labels"]


def test_score_counts_false_alarms_on_passages_without_direction():
    gold = np.array([[1, 0], [0, 0], [0, 0], [0, 0]])
    predicted = np.array([[1, 0], [0, 1], [0, 0], [1, 1]])
    result = score(gold, predicted, ["markets", "energy"])
    assert result.false_alarms == pytest.approx(2 / 3, abs=1e-4)
    assert score(gold[:1], predicted[:1], ["markets", "energy"]).false_alarms == 0.0


def test_eval_directions_reports_every_label(trained):
    result = CliRunner().invoke(main, ["eval", "directions", "--gold", str(FIXTURE), "--model", str(trained)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["label", "P", "R", "F1", "gold"]
    assert [line.split()[0] for line in lines[1:11]] == list(TAXONOMY.ids)
    assert lines[5].split()[0] == "state_support" and lines[5].split()[-1] == "10"
    assert lines[11].startswith("macro-F1")
    assert lines[-1] == "warning: 36 of 36 gold passages were in the training data; scores are optimistic"


def test_eval_directions_held_out_gold_has_no_warning(tmp_path, trained):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"id": "g1", "text": "Экспорт станков в страны Азии вырос на треть.", "labels": ["markets"]}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["eval", "directions", "--gold", str(gold), "--model", str(trained)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert result.output.splitlines()[7].split() == ["markets", "1.000", "1.000", "1.000", "1"]


def test_eval_directions_bad_gold_is_one_line(tmp_path, trained):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "x", "text": "Текст", "labels": ["exports"]}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "directions", "--gold", str(gold), "--model", str(trained)])
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"Error: {gold}:1: unknown direction 'exports' (known: {', '.join(TAXONOMY.ids)})"
    )


def write_run(folder: Path) -> Path:
    rows = [
        {
            "passage_id": "p1",
            "doc_id": "d1",
            "language": "ru",
            "role": "body",
            "text": "Экспортерам компенсируют часть затрат на выставки и сертификацию продукции.",
        },
        {
            "passage_id": "p2",
            "doc_id": "d1",
            "language": "en",
            "role": "abstract",
            "text": "The article analyses subsidies and exports of the Union State.",
        },
        {"passage_id": "p3", "doc_id": "d1", "language": "ru", "role": "body", "text": "Таблица 2"},
        {
            "passage_id": "p4",
            "doc_id": "d1",
            "language": "ru",
            "role": "body",
            "text": "Средняя заработная плата в обрабатывающих производствах выросла на 9 %.",
        },
    ]
    folder.mkdir()
    (folder / "documents.jsonl").write_text('{"doc_id": "d1", "source": "in/отчет.pdf"}\n', encoding="utf-8")
    (folder / "passages.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    return folder


def test_label_suggest_from_run_then_train_extra(tmp_path, trained):
    run = write_run(tmp_path / "run")
    out = tmp_path / "to-label.csv"
    result = CliRunner().invoke(
        main, ["label", "suggest", "--run", str(run), "--out", str(out), "--model", str(trained)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote 2 of 3 passages to {out}"
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read it as UTF-8
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["id"] for row in rows) == ["p1", "p4"]
    assert {row["source"] for row in rows} == {"in/отчет.pdf"}
    assert all(row["labels"] == "" for row in rows)
    # a person fills the labels column and saves with ';' as a Russian-locale spreadsheet does
    filled = tmp_path / "filled.csv"
    with open(filled, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter=";")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "labels": "Господдержка, markets" if row["id"] == "p1" else "none"})
    got = {p.id: p.labels for p in read_suggestions(filled, TAXONOMY)}
    assert got == {"p1": ("markets", "state_support"), "p4": ()}
    again = CliRunner().invoke(
        main,
        [
            "train",
            "directions",
            "--labels",
            str(FIXTURE),
            "--extra",
            str(filled),
            "--out",
            str(tmp_path / "m2.skops"),
            "--labeller",
            "A. Petrova",
            "--features",
            "lemma",
            "--folds",
            "3",
        ],
    )
    assert again.exit_code == 0, again.output
    assert "38 passages (2 from CSV); 10 without a direction" in again.output
    assert "[1/2] lemma C=" in again.output  # progress while it trains
    assert "to use it: set classify.model:" in again.output
    card = (tmp_path / "m2.card.md").read_text(encoding="utf-8")
    assert "2 labelled by A. Petrova (filled.csv)" in card


def test_label_suggest_from_documents(tmp_path, trained):
    source = tmp_path / "report.txt"
    source.write_text(
        "Отчет о выполнении программы\n\n"
        "Предприятиям отрасли предоставлены льготные займы и субсидии на сумму 2,4 млрд рублей.\n\n"
        "Поставки продукции на внешние рынки выросли на 18 процентов.\n",
        encoding="utf-8",
    )
    out = tmp_path / "s.csv"
    result = CliRunner().invoke(
        main, ["label", "suggest", str(source), "--out", str(out), "--limit", "1", "--model", str(trained)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith("wrote 1 of ")
    with open(out, encoding="utf-8-sig", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["source"].endswith("report.txt") and row["suggested"]


def test_label_suggest_run_folder_as_input(tmp_path, trained):
    run = write_run(tmp_path / "out")
    out = tmp_path / "to-label.csv"
    result = CliRunner().invoke(
        main, ["label", "suggest", str(run), "--out", str(out), "--model", str(trained)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote 2 of 3 passages to {out}"


def test_label_suggest_needs_inputs_or_run(tmp_path):
    result = CliRunner().invoke(main, ["label", "suggest", "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2
    assert "give either INPUTS or --run DIR" in result.output


@pytest.mark.parametrize(
    ("cell", "labels"),
    [
        ("", None),
        ("   ", None),
        ("none", []),
        ("Нет", []),
        ("state_support; markets", ["state_support", "markets"]),
        ("Господдержка|Энергетика и инфраструктура", ["state_support", "energy"]),
        ("MARKETS", ["markets"]),
    ],
)
def test_parse_labels(cell, labels):
    assert parse_labels(cell, TAXONOMY) == labels


def test_read_jsonl_rejects_bad_rows(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"id": "a", "text": "Экспорт вырос.", "labels": ["markets"]}\n{"id": "b", "labels": []}\n',
        encoding="utf-8",
    )
    with pytest.raises(IndpolError, match=r"bad.jsonl:2: row needs a non-empty 'text'"):
        read_jsonl(path, TAXONOMY)


def test_load_labelled_drops_duplicates_and_counts(tmp_path):
    shutil.copy(FIXTURE, tmp_path / "a.jsonl")
    shutil.copy(FIXTURE, tmp_path / "b.jsonl")
    passages = load_labelled([tmp_path], TAXONOMY)
    counts = label_counts(passages, TAXONOMY)
    assert len(passages) == 36
    assert (counts["state_support"], counts["markets"], counts["energy"], counts["none"]) == (10, 10, 10, 9)
    assert counts["governance"] == 0


def test_train_missing_labels_folder_is_one_line(tmp_path):
    missing = tmp_path / "labels"
    result = CliRunner().invoke(
        main, ["train", "directions", "--labels", str(missing), "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 2  # click checks the path first
    assert "does not exist" in result.output


def test_load_labelled_missing_path(tmp_path):
    with pytest.raises(IndpolError, match="labels file or folder not found"):
        load_labelled([tmp_path / "none"], TAXONOMY)


def test_train_too_few_passages(tmp_path):
    small = tmp_path / "small.jsonl"
    small.write_text(
        "".join(FIXTURE.read_text(encoding="utf-8").splitlines(keepends=True)[:4]), encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["train", "directions", "--labels", str(small), "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 1
    assert result.output.strip() == "Error: only 4 labelled passages; need at least 10"


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("- создание совместных производств;", "'- создание совместных производств;"),
        ("=СУММ(A1)", "'=СУММ(A1)"),
        ("Экспорт вырос.", "Экспорт вырос."),
        ("'цитата'", "'цитата'"),
    ],
)
def test_spreadsheet_safe_roundtrip(text, cell):
    assert spreadsheet_safe(text) == cell
    assert from_spreadsheet(cell) == text


def test_train_never_overwrites_the_shipped_model_without_replace(tmp_path, monkeypatch):
    import indpol.config

    models = tmp_path / "models"
    models.mkdir()
    (models / "directions.skops").write_bytes(b"shipped")
    monkeypatch.setattr(indpol.config, "MODELS_DIR", models)
    args = ["train", "directions", "--labels", str(FIXTURE), "--features", "lemma", "--folds", "3"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (models / "directions.skops").read_bytes() == b"shipped"
    assert len(list(models.glob("directions-*.skops"))) == 1
    assert CliRunner().invoke(main, [*args, "--replace"]).exit_code == 0
    assert (models / "directions.skops").read_bytes() != b"shipped"


#####  LABELS KEPT AS OFFSETS INTO REAL DOCUMENTS  #####

REAL_TEXT = (
    "Общие положения\n\nПредприятиям предоставляются субсидии на возмещение части затрат на уплату процентов."
)


def _offset_row(text: str, **changes) -> str:
    from indpol.evaluate.common import text_sha1

    start = text.index("Предприятиям")
    row = {
        "id": "r1",
        "file": "docs/real.txt",
        "text_sha1": text_sha1(text),
        "start": start,
        "end": len(text),
    }
    return json.dumps({**row, "labels": ["state_support"], **changes}, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    ("on_disk", "kept", "summary"),
    [
        (REAL_TEXT, 1, ""),
        (None, 0, "skipped 1 passages of 1 documents not found under"),
        (REAL_TEXT.replace("Общие", "Иные"), 0, "skipped 1 passages of 1 changed documents"),
    ],
    ids=["read", "document absent", "document changed"],
)
def test_offset_rows_read_from_documents(tmp_path, on_disk, kept, summary):
    from indpol.evaluate.common import document_texts

    if on_disk is not None:
        (tmp_path / "docs").mkdir()
        (tmp_path / "docs" / "real.txt").write_text(on_disk, encoding="utf-8")
    labels = tmp_path / "real.jsonl"
    labels.write_text(_offset_row(REAL_TEXT), encoding="utf-8")
    texts = document_texts([tmp_path])
    passages = read_jsonl(labels, TAXONOMY, texts)
    assert len(passages) == kept
    assert texts.summary().startswith(summary)
    if kept:
        (passage,) = passages
        assert passage.text.startswith("Предприятиям") and passage.text.endswith("процентов.")
        assert passage.labels == ("state_support",) and passage.group == "docs/real.txt"


def test_offset_rows_without_a_texts_folder_say_how_to_read_them(tmp_path):
    from indpol.classify.labels import DocumentTexts

    labels = tmp_path / "real.jsonl"
    labels.write_text(_offset_row(REAL_TEXT), encoding="utf-8")
    texts = DocumentTexts()  # an installed indpol: no shared data folder beside it
    assert read_jsonl(labels, TAXONOMY, texts) == []
    read_jsonl(labels, TAXONOMY, texts)  # read again (training groups the files): still one passage
    summary = texts.summary()
    assert summary.startswith("skipped 1 passages of 1 real documents") and "--texts" in summary


@pytest.mark.parametrize(
    ("texts", "kept", "skipped"),
    [(True, "1 passages of 1 rows", ""), (False, "0 passages of 1 rows", "skipped 1 passages of 1")],
    ids=["document found", "document absent"],
)
def test_train_dry_run_lists_the_passages_of_each_file_and_trains_nothing(tmp_path, texts, kept, skipped):
    (tmp_path / "labels").mkdir()
    shutil.copy(FIXTURE, tmp_path / "labels" / "fixture.jsonl")
    (tmp_path / "labels" / "real.jsonl").write_text(_offset_row(REAL_TEXT), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "real.txt").write_text(REAL_TEXT, encoding="utf-8")
    args = ["train", "directions", "--dry-run", "--labels", str(tmp_path / "labels")]
    args += ["--out", str(tmp_path / "m.skops"), "--texts", str(tmp_path if texts else tmp_path / "labels")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"labels: {tmp_path / 'labels'} (2 files)"
    assert lines[1].split() == ["fixture", "36", "passages", "of", "36", "rows"]
    assert lines[2].split() == ["real", *kept.split()]
    assert (skipped in result.output) if skipped else "skipped" not in result.output
    used = 37 if texts else 36
    assert f"{used} passages would be used, 9 without a direction" in result.output
    assert f"state_support {11 if texts else 10}" in result.output
    assert result.output.rstrip().endswith("nothing trained (--dry-run)")
    assert list(tmp_path.glob("*.skops")) == []


@pytest.mark.parametrize(
    "changes",
    [{"start": 10, "end": 5}, {"text_sha1": None}, {"start": "0"}],
    ids=["end before start", "no hash", "offset not a number"],
)
def test_offset_rows_rejected_when_malformed(tmp_path, changes):
    labels = tmp_path / "real.jsonl"
    labels.write_text(_offset_row(REAL_TEXT, **changes), encoding="utf-8")
    with pytest.raises(IndpolError, match=r"real.jsonl:1: a row of a real document needs"):
        read_jsonl(labels, TAXONOMY)


def _cv(macro: float, **params) -> CVResult:
    return CVResult(
        params={"features": "lemma", "C": 8.0, **params},
        macro_f1=macro,
        micro_f1=macro,
        f1={},
        precision={},
        recall={},
    )


@pytest.mark.parametrize(
    ("checks", "adopted"),
    [
        ([("without the discount", _cv(0.60, min_words=0))], "without the discount"),
        ([("without the discount", _cv(0.553, min_words=0))], None),  # within the tolerance
        ([("a", _cv(0.58, min_words=0)), ("b", _cv(0.62, min_threshold=0.05))], "b"),
        ([], None),
    ],
    ids=["clearly better", "within tolerance", "best of two", "no checks"],
)
def test_adopt_check(checks, adopted):
    chosen = adopt_check(_cv(0.55), checks)
    assert chosen.params.get("adopted") == adopted
    if adopted:
        assert chosen.macro_f1 == dict(checks)[adopted].macro_f1


def test_adopt_checks_adopts_in_rounds_until_none_is_better(monkeypatch):
    import indpol.classify.train as train

    def scripted(passages, labels, params, folds, random_state):
        macro = 0.50 + 0.03 * (params.get("min_words") == 0) + 0.02 * (params.get("real_weight") == 2.0)
        return _cv(macro, **{k: v for k, v in params.items() if k not in {"features", "C"}})

    monkeypatch.setattr(train, "cross_validate", scripted)
    monkeypatch.setattr(train, "REPORTED_ONLY", frozenset())
    chosen, tried = train.adopt_checks([], TAXONOMY.ids, _cv(0.50))
    assert chosen.macro_f1 == pytest.approx(0.55)
    assert chosen.params["adopted"].count(";") == 1  # two changes, one per round
    assert chosen.params["min_words"] == 0 and chosen.params["real_weight"] == 2.0
    assert [name.split(":")[0] for name, _ in tried] == ["round 1"] * 3 + ["round 2"] * 2 + ["round 3"]


def test_adopt_checks_reports_but_never_adopts_a_kept_safeguard(monkeypatch):
    import indpol.classify.train as train

    def scripted(passages, labels, params, folds, random_state):
        return _cv(
            0.50 + 0.03 * (params.get("min_words") == 0), **{k: v for k, v in params.items() if k != "C"}
        )

    monkeypatch.setattr(train, "cross_validate", scripted)
    chosen, tried = train.adopt_checks([], TAXONOMY.ids, _cv(0.50))
    assert "adopted" not in chosen.params and chosen.macro_f1 == 0.50
    assert any("min_words=0" in name and result.macro_f1 == pytest.approx(0.53) for name, result in tried)


def test_fit_final_takes_training_params_and_notes():
    from indpol.classify.train import fit_final

    passages = load_labelled([FIXTURE], TAXONOMY)
    params = {"features": "lemma", "C": 8.0, "cv": 3, "real_weight": 2.0, "adopted": "a check"}
    model = fit_final(passages, TAXONOMY.ids, params)
    assert "real_weight" not in model.get_params() and model.get_params()["cv"] == 3
