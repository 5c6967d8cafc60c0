"""Findings shown where they belong, step statuses on the progress bar, and the recap with links."""

import re

import sqlalchemy as sa

from models import LineRecord

from .factories import (
    BOURG,
    collectivite_form,
    execute,
    inventory_form,
    line_form,
    lines,
    project_form,
    school_form,
    schools,
    squash,
    text,
)


def statuses(page: str) -> dict[str, str]:
    """Each step's status as the progress bar shows it (class and words)."""
    found = re.findall(r'<li class="step step-(\w+)[^"]*">\s*<a href="/dossiers/\d+/(\w+)"', page)
    return {step: status for status, step in found}


def section(page: str, element_id: str) -> str:
    """The text of the element with that id, up to its closing section."""
    start = page.index(f'id="{element_id}"')
    return squash(page[start : page.index("</section>", start)])


def test_a_new_dossier_says_which_untouched_steps_are_missing(team):
    member, _org, dossier_id = team
    page = text(member.get(f"/dossiers/{dossier_id}/collectivite"))
    assert statuses(page) == {
        # Prefilled from the account, but its legal representative is not given yet (ID-REPRESENTATIVE).
        "collectivite": "blocking",
        # Untouched, and holding a blocking point (no school, no expense, no project): to complete.
        "ecoles": "todo",
        "etat": "empty",
        "budget": "todo",
        # Nothing requires a co-funder.
        "cofinancements": "optional",
        "projet": "todo",
        "recap": "blocking",
    }
    bar = squash(page[page.index('class="steps"') : page.index("</nav>", page.index('class="steps"'))])
    assert (
        "1 Collectivité À corriger" in bar
        and "2 Écoles À compléter" in bar
        and "Non commencée 4 Budget" in bar
        and "5 Cofinancements Facultative" in bar
        and "6 Projet pédagogique À compléter" in bar
    )
    assert 'aria-current="step"' in page


