"""Compare the facts of two sides (e.g. last year's reports and this year's): what changed.

Figures match on normalised indicator (lemma set) + unit + period + change; stages match on
action/object (or text) lemmas by similarity; entities on label + canonical name; directions
compare the share of passages carrying each label. Every row keeps its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from indpol.comparison.match import (
    STATUS_RANK,
    Evidence,
    cell_key,
    clause_lemmas,
    direction_counts,
    figure_groups,
    figure_values,
    greedy_match,
    indicator_key,
    jaccard,
    match_figure_keys,
    name_key,
    number_of,
    period_label,
    stage_items,
    stage_label,
    text_of,
)
from indpol.comparison.tables import cell_place, empty_cells, figure_id, match_table_cells, same_amount
from indpol.data import TAXONOMY
from indpol.extract.entities.canonical import law_key
from indpol.store.reader import RunFacts

EXCLUDED_ENTITY_LABELS = ("DATE",)
SECTIONS = (
    ("figures_changed", "Changed figures"),
    ("figures_new", "New figures"),
    ("figures_gone", "Figures no longer reported"),
    ("figure_conflicts", "Conflicting figures within one side"),
    ("stages_changed", "Stage status changes"),
    ("stages_new", "New stages"),
    ("stages_dropped", "Dropped stages"),
    ("entities_new", "Newly mentioned bodies, programmes and acts"),
    ("entities_gone", "No longer mentioned"),
    ("directions", "Directions: share of passages"),
)


@dataclass
class Comparison:
    """The change tables between ``old`` and ``new`` (pandas DataFrames), plus a summary."""

    old_label: str
    new_label: str
    figures_changed: pd.DataFrame
    figures_new: pd.DataFrame
    figures_gone: pd.DataFrame
    figure_conflicts: pd.DataFrame
    stages_changed: pd.DataFrame
    stages_new: pd.DataFrame
    stages_dropped: pd.DataFrame
    entities_new: pd.DataFrame
    entities_gone: pd.DataFrame
    directions: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every change table by name, in report order."""
        return {name: getattr(self, name) for name, _ in SECTIONS}

    def changes(self) -> pd.DataFrame:
        """All change rows in one long table (the ``--csv`` output): a ``section`` column, then the fields."""
        frames = [frame.assign(section=name) for name, frame in self.tables().items() if not frame.empty]
        if not frames:
            return pd.DataFrame(columns=["section"])
        merged = pd.concat(frames, ignore_index=True)
        return merged[["section", *[c for c in merged.columns if c != "section"]]]

    def write_csv(self, path: str | Path) -> Path:
        """All change rows as one CSV (UTF-8 with BOM, so Excel reads Cyrillic); offsets and pages as integers."""
        path = Path(path)
        changes = self.changes()
        for column in changes.columns:
            if column.endswith(("_start", "_end", "_page", "_quote_at", "mentions", "documents", "values")):
                changes[column] = changes[column].astype("Int64")
        changes.to_csv(path, index=False, encoding="utf-8-sig")
        return path


# ---------------------------------------------------------------------------- figures


def _figure_row(row: Any) -> dict[str, Any]:
    return {
        "indicator": text_of(row.indicator),
        "unit": text_of(row.unit),
        "period": period_label(row.period_start, row.period_end),
        "change": text_of(row.change),
        "kind": row.kind,
    }


# units whose changes read in percentage points, not as a relative change
POINT_UNITS = frozenset({"%", "percent", "п.п.", "‰"})


@dataclass
class FigureItem:
    """A fact to match when indicators do not pair it: a keyed group left over, or a figure without an
    indicator; ``place`` is its table cell (row and column header lemmas), ``words`` the lemmas around it."""

    rows: list[Any]
    unit: str
    period: str
    change: str
    place: tuple[str, ...] | None
    words: tuple[str, ...]
    indicator: str = ""  # the indicator's lemma key, empty for a figure without one

    @property
    def matchable(self) -> bool:
        return bool(self.place or self.words)


