"""Inspectors' accounts: created by an administrator (a page and a command) with their level and
the départements they cover."""

from __future__ import annotations

import re
from html import unescape

import pytest
import sqlalchemy as sa

from models import User, db
from tests.twofactor import pass_second_factor

from .conftest import make_person


@pytest.fixture
def admin(app, actor):
    person = make_person(app, actor, "admin@ecole-numerique.example.fr", "Ada Admin")
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.email == person.email)).is_admin = True
        db.session.commit()
    return person


def inspector(app, email: str) -> tuple[str | None, list[str], bool] | None:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        return None if user is None else (user.inspector_level, user.departements, user.active)


NEW = {
    "email": "Ines.Martin@ac-versailles.fr",
    "name": "Inès Martin",
    "level": "dasen",
    "departements": "92, 93",
}


def test_an_administrator_opens_an_inspector_account_who_then_chooses_a_password(app, actor, admin, smtp):
    assert admin.get("/admin/inspecteurs").status_code == 200
    response = admin.post("/admin/inspecteurs", NEW)
    assert response.status_code == 302
    assert inspector(app, "ines.martin@ac-versailles.fr") == ("dasen", ["92", "93"], True)
    [mail] = smtp.to("ines.martin@ac-versailles.fr")
    link = re.search(r"http://localhost(/mot-de-passe/\S+)", mail.get_content()).group(1)
    listing = unescape(admin.get("/admin/inspecteurs").get_data(as_text=True))
    assert "Inès Martin" in listing and "DASEN" in listing and "92, 93" in listing
    person = actor("ines.martin@ac-versailles.fr", "Inès Martin")
    assert (
        person.post(
            link, {"password": "un-mot-de-passe-solide", "confirm": "un-mot-de-passe-solide"}
        ).status_code
        == 302
    )
    signed = person.post("/connexion", {"email": person.email, "password": "un-mot-de-passe-solide"})
    assert signed.status_code == 302
    # The first sign-in enrols the second factor.
    assert pass_second_factor(app, person.client, person.email, signed).status_code == 200
    assert person.get("/inspection/").status_code == 200
    assert "Dossiers à instruire" in person.get("/").get_data(as_text=True)  # the header's link


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"departements": "2C 100"}, "Codes de département inconnus : 2C, 100"),
        ({"departements": ""}, "Indiquez au moins un département."),
        ({"email": "pas-un-courriel"}, "Une adresse de courriel, par exemple nom@mairie.fr."),
        ({"level": "recteur"}, "Choisissez un niveau : IEN, IA-DASEN ou DAN."),
    ],
)
def test_a_wrong_field_is_named(app, admin, changes, message):
    response = admin.post("/admin/inspecteurs", {**NEW, **changes})
    assert response.status_code == 422
    assert message in unescape(response.get_data(as_text=True))
    assert inspector(app, "ines.martin@ac-versailles.fr") is None


def test_an_existing_account_is_not_replaced(app, admin):
    response = admin.post("/admin/inspecteurs", {**NEW, "email": admin.email})
    assert response.status_code == 422
    assert "Un compte existe déjà avec ce courriel." in response.get_data(as_text=True)


def test_an_administrator_changes_the_scope_and_deactivates(app, admin):
    admin.post("/admin/inspecteurs", NEW)
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == "ines.martin@ac-versailles.fr"))
    assert admin.get(f"/admin/inspecteurs/{user_id}").status_code == 200
    assert (
        admin.post(f"/admin/inspecteurs/{user_id}", {"level": "ien", "departements": "94 93"}).status_code
        == 302
    )
    assert inspector(app, "ines.martin@ac-versailles.fr") == ("ien", ["93", "94"], True)
    assert admin.post(f"/admin/inspecteurs/{user_id}/activation").status_code == 302
    assert inspector(app, "ines.martin@ac-versailles.fr")[2] is False
    with app.app_context():
        not_an_inspector = db.session.scalar(sa.select(User.id).where(User.email == admin.email))
    assert admin.get(f"/admin/inspecteurs/{not_an_inspector}").status_code == 404


def test_the_command_creates_an_inspector(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "user",
            "create-inspector",
            "dan@ac-dijon.fr",
            "--name",
            "Dan Académie",
            "--level",
            "dan",
            "--departement",
            "21",
            "--departement",
            "2a",
            "--password",
            "mot-de-passe-tres-solide",
        ]
    )
    assert result.exit_code == 0, result.output
    assert inspector(app, "dan@ac-dijon.fr") == ("dan", ["21", "2A"], True)
    again = runner.invoke(
        args=[
            "user",
            "create-inspector",
            "dan@ac-dijon.fr",
            "--name",
            "X",
            "--level",
            "ien",
            "--departement",
            "21",
            "--password",
            "mot-de-passe-tres-solide",
        ]
    )
    assert again.exit_code == 2 and "existe déjà" in again.output
    wrong = runner.invoke(
        args=[
            "user",
            "create-inspector",
            "autre@ac-dijon.fr",
            "--name",
            "X",
            "--level",
            "ien",
            "--departement",
            "99",
            "--password",
            "mot-de-passe-tres-solide",
        ]
    )
    assert wrong.exit_code == 2 and "--departement: 99" in wrong.output
    assert inspector(app, "autre@ac-dijon.fr") is None
