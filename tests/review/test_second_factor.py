"""Two-factor authentication for inspectors and administrators (issue 13, item 10): enrolment at
the first sign-in (QR code, key, a first code, ten recovery codes), then a code at each sign-in;
a code serves once; recovery codes serve once; guessing is limited; a session without the second
factor is no session; an administrator, or the command line for an administrator, resets it."""

from __future__ import annotations

import re
from html import unescape

import pyotp
import pytest
import sqlalchemy as sa

from models import AdminAction, RecoveryCode, User, db
from tests.twofactor import code_now, enrol, secret_of_page

from .conftest import PASSWORD, make_person

INSPECTOR = "ines@ac-dijon.example.fr"


@pytest.fixture
def inspector(app, actor):
    """An inspector whose account was just opened: a password, no authenticator yet."""
    make_person(app, actor, INSPECTOR, "Inès Martin", "ien", ("71",))
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == INSPECTOR))
        user.totp_secret = None
        db.session.commit()
    return actor(INSPECTOR, "Inès Martin")  # a browser that is not signed in


def _user(app, email: str = INSPECTOR) -> User:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def _password(person):
    return person.post("/connexion", {"email": person.email, "password": PASSWORD})


def _signed_out(response) -> bool:
    return response.status_code == 302 and "/connexion" in response.headers["Location"]


def _enrol_through_the_pages(person) -> tuple[str, list[str]]:
    assert _password(person).headers["Location"].endswith("/connexion/activation")
    page = person.get("/connexion/activation")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in html and 'class="qr-code"' in html
    secret = secret_of_page(html)
    assert pyotp.TOTP(secret).provisioning_uri(name=INSPECTOR, issuer_name="École numérique")
    done = person.post("/connexion/activation", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = re.findall(r"<li><code[^>]*>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", done.get_data(as_text=True))
    return secret, codes


def test_an_inspector_enrols_at_the_first_sign_in(app, inspector):
    response = _password(inspector)
    assert response.headers["Location"].endswith("/connexion/activation")
    # The password alone signs nobody in.
    assert _signed_out(inspector.get("/inspection/"))
    inspector.get("/connexion/activation")
    assert inspector.post("/connexion/activation", {"code": "000000"}).status_code == 422
    secret, codes = _enrol_through_the_pages(inspector)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert inspector.get("/inspection/").status_code == 200
    user = _user(app)
    assert user.totp_secret == secret
    with app.app_context():
        stored = db.session.scalars(sa.select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)  # kept hashed


def test_a_wrong_code_at_enrolment_is_named_and_nothing_is_saved(app, inspector):
    _password(inspector)
    inspector.get("/connexion/activation")
    response = inspector.post("/connexion/activation", {"code": "12345"})
    assert response.status_code == 422
    assert "Code incorrect" in unescape(response.get_data(as_text=True))
    assert _user(app).totp_secret is None


def test_then_a_code_is_asked_at_each_sign_in_and_serves_once(app, actor, inspector):
    secret, _codes = _enrol_through_the_pages(inspector)
    inspector.post("/deconnexion")
    assert _password(inspector).headers["Location"].endswith("/connexion/code")
    assert _signed_out(inspector.get("/inspection/"))
    assert inspector.post("/connexion/code", {"code": "000000"}).status_code == 422
    assert _user(app).totp_secret == secret
    step_before = _user(app).totp_last_step
    code = code_now(app, INSPECTOR)  # 30 seconds later: the enrolment's code has served
    response = inspector.post("/connexion/code", {"code": code})
    assert response.status_code == 302 and inspector.get("/inspection/").status_code == 200
    assert _user(app).totp_last_step >= step_before - 1
    # The same code, seen over a shoulder, does not open a second session.
    thief = actor(INSPECTOR)
    assert _password(thief).headers["Location"].endswith("/connexion/code")
    assert thief.post("/connexion/code", {"code": code}).status_code == 422
    assert _signed_out(thief.get("/inspection/"))


def test_a_recovery_code_replaces_the_phone_once(app, actor, inspector):
    _secret, codes = _enrol_through_the_pages(inspector)
    inspector.post("/deconnexion")
    _password(inspector)
    response = inspector.post(
        "/connexion/code", {"code": codes[3].upper().replace("-", " ")}, follow_redirects=True
    )
    assert "Il vous en reste 9" in unescape(response.get_data(as_text=True))
    assert inspector.get("/inspection/").status_code == 200
    again = actor(INSPECTOR)
    _password(again)
    assert again.post("/connexion/code", {"code": codes[3]}).status_code == 422


def test_guessing_codes_is_limited(app, inspector, monkeypatch):
    _enrol_through_the_pages(inspector)
    inspector.post("/deconnexion")
    monkeypatch.setitem(app.config, "LOGIN_LIMIT", 3)
    _password(inspector)
    statuses = [inspector.post("/connexion/code", {"code": f"{n:06d}"}).status_code for n in range(3)]
    assert statuses == [422, 422, 422]
    assert inspector.post("/connexion/code", {"code": code_now(app, INSPECTOR)}).status_code == 429


def test_a_member_of_a_collectivite_signs_in_with_the_password_only(app, actor):
    person = make_person(app, actor, "agent@ville.example.fr", "Agent")
    browser = actor(person.email)
    response = _password(browser)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert browser.get("/collectivites/nouvelle").status_code == 200


def test_a_session_without_the_second_factor_is_no_session(app, actor, inspector):
    enrol(app, INSPECTOR)
    forged = actor(INSPECTOR)
    with forged.client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = f"{_user(app).id}:1", True  # the password only
    assert _signed_out(forged.get("/inspection/"))
    assert _signed_out(forged.get("/inspection/"))  # and it stays out


def test_an_administrator_resets_a_lost_device_and_it_is_logged(app, actor, inspector):
    _enrol_through_the_pages(inspector)
    admin = make_person(app, actor, "admin@ecole-numerique.example.fr", "Ada Admin")
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.email == admin.email)).is_admin = True
        db.session.commit()
    listing = unescape(admin.get("/admin/inspecteurs").get_data(as_text=True))
    assert "activée" in listing
    response = admin.post(f"/admin/inspecteurs/{_user(app).id}/double-authentification")
    assert response.status_code == 302
    assert _user(app).totp_secret is None
    assert _signed_out(inspector.get("/inspection/"))  # the sessions ended with it
    assert _password(inspector).headers["Location"].endswith("/connexion/activation")
    with app.app_context():
        [entry] = db.session.scalars(
            sa.select(AdminAction).where(AdminAction.action == "second_factor_reset")
        )
        assert (entry.actor_label, entry.target_label) == (admin.email, INSPECTOR)


