"""compare: figures, stages, entities and directions across two sides built from hand-made records."""

from __future__ import annotations

import pandas as pd
import pytest

from indpol.comparison.compare import compare_facts, stage_change
from indpol.comparison.match import greedy_match, jaccard, lemma_key, name_key
from indpol.records import Entity, Figure, Stage
from indpol.store.reader import RunFacts
from indpol.testing import make_document

OLD_TEXT = (
    "Взаимный товарооборот в 2022 году составил 45 млрд долларов.\n\n"
    "Объем финансирования программы составит 120 млн рублей.\n\n"
    "Выполнено 80 % мероприятий Союзной программы.\n\n"
    "Первый этап – создание базовых условий взаимодействия сторон.\n\n"
    "Второй этап – согласование полномочий национальных органов.\n\n"
    "Третий этап – проведение совместного мониторинга рынков.\n\n"
    "Численность занятых составила 1200 человек, а по другим данным 1300 человек.\n\n"
    "Постоянный комитет Союзного государства рассмотрел итоги.\n\n"
    "Экспорт в третьи страны вырос на 5 %."
)
NEW_TEXT = (
    "Товарооборот взаимный за 2022 год составил 50 млрд долларов.\n\n"
    "Финансирования программы объем составит 120 млн рублей.\n\n"
    "Выполнено 90 % мероприятий Союзной программы.\n\n"
    "Создание базовых условий взаимодействия сторон завершено.\n\n"
    "Согласование полномочий национальных органов продолжается.\n\n"
    "Новый этап – развитие промышленной кооперации предприятий.\n\n"
    "Совет министров Союзного государства утвердил Соглашение о промышленной политике.\n\n"
    "Инвестиции в 2024 году достигнут 7 млрд рублей.\n\n"
    "Доля импорта снизилась до 20 %."
)


def fact(doc, cls, needle, **fields):
    """A fact record over the first occurrence of ``needle``; provenance from the document."""
    start = doc.text.index(needle)
    passage = next(p for p in doc.passages if p.start <= start < p.end)
    return cls(
        **doc.provenance(passage, start - passage.start, start - passage.start + len(needle)), **fields
    )


def money(doc, needle, value, indicator, year, unit="RUB", **kw):
    return fact(doc, Figure, needle, kind="money", value=value, unit=unit, indicator=indicator,
                period_start=year, period_end=year, **kw)  # fmt: skip


def with_directions(doc, labels_by_prefix):
    for i, passage in enumerate(doc.passages):
        labels = next((v for k, v in labels_by_prefix.items() if passage.text.startswith(k)), ())
        doc.passages[i] = passage.replace(directions=tuple({"label": lab, "score": 0.9} for lab in labels))


def old_doc():
    doc = make_document(OLD_TEXT, doc_id="old-doc")
    doc.source = "report-2022.txt"
    doc.figures += [
        money(doc, "45 млрд долларов", 45e9, "Взаимный товарооборот", "2022", unit="USD"),
        money(doc, "120 млн рублей", 120e6, "объем финансирования", None),
        fact(
            doc,
            Figure,
            "1200 человек",
            kind="count",
            value=1200,
            unit="человек",
            indicator="численность занятых",
            period_start="2022",
            period_end="2022",
        ),
        fact(
            doc,
            Figure,
            "1300 человек",
            kind="count",
            value=1300,
            unit="человек",
            indicator="численности занятых",
            period_start="2022",
            period_end="2022",
        ),
        fact(doc, Figure, "5 %", kind="percent", value=5, unit="%", change="increase", indicator="экспорт"),
        fact(doc, Figure, "80 %", kind="percent", value=80, unit="%"),  # no indicator: matched by its words
    ]
    doc.stages += [
        fact(doc, Stage, "Выполнено 80 % мероприятий", status="in_progress", completion=80.0),
        fact(doc, Stage, "создание базовых условий взаимодействия сторон", action="создание",
             object="базовые условия взаимодействия сторон", status="planned"),
        fact(doc, Stage, "согласование полномочий национальных органов", action="согласование",
             object="полномочия национальных органов", status="in_progress"),
        fact(doc, Stage, "проведение совместного мониторинга рынков", action="проведение",
             object="совместный мониторинг рынков", status="planned"),
    ]  # fmt: skip
    doc.entities += [
        fact(doc, Entity, "Постоянный комитет Союзного государства", label="ORG",
             canonical="Постоянный комитет Союзного государства"),
        fact(doc, Entity, "Союзного государства", label="LOC", canonical="Союзное государство"),
        fact(doc, Entity, "2022 году", label="DATE", canonical="2022"),
    ]  # fmt: skip
    with_directions(doc, {"Взаимный": ["markets"], "Экспорт": ["markets"], "Первый": ["governance"],
                          "Второй": ["governance"], "Постоянный": ["governance"]})  # fmt: skip
    return doc


