"""PDF tables found from the page: ruled grids with merged cells, whole numbers in cells,
unruled statistical tables with their headers and caption, tables continued on the next page."""

import pytest
from conftest import DEJAVU, NO_STEPS, needs_font

from indpol.ingest.pdf_layout import Line
from indpol.ingest.pdf_tables import (
    Grid,
    Ruling,
    cells_of,
    find_grids,
    grid_rows,
    header_above,
    unruled_tables,
)
from indpol.pipeline import Pipeline

MONTHS = ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август"]
YEARS = [2021, 2022, 2023, 2024]


def value(month: int, year: int) -> str:
    return f"{95 + month * 1.3 + year % 7:.1f}".replace(".", ",")


def _stat_pdf(rows_on_first_page: int) -> bytes:
    """A Rosstat-style table without rulings: title, unit line, year columns, months as rows;
    the rows after ``rows_on_first_page`` go to a second page under a repeated year header."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    pdf.add_font("D", "", str(DEJAVU))

    def header(y: float) -> float:
        pdf.set_font("D", size=10)
        for j, year in enumerate(YEARS):
            pdf.text(90 + 30 * j + 8, y, str(year))
        return y + 8

    pdf.add_page()
    pdf.set_font("D", size=12)
    pdf.text(20, 20, "Индекс промышленного производства")
    pdf.set_font("D", size=10)
    pdf.text(20, 27, "в процентах к предыдущему периоду")
    y = header(42)
    for i, month in enumerate(MONTHS):
        if i == rows_on_first_page:
            pdf.add_page()
            y = header(20)
        pdf.text(20, y, month)
        for j, year in enumerate(YEARS):
            text = value(i, year)
            pdf.text(90 + 30 * j + 20 - pdf.get_string_width(text), y, text)
        y += 8
    return bytes(pdf.output())


@needs_font
@pytest.mark.parametrize("rows_on_first_page", [8, 5, 7])
def test_unruled_statistical_table_keeps_headers_caption_and_continues_across_pages(rows_on_first_page):
    doc = Pipeline.from_config(NO_STEPS).process(_stat_pdf(rows_on_first_page), name="stat.pdf")
    (table,) = doc.tables
    assert table.caption == "Индекс промышленного производства в процентах к предыдущему периоду"
    assert table.header_rows == 1 and list(table.rows[0]) == ["", *map(str, YEARS)]
    assert [row[0] for row in table.rows[1:]] == MONTHS
    assert list(table.rows[3]) == ["Март", *(value(2, year) for year in YEARS)]
    pages = [p.page for p in doc.passages if p.kind == "table_row"]
    assert pages == [1] * (rows_on_first_page + 1) + [2] * (len(MONTHS) - rows_on_first_page)
    assert not any("2021 2022" in p.text for p in doc.passages if p.kind != "table_row")


def _ruled_pdf(cells: list[list[str]], widths: list[float], merged_header: str | None = None) -> bytes:
    """A ruled table drawn line by line; with ``merged_header`` the first row's cells after the
    first one are one merged cell holding that text (no inner vertical borders in that row)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("D", "", str(DEJAVU))
    pdf.set_font("D", size=10)
    x0, y0, height = 20.0, 40.0, 9.0
    xs = [x0]
    for width in widths:
        xs.append(xs[-1] + width)
    rows = len(cells) + (1 if merged_header else 0)
    for i in range(rows + 1):
        pdf.line(xs[0], y0 + i * height, xs[-1], y0 + i * height)
    for j, x in enumerate(xs):
        top = y0 + height if merged_header and 1 < j < len(xs) - 1 else y0
        pdf.line(x, top, x, y0 + rows * height)
    if merged_header:
        pdf.text(xs[1] + 2, y0 + 6, merged_header)
    for i, row in enumerate(cells):
        y = y0 + (i + (1 if merged_header else 0)) * height + 6
        for j, text in enumerate(row):
            pdf.text(xs[j] + 1.5, y, text)
    return bytes(pdf.output())


@needs_font
def test_ruled_table_with_merged_header_cell():
    cells = [["Источник", "2024", "2025", "2026"], ["Федеральный бюджет", "648,5", "75,09", "1 073,6"]]
    data = _ruled_pdf(cells, [60, 30, 30, 30], merged_header="в том числе по годам")
    doc = Pipeline.from_config(NO_STEPS).process(data, name="ruled.pdf")
    (table,) = doc.tables
    assert [list(row) for row in table.rows] == [["", "в том числе по годам", "", ""], *cells]


