import pytest

from indpol.evaluate.text_fidelity import bigram_scores, document_text, normalise, words

LINES = [
    "Государственная программа развития промышленности",
    "утверждена постановлением Правительства Российской Федерации",
    "объем финансирования составит двенадцать миллиардов рублей",
    "в том числе из федерального бюджета семь миллиардов",
]
REFERENCE = "\n".join(LINES)
HEADER = "Министерство промышленности и торговли"


def interleaved(lines: list[str]) -> str:
    """Two columns read across: the first halves of each pair of lines, then the second halves."""
    halves = [line.split() for line in lines]
    pairs = list(zip(halves[::2], halves[1::2], strict=True))
    first = [" ".join(a[: len(a) // 2] + b[: len(b) // 2]) for a, b in pairs]
    second = [" ".join(a[len(a) // 2 :] + b[len(b) // 2 :]) for a, b in pairs]
    return "\n".join(first + second)


@pytest.mark.parametrize(
    ("candidate", "reference", "recall", "precision"),
    [
        pytest.param(REFERENCE, REFERENCE, 1.0, 1.0, id="identical"),
        pytest.param(REFERENCE.upper(), REFERENCE, 1.0, 1.0, id="case"),
        pytest.param("объем финан-\nсирования", "объем финансирования", 1.0, 1.0, id="hyphen"),
        pytest.param("объем финан\u00ad\n  сирования", "объем финансирования", 1.0, 1.0, id="soft-hyphen"),
        pytest.param("Её ещё утвердят", "ее еще утвердят", 1.0, 1.0, id="yo"),
        pytest.param("а б в г", "а б в г д е ж з", 3 / 7, 1.0, id="half-missing"),
        pytest.param("", "", 1.0, 1.0, id="both-empty"),
        pytest.param("", REFERENCE, 0.0, 1.0, id="empty-candidate"),
        pytest.param(REFERENCE, "", 1.0, 0.0, id="empty-reference"),
        pytest.param("одно", "одно", 1.0, 1.0, id="one-word"),
    ],
)
def test_bigram_scores(candidate, reference, recall, precision):
    scores = bigram_scores(candidate, reference)
    assert scores.recall == pytest.approx(recall)
    assert scores.precision == pytest.approx(precision)
    expected_f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    assert scores.f1 == pytest.approx(expected_f1)


def test_interleaved_halves_lower_recall_and_precision():
    candidate = interleaved(LINES)
    scores = bigram_scores(candidate, REFERENCE)
    assert sorted(words(candidate)) == sorted(words(REFERENCE))  # the same words, another order
    assert 0 < scores.recall < 1
    assert 0 < scores.precision < 1
    assert scores.candidate_pairs == scores.reference_pairs


def test_running_header_lowers_precision_only():
    pages = [" ".join(LINES[:2]), " ".join(LINES[2:])]
    with_headers = "\n".join(f"{HEADER}\n{page}\n{number}" for number, page in enumerate(pages, 1))
    scores = bigram_scores(with_headers, "\n".join(pages))
    # only the pair across the page break is lost; each header and page number adds pairs
    assert scores.recall == pytest.approx((scores.reference_pairs - 1) / scores.reference_pairs)
    assert scores.recall > 0.95
    assert scores.precision < 0.8


def test_counts_are_multisets():
    scores = bigram_scores("да да да да", "да да")
    assert (scores.shared, scores.candidate_pairs, scores.reference_pairs) == (1, 3, 1)


def test_normalise_and_words():
    assert normalise("Ёлка-\n  зелёная") == "елказеленая"
    assert normalise("научно-\nтехнического") == "научнотехнического"
    assert normalise("2024 - \n год") == "2024 - \n год"  # a free-standing dash is no hyphen
    assert words("Объём: 12 345,6 млн_руб. (ст. 3)") == ["объем", "12", "345", "6", "млн", "руб", "ст", "3"]


def test_document_text_joins_passages_and_table_rows(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Программа развития", level=1)
    document.add_paragraph("Объем финансирования составит двенадцать миллиардов рублей.")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [["Год", "Сумма"], ["2025", "12,0"]], strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    path = tmp_path / "twin.docx"
    document.save(str(path))
    text, pages = document_text(path)
    assert text.split("\n\n")[:2] == [
        "Программа развития",
        "Объем финансирования составит двенадцать миллиардов рублей.",
    ]
    assert "2025" in text.split("\n\n")[-1]
    assert pages == 0
    assert bigram_scores(text, text).f1 == 1.0