def new_doc():
    doc = make_document(NEW_TEXT, doc_id="new-doc")
    doc.source = "report-2023.txt"
    doc.figures += [
        money(doc, "50 млрд долларов", 50e9, "взаимного товарооборота", "2022", unit="USD"),
        money(doc, "120 млн рублей", 120e6, "финансирования объем", None),
        money(doc, "7 млрд рублей", 7e9, "инвестиции", "2024"),
        fact(doc, Figure, "20 %", kind="percent", value=20, unit="%", indicator="доля импорта"),
        fact(doc, Figure, "90 %", kind="percent", value=90, unit="%"),
    ]
    doc.stages += [
        fact(doc, Stage, "Выполнено 90 % мероприятий", status="in_progress", completion=90.0),
        fact(doc, Stage, "Создание базовых условий взаимодействия сторон", action="создание",
             object="базовых условий взаимодействия сторон", status="completed"),
        fact(doc, Stage, "Согласование полномочий национальных органов", action="согласование",
             object="полномочий национальных органов", status="in_progress"),
        fact(doc, Stage, "развитие промышленной кооперации предприятий", action="развитие",
             object="промышленная кооперация предприятий", status="planned"),
    ]  # fmt: skip
    doc.entities += [
        fact(doc, Entity, "Совет министров Союзного государства", label="ORG",
             canonical="Совет министров Союзного государства"),
        fact(doc, Entity, "Союзного государства", label="LOC", canonical="союзное государство"),
        fact(doc, Entity, "Соглашение о промышленной политике", label="LAW",
             canonical="Соглашение о промышленной политике", kind="agreement"),
        fact(doc, Entity, "2024 году", label="DATE", canonical="2024"),
    ]  # fmt: skip
    with_directions(doc, {"Товарооборот": ["markets"], "Новый": ["cooperation", "governance"],
                          "Совет": ["governance"], "Инвестиции": ["state_support"],
                          "Доля": ["import_substitution", "markets"]})  # fmt: skip
    return doc


@pytest.fixture(scope="module")
def comparison():
    return compare_facts(
        RunFacts.from_documents([old_doc()], "2022"), RunFacts.from_documents([new_doc()], "2023")
    )


def test_changed_figure_matched_across_case_and_word_order(comparison):
    changed = comparison.figures_changed
    assert changed["match"].tolist() == ["exact", "context"]
    row = changed.iloc[0]
    assert (row["unit"], row["period"], row["old_value"], row["new_value"]) == ("USD", "2022", 45e9, 50e9)
    assert row["abs_change"] == 5e9
    assert row["rel_change"] == pytest.approx(0.111111111)
    assert row["match"] == "exact"
    assert (row["old_quote"], row["new_quote"]) == ("45 млрд долларов", "50 млрд долларов")
    assert (row["old_source"], row["new_source"]) == ("report-2022.txt", "report-2023.txt")
    assert row["new_context"][row["new_quote_at"] :].startswith("50 млрд долларов")
    assert NEW_TEXT[row["new_char_start"] : row["new_char_end"]] == "50 млрд долларов"


