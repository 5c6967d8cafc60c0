"""`flask dossier import FILE`, `flask dossier dump ID` and `flask demo load`, run in-process."""

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from models import DossierRecord, Membership, Organisation, User

from .factories import scalar, squash, text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DOSSIERS = sorted(p for p in EXAMPLES.glob("*.json") if not p.name.endswith(".expected.json"))


def run(app, *args: str):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.mark.parametrize("path", DOSSIERS, ids=lambda p: p.stem)
def test_import_then_dump_gives_back_the_same_dossier(app, path):
    imported = run(app, "dossier", "import", str(path))
    assert imported.exit_code == 0, imported.output
    dossier_id = int(imported.output.strip())
    dumped = run(app, "dossier", "dump", str(dossier_id))
    assert dumped.exit_code == 0
    assert json.loads(dumped.output) == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", DOSSIERS, ids=lambda p: p.stem)
def test_an_imported_dossier_is_a_draft_of_its_collectivite_with_its_figures(app, path):
    dossier_id = int(run(app, "dossier", "import", str(path)).output.strip())
    rec = scalar(sa.select(DossierRecord).where(DossierRecord.id == dossier_id))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert rec.state == "brouillon" and rec.name == data["collectivite"]["name"]
    assert rec.school_count == len(data["schools"]) and rec.reference.startswith(data["call"].upper() + "-")
    assert rec.call_id == data["call"]
    org_name = scalar(sa.select(Organisation.name).where(Organisation.id == rec.organisation_id))
    assert org_name == data["collectivite"]["name"]


def test_importing_twice_gives_two_dossiers_of_the_same_collectivite(app):
    path = str(EXAMPLES / "petite-commune.json")
    first, second = (int(run(app, "dossier", "import", path).output) for _ in range(2))
    assert first != second
    assert scalar(sa.select(sa.func.count(Organisation.id))) == 1


def test_import_of_a_bad_file_says_why_and_stores_nothing(app, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "dossier-snee/1", "call": "snee-2021", "schools": "none"}', encoding="utf-8")
    result = run(app, "dossier", "import", str(bad))
    assert result.exit_code == 2 and result.output.strip()
    missing = run(app, "dossier", "import", str(tmp_path / "absent.json"))
    assert missing.exit_code == 2
    assert scalar(sa.select(sa.func.count(DossierRecord.id))) == 0


def test_dump_of_an_unknown_dossier_fails_cleanly(app):
    result = run(app, "dossier", "dump", "999999")
    assert result.exit_code == 2 and "introuvable" in result.output


def test_the_demo_loads_once_however_often_it_is_run(app, actor):
    for _ in range(3):
        result = run(app, "demo", "load")
        assert result.exit_code == 0 and "demo@ville.example.fr" in result.output
    assert scalar(sa.select(sa.func.count(User.id))) == 1
    assert scalar(sa.select(sa.func.count(DossierRecord.id))) == 1
    assert scalar(sa.select(sa.func.count(Membership.id))) == 1
    demo = actor("demo@ville.example.fr")
    signed_in = demo.post(
        "/connexion", {"email": "demo@ville.example.fr", "password": "demo-ecole-numerique"}
    )
    assert signed_in.status_code == 302
    dashboard = squash(text(demo.get("/")))
    assert "Socle numérique 2021 — écoles de la ville" in dashboard
    dossier_id = scalar(sa.select(DossierRecord.id))
    for step in ("collectivite", "ecoles", "etat", "budget", "cofinancements", "projet", "recap"):
        assert demo.get(f"/dossiers/{dossier_id}/{step}").status_code == 200
