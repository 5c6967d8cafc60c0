"""Every example dossier of the call gets exactly its expected evaluation."""

import json
from pathlib import Path

import pytest

from grants.call import get_call
from grants.evaluation import evaluate, evaluation_to_data
from grants.loader import dossier_from_json

EXAMPLES = Path(__file__).parent.parent / "examples"
NAMES = sorted(p.name.removesuffix(".expected.json") for p in EXAMPLES.glob("*.expected.json"))


def _key(finding: dict) -> tuple[str, str, str]:
    return finding["rule"], finding["severity"], finding["path"]


def _evaluate(name: str) -> tuple[dict, dict]:
    expected = json.loads((EXAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    dossier = dossier_from_json((EXAMPLES / f"{name}.json").read_bytes())
    from datetime import datetime

    at = datetime.fromisoformat(expected["at"]) if expected.get("at") else None
    return evaluation_to_data(evaluate(dossier, get_call(dossier.call), at)), expected


def test_there_are_examples_to_check():
    assert len(NAMES) >= 3


@pytest.mark.parametrize("name", NAMES)
def test_example_gets_its_expected_evaluation(name):
    got, expected = _evaluate(name)
    assert got["eligible"] == expected["eligible"]
    found = sorted(map(_key, got["findings"]))
    if "findings" in expected:
        assert found == sorted(map(_key, expected["findings"]))
        assert got["funding"] == expected["funding"]
        assert got["schools"] == expected["schools"]
    else:
        missing = set(map(_key, expected["findings_include"])) - set(found)
        assert not missing


@pytest.mark.parametrize("name", NAMES)
def test_every_finding_has_a_sentence_in_both_languages(name):
    got, _ = _evaluate(name)
    for finding in got["findings"]:
        assert len(finding["message"]) > 40
        assert "%(" not in finding["message"]
