"""Help is documentation: every command is documented, and docs/cli.md is its current --help."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from allywatch.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_cli", ROOT / "docs" / "gen_cli.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_cli_reference_is_current() -> None:
    current = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert current == _generator().cli_reference(), "docs/cli.md is stale: run `make docs`"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_docs_readme_lists_every_command(name: str) -> None:
    assert f"`allywatch {name}" in (ROOT / "README.md").read_text("utf-8")
