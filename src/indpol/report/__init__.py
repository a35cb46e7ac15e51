"""The run report and the document view written to files (``indpol report``, ``indpol show``)."""

from indpol.report.write import show_document, write_run_report

__all__ = ["show_document", "write_run_report"]
