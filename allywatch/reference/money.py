"""The money lexicon: currencies, scale words, hedges, measure nouns and year words, as data.

The files live in ``reference/data/money/``; extractors build their grammars from them, so a new
currency or hedge is a data edit, never a code change. Each file is read once.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from allywatch.reference.actors import data_text


@cache
def money_lexicon(name: str) -> dict[str, Any]:
    """One lexicon file of ``reference/data/money/`` ("currencies", "scales", ...) as a dict."""
    data: dict[str, Any] = json.loads(data_text(f"money/{name}.json"))
    return data
