"""A re-run with nothing to do, and worker recycling on small files (issue 21, item 14).

1. ``noop``: ``--files`` tiny TXT files (one sentence each) in a fresh temporary folder are run once
   (every extraction step off, 2 workers) to fill a run folder; then the same ``indpol run`` again,
   which has nothing to do, is timed with this tree and with the code of ``--before`` (a git
   revision, unpacked with ``git archive``), in turns, ``--repeat`` times each.
2. ``recycle``: ``--small`` small documents (~1 KB, bench/pipeline.py's) through the whole pipeline
   with 2 workers, recycled every 200 documents (``run.recycle_after: 200``, the old default) and
   by memory (this tree's default), in turns: wall time, CPU time and the workers started.

Each run is a fresh ``python`` process; the tables give the load average before each.

    .venv/bin/python bench/rerun.py --before 729f5a0            # ~35 minutes at load 8 on 2 cores
    .venv/bin/python bench/rerun.py --parts noop --files 5000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from pipeline import small_documents  # noqa: E402

NO_STEPS = {
    "extract": {"entities": False, "figures": False, "stages": False},
    "classify": {"directions": False},
}

RUN = """
import json, resource, sys, time
sys.path.insert(0, {src!r})
from indpol.pipeline import Pipeline
from indpol.pipeline import pool
started_workers = [0]
if hasattr(pool, "Worker"):
    original = pool.Worker.__init__
    def counted(self, *args, **kwargs):
        started_workers[0] += 1
        original(self, *args, **kwargs)
    pool.Worker.__init__ = counted
pipeline = Pipeline.from_config({config!r})
started = time.perf_counter()
summary = pipeline.run([{inputs!r}], {out!r}, workers=2, engine="local", force={force!r})
seconds = time.perf_counter() - started
own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
counts = {{status: count for status, count in summary.counts.items() if count}}
print(json.dumps({{"seconds": seconds, "cpu": cpu, "counts": counts, "workers": started_workers[0]}}))
"""


def run(src: Path, inputs: Path, out: Path, config: dict[str, Any], force: bool = False) -> dict[str, Any]:
    """One ``Pipeline.run`` with the code in ``src``, in a fresh process; its time, CPU and counts."""
    script = RUN.format(src=str(src), config=config, inputs=str(inputs), out=str(out), force=force)
    load = os.getloadavg()[0]
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, cwd=inputs.parent
    )
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "load": load}


def tries(runs: list[dict[str, Any]], key: str) -> str:
    return ", ".join(f"{run[key]:.1f}" for run in runs)


def unpack(revision: str, folder: Path) -> Path:
    """The ``src`` folder of ``revision`` of this repository, unpacked into ``folder``."""
    archive = subprocess.run(["git", "archive", revision, "src"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder / "src"


def tiny_files(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        text = f"Справка № {index + 1}. Программа развития станкостроения утверждена.\n"
        (folder / f"doc_{index:05d}.txt").write_text(text, encoding="utf-8")
    return folder


def part_noop(trees: dict[str, Path], tmp: Path, args: argparse.Namespace) -> None:
    inputs = tiny_files(tmp / "tiny", args.files)
    out = tmp / "out-tiny"
    fill = run(trees["this tree"], inputs, out, NO_STEPS)
    print(
        f"\nfilled with {args.files:,} tiny files in {fill['seconds']:.0f} s ({fill['counts']}, load {fill['load']:.1f})"
    )
    print("\n| code | re-run s (each try) | fastest s | counts | load avg |\n|---|---|---|---|---|")
    times: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    for _ in range(args.repeat):
        for name, src in trees.items():
            times[name].append(run(src, inputs, out, NO_STEPS))
    for name, runs in times.items():
        best = min(r["seconds"] for r in runs)
        print(
            f"| {name} | {tries(runs, 'seconds')} | {best:.1f} | {runs[-1]['counts']} | {tries(runs, 'load')} |"
        )


def part_recycle(tmp: Path, args: argparse.Namespace) -> None:
    inputs = small_documents(tmp / "small", args.small)
    src = ROOT / "src"
    cases = {
        "every 200 documents (old default)": {"run": {"recycle_after": 200}},
        "by memory (new default)": {},
    }
    print(f"\n{args.small:,} small documents, all steps, 2 workers:")
    print("| recycling | wall s (each try) | fastest s | CPU s | workers started | counts | load avg |")
    print("|---|---|---|---|---|---|---|")
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in cases}
    for attempt in range(args.repeat):
        for name, config in cases.items():
            results[name].append(run(src, inputs, tmp / f"out-small-{attempt}", config, force=True))
    for name, runs in results.items():
        best = min(runs, key=lambda r: r["seconds"])
        print(
            f"| {name} | {tries(runs, 'seconds')} | {best['seconds']:.1f} | {best['cpu']:.0f} | "
            f"{best['workers']} | {best['counts']} | {tries(runs, 'load')} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000, help="tiny files for the no-op re-run")
    parser.add_argument("--small", type=int, default=2_000, help="small documents for recycling")
    parser.add_argument("--before", help="git revision whose code is timed beside this tree's (no-op re-run)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each code or setting, in turns")
    parser.add_argument("--parts", nargs="+", default=["noop", "recycle"], choices=["noop", "recycle"])
    args = parser.parse_args()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        trees = {"this tree": ROOT / "src"}
        if args.before:
            (tmp / "before").mkdir()
            trees = {f"before ({args.before})": unpack(args.before, tmp / "before"), **trees}
        if "noop" in args.parts:
            part_noop(trees, tmp, args)
        if "recycle" in args.parts:
            part_recycle(tmp, args)


if __name__ == "__main__":
    main()
