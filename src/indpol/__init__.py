"""indpol: structured, checkable facts from Russian industrial-policy documents."""

__version__ = "0.1.0"