def _table_item(row: Any, ev: Evidence, morph: Any) -> FigureItem:
    indicator = indicator_key(row.indicator, row.unit, morph) if text_of(row.indicator) else ()
    words = tuple(sorted(set(indicator) | set(clause_lemmas(row, ev, morph))))
    period = period_label(row.period_start, row.period_end)
    return FigureItem([row], text_of(row.unit), period, text_of(row.change), cell_key(row, morph), words,
                      " ".join(indicator))  # fmt: skip


def _items(facts: RunFacts, groups: dict[tuple[str, ...], list[Any]], keys: list[tuple[str, ...]],
           ev: Evidence, morph: Any, skip: set[tuple[Any, ...]] = frozenset(),
           bare: bool = True) -> list[FigureItem]:  # fmt: skip
    """Leftover keyed groups, then (with ``bare``) figures without an indicator but those in ``skip``, in
    source order."""
    items = []
    for key in keys:
        rows = groups[key]
        words = tuple(sorted(set(key[0].split()) | set(clause_lemmas(rows[0], ev, morph))))
        items.append(FigureItem(rows, key[1], key[2], key[3], cell_key(rows[0], morph), words, key[0]))
    unlabelled = sorted(
        (
            r
            for r in (facts.figures.itertuples(index=False) if bare else ())
            if not text_of(r.indicator) and figure_id(r) not in skip
        ),
        key=lambda r: (ev.sources.get(r.doc_id, r.doc_id), r.char_start, r.char_end),
    )
    for row in unlabelled:
        period = period_label(row.period_start, row.period_end)
        place, words = cell_key(row, morph), clause_lemmas(row, ev, morph)
        items.append(FigureItem([row], text_of(row.unit), period, text_of(row.change), place, words))
    return items


def _item_similarity(a: FigureItem, b: FigureItem) -> float:
    """Same unit and change, periods that agree (or one unstated); then the same table cell, else the
    words around the number."""
    if (a.unit, a.change) != (b.unit, b.change) or (a.period and b.period and a.period != b.period):
        return 0.0
    if a.place and b.place:
        return 1.0 if a.place == b.place else 0.0
    similarity = jaccard(a.words, b.words)
    # a change read from the words alone needs near-identical wording: figures sharing a unit in nearby
    # text are mostly of other things or other periods
    same = figure_values(a.rows) == figure_values(b.rows)
    return similarity if same or similarity >= CHANGE_WORDS else 0.0


CHANGE_WORDS = 0.8  # the least word overlap of two figures with different values to pair by their words
SAME_VALUE_WORDS = 0.3  # the least word overlap of two figures with one distinctive value and unit


def _distinctive(value: float | None) -> bool:
    """A value unlikely to recur by chance: not a small whole number."""
    return value is not None and (abs(value) >= 100 or value != int(value))


def _base(indicator: str) -> str:
    return " ".join(word for word in indicator.split() if not word.startswith("~"))


def _per_value(item: FigureItem) -> list[FigureItem]:
    """An item per distinct value of a group (its repeats stay together)."""
    by_value: dict[tuple[float | None, float | None], list[Any]] = {}
    for row in item.rows:
        by_value.setdefault((number_of(row.value), number_of(row.value_max)), []).append(row)
    return [FigureItem(rows, item.unit, item.period, item.change, item.place, item.words, item.indicator)
            for rows in by_value.values()]  # fmt: skip


def _same_value(a: FigureItem, b: FigureItem) -> float:
    values = figure_values(a.rows)
    if (a.unit, a.change) != (b.unit, b.change) or values != figure_values(b.rows):
        return 0.0
    if not all(_distinctive(value) for value, _ in values):
        return 0.0
    if a.indicator and _base(a.indicator) == _base(b.indicator):  # the clause's predicates left out
        return 1.0
    return max(jaccard(a.words, b.words), 0.9 * jaccard(a.place or (), b.place or ()))


