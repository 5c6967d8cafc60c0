"""Two colleagues on one dossier, each in their own Chromium session on the live server (issue 12):
different fields merge, the same field is chosen side by side, a line removed by one is offered
again to the other with what they typed, and the autosaved texts keep both versions visible."""

from __future__ import annotations

import json
import threading

import pytest

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.browser
PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def served(tmp_path):
    """The application on a free port (CSRF on), with Marie and Paul members of one collectivité
    and a dossier imported from the petite-commune example."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from app import create_app
    from grants.loader import dossier_from_data
    from models import Membership, db
    from services import accounts
    from services.dossiers import import_dossier

    app = create_app(
        {
            "SECRET_KEY": "browser-merge-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'merge.db'}",
            "WTF_CSRF_ENABLED": True,
            "MAIL_SERVER": "",
            "LOGIN_LIMIT": 1000,
            "TESTING": False,
        }
    )
    with app.app_context():
        upgrade()
        marie = accounts.create_user("marie@mairie.example.fr", "Marie Dupont", PASSWORD)
        paul = accounts.create_user("paul@mairie.example.fr", "Paul Durand", PASSWORD)
        data = json.loads((EXAMPLES / "petite-commune.json").read_text())
        c = data["collectivite"]
        org = accounts.create_organisation(
            marie, c["name"], c["kind"], c["siret"], c["insee"], c["departement"]
        )
        db.session.add(Membership(user_id=paul.id, organisation_id=org.id))
        rec = import_dossier(org, marie, dossier_from_data(data), "Socle numérique 2021")
        db.session.commit()
        dossier_id, line_id, line_label = rec.id, rec.lines[0].id, rec.lines[0].label
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {
        "base": f"http://127.0.0.1:{server.server_port}",
        "app": app,
        "dossier": dossier_id,
        "line": line_id,
        "line_label": line_label,
    }
    server.shutdown()
    thread.join(timeout=10)


def _person(chromium, served, email: str):
    context = chromium.new_context(locale="fr-FR")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(served["base"] + "/connexion")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    return context, page


def _stored(served, name: str):
    from models import DossierRecord, db

    with served["app"].app_context():
        return getattr(db.session.get(DossierRecord, served["dossier"]), name)


def _until(condition, seconds: float = 10.0) -> None:
    """Wait for what an autosave writes (the page's script saves 1.5 s after the typing)."""
    import time

    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the autosave did not reach the database"
        time.sleep(0.1)


@pytest.fixture
def two(chromium, served):
    marie = _person(chromium, served, "marie@mairie.example.fr")
    paul = _person(chromium, served, "paul@mairie.example.fr")
    yield marie[1], paul[1]
    marie[0].close()
    paul[0].close()


def _save(page, within: str = "main") -> None:
    page.locator(f"{within} form button.button-primary").first.click()
    page.wait_for_load_state()


def test_different_fields_merge_and_the_same_field_is_chosen_side_by_side(served, two):
    marie, paul = two
    url = f"{served['base']}/dossiers/{served['dossier']}/collectivite"
    marie.goto(url)
    paul.goto(url)
    marie.get_by_label("Population").fill("7100")
    _save(marie)
    paul.get_by_label("Téléphone du contact").fill("01 23 45 67 89")
    _save(paul)
    assert "Enregistré." in paul.content()
    assert "Marie Dupont a modifié « population » entre-temps" in paul.inner_text("body")
    assert paul.get_by_label("Population").input_value() == "7100"
    assert (_stored(served, "population"), _stored(served, "contact_phone")) == (7100, "01 23 45 67 89")

    # Both change the representative: Paul sees both values, who, and chooses Marie's
    marie.goto(url)
    paul.goto(url)
    marie.get_by_label("Nom du représentant légal").fill("Marie Maire")
    _save(marie)
    paul.get_by_label("Nom du représentant légal").fill("Paul Maire")
    paul.get_by_label("Personne à contacter").fill("Paul Contact")
    _save(paul)
    panel = paul.locator(".conflict")
    assert panel.is_visible()
    text = panel.inner_text()
    assert "Marie Maire" in text and "Paul Maire" in text and "Marie Dupont" in text
    assert _stored(served, "contact_name") == "Paul Contact"  # his other field is saved
    paul.get_by_label("Garder la valeur de Marie Dupont", exact=False).check()
    _save(paul)
    assert "Enregistré." in paul.content()
    assert _stored(served, "rep_name") == "Marie Maire"


def test_a_line_removed_by_a_colleague_is_offered_again_with_what_was_typed(served, two):
    marie, paul = two
    base = f"{served['base']}/dossiers/{served['dossier']}"
    paul.goto(f"{base}/budget/{served['line']}")
    paul.get_by_label("Libellé").fill("Vidéoprojecteur revu par Paul")
    marie.goto(f"{base}/budget")
    marie.locator(f"button[formaction$='/budget/{served['line']}/supprimer']").click()
    marie.wait_for_load_state()
    _save(paul, "#line-form")
    body = paul.inner_text("body")
    assert f"La ligne « {served['line_label']} » a été supprimée par un collègue" in body
    assert "Marie Dupont" in body and "Page introuvable" not in body
    assert paul.get_by_label("Libellé").input_value() == "Vidéoprojecteur revu par Paul"
    assert paul.locator("#line-form button.button-primary").inner_text() == "Ajouter la ligne"
    _save(paul, "#line-form")  # the form now re-creates the line
    assert "Enregistré." in paul.content()
    assert "Vidéoprojecteur revu par Paul" in paul.inner_text("main")


def test_autosaved_texts_merge_and_both_versions_of_one_text_stay_visible(served, two):
    marie, paul = two
    url = f"{served['base']}/dossiers/{served['dossier']}/projet"
    marie.goto(url)
    paul.goto(url)
    marie.locator("textarea[name=pedagogy]").fill("Usages écrits par Marie.")
    _until(lambda: _stored(served, "pedagogy") == "Usages écrits par Marie.")
    paul.locator("textarea[name=ien]").fill("IEN rencontré par Paul.")
    _until(lambda: _stored(served, "ien") == "IEN rencontré par Paul.")
    status = paul.locator("#autosave-status")
    status.filter(has_text="Enregistré automatiquement").wait_for()
    # Paul's page now shows Marie's text, which he had not touched
    assert paul.locator("textarea[name=pedagogy]").input_value() == "Usages écrits par Marie."
    assert (_stored(served, "pedagogy"), _stored(served, "ien")) == (
        "Usages écrits par Marie.",
        "IEN rencontré par Paul.",
    )
    # Both write the summary: Paul keeps his text in the field and sees Marie's under it
    marie.locator("textarea[name=summary]").fill("Résumé de Marie.")
    _until(lambda: _stored(served, "summary") == "Résumé de Marie.")
    paul.locator("textarea[name=summary]").fill("Résumé de Paul.")
    theirs = paul.locator("#theirs-summary")
    theirs.wait_for()
    assert "Résumé de Marie." in theirs.inner_text() and "Marie Dupont" in theirs.inner_text()
    assert paul.locator("textarea[name=summary]").input_value() == "Résumé de Paul."
    assert _stored(served, "summary") == "Résumé de Marie."
    theirs.get_by_role("button", name="Enregistrer mon texte à la place").click()
    _until(lambda: _stored(served, "summary") == "Résumé de Paul.")
