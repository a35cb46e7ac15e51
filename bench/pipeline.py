"""Whole pipeline (TXT in → all facts in the store) throughput, time per stage, and scaling.

1. KB/s of ``indpol run --engine inline`` (models loaded beforehand) on the first
   ``--rurebus-kb`` KB of ``../shared/data/rurebus-train/*.txt`` (skipped when absent) and on
   ``corpus/``, with the share of wall time per stage (``doc.timings``; the rest is reading
   inputs, the store and the exports).
2. 1 vs 2 worker processes on the same text: wall time with worker start-up and model
   loading, and the rate after the first document (the steady state); fastest of ``--repeat``.
3. Time and peak RSS (driver, and the largest worker) at 100 vs 1,000 small documents,
   each case in a fresh process so that the RSS figures are its own.

    .venv/bin/python bench/pipeline.py            # ~3 minutes on an idle 2-core machine, 5+ under load
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RUREBUS = ROOT.parent / "shared" / "data" / "rurebus-train"
CORPUS = ROOT / "corpus"
STAGES = ("ingest", "segment", "entities", "figures", "stages", "directions")


def make_pipeline() -> tuple[Any, str]:
    """The repository's pipeline; directions off (with a note) when its model is not trained yet."""
    from indpol.errors import E_STAGE
    from indpol.pipeline import Pipeline

    pipeline = Pipeline.from_config()
    warm = pipeline.process("Правительство утвердило программу на 2024 год.\n".encode(), name="warm.txt")
    if warm.error_code == E_STAGE:
        note = f"directions step off ({warm.error})"
        pipeline = Pipeline.from_config({"classify": {"directions": False}})
        pipeline.process("Правительство утвердило программу на 2024 год.\n".encode(), name="warm.txt")
        return pipeline, note
    return pipeline, "all steps"


def copy_first_kb(source: Path, target: Path, limit_kb: int, max_file_kb: int = 10**9) -> Path:
    """Copy sorted ``*.txt`` files of ``source`` (each at most ``max_file_kb``) until ``limit_kb`` KB."""
    target.mkdir(parents=True, exist_ok=True)
    total = 0
    for path in sorted(source.glob("*.txt")):
        if total >= limit_kb * 1024:
            break
        if path.stat().st_size > max_file_kb * 1024:
            continue
        shutil.copy(path, target / path.name)
        total += path.stat().st_size
    return target


def throughput(pipeline: Any, inputs: Path, out: Path) -> dict[str, Any]:
    """One in-process run; KB/s of input bytes and the share of wall time per stage."""
    timings: dict[str, float] = dict.fromkeys(STAGES, 0.0)
    sizes = [0]

    def progress(done: int, total: int, doc: Any) -> None:
        if doc is not None:
            sizes[0] += doc.bytes
            for stage, seconds in doc.timings.items():
                timings[stage] = timings.get(stage, 0.0) + seconds

    started = time.perf_counter()
    summary = pipeline.run([inputs], out, engine="inline", force=True, progress=progress)
    wall = time.perf_counter() - started
    shares = {stage: seconds / wall for stage, seconds in timings.items()}
    shares["store, exports, other"] = max(0.0, 1 - sum(shares.values()))
    return {"kb": sizes[0] / 1024, "seconds": wall, "counts": summary.counts, "shares": shares}


def print_throughput(name: str, result: dict[str, Any]) -> None:
    shares = " · ".join(
        f"{stage} {100 * share:.0f} %" for stage, share in result["shares"].items() if share >= 0.005
    )
    ok = result["counts"]["ok"]
    print(
        f"| {name} | {result['kb']:,.0f} | {ok} | {result['seconds']:.1f} | "
        f"{result['kb'] / result['seconds']:.1f} | {shares} |"
    )