def test_unchanged_figure_not_reported_and_new_gone_listed(comparison):
    assert set(comparison.figures_new["indicator"]) == {"инвестиции", "доля импорта"}
    assert set(comparison.figures_gone["old_value"]) == {
        5.0,
        1200.0,
        1300.0,
    }  # each gone figure on its own row
    gone = comparison.figures_gone.set_index("indicator").loc["экспорт"]
    assert (gone["change"], gone["old_value"], gone["old_quote"]) == ("increase", 5.0, "5 %")


def test_figure_without_indicator_matched_by_its_words_in_points(comparison):
    row = comparison.figures_changed.set_index("match").loc["context"]
    assert (row["old_value"], row["new_value"], row["abs_change"], row["change_unit"]) == (
        80.0,
        90.0,
        10.0,
        "pp",
    )
    assert pd.isna(row["rel_change"])  # a percentage changes by points, not by a relative share


def test_matching_counts_per_side(comparison):
    matching = comparison.summary["figures_matching"]
    assert matching["old"] == {
        "figures": 6,
        "matched": 3,
        "unmatched": 3,
        "not_matchable": 0,
        "empty_on_other_side": 0,
    }  # 1200 and 1300
    assert matching["new"] == {
        "figures": 5,
        "matched": 3,
        "unmatched": 2,
        "not_matchable": 0,
        "empty_on_other_side": 0,
    }


def test_conflict_within_one_side_flagged(comparison):
    conflicts = comparison.figure_conflicts
    assert conflicts[["side", "value", "quote"]].values.tolist() == [
        ["old", 1200.0, "1200 человек"],
        ["old", 1300.0, "1300 человек"],
    ]
    assert set(conflicts["values"]) == {2}


def test_stage_changes(comparison):
    changed = comparison.stages_changed.set_index("stage")
    assert changed.loc["создание базовых условий взаимодействия сторон", ["old_status", "new_status", "change"]].tolist() == [
        "planned", "completed", "advanced",
    ]  # fmt: skip
    completion = changed.loc["Выполнено 90 % мероприятий"]
    assert (completion["old_completion"], completion["new_completion"], completion["change"]) == (
        80.0,
        90.0,
        "advanced",
    )
    assert len(changed) == 2  # "согласование полномочий" kept its status: not reported
    assert comparison.stages_new["stage"].tolist() == ["развитие промышленная кооперация предприятий"]
    assert comparison.stages_dropped["stage"].tolist() == ["проведение совместный мониторинг рынков"]


def test_entities_new_and_gone_by_label_and_canonical(comparison):
    new = comparison.entities_new
    assert new[["label", "canonical"]].values.tolist() == [
        ["LAW", "Соглашение о промышленной политике"],
        ["ORG", "Совет министров Союзного государства"],
    ]  # DATE excluded; "союзное государство" equals "Союзное государство"
    assert comparison.entities_gone[["label", "canonical"]].values.tolist() == [
        ["ORG", "Постоянный комитет Союзного государства"]
    ]
    assert new.iloc[0]["new_quote"] == "Соглашение о промышленной политике"


def test_direction_shares_and_shift(comparison):
    d = comparison.directions.set_index("direction")
    assert (d.loc["markets", "old_passages"], d.loc["markets", "new_passages"]) == (2, 2)
    assert d.loc["markets", "old_share"] == pytest.approx(2 / 9, abs=1e-4)
    assert d.loc["governance", "old_share"] == pytest.approx(3 / 9, abs=1e-4)
    assert d.loc["governance", "new_share"] == pytest.approx(2 / 9, abs=1e-4)
    assert d.loc["governance", "shift_pp"] == pytest.approx(-11.11, abs=0.01)
    assert d.loc["cooperation", "shift_pp"] == pytest.approx(11.11, abs=0.01)
    assert d.loc["energy", "shift_pp"] == 0
    assert d.loc["markets", "name"] == "Торговля и рынки сбыта"
    top = [s["direction"] for s in comparison.summary["direction_shifts"]]
    assert top[0] in {"governance", "cooperation", "state_support", "import_substitution"}
    assert "markets" not in top


