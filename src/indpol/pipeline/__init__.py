"""Running documents: one end to end (``process``), many in batch (``batch``, ``pool``, ``dask``),
with progress, inspection and the records a failed file leaves (``outcomes``)."""

from indpol.pipeline.process import E_PAGES_WITHOUT_TEXT, PASSAGE_SEPARATOR, Pipeline

__all__ = ["E_PAGES_WITHOUT_TEXT", "PASSAGE_SEPARATOR", "Pipeline"]