def run_case(inputs: Path, out: Path, workers: int, config: dict[str, Any]) -> dict[str, Any]:
    """Run in a fresh Python process; wall time, counts and peak RSS (MB) of driver and workers."""
    command = [sys.executable, __file__, "--case", str(inputs), str(out), str(workers), json.dumps(config)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def high_water_mb(pid: int | str = "self") -> float:
    """Peak RSS (VmHWM) of a live process in MB; 0 when it is gone. Unlike ``ru_maxrss``,
    VmHWM starts afresh at exec, so a child does not inherit its parent's peak."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def schedstat(pid: int | str) -> tuple[float, float]:
    """Seconds a process has run on a CPU and waited for one (runnable, not running)."""
    try:
        run, wait, _slices = Path(f"/proc/{pid}/schedstat").read_text().split()
        return int(run) / 1e9, int(wait) / 1e9
    except (OSError, ValueError):
        return 0.0, 0.0


class WorkerPeaks(threading.Thread):
    """Samples peak RSS and CPU run/wait time of this process's workers every 0.2 s.

    The wait time shows how much of a run other programs on the machine took."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.sched: dict[int, tuple[float, float]] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            for child in multiprocessing.active_children():
                self.peak = max(self.peak, high_water_mb(child.pid))
                self.sched[child.pid] = schedstat(child.pid)


def case_main(inputs: str, out: str, workers: int, config: str) -> None:
    from indpol.pipeline import Pipeline

    pipeline = Pipeline.from_config(json.loads(config))  # the driver loads no models
    marks: list[tuple[float, int]] = []
    started = time.perf_counter()

    def progress(done: int, total: int, doc: Any) -> None:
        if doc is not None and doc.status not in ("duplicate", "skipped"):  # processed by a worker
            marks.append((time.perf_counter() - started, doc.bytes))

    sampler = WorkerPeaks()
    sampler.start()
    summary = pipeline.run([inputs], out, workers=workers, engine="local", force=True, progress=progress)
    wall = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    driver = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    after_first = marks[-1][0] - marks[0][0]
    result = {
        "seconds": wall,
        "first": marks[0][0],
        "steady_kb_s": sum(size for _, size in marks[1:]) / 1024 / after_first if after_first else 0.0,
        "counts": summary.counts,
        "driver_mb": high_water_mb(),
        "worker_mb": sampler.peak,
        "cpu": driver.ru_utime + driver.ru_stime + children.ru_utime + children.ru_stime,
        "load": os.getloadavg()[0],
        "worker_run": sum(run for run, _ in sampler.sched.values()),
        "worker_wait": sum(wait for _, wait in sampler.sched.values()),
    }
    print(json.dumps(result))


def small_documents(folder: Path, count: int) -> Path:
    """``count`` distinct small TXT reports (~1 KB) made of our corpus paragraphs."""
    paragraphs = []
    for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        paragraphs += [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if len(block) > 200]
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        chosen = [paragraphs[(index * 7 + step * 13) % len(paragraphs)] for step in range(3)]
        body = "\n\n".join(chosen)[:900]
        (folder / f"doc_{index:04d}.txt").write_text(f"Справка № {index + 1}\n\n{body}\n", encoding="utf-8")
    return folder


def part_throughput(pipeline: Any, tmp: Path, args: argparse.Namespace) -> None:
    print("\n| text | KB | docs ok | s | KB/s | share of wall time |\n|---|---|---|---|---|---|")
    if RUREBUS.is_dir():
        sample = copy_first_kb(RUREBUS, tmp / "rurebus", args.rurebus_kb)
        print_throughput("rurebus-train", throughput(pipeline, sample, tmp / "out-rurebus"))
    else:
        print("| rurebus-train | absent (../shared/data) | | | | |")
    print_throughput("corpus/", throughput(pipeline, CORPUS, tmp / "out-corpus"))


def part_scaling(config: dict[str, Any], tmp: Path, args: argparse.Namespace) -> None:
    source = RUREBUS if RUREBUS.is_dir() else CORPUS
    scaling = copy_first_kb(source, tmp / "scaling", args.scaling_kb, max_file_kb=40)
    kb = sum(path.stat().st_size for path in scaling.iterdir()) / 1024
    files = len(list(scaling.iterdir()))
    print(
        f"\n1 vs 2 workers on {kb:,.0f} KB ({files} files of {source.name}), fastest of {args.repeat} runs:"
    )
    print(
        "| workers | wall s | KB/s | speed-up | first doc after s | KB/s after the first | speed-up after "
        "the first | CPU s | workers on a CPU s | workers waiting for a CPU s | load avg |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    base = None
    for workers in (1, 2):
        runs = [run_case(scaling, tmp / f"out-w{workers}", workers, config) for _ in range(args.repeat)]
        result = min(runs, key=lambda run: run["seconds"])  # the least disturbed run
        base = base or result
        print(
            f"| {workers} | {result['seconds']:.1f} | {kb / result['seconds']:.1f} | "
            f"{base['seconds'] / result['seconds']:.2f}× | {result['first']:.1f} | {result['steady_kb_s']:.1f} | "
            f"{result['steady_kb_s'] / base['steady_kb_s']:.2f}× | {result['cpu']:.1f} | "
            f"{result['worker_run']:.1f} | {result['worker_wait']:.1f} | {result['load']:.1f} |"
        )


def part_small(config: dict[str, Any], tmp: Path, args: argparse.Namespace) -> None:
    print("\nsmall documents (~1 KB each), 2 workers:")
    print(
        "| documents | wall s | docs/s | CPU s | workers waiting for a CPU s | driver peak RSS MB "
        "| largest worker peak RSS MB | load average |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for count in args.small:
        folder = small_documents(tmp / f"small-{count}", count)
        result = run_case(folder, tmp / f"out-small-{count}", 2, config)
        print(
            f"| {count:,} | {result['seconds']:.1f} | {count / result['seconds']:.1f} | {result['cpu']:.0f} | "
            f"{result['worker_wait']:.0f} | {result['driver_mb']:.0f} | {result['worker_mb']:.0f} | "
            f"{result['load']:.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rurebus-kb", type=int, default=600, help="KB of rurebus-train text for part 1")
    parser.add_argument("--scaling-kb", type=int, default=1000, help="KB of text for 1 vs 2 workers")
    parser.add_argument("--repeat", type=int, default=2, help="runs per worker count (the fastest is shown)")
    parser.add_argument("--small", type=int, nargs="+", default=[100, 1000], help="small-document counts")
    parser.add_argument("--parts", nargs="+", default=["throughput", "scaling", "small"], help="parts to run")
    parser.add_argument("--case", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        inputs, out, workers, config = args.case
        case_main(inputs, out, int(workers), config)
        return
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        started = time.perf_counter()
        pipeline, note = make_pipeline()
        config = {} if note == "all steps" else {"classify": {"directions": False}}
        load = os.getloadavg()[0]
        print(f"models loaded in {time.perf_counter() - started:.1f} s; {note}; load average {load:.1f}")
        if "throughput" in args.parts:
            part_throughput(pipeline, tmp, args)
        if "scaling" in args.parts:
            part_scaling(config, tmp, args)
        if "small" in args.parts:
            part_small(config, tmp, args)


if __name__ == "__main__":
    main()
