"""Members see only their collectivité's dossiers: another collectivité gets 404 everywhere, never data."""

import pytest

from services.steps import STEP_KEYS

from .factories import cofunder_form, line_form, lines, project_form, record, school_form, text

PAGES = [f"/{step}" for step in STEP_KEYS] + [
    "",
    "/historique",
    "/ecoles/{school}",
    "/budget/{line}",
    "/cofinancements/{funder}",
]

POSTS = {
    "/collectivite": {"name": "Volé", "version": "1"},
    "/ecoles/nouvelle": school_form(),
    "/ecoles/{school}": school_form(name="Volée"),
    "/ecoles/{school}/supprimer": {},
    "/etat/{school}": {"inv_classe_affichage": "3", "version": "1"},
    "/budget/nouvelle": line_form(),
    "/budget/{line}": line_form(label="Volée", version="1"),
    "/budget/{line}/dupliquer": {},
    "/budget/{line}/supprimer": {},
    "/budget/proposer/{school}": {},
    "/cofinancements/nouveau": cofunder_form(),
    "/cofinancements/{funder}": cofunder_form(funder="Volé", version="1"),
    "/cofinancements/{funder}/supprimer": {},
    "/projet": project_form(),
    "/projet/autosave": project_form(),
    "/deposer": {"certify": "1"},
    "/partage": {"shared": "1"},
    "/copie-entrainement": {},
    "/ecoles/{school}/annuaire": {"version": "1"},
    "/apercu": {"_preview": "line", **line_form()},
}


def _url(filled, tail: str) -> str:
    return filled.url(tail.format(school=filled.school_id, line=filled.line_id, funder=filled.funder_id))


@pytest.mark.parametrize("page", PAGES)
def test_another_collectivites_member_gets_404_on_every_page_of_a_dossier(filled, stranger, page):
    response = stranger.get(_url(filled, page))
    assert response.status_code == 404
    assert "Vidéoprojecteur" not in text(response) and "Dossier 2021" not in text(response)


@pytest.mark.parametrize("tail", list(POSTS))
def test_another_collectivites_member_cannot_change_a_dossier(filled, stranger, ctx, tail):
    before = record(filled.dossier_id)
    state = (
        before.name,
        before.summary,
        before.shared,
        before.state,
        len(before.schools),
        len(before.lines),
        len(before.cofunders),
        before.schools[0].name,
        before.lines[0].label,
    )
    response = stranger.post(_url(filled, tail), POSTS[tail])
    assert response.status_code == 404
    assert "Vidéoprojecteur" not in text(response)
    after = record(filled.dossier_id)
    assert state == (
        after.name,
        after.summary,
        after.shared,
        after.state,
        len(after.schools),
        len(after.lines),
        len(after.cofunders),
        after.schools[0].name,
        after.lines[0].label,
    )


def test_every_dossier_route_of_the_wizard_is_covered_here(app):
    """A new route of the wizard must join the lists above."""
    covered = {p.split("?")[0] for p in PAGES} | set(POSTS)
    known = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("wizard.") and "<int:dossier_id>" in rule.rule:
            tail = rule.rule.split("<int:dossier_id>", 1)[1]
            tail = (
                tail.replace("<int:school_id>", "{school}")
                .replace("<int:line_id>", "{line}")
                .replace("<int:funder_id>", "{funder}")
            )
            known.add(tail)
    missing = {t for t in known if "<" not in t} - covered
    assert not missing


@pytest.mark.parametrize("tail", ["/depots/1", "/depots/1/preuve.txt", "/depots/1/contenu.json"])
def test_another_collectivites_member_never_sees_a_deposit(filled, stranger, tail):
    assert stranger.get(filled.url(tail)).status_code == 404


def test_a_line_of_another_dossier_cannot_be_reached_through_ones_own(filled, stranger, ctx):
    """Ids are checked against the dossier in the address, not only the dossier."""
    own_id = stranger.create_dossier(stranger.org_id, "Le mien")
    assert stranger.get(f"/dossiers/{own_id}/budget/{filled.line_id}").status_code == 404
    assert stranger.post(f"/dossiers/{own_id}/budget/{filled.line_id}/supprimer").status_code == 404
    assert stranger.post(f"/dossiers/{own_id}/ecoles/{filled.school_id}/supprimer").status_code == 404
    assert stranger.post(f"/dossiers/{own_id}/cofinancements/{filled.funder_id}/supprimer").status_code == 404
    assert len(lines(filled.dossier_id)) == 1
