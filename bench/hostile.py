"""Hostile inputs of issue 21: time and peak memory of the process that reads each file.

Builds the files of tests/hostile (XML parts with a DTD however hidden, PDF page trees that name
pages again, a file that kills its reader, the memory cases of item 1) next to good ones, then runs
``indpol run FILE`` on each alone in a fresh process and prints a Markdown table: status and code,
wall seconds of the whole run (store and exports included) and the peak RSS of the process that read
the file: ``VmHWM`` of the driver with ``--engine inline`` (items 8, 9, without extraction steps), of
the driver that outlived its worker for the file that kills its reader; for the memory cases (item 1,
the steps and worker cap of tests/hostile/test_memory.py), the worker's (``RUSAGE_CHILDREN``).
``--full`` adds the issue's own sizes with every step and the default cap; other arguments keep only the
cases whose name holds one of them.

``--per-byte [--before SRC]`` measures instead the worker's peak RSS a byte of a one-line TXT (no steps) at 5,
10 and 20 MB, above its peak for a one-line file, with this tree's code and with that of ``SRC`` (another
checkout's ``src``) in turns. ``--runs`` measures the runs of tests/hostile whose files need a process
around them (items 3, 4, 8, 11): the run's seconds and its workers' peak (``RUSAGE_CHILDREN``).

    .venv/bin/python bench/hostile.py [--full] [NAME_PART ...]
    .venv/bin/python bench/hostile.py --per-byte [--before /work/main/src]
    .venv/bin/python bench/hostile.py --runs
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from conftest import NO_STEPS  # noqa: E402
from hostile import test_memory as memory  # noqa: E402
from hostile import test_page_tree as trees  # noqa: E402
from hostile import test_statuses as statuses  # noqa: E402
from hostile import test_xml_parts as xml  # noqa: E402
from hostile.build import long_line_txt  # noqa: E402

# name → (issue item, builder, engine, configuration)
CASES: dict[str, tuple[int, Callable[[], bytes], str, dict]] = {
    **{name: (9, xml.CASES[name][0], "inline", NO_STEPS) for name in xml.CASES},
    **{name: (8, lambda data=case[0]: data, "inline", NO_STEPS) for name, case in trees.CASES.items()},
    "kill.txt (one file, one worker)": (
        2,
        "Союзная программа развития станкостроения.".encode,
        "local",
        NO_STEPS,
    ),
    **{
        f"{name} (cap {cap} MB)": (1, make, "local", {**steps, "run": {"max_memory_mb": cap}})
        for name, make, steps, cap, _expected, _good in memory.CASES.values()
    },
}


def scattered_drawing_pdf(size: int = 25 * 10**5) -> bytes:
    """A PDF of about ``size`` bytes of rectangles at scattered places (it compresses ~3:1, not 250:1)."""
    rng = random.Random(21)
    commands = b"".join(
        b"%d %d %d %d re f\n"
        % (rng.randrange(595), rng.randrange(842), rng.randrange(1, 9), rng.randrange(1, 9))
        for _ in range(size // 6)
    )
    return memory.one_page_pdf(commands)


# the issue's own sizes (--full): every step on, the default cap (3/4 of the machine)
FULL: dict[str, tuple[int, Callable[[], bytes], str, dict]] = {
    "100k short lines (default cap)": (1, lambda: memory.short_lines_txt(100_000), "local", {}),
    "300k_lines.txt (short lines, no full stop; default cap)": (
        1,
        lambda: memory.short_lines_txt(300_000),
        "local",
        {},
    ),
    "one_line_150mb.txt (no line break; default cap)": (1, lambda: long_line_txt(150 * 10**6), "local", {}),
    "drawing_2mb.pdf (rectangles at scattered places; default cap)": (1, scattered_drawing_pdf, "local", {}),
    "4 MB PDF inflating to 4 GB (default cap)": (1, lambda: memory.inflating_pdf(4096), "local", {}),
    "one_paragraph_24mb.docx (24 MB of XML, stored; default cap)": (
        1,
        lambda: memory.one_paragraph_docx(24, stored=True),
        "local",
        {},
    ),
    "one_paragraph_24mb.docx (the same, no timeout)": (
        1,
        lambda: memory.one_paragraph_docx(24, stored=True),
        "local",
        {"ingest": {"timeout": 0}},
    ),
}

SCRIPT = """
import json, sys, time
sys.path[:0] = {paths!r}
import indpol
assert indpol.__file__.startswith({paths[0]!r}), indpol.__file__
from hostile.killer import KillingPipeline
started = time.perf_counter()
KillingPipeline.from_config({config!r}).run([{file!r}], {out!r}, engine={engine!r}, workers=1)
rows = [json.loads(line) for line in open({out!r} + "/documents.jsonl", encoding="utf-8")]
import resource
status = open("/proc/self/status", encoding="ascii").read()
peak = int(status.split("VmHWM:")[1].split()[0])  # not ru_maxrss, which exec carries over from the parent
if {engine!r} == "local":  # the worker's, which read the file; none started for a file refused unread: 0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps([rows[0]["status"], rows[0]["error_code"], time.perf_counter() - started, peak / 1024]))
"""


def measure(
    name: str, data: bytes, engine: str, config: dict, folder: Path, src: Path = ROOT / "src"
) -> tuple[str, str | None, float, float]:
    file = folder / name.split(" ")[0].replace("/", "_")
    file.write_bytes(data)
    return measure_path(name, file, engine, config, folder, src)


def measure_path(
    name: str, file: Path, engine: str, config: dict, folder: Path, src: Path = ROOT / "src"
) -> tuple[str, str | None, float, float]:
    """Status, code, seconds and peak RSS of ``indpol run`` over ``file`` (a file or a folder of one entry)."""
    script = SCRIPT.format(
        paths=[str(src), str(ROOT / "tests")],
        config=config,
        file=str(file),
        out=str(folder / f"out-{file.name}"),
        engine=engine,
    )
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{name}: {result.stderr[-2000:]}")
    status, code, seconds, peak = json.loads(result.stdout.strip().splitlines()[-1])
    return status, code, seconds, peak


PER_BYTE_SIZES = (5, 10, 20)  # MB of a one-line TXT


def per_byte(before: Path | None) -> None:
    """Worker peak RSS a byte of a one-line TXT, no steps, the default cap and no timeout, now and ``before``."""
    config = {**NO_STEPS, "ingest": {"timeout": 0}}
    print("| code | size | bytes | status | s | worker peak MB | above a one-line file, bytes a byte |")
    print("|---|---|---|---|---|---|---|")
    sides = [("now", ROOT / "src")] + ([("before", before)] if before else [])
    with tempfile.TemporaryDirectory() as tmp:
        for side, _src in sides:  # a folder each: a run folder of the other side would skip the file as done
            (Path(tmp) / side).mkdir()
        floor = {
            side: measure("floor.txt", long_line_txt(1000), "local", config, Path(tmp) / side, src)[3]
            for side, src in sides
        }
        for megabytes in PER_BYTE_SIZES:
            data = long_line_txt(megabytes * 10**6)
            for side, src in sides:
                status, _code, seconds, peak = measure(
                    f"one_{megabytes}mb.txt", data, "local", config, Path(tmp) / side, src
                )
                above = (peak - floor[side]) * 2**20 / len(data)
                print(
                    f"| {side} | {megabytes} MB | {len(data):,} | {status} | {seconds:.1f} | {peak:.0f} | {above:.1f} |"
                )
                (Path(tmp) / side / f"one_{megabytes}mb.txt").unlink()


def process_runs() -> None:
    """The runs of tests/hostile whose cases need a process around them: each case's files beside its good
    ones, as its test runs them (items 3, 4, 8, 11-13)."""
    from hostile import test_changing_files as changing
    from hostile import test_dask_worker_death as dask_death
    from hostile import test_unreadable as unreadable
    from hostile import test_untrusted_output as untrusted
    from hostile.measured import run_in_a_process

    from indpol.display import terminal_safe

    print("| item | run | rows | s | workers' peak RSS MB |")
    print("|---|---|---|---|---|")

    def show(item: str, case: str, result: dict) -> None:
        rows = ", ".join(f"`{name}` {status}{' ' + code if code else ''}" for name, (status, code, _r) in
                         sorted(result["rows"].items()))  # fmt: skip
        rows = terminal_safe(rows)  # a hostile file name's escape sequences shown, never run
        print(f"| {item} | {case} | {rows} | {result['seconds']:.2f} | {result['peak_mb']:.0f} |", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "unreadable"
        base.mkdir()
        if reason := unreadable.refusal_unavailable(base):
            print(f"| 3 | skipped: {reason} | | | |")
        else:
            folder = unreadable.build(base / "in")
            unreadable.lock(folder, True)
            try:
                show("3", "chmod 000 / 444 (run without CAP_DAC_OVERRIDE as root)",
                     run_in_a_process(folder, base / "out", unreadable.CONFIG, permissions=True))  # fmt: skip
            finally:
                unreadable.lock(folder, False)
            show(
                "3",
                "again, readable",
                run_in_a_process(folder, base / "out", unreadable.CONFIG, permissions=True),
            )
        for case, settings in dask_death.CLUSTERS.items():
            folder = Path(tmp) / f"dask-{len(case)}" / "in"
            folder.mkdir(parents=True)
            (folder / "kill.txt").write_text(f"{dask_death.GOOD}: последняя редакция.", encoding="utf-8")
            for index, name in enumerate(dask_death.GOOD_FILES):
                (folder / name).write_text(f"{dask_death.GOOD}, этап {index + 1}.", encoding="utf-8")
            out = folder.parent / "out"
            for turn in ("", ", again"):
                show(
                    "4",
                    f"Dask, {case}{turn}",
                    dask_death.on_dask(folder, out, settings, "hostile.killer:BusyKillingPipeline"),
                )
        base = Path(tmp) / "changing"
        folder, spares = base / "in", base / "spares"
        folder.mkdir(parents=True)
        spares.mkdir()
        for name, (text, _mode, _expected) in changing.CASES.items():
            (folder / name).write_text(f"{name}\n\n{text}", encoding="utf-8")
        writers = changing.start_writers(folder, spares)
        try:
            show(
                "8", "three writer processes at work", run_in_a_process(folder, base / "out", changing.CONFIG)
            )
        finally:
            for writer in writers:
                writer.terminate()
                writer.wait(timeout=30)
        show("8", "again, the writers stopped", run_in_a_process(folder, base / "out", changing.CONFIG))
        for edition, value in (("old", "12 345,6"), ("new", "15 000,0")):
            folder = Path(tmp) / "untrusted" / edition / "in"
            folder.mkdir(parents=True)
            (folder / untrusted.NAME).write_text(untrusted.hostile_text(value), encoding="utf-8")
            (folder / "good.txt").write_text("\n\n".join(untrusted.PARAGRAPHS), encoding="utf-8")
            show("11-13", f"escape sequences and markup, {edition} edition (figures step)",
                 run_in_a_process(folder, folder.parent / "out", untrusted.CONFIG))  # fmt: skip


def main() -> None:
    if "--per-byte" in sys.argv:
        before = sys.argv[sys.argv.index("--before") + 1] if "--before" in sys.argv else None
        print(
            time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "load",
            Path("/proc/loadavg").read_text().split()[0],
        )
        per_byte(Path(before) if before else None)
        return
    if "--runs" in sys.argv:
        print(
            time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "load",
            Path("/proc/loadavg").read_text().split()[0],
        )
        process_runs()
        return
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = Path("/proc/loadavg").read_text().split()[0]
    print(f"{started}, load average {load}\n")
    print("| item | file | bytes | status, code | s | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    parts = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    with tempfile.TemporaryDirectory() as tmp:
        for name, (item, build, engine, config) in {
            **CASES,
            **(FULL if "--full" in sys.argv else {}),
        }.items():
            if parts and not any(part in name for part in parts):
                continue
            data = build()
            status, code, seconds, peak = measure(name, data, engine, config, Path(tmp))
            print(
                f"| {item} | `{name}` | {len(data):,} | {status}{', ' + code if code else ''} | {seconds:.2f} | {peak:.0f} |"
            )
        for name, (item, expected, _followed) in statuses.CASES.items():
            if (
                expected is None
                or name == "loop_b.txt"
                or (parts and not any(part in name for part in parts))
            ):
                continue
            kept = {name, "loop_b.txt"} if name == "loop_a.txt" else {name}  # a loop takes its two links
            base = Path(tmp) / f"statuses-{name}"
            base.mkdir()
            folder = statuses.build(base)  # then only this entry is left in the input folder
            for other in folder.iterdir():
                if other.name not in kept:
                    other.unlink()
            entry = folder / name
            size = f"{entry.stat().st_size:,}" if entry.is_file() and not entry.is_symlink() else "—"
            status, code, seconds, peak = measure_path(name, folder, "local", statuses.CONFIG, base)
            kind = "link" if entry.is_symlink() else "pipe" if entry.is_fifo() else "file"
            print(
                f"| {item or '—'} | `{name}` ({kind}; no steps, cap {statuses.CAP_MB} MB) | {size} | "
                f"{status}{', ' + code if code else ''} | {seconds:.2f} | {f'{peak:.0f}' if peak else 'no worker'} |"
            )


if __name__ == "__main__":
    main()
