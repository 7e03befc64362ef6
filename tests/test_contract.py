"""Every document `allywatch extract` prints validates against the facts-v1 JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import DEV, SEED_LEVERAGE, SEED_NEW_ERA, extracted

from allywatch.model.facts_json import document_from_dict, document_to_dict, json_schema


def _validate(document: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(json_schema()).validate(document)


@pytest.mark.parametrize(
    "path", [SEED_LEVERAGE, SEED_NEW_ERA, *sorted(DEV.glob("*.json"))], ids=lambda p: p.name
)
def test_contract_extract_output_validates(path: Path) -> None:
    document = extracted(path)
    _validate(document)
    text = document["articles"][0]["text"]
    for fact in document["facts"]:
        start, end = fact["span"]
        assert text[start:end] == fact["sentence"], fact["id"]


def test_contract_round_trips_through_typed_model() -> None:
    document = extracted(SEED_LEVERAGE)
    again = document_to_dict(document_from_dict(json.loads(json.dumps(document))))
    assert again == document


def test_contract_schema_rejects_a_fact_without_its_sentence() -> None:
    document = json.loads(json.dumps(extracted(SEED_LEVERAGE)))
    document["facts"].append({"id": "x", "kind": "amount", "article": "a", "span": [0, 1]})
    with pytest.raises(jsonschema.ValidationError):
        _validate(document)


def test_contract_fact_ids_unique_and_people_named() -> None:
    document = extracted(SEED_NEW_ERA, "2026-01-01")
    ids = [f["id"] for f in document["facts"]]
    assert len(ids) == len(set(ids))
    assert all(p["articles"] for p in document["people"])
