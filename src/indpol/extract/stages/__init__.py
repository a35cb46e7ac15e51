"""Stages: programme stages, enumerated measures, timing and status (``step``)."""
