"""atheris harness: any bytes, as a file of any suffix, through the readers.

Each input becomes one file: raw fuzzer bytes, or a real article mutated and rendered as text,
HTML, JSON or JSON Lines. `read_paths` must give articles fit for the pipeline or errors naming
the file (fuzz/oracle.py). See fuzz/README.md for how to run it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["allywatch"]):
    from allywatch.ingest import read_paths

import oracle

FOLDER = Path(tempfile.mkdtemp(prefix="allywatch-fuzz-readers-"))


def payload(fdp: atheris.FuzzedDataProvider, suffix: str) -> bytes:
    """Raw bytes half the time, else a mutated real article rendered for `suffix`."""

    def below(n: int) -> int:
        return int(fdp.ConsumeIntInRange(0, max(n - 1, 0)))

    if fdp.ConsumeBool():
        return bytes(fdp.ConsumeBytes(fdp.remaining_bytes()))
    text = oracle.mutate_text(oracle.pick(oracle.real_texts(), below), below, below(8))
    return oracle.mutate_bytes(oracle.render(text, suffix, below), below, below(4))


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    suffix = fdp.PickValueInList(list(oracle.SUFFIXES))
    path = FOLDER / f"input{suffix}"
    path.write_bytes(payload(fdp, suffix))
    oracle.check_read(path, list(read_paths([path])))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
