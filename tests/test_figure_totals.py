"""Totals and their parts (``Figure.is_total``, ``Figure.part_of``): breakdowns announced in prose by
"в том числе", "из них", "из которых", "в т.ч.", and "Всего"/"Итого" rows and columns of tables.

A breakdown in prose counts when the text announces it: a list that names only some parts is still one,
a list whose numbers exceed its total is not (nothing is marked), and a nested breakdown (of a part)
counts only when its numbers add up. Tables have no cue but their headers, so their parts must add up."""

import pytest
from conftest import run_figures_step

from indpol.config import PipelineConfig
from indpol.extract.figures.step import figures_step
from indpol.nlp.cache import Models
from indpol.records import CELL_SEPARATOR, Table
from indpol.testing import make_document


def totals(doc) -> list[tuple[str, bool, str | None]]:
    """(text, is_total, text of the total it is a part of) of every figure of a document."""
    texts = {f.figure_id: f.text for f in doc.figures}
    return [(f.text, f.is_total, texts.get(f.part_of) if f.part_of else None) for f in doc.figures]


MILLION = "1 000,0 тыс. рублей"
PROSE = [
    (
        "years that add up",
        "Общий объем финансирования подпрограммы составит 960 500,0 тыс. рублей, в том числе: в 2025 году – "
        "310 000,0 тыс. рублей; в 2026 году – 320 500,0 тыс. рублей; в 2027 году – 330 000,0 тыс. рублей.",
        [("960 500,0 тыс. рублей", True, None), ("310 000,0 тыс. рублей", False, "960 500,0 тыс. рублей"),
         ("320 500,0 тыс. рублей", False, "960 500,0 тыс. рублей"),
         ("330 000,0 тыс. рублей", False, "960 500,0 тыс. рублей")],
    ),
    (
        "из них: one part of a count",
        "За год в поселке открыто 120 рабочих мест, из них 35 – для молодых специалистов.",
        [("120 рабочих мест", True, None), ("35", False, "120 рабочих мест")],
    ),
    (
        "из которых, sources that add up",
        "На ремонт дорог выделено 80 млн рублей, из которых 50 млн рублей – средства области, "
        "30 млн рублей – средства района.",
        [("80 млн рублей", True, None), ("50 млн рублей", False, "80 млн рублей"),
         ("30 млн рублей", False, "80 млн рублей")],
    ),
    (
        "в т.ч.: some parts only, the text says so",
        "Объем закупок составил 640 тонн зерна, в т.ч. 210 тонн пшеницы.",
        [("640 тонн", True, None), ("210 тонн", False, "640 тонн")],
    ),
    (
        "a list that exceeds its total: nothing",
        "Смета проекта составит 700 млн рублей, в том числе на строительство – 500 млн рублей, "
        "на оборудование – 400 млн рублей.",
        [("700 млн рублей", False, None), ("500 млн рублей", False, None), ("400 млн рублей", False, None)],
    ),
    (
        "a nested breakdown that adds up",
        f"Всего на мероприятия предусмотрено {MILLION}, в том числе за счет средств краевого бюджета – "
        "600,0 тыс. рублей, из них в 2025 году – 250,0 тыс. рублей, в 2026 году – 350,0 тыс. рублей; "
        "за счет средств местного бюджета – 400,0 тыс. рублей.",
        [(MILLION, True, None), ("600,0 тыс. рублей", True, MILLION),
         ("250,0 тыс. рублей", False, "600,0 тыс. рублей"), ("350,0 тыс. рублей", False, "600,0 тыс. рублей"),
         ("400,0 тыс. рублей", False, MILLION)],
    ),
    (
        "a nested breakdown that does not add up is left out, and so is its total's list",
        f"Всего на мероприятия предусмотрено {MILLION}, в том числе за счет средств краевого бюджета – "
        "600,0 тыс. рублей, из них в 2025 году – 250,0 тыс. рублей; "
        "за счет средств местного бюджета – 300,0 тыс. рублей.",
        [(MILLION, False, None), ("600,0 тыс. рублей", False, None), ("250,0 тыс. рублей", False, None),
         ("300,0 тыс. рублей", False, None)],
    ),
    (
        "parallel lists are no nested breakdown",
        "Годовая потребность района в зерне составляет 52,4 тыс. тонн, в том числе в городе – 8,1 тыс. тонн; "
        "в картофеле – 31,6 тыс. тонн, в том числе в городе – 5,2 тыс. тонн.",
        [("52,4 тыс. тонн", True, None), ("8,1 тыс. тонн", False, "52,4 тыс. тонн"), ("31,6 тыс. тонн", False, None),
         ("5,2 тыс. тонн", False, None)],
    ),
    (
        "a property of the things counted is no total, a threshold no part",
        "В районе насчитывается 120 озер общей площадью 3400 га, из них 80 – площадью менее 10 га.",
        [("120 озер", False, None), ("3400 га", False, None), ("80", False, None), ("10 га", False, None)],
    ),
    (
        "a percentage after a total is no part",
        "Инвестиции в основной капитал составили 450 млн рублей, в том числе 60 % – средства предприятий.",
        [("450 млн рублей", False, None), ("60 %", False, None)],
    ),
    (
        "another unit after the cue is no part",
        "Построено 4 школы, в том числе на 1200 мест.",
        [("4 школы", False, None), ("1200 мест", False, None)],
    ),
    (
        "two unrelated money figures",
        "Доходы бюджета составили 84,3 млн рублей, а расходы на содержание дорог – 12,6 млн рублей.",
        [("84,3 млн рублей", False, None), ("12,6 млн рублей", False, None)],
    ),
    (
        "a new sentence ends the breakdown",
        "Объем субсидий составил 90 млн рублей, из них 40 млн рублей получили фермеры. "
        "Налоговые поступления составили 30 млн рублей.",
        [("90 млн рублей", True, None), ("40 млн рублей", False, "90 млн рублей"), ("30 млн рублей", False, None)],
    ),
    (
        "the list continues in the next passages",
        "Объем финансирования программы составит 900,0 тыс. рублей, в том числе по годам:\n\n"
        "2025 год – 400,0 тыс. рублей;\n\n2026 год – 500,0 тыс. рублей.",
        [("900,0 тыс. рублей", True, None), ("400,0 тыс. рублей", False, "900,0 тыс. рублей"),
         ("500,0 тыс. рублей", False, "900,0 тыс. рублей")],
    ),
    (
        "the cue on a line of its own",
        "Объем финансирования программы составит 900,0 тыс. рублей\n\nв том числе:\n\n"
        "- 2025 год – 400,0 тыс. рублей;\n\n- 2026 год – 500,0 тыс. рублей.",
        [("900,0 тыс. рублей", True, None), ("400,0 тыс. рублей", False, "900,0 тыс. рублей"),
         ("500,0 тыс. рублей", False, "900,0 тыс. рублей")],
    ),
    (
        "a new paragraph is no list item",
        "Объем финансирования программы составит 900,0 тыс. рублей, в том числе:\n\n"
        "Расходы на связь составили 400,0 тыс. рублей.",
        [("900,0 тыс. рублей", False, None), ("400,0 тыс. рублей", False, None)],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in PROSE], ids=[case[0] for case in PROSE])