def test_summary_counts(comparison):
    assert comparison.summary["changes"] == {
        "figures_changed": 2, "figures_new": 2, "figures_gone": 3, "figure_conflicts": 2,
        "stages_changed": 2, "stages_new": 1, "stages_dropped": 1, "entities_new": 2, "entities_gone": 1,
    }  # fmt: skip
    assert comparison.summary["old"]["figures"] == 6


def test_changes_long_table_has_every_row(comparison):
    changes = comparison.changes()
    assert changes.columns[0] == "section"
    assert changes["section"].value_counts().to_dict()["figures_new"] == 2
    assert len(changes) == sum(comparison.summary["changes"].values()) + len(comparison.directions)


def test_identical_sides_have_no_changes():
    doc = old_doc()
    result = compare_facts(RunFacts.from_documents([doc]), RunFacts.from_documents([old_doc()]))
    for name in ("figures_changed", "figures_new", "figures_gone", "stages_changed", "stages_new",
                 "stages_dropped", "entities_new", "entities_gone"):  # fmt: skip
        assert getattr(result, name).empty, name
    assert (result.directions["shift_pp"] == 0).all()
    assert len(result.figure_conflicts) == 4  # both sides flag the 1200/1300 conflict


def test_similar_indicator_matched_when_unit_and_period_agree():
    old = make_document("Взаимный товарооборот стран составил 45 млрд долларов.", doc_id="o")
    new = make_document("Взаимный товарооборот составил 50 млрд долларов.", doc_id="n")
    old.figures.append(
        money(old, "45 млрд долларов", 45e9, "взаимный товарооборот стран", "2023", unit="USD")
    )
    new.figures.append(money(new, "50 млрд долларов", 50e9, "взаимный товарооборот", "2023", unit="USD"))
    result = compare_facts(RunFacts.from_documents([old]), RunFacts.from_documents([new]))
    assert result.figures_changed[["match", "old_value", "new_value"]].values.tolist() == [
        ["similar", 45e9, 50e9]
    ]
    other_year = make_document("Взаимный товарооборот составил 50 млрд долларов.", doc_id="n2")
    other_year.figures.append(
        money(other_year, "50 млрд долларов", 50e9, "взаимный товарооборот", "2024", unit="USD")
    )
    result = compare_facts(RunFacts.from_documents([old]), RunFacts.from_documents([other_year]))
    assert result.figures_changed.empty
    assert (len(result.figures_new), len(result.figures_gone)) == (1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Взаимный товарооборот", ("взаимный", "товарооборот")),
        ("взаимного товарооборота", ("взаимный", "товарооборот")),
        ("товарооборота взаимного", ("взаимный", "товарооборот")),
        ("объём финансирования по программе", ("объем", "программа", "финансирование")),
        ("доля импорта в 2023 году", ("год", "доля", "импорт")),
        ("", ()),
    ],
)
def test_lemma_key(text, expected):
    from indpol.nlp.morph import load_morph

    assert lemma_key(text, load_morph()) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("«Союзное  государство»", "союзное государство"),
        ("СОЮЗНОЕ ГОСУДАРСТВО", "союзное государство"),
        ("Объём", "объем"),
    ],
)
def test_name_key(text, expected):
    assert name_key(text) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (("planned", None), ("in_progress", None), "advanced"),
        (("in_progress", None), ("completed", None), "advanced"),
        (("completed", None), ("planned", None), "regressed"),
        (("in_progress", 80.0), ("in_progress", 90.0), "advanced"),
        (("in_progress", 90.0), ("in_progress", 70.0), "regressed"),
        (("planned", None), ("deferred", None), "changed"),
        (("planned", None), ("planned", None), None),
        # the same status with another period: rescheduled, not a status change ("completed → completed")
        (("completed", None, "2023"), ("completed", None, "2024"), "rescheduled"),
        (("planned", None, "2023"), ("planned", None, None), None),  # a period stated on one side only
    ],
)
def test_stage_change(old, new, expected):
    doc = make_document("Этап.", doc_id="x")

    def stage(status, completion, year=None):
        return fact(
            doc, Stage, "Этап", status=status, completion=completion, period_start=year, period_end=year
        )

    assert stage_change(stage(*old), stage(*new)) == expected


