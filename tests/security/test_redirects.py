"""After sign-in or a change of language, the application only ever sends the browser to one of
its own pages: a crafted `next` cannot make it an open redirect towards a phishing site."""

from __future__ import annotations

import pytest

from web.security import local_target

HOSTILE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "/\\/evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "javascript:alert(1)",
    "http:/evil.example",
    " //evil.example",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_target_is_replaced_by_the_default(target):
    assert local_target(target, "/") == "/"


@pytest.mark.parametrize(
    "target", ["/", "/dossiers/3/recap", "/dossiers/3/budget?x=1#line-2", "/connexion?next=/"]
)
def test_a_page_of_the_site_is_kept(target):
    assert local_target(target, "/") == target


@pytest.mark.parametrize("target", HOSTILE)
def test_the_language_switch_stays_on_the_site(client, target):
    response = client.get("/langue/en", query_string={"next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_in_stays_on_the_site(client, actor, target):
    actor("agent@mairie.example.fr").signup()
    response = client.post(
        "/connexion",
        query_string={"next": target},
        data={"email": "agent@mairie.example.fr", "password": "motdepasse-solide"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"
