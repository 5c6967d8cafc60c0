"""Fixtures: the application on a real database (SQLite file, or DATABASE_URL's PostgreSQL),
migrated once with Alembic and emptied between tests; a helper that acts as a user."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

# Tasks run in the calling process unless a test starts a real worker (tasks/__init__.py).
os.environ.setdefault("TASK_QUEUE_IMMEDIATE", "1")

from app import create_app
from models import db

EXAMPLES = Path(__file__).parent / "examples"


def _database_url(tmp_dir: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        from web.config import database_url

        return database_url(tmp_dir)
    return f"sqlite:///{tmp_dir / 'test.db'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("app")
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp),
            "SERVER_NAME": "localhost",
            "MAIL_SERVER": "",
            "LOGIN_LIMIT": 1000,
            "UPLOAD_FOLDER": str(tmp / "uploads"),
            # A LibreOffice rendering per Word download: only the test of it asks for one.
        }
    )
    with application.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        from flask_migrate import upgrade

        upgrade()
    return application


@pytest.fixture(autouse=True)
def _clean_database(request):
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    yield
    with application.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app
        db.session.rollback()


@pytest.fixture
def client(app):
    return app.test_client()


class Actor:
    """A person using the application through the test client."""

    def __init__(self, app, email: str, name: str = "Agent"):
        self.app, self.email, self.name = app, email, name
        self.client = app.test_client()

    def signup(self, password: str = "motdepasse-solide"):
        return self.client.post(
            "/inscription",
            data={"name": self.name, "email": self.email, "password": password, "confirm": password},
        )

    def create_organisation(
        self,
        name="Commune de Saint-Exemple",
        departement="71",
        kind="commune",
        siret="21710112000012",
        insee="71412",
    ):
        return self.client.post(
            "/collectivites/nouvelle",
            data={"name": name, "kind": kind, "siret": siret, "insee": insee, "departement": departement},
        )

    def create_dossier(self, org_id: int, title="Dossier 2021") -> int:
        response = self.client.post(f"/collectivites/{org_id}/dossiers", data={"title": title})
        match = re.search(r"/dossiers/(\d+)/", response.headers.get("Location", ""))
        assert match, response.get_data(as_text=True)[:500]
        return int(match.group(1))

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def post(self, url, data=None, **kw):
        return self.client.post(url, data=data or {}, **kw)


@pytest.fixture
def actor(app):
    def make(email: str, name: str = "Agent") -> Actor:
        return Actor(app, email, name)

    return make


@pytest.fixture
def team(app, actor):
    """A signed-up member of a collectivité with one empty dossier: (actor, org_id, dossier_id)."""
    member = actor("agent@mairie.example.fr", "Karim Benali")
    member.signup()
    member.create_organisation()
    with app.app_context():
        from models import Organisation

        org_id = db.session.scalar(sa.select(Organisation.id))
    dossier_id = member.create_dossier(org_id)
    return member, org_id, dossier_id
