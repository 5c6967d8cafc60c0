"""The directory in the Schools step: suggestions, the page without JavaScript, ticking a
commune's schools, what is filled in, and what is flagged."""

import html
import re

import pytest
import sqlalchemy as sa

from models import DossierRecord, SchoolRecord, db

from .conftest import BOURG_CHALON, FERRY, MATERNELLE, MONTESSORI, SAINT_JOSEPH, SAINTE_THERESE, TILLEULS

SOURCE = "Source : ministère de l'Éducation nationale, Annuaire de l'éducation, Licence Ouverte"


def stored(app, dossier_id) -> dict[str, SchoolRecord]:
    with app.app_context():
        rows = db.session.scalars(sa.select(SchoolRecord).where(SchoolRecord.dossier_id == dossier_id))
        return {s.uai: s for s in rows}


def page_of(response) -> str:
    """The page's text as a reader sees it (entities decoded)."""
    return html.unescape(response.get_data(as_text=True))


def suggestions(member, dossier_id, q) -> dict:
    response = member.get(f"/annuaire/recherche?dossier={dossier_id}&q={q}")
    assert response.status_code == 200
    return {r["uai"]: r for r in response.get_json()["results"]}


def test_the_schools_step_offers_the_search_and_cites_its_source(team, loaded):
    member, _org, dossier_id = team
    page = page_of(member.get(f"/dossiers/{dossier_id}/ecoles"))
    assert "Trouver l'école dans l'annuaire" in page
    assert f'data-directory-search="/annuaire/recherche?dossier={dossier_id}"' in page
    assert "js/directory.js" in page and SOURCE in page


def test_without_a_directory_the_step_says_so_and_the_form_stays(team):
    member, _org, dossier_id = team
    page = page_of(member.get(f"/dossiers/{dossier_id}/ecoles"))
    assert "pas encore chargé" in page and 'id="uai"' in page


def test_a_suggestion_carries_the_form_values_for_the_calls_rentree(team, loaded):
    member, _org, dossier_id = team
    ferry = suggestions(member, dossier_id, "jules ferry")[FERRY]
    # rentrée 2021 is in the file too, but the 2021 call uses the rentrée under way when it opened
    assert ferry["fields"] == {
        "uai": FERRY,
        "name": "Ecole élémentaire Jules Ferry",
        "kind": "elementaire",
        "sector": "public",
        "classes": 9,
        "pupils": 194,
        "commune": "Saint-Rémy",
    }
    assert ferry["rentree"] == 2020 and not ferry["estimated"] and ferry["eligible"]
    assert "Mâcon-Nord" in ferry["detail"] and "rentrée 2020" in ferry["figures"]
    therese = suggestions(member, dossier_id, SAINTE_THERESE)[SAINTE_THERESE]
    assert "Privé sous contrat · Contrat d'association toutes classes" in therese["detail"]


def test_a_primary_schools_classes_are_an_estimate_and_say_so(team, loaded):
    member, _org, dossier_id = team
    tilleuls = suggestions(member, dossier_id, "tilleuls")[TILLEULS]
    assert (tilleuls["fields"]["kind"], tilleuls["fields"]["classes"], tilleuls["fields"]["pupils"]) == (
        "primaire",
        4,
        86,
    )
    assert tilleuls["estimated"] and "(classes estimées)" in tilleuls["figures"]
    assert any("estimées au prorata" in f["text"] for f in tilleuls["flags"])


@pytest.mark.parametrize(
    ("uai", "severity", "words"),
    [
        (MATERNELLE, "blocking", "maternelle : non éligible"),
        (MONTESSORI, "blocking", "hors contrat : non éligible"),
        (SAINTE_THERESE, "warning", "parité"),
        (SAINT_JOSEPH, "warning", "Contrat simple pour partie des classes"),
        (BOURG_CHALON, "warning", "SIRET 21710076700013"),
    ],
)
def test_what_would_make_a_school_ineligible_is_flagged_before_it_is_added(
    team, loaded, uai, severity, words
):
    member, _org, dossier_id = team
    found = suggestions(member, dossier_id, uai)[uai]
    assert any(f["severity"] == severity and words.lower() in f["text"].lower() for f in found["flags"]), (
        found["flags"]
    )
    assert found["eligible"] is (severity != "blocking")


def test_the_search_needs_a_signed_in_user_and_a_visible_dossier(client, team, loaded, actor):
    _member, _org, dossier_id = team
    assert client.get("/annuaire/recherche?q=ferry").status_code in (302, 401)
    other = actor("autre@ville.example.fr")
    other.signup()
    assert other.get(f"/annuaire/recherche?dossier={dossier_id}&q=ferry").status_code == 404
    assert other.get("/annuaire/recherche?q=ferry").get_json()["results"]


