"""Two members save the same part at once: different fields are merged; a field both changed is
shown to the second with both values, who and when, to choose; nothing is overwritten."""

import re
from decimal import Decimal

from .factories import (
    cofunder_form,
    cofunders,
    collectivite_form,
    inventory_form,
    line_form,
    lines,
    project_form,
    record,
    school_form,
    schools,
    squash,
    text,
)


def loaded_version(page: str) -> str:
    """The version the form of a page was loaded with."""
    field = re.search(r'<input[^>]*name="version"[^>]*>', page).group(0)
    return re.search(r'value="(\d+)"', field).group(1)


def conflict_panel(page: str) -> str:
    start = page.index('<div class="conflict"')
    return squash(page[start : page.index("</div>", start)])


def test_two_members_save_the_same_line_the_second_is_told_and_nothing_is_overwritten(filled, colleague, ctx):
    url = filled.url(f"/budget/{filled.line_id}")
    mine = loaded_version(text(filled.member.get(url)))
    theirs = loaded_version(text(colleague.get(url)))
    assert mine == theirs == "1"
    first = colleague.post(url, line_form(quantity="5", label="VPI (Léa)", version=theirs))
    assert first.status_code == 302
    second = filled.member.post(url, line_form(quantity="2", label="VPI (Karim)", version=mine))
    assert second.status_code == 409
    page = text(second)
    panel = conflict_panel(page)
    assert "Un collègue a modifié les mêmes champs que vous" in panel and "Léa Martin" in panel
    assert "VPI (Léa)" in panel and "VPI (Karim)" in panel  # both values, side by side
    assert "quantité" in panel and ": 5" in panel and ": 2" in panel
    assert 'value="VPI (Karim)"' in page  # what I typed is kept to be checked and saved again
    line = lines(filled.dossier_id)[0]
    assert (line.quantity, line.label) == (Decimal(5), "VPI (Léa)")
    assert loaded_version(page) == "2"
    again = filled.member.post(
        url, line_form(quantity="2", label="VPI (Karim)", version=loaded_version(page))
    )
    assert again.status_code == 302
    line = lines(filled.dossier_id)[0]
    assert (line.quantity, line.label, line.version) == (Decimal(2), "VPI (Karim)", 3)


def test_two_members_save_different_fields_of_the_same_school_both_are_kept(filled, colleague, ctx):
    url = filled.url(f"/ecoles/{filled.school_id}")
    assert colleague.post(url, school_form(pupils="70", version="1")).status_code == 302
    late = filled.member.post(url, school_form(classes="4", version="1"))
    assert late.status_code == 302
    school = schools(filled.dossier_id)[0]
    assert (school.pupils, school.classes) == (70, 4)


def test_two_members_save_the_collectivite(team, colleague, ctx):
    member, _org, dossier_id = team
    url = f"/dossiers/{dossier_id}/collectivite"
    assert colleague.post(url, collectivite_form(rep_name="Paul Durand")).status_code == 302
    late = member.post(url, collectivite_form(rep_name="Claire Moreau"))
    assert late.status_code == 409
    panel = conflict_panel(text(late))
    assert "Léa Martin" in panel and "Paul Durand" in panel
    assert record(dossier_id).rep_name == "Paul Durand"


def test_two_members_save_the_same_funder_and_etat_des_lieux(filled, colleague, ctx):
    url = filled.url(f"/cofinancements/{filled.funder_id}")
    assert colleague.post(url, cofunder_form(amount="2000", version="1")).status_code == 302
    late = filled.member.post(url, cofunder_form(amount="10", version="1"))
    assert late.status_code == 409 and re.search(r'<input[^>]*id="amount"[^>]*value="10"', text(late))
    assert cofunders(filled.dossier_id)[0].amount == Decimal("2000.00")
    inventory = filled.url(f"/etat/{filled.school_id}")
    assert colleague.post(inventory, inventory_form(1, reseau_wifi=2)).status_code == 302
    late = filled.member.post(inventory, inventory_form(1, reseau_wifi=5))
    assert late.status_code == 409 and "Léa Martin" in conflict_panel(text(late))
    assert schools(filled.dossier_id)[0].inventory == {"reseau_wifi": 2}
    typed = re.search(rf'<input[^>]*id="inv-{filled.school_id}-reseau_wifi"[^>]*>', text(late)).group(0)
    assert 'value="5"' in typed  # what I typed is kept, as the panel says
    assert (
        filled.member.post(inventory, inventory_form(loaded_version(text(late)), reseau_wifi=5)).status_code
        == 302
    )
    assert schools(filled.dossier_id)[0].inventory == {"reseau_wifi": 5}


def test_two_members_save_the_project(team, colleague, ctx):
    member, _org, dossier_id = team
    url = f"/dossiers/{dossier_id}/projet"
    assert colleague.post(url, project_form(summary="Version de Léa")).status_code == 302
    late = member.post(url, project_form(summary="Version de Karim"))
    assert late.status_code == 409
    assert "Léa Martin" in conflict_panel(text(late)) and "Version de Karim" in text(late)
    assert record(dossier_id).summary == "Version de Léa"


def test_saving_a_line_a_colleague_deleted_says_so(filled, colleague, ctx):
    colleague.post(filled.url(f"/budget/{filled.line_id}/supprimer"))
    late = filled.member.post(
        filled.url(f"/budget/{filled.line_id}"), line_form(version="1", label="VPI revu")
    )
    assert late.status_code == 409
    page = squash(text(late))
    assert "a été supprimée par un collègue" in page and "Léa Martin" in page
    assert 'value="VPI revu"' in text(late)  # what I typed, in the form that re-creates the line
    assert lines(filled.dossier_id) == []
