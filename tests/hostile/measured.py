"""Run a folder as ``indpol run`` does, in a Python process of its own, and measure it: the rows, the run's
time and the peak resident memory of its worker processes (the driver's ``RUSAGE_CHILDREN``), which the
memory cap (``run.max_memory_mb``) bounds, plus the libraries and models mapped from disk."""

from __future__ import annotations

import ctypes
import json
import os
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
    *,
    permissions: bool = False,
    cluster: dict | None = None,
    **options: object,
) -> dict:
    """``run`` of ``pipeline`` (``module:class``; tests/hostile/killer.py's too) over ``inputs`` (a folder, or
    files) with worker processes, in a Python process of its own: its rows by file name, counts, seconds and
    the workers' peak resident memory in MB.

    ``permissions``: file permissions hold for the driver and its workers even when the caller is root (see
    :func:`without_override`). ``cluster``: the run goes to a Dask LocalCluster of ``workers``
    processes started in the driver with these Dask settings (``{}``: Dask's own), closed after the run; its
    workers are the driver's grandchildren (each under its nanny), whose peak reaches ``RUSAGE_CHILDREN`` as
    each nanny reaps its worker and the driver the nanny."""
    paths = [str(path) for path in (inputs if isinstance(inputs, list) else [inputs])]
    module, _, name = pipeline.partition(":")
    script = textwrap.dedent(
        f"""
        import contextlib, json, resource, sys, time
        sys.path[:0] = [{str(ROOT / "src")!r}, {str(ROOT / "tests")!r}]
        from {module} import {name} as Pipeline
        options = {options!r}
        with contextlib.ExitStack() as stack:
            if {cluster!r} is not None:
                import dask
                from distributed import LocalCluster
                with dask.config.set({cluster!r}):
                    local = LocalCluster(n_workers={workers}, threads_per_worker=1, dashboard_address=None)
                stack.callback(local.close)
                options.update(engine="dask", scheduler=local.scheduler_address)
            started = time.perf_counter()
            summary = Pipeline.from_config({config!r}).run({paths!r}, {str(out)!r}, workers={workers}, **options)
            seconds = time.perf_counter() - started
        rows = {{}}
        for line in open({str(out / "documents.jsonl")!r}, encoding="utf-8"):
            row = json.loads(line)
            rows[row["source"].rsplit("/", 1)[-1]] = [row["status"], row["error_code"], row["error"]]
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps({{"rows": rows, "counts": summary.counts, "seconds": seconds, "peak_mb": peak}}))
        """
    )
    preexec = without_override if permissions and os.geteuid() == 0 else None
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=600, preexec_fn=preexec
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def without_override() -> None:
    """Run in a child before it executes: take the capabilities that let root read, write and search
    whatever the permissions say out of its bounding set, so the program it executes, though root, meets
    file permissions as their owner does (``chmod 000`` refuses). Raises ``OSError`` where that is not
    allowed (no CAP_SETPCAP)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


def assert_bounded(result: dict, cap_mb: int) -> None:
    """The run ended on its own, not by the per-document timeout, and its workers stayed under the cap."""
    assert result["seconds"] < TIMEOUT, result
    assert result["peak_mb"] <= cap_mb + MAPPED_MB, result