def test_the_command_line_resets_an_administrator_s_second_factor(app, actor):
    admin = make_person(app, actor, "admin@ecole-numerique.example.fr", "Ada Admin")
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.email == admin.email)).is_admin = True
        db.session.commit()
    enrol(app, admin.email)
    result = app.test_cli_runner().invoke(args=["user", "reset-2fa", admin.email])
    assert result.exit_code == 0, result.output
    assert _user(app, admin.email).totp_secret is None
    assert _signed_out(admin.get("/admin/inspecteurs"))
    assert _password(actor(admin.email)).headers["Location"].endswith("/connexion/activation")
    with app.app_context():
        [entry] = db.session.scalars(
            sa.select(AdminAction).where(AdminAction.action == "second_factor_reset")
        )
        assert entry.actor_label == "ligne de commande" and entry.actor_id is None
    unknown = app.test_cli_runner().invoke(args=["user", "reset-2fa", "personne@example.fr"])
    assert unknown.exit_code != 0 and "personne@example.fr" in unknown.output


def test_the_enrolment_stays_in_the_language_the_person_reads(app, inspector):
    """A French account, an English browser: the activation and the recovery codes in English."""
    assert _user(app).locale in (None, "fr")
    english = {"Accept-Language": "en"}
    client = inspector.client
    response = client.post("/connexion", data={"email": INSPECTOR, "password": PASSWORD}, headers=english)
    assert response.headers["Location"].endswith("/connexion/activation")
    page = client.get("/connexion/activation", headers=english).get_data(as_text=True)
    assert '<html lang="en"' in page
    done = client.post(
        "/connexion/activation", data={"code": pyotp.TOTP(secret_of_page(page)).now()}, headers=english
    )
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and '<html lang="en"' in html
    assert client.get("/inspection/", headers=english).get_data(as_text=True).count('<html lang="en"') == 1
