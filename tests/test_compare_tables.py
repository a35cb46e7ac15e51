"""compare on tables of two editions: cells pair by row label and period whatever indicator the text lent
them; revisions, new and dropped periods, renamed rows, folded units, cells the other side reads empty."""

from __future__ import annotations

import pytest
from test_compare import fact

from indpol.comparison.compare import compare_facts
from indpol.records import Figure, Table
from indpol.store.reader import RunFacts
from indpol.testing import make_document

QUARTERS = {f"4 КВ. {year}": (f"{year}-10-01", f"{year}-12-31") for year in (2021, 2022, 2023)} | {
    f"12М {year}": (f"{year}-01-01", f"{year}-12-31") for year in (2021, 2022, 2023)
}


def edition(doc_id, columns, rows, indicator="", units=None, table_rows=None, periods=None):
    """A document holding one table: ``rows`` are (label, values by column); every value a figure in its
    cell, with the period its column names and an indicator of the surrounding text (``indicator``)."""
    lines = [" | ".join(["МЛН РУБ.", *columns])]
    lines += [" | ".join([label, *values]) for label, values in rows]
    doc = make_document("\n\n".join(lines), doc_id=doc_id)
    for r, (label, values) in enumerate(rows, start=1):
        for c, (column, text) in enumerate(zip(columns, values, strict=True), start=1):
            if text:
                start, end = (periods or {}).get(column) or QUARTERS.get(column, (None, None))
                cell = {
                    "table_id": f"t-{doc_id}",
                    "row": r,
                    "col": c,
                    "row_header": label,
                    "column_header": column,
                }
                figure = fact(doc, Figure, text, kind="quantity", value=float(text.replace(" ", "").replace(",", ".")),
                              unit=(units or {}).get(column), indicator=f"{indicator}{label}".strip(),
                              period_start=start, period_end=end, table=cell)  # fmt: skip
                doc.figures.append(figure)
    if table_rows is not None:
        doc.tables.append(Table(doc_id=doc_id, table_id=f"t-{doc_id}", index=0, page=None, bbox=None,
                                rows=tuple(tuple(row) for row in table_rows)))  # fmt: skip
    return RunFacts.from_documents([doc])


def values(frame, column):
    return sorted(frame[column]) if not frame.empty else []


OLD_COLUMNS = ["4 КВ. 2022", "4 КВ. 2021", "12М 2022", "12М 2021"]
NEW_COLUMNS = ["4 КВ. 2023", "4 КВ. 2022", "12М 2023", "12М 2022"]


@pytest.mark.parametrize(
    ("old_rows", "new_rows", "changed", "new", "gone"),
    [
        # a new edition: the new periods added, the oldest dropped, last year's columns repeated unchanged
        ([("Пятерочка", ["551 900", "486 449", "2 100 019", "1 779 550"])],
         [("Пятерочка", ["664 022", "551 900", "2 432 093", "2 100 019"])],
         [], [664022.0, 2432093.0], [486449.0, 1779550.0]),
        # last year's value revised in the new edition: one change with both values
        ([("Пятерочка", ["551 900", "486 449", "2 100 019", "1 779 550"])],
         [("Пятерочка", ["664 022", "552 100", "2 432 093", "2 100 019"])],
         [(551900.0, 552100.0)], [664022.0, 2432093.0], [486449.0, 1779550.0]),
        # a renamed row ("Общие продажи" → "Выручка") whose shared periods moved by a fraction of a percent
        ([("Общие продажи", ["877 971", "703 993", "3 138 517", "2 601 723"])],
         [("Выручка", ["1 077 781", "881 216", "3 908 047", "3 145 859"])],
         [(877971.0, 881216.0), (3138517.0, 3145859.0)], [1077781.0, 3908047.0], [703993.0, 2601723.0]),
        # … but a new row of other values is no rename
        ([("Общие продажи", ["877 971", "703 993", "3 138 517", "2 601 723"])],
         [("Прочее", ["9 841", "3 241", "17 374", "7 335"])],
         [], [3241.0, 7335.0, 9841.0, 17374.0], [703993.0, 877971.0, 2601723.0, 3138517.0]),
    ],
)  # fmt: skip
def test_edition_tables_compare_cell_by_cell(old_rows, new_rows, changed, new, gone):
    # rows the new edition repeats unchanged (the tables are one table) …
    old_rows = [("Перекресток", ["97 965", "93 861", "365 283", "337 362"]), *old_rows]
    new_rows = [("Перекресток", ["108 859", "97 965", "384 321", "365 283"]), *new_rows]
    new, gone = sorted([*new, 108859.0, 384321.0]), sorted([*gone, 93861.0, 337362.0])
    # … and the indicators the text lends the cells differ between editions: the place decides
    old = edition("o", OLD_COLUMNS, old_rows, indicator="Выручка офлайн и цифровых бизнесов: ")
    fresh = edition("n", NEW_COLUMNS, new_rows, indicator="повышению эффективности: ")
    result = compare_facts(old, fresh)
    pairs = [] if result.figures_changed.empty else result.figures_changed[["old_value", "new_value"]].values
    assert sorted(tuple(p) for p in pairs) == changed
    assert values(result.figures_new, "new_value") == new
    assert values(result.figures_gone, "old_value") == gone
    assert set(result.figures_changed.get("match", [])) <= {"table"}
    if changed:
        rows = result.figures_changed
        assert rows["old_quote"].all() and rows["new_quote"].all()  # both evidences
        assert set(rows["period"]) <= {"2022-10-01–2022-12-31", "2022-01-01–2022-12-31"}
    # swapped sides swap new and gone
    back = compare_facts(fresh, old)
    assert values(back.figures_new, "new_value") == gone and values(back.figures_gone, "old_value") == new


