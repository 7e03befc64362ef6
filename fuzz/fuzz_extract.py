"""atheris harness: mutated real articles through the whole pipeline, file to facts document.

The document must validate against facts-v1 with every fact's sentence at its span, or the file
must come back as one clear error (fuzz/oracle.py). Slow (spaCy runs on every input): give it
`-timeout=60` and `-rss_limit_mb=3000`. See fuzz/README.md.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["allywatch"]):
    from allywatch.nlp.pipeline import build_nlp
    from allywatch.pipeline import extract_paths

import oracle

FOLDER = Path(tempfile.mkdtemp(prefix="allywatch-fuzz-extract-"))
SUFFIXES = [".txt", ".html", ".json", ".jsonl"]


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)

    def below(n: int) -> int:
        return int(fdp.ConsumeIntInRange(0, max(n - 1, 0)))

    suffix = fdp.PickValueInList(SUFFIXES)
    text = oracle.mutate_text(oracle.pick(oracle.real_texts(), below), below, below(8))
    if fdp.ConsumeBool():  # fuzzer bytes as text, spliced into the article
        at = below(len(text) + 1)
        text = text[:at] + fdp.ConsumeUnicodeNoSurrogates(200) + text[at:]
    path = FOLDER / f"input{suffix}"
    path.write_bytes(oracle.render(text, suffix, below))
    oracle.check_outcome(path, *extract_paths([path]))


def main() -> None:
    build_nlp()  # load spaCy before the clock starts
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
