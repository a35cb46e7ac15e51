"""`indpol compare` on real document pairs: editions of one report and one document in two formats.

The pairs and the changes written down by reading each edition pair (before compare ever ran on it) are in
bench/data/compare_pairs.jsonl and bench/data/compare_changes.jsonl; the documents themselves are fetched
from the repositories the manifest names into DATA/files/<pair_id>/ (nothing is fetched here).

- format twins: the share of each side's figures reported as changed, new or gone (target ≤ 2 %);
- edition pairs: the share of written-down changes found (a revised value as a changed figure with both
  values, an added one as new, a removed one as gone, a status change as a stage change) and the share of
  reported figure and stage changes that are written down — over all reported rows, and over the rows on
  pages where a change was written down (the reader listed table changes, not every narrative number).
Values match when equal up to the scale a unit word applies (thousand … trillion) within 0.5 %.

    .venv/bin/python bench/compare_pairs.py --data /work/data/compare-pairs [--json out.json] [--pair ID]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "bench" / "data" / "compare_pairs.jsonl"
CHANGES = ROOT / "bench" / "data" / "compare_changes.jsonl"
SCALES = (1.0, 1e3, 1e6, 1e9, 1e12)


def same_value(reported: Any, written: Any) -> bool:
    """Equal up to a unit word's scale ("41 782,1 млрд руб." is 4.17821e13 roubles) within 0.5 %."""
    try:
        reported, written = float(reported), float(written)
    except (TypeError, ValueError):
        return False
    if written == 0:
        return reported == 0
    return any(abs(reported - written * scale) <= 0.005 * abs(written * scale) for scale in SCALES)


def _rows(frame: Any) -> list[dict[str, Any]]:
    return [] if frame is None or frame.empty else frame.to_dict("records")


def found(change: dict[str, Any], result: Any) -> bool:
    """Whether compare reports a written-down change."""
    kind = change["change"]
    if kind == "revised":
        return any(same_value(r["old_value"], change["old_value"]) and same_value(r["new_value"], change["new_value"])
                   for r in _rows(result.figures_changed))  # fmt: skip
    if kind == "added":
        return any(same_value(r["new_value"], change["new_value"]) for r in _rows(result.figures_new))
    if kind == "removed":
        return any(same_value(r["old_value"], change["old_value"]) for r in _rows(result.figures_gone))
    if kind == "status_changed":
        return bool(_rows(result.stages_changed) or _rows(result.stages_new) or _rows(result.stages_dropped))
    return False


def reported_rows(result: Any) -> list[tuple[str, dict[str, Any]]]:
    sections = (
        "figures_changed",
        "figures_new",
        "figures_gone",
        "stages_changed",
        "stages_new",
        "stages_dropped",
    )
    return [(name, row) for name in sections for row in _rows(getattr(result, name))]


def is_written(section: str, row: dict[str, Any], changes: list[dict[str, Any]]) -> bool:
    """Whether a reported row is one of the written-down changes."""
    for change in changes:
        if section == "figures_changed" and change["change"] == "revised":
            if same_value(row["old_value"], change["old_value"]) and same_value(
                row["new_value"], change["new_value"]
            ):
                return True
        elif section == "figures_new" and change["change"] == "added":
            if same_value(row["new_value"], change["new_value"]):
                return True
        elif section == "figures_gone" and change["change"] == "removed":
            if same_value(row["old_value"], change["old_value"]):
                return True
        elif section.startswith("stages") and change["change"] == "status_changed":
            return True
    return False


def in_scope(section: str, row: dict[str, Any], changes: list[dict[str, Any]]) -> bool:
    """A reported row on a page where a change was written down (every row when pages are unknown)."""
    pages = {(side, c.get(f"{side}_page")) for c in changes for side in ("old", "new")}
    if all(page is None for _, page in pages):
        return True
    sides = [side for side in ("old", "new") if row.get(f"{side}_page") is not None]
    return any((side, int(row[f"{side}_page"])) in pages for side in sides)


def score_pair(pair: dict[str, Any], changes: list[dict[str, Any]], data: Path) -> dict[str, Any]:
    from indpol.comparison.sides import compare

    old, new = data / pair["old"]["file"], data / pair["new"]["file"]
    if not (old.is_file() and new.is_file()):
        return {"pair": pair["pair_id"], "skipped": "files absent"}
    result = compare(str(old), str(new))
    out: dict[str, Any] = {"pair": pair["pair_id"], "kind": pair["kind"],
                           "figures": [result.summary["old"]["figures"], result.summary["new"]["figures"]],
                           "matching": result.summary.get("figures_matching")}  # fmt: skip
    if pair["kind"] == "format_twin":
        changed = len(result.figures_changed)
        out["reported_share"] = [
            (changed + len(result.figures_gone)) / max(1, out["figures"][0]),
            (changed + len(result.figures_new)) / max(1, out["figures"][1]),
        ]
        out["stage_changes"] = len(result.stages_changed)
        return out
    rows = reported_rows(result)
    scoped = [(s, r) for s, r in rows if in_scope(s, r, changes)]
    out.update(
        written=len(changes),
        found=sum(found(c, result) for c in changes),
        reported=len(rows),
        reported_written=sum(is_written(s, r, changes) for s, r in rows),
        reported_in_scope=len(scoped),
        reported_in_scope_written=sum(is_written(s, r, changes) for s, r in scoped),
        missed=[c for c in changes if not found(c, result)],
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, required=True, help="folder holding files/<pair_id>/old.* and new.*"
    )
    parser.add_argument("--pair", action="append", help="only these pair ids")
    parser.add_argument("--json", type=Path, help="write every pair's result here")
    args = parser.parse_args(argv)
    if not (args.data / "files").is_dir():
        print(f"skipped: {args.data}/files is absent (fetch the documents the manifest names)")
        return 0
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    changes = [json.loads(line) for line in CHANGES.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = []
    for pair in pairs:
        if args.pair and pair["pair_id"] not in args.pair:
            continue
        result = score_pair(pair, [c for c in changes if c["pair_id"] == pair["pair_id"]], args.data)
        results.append(result)
        if "skipped" in result:
            print(f"{pair['pair_id']}: skipped ({result['skipped']})")
        elif pair["kind"] == "format_twin":
            shares = ", ".join(f"{100 * s:.1f} %" for s in result["reported_share"])
            print(f"{pair['pair_id']}: figures {result['figures']}, reported as changed/new/gone {shares}, "
                  f"stage changes {result['stage_changes']}")  # fmt: skip
        else:
            print(f"{pair['pair_id']}: found {result['found']}/{result['written']}, reported {result['reported']} "
                  f"({result['reported_written']} written down); on pages with changes {result['reported_in_scope']} "
                  f"({result['reported_in_scope_written']} written down)")  # fmt: skip
    editions = [r for r in results if r.get("kind") == "edition"]
    if editions:
        written, hit = sum(r["written"] for r in editions), sum(r["found"] for r in editions)
        reported, real = sum(r["reported"] for r in editions), sum(r["reported_written"] for r in editions)
        scoped = sum(r["reported_in_scope"] for r in editions)
        scoped_real = sum(r["reported_in_scope_written"] for r in editions)
        print(f"editions: found {hit}/{written} = {hit / max(1, written):.3f}; reported rows written down "
              f"{real}/{reported} = {real / max(1, reported):.3f}; on pages with changes "
              f"{scoped_real}/{scoped} = {scoped_real / max(1, scoped):.3f}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