def test_a_number_crossing_a_border_stays_whole_in_one_cell():
    grid = Grid(
        xs=[0, 50, 100],
        ys=[0, 10, 20],
        rulings=[Ruling(True, y, 0, 100) for y in (0, 10, 20)]
        + [Ruling(False, x, 0, 20) for x in (0, 50, 100)],
    )
    words = [
        Line(2, 1, 20, 9, "Рост"),
        Line(40, 11, 58, 19, "75,09"),  # drawn over the border at x = 50, its middle at 49
        Line(2, 11, 20, 19, "Доля"),
        Line(60, 1, 70, 9, "20"),
    ]
    assert grid_rows(grid, words) == [["Рост", "20"], ["Доля 75,09", ""]]


@pytest.mark.parametrize(
    ("rulings", "grids"),
    [
        ([Ruling(True, y, 0, 100) for y in (0, 10, 20)] + [Ruling(False, x, 0, 20) for x in (0, 50, 100)], 1),
        (
            [Ruling(True, y, 0, 100) for y in (0, 20)] + [Ruling(False, x, 0, 20) for x in (0, 100)],
            0,
        ),  # a frame
        ([Ruling(True, y, 0, 100) for y in (0, 10, 20)], 0),  # horizontal rules only: no grid
    ],
)
def test_grids_need_two_rows_and_two_columns(rulings, grids):
    assert len(find_grids(rulings)) == grids


def _row(*cells: tuple[float, str], top: float = 0) -> list[Line]:
    return [Line(x, top, x + 6 * len(text), top + 10, text) for x, text in cells]


@pytest.mark.parametrize(
    ("rows", "tables"),
    [
        (  # two rows of numbers in columns under a header of years
            [
                _row((100, "2023"), (160, "2024"), top=0),
                _row((20, "Выпуск"), (100, "101,2"), (160, "99,8"), top=14),
                _row((20, "Импорт"), (100, "97,0"), (160, "102,4"), top=28),
            ],
            1,
        ),
        ([_row((20, "Рост выпуска составил в 2023 году 101,2 % и 99,8 %"), top=0)] * 3, 0),  # prose
        (  # a form: labels and words, not numbers
            [_row((20, "Срок"), (160, "2024–2026 годы"), top=14 * i) for i in range(3)],
            0,
        ),
    ],
)
def test_unruled_tables_are_rows_of_numbers_in_columns(rows, tables):
    assert len(unruled_tables(rows)) == tables


def test_cells_of_a_row_glue_close_pieces_only():
    row = [Line(20, 0, 50, 10, "Объем"), Line(52, 0, 90, 10, "выпуска"), Line(120, 0, 140, 10, "12,5")]
    assert [cell.text for cell in cells_of(row)] == ["Объем выпуска", "12,5"]


def _grid_under_a_header():
    xs, ys = [30, 186, 246, 306, 370], [118, 140, 162]
    rulings = [Ruling(True, y, xs[0], xs[-1]) for y in ys] + [Ruling(False, x, ys[0], ys[-1]) for x in xs]
    grid = Grid(xs=xs, ys=ys, rulings=rulings)
    words = [Line(38, 125, 90, 132, "Пятерочка"), Line(200, 125, 238, 132, "664 022"),
             Line(260, 125, 299, 132, "551 900"), Line(330, 125, 360, 132, "20,3"),
             Line(38, 147, 90, 154, "Чижик"), Line(200, 147, 238, 154, "41 522"),
             Line(260, 147, 299, 154, "15 233"), Line(330, 147, 360, 154, "3x")]  # fmt: skip
    return grid, words


def test_header_lines_set_bottom_aligned_above_a_grid():
    """Company reports set a ruled table's header above its first ruling, bottom-aligned over several lines:
    each line goes to the column under it, the table's title (a larger font) stays out."""
    grid, words = _grid_under_a_header()
    rows = [
        [Line(31, 57, 282, 70, "Выручка офлайн и цифровых бизнесов")],
        [Line(324, 80, 363, 87, "ИЗМ Г-К-Г,")],
        [Line(338, 88, 362, 94, "% ИЛИ")],
        [Line(329, 97, 362, 102, "МУЛЬТИ-")],
        [Line(38, 105, 72, 110, "МЛН РУБ."), Line(200, 105, 238, 110, "4 КВ. 2023"),
         Line(260, 105, 299, 110, "4 КВ. 2022"), Line(322, 105, 363, 110, "ПЛИКАТОР")],
    ]  # fmt: skip
    header = header_above(grid, rows)
    assert "Выручка офлайн и цифровых бизнесов" not in [p.text for p in header]
    table = grid_rows(grid, words, header)
    assert table[0] == ["МЛН РУБ.", "4 КВ. 2023", "4 КВ. 2022", "ИЗМ Г-К-Г,\n% ИЛИ\nМУЛЬТИ-\nПЛИКАТОР"]
    assert table[1] == ["Пятерочка", "664 022", "551 900", "20,3"]