def test_greedy_match_best_pairs_first():
    old = [("a", "b", "c"), ("a", "b"), ("x",)]
    new = [("a", "b"), ("a", "b", "c", "d")]
    pairs, only_old, only_new = greedy_match(old, new, jaccard, 0.5)
    assert [(i, j) for i, j, _ in pairs] == [(1, 0), (0, 1)]
    assert (only_old, only_new) == ([2], [])


def test_text_only_stage_matched_despite_changed_status_words():
    old = make_document("II этап – 2024–2026 годы: планируется.\n\nIII этап – 2027 год.", doc_id="o")
    new = make_document("II этап – 2024–2026 годы: реализуется.\n\nIII этап – 2027 год.", doc_id="n")
    old.stages += [fact(old, Stage, "II этап – 2024–2026 годы: планируется", stage="II", status="planned"),
                   fact(old, Stage, "III этап – 2027 год", stage="III", status="planned")]  # fmt: skip
    new.stages += [
        fact(new, Stage, "II этап – 2024–2026 годы: реализуется", stage="II", action="реализоваться",
             status="in_progress"),
        fact(new, Stage, "III этап – 2027 год", stage="III", status="planned"),
    ]  # fmt: skip
    result = compare_facts(RunFacts.from_documents([old]), RunFacts.from_documents([new]))
    assert result.stages_changed[["old_status", "new_status", "change"]].values.tolist() == [
        ["planned", "in_progress", "advanced"]
    ]
    assert result.stages_new.empty and result.stages_dropped.empty


def test_tasks_and_goals_are_not_compared_as_stages():
    old = make_document("Задача: развитие кооперации. Мероприятие: ремонт котельной.", doc_id="o")
    new = make_document("Задача: поддержка экспорта. Мероприятие: ремонт котельной завершен.", doc_id="n")
    old.stages += [fact(old, Stage, "развитие кооперации", kind="task", action="развитие"),
                   fact(old, Stage, "ремонт котельной", kind="measure", action="ремонт", status="planned")]  # fmt: skip
    new.stages += [fact(new, Stage, "поддержка экспорта", kind="task", action="поддержка"),
                   fact(new, Stage, "ремонт котельной завершен", kind="measure", action="ремонт",
                        status="completed")]  # fmt: skip
    result = compare_facts(RunFacts.from_documents([old]), RunFacts.from_documents([new]))
    assert result.stages_changed["change"].tolist() == ["advanced"]
    assert result.stages_new.empty and result.stages_dropped.empty


def test_different_values_without_period_are_not_a_conflict():
    doc = make_document(
        "Из 28 программ выполнены 9 программ, по 17 программам работа продолжается.", doc_id="p"
    )
    for needle, value in (("28 программ", 28), ("9 программ", 9), ("17 программам", 17)):
        doc.figures.append(
            fact(doc, Figure, needle, kind="count", value=value, unit="программа", indicator="программа")
        )
    result = compare_facts(RunFacts.from_documents([doc]), RunFacts.from_documents([doc]))
    assert result.figure_conflicts.empty