def test_without_javascript_a_search_lists_schools_each_with_an_add_button(team, loaded):
    member, _org, dossier_id = team
    page = page_of(member.get(f"/dossiers/{dossier_id}/annuaire?q=ferry"))
    assert "Ecole élémentaire Jules Ferry" in page and "Ecole maternelle Jules Ferry" in page
    assert page.count(f'action="/dossiers/{dossier_id}/annuaire/ajouter"') == 2
    assert f'value="{FERRY}"' in page and SOURCE in page


def test_adding_from_the_directory_fills_every_field_and_the_source_note(app, team, loaded):
    member, _org, dossier_id = team
    response = member.post(f"/dossiers/{dossier_id}/annuaire/ajouter", {"uai": FERRY})
    assert response.status_code == 302 and response.headers["Location"].endswith("/ecoles#school-form")
    ferry = stored(app, dossier_id)[FERRY]
    assert (ferry.name, ferry.kind, ferry.sector, ferry.classes, ferry.pupils) == (
        "Ecole élémentaire Jules Ferry",
        "elementaire",
        "public",
        9,
        194,
    )
    assert ferry.circonscription == "Circonscription d'inspection du 1er degré de Mâcon-Nord"
    assert ferry.source_note == "d'après l'annuaire, rentrée 2020"
    page = page_of(member.get(f"/dossiers/{dossier_id}/ecoles"))
    assert "d'après l'annuaire, rentrée 2020" in page and "Mâcon-Nord : Ecole élémentaire Jules Ferry" in page
    with app.app_context():
        assert db.session.get(DossierRecord, dossier_id).school_count == 1


def test_a_primary_school_added_is_marked_as_estimated(app, team, loaded):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/annuaire/ajouter", {"uai": TILLEULS})
    tilleuls = stored(app, dossier_id)[TILLEULS]
    assert (tilleuls.kind, tilleuls.classes, tilleuls.pupils) == ("primaire", 4, 86)
    assert tilleuls.source_note == "d'après l'annuaire, rentrée 2020 (classes estimées)"


def test_a_school_with_no_published_headcount_is_added_with_figures_to_type(app, team, loaded):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/annuaire/ajouter", {"uai": SAINT_JOSEPH})
    joseph = stored(app, dossier_id)[SAINT_JOSEPH]
    assert (joseph.classes, joseph.pupils, joseph.sector) == (0, 0, "prive_sous_contrat")
    assert joseph.source_note == "d'après l'annuaire (effectifs non publiés)"


def test_the_collectivites_commune_is_listed_first_to_tick_its_schools(team, loaded):
    member, _org, dossier_id = team
    page = page_of(member.get(f"/dossiers/{dossier_id}/annuaire"))
    assert 'value="71412" id="commune-71412" checked' in page
    ticked = {
        m.group(1): bool(m.group(2)) for m in re.finditer(r'value="(\w+)" id="add-\w+"\s*(checked)?', page)
    }
    # not eligible, so not ticked: the maternelle and the school outside any contract
    assert ticked == {
        FERRY: True,
        TILLEULS: True,
        SAINTE_THERESE: True,
        SAINT_JOSEPH: True,
        MATERNELLE: False,
        MONTESSORI: False,
    }


def test_an_epcis_communes_are_chosen_together(team, loaded):
    member, _org, dossier_id = team
    page = page_of(member.get(f"/dossiers/{dossier_id}/annuaire?commune=71412&commune=71076&commune_q="))
    assert page.count('name="uai"') == 8
    page = page_of(member.get(f"/dossiers/{dossier_id}/annuaire?commune=71412&commune_q=chalon"))
    assert 'value="71076" id="commune-71076">' in page and 'value="71412" id="commune-71412" checked' in page


def test_ticked_schools_are_added_at_once_and_those_already_there_refused(app, team, loaded):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/annuaire/ajouter", {"uai": FERRY})
    response = member.post(
        f"/dossiers/{dossier_id}/annuaire/ajouter",
        {"uai": [FERRY, TILLEULS, SAINTE_THERESE]},
        follow_redirects=True,
    )
    page = page_of(response)
    assert (
        "2 écoles ajoutées depuis l'annuaire" in page
        and f"(déjà dans le dossier, ou absentes de l'annuaire) : {FERRY}" in page
    )
    assert sorted(stored(app, dossier_id)) == sorted([FERRY, TILLEULS, SAINTE_THERESE])


def test_nothing_ticked_is_a_message_not_an_error(app, team, loaded):
    member, _org, dossier_id = team
    response = member.post(f"/dossiers/{dossier_id}/annuaire/ajouter", {}, follow_redirects=True)
    assert response.status_code == 200 and "Cochez au moins une école" in page_of(response)
    assert stored(app, dossier_id) == {}


