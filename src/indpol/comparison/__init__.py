"""Comparing two runs or documents: the sides (``sides``), matching facts (``match``), the change
tables (``compare``) and the report (``report``)."""