def test_direction_shares_count_only_russian_body_passages():
    doc = make_document(
        "Рынки сбыта.\n\nMarkets abroad.\n\nЛитература о рынках.\n\nАннотация о рынках.", doc_id="d"
    )
    markets = ({"label": "markets", "score": 0.9},)
    doc.passages[0] = doc.passages[0].replace(directions=markets)
    doc.passages[1] = doc.passages[1].replace(language="en", directions=markets)
    doc.passages[2] = doc.passages[2].replace(role="references", directions=markets)
    doc.passages[3] = doc.passages[3].replace(role="abstract", directions=markets)
    empty = make_document("Текст без направлений.", doc_id="e")
    result = compare_facts(RunFacts.from_documents([empty]), RunFacts.from_documents([doc]))
    row = result.directions.set_index("direction").loc["markets"]
    assert (row["new_passages"], row["new_share"], row["shift_pp"]) == (1, 1.0, 100.0)
    assert result.directions.attrs == {"old_total": 1, "new_total": 1}


def test_ambiguous_change_listed_after_clear_ones_with_values_in_note():
    old = make_document("Проектов 10 и 12. Доля 20 %.", doc_id="o")
    new = make_document("Проектов 15. Доля 25 %.", doc_id="n")
    year = {"period_start": "2023", "period_end": "2023"}
    old.figures += [
        fact(old, Figure, "10", kind="count", value=10, unit="проект", indicator="проект", **year),
        fact(old, Figure, "12", kind="count", value=12, unit="проект", indicator="проект", **year),
        fact(old, Figure, "20 %", kind="percent", value=20, unit="%", indicator="доля"),
    ]
    new.figures += [
        fact(new, Figure, "15", kind="count", value=15, unit="проект", indicator="проект", **year),
        fact(new, Figure, "25 %", kind="percent", value=25, unit="%", indicator="доля"),
    ]
    result = compare_facts(RunFacts.from_documents([old]), RunFacts.from_documents([new]))
    rows = result.figures_changed[["indicator", "abs_change", "note"]].values.tolist()
    undated = "no period on either side: the values may be of different periods"
    assert rows[0] == ["доля", 5.0, undated]
    assert rows[1][0] == "проект" and pd.isna(rows[1][1]) and rows[1][2] == "old side states 10, 12"


@pytest.mark.parametrize(
    ("old_values", "new_values", "changed", "gone", "new"),
    [
        # one value each side, no period: the same indicator changed
        ([21.37e9], [28.876e9], [(21.37e9, 28.876e9)], [], []),
        # several deals' amounts, no period: which is which is unknown, so value by value
        ([21.37e9], [28.876e9, 16.73e9], [], [21.37e9], [28.876e9, 16.73e9]),
        ([21.37e9, 28.876e9], [28.876e9, 16.73e9], [], [21.37e9], [16.73e9]),
    ],
)
def test_undated_values_of_one_indicator_pair_only_when_unambiguous(
    old_values, new_values, changed, gone, new
):
    def side(values, doc_id):
        text = " ".join(f"Размер сделки составил {v:,.0f} рублей." for v in values).replace(",", " ")
        doc = make_document(text, doc_id=doc_id)
        doc.figures += [
            fact(doc, Figure, f"{v:,.0f} рублей".replace(",", " "), kind="money", value=v, unit="RUB",
                 indicator="размер сделки")
            for v in values
        ]  # fmt: skip
        return RunFacts.from_documents([doc])

    result = compare_facts(side(old_values, "o"), side(new_values, "n"))
    changes = result.figures_changed
    pairs = [] if changes.empty else [tuple(r) for r in changes[["old_value", "new_value"]].values]
    assert pairs == changed
    assert sorted(result.figures_gone.get("old_value", [])) == sorted(gone)
    assert sorted(result.figures_new.get("new_value", [])) == sorted(new)


def test_measure_words_do_not_split_an_indicator():
    old = make_document("Объем инвестиций в основной капитал составил 10 млрд рублей.", doc_id="o")
    new = make_document("Инвестиции в основной капитал составили 12 млрд рублей.", doc_id="n")
    old.figures.append(money(old, "10 млрд рублей", 10e9, "объем инвестиций в основной капитал", "2023"))
    new.figures.append(money(new, "12 млрд рублей", 12e9, "инвестиции в основной капитал", "2023"))
    result = compare_facts(RunFacts.from_documents([old]), RunFacts.from_documents([new]))
    assert result.figures_changed[["match", "old_value", "new_value"]].values.tolist() == [
        ["exact", 10e9, 12e9]
    ]
    assert result.figures_new.empty and result.figures_gone.empty


