"""Fixtures of the reliability tests: the fixture world with two colleagues of collectivité A."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient

from models import Membership, User, db
from tests.security.world import World, build_world


@dataclass
class Colleagues:
    world: World
    first: FlaskClient  # member_a, « Personne member_a »
    second: FlaskClient  # « Claire Colline », also of collectivité A
    dossier_id: int  # A2, a draft both may edit


def signed_in(app, user_id: int) -> FlaskClient:
    """A test client holding the session of a user."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:1"
    return client


@pytest.fixture
def world(app) -> World:
    """The trust tests' fixture world (tests/security/world.py)."""
    return build_world(app)


@pytest.fixture
def colleagues(app) -> Colleagues:
    world = build_world(app)
    with app.app_context():
        user = User(email="claire@example.fr", name="Claire Colline", password_hash="-")
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(user_id=user.id, organisation_id=world.orgs["A"]))
        db.session.commit()
        second = user.id
    return Colleagues(
        world, signed_in(app, world.users["member_a"]), signed_in(app, second), world.dossiers["A2"]
    )