def picked_form(**overrides) -> dict:
    data = {
        "uai": FERRY,
        "name": "Ecole élémentaire Jules Ferry",
        "kind": "elementaire",
        "sector": "public",
        "classes": "9",
        "pupils": "194",
        "version": "0",
    }
    return {**data, **overrides}


def test_a_picked_school_sent_as_the_form_keeps_its_source_and_circonscription(app, team, loaded):
    member, _org, dossier_id = team
    assert member.post(f"/dossiers/{dossier_id}/annuaire/fiche", picked_form()).status_code == 302
    ferry = stored(app, dossier_id)[FERRY]
    assert ferry.source_note == "d'après l'annuaire, rentrée 2020" and "Mâcon-Nord" in ferry.circonscription


def test_figures_corrected_before_adding_are_no_longer_the_directorys(app, team, loaded):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/annuaire/fiche", picked_form(classes="8", name="École Jules-Ferry"))
    ferry = stored(app, dossier_id)[FERRY]
    assert (ferry.name, ferry.classes, ferry.source_note) == ("École Jules-Ferry", 8, "")
    assert "Mâcon-Nord" in ferry.circonscription


def test_a_school_not_in_the_directory_can_still_be_typed(app, team, loaded):
    member, _org, dossier_id = team
    from grants.identifiers import uai_check_letter

    other = "0719999" + uai_check_letter("0719999")
    assert member.post(f"/dossiers/{dossier_id}/annuaire/fiche", picked_form(uai=other)).status_code == 302
    assert (
        member.post(
            f"/dossiers/{dossier_id}/ecoles/nouvelle",
            picked_form(uai="0719998" + uai_check_letter("0719998")),
        ).status_code
        == 302
    )
    assert all(s.source_note == "" and s.circonscription == "" for s in stored(app, dossier_id).values())


def test_a_bad_picked_form_shows_the_errors_of_the_schools_step(app, team, loaded):
    member, _org, dossier_id = team
    response = member.post(f"/dossiers/{dossier_id}/annuaire/fiche", picked_form(classes="beaucoup"))
    page = page_of(response)
    assert response.status_code == 422 and "Le formulaire contient des erreurs" in page
    assert "data-directory-repost" in page  # sent again, it still goes to the directory's route
    assert stored(app, dossier_id) == {}


def test_a_school_managed_by_another_body_gives_a_siret_warning_on_the_step(team, loaded):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/annuaire/ajouter", {"uai": [FERRY, BOURG_CHALON]})
    page = page_of(member.get(f"/dossiers/{dossier_id}/ecoles"))
    assert "gérées par un autre organisme que la collectivité du dossier (SIRET 21710112000012)" in page
    assert "Ecole élémentaire du Bourg (0710009Z) : organisme gestionnaire, SIRET 21710076700013" in page
    assert "Ecole élémentaire Jules Ferry (0710001R) : organisme" not in page


def test_no_siret_warning_when_the_collectivite_manages_its_schools(team, loaded):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/annuaire/ajouter", {"uai": [FERRY, TILLEULS, SAINTE_THERESE]})
    assert "autre organisme" not in page_of(member.get(f"/dossiers/{dossier_id}/ecoles"))


def test_only_the_dossiers_team_may_add_schools(team, loaded, actor):
    _member, _org, dossier_id = team
    other = actor("autre@ville.example.fr")
    other.signup()
    assert other.get(f"/dossiers/{dossier_id}/annuaire").status_code == 404
    assert other.post(f"/dossiers/{dossier_id}/annuaire/ajouter", {"uai": FERRY}).status_code == 404
    assert other.post(f"/dossiers/{dossier_id}/annuaire/fiche", picked_form()).status_code == 404


@pytest.mark.parametrize(
    "junk", ["\x00", "0710001R\x00", "'; drop table schools; --", "x" * 5000, "71412\x00"]
)
def test_junk_in_any_parameter_is_no_server_error(app, team, loaded, junk):
    member, _org, dossier_id = team
    answers = [
        member.get("/annuaire/recherche", query_string={"q": junk, "dossier": dossier_id}),
        member.get("/annuaire/recherche", query_string={"q": "ferry", "dossier": junk}),
    ]
    answers += [
        member.get(f"/dossiers/{dossier_id}/annuaire", query_string={key: junk})
        for key in ("q", "commune_q", "commune")
    ]
    answers.append(member.post(f"/dossiers/{dossier_id}/annuaire/ajouter", {"uai": junk}))
    assert all(a.status_code < 500 for a in answers), [a.status_code for a in answers]
    assert stored(app, dossier_id) == {}
