"""The second factor in tests: enrol an account's authenticator (as the person would, once), and
compute the code their phone would show. Nothing here switches the second factor off."""

from __future__ import annotations

import re

import pyotp
import sqlalchemy as sa

from models import User, db

SECRET_IN_PAGE = re.compile(r'<code id="totp-secret"[^>]*>([A-Z2-7 ]+)</code>')


def enrol(app, email: str) -> str:
    """Give the account an authenticator (its secret, returned)."""
    secret = pyotp.random_base32()
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        user.totp_secret, user.totp_last_step = secret, None
        db.session.commit()
    return secret


def code_now(app, email: str) -> str:
    """The code the person's authenticator shows now (the last accepted step is forgotten, so a
    test may sign the same person in twice within 30 seconds)."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        user.totp_last_step = None
        db.session.commit()
        return pyotp.TOTP(user.totp_secret).now()


def secret_of_page(html: str) -> str:
    """The key shown on the enrolment page."""
    match = SECRET_IN_PAGE.search(html)
    assert match, html[:3000]
    return match.group(1).replace(" ", "")


def pass_second_factor(app, client, email: str, response):
    """After the password: the enrolment or the code, whichever the application asks for."""
    location = response.headers.get("Location", "")
    if location.endswith("/connexion/code"):
        return client.post("/connexion/code", data={"code": code_now(app, email)})
    if location.endswith("/connexion/activation"):
        secret = secret_of_page(client.get("/connexion/activation").get_data(as_text=True))
        return client.post("/connexion/activation", data={"code": pyotp.TOTP(secret).now()})
    return response
