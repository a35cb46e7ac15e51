"""Run a folder as ``indpol run`` does, in a Python process of its own, and measure it: the rows, the run's
time and the peak resident memory of its worker processes (the driver's ``RUSAGE_CHILDREN``), which the
memory cap (``run.max_memory_mb``) bounds, plus the libraries and models mapped from disk."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAPPED_MB = 256  # libraries and models mapped from files: in the resident memory, not in the heap cap
TIMEOUT = 120.0


def run_in_a_process(
    inputs: Path | list[Path],
    out: Path,
    config: dict,
    workers: int = 1,
    pipeline: str = "indpol.pipeline:Pipeline",
    **options: object,
) -> dict:
    """``run`` of ``pipeline`` (``module:class``; tests/hostile/killer.py's too) over ``inputs`` (a folder, or
    files) with worker processes, in a Python process of its own: its rows by file name, counts, seconds and
    the workers' peak resident memory in MB."""
    paths = [str(path) for path in (inputs if isinstance(inputs, list) else [inputs])]
    module, _, name = pipeline.partition(":")
    script = textwrap.dedent(
        f"""
        import json, resource, sys, time
        sys.path[:0] = [{str(ROOT / "src")!r}, {str(ROOT / "tests")!r}]
        from {module} import {name} as Pipeline
        started = time.perf_counter()
        summary = Pipeline.from_config({config!r}).run({paths!r}, {str(out)!r}, workers={workers}, **{options!r})
        seconds = time.perf_counter() - started
        rows = {{}}
        for line in open({str(out / "documents.jsonl")!r}, encoding="utf-8"):
            row = json.loads(line)
            rows[row["source"].rsplit("/", 1)[-1]] = [row["status"], row["error_code"], row["error"]]
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps({{"rows": rows, "counts": summary.counts, "seconds": seconds, "peak_mb": peak}}))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_bounded(result: dict, cap_mb: int) -> None:
    """The run ended on its own, not by the per-document timeout, and its workers stayed under the cap."""
    assert result["seconds"] < TIMEOUT, result
    assert result["peak_mb"] <= cap_mb + MAPPED_MB, result
