"""Scoring extractors against gold data."""
