"""Timelines of events and statements on the dev set's real gold events and quotes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from test_network import gold_document

from allywatch.analysis.checks import published_dates
from allywatch.analysis.timeline import activity, timeline
from allywatch.cli import cli
from allywatch.model.facts_json import document_from_dict


def _facts_and_dates() -> tuple[list[dict[str, object]], dict[str, str]]:
    document = gold_document()
    return document["facts"], published_dates(document_from_dict(document))


def test_timeline_of_a_pair_in_date_order() -> None:
    facts, published = _facts_and_dates()
    rows = timeline(facts, published, pair=("JPN", "IND"))
    assert list(rows["date"]) == sorted(rows["date"])
    dev07 = rows[rows["date"] == "2025-05-05"]
    assert len(dev07) == 4 and set(dev07["type"]) == {"CONSULT", "AGREE"}
    assert all({"IND", "JPN"} <= set(c) for c in rows["countries"])


def test_timeline_of_a_person_by_surname_holds_statements() -> None:
    facts, published = _facts_and_dates()
    rows = timeline(facts, published, actor="Nakatani")
    quotes = rows[rows["kind"] == "quote"]
    assert set(quotes["date"]) == {"2025-08-29"}  # dev-08's quotes, on its publication day
    assert quotes["date_from_article"].all()
    assert "2025-05-05" in set(rows["date"])  # and his Delhi visit


def test_timeline_activity_per_year() -> None:
    facts, published = _facts_and_dates()
    counts = activity(timeline(facts, published, actor="JPN"), "year").set_index("period")
    assert counts.loc["2023", "event"] == 8  # dev-09's GCAP meeting and dev-15's export rules
    assert counts.loc["2025", "quote"] > 0


def test_timeline_cli_pair_json(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(gold_document()), "utf-8")
    result = CliRunner().invoke(cli, ["timeline", str(facts), "--pair", "PHL", "USA", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["date"] for r in rows][:2] == ["2024-04", "2024-04-22"]  # Balikatan 2024
