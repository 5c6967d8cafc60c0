"""The review's cast: a collectivité of Saône-et-Loire (71) with a dossier that can be deposited,
its neighbour, inspectors of 71 (an IEN and an IA-DASEN) and of Hauts-de-Seine (92), and an SMTP
sink on loopback that receives the e-mails."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyotp
import pytest
import sqlalchemy as sa

from models import DossierRecord, InspectorScope, Organisation, SchoolRecord, User, db
from tests.grants import factories
from tests.twofactor import pass_second_factor

from .smtp_sink import SmtpSink

PASSWORD = "motdepasse-solide"


def sign_in(person, password: str = PASSWORD) -> None:
    """Through the sign-in form, then the second factor when the account has one."""
    response = person.post("/connexion", data={"email": person.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    response = pass_second_factor(person.app, person.client, person.email, response)
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:500]


@cache
def password_hash() -> str:
    """One hash for every account of the tests (hashing is slow on purpose)."""
    from services.passwords import hash_password

    return hash_password(PASSWORD)


def make_person(
    app, actor, email: str, name: str, level: str | None = None, departements: tuple[str, ...] = ()
):
    """An account (an inspector's when a level is given, with an authenticator enrolled), signed
    in through its session (its second factor passed)."""
    with app.app_context():
        user = User(
            email=email,
            name=name,
            password_hash=password_hash(),
            inspector_level=level,
            scopes=[InspectorScope(departement=d) for d in departements],
            totp_secret=pyotp.random_base32() if level else None,
        )
        db.session.add(user)
        db.session.commit()
        user_id = user.id
    person = actor(email, name)
    with person.client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = f"{user_id}:1", True
        session["second_factor"] = True
    return person


def make_inspector(app, actor, email: str, name: str, level: str, departements: list[str]):
    """An inspector's account, signed in."""
    return make_person(app, actor, email, name, level, tuple(departements))


def import_dossier(app, org_id: int, title: str = "Socle numérique 2021", **changes) -> int:
    """A complete, depositable practice dossier stored in the collectivité's account."""
    from services.dossiers import import_dossier as store

    with app.app_context():
        org = db.session.get(Organisation, org_id)
        rec = store(org, None, factories.dossier(**changes), title, practice=True)
        db.session.commit()
        return rec.id


def record(app, dossier_id: int) -> DossierRecord:
    with app.app_context():
        rec = db.session.get(DossierRecord, dossier_id)
        db.session.expunge(rec)
        return rec


@dataclass
class Cast:
    """Everyone of a review, and the dossier under review."""

    app: object
    team: object
    org_id: int
    dossier_id: int
    neighbour: object
    ien: object
    dasen: object
    far: object

    def url(self, tail: str = "") -> str:
        return f"/inspection/dossiers/{self.dossier_id}{tail}"

    def wizard(self, tail: str = "") -> str:
        return f"/dossiers/{self.dossier_id}{tail}"

    def share(self) -> None:
        self.set_practice(False)  # a real dossier's share (the inspectors are not told of practice ones)
        assert self.team.post(self.wizard("/partage"), {"shared": "1"}).status_code == 302

    def deposit(self) -> None:
        # The 2021 call is closed: only a practice dossier may still be deposited. The review
        # is about a real one, so the dossier is practice for the deposit alone.
        # Its news are a real dossier's (a practice one's are marked and not sent to the inspectors).
        from unittest import mock

        from services import notify

        self.set_practice(True)
        with mock.patch.object(notify, "_practice", lambda rec: False):
            response = self.team.post(self.wizard("/deposer"), {"certify": "1"})
        assert response.status_code == 302, response.get_data(as_text=True)[:3000]
        self.set_practice(False)

    def set_practice(self, practice: bool) -> None:
        with self.app.app_context():
            db.session.execute(
                sa.update(DossierRecord).where(DossierRecord.id == self.dossier_id).values(practice=practice)
            )
            db.session.commit()

    def state(self) -> str:
        return record(self.app, self.dossier_id).state

    def user_id(self, person) -> int:
        with self.app.app_context():
            return db.session.scalar(sa.select(User.id).where(User.email == person.email))


CIRCONSCRIPTION = "MACON NORD"


def give_circonscription(app, email: str, departement: str, name: str) -> None:
    """The IEN inspects this circonscription (the administrator's setting)."""
    from services.inspectors import set_circonscriptions

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        set_circonscriptions(user, [(departement, name)])
        db.session.commit()


def place_schools(app, dossier_id: int, circonscription: str) -> None:
    """The dossier's schools belong to this circonscription (as the directory says)."""
    with app.app_context():
        db.session.execute(
            sa.update(SchoolRecord)
            .where(SchoolRecord.dossier_id == dossier_id)
            .values(circonscription=circonscription)
        )
        db.session.commit()


@pytest.fixture
def cast(app, actor, team) -> Cast:
    member, org_id, _empty = team
    neighbour = make_person(app, actor, "agent@ville-voisine.example.fr", "Agent voisin")
    neighbour.create_organisation(name="Ville Voisine", siret="21710113000011", insee="71413")
    dossier_id = import_dossier(app, org_id)
    place_schools(app, dossier_id, CIRCONSCRIPTION)
    ien = make_inspector(app, actor, "ien@ac-dijon.example.fr", "Inès IEN", "ien", ["71"])
    give_circonscription(app, ien.email, "71", CIRCONSCRIPTION)
    return Cast(
        app,
        member,
        org_id,
        dossier_id,
        neighbour,
        ien,
        make_inspector(app, actor, "dasen@ac-dijon.example.fr", "Denis DASEN", "dasen", ["71", "21"]),
        make_inspector(app, actor, "ien@ac-versailles.example.fr", "Victor IEN", "ien", ["92"]),
    )


@pytest.fixture(scope="session")
def smtp_server():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def smtp(app, smtp_server):
    """The sink, emptied, with the application sending to it for the duration of the test."""
    smtp_server.messages.clear()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    yield smtp_server
    app.config.update(MAIL_SERVER="", MAIL_PORT=25)
