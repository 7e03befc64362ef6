"""Reference knowledge from elsewhere, read-only: states, organisations, documents, office
holders and places. The loaders live in :mod:`allywatch.reference.load` and are re-exported
here under the same names."""

from allywatch.reference.load import *  # noqa: F403  (the public names are load.__all__)
from allywatch.reference.load import __all__ as __all__
