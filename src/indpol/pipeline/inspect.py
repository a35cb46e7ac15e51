"""A readable text view of one processed document (for ``indpol inspect``)."""

from __future__ import annotations

from collections import Counter

from indpol.facts import STORED
from indpol.records import Document


def render_document(doc: Document, *, sentences: bool = False, limit: int = 0) -> str:
    """Status line, language and kind counts, then every passage with page, kind and language."""
    lines = [
        f"{doc.source}",
        f"  id {doc.doc_id[:16]}…  format {doc.format}  status {doc.status}  pages {doc.pages}  "
        f"chars {doc.chars}  language {doc.language}",
    ]
    if doc.error:
        lines.append(f"  {doc.error_code}: {doc.error}")
    if doc.passages:
        languages = Counter(passage.language for passage in doc.passages)
        kinds = Counter(passage.kind for passage in doc.passages)
        roles = Counter(passage.role for passage in doc.passages)
        lines.append(
            "  passages "
            + ", ".join(f"{k} {v}" for k, v in kinds.items())
            + " | languages "
            + ", ".join(f"{k} {v}" for k, v in languages.items())
            + " | roles "
            + ", ".join(f"{k} {v}" for k, v in roles.items())
        )
        lines.append(
            f"  sentences {len(doc.sentences)}  "
            + "  ".join(
                f"{fact.name} {len(doc.rows(fact.name))}" for fact in STORED if fact.name != "passages"
            )
        )
    lines.append("")
    by_passage: dict[str, list[str]] = {}
    for sentence in doc.sentences:
        by_passage.setdefault(sentence.passage_id, []).append(sentence.text)
    shown = doc.passages[:limit] if limit else doc.passages
    for passage in shown:
        page = "-" if passage.page is None else str(passage.page)
        labels = ",".join(d["label"] for d in passage.directions)
        lines.append(
            f"[{passage.index:>4}] p.{page:<3} {passage.kind:<9} {passage.language:<5} {passage.role:<10}"
            f" {passage.start}-{passage.end} {labels}"
        )
        lines.append(f"       {passage.text}")
        if sentences:
            lines.extend(f"         · {text}" for text in by_passage.get(passage.passage_id, []))
    if limit and len(doc.passages) > limit:
        lines.append(f"… {len(doc.passages) - limit} more passages")
    for table in doc.tables:
        lines.append(f"table {table.index} p.{table.page} bbox {table.bbox} caption {table.caption!r}")
        lines.extend("   " + " | ".join(row) for row in table.rows)
    return "\n".join(lines)