def test_steps_become_complete_as_the_team_fills_them(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/collectivite", collectivite_form())
    member.post(f"{base}/ecoles/nouvelle", school_form(classes="1", pupils="20"))
    school = schools(dossier_id)[0]
    member.post(f"{base}/etat/{school.id}", inventory_form(school.version, classe_affichage=1))
    member.post(
        f"{base}/budget/nouvelle",
        line_form(category="classe_poste_enseignant", quantity="1", unit_price_ht="3500"),
    )
    member.post(f"{base}/projet", project_form())
    found = statuses(text(member.get(f"{base}/recap")))
    assert found["collectivite"] == found["ecoles"] == found["etat"] == found["projet"] == "complete"
    assert found["budget"] == "complete"


def test_a_half_written_project_is_in_progress(team):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/projet", project_form(ien="", concertation=""))
    assert statuses(text(member.get(f"/dossiers/{dossier_id}/projet")))["projet"] == "progress"


def test_the_class_cap_is_shown_on_the_budget_page_for_its_school(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/ecoles/nouvelle", school_form(classes="1"))
    member.post(f"{base}/budget/nouvelle", line_form(quantity="2", unit_price_ht="2000"))
    page = text(member.get(f"{base}/budget"))
    school = schools(dossier_id)[0]
    here = section(page, f"school-{school.id}")
    assert "dépasse le plafond de 3 500,00 € par classe × 1 classes = 3 500,00 €" in here
    assert "500,00 € ne seront pas subventionnés" in here


def test_a_line_without_its_school_is_flagged_next_to_the_line(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/ecoles/nouvelle", school_form())
    member.post(f"{base}/budget/nouvelle", line_form(school="__dossier__", label="VPI sans école"))
    line = lines(dossier_id)[0]
    # The page opens on the school; its summary counts the dossier-wide line's blocking point.
    summary = text(member.get(f"{base}/budget"))
    common = re.search(r"<tr>(?:(?!</tr>).)*\?ecole=dossier(?:(?!</tr>).)*</tr>", summary, re.S).group(0)
    cells = re.findall(r'<td class="num"[^>]*>(.*?)</td>', common)
    lines_count, _ht, _ttc, blocking, _to_check = cells
    assert lines_count == "1" and blocking == '<span class="badge badge-blocking">1</span>'
    page = text(member.get(f"{base}/budget?ecole=dossier"))
    row = page[page.index(f'id="line-{line.id}"') :]
    findings_row = squash(row[row.index("</tr>") : row.index("</tr>", row.index("</tr>") + 5)])
    assert "La ligne d'équipement « VPI sans école » n'est rattachée à aucune école" in findings_row
    assert 'class="row-blocking"' in page or "row-blocking" in row[: row.index("</tr>")]
    assert statuses(page)["budget"] == "blocking"


def test_a_line_naming_a_school_absent_from_the_dossier_is_listed_apart(team, ctx):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/ecoles/nouvelle", school_form())
    member.post(f"/dossiers/{dossier_id}/budget/nouvelle", line_form())
    execute(sa.update(LineRecord).values(school_uai="0750655E"))
    page = text(member.get(f"/dossiers/{dossier_id}/budget?ecole=autres"))
    orphans = section(page, "orphans")
    assert "Lignes rattachées à une école absente du dossier" in orphans
    assert "rattachée à l'UAI 0750655E, qui n'est pas une école du dossier" in orphans
    edit = text(member.get(f"/dossiers/{dossier_id}/budget/{lines(dossier_id)[0].id}"))
    assert "École inconnue (0750655E)" in edit


def test_a_wrong_siret_is_shown_under_the_siret_field(team):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/collectivite", collectivite_form(siret="21710112000013"))
    page = text(member.get(f"/dossiers/{dossier_id}/collectivite"))
    between = squash(page[page.index('id="siret"') : page.index('for="insee"')])
    assert "Le SIRET « 21710112000013 » n'est pas valide" in between


def test_a_school_already_at_the_socle_is_flagged_on_the_etat_des_lieux(team, ctx):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/ecoles/nouvelle", school_form(classes="1"))
    school = schools(dossier_id)[0]
    full = dict(
        classe_affichage=1,
        classe_poste_enseignant=1,
        classe_audio=1,
        classe_capture=1,
        direction_poste=1,
        direction_impression=1,
        mobile_tablettes=1,
    )
    member.post(f"/dossiers/{dossier_id}/etat/{school.id}", inventory_form(school.version, **full))
    page = text(member.get(f"/dossiers/{dossier_id}/etat"))
    here = section(page, f"school-{school.id}")
    assert "l'école élémentaire du Bourg dispose déjà de tout le socle numérique de base" in here


def test_the_recap_lists_every_finding_with_a_link_to_its_place(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/ecoles/nouvelle", school_form())
    member.post(f"{base}/budget/nouvelle", line_form(school="__dossier__", label="VPI sans école"))
    line = lines(dossier_id)[0]
    page = text(member.get(f"{base}/recap"))
    items = re.findall(r'<li class="finding finding-(\w+)">(.*?)</li>', page, re.S)
    links = [re.search(r'href="([^"]+)"', body).group(1) for _sev, body in items]
    assert f"{base}/budget?ligne={line.id}#line-{line.id}" in links
    assert f"{base}/projet" in links
    assert all(link.startswith(base + "/") for link in links)
    assert "point(s) bloquant(s) empêchent le dépôt" in squash(page)
    codes = squash(page)
    assert (
        "Corriger dans l'étape « Budget »" in codes
        and "Corriger dans l'étape « Projet pédagogique »" in codes
    )


def test_the_uai_is_checked_as_it_is_typed_by_the_server(team):
    member, _org, _dossier = team
    ok = member.get(f"/dossiers/verifier-uai?uai={BOURG.lower()}").get_json()
    assert ok == {"valid": True, "message": "UAI valide."}
    wrong = member.get("/dossiers/verifier-uai?uai=0710001A").get_json()
    assert wrong["valid"] is False and "« R »" in wrong["message"]
    shape = member.get("/dossiers/verifier-uai?uai=abc").get_json()
    assert shape["valid"] is False and "7 chiffres puis une lettre" in shape["message"]


def test_the_recap_of_a_real_dossier_says_the_call_is_closed_today(team, app):
    member, _org, dossier_id = team
    page = squash(text(member.get(f"/dossiers/{dossier_id}/recap")))
    assert "est en dehors de cette période" in page
    assert "Aucun point bloquant" not in page


def test_the_live_check_describes_a_uai_the_directory_knows(team, app):
    from pathlib import Path

    member, _org, _dossier = team
    acigne = Path(__file__).parent.parent / "directory" / "files" / "annuaire-35-acigne.csv"
    assert app.test_cli_runner().invoke(args=["directory", "load", str(acigne)]).exit_code == 0
    known = member.get("/dossiers/verifier-uai?uai=0352358y").get_json()
    assert known["valid"] is True
    assert known["message"] == (
        "UAI valide : dans l'annuaire de l'éducation, Ecole primaire privée Ste Jeanne d'Arc, "
        "à Acigné (Primaire, Privé sous contrat)."
    )
    assert known["directory"] == {
        "name": "Ecole primaire privée Ste Jeanne d'Arc",
        "kind": "primaire",
        "sector": "prive_sous_contrat",
        "commune": "Acigné",
    }
    assert known["take"] == "Reprendre les données de l'annuaire"
    # A valid UAI the directory does not know: the plain verdict, nothing to take.
    assert member.get(f"/dossiers/verifier-uai?uai={BOURG}").get_json() == {
        "valid": True,
        "message": "UAI valide.",
    }
