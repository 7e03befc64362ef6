"""The two ways a reader says "no article here": a `ReadError` value, or the `IngestError`
that carries one. Kept apart so that every ingest module can raise them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadError:
    """A file (or `file:line` of JSON Lines) that gave no article, and why."""

    path: str
    reason: str

    @property
    def message(self) -> str:
        """One line for the terminal: `error: data/x.bin: not an article (binary data)`."""
        return f"error: {self.path}: {self.reason}"


class IngestError(ValueError):
    """Raised by the single-article readers; carries the `ReadError` that `read_paths` yields."""

    def __init__(self, error: ReadError) -> None:
        super().__init__(error.message)
        self.error = error


def refuse(name: str, reason: str) -> IngestError:
    """The error to raise for file (or source) `name`."""
    return IngestError(ReadError(name, reason))
