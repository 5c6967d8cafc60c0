"""The server errors found by the attack of issue 13, kept as plain tests: each is now a clean
answer (404 for an id that cannot exist, the first page, a UAI refused with its message)."""

from __future__ import annotations

import pytest

HUGE = "9" * 23


def test_a_page_number_in_other_digits_shows_the_first_page(app, world):
    response = world.client(app, "ien_x").get("/inspection/?page=²")
    assert response.status_code == 200


def test_a_uai_of_superscript_digits_is_refused_with_its_message(app, world):
    response = world.client(app, "member_a").get("/dossiers/verifier-uai?uai=²²²²²²²²")
    assert response.status_code == 200
    assert response.get_json()["valid"] is False


def test_a_uai_of_arabic_digits_is_not_valid(app, world):
    response = world.client(app, "member_a").get("/dossiers/verifier-uai?uai=٠٧٥٠٦٥٥E")
    assert response.get_json()["valid"] is False


@pytest.mark.parametrize(
    "role, url",
    [
        ("member_a", "/dossiers/{n}"),
        ("member_a", "/dossiers/{n}/recap"),
        ("ien_x", "/inspection/dossiers/{n}"),
        ("member_a", "/dossiers/{A}/depots/{n}"),
        ("member_a", "/dossiers/{A}/ecoles/{n}"),
    ],
)
def test_an_id_of_23_digits_is_a_page_that_does_not_exist(app, world, role, url):
    address = url.format(n=HUGE, A=world.dossiers["A"])
    assert world.client(app, role).get(address).status_code == 404


@pytest.mark.parametrize(
    "role, url",
    [
        ("member_a", "/notifications/{n}/ouvrir"),
        ("ien_x", "/inspection/dossiers/{A}/commentaires/{n}/reponses"),
        ("ien_x", "/inspection/dossiers/{A}/commentaires/{n}/statut"),
        ("ien_x", "/inspection/dossiers/{n}/etat"),
        ("member_a", "/collectivites/{org}/invitations/{n}/revoquer"),
    ],
)
def test_a_post_naming_an_id_of_23_digits_is_refused_as_not_found(app, world, role, url):
    address = url.format(n=HUGE, A=world.dossiers["A"], org=world.orgs["A"])
    assert world.client(app, role).post(address, data={"body": "x", "action": "start"}).status_code == 404


def test_a_dossier_id_of_23_digits_in_the_directory_search_is_not_found(app, world):
    response = world.client(app, "member_a").get(f"/annuaire/recherche?q=ecole&dossier={HUGE}")
    assert response.status_code == 404
