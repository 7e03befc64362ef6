"""Article text to an annotated spaCy Doc: the model plus our annotate-only components."""
