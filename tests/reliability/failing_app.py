"""The application with one more route, for the tests that start a real server: it writes to the
database, then fails as a bug would (an export that cannot be written, a missing value)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint

from app import create_app
from models import User, db
from web.access import policy

bp = Blueprint("failing", __name__)


@bp.route("/_test/ecrit-puis-echoue")
@policy("public")
def write_then_fail():
    db.session.execute(sa.update(User).values(locale="fr"))
    db.session.flush()  # the write lock of SQLite is taken here
    raise RuntimeError("a bug after the write")


@bp.route("/_test/ecriture-refusee")
@policy("public")
def refused_write():
    email = db.session.scalar(sa.select(User.email).limit(1))
    db.session.add(User(email=email, name="Doublon", password_hash="x"))
    db.session.flush()  # IntegrityError: the session's transaction is now failed


def create():
    app = create_app()
    app.register_blueprint(bp)
    return app
