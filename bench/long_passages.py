"""Long passages (issue 21, item 1): time and peak memory of each step at 1×, 2×, 4× and 8× the size.

Two built texts without the breaks segmentation used to rely on: short lines of numbers with no full stop
(a statistical listing pasted as text; every step on) and one line of sentences (no line break; reading
and segmentation only, as the 150 MB one-line TXT of the issue). Each size runs in a fresh process
(``Pipeline.process`` after a warm-up document): wall seconds of each step (``Document.timings``), CPU
seconds of the document (its ratio to 1× holds on a loaded machine, where wall seconds do not) and the peak
RSS (``VmHWM``, reset after the warm-up) above the warmed-up process's RSS. ``--before SRC`` also runs
another checkout's ``src`` (the code before the change) on the sizes given by ``--before-sizes``, in the
same run.

    .venv/bin/python bench/long_passages.py [--before /path/to/old/src --before-sizes 1,2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NO_STEPS = {
    "extract": {"entities": False, "figures": False, "stages": False},
    "classify": {"directions": False},
}
# case → (builder source taking n, n at 1×, the configuration, what n counts)
CASES = {
    "short lines, no full stop (all steps)": (
        '"\\n".join(f"позиция {i} объем {i * 3} тыс руб" for i in range(n)).encode()',
        1000,
        None,
        "lines",
    ),
    "one line of sentences (no steps)": (
        '(("Объем финансирования программы составит 12 345,6 тыс. рублей в 2024 году. ".encode()) '
        "* (n // 130 + 1))[:n]",
        10**6,
        NO_STEPS,
        "bytes",
    ),
}
SCRIPT = """
import json, sys, time
sys.path.insert(0, {src!r})
from indpol.pipeline import Pipeline

def status(field):
    return int(open("/proc/self/status").read().split(field + ":")[1].split()[0]) / 1024

n = {n}
data = {build}
pipeline = Pipeline.from_config({config!r})
pipeline.process("Правительство утвердило программу на 2024 год объемом 10 млн рублей.".encode(), name="w.txt")
with open("/proc/self/clear_refs", "w") as handle:  # the peak starts again from here
    handle.write("5")
base = status("VmRSS")
started, cpu = time.perf_counter(), time.process_time()
doc = pipeline.process(data, name="long.txt")
print(json.dumps({{"bytes": len(data), "status": doc.status, "seconds": time.perf_counter() - started,
                  "cpu": time.process_time() - cpu,
                  "steps": doc.timings, "peak": status("VmHWM") - base, "passages": len(doc.passages),
                  "longest": max((len(p.text) for p in doc.passages), default=0)}}))
"""


def measure(src: str, build: str, n: int, config: dict | None) -> dict:
    script = SCRIPT.format(src=src, n=n, build=build, config=config)
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", help="src folder of the code to compare with")
    parser.add_argument("--before-sizes", default="1,2", help="multiples to run with --before")
    parser.add_argument("--sizes", default="1,2,4,8")
    args = parser.parse_args()
    load = Path("/proc/loadavg").read_text().split()[0]
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {load}\n")
    print(
        "| text | code | size | bytes | passages (longest) | wall s | CPU s | CPU s per 1× | steps, wall s | peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    runs = [("now", str(ROOT / "src"), [int(s) for s in args.sizes.split(",")])]
    if args.before:
        runs.append(("before", args.before, [int(s) for s in args.before_sizes.split(",")]))
    for case, (build, unit, config, what) in CASES.items():
        for label, src, sizes in runs:
            first = None
            for size in sizes:
                row = measure(src, build, unit * size, config)
                first = first or row["cpu"] / size
                steps = ", ".join(f"{k} {v:.1f}" for k, v in row["steps"].items() if v >= 0.05)
                print(
                    f"| {case} | {label} | {size}× ({unit * size:,} {what}) | {row['bytes']:,} | "
                    f"{row['passages']} ({row['longest']:,}) | {row['seconds']:.1f} | {row['cpu']:.1f} | "
                    f"{row['cpu'] / size / first:.2f} | {steps} | {row['peak']:.0f} |"
                )


if __name__ == "__main__":
    main()
