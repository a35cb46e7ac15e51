"""Views of documents and runs as HTML: pure rendering from plain data, no I/O."""
