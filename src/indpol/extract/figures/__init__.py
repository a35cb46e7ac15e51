"""Figures: numbers with unit, indicator and period, from prose (``prose``) and tables (``tables``); ``step`` runs both."""
