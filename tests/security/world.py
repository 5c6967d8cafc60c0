"""The fixture world of the trust tests: two collectivités, their dossiers, inspectors of two
départements, an administrator, and a value for every URL variable of the application.

A new route with a URL variable this file does not know makes the access matrix fail: add the
variable to `_dossier_values` (when it names something of a dossier) or `_global_values`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from flask import Flask
from flask.testing import FlaskClient

from grants.call import get_call
from grants.loader import dossier_from_data
from models import (
    Comment,
    CommentThread,
    DossierRecord,
    InboxView,
    InspectorScope,
    Job,
    Notification,
    Organisation,
    OutboxMail,
    User,
    db,
)
from models.base import utcnow
from services import accounts, sessions, workflow
from services.cofunding import add_cofunder
from services.dossiers import import_dossier, refresh
from services.passwords import hash_password
from tests.conftest import EXAMPLES

X, Y = "71", "69"  # the départements of collectivité A and of collectivité B
PASSWORD = "motdepasse-solide"
# A word found only in one dossier's texts: a page showing it shows that dossier.
MARKERS = {"A": "QZALPHA", "A2": "QZBROUILLON", "B": "QZBETA"}


@dataclass(frozen=True)
class Role:
    """Who is knocking: what the access rules need to know about them."""

    name: str
    signed_in: bool = True
    org: str | None = None
    level: str | None = None
    departement: str | None = None
    admin: bool = False

    @property
    def inspector(self) -> bool:
        return self.level is not None

    @property
    def decider(self) -> bool:
        return self.level in ("dasen", "dan")


ROLES = (
    Role("anonymous", signed_in=False),
    Role("member_a", org="A"),
    Role("member_b", org="B"),
    Role("ien_x", level="ien", departement=X),
    Role("ien_y", level="ien", departement=Y),
    Role("dasen_x", level="dasen", departement=X),
    Role("admin", admin=True),
)
ROLE = {r.name: r for r in ROLES}


@dataclass(frozen=True)
class Target:
    """The resource a URL points at: whose it is and whether inspectors see it."""

    name: str
    org: str
    departement: str
    inspectors_see: bool
    editable: bool


TARGETS = {
    "A": Target("A", "A", X, inspectors_see=True, editable=False),  # shared, then deposited
    "A2": Target("A2", "A", X, inspectors_see=False, editable=True),  # a draft kept to the team
    "B": Target("B", "B", Y, inspectors_see=True, editable=True),  # a draft shared with inspection
}
# The URL variables that name a dossier or something in it, and the dossiers that have one.
EVERY = ("A", "A2", "B")
DOSSIER_VARIABLES = {
    "dossier_id": EVERY,
    "step": EVERY,
    "school_id": EVERY,
    "line_id": EVERY,
    "funder_id": EVERY,
    "thread_id": EVERY,
    "comment_id": EVERY,
    "piece_id": EVERY,
    "number": ("A",),
    "rank": ("A",),  # a piece of a deposit: n° 1 of its list
    "old": ("A",),
    "new": ("A",),
}
# URL variables naming something of one person (their notification): each role gets their own.
OWNED_VARIABLES = ("notification_id", "job_id", "view_id")
# What a request needs besides its URL to reach the view's own checks (a place to comment).
REQUEST_EXTRAS: dict[str, dict] = {
    "review.new_thread": {"query_string": {"kind": "section", "ref": "projet"}},
    "review.open_thread": {"data": {"kind": "section", "ref": "projet"}},
}
ORG_A = Target("org A", "A", X, inspectors_see=False, editable=True)


def sees(role: Role, target: Target) -> bool:
    """Whether the role may read the target (the rule of web/access.can_view)."""
    member = role.org == target.org
    return member or (role.inspector and role.departement == target.departement and target.inspectors_see)


@dataclass
class World:
    users: dict[str, int] = field(default_factory=dict)
    orgs: dict[str, int] = field(default_factory=dict)
    dossiers: dict[str, int] = field(default_factory=dict)
    values: dict[str, dict[str, object]] = field(default_factory=dict)
    globals: dict[str, object] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    owned: dict[str, dict[str, int]] = field(default_factory=dict)
    memberships: dict[str, int] = field(default_factory=dict)
    mail_id: int = 0

    def renew_tokens(self, app: Flask) -> None:
        """A fresh invitation to collectivité A and password reset of member A (both are single-use)."""
        with app.app_context():
            org = db.session.get(Organisation, self.orgs["A"])
            member = db.session.get(User, self.users["member_a"])
            invitation, self.tokens["invitation"] = accounts.invite(org, member, "nouveau@example.fr")
            self.tokens["reset"] = accounts.start_reset(member)
            if "session_id" not in self.tokens:  # a session of the call, with the call's own dates
                call = get_call("snee-2021")
                published = sessions.publish(call.id, "Session de test", call.opens, call.closes, None)
                self.tokens["session_id"] = str(published.id)
            db.session.commit()
            self.globals = _global_values(self, invitation.id)

    def client(self, app: Flask, role: str) -> FlaskClient:
        """A test client signed in as the role (by its session, without the password's cost)."""
        client = app.test_client()
        if ROLE[role].signed_in:
            with client.session_transaction() as session:
                session["_user_id"] = f"{self.users[role]}:1"
                session["_fresh"] = True
                session["second_factor"] = True  # inspectors and the administrator passed it
        return client


@cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


def _user(role: Role) -> User:
    user = User(
        email=f"{role.name.replace('_', '-')}@example.fr",
        name=f"Personne {role.name}",
        password_hash=_password_hash(),
        inspector_level=role.level,
        is_admin=role.admin,
    )
    if role.departement:
        user.scopes = [InspectorScope(departement=role.departement)]
    db.session.add(user)
    db.session.flush()
    return user


def _example(marker: str, departement: str):
    data = json.loads((EXAMPLES / "petite-commune.json").read_text())
    data["collectivite"]["departement"] = departement
    for school in data["schools"]:
        school["name"] = f"École {marker}"
    data["project"]["summary"] = f"Projet {marker}"
    return dossier_from_data(data)


def _dossier(org, user: User, key: str) -> DossierRecord:
    target = TARGETS[key]
    rec = import_dossier(
        org, user, _example(MARKERS[key], target.departement), f"Dossier {MARKERS[key]}", practice=True
    )
    add_cofunder(
        rec,
        user,
        {
            "funder": f"Département {MARKERS[key]}",
            "kind": "departement",
            "amount": Decimal("100.00"),
            "status": "requested",
            "rate": None,
            "base": None,
        },
    )
    # A piece attached (a one-page PDF), so that its download is in the matrix too.
    from grants.call import get_call
    from services.attachments import add as attach
    from tests.web.pdfs import one_page_pdf

    attach(rec, user, "deliberation", f"deliberation-{key}.pdf", one_page_pdf(), get_call(rec.call_id))
    refresh(rec, user)
    return rec


def build_world(app: Flask) -> World:
    """Create the world in the database of `app` and return its identifiers."""
    world = World()
    with app.app_context():
        users = {role.name: _user(role) for role in ROLES if role.signed_in}
        org_a = accounts.create_organisation(
            users["member_a"], "Commune A", "commune", "21710112000012", "71412", X
        )
        org_b = accounts.create_organisation(users["member_b"], "Commune B", "commune", "", "69123", Y)
        recs = {
            "A": _dossier(org_a, users["member_a"], "A"),
            "A2": _dossier(org_a, users["member_a"], "A2"),
            "B": _dossier(org_b, users["member_b"], "B"),
        }
        recs["A"].shared = recs["B"].shared = True
        threads = {
            "A": _thread(recs["A"], users["ien_x"], "A"),
            "A2": _thread(recs["A2"], users["member_a"], "A2"),
            "B": _thread(recs["B"], users["member_b"], "B"),
        }
        frozen = _deposit_twice(recs["A"], users)
        world.owned = {
            "notification_id": _notifications(users),
            "job_id": _jobs(users, recs["A"]),
            "view_id": _views(users),
        }
        mail = OutboxMail(to_address="member-a@example.fr", subject="Un courriel", body="", status="failed")
        db.session.add(mail)
        db.session.commit()
        world.mail_id = mail.id
        world.users = {name: user.id for name, user in users.items()}
        world.orgs = {"A": org_a.id, "B": org_b.id}
        world.memberships = {"member_a": org_a.memberships[0].id, "member_b": org_b.memberships[0].id}
        world.dossiers = {key: rec.id for key, rec in recs.items()}
        world.values = {key: _dossier_values(rec, threads[key]) for key, rec in recs.items()}
        world.values["A"].update(number=frozen.number, rank=1, old=frozen.number - 1, new=frozen.number)
    world.renew_tokens(app)
    return world


def _deposit_twice(rec: DossierRecord, users: dict[str, User]):
    """Deposited, sent back for a correction by the inspector, deposited again."""
    workflow.deposit(rec, users["member_a"], {"team"}, utcnow(), True)
    workflow.transition(rec, users["ien_x"], "request_correction", {"inspector"}, "Précisez le projet.")
    frozen = workflow.deposit(rec, users["member_a"], {"team"}, utcnow(), True)
    refresh(rec, users["member_a"])
    return frozen


def _notifications(users: dict[str, User]) -> dict[str, int]:
    found = {}
    for name, user in users.items():
        notification = Notification(user_id=user.id, kind="comment", text="Un nouveau commentaire.")
        db.session.add(notification)
        db.session.flush()
        found[name] = notification.id
    return found


def _jobs(users: dict[str, User], rec: DossierRecord) -> dict[str, int]:
    """A finished job of each person, on dossier A (a PDF's: the kind the dossier's own job
    pages and the inspectors' job pages both show)."""
    found = {}
    for name, user in users.items():
        job = Job(user_id=user.id, kind="pdf", status="done", params={"ids": [rec.id]}, total=1, done=1)
        db.session.add(job)
        db.session.flush()
        found[name] = job.id
    return found


def _views(users: dict[str, User]) -> dict[str, int]:
    """A saved inbox view of each person."""
    found = {}
    for name, user in users.items():
        view = InboxView(user_id=user.id, name=f"Vue de {name}", query="state=depose")
        db.session.add(view)
        db.session.flush()
        found[name] = view.id
    return found


def _thread(rec: DossierRecord, author: User, key: str) -> CommentThread:
    thread = CommentThread(
        dossier_id=rec.id,
        anchor_kind="section",
        anchor_ref="projet",
        anchor_label="Projet pédagogique",
        created_by_id=author.id,
    )
    thread.comments.append(Comment(author_id=author.id, body=f"Remarque {MARKERS[key]}"))
    db.session.add(thread)
    db.session.flush()
    return thread


def _dossier_values(rec: DossierRecord, thread: CommentThread) -> dict[str, object]:
    """URL variables naming a dossier or something inside it."""
    return {
        "dossier_id": rec.id,
        "step": "recap",
        "school_id": rec.schools[0].id,
        "line_id": rec.lines[0].id,
        "funder_id": rec.cofunders[0].id,
        "thread_id": thread.id,
        "comment_id": thread.comments[0].id,
        "piece_id": rec.attachments[0].id,
    }


def _global_values(world: World, invitation_id: int) -> dict[str, object]:
    """URL variables that name no dossier; `endpoint:variable` wins over `variable`."""
    return {
        "org_id": world.orgs["A"],
        "membership_id": world.memberships["member_a"],
        "invitation_id": invitation_id,
        "lang": "en",
        "auth.reset:token": world.tokens["reset"],
        "auth.invitation:token": world.tokens["invitation"],
        "departement": X,
        "uai": "0710001R",
        "filename": "css/app.css",
        "user_id": world.users["ien_x"],
        "word": "ecoles",
        "fmt": "csv",
        "session_id": int(world.tokens["session_id"]),
        "mail_id": world.mail_id,
    }
