"""Language resources shared by text and extraction: pymorphy3 morphology, slovnet NER, the per-process cache."""
