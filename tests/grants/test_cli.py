"""`flask --app app dossier evaluate FILE`, run as a city team's script would run it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from grants.loader import dossier_to_data

from .factories import dossier

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "tests" / "examples"
NAMES = sorted(p.name.removesuffix(".expected.json") for p in EXAMPLES.glob("*.expected.json"))


def evaluate(*args: str) -> subprocess.CompletedProcess:
    """Run the evaluate command from the project's root."""
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "dossier", "evaluate", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def key(finding: dict) -> tuple[str, str, str]:
    return finding["rule"], finding["severity"], finding["path"]


def written(tmp_path: Path, content: str | dict, name: str = "dossier.json") -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("name", NAMES)
def test_an_example_prints_its_expected_evaluation(name):
    expected = json.loads((EXAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    at = ["--at", expected["at"]] if expected.get("at") else []
    run = evaluate(str(EXAMPLES / f"{name}.json"), *at)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["eligible"] == expected["eligible"]
    found = {key(x) for x in got["findings"]}
    if "findings" in expected:
        assert sorted(map(key, got["findings"])) == sorted(map(key, expected["findings"]))
        assert got["funding"] == expected["funding"]
        assert got["schools"] == expected["schools"]
    else:
        assert {key(x) for x in expected["findings_include"]} <= found


def test_the_small_commune_reads_its_evaluation_in_english():
    run = evaluate(str(EXAMPLES / "petite-commune.json"), "--locale", "en")
    assert run.returncode == 0, run.stderr
    messages = {x["rule"]: x["message"] for x in json.loads(run.stdout)["findings"]}
    assert "€3,500.00" in messages["EQ-CAP-CLASS"] and "€10,500.00" in messages["EQ-CAP-CLASS"]
    assert "dépasse" not in messages["EQ-CAP-CLASS"]


def test_a_dossier_is_refused_after_the_call_closed(tmp_path):
    run = evaluate(written(tmp_path, dossier_to_data(dossier())), "--at", "2021-03-31T22:30:00+00:00")
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["eligible"] is False
    assert [key(x) for x in got["findings"]] == [("CALL-CLOSED", "blocking", "call")]


def _refused(run: subprocess.CompletedProcess, *fragments: str) -> None:
    assert run.returncode == 2
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    for fragment in fragments:
        assert fragment in run.stderr, run.stderr


def test_a_file_that_is_not_json_is_refused(tmp_path):
    _refused(evaluate(written(tmp_path, "format: dossier-snee/1\n")), "JSON")


def test_json_that_is_not_a_dossier_is_refused(tmp_path):
    _refused(evaluate(written(tmp_path, {"hello": "world"})), "collectivite", "schools", "lines")


def test_wrong_types_are_refused_naming_each_place(tmp_path):
    data = dossier_to_data(dossier())
    data["schools"][0]["classes"] = "trois"
    data["collectivite"]["vat_recovered"] = "oui"
    _refused(evaluate(written(tmp_path, data)), "schools[0].classes", '"trois"', "collectivite.vat_recovered")


def test_a_negative_quantity_is_refused(tmp_path):
    data = dossier_to_data(dossier())
    data["lines"][0]["quantity"] = -3
    _refused(evaluate(written(tmp_path, data)), "lines[0].quantity", "-3")


def test_an_unknown_call_is_refused(tmp_path):
    _refused(
        evaluate(written(tmp_path, {**dossier_to_data(dossier()), "call": "snee-2031"})),
        "snee-2031",
        "snee-2021",
    )


def test_a_missing_file_is_refused(tmp_path):
    _refused(evaluate(str(tmp_path / "absent.json")), "absent.json")


def test_a_wrong_instant_is_refused(tmp_path):
    _refused(evaluate(written(tmp_path, dossier_to_data(dossier())), "--at", "demain"), "--at")


def test_errors_are_written_in_the_requested_language(tmp_path):
    data = dossier_to_data(dossier())
    data["lines"][0]["quantity"] = -3
    run = evaluate(written(tmp_path, data), "--locale", "en")
    _refused(run, "lines[0].quantity")
    assert "supérieur" not in run.stderr