def compare_figures(
    sides: dict[str, RunFacts], ev: dict[str, Evidence], morph: Any, threshold: float = 0.6
) -> dict[str, Any]:
    """Changed, new and gone figures across sides, conflicting values within each side, and how
    many figures of each side were matched, left unmatched, or could not be matched at all.

    Figures pair by indicator, unit, period and change; what is left pairs by table cell (row and
    column headers) or by the words around the number, with periods that agree or are stated on one
    side only. A figure with no indicator, no table cell and no words around it cannot be matched:
    it is counted, never reported as new or gone.
    """
    groups = {side: figure_groups(sides[side], morph, ev[side]) for side in ("old", "new")}
    conflicts = [row for side in ("old", "new") for row in _conflicts(groups[side], ev[side], side)]
    # tables found on both sides first: their cells pair by row label and period, not by indicator
    cells, cells_old, cells_new = match_table_cells(
        list(sides["old"].figures.itertuples(index=False)), list(sides["new"].figures.itertuples(index=False)),
        morph, sides["old"].tables, sides["new"].tables,
    )  # fmt: skip
    compared = [([o], [n], "table") for o, n in cells]
    in_tables = {figure_id(row) for pair in cells for row in pair} | {
        figure_id(row) for row in [*cells_old, *cells_new]
    }
    for side in ("old", "new"):
        rest = {key: [r for r in rows if figure_id(r) not in in_tables] for key, rows in groups[side].items()}
        groups[side] = {key: rows for key, rows in rest.items() if rows}
    pairs, unordered = [], {"old": [], "new": []}
    for o, n, how in match_figure_keys(groups["old"], groups["new"], threshold):
        if _unordered(groups["old"][o], groups["new"][n], o[2] or n[2]):
            unordered["old"].append(o)
            unordered["new"].append(n)
        else:
            pairs.append((o, n, how))
    compared += [(groups["old"][o], groups["new"][n], how) for o, n, how in pairs]
    items = {}
    for index, side in enumerate(("old", "new")):
        taken = {pair[index] for pair in pairs} | set(unordered[side])
        rest = [k for k in groups[side] if k not in taken]
        items[side] = _items(sides[side], groups[side], rest, ev[side], morph, in_tables)
    usable = {side: [item for item in items[side] if item.matchable] for side in items}
    fallback, only_old, only_new = greedy_match(usable["old"], usable["new"], _item_similarity, threshold)
    for i, j, _ in fallback:
        old_item, new_item = usable["old"][i], usable["new"][j]
        how = "cell" if old_item.place and new_item.place else "context"
        compared.append((old_item.rows, new_item.rows, how))
    # the same distinctive value said of similar things on both sides is one fact, whatever periods were
    # read for it (a report repeats last year's figure in its comparison column)
    left_old = [one for i in only_old for one in _per_value(usable["old"][i])]
    left_new = [one for j in only_new for one in _per_value(usable["new"][j])]
    # cells of paired tables left over (a renamed row, a new period) and the values of unordered groups
    # may still be one value said twice
    for left, rows, side in ((left_old, cells_old, "old"), (left_new, cells_new, "new")):
        left += [_table_item(row, ev[side], morph) for row in rows]
        for item in _items(sides[side], groups[side], unordered[side], ev[side], morph, bare=False):
            left += _per_value(item)
    same, rest_old, rest_new = greedy_match(left_old, left_new, _same_value, SAME_VALUE_WORDS)
    compared += [(left_old[i].rows, left_new[j].rows, "value") for i, j, _ in same]
    unmatched = {"old": [left_old[i] for i in rest_old], "new": [left_new[j] for j in rest_new]}
    # a table cell whose twin cell on the other side (same row label and column header) is empty: that
    # side's reading lost the value (a PDF that draws its numbers as shapes), so it is no new or gone fact
    unreadable = {}
    for side, other in (("old", "new"), ("new", "old")):
        empty = empty_cells(sides[other].tables)
        unreadable[side] = [item for item in unmatched[side] if cell_place(item.rows[0]) in empty]
        unmatched[side] = [item for item in unmatched[side] if cell_place(item.rows[0]) not in empty]
    gone = [_single(item.rows[0], ev, "old") for item in unmatched["old"]]
    added = [_single(item.rows[0], ev, "new") for item in unmatched["new"]]
    changed = [
        {**_changed_figure(old_rows, new_rows, ev), "match": how}
        for old_rows, new_rows, how in compared
        if _values_changed(figure_values(old_rows), figure_values(new_rows))
        and not (how == "table" and same_amount(old_rows[0], new_rows[0]))
    ]
    changed.sort(key=lambda row: row["abs_change"] is None)  # clear changes first, ambiguous ones after
    matching = {
        side: {
            "figures": len(sides[side].figures),
            "matched": sum(len(pair[index]) for pair in compared),
            "unmatched": sum(len(item.rows) for item in unmatched[side]),
            "not_matchable": sum(len(item.rows) for item in items[side] if not item.matchable),
            "empty_on_other_side": sum(len(item.rows) for item in unreadable[side]),
        }
        for index, side in enumerate(("old", "new"))
    }
    return {
        "figures_changed": pd.DataFrame(changed),
        "figures_new": pd.DataFrame(added),
        "figures_gone": pd.DataFrame(gone),
        "figure_conflicts": pd.DataFrame(conflicts),
        "matching": matching,
    }


