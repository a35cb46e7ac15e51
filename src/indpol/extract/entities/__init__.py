"""Entities: names (slovnet NER, gazetteer), legal acts and dates, with canonical forms (``step``)."""