def test_prose_breakdowns(text, expected):
    assert totals(run_figures_step(text)) == expected


def test_part_of_holds_the_final_id():
    doc = run_figures_step(PROSE[0][1])
    total, *parts = doc.figures
    assert total.figure_id and {part.part_of for part in parts} == {total.figure_id}
    assert all(part.to_dict()["part_of"] == total.figure_id for part in parts)


def table_document(rows: list[tuple[str, ...]], caption: str, header_rows: int = 1):
    """A document of one table, one table-row passage per row, after the figures step."""
    doc = make_document("\n\n".join(CELL_SEPARATOR.join(row) for row in rows), doc_id="t")
    doc.passages = [p.replace(kind="table_row", table_id="tb", row=i) for i, p in enumerate(doc.passages)]
    doc.tables = [Table(doc_id="t", table_id="tb", index=0, page=None, bbox=None, rows=tuple(rows),
                        caption=caption, header_rows=header_rows)]  # fmt: skip
    figures_step(doc, Models(PipelineConfig()), PipelineConfig())
    return doc


def cells(doc) -> dict[tuple[int, int], tuple[bool, tuple[int, int] | None]]:
    """(row, col) → (is_total, (row, col) of the total it is a part of) of a table's figures."""
    where = {f.figure_id: (f.table["row"], f.table["col"]) for f in doc.figures}
    return {where[f.figure_id]: (f.is_total, where.get(f.part_of)) for f in doc.figures}


FINANCE = [
    ("Источник финансирования", "Всего", "2025 год", "2026 год"),
    ("Краевой бюджет", "700,0", "300,0", "400,0"),
    ("Местный бюджет", "300,0", "100,0", "200,0"),
    ("Итого", "1 000,0", "400,0", "600,0"),
]
TABLES = [
    (
        "a total row and a total column",
        FINANCE,
        {(1, 1): (True, (3, 1)), (1, 2): (False, (1, 1)), (1, 3): (False, (1, 1)),
         (2, 1): (True, (3, 1)), (2, 2): (False, (2, 1)), (2, 3): (False, (2, 1)),
         (3, 1): (True, None), (3, 2): (True, (3, 1)), (3, 3): (True, (3, 1))},
    ),
    (
        "a total row first, its rows below",
        [("Показатель", "2025 год", "2026 год"), ("Всего по программе", "500,0", "800,0"),
         ("Подпрограмма 1", "200,0", "300,0"), ("Подпрограмма 2", "300,0", "500,0")],
        {(1, 1): (True, None), (1, 2): (True, None), (2, 1): (False, (1, 1)), (2, 2): (False, (1, 2)),
         (3, 1): (False, (1, 1)), (3, 2): (False, (1, 2))},
    ),
    (
        "cells that do not add up are no parts",
        [("Источник финансирования", "Всего", "2025 год", "2026 год"),
         ("Краевой бюджет", "700,0", "300,0", "450,0"), ("Местный бюджет", "300,0", "100,0", "200,0"),
         ("Итого", "1 100,0", "400,0", "650,0")],
        {(1, 1): (False, None), (1, 2): (False, (3, 2)), (1, 3): (False, (3, 3)),
         (2, 1): (True, None), (2, 2): (False, (2, 1)), (2, 3): (False, (2, 1)),
         (3, 1): (False, None), (3, 2): (True, None), (3, 3): (True, None)},
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "expected"), [case[1:] for case in TABLES], ids=[case[0] for case in TABLES]
)
def test_table_totals(rows, expected):
    doc = table_document(rows, "Объем финансирования, тыс. рублей")
    assert {f.unit for f in doc.figures} == {"RUB"}
    assert cells(doc) == expected


def test_table_of_shares_has_no_totals():
    rows = [("Показатель", "2025 год", "2026 год"), ("Доля малых предприятий", "40", "45"),
            ("Доля средних предприятий", "60", "55"), ("Итого", "100", "100")]  # fmt: skip
    doc = table_document(rows, "Структура предприятий, %")
    assert {f.kind for f in doc.figures} == {"percent"}
    assert not any(f.is_total or f.part_of for f in doc.figures)
