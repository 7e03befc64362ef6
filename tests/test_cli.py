"""The command line as a user meets it: help that teaches, clear errors, honest exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED_LEVERAGE

from allywatch.cli import cli


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_cli_help_lists_commands_with_examples(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "extract" in result.output and "evaluate" in result.output
    for name, command in cli.commands.items():
        assert "Example" in (command.help or ""), f"`allywatch {name} --help` has no example"


def test_cli_extract_prints_a_facts_document(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["extract", str(SEED_LEVERAGE)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["schema"] == "allywatch.facts/1"
    assert document["articles"][0]["published"].startswith("2026-01-17")


def test_cli_extract_names_a_bad_file_and_still_reads_the_good_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    result = runner.invoke(cli, ["extract", str(bad), str(SEED_LEVERAGE)])
    assert result.exit_code == 1
    assert "broken.txt" in result.stderr
    assert len(json.loads(result.stdout)["articles"]) == 1


def test_cli_extract_rejects_a_malformed_published_date(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["extract", str(SEED_LEVERAGE), "--published", "17/01/2026"])
    assert result.exit_code != 0
    assert "published" in result.output.lower()
