"""Two gunicorn instances on one PostgreSQL database, as behind a load balancer: a person signed
in on one is signed in on the other, a save on one is seen by the other, the conflict between two
saves is detected across them, and the sign-in limit counts the failures of both. Nothing is kept
in a process's memory."""

from __future__ import annotations

import os
import re

import pytest

from loadtest.server import Browser, environment, gunicorns, migrate, scratch_database
from tests.security.browser import csrf_token

from .forms import form_posting_to

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
PASSWORD = "motdepasse-solide"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("several processes need PostgreSQL (DATABASE_URL)")
    pytest.importorskip("gunicorn")
    from web.config import database_url

    with scratch_database(database_url(tmp_path_factory.mktemp("cfg")), "processes") as scratch:
        env = environment(scratch, LOGIN_LIMIT="4")
        migrate(env)
        with gunicorns(env, 2, tmp_path_factory.mktemp("logs")) as bases:
            yield bases


def _submit(browser: Browser, page: str, action: str, data: dict):
    """Post `data` with the token of `page` (which may be on another server than `action`)."""
    status, _location, body = browser.open(page)
    assert status == 200, (page, status)
    return browser.open(action, {**data, "csrf_token": csrf_token(body)})


def _sign_in(browser: Browser, base: str, email: str, password: str = PASSWORD):
    return _submit(browser, base + "/connexion", base + "/connexion", {"email": email, "password": password})


def test_two_processes_share_sessions_saves_and_conflicts(servers):
    one, two = servers
    alice = Browser()
    status, location, _ = _submit(
        alice,
        one + "/inscription",
        one + "/inscription",
        {
            "name": "Alice Martin",
            "email": "alice@mairie.example.fr",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert (status, location) == (302, "/")

    # Signed in on one, signed in on two; a token given by one is accepted by two.
    assert "Alice Martin" in alice.open(two + "/")[2]
    status, _, _ = _submit(
        alice,
        one + "/collectivites/nouvelle",
        two + "/collectivites/nouvelle",
        {"name": "Commune de Deux-Serveurs", "kind": "commune", "departement": "71"},
    )
    assert status == 302
    org_id = re.search(r"/collectivites/(\d+)/dossiers", alice.open(one + "/")[2]).group(1)
    status, location, _ = _submit(
        alice, two + "/", one + f"/collectivites/{org_id}/dossiers", {"title": "Dossier partagé"}
    )
    dossier = re.search(r"/dossiers/(\d+)/", location).group(1)

    # The same person in a second browser, signed in on two.
    bob = Browser()
    assert _sign_in(bob, two, "alice@mairie.example.fr")[0] == 302
    page, action = f"/dossiers/{dossier}/collectivite", f"/dossiers/{dossier}/collectivite"
    form_a = form_posting_to(alice.open(one + page)[2], action).fields
    form_b = form_posting_to(bob.open(two + page)[2], action).fields
    assert form_a["version"] == form_b["version"]

    assert alice.open(one + action, {**form_a, "rep_name": "Élue par un"})[0] == 302
    status, _, body = bob.open(two + action, {**form_b, "rep_name": "Élue par deux"})
    assert status == 409 and "Élue par un" in body  # the conflict is seen by the other process

    again = form_posting_to(body, action).fields
    assert bob.open(two + action, again)[0] == 302
    assert form_posting_to(alice.open(one + page)[2], action).fields["rep_name"] == "Élue par deux"


def test_the_sign_in_limit_counts_the_failures_of_every_process(servers):
    one, two = servers
    victim = Browser()
    _submit(
        victim,
        one + "/inscription",
        one + "/inscription",
        {"name": "Victime", "email": "victime@mairie.example.fr", "password": PASSWORD, "confirm": PASSWORD},
    )
    attacker = Browser()
    for index in range(4):
        server = (one, two)[index % 2]
        assert _sign_in(attacker, server, "victime@mairie.example.fr", "devine-le")[0] == 200
    assert _sign_in(Browser(), one, "victime@mairie.example.fr")[0] == 429
    assert _sign_in(Browser(), two, "victime@mairie.example.fr")[0] == 429