def _unordered(old_rows: list[Any], new_rows: list[Any], period: str) -> bool:
    """Several values on a side for one indicator with no period on either: which pairs with which is
    unknown ("размер сделки" of three different deals), so the values are compared one by one."""
    old, new = figure_values(old_rows), figure_values(new_rows)
    return not period and max(len(old), len(new)) > 1 and _values_changed(old, new)


def _single(row: Any, ev: dict[str, Evidence], side: str) -> dict[str, Any]:
    """A figure stated on one side only."""
    return {**_figure_row(row), f"{side}_value": number_of(row.value), **ev[side].of(row, side)}


def _values_changed(old: list[Any], new: list[Any]) -> bool:
    """Different values, and not merely one side stating the other's value next to others
    (that is a conflict within a side, reported in ``figure_conflicts``)."""
    old_set, new_set = set(old), set(new)
    return old_set != new_set and not (old_set <= new_set or new_set <= old_set)


def _conflicts(groups: dict[tuple[str, ...], list[Any]], ev: Evidence, side: str) -> list[dict[str, Any]]:
    """One row per distinct value of every (indicator, unit, period) stated with different values on one side."""
    rows = []
    for key, figures in groups.items():
        values = figure_values(figures)
        if len(values) < 2 or not key[2]:  # without a stated period, different values need not conflict
            continue
        for value, value_max in values:
            first = next(
                r for r in figures if (number_of(r.value), number_of(r.value_max)) == (value, value_max)
            )
            evidence = {k[1:]: v for k, v in ev.of(first, "").items()}
            rows.append(
                {
                    "side": side,
                    **_figure_row(first),
                    "value": value,
                    "value_max": value_max,
                    "values": len(values),
                    **evidence,
                }
            )
    return rows


def _changed_figure(old_rows: list[Any], new_rows: list[Any], ev: dict) -> dict[str, Any]:
    """A matched figure whose value changed: the change in points for percentages and shares, else
    absolute and relative."""
    old_value, new_value = number_of(old_rows[0].value), number_of(new_rows[0].value)
    ambiguous = [s for s, rows in (("old", old_rows), ("new", new_rows)) if len(figure_values(rows)) > 1]
    abs_change = rel_change = None
    points = text_of(new_rows[0].unit) in POINT_UNITS
    if not ambiguous and old_value is not None and new_value is not None:
        abs_change = number_of(new_value - old_value)
        rel_change = number_of(abs_change / old_value) if old_value and not points else None
    note = "; ".join(
        f"{side} side states {', '.join(f'{v:g}' for v, _ in figure_values(rows) if v is not None)}"
        for side, rows in (("old", old_rows), ("new", new_rows))
        if side in ambiguous
    )
    if not any(period_label(r.period_start, r.period_end) for r in (old_rows[0], new_rows[0])):
        note = "; ".join(
            filter(None, [note, "no period on either side: the values may be of different periods"])
        )
    row = _figure_row(new_rows[0])
    if not row["period"]:  # stated on the old side only
        row["period"] = period_label(old_rows[0].period_start, old_rows[0].period_end)
    return {
        **row,
        "old_value": old_value,
        "new_value": new_value,
        "abs_change": abs_change,
        "change_unit": "pp" if points else row["unit"],
        "rel_change": rel_change,
        "note": note,
        **ev["old"].of(old_rows[0], "old"),
        **ev["new"].of(new_rows[0], "new"),
    }


# ---------------------------------------------------------------------------- stages


