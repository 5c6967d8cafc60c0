"""The legal pages with the operator's settings given and not given: a citizen reads whole
sentences either way, never a configuration variable's name; administrators alone are told which
variables the page expects."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import User

from .factories import squash, text

PAGES = ["/mentions-legales", "/donnees-personnelles", "/accessibilite"]
VARIABLES = ("PUBLISHER", "PUBLISHER_ADDRESS", "PUBLICATION_DIRECTOR", "HOST", "PRIVACY_CONTACT")
VARIABLES += ("ACCESSIBILITY_CONTACT",)
SET = {
    "PUBLISHER": "Rectorat de la région académique Bourgogne-Franche-Comté",
    "PUBLISHER_ADDRESS": "2G rue Général Delaborde, 21000 Dijon",
    "PUBLICATION_DIRECTOR": "Mme Claire Directrice",
    "HOST": "Hébergeur Souverain SAS, 1 rue du Centre, 69000 Lyon",
    "PRIVACY_CONTACT": "dpd@ac-dijon.example.fr",
    "ACCESSIBILITY_CONTACT": "accessibilite@ac-dijon.example.fr",
}


def _unset(app):
    app.config.update({name: "" for name in VARIABLES})


@pytest.fixture
def admin(app, actor):
    from models import db
    from tests.review.conftest import make_person

    person = make_person(app, actor, "admin@ecole-numerique.example.fr", "Ada Admin")
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.email == person.email)).is_admin = True
        db.session.commit()
    return person


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_unset_settings_give_whole_sentences_without_variable_names(app, client, path, language):
    _unset(app)
    client.get(f"/langue/{language}")
    page = squash(text(client.get(path)))
    for name in VARIABLES:
        assert name not in page, (path, name)
    assert "non renseigné" not in page and "not provided" not in page.lower()
    assert ": ." not in page and ":." not in page and ": ;" not in page  # no sentence left with a hole
    organisation = "L'organisme qui" if language == "fr" else "The organisation"
    if path != "/mentions-legales":
        assert organisation.lower() in page.lower()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_set_settings_are_shown_in_their_sentences(app, client, language):
    app.config.update(SET)
    client.get(f"/langue/{language}")
    mentions = squash(text(client.get("/mentions-legales")))
    for name in ("PUBLISHER", "PUBLISHER_ADDRESS", "PUBLICATION_DIRECTOR", "HOST"):
        assert SET[name] in mentions
    privacy = squash(text(client.get("/donnees-personnelles")))
    assert SET["PUBLISHER"] in privacy and privacy.count(SET["PRIVACY_CONTACT"]) == 2
    accessibility = squash(text(client.get("/accessibilite")))
    assert SET["PUBLISHER"] in accessibility and SET["ACCESSIBILITY_CONTACT"] in accessibility
    for page in (mentions, privacy, accessibility):
        assert "l'organisme qui" not in page.lower() and "the organisation" not in page.lower()
        for name in VARIABLES:
            assert name not in page


def test_an_administrator_is_told_which_variables_are_missing(app, admin):
    _unset(app)
    app.config["PUBLISHER"] = SET["PUBLISHER"]
    page = squash(text(admin.get("/mentions-legales")))
    assert "PUBLISHER_ADDRESS, PUBLICATION_DIRECTOR, HOST" in page
    assert "PUBLISHER," not in page.replace("PUBLISHER_ADDRESS", "")
    app.config.update(SET)
    assert "PUBLISHER" not in squash(text(admin.get("/mentions-legales")))


@pytest.mark.parametrize(
    ("language", "made", "status", "recourse", "derogations"),
    [
        ("fr", "établie le", "partiellement conforme", "Défenseur des droits", "Dérogations"),
        ("en", "made on", "partially compliant", "Défenseur des droits", "Exemptions"),
    ],
)
def test_the_accessibility_statement_has_the_rgaa_model_content(
    client, language, made, status, recourse, derogations
):
    from babel.dates import format_date

    from web.legal import STATEMENT_DATE
    from web.templating import ENGLISH_DATES

    client.get(f"/langue/{language}")
    page = squash(text(client.get("/accessibilite")))
    pattern = ENGLISH_DATES["long"] if language == "en" else "long"  # « 2 December 2026 », unambiguous
    assert f"{made} {format_date(STATEMENT_DATE, pattern, locale=language)}." in page
    for part in (status, recourse, derogations, "RGAA"):
        assert part in page, part
    # What was checked, and what is still known not to comply.
    assert "axe-core" in page
    assert ("Non-conformités connues" if language == "fr" else "Known non-compliances") in page
