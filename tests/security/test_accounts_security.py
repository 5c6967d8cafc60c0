"""Sign-in and reset limits kept in the database, and the password reset by an e-mailed link
that expires, serves once and ends the account's other sessions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from models import LoginAttempt, PasswordReset, User, db
from models.base import utcnow

from .browser import sign_in, submit
from .world import PASSWORD

EMAIL = "member-a@example.fr"
NEW_PASSWORD = "un-tout-nouveau-secret"


@pytest.fixture
def outbox(monkeypatch):
    """The e-mails the application sends, kept instead of sent."""
    sent = []
    monkeypatch.setattr(
        "web.auth.send_mail", lambda to, subject, body: sent.append((to, subject, body)) or True
    )
    return sent


def _fail_sign_ins(client, count: int) -> None:
    for _ in range(count):
        assert sign_in(client, EMAIL, "pas-le-bon-mot-de-passe").status_code == 200


def test_sign_in_is_refused_after_too_many_failures_even_with_the_right_password(csrf_app, world):
    limit = csrf_app.config["LOGIN_LIMIT"]
    client = csrf_app.test_client()
    _fail_sign_ins(client, limit)
    response = sign_in(client, EMAIL, PASSWORD)
    assert response.status_code == 429
    assert "QZALPHA" not in client.get("/").get_data(as_text=True)  # not signed in


def test_the_limit_is_kept_in_the_database_so_every_process_applies_it(app, csrf_app, world, monkeypatch):
    """Failures counted by one application instance stop sign-ins on another (another engine,
    as another gunicorn worker would have)."""
    _fail_sign_ins(csrf_app.test_client(), csrf_app.config["LOGIN_LIMIT"])
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(LoginAttempt.id))) >= csrf_app.config["LOGIN_LIMIT"]
    monkeypatch.setitem(app.config, "LOGIN_LIMIT", csrf_app.config["LOGIN_LIMIT"])
    response = app.test_client().post("/connexion", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 429


def test_old_failures_no_longer_count(app, csrf_app, world):
    _fail_sign_ins(csrf_app.test_client(), csrf_app.config["LOGIN_LIMIT"])
    with app.app_context():
        db.session.execute(
            sa.update(LoginAttempt).values(
                at=utcnow() - timedelta(minutes=csrf_app.config["LOGIN_WINDOW_MINUTES"] + 1)
            )
        )
        db.session.commit()
    assert sign_in(csrf_app.test_client(), EMAIL, PASSWORD).status_code == 302


def test_reset_requests_are_limited_too(csrf_app, world, outbox):
    client = csrf_app.test_client()
    for _ in range(csrf_app.config["LOGIN_LIMIT"]):
        assert submit(client, "/mot-de-passe-oublie", {"email": EMAIL}).status_code == 302
    assert submit(client, "/mot-de-passe-oublie", {"email": EMAIL}).status_code == 429
    assert len(outbox) == csrf_app.config["LOGIN_LIMIT"]


def _reset_link(csrf_app, outbox) -> str:
    assert submit(csrf_app.test_client(), "/mot-de-passe-oublie", {"email": EMAIL}).status_code == 302
    to, _subject, body = outbox[-1]
    assert to == EMAIL
    return re.search(r"https?://\S+/mot-de-passe/\S+", body).group(0).split("localhost", 1)[1]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(csrf_app, world, outbox):
    response = submit(csrf_app.test_client(), "/mot-de-passe-oublie", {"email": "personne@example.fr"})
    assert response.status_code == 302 and response.headers["Location"] == "/connexion"
    assert outbox == []


def test_the_reset_link_changes_the_password_once(app, csrf_app, world, outbox):
    link = _reset_link(csrf_app, outbox)
    client = csrf_app.test_client()
    assert submit(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert sign_in(csrf_app.test_client(), EMAIL, NEW_PASSWORD).status_code == 302
    assert sign_in(csrf_app.test_client(), EMAIL, PASSWORD).status_code == 200  # the old one no longer works
    assert client.get(link).status_code == 404  # used
    with app.app_context():
        tokens = db.session.scalars(sa.select(PasswordReset.token_hash)).all()
    assert link.rsplit("/", 1)[1] not in tokens  # kept hashed: a copy of the database opens no account


def test_an_expired_reset_link_is_refused(app, csrf_app, world, outbox):
    link = _reset_link(csrf_app, outbox)
    assert csrf_app.test_client().get(link).status_code == 200
    with app.app_context():
        db.session.execute(sa.update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    client = csrf_app.test_client()
    response = client.get(link)
    assert response.status_code == 404
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code in (
        400,
        404,
    )
    assert sign_in(csrf_app.test_client(), EMAIL, PASSWORD).status_code == 302


def test_a_reset_link_lasts_an_hour(app, csrf_app, world, outbox):
    _reset_link(csrf_app, outbox)
    with app.app_context():
        expires = db.session.scalars(
            sa.select(PasswordReset.expires_at).order_by(PasswordReset.id.desc())
        ).first()
    assert timedelta(minutes=59) < expires - utcnow() <= timedelta(hours=1)


def test_changing_the_password_ends_the_other_sessions(app, csrf_app, world, outbox):
    elsewhere = csrf_app.test_client()
    assert sign_in(elsewhere, EMAIL, PASSWORD).status_code == 302
    assert "QZALPHA" in elsewhere.get("/").get_data(as_text=True)
    link = _reset_link(csrf_app, outbox)
    submit(csrf_app.test_client(), link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert "QZALPHA" not in elsewhere.get("/").get_data(as_text=True)
    assert elsewhere.get(f"/dossiers/{world.dossiers['A']}/recap").status_code == 302
    with app.app_context():
        assert db.session.get(User, world.users["member_a"]).session_version == 2


def test_other_pending_reset_links_die_with_the_password_change(csrf_app, world, outbox):
    first, second = _reset_link(csrf_app, outbox), _reset_link(csrf_app, outbox)
    submit(csrf_app.test_client(), second, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert csrf_app.test_client().get(first).status_code == 404