def stage_change(old: Any, new: Any) -> str | None:
    """ "advanced", "regressed", "changed" (another status), "rescheduled" (the same status and completion,
    another period) or ``None`` when they agree; a period stated on one side only is no change."""
    old_period = period_label(old.period_start, old.period_end)
    new_period = period_label(new.period_start, new.period_end)
    same_status = text_of(old.status) == text_of(new.status) and number_of(old.completion) == number_of(
        new.completion
    )
    if same_status:
        return "rescheduled" if old_period and new_period and old_period != new_period else None
    old_rank, new_rank = STATUS_RANK.get(text_of(old.status)), STATUS_RANK.get(text_of(new.status))
    if old_rank and new_rank and old_rank != new_rank:
        return "advanced" if new_rank > old_rank else "regressed"
    old_c, new_c = number_of(old.completion), number_of(new.completion)
    if (
        text_of(old.status) == text_of(new.status)
        and old_c is not None
        and new_c is not None
        and old_c != new_c
    ):
        return "advanced" if new_c > old_c else "regressed"
    return "changed"


def _stage_fields(row: Any, side: str) -> dict[str, Any]:
    return {
        f"{side}_status": text_of(row.status) or None,
        f"{side}_completion": number_of(row.completion),
        f"{side}_period": period_label(row.period_start, row.period_end),
    }


def compare_stages(
    sides: dict[str, RunFacts], ev: dict[str, Evidence], morph: Any, threshold: float = 0.5
) -> dict[str, pd.DataFrame]:
    """Status/completion/period changes of matched stages, and stages new in NEW or dropped from OLD."""
    old, new = stage_items(sides["old"], morph), stage_items(sides["new"], morph)
    pairs, only_old, only_new = greedy_match(old, new, lambda a, b: jaccard(a[0], b[0]), threshold)
    changed = []
    for i, j, score in pairs:
        o, n = old[i][1], new[j][1]
        change = stage_change(o, n)
        if change:
            changed.append(
                {
                    "stage": stage_label(n, morph),
                    "change": change,
                    **_stage_fields(o, "old"),
                    **_stage_fields(n, "new"),
                    "similarity": round(score, 3),
                    **ev["old"].of(o, "old"),
                    **ev["new"].of(n, "new"),
                }
            )
    added = [
        {
            "stage": stage_label(new[j][1], morph),
            **_stage_fields(new[j][1], "new"),
            **ev["new"].of(new[j][1], "new"),
        }
        for j in only_new
    ]
    dropped = [
        {
            "stage": stage_label(old[i][1], morph),
            **_stage_fields(old[i][1], "old"),
            **ev["old"].of(old[i][1], "old"),
        }
        for i in only_old
    ]
    return {
        "stages_changed": pd.DataFrame(changed),
        "stages_new": pd.DataFrame(added),
        "stages_dropped": pd.DataFrame(dropped),
    }


# ---------------------------------------------------------------------------- entities


def entity_groups(facts: RunFacts, excluded: tuple[str, ...]) -> dict[tuple[str, str], list[Any]]:
    """Mentions per (label, name); an act is named by its type and number or title (:func:`law_key`)."""
    groups: dict[tuple[str, str], list[Any]] = {}
    for row in facts.entities.itertuples(index=False):
        if row.label in excluded:
            continue
        name = name_key(text_of(row.canonical) or text_of(row.text))
        attrs = row.attrs if isinstance(row.attrs, dict) else {}
        if row.label == "LAW" and (
            key := law_key(attrs.get("doc_type"), attrs.get("number"), attrs.get("title"))
        ):
            name = " ".join(key)
        if name:
            groups.setdefault((row.label, name), []).append(row)
    return groups


