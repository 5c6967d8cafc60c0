"""Deactivating an account and signing out end its sessions everywhere (issue 13, item 1): the
inspector's browser that was open when the administrator deactivated the account can no longer
read, download or act; signing out on one device signs out every device."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import Avis, DossierRecord, User, db

from .conftest import PASSWORD, make_person, sign_in


@pytest.fixture
def admin(app, actor):
    person = make_person(app, actor, "admin@ecole-numerique.example.fr", "Ada Admin")
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.email == person.email)).is_admin = True
        db.session.commit()
    return person


def _deactivate(cast, admin, person) -> None:
    response = admin.post(f"/admin/inspecteurs/{cast.user_id(person)}/activation")
    assert response.status_code == 302
    with cast.app.app_context():
        assert db.session.get(User, cast.user_id(person)).active is False


def _signed_out(response) -> bool:
    return response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_a_deactivated_inspector_s_open_session_can_no_longer_read_download_or_act(app, cast, admin):
    cast.deposit()
    ien, dasen = cast.ien, cast.dasen
    # The sessions work before.
    assert ien.get("/inspection/").status_code == 200
    assert ien.get("/inspection/export.csv").status_code == 200
    assert ien.get(cast.wizard("/fichiers/dossier.json")).status_code == 200
    _deactivate(cast, admin, ien)
    _deactivate(cast, admin, dasen)
    for url in ("/inspection/", "/inspection/export.csv", cast.wizard("/fichiers/dossier.json"), cast.url()):
        assert _signed_out(ien.get(url)), url
        assert _signed_out(dasen.get(url)), url
    assert _signed_out(ien.post(cast.url("/avis"), {"value": "favorable", "motivation": "Très bien."}))
    assert _signed_out(ien.post(cast.url("/etat"), {"action": "instruct"}))
    assert _signed_out(dasen.post(cast.url("/decision"), {"action": "refuse", "reason": "Non."}))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Avis.id))) == 0
        assert db.session.get(DossierRecord, cast.dossier_id).state == "depose"


def test_reactivating_does_not_revive_the_old_session(app, cast, admin):
    _deactivate(cast, admin, cast.ien)
    assert admin.post(f"/admin/inspecteurs/{cast.user_id(cast.ien)}/activation").status_code == 302
    assert _signed_out(cast.ien.get("/inspection/"))


def test_a_deactivated_account_cannot_sign_in_again(app, cast, admin, actor):
    _deactivate(cast, admin, cast.ien)
    again = actor(cast.ien.email)
    response = again.post("/connexion", data={"email": again.email, "password": PASSWORD})
    assert response.status_code == 200
    assert _signed_out(again.get("/inspection/"))


def test_signing_out_ends_the_session_on_every_device(app, actor):
    laptop = make_person(app, actor, "agent@ville.example.fr", "Agent")
    phone = actor("agent@ville.example.fr")
    sign_in(phone)
    sign_in(laptop)
    assert phone.get("/collectivites/nouvelle").status_code == 200
    assert laptop.post("/deconnexion").status_code == 302
    assert _signed_out(phone.get("/collectivites/nouvelle"))
    assert _signed_out(laptop.get("/collectivites/nouvelle"))
    # and a new sign-in works
    sign_in(phone)
    assert phone.get("/collectivites/nouvelle").status_code == 200


def test_a_copied_cookie_dies_with_the_sign_out(app, actor):
    person = make_person(app, actor, "agent@ville.example.fr", "Agent")
    sign_in(person)
    copy = actor("agent@ville.example.fr")
    cookie = person.client.get_cookie("session")
    copy.client.set_cookie("session", cookie.value, domain="localhost")
    assert copy.get("/collectivites/nouvelle").status_code == 200
    person.post("/deconnexion")
    assert _signed_out(copy.get("/collectivites/nouvelle"))
