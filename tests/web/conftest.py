"""Fixtures of the wizard's tests: a dossier already holding a school, a line and a funder."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from models import Organisation

from . import factories
from .factories import cofunder_form, cofunders, line_form, lines, school_form, schools


@pytest.fixture(autouse=True)
def _database_reads(request):
    """The factories' reads open their own application context on the test's application."""
    factories._APP = request.getfixturevalue("app") if "app" in request.fixturenames else None
    yield
    factories._APP = None


@pytest.fixture
def ctx(app):
    """Here, only the application: the test client would reuse an application context held open
    by the test, and with it `g`, where Flask-Login keeps the signed-in user of the previous
    request. Tests read the database through the factories' `database()` instead."""
    return app


@dataclass
class Filled:
    """A member's dossier with one of each part, and the ids of those parts."""

    member: object
    org_id: int
    dossier_id: int
    school_id: int
    line_id: int
    funder_id: int

    def url(self, tail: str = "") -> str:
        return f"/dossiers/{self.dossier_id}{tail}"


@pytest.fixture
def filled(team, app) -> Filled:
    member, org_id, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    assert member.post(f"{base}/ecoles/nouvelle", school_form()).status_code == 302
    assert member.post(f"{base}/budget/nouvelle", line_form()).status_code == 302
    assert member.post(f"{base}/cofinancements/nouveau", cofunder_form()).status_code == 302
    return Filled(
        member,
        org_id,
        dossier_id,
        schools(dossier_id)[0].id,
        lines(dossier_id)[0].id,
        cofunders(dossier_id)[0].id,
    )


@pytest.fixture
def stranger(actor, app):
    """A signed-up member of another collectivité (its id in `.org_id`)."""
    other = actor("agent@ville-voisine.example.fr", "Agent voisin")
    other.signup()
    other.create_organisation(name="Ville Voisine", siret="21710113000011", insee="71413")
    other.org_id = factories.scalar(sa.select(Organisation.id).where(Organisation.name == "Ville Voisine"))
    return other


@pytest.fixture
def colleague(team, actor):
    """A second member of the team's collectivité, joined through an invitation."""
    import re

    member, org_id, _dossier = team
    response = member.post(f"/collectivites/{org_id}/invitations", {"email": "lea@mairie.example.fr"})
    assert response.status_code == 302
    with member.client.session_transaction() as session:
        flashes = " ".join(message for _cat, message in session.get("_flashes", []))
    link = re.search(r"http://localhost(/invitation/\S+)", flashes).group(1)
    other = actor("lea@mairie.example.fr", "Léa Martin")
    other.signup()
    assert other.post(link).status_code == 302
    return other