def compare_entities(
    sides: dict[str, RunFacts], ev: dict[str, Evidence], excluded: tuple[str, ...] = EXCLUDED_ENTITY_LABELS
) -> dict[str, pd.DataFrame]:
    """Canonical names (per label) mentioned on one side only."""
    groups = {side: entity_groups(sides[side], excluded) for side in ("old", "new")}
    out = {}
    for name, side, other in (("entities_new", "new", "old"), ("entities_gone", "old", "new")):
        rows = []
        for key in sorted(set(groups[side]) - set(groups[other])):
            mentions = groups[side][key]
            first = min(mentions, key=lambda r: (ev[side].sources.get(r.doc_id, ""), r.char_start))
            rows.append(
                {
                    "label": key[0],
                    "canonical": text_of(first.canonical) or text_of(first.text),
                    "kind": text_of(first.kind) or None,
                    "mentions": len(mentions),
                    "documents": len({r.doc_id for r in mentions}),
                    **ev[side].of(first, side),
                }
            )
        out[name] = pd.DataFrame(rows)
    return out


# ---------------------------------------------------------------------------- directions


def direction_names() -> dict[str, str]:
    """Direction id → Russian name from the taxonomy data file, in taxonomy order (empty if absent)."""
    import yaml

    path = TAXONOMY
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {item["id"]: item.get("name", item["id"]) for item in data.get("directions", [])}


def compare_directions(sides: dict[str, RunFacts], names: dict[str, str] | None = None) -> pd.DataFrame:
    """Share of passages per direction on each side and the shift in percentage points."""
    names = direction_names() if names is None else names
    (old_total, old), (new_total, new) = direction_counts(sides["old"]), direction_counts(sides["new"])
    labels = [*names, *sorted((set(old) | set(new)) - set(names))]
    rows = []
    for label in labels:
        old_share = old.get(label, 0) / old_total if old_total else 0.0
        new_share = new.get(label, 0) / new_total if new_total else 0.0
        rows.append(
            {
                "direction": label,
                "name": names.get(label, label),
                "old_passages": old.get(label, 0),
                "old_share": round(old_share, 4),
                "new_passages": new.get(label, 0),
                "new_share": round(new_share, 4),
                "shift_pp": round(100 * (new_share - old_share), 2),
            }
        )
    frame = pd.DataFrame(rows)
    frame.attrs.update(old_total=old_total, new_total=new_total)
    return frame


# ---------------------------------------------------------------------------- all together


def compare_facts(
    old: RunFacts,
    new: RunFacts,
    *,
    morph: Any = None,
    figure_threshold: float = 0.6,
    stage_threshold: float = 0.5,
    excluded_labels: tuple[str, ...] = EXCLUDED_ENTITY_LABELS,
) -> Comparison:
    """Every change table between two sides' facts."""
    if morph is None:
        from indpol.nlp.morph import load_morph

        morph = load_morph()
    sides = {"old": old, "new": new}
    ev = {"old": Evidence(old), "new": Evidence(new)}
    figures = compare_figures(sides, ev, morph, figure_threshold)
    matching = figures.pop("matching")
    tables = {
        **figures,
        **compare_stages(sides, ev, morph, stage_threshold),
        **compare_entities(sides, ev, excluded_labels),
        "directions": compare_directions(sides),
    }
    comparison = Comparison(old_label=old.label, new_label=new.label, **tables)
    comparison.summary = summarise(comparison, sides)
    comparison.summary["figures_matching"] = matching
    return comparison


def summarise(comparison: Comparison, sides: dict[str, RunFacts]) -> dict[str, Any]:
    """Counts per side and per change table, and the largest direction shifts."""
    summary: dict[str, Any] = {}
    for side, facts in sides.items():
        docs = facts.documents
        summary[side] = {
            "label": facts.label,
            "documents": int((docs["status"] != "duplicate").sum()),
            "failed": int(docs["status"].isin(["failed", "needs_ocr"]).sum()),
            "figures": len(facts.figures),
            "stages": len(facts.stages),
            "entities": len(facts.entities),
            "passages": len(facts.passages),
        }
    summary["changes"] = {
        name: len(frame) for name, frame in comparison.tables().items() if name != "directions"
    }
    directions = comparison.directions
    shifts = directions[directions["shift_pp"] != 0] if not directions.empty else directions
    top = (
        shifts.reindex(shifts["shift_pp"].abs().sort_values(ascending=False).index).head(3)
        if len(shifts)
        else shifts
    )
    summary["direction_shifts"] = [
        {"direction": r.direction, "name": r.name, "shift_pp": float(r.shift_pp)}
        for r in top.itertuples(index=False)
    ]
    return summary
