"""Links in e-mails come from the configured address (APP_URL), never from the request's Host
header; a request for a host outside ALLOWED_HOSTS is refused; sharing a draft again and again
does not flood the inspectors' mailboxes (issue 13, item 2)."""

from __future__ import annotations

import re

import pytest

from app import create_app

from .conftest import make_person

TEAM = "agent@mairie.example.fr"
APP_URL = "https://ecoles.example.gouv.fr"


@pytest.fixture
def deployed(app, smtp):
    """The application as deployed: no SERVER_NAME, one public address, two names it answers to."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp.port,
            "APP_URL": APP_URL,
            "ALLOWED_HOSTS": "ecoles.example.gouv.fr, interne.example.local",
        }
    )


def _links(mail) -> list[str]:
    return re.findall(r"https?://\S+", mail.get_content())


def test_a_reset_asked_through_a_forged_host_is_refused_and_mails_nothing(deployed, team, smtp):
    client = deployed.test_client()
    response = client.post("/mot-de-passe-oublie", data={"email": TEAM}, base_url="http://evil.example")
    assert response.status_code == 400
    response = client.post("/mot-de-passe-oublie", data={"email": TEAM}, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert smtp.messages == []


def test_the_reset_link_is_built_from_app_url_whatever_host_was_used(deployed, team, smtp):
    client = deployed.test_client()
    response = client.post(
        "/mot-de-passe-oublie", data={"email": TEAM}, base_url="http://interne.example.local"
    )
    assert response.status_code == 302
    [mail] = smtp.to(TEAM)
    [link] = _links(mail)
    assert link.startswith(f"{APP_URL}/mot-de-passe/"), link


def test_an_allowed_host_with_a_port_is_served(deployed):
    assert (
        deployed.test_client().get("/connexion", base_url="http://ecoles.example.gouv.fr:8443").status_code
        == 200
    )


def test_the_inspectors_links_come_from_app_url(app, cast, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "APP_URL", APP_URL)
    cast.share()
    [mail] = smtp.to(cast.ien.email)
    assert _links(mail) == [f"{APP_URL}/inspection/dossiers/{cast.dossier_id}"]


def test_sharing_three_times_tells_each_inspector_once(app, cast, smtp):
    for _ in range(3):
        cast.share()
        assert cast.team.post(cast.wizard("/partage"), {"shared": "0"}).status_code == 302
    cast.share()
    assert len(smtp.to(cast.ien.email)) == 1
    assert len(smtp.to(cast.dasen.email)) == 1
    assert len(smtp.messages) == 2


def test_a_new_inspector_is_still_told_of_a_draft_shared_before(app, actor, cast, smtp):
    cast.share()
    cast.team.post(cast.wizard("/partage"), {"shared": "0"})
    # A DASEN's office is told of every shared draft of its département (an IEN only of those
    # assigned to them): the newcomer is one, and the throttle must not keep the first mail back.
    newcomer = make_person(app, actor, "dasen2@ac-dijon.example.fr", "Nina Dasen", "dasen", ("71",))
    cast.share()
    assert len(smtp.to(newcomer.email)) == 1 and len(smtp.to(cast.ien.email)) == 1
