"""Fact extraction: one package per fact type (``entities``, ``figures``, ``stages``) over shared ``grammars``."""
