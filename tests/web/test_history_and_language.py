"""Every change is in the dossier's history (who, what); the pages speak English on request."""

import re

import pytest

from .factories import cofunder_form, inventory_form, line_form, project_form, school_form, squash, text


def history_rows(member, dossier_id: int) -> list[str]:
    page = text(member.get(f"/dossiers/{dossier_id}/historique"))
    body = page[page.index('id="changes-title"') :]
    return [squash(row) for row in re.findall(r"<tr>\s*<td[^>]*>.*?</tr>", body, re.S)]


def test_every_change_is_in_the_history_with_who_made_it(filled, colleague):
    filled.member.post(filled.url(f"/budget/{filled.line_id}"), line_form(quantity="4", version="1"))
    colleague.post(filled.url(f"/ecoles/{filled.school_id}"), school_form(pupils="70", version="1"))
    colleague.post(filled.url(f"/budget/{filled.line_id}/dupliquer"))
    filled.member.post(filled.url(f"/cofinancements/{filled.funder_id}/supprimer"))
    filled.member.post(filled.url("/projet"), project_form())
    rows = history_rows(filled.member, filled.dossier_id)
    assert len(rows) == 9  # creation, school, line, funder, line edit, school edit, copy, removal, project
    newest = rows[0]
    assert "Karim Benali" in newest and "Projet pédagogique" in newest
    assert any("Léa Martin" in r and "École élémentaire du Bourg" in r and "61 → 70" in r for r in rows)
    assert any("Karim Benali" in r and "Vidéoprojecteur interactif" in r and "→ 4" in r for r in rows)
    assert any("Léa Martin" in r and "Vidéoprojecteur interactif" in r and "création" in r for r in rows[:4])
    assert any("Conseil départemental" in r and "suppression" in r for r in rows)
    assert "Dossier 2021" in rows[-1]


def test_the_history_shows_the_deposit_as_a_change_of_state(team):
    from .test_deposit import complete

    member, org_id, _dossier = team
    dossier_id = complete(member, org_id)
    member.post(f"/dossiers/{dossier_id}/deposer", {"certify": "1"})
    page = squash(text(member.get(f"/dossiers/{dossier_id}/historique")))
    states = page[page.index("Changements d'état") : page.index("Modifications")]
    assert "Karim Benali Brouillon Déposé" in states


def test_a_page_left_unsaved_on_a_validation_error_adds_nothing_to_the_history(filled):
    before = history_rows(filled.member, filled.dossier_id)
    filled.member.post(filled.url(f"/budget/{filled.line_id}"), line_form(quantity="-1", version="1"))
    filled.member.post(filled.url("/cofinancements/nouveau"), cofunder_form(amount=""))
    assert history_rows(filled.member, filled.dossier_id) == before


def test_the_language_switch_gives_english_pages_and_back(filled):
    member = filled.member
    switched = member.get(f"/langue/en?next=/dossiers/{filled.dossier_id}/budget")
    assert (
        switched.status_code == 302
        and switched.headers["Location"] == f"/dossiers/{filled.dossier_id}/budget"
    )
    page = text(member.get(filled.url("/budget")))
    assert '<html lang="en">' in page
    plain = squash(page)
    assert (
        "State subsidy" in plain and "€5,670.00" in plain and "Français" in plain and "English" not in plain
    )
    refused = text(member.post(filled.url("/ecoles/nouvelle"), school_form(classes="trois")))
    assert "Enter a whole number, for example 12." in squash(refused)
    member.get("/langue/fr")
    plain = squash(text(member.get(filled.url("/budget"))))
    assert "Subvention de l'État" in plain and "5 670,00 €" in plain and "English" in plain


def test_the_language_switch_never_sends_to_another_site(actor):
    visitor = actor("visiteur@example.fr")
    assert visitor.get("/langue/xx").status_code == 302
    assert '<html lang="fr">' in text(visitor.get("/"))
    assert visitor.get("/langue/en?next=//evil.example.com/").headers["Location"] == "/"
    assert '<html lang="en">' in text(visitor.get("/"))


@pytest.mark.parametrize(
    "step", ["collectivite", "ecoles", "etat", "budget", "cofinancements", "projet", "recap"]
)
def test_every_step_is_served_in_english(filled, step):
    filled.member.get("/langue/en")
    page = text(filled.member.get(filled.url(f"/{step}")))
    assert '<html lang="en">' in page and "State subsidy" in squash(page)


ENGLISH_LINK = re.compile(r'<a href="([^"]+)" lang="en" hreflang="en">English</a>')


@pytest.mark.parametrize(
    ("tail", "form", "page"),
    [
        ("/etat/{school}", inventory_form(1, classe_affichage="deux"), "/etat"),
        ("/budget/nouvelle", line_form(quantity="deux"), "/budget"),
        ("/cofinancements/nouveau", cofunder_form(funder=""), "/cofinancements"),
        ("/ecoles/nouvelle", school_form(name=""), "/ecoles"),
    ],
)
def test_the_language_switch_of_a_refused_form_opens_its_step_page(filled, tail, form, page):
    url = filled.url(tail.format(school=filled.school_id))
    step = filled.url(page)
    filled.member.get(step)  # the form's page, where the browser comes from
    response = filled.member.client.post(url, data=form, headers={"Referer": f"http://localhost{step}"})
    assert response.status_code == 422, response.status_code
    target = ENGLISH_LINK.search(text(response)).group(1).replace("&amp;", "&")
    switched = filled.member.client.get(target)
    assert switched.status_code == 302
    landing = switched.headers["Location"]
    assert landing.startswith(step), landing
    opened = filled.member.client.get(landing)
    assert opened.status_code == 200 and 'lang="en"' in text(opened)


def test_an_old_language_link_to_a_post_address_lands_on_a_page(filled):
    url = filled.url("/budget/nouvelle")
    switched = filled.member.client.get(f"/langue/en?next={url}")
    assert switched.headers["Location"].endswith(filled.url("/budget"))
    assert filled.member.client.get(switched.headers["Location"]).status_code == 200


def test_a_creation_lists_only_the_fields_given(team):
    """A line created without months (every label call's line, a 2021 equipment line) is not
    written « durée (mois) : (vide) »; one with months says them."""
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/ecoles/nouvelle", school_form())
    member.post(f"{base}/budget/nouvelle", line_form(label="Vidéoprojecteur simple"))
    member.post(
        f"{base}/budget/nouvelle",
        line_form(school="__dossier__", category="service_ent", label="ENT trois ans", duration_months="36"),
    )
    rows = history_rows(member, dossier_id)
    plain = next(r for r in rows if "Vidéoprojecteur simple" in r)
    assert "durée (mois)" not in plain and "(vide)" not in plain
    months = next(r for r in rows if "ENT trois ans" in r)
    assert "durée (mois)" in months and "36" in months


def test_the_history_names_the_source_of_a_school_s_headcounts_in_the_reader_s_language(app):
    from flask_babel import force_locale

    from web.history_labels import field_label, show_value

    with app.test_request_context():
        assert field_label("school", "source_note") == "source des effectifs"
        assert show_value("school", "source_note", "d'après l'annuaire, rentrée 2019") == (
            "d'après l'annuaire, rentrée 2019"
        )
        with force_locale("en"):
            assert field_label("school", "source_note") == "source of the headcounts"
            shown = show_value("school", "source_note", "d'après l'annuaire, rentrée 2019")
            assert "2019" in shown and "annuaire" not in shown