@pytest.mark.parametrize(
    "line",
    [
        [Line(54, 105, 120, 110, "Рисунок 1"), Line(200, 105, 330, 110, "– Главная форма")],  # a caption
        [Line(54, 105, 120, 110, "Сп = (О * С)"), Line(200, 105, 330, 110, "где:")],  # a formula
        [Line(200, 105, 238, 110, "2023")],  # one column only
    ],
)
def test_no_header_above_a_grid(line):
    grid, _ = _grid_under_a_header()
    assert header_above(grid, [line]) == []


def _pieced_borders_pdf(cells: list[list[str]], widths: list[float]) -> bytes:
    """A table whose borders are thin filled rectangles, each vertical border cut where a row border
    crosses it into a piece shorter than a glyph (as Word exports cell borders)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("D", "", str(DEJAVU))
    pdf.set_font("D", size=10)
    x0, y0, height, thin, joint = 20.0, 40.0, 12.0, 0.35, 1.6  # mm: 1 pt borders, 4.5 pt joints
    xs = [x0]
    for width in widths:
        xs.append(xs[-1] + width)
    for i in range(len(cells) + 1):
        pdf.rect(xs[0], y0 + i * height, xs[-1] - xs[0], thin, style="F")
    for x in xs:
        for i in range(len(cells)):
            top = y0 + i * height
            pdf.rect(x, top - joint / 2, thin, joint, style="F")  # the short piece across the row border
            pdf.rect(x, top + joint / 2, thin, height - joint, style="F")
        pdf.rect(x, y0 + len(cells) * height - joint / 2, thin, joint, style="F")
    for i, row in enumerate(cells):
        for j, text in enumerate(row):
            pdf.text(xs[j] + 1.5, y0 + i * height + 7, text)
    return bytes(pdf.output())


@needs_font
def test_borders_drawn_in_short_pieces_make_one_grid():
    cells = [
        ["Метод", "Скорость", "Стоимость"],
        ["по отпечатку пальца", "Высокая", "Низкая"],
        ["по сетчатке", "Низкая", "Высокая"],
    ]
    doc = Pipeline.from_config(NO_STEPS).process(_pieced_borders_pdf(cells, [60, 35, 35]), name="pieces.pdf")
    (table,) = doc.tables
    assert [list(row) for row in table.rows] == cells


GOODS = {1: "Станки", 2: "Турбины", 3: "Вагоны", 4: "Тракторы"}


def table_of_page(page: int) -> list[list[str]]:
    return [
        ["Показатель", "2024", "2025"],
        [GOODS[page], f"{page},5", f"{page},7"],
        ["Экспорт", f"{page}1", f"{page}2"],
    ]


def _framed_pages_pdf(pages: int) -> bytes:
    """Pages in an engineering drawing's frame (a border and a title block at the foot, "ТЗ … ТРПО",
    "Лист N"), each with a ruled table whose top line runs on to the frame's right border."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("D", "", str(DEJAVU))
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("D", size=10)
        pdf.set_line_width(0.5)
        pdf.rect(20, 5, 185, 287)  # the frame
        pdf.line(20, 270, 205, 270)  # the title block
        pdf.line(20, 281, 205, 281)
        for x in (37, 60, 100, 185):
            pdf.line(x, 270, x, 292)
        for x, text in ((21, "Изм."), (38, "Лист"), (61, "№ докум."), (110, "ТЗ 2-40 ТРПО"), (187, "Лист")):
            pdf.text(x, 277, text)
        pdf.text(190, 288, str(page))
        pdf.set_line_width(0.2)
        pdf.text(30, 65, f"Страница {page}: показатели выпуска.")
        rows = table_of_page(page)
        top = 70
        for i in range(len(rows) + 1):
            right = 205 if i == 0 else 150  # the top line runs on to the frame
            pdf.line(30, top + 15 * i, right, top + 15 * i)
        for x in (30, 70, 110, 150):
            pdf.line(x, top, x, top + 15 * len(rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                pdf.text(32 + 40 * j, top + 10 + 15 * i, text)
        pdf.text(30, 140, f"Конец страницы {page}.")
    return bytes(pdf.output())


@needs_font
def test_a_table_joined_to_a_page_frame_is_read_without_the_title_block():
    doc = Pipeline.from_config(NO_STEPS).process(_framed_pages_pdf(4), name="framed.pdf")
    tables = [[list(row) for row in table.rows] for table in doc.tables]
    assert tables == [table_of_page(page) for page in range(1, 5)]
    assert not any("ТРПО" in passage.text for passage in doc.passages)


def _ruled(xs: list[float], ys: list[float]) -> Grid:
    rulings = [Ruling(True, y, xs[0], xs[-1]) for y in ys] + [Ruling(False, x, ys[0], ys[-1]) for x in xs]
    return Grid(xs=list(xs), ys=list(ys), rulings=rulings)


def _cells(y: float, *cells: tuple[float, str]) -> list[Line]:
    return [Line(x, y, x + 5 * len(text), y + 7, text) for x, text in cells]


@pytest.mark.parametrize(
    ("xs", "words", "expected"),
    [
        (  # ruled only between column groups: the numbers side by side in one cell are columns of their own
            [30, 186, 370],
            _cells(120, (38, "GMV"), (200, "45 893"), (260, "24 384"), (330, "88,2"))
            + _cells(142, (38, "Заказы"), (200, "24 977"), (260, "11 598"), (330, "115,3")),
            [["GMV", "45 893", "24 384", "88,2"], ["Заказы", "24 977", "11 598", "115,3"]],
        ),
        (  # drawn over the numbers only: the row labels left of the first ruling are its first column
            [185, 245, 305],
            _cells(120, (30, "Пятерочка"), (200, "111 224"), (260, "138 886"))
            + _cells(142, (30, "Чижик"), (200, "59 352"), (260, "12 464")),
            [["Пятерочка", "111 224", "138 886"], ["Чижик", "59 352", "12 464"]],
        ),
        (  # a change column set right of the last ruling
            [30, 186, 246],
            _cells(120, (38, "Пятерочка"), (200, "8 339 205"), (270, "11,2"))
            + _cells(142, (38, "Чижик"), (200, "442 110"), (270, "н/д")),
            [["Пятерочка", "8 339 205", "11,2"], ["Чижик", "442 110", "н/д"]],
        ),
        (  # words and one number side by side: no column to find
            [30, 186, 370],
            _cells(120, (38, "Итого"), (200, "Высокая"), (300, "12,5"))
            + _cells(142, (38, "Всего"), (200, "Низкая"), (300, "14,1")),
            [["Итого", "Высокая 12,5"], ["Всего", "Низкая 14,1"]],
        ),
    ],
)
def test_columns_a_grid_leaves_undrawn(xs, words, expected):
    assert grid_rows(_ruled(xs, [113, 135, 157]), words) == expected


def test_two_grids_on_one_set_of_columns_are_one_table_with_the_lines_between_as_rows():
    """A table drawn as two grids with its section title and an undrawn row between them ("5POST",
    "Количество заказов …"): one table, so the second part keeps the first part's header."""
    xs = [40, 282, 388]
    rulings = [Ruling(True, y, xs[0], xs[-1]) for y in (108, 141, 174)] + [
        Ruling(False, x, 108, 174) for x in xs
    ]
    rulings += [Ruling(True, y, xs[0], xs[-1]) for y in (250, 283, 316)] + [
        Ruling(False, x, 250, 316) for x in xs
    ]
    (grid,) = find_grids(rulings)
    words = (
        _cells(120, (50, "GMV"), (300, "67 647"))
        + _cells(153, (50, "Заказы"), (300, "37 346"))
        + _cells(190, (50, "5POST"))
        + _cells(220, (50, "Заказы"), (300, "12 376"))
        + _cells(262, (50, "GMV"), (300, "2 589"))
        + _cells(295, (50, "Заказы"), (300, "609"))
    )
    assert grid_rows(grid, words) == [
        ["GMV", "67 647"],
        ["Заказы", "37 346"],
        ["5POST", ""],
        ["Заказы", "12 376"],
        ["GMV", "2 589"],
        ["Заказы", "609"],
    ]


@pytest.mark.parametrize(
    ("pieces", "cells"),
    [
        # a justified line sets a number's digit groups apart: one number
        ([(317, "10 541"), (346, "799 000"), (396, "10 479 001"), (443, "000 *")], ["10 541 799 000", "10 479 001 000 *"]),
        # two columns of small numbers as far apart: two numbers
        ([(317, "10 000"), (346, "10 000")], ["10 000", "10 000"]),
    ],
)  # fmt: skip
def test_cells_of_a_row_join_the_digit_groups_of_one_number(pieces, cells):
    row = [Line(x, 0, x + 4.5 * len(text) - 2, 7, text) for x, text in pieces]
    assert [cell.text for cell in cells_of(row)] == cells
