"""Text of a document: cleaning, segmentation into passages and sentences, language."""
