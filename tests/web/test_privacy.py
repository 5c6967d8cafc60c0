"""The public-sector pages, a member's own data and the closing of his account."""

import json

import pytest
import sqlalchemy as sa

from models import ChangeLog, DossierRecord, User

from .factories import database, text


@pytest.mark.parametrize("path", ["/mentions-legales", "/donnees-personnelles", "/accessibilite"])
def test_the_legal_pages_are_public_and_linked_from_every_page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert f'href="{path}"' in text(client.get("/connexion"))


def test_the_privacy_page_gives_the_configured_retention(app, client):
    app.config.update(RETENTION_DOSSIER_YEARS=7, RETENTION_LOG_DAYS=90)
    page = text(client.get("/donnees-personnelles"))
    assert "7 ans après la dernière modification du dossier" in page and "90 jours" in page
    for who in ("Membres des équipes", "Contacts et représentants légaux", "Inspecteurs"):
        assert who in page


def test_a_member_downloads_his_data(filled, ctx):
    response = filled.member.get("/compte/mes-donnees.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "agent@mairie.example.fr"
    assert data["account"]["name"] == "Karim Benali"
    assert data["collectivites"][0]["name"] == "Commune de Saint-Exemple"
    assert {c["part"] for c in data["changes"]} >= {"school", "line"}


def test_the_sole_member_cannot_close_and_is_told_why(filled, ctx):
    response = filled.member.post("/compte/fermer", {"confirm": "y", "password": "motdepasse-solide"})
    assert response.status_code == 422
    assert "seul membre de : Commune de Saint-Exemple" in text(response)
    with database() as session:
        assert session.scalar(sa.select(User.active).where(User.email == "agent@mairie.example.fr"))


def test_closing_keeps_dossiers_and_history_under_a_pseudonym(filled, colleague, ctx):
    password = "motdepasse-solide"
    assert filled.member.post("/compte/fermer", {"confirm": "", "password": password}).status_code == 422
    # The checkbox alone, or a wrong password, closes nothing.
    assert filled.member.post("/compte/fermer", {"confirm": "y"}).status_code == 422
    refused = filled.member.post("/compte/fermer", {"confirm": "y", "password": "pas-le-bon"})
    assert refused.status_code == 422 and "Mot de passe incorrect" in text(refused)
    response = filled.member.post("/compte/fermer", {"confirm": "y", "password": password})
    assert response.status_code == 302
    with database() as session:
        user = session.scalar(sa.select(User).where(User.name.like("Compte fermé n° %")))
        assert user is not None and not user.active and "mairie" not in user.email
        assert not user.memberships
        assert session.scalar(
            sa.select(sa.func.count()).select_from(ChangeLog).where(ChangeLog.user_id == user.id)
        )
        assert session.get(DossierRecord, filled.dossier_id) is not None
    signin = filled.member.post(
        "/connexion", {"email": "agent@mairie.example.fr", "password": "motdepasse-solide"}
    )
    assert signin.status_code != 302
    assert filled.member.get("/compte").status_code == 302  # signed out


def test_purge_removes_old_sign_in_attempts_only(app, ctx):
    from datetime import timedelta

    from models import LoginAttempt
    from models.base import utcnow
    from services import privacy

    with database() as session:
        session.add_all([LoginAttempt(key="old", at=utcnow() - timedelta(days=400)), LoginAttempt(key="new")])
        session.commit()
        assert privacy.purge(utcnow(), 365)["login_attempts"] == 1
        session.commit()
        assert session.scalars(sa.select(LoginAttempt.key)).all() == ["new"]


def test_an_account_with_a_second_factor_closes_with_its_code(filled, colleague, app, ctx):
    from tests.twofactor import code_now, enrol

    enrol(app, "agent@mairie.example.fr")
    page = text(filled.member.get("/compte"))
    assert 'name="code"' in page and 'name="password"' in page
    data = {"confirm": "y", "password": "motdepasse-solide"}
    assert filled.member.post("/compte/fermer", data).status_code == 422  # no code
    assert filled.member.post("/compte/fermer", {**data, "code": "000000"}).status_code == 422
    response = filled.member.post(
        "/compte/fermer", {**data, "code": code_now(app, "agent@mairie.example.fr")}
    )
    assert response.status_code == 302
    with database() as session:
        assert session.scalar(sa.select(User.active).where(User.email == "agent@mairie.example.fr")) is None
