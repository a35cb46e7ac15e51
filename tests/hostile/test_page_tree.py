"""Issue 21, item 8 (second half): a PDF page tree that names a page again is read one page once.

pdfium lists a page as often as a broken tree names it: ``/Kids`` that repeat a page or a subtree,
or a node that loops back to its parent, gave the same page five times and its facts five times.
Each page is now read once; the document stays ``ok`` (its pages are real) and its row carries the
warning E_PAGE_TREE, which also goes into failures.jsonl with status ``warning``. Pages of a tree
that loops into itself which pdfium cannot load are named in the same warning.

Every PDF is written here byte by byte, next to a good one, and run in two worker processes with a memory
cap, in a process of its own that measures the run's time and the workers' peak memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NO_STEPS

from indpol.testing import read_jsonl

from .measured import TIMEOUT, assert_bounded, run_in_a_process

CAP_MB = 500

FIRST = "Programme funding in 2024 amounts to 12 345 thousand roubles for machine tools."
SECOND = "The second stage covers microelectronics and joint production until 2026."


##########  BUILDERS  ##########


def raw_pdf(objects: dict[int, str]) -> bytes:
    """A PDF of these numbered objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{objects[number]}\nendobj\n".encode("latin-1")
    xref, size = len(out), max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        out += (
            f"{offsets[number]:010d} 00000 n \n" if number in offsets else "0000000000 65535 f \n"
        ).encode()
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def content(text: str) -> str:
    body = f"BT /F1 11 Tf 72 720 Td ({text}) Tj ET"
    return f"<< /Length {len(body)} >>\nstream\n{body}\nendstream"


def page(parent: int, stream: int) -> str:
    return (
        f"<< /Type /Page /Parent {parent} 0 R /MediaBox [0 0 612 792] /Contents {stream} 0 R "
        "/Resources << /Font << /F1 9 0 R >> >> >>"
    )


def tree_pdf(nodes: dict[int, str], parent: int = 2) -> bytes:
    """Catalog 1 → the pages node 2 of ``nodes`` (more nodes from 5 on); page 3 (below ``parent``)
    says FIRST, page 6 says SECOND."""
    return raw_pdf(
        {
            1: "<< /Type /Catalog /Pages 2 0 R >>",
            3: page(parent, 4),
            4: content(FIRST),
            6: page(parent, 7),
            7: content(SECOND),
            9: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            **nodes,
        }
    )


def node(kids: str, count: int, parent: int | None = None) -> str:
    up = f"/Parent {parent} 0 R " if parent else ""
    return f"<< /Type /Pages {up}/Kids [{kids}] /Count {count} >>"


##########  CASES  ##########

# name → (bytes, (status, code), words of the reason, the texts read: each must be found exactly once)
CASES: dict[str, tuple[bytes, tuple[str, str | None], str, tuple[str, ...]]] = {
    "repeated_page.pdf": (
        tree_pdf({2: node("3 0 R 3 0 R 3 0 R 3 0 R 3 0 R", 5)}),
        ("ok", "E_PAGE_TREE"),
        "lists 4 of 5 pages again (a loop or a shared page), each page read once: 2, 3, 4, 5 repeat",
        (FIRST,),
    ),
    "loop_through_parent.pdf": (
        tree_pdf({2: node("5 0 R", 5), 5: node("3 0 R 2 0 R", 5, parent=2)}, parent=5),
        ("ok", "E_PAGE_TREE"),
        "lists 4 of 5 pages again",
        (FIRST,),
    ),
    "shared_subtree.pdf": (
        tree_pdf({2: node("5 0 R 5 0 R 5 0 R", 6), 5: node("3 0 R 6 0 R", 2, parent=2)}, parent=5),
        ("ok", "E_PAGE_TREE"),
        "lists 4 of 6 pages again (a loop or a shared page), each page read once: 3, 4, 5, 6 repeat",
        (FIRST, SECOND),
    ),
    "self_loop.pdf": (
        tree_pdf({2: node("3 0 R 2 0 R", 5)}),
        ("ok", "E_PAGE_TREE"),
        "4 pages could not be loaded: 2, 3, 4, 5",
        (FIRST,),
    ),
    "good_two_pages.pdf": (tree_pdf({2: node("3 0 R 6 0 R", 2)}), ("ok", None), "", (FIRST, SECOND)),
}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """(documents by name, passage text by name, failure rows by name, time and memory) of one run over every
    case."""
    base = tmp_path_factory.mktemp("page-tree")
    folder = base / "in"
    folder.mkdir()
    for name, (data, *_rest) in CASES.items():
        (folder / name).write_bytes(data)
    out = base / "out"
    config = {**NO_STEPS, "ingest": {"timeout": TIMEOUT}, "run": {"max_memory_mb": CAP_MB}}
    measured = run_in_a_process(folder, out, config, workers=2)
    documents = {Path(row["source"]).name: row for row in read_jsonl(out / "documents.jsonl")}
    names = {row["doc_id"]: name for name, row in documents.items()}
    texts: dict[str, str] = {}
    for row in read_jsonl(out / "passages.jsonl"):
        texts[names[row["doc_id"]]] = texts.get(names[row["doc_id"]], "") + row["text"] + "\n"
    failures = {Path(row["source"]).name: row for row in read_jsonl(out / "failures.jsonl")}
    return documents, texts, failures, measured


@pytest.mark.parametrize(("name", "case"), sorted(CASES.items()))
def test_page_tree_status_and_reason(run, name, case):
    documents, _texts, failures, _measured = run
    _data, expected, words, _read = case
    row = documents[name]
    assert (row["status"], row["error_code"]) == expected, row["error"]
    if expected[1]:
        assert words in row["error"] and "\n" not in row["error"]
        assert (failures[name]["status"], failures[name]["code"]) == ("warning", expected[1])
    else:
        assert row["error"] is None and name not in failures


@pytest.mark.parametrize(("name", "case"), sorted(CASES.items()))
def test_each_page_read_once(run, name, case):
    _documents, texts, _failures, _measured = run
    for text in case[3]:
        assert texts[name].count(text) == 1, texts[name]


def test_time_and_peak_memory(run):
    *_rows, measured = run
    assert_bounded(measured, CAP_MB)
