"""Regenerate docs/cli.md from the commands' own --help (run by `make docs`)."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from allywatch.cli import cli

HEADER = "# allywatch command reference\n\nGenerated from `--help` by `make docs`; do not edit.\n"


def cli_reference() -> str:
    """The help of the group and of every command, in Markdown."""
    runner = CliRunner()
    parts = [HEADER, "## allywatch\n\n```\n" + runner.invoke(cli, ["--help"]).output + "```\n"]
    for name in sorted(cli.commands):
        text = runner.invoke(cli, [name, "--help"], terminal_width=100).output
        parts.append(f"## allywatch {name}\n\n```\n{text}```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("cli.md"))
    target.write_text(cli_reference(), encoding="utf-8")