@pytest.mark.parametrize("same_change_header", [True, False])
def test_change_columns_dated_as_their_levels_leave_cells_paired(same_change_header):
    """A "ИЗМ г-к-г, %" column is dated as the latest period it compares, so a row has a level and a percent of
    one period: the percent keeps them apart, for a row of one name and a renamed row alike."""
    changes = ("Г/Г, %", "Г/Г, %") if same_change_header else ("Г/Г 4 КВ., %", "Г/Г 12М, %")

    def side(doc_id, columns, year, rows):
        dated = {changes[0]: QUARTERS[f"4 КВ. {year}"], changes[1]: QUARTERS[f"12М {year}"]}
        return edition(doc_id, [*columns, *changes], rows, units=dict.fromkeys(changes, "%"), periods=dated)

    old = side(
        "o",
        OLD_COLUMNS,
        2022,
        [
            ("Перекресток", ["97 965", "93 861", "365 283", "337 362", "4,4", "8,3"]),
            ("Общие продажи", ["877 971", "703 993", "3 138 517", "2 601 723", "24,7", "20,6"]),
        ],
    )
    fresh = side("n", NEW_COLUMNS, 2023, [("Перекресток", ["108 859", "97 965", "384 321", "365 283", "11,1", "5,2"]),
                                          ("Выручка", ["1 077 781", "881 216", "3 908 047", "3 145 859", "22,3", "24,2"])])  # fmt: skip
    result = compare_facts(old, fresh)
    pairs = result.figures_changed[["old_value", "new_value"]].values
    assert sorted(tuple(p) for p in pairs) == [(877971.0, 881216.0), (3138517.0, 3145859.0)]


def test_a_unit_read_on_one_side_only_folds_its_scale():
    old = edition("o", ["4 КВ. 2022", "4 КВ. 2021"], [("GMV", ["45 893", "24 384"])])
    fresh = edition("n", ["4 КВ. 2023", "4 КВ. 2022"], [("GMV", ["67 647", "45 893 000"])],
                    units={"4 КВ. 2022": "thousand"})  # fmt: skip
    result = compare_facts(old, fresh)
    assert result.figures_changed.empty  # 45 893 (millions) and 45 893 000 (thousands) are one value


def test_cells_the_other_side_reads_empty_are_counted_not_new():
    """A PDF that draws a table's numbers as shapes gives its cells empty: the DOCX twin's values there
    are no new facts, and the summary says how many could not be compared."""
    header = ["Метод", "ВЛД", "ВЛНД"]
    pdf = edition("p", ["ВЛД", "ВЛНД"], [("по сетчатке", ["", ""])],
                  table_rows=[header, ["по сетчатке", "", ""]])  # fmt: skip
    docx = edition("d", ["ВЛД", "ВЛНД"], [("по сетчатке", ["0,0001", "0,4"])],
                   table_rows=[header, ["по сетчатке", "0,0001", "0,4"]])  # fmt: skip
    result = compare_facts(pdf, docx)
    assert result.figures_new.empty and result.figures_gone.empty and result.figures_changed.empty
    assert result.summary["figures_matching"]["new"]["empty_on_other_side"] == 2
    # a cell filled on both sides is compared as ever
    filled = edition("f", ["ВЛД", "ВЛНД"], [("по сетчатке", ["0,0002", "0,4"])],
                     table_rows=[header, ["по сетчатке", "0,0002", "0,4"]])  # fmt: skip
    assert len(compare_facts(filled, docx).figures_changed) == 1
