"""Issue 21, item 1: memory is bounded, not only the file sizes.

Each hostile file is built here, sized down where the mechanism shows at a smaller size: lines without
a full stop (the figures step was quadratic in a passage that was never split), a one-line text and a
PDF of drawing commands that need more memory than the worker's cap, a PDF stream that inflates 1000:1,
a DOCX whose text is one paragraph (read whole, then cut into passages by size). Each runs in ``indpol run`` (worker processes) of a Python process of its own beside a good file that
must come out ``ok``; the test reads status, code, reason, the run's time and the peak resident memory of
the workers (the driver's ``RUSAGE_CHILDREN``), which the heap cap bounds (plus the libraries and models
mapped from disk, which the cap does not count).
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import NO_STEPS

from .build import long_line_txt, script_txt
from .measured import MAPPED_MB, TIMEOUT, run_in_a_process

FIGURES_ONLY = {**NO_STEPS, "extract": {"entities": False, "figures": True, "stages": False}}
OK = ("ok", None, None)
MAX_PASSAGE_CHARS = 4000  # segment.max_passage_chars, the default
# a one-line text over a 250 MB cap: ~13 bytes of worker memory a byte of text (6 MB sufficed at ~47)
ONE_LINE_BYTES = 20 * 10**6


def short_lines_txt(lines: int = 5000) -> bytes:
    """A statistical listing pasted as text: short lines of numbers, no full stop anywhere."""
    return "\n".join(f"позиция {i} объем {i * 3} тыс руб" for i in range(lines)).encode()


def one_page_pdf(content: bytes) -> bytes:
    """A one-page PDF whose page content (a line of text, then ``content``) is one Flate stream."""
    stream = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Programme report 2024) Tj ET\n" + content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def drawing_pdf(megabytes: int = 30) -> bytes:
    """A page of ``megabytes`` MB of filled rectangles (a 60 KB file): pdfium builds an object for each."""
    return one_page_pdf(b"10 10 5 5 re f\n" * (megabytes * 2**20 // 15))


def one_paragraph_docx(megabytes: int = 4, *, stored: bool = False) -> bytes:
    """A Word document whose body is one paragraph of ``megabytes`` MB of XML: a run for each sentence (as
    Word splits runs at every edit), no paragraph break; ``stored`` keeps the XML uncompressed, so the file
    is as big as its text (what a 24 MB DOCX of one paragraph holds)."""
    from .build import make_docx

    run = '<w:r><w:t xml:space="preserve">Объем финансирования программы составит 12 345,6 тыс. рублей в 2024 году. </w:t></w:r>'
    paragraph = "<w:p>" + run * (megabytes * 2**20 // len(run.encode())) + "</w:p>"
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(make_docx())) as good,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as docx,
    ):
        for info in good.infolist():
            data = good.read(info)
            if info.filename == "word/document.xml":
                head, _, rest = data.decode("utf-8").partition("<w:body>")
                data = f"{head}<w:body>{paragraph}<w:sectPr{rest.partition('<w:sectPr')[2]}".encode()
            docx.writestr(info.filename, data)
    return buffer.getvalue()


def inflating_pdf(megabytes: int = 1024) -> bytes:
    """A 1 MB PDF whose page content inflates to ``megabytes`` MB (a comment of spaces)."""
    return one_page_pdf(b"%" + b" " * (megabytes * 2**20) + b"\n")


# case → (hostile file name, its builder, the steps, the worker's cap in MB, expected (status, code, reason
# start), the good file beside it)
CASES: dict[str, tuple[str, Callable[[], bytes], dict, int, tuple, str]] = {
    "lines without a full stop: linear, ok": (
        "short_lines.txt", short_lines_txt, FIGURES_ONLY, 1500, ("ok", None, None), "good.txt"
    ),
    "one-line text over the cap: MemoryError": (
        "one_line.txt", lambda: long_line_txt(ONE_LINE_BYTES), NO_STEPS, 250,
        ("failed", "E_MEMORY", "out of memory: the document needs more than the worker's cap of 250 MB"),
        "good.txt",
    ),
    "drawing commands over the cap: pdfium dies": (
        "drawing.pdf", drawing_pdf, NO_STEPS, 700,
        ("failed", "E_MEMORY", "out of memory: the document needs more than the worker's cap of 700 MB"),
        "good.pdf",
    ),
    "a DOCX of one 3 MB paragraph: cut by size, ok": (
        "one_paragraph.docx", lambda: one_paragraph_docx(3), FIGURES_ONLY, 1000, ("ok", None, None), "good.docx"
    ),
    "a stream inflating 1000:1: refused before pdfium": (
        "inflating.pdf", inflating_pdf, NO_STEPS, 1000,
        ("failed", "E_TOO_BIG", "a PDF stream (object 4) inflates to over 32,000,000 bytes"),
        "good.pdf",
    ),
}  # fmt: skip
SLOW = {
    "lines without a full stop: linear, ok",
    "one-line text over the cap: MemoryError",
    "a DOCX of one 3 MB paragraph: cut by size, ok",
}


def good_file(name: str) -> bytes:
    from .build import good_pdf, make_docx

    return {".pdf": good_pdf, ".docx": make_docx}.get(Path(name).suffix, script_txt)()


def build(folder: Path, name: str, make: Callable[[], bytes], good: str) -> Path:
    folder.mkdir(parents=True)
    (folder / name).write_bytes(make())
    (folder / good).write_bytes(good_file(good))
    return folder


@pytest.mark.parametrize(
    ("case", "spec"),
    [
        pytest.param(case, spec, marks=[pytest.mark.slow] if case in SLOW else [])
        for case, spec in CASES.items()
    ],
)
def test_memory_bounded_status_reason_time_peak(tmp_path, case, spec):
    name, make, steps, cap, expected, good = spec
    folder = build(tmp_path / "in", name, make, good)
    config = {**steps, "ingest": {"timeout": TIMEOUT}, "run": {"max_memory_mb": cap}}
    result = run_in_a_process(folder, tmp_path / "out", config)
    status, code, reason = result["rows"][name]
    assert (status, code) == expected[:2], reason
    assert reason is None if expected[2] is None else reason.startswith(expected[2])
    assert reason is None or "\n" not in reason
    assert tuple(result["rows"][good]) == OK
    assert result["seconds"] < TIMEOUT  # the hostile file finished on its own, not by the timeout
    assert result["peak_mb"] <= cap + MAPPED_MB, result
    if status == "ok":  # every passage cut by size (segment.max_passage_chars)
        passages = [json.loads(line) for line in (tmp_path / "out" / "passages.jsonl").open(encoding="utf-8")]
        spans = [(p["char_start"], p["char_end"]) for p in passages if p["source"].endswith("/" + name)]
        assert max(end - start for start, end in spans) <= MAX_PASSAGE_CHARS
        documents = [
            json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").open(encoding="utf-8")
        ]
        chars = next(d["chars"] for d in documents if d["source"].endswith("/" + name))
        assert (
            sum(end - start for start, end in spans) >= 0.99 * chars
        )  # nothing dropped but the cuts' spaces
    if code:
        failures = [json.loads(line) for line in (tmp_path / "out" / "failures.jsonl").open(encoding="utf-8")]
        assert [(f["source"].rsplit("/", 1)[-1], f["code"]) for f in failures] == [(name, code)]


@pytest.mark.slow
def test_out_of_memory_is_not_retried_unless_asked(tmp_path):
    """E_MEMORY is final for these bytes and this configuration, like E_TOO_BIG: a re-run skips the file,
    ``retry_failed`` (``--retry-failed``, after raising the cap) processes it again."""
    folder = build(tmp_path / "in", "one_line.txt", lambda: long_line_txt(ONE_LINE_BYTES), "good.txt")
    out = tmp_path / "out"
    capped = {**NO_STEPS, "run": {"max_memory_mb": 250}}
    first = run_in_a_process(folder, out, capped)
    assert first["rows"]["one_line.txt"][1] == "E_MEMORY"
    again = run_in_a_process(folder, out, capped)
    assert again["counts"]["skipped"] == 2 and again["counts"]["failed"] == 0
    raised = {**NO_STEPS, "run": {"max_memory_mb": 2000}}
    retried = run_in_a_process(folder, out, raised, retry_failed=True)
    assert retried["counts"]["ok"] == 1 and retried["counts"]["skipped"] == 1
    assert tuple(retried["rows"]["one_line.txt"]) == OK


@pytest.mark.parametrize(
    ("case", "data", "refused"),
    [
        ("a page inflating past the bound", one_page_pdf(b" " * 40_000_000), True),
        ("a page just under it", one_page_pdf(b" " * 30_000_000), False),
        ("an image is left to pdfium (decoded only to render)",
         b"1 0 obj\n<< /Subtype /Image /Filter /FlateDecode >>\nstream\n" + zlib.compress(b"\0" * 40_000_000)
         + b"\nendstream", False),
        ("a stream that is not zlib (encrypted) is left to pdfium",
         b"4 0 obj\n<< /Filter /FlateDecode /Length 9 >>\nstream\nnot zlib!\nendstream", False),
    ],
)  # fmt: skip
def test_pdf_streams_are_measured_before_pdfium(case, data, refused):
    from indpol.errors import LimitExceeded
    from indpol.ingest.safety import check_pdf_streams

    if refused:
        with pytest.raises(LimitExceeded, match="inflates to over 32,000,000 bytes") as error:
            check_pdf_streams(data, 32_000_000, "x.pdf")
        assert error.value.code == "E_TOO_BIG"
    else:
        check_pdf_streams(data, 32_000_000, "x.pdf")


@pytest.mark.parametrize(
    ("case", "data", "starts"),
    [
        ("LF after the keyword", b"<<>>stream\nxx", [(4, 11)]),
        ("CR LF is one end of line", b"stream\r\nxx", [(0, 8)]),
        ("a lone CR", b"stream\rxx", [(0, 7)]),
        ("endstream is no start", b"stream\nx\nendstream\n", [(0, 7)]),
        ("no end of line after the keyword", b"streams\nstream", []),
        ("a word ending in stream", b"mainstream\nx", [(4, 11)]),
        ("keyword at the very end", b"x\nstream", []),
    ],
)  # fmt: skip
def test_pdf_stream_starts(case, data, starts):
    from indpol.ingest.safety import pdf_stream_starts

    assert list(pdf_stream_starts(data)) == starts


@pytest.mark.parametrize(
    ("text", "megabytes"), [("2G", 2048), ("1500M", 1500), ("1.5GiB", 1536), ("700", 700), ("0", 0)]
)
def test_memory_sizes(text, megabytes):
    from indpol.pipeline.memory import parse_size

    assert parse_size(text) == megabytes


def test_default_cap_is_sized_to_the_machine():
    from indpol.pipeline.memory import MIN_CAP_MB, default_cap_mb, machine_mb

    total = machine_mb()
    assert default_cap_mb(1) == max(MIN_CAP_MB, int(total * 0.75))
    assert default_cap_mb(4) == max(MIN_CAP_MB, int(total * 0.75 / 4))


def test_unreadable_memory_size_is_a_one_line_error(tmp_path):
    from click.testing import CliRunner

    from indpol.cli import main

    (tmp_path / "a.txt").write_text("Текст.", encoding="utf-8")
    args = ["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--max-memory", "lots"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0
    assert "cannot read the memory size 'lots'" in result.output and result.output.count("\n") == 1