def count(doc, needle, value, noun, year=None):
    return fact(doc, Figure, needle, kind="count", value=value, unit=noun, indicator=noun,
                period_start=year, period_end=year)  # fmt: skip


def test_bare_counts_match_only_with_the_same_predicate():
    old = make_document("Полностью выполнены 9 программ, по 17 программам работа продолжается.", doc_id="o")
    new = make_document("Полностью выполнены 14 программ, по 12 программам работа продолжается.", doc_id="n")
    old.figures += [count(old, "9 программ", 9, "программа"), count(old, "17 программам", 17, "программа")]
    new.figures += [count(new, "14 программ", 14, "программа"), count(new, "12 программам", 12, "программа")]
    result = compare_facts(RunFacts.from_documents([old]), RunFacts.from_documents([new]))
    pairs = sorted(result.figures_changed[["old_value", "new_value"]].values.tolist())
    assert pairs == [[9, 14], [17, 12]]


def test_a_conflict_on_one_side_is_no_change():
    old = make_document(
        "Товарооборот составил 50 млрд долларов, по другим данным 48 млрд долларов.", doc_id="o"
    )
    new = make_document("Товарооборот составил 50 млрд долларов.", doc_id="n")
    old.figures += [money(old, "50 млрд долларов", 50e9, "товарооборот", "2023", unit="USD"),
                    money(old, "48 млрд долларов", 48e9, "товарооборот", "2023", unit="USD")]  # fmt: skip
    new.figures.append(money(new, "50 млрд долларов", 50e9, "товарооборот", "2023", unit="USD"))
    result = compare_facts(RunFacts.from_documents([old]), RunFacts.from_documents([new]))
    assert result.figures_changed.empty
    assert set(result.figure_conflicts["value"]) == {50e9, 48e9}


def test_acts_match_by_number_or_title_not_by_wording(tmp_path):
    old = make_document("Федеральным законом № 488-ФЗ и программой «Микросхема-СГ» установлено.", doc_id="o")
    new = make_document(
        "Федеральный закон от 31.12.2014 № 488-ФЗ и союзная программа «Микросхема-СГ».", doc_id="n"
    )
    old.entities += [
        fact(old, Entity, "Федеральным законом № 488-ФЗ", label="LAW", canonical="Федеральный закон № 488-ФЗ",
             attrs={"doc_type": "федеральный закон", "number": "488-ФЗ"}),
        fact(old, Entity, "программой «Микросхема-СГ»", label="LAW", canonical="Программа «Микросхема-СГ»",
             attrs={"doc_type": "программа", "title": "Микросхема-СГ"}),
    ]  # fmt: skip
    new.entities += [
        fact(new, Entity, "Федеральный закон от 31.12.2014 № 488-ФЗ", label="LAW",
             canonical="Федеральный закон № 488-ФЗ от 2014-12-31",
             attrs={"doc_type": "федеральный закон", "number": "488-ФЗ", "date": "2014-12-31"}),
        fact(new, Entity, "союзная программа «Микросхема-СГ»", label="LAW",
             canonical="Союзная программа «Микросхема-СГ»",
             attrs={"doc_type": "союзная программа", "title": "Микросхема-СГ"}),
    ]  # fmt: skip
    result = compare_facts(RunFacts.from_documents([old]), RunFacts.from_documents([new]))
    assert result.entities_new.empty and result.entities_gone.empty
    result.figures_new = pd.DataFrame([{"new_char_start": 3, "new_page": None, "new_value": 1.5}])
    text = result.write_csv(tmp_path / "changes.csv").read_text(encoding="utf-8-sig")
    assert "figures_new,3,,1.5" in text  # offsets stay integers next to a missing page
