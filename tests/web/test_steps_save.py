"""Each step of the wizard saves what the team types, and the page shows it back."""

import re
from decimal import Decimal

from .factories import (
    BOURG,
    HAMEAU,
    cofunder_form,
    cofunders,
    collectivite_form,
    figure,
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


def test_the_collectivite_step_saves_identity_representative_and_contact(team, ctx):
    member, _org, dossier_id = team
    response = member.post(
        f"/dossiers/{dossier_id}/collectivite",
        collectivite_form(
            name="Commune de Saint-Exemple-en-Bresse", siret="217 101 120 00012", population="820"
        ),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/dossiers/{dossier_id}/collectivite")
    rec = record(dossier_id)
    assert (rec.name, rec.siret, rec.population, rec.vat_recovered, rec.rep_name, rec.contact_email) == (
        "Commune de Saint-Exemple-en-Bresse",
        "21710112000012",
        820,
        True,
        "Claire Moreau",
        "numerique@mairie.example.fr",
    )
    page = text(member.get(f"/dossiers/{dossier_id}/collectivite"))
    assert "Enregistré." in page and 'value="Claire Moreau"' in page


def test_an_unchecked_vat_box_means_the_subsidy_is_computed_on_ttc(team, ctx):
    member, _org, dossier_id = team
    data = collectivite_form()
    del data["vat_recovered"]
    member.post(f"/dossiers/{dossier_id}/collectivite", data)
    assert record(dossier_id).vat_recovered is False
    member.post(f"/dossiers/{dossier_id}/ecoles/nouvelle", school_form())
    member.post(f"/dossiers/{dossier_id}/budget/nouvelle", line_form(quantity="1", unit_price_ht="1000"))
    page = text(member.get(f"/dossiers/{dossier_id}/budget"))
    assert "Coût du projet (TTC)" in squash(page)


def test_a_school_is_added_edited_and_removed_with_its_lines(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    assert member.post(f"{base}/ecoles/nouvelle", school_form(uai=" 0710001r ")).status_code == 302
    school = schools(dossier_id)[0]
    assert (school.uai, school.classes, school.pupils) == (BOURG, 3, 61)
    assert BOURG in text(member.get(f"{base}/ecoles"))
    form_page = text(member.get(f"{base}/ecoles/{school.id}"))
    assert 'value="École élémentaire du Bourg"' in form_page and "Modifier l'école" in form_page
    member.post(f"{base}/budget/nouvelle", line_form())
    edited = member.post(
        f"{base}/ecoles/{school.id}",
        school_form(uai=HAMEAU, name="École du Hameau", classes="4", version=str(school.version)),
    )
    assert edited.status_code == 302
    school = schools(dossier_id)[0]
    assert (school.uai, school.name, school.classes) == (HAMEAU, "École du Hameau", 4)
    assert lines(dossier_id)[0].school_uai == HAMEAU  # the lines follow a corrected UAI
    removed = member.post(f"{base}/ecoles/{school.id}/supprimer", follow_redirects=True)
    assert "L'école École du Hameau est retirée du dossier, avec 1 ligne(s) de budget." in squash(
        text(removed)
    )
    assert schools(dossier_id) == [] and lines(dossier_id) == []


def test_the_etat_des_lieux_is_saved_and_the_needs_follow(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/ecoles/nouvelle", school_form(classes="3"))
    school = schools(dossier_id)[0]
    response = member.post(
        f"{base}/etat/{school.id}", inventory_form(school.version, classe_affichage=2, reseau_wifi=1)
    )
    assert response.status_code == 302
    assert schools(dossier_id)[0].inventory == {"classe_affichage": 2, "reseau_wifi": 1}
    page = text(member.get(f"{base}/etat"))
    assert f'id="inv-{school.id}-classe_affichage"' in page
    assert 'value="2"' in page
    row = page.split(f'for="inv-{school.id}-classe_affichage"')[1].split("</tr>")[0]
    assert '<td class="num">1</td>' in row  # 3 classes, 2 equipped: 1 needed


def test_a_line_is_added_edited_duplicated_and_deleted(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/ecoles/nouvelle", school_form())
    response = member.post(f"{base}/budget/nouvelle", line_form(quantity="3", unit_price_ht="1 890,00"))
    line, school = lines(dossier_id)[0], schools(dossier_id)[0]
    # Back to the line's school, the section the page shows.
    assert response.headers["Location"].endswith(f"/budget?ecole={school.id}#line-{line.id}")
    assert (line.school_uai, line.quantity, line.unit_price_ht, line.vat_rate) == (
        BOURG,
        Decimal(3),
        Decimal("1890.00"),
        Decimal("0.20"),
    )
    member.post(f"{base}/budget/{line.id}", line_form(quantity="2", label="VPI", version=str(line.version)))
    line = lines(dossier_id)[0]
    assert (line.quantity, line.label) == (Decimal(2), "VPI")
    copy = member.post(f"{base}/budget/{line.id}/dupliquer")
    copied = lines(dossier_id)
    assert len(copied) == 2 and copy.headers["Location"].endswith(f"#line-{copied[1].id}")
    assert (copied[1].label, copied[1].quantity, copied[1].school_uai) == ("VPI", Decimal(2), BOURG)
    deleted = member.post(f"{base}/budget/{copied[0].id}/supprimer")
    assert [ln.id for ln in lines(dossier_id)] == [copied[1].id]
    assert deleted.headers["Location"].endswith(f"/budget?ecole={school.id}#school-{school.id}")


def test_a_dossier_wide_line_belongs_to_no_school(team, ctx):
    member, _org, dossier_id = team
    member.post(
        f"/dossiers/{dossier_id}/budget/nouvelle",
        line_form(
            school="__dossier__",
            category="service_ent",
            label="ENT",
            quantity="1",
            unit_price_ht="1450",
            duration_months="24",
        ),
    )
    line = lines(dossier_id)[0]
    assert (line.school_uai, line.duration_months) == (None, 24)
    page = squash(text(member.get(f"/dossiers/{dossier_id}/budget")))
    assert "Lignes communes à tout le dossier (volet 2)" in page and "24 mois" in page


def test_lines_are_proposed_from_a_schools_needs(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/ecoles/nouvelle", school_form(classes="3"))
    school = schools(dossier_id)[0]
    member.post(f"{base}/etat/{school.id}", inventory_form(school.version, classe_affichage=1))
    response = member.post(f"{base}/budget/proposer/{school.id}", follow_redirects=True)
    proposed = {ln.category: ln for ln in lines(dossier_id)}
    assert proposed["classe_affichage"].quantity == Decimal(2)
    assert proposed["classe_poste_enseignant"].quantity == Decimal(3)
    assert proposed["classe_affichage"].unit_price_ht == Decimal("1890.00")
    assert all(ln.school_uai == BOURG for ln in proposed.values())
    assert f"{len(proposed)} ligne(s) proposée(s) d'après les besoins de l'école" in squash(text(response))
    again = member.post(f"{base}/budget/proposer/{school.id}", follow_redirects=True)
    assert len(lines(dossier_id)) == len(proposed)  # nothing proposed twice
    assert "Aucune ligne proposée pour l'école" in squash(text(again))
    assert "une ligne de cette catégorie est déjà au budget de l'école" in squash(text(again))


def test_a_cofunder_given_as_an_amount(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/ecoles/nouvelle", school_form())
    member.post(f"{base}/budget/nouvelle", line_form(quantity="2", unit_price_ht="1000"))
    member.post(f"{base}/cofinancements/nouveau", cofunder_form(amount="500,50"))
    funder = cofunders(dossier_id)[0]
    assert (funder.funder, funder.amount, funder.rate, funder.base) == (
        "Conseil départemental",
        Decimal("500.50"),
        None,
        None,
    )
    page = squash(text(member.get(f"{base}/cofinancements")))
    assert "Conseil départemental" in page and "500,50 €" in page and "Demandé 500,50 € 25 %" in page


def test_a_cofunder_given_as_a_rate_follows_its_base_when_lines_change(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/ecoles/nouvelle", school_form())
    member.post(f"{base}/budget/nouvelle", line_form(quantity="2", unit_price_ht="1000"))
    member.post(
        f"{base}/cofinancements/nouveau", cofunder_form(mode="rate", amount="", rate="10", base="equipment")
    )
    funder = cofunders(dossier_id)[0]
    assert (funder.rate, funder.base, funder.amount) == (Decimal("0.10"), "equipment", Decimal("200.00"))
    line = lines(dossier_id)[0]
    member.post(
        f"{base}/budget/{line.id}", line_form(quantity="3", unit_price_ht="1000", version=str(line.version))
    )
    assert cofunders(dossier_id)[0].amount == Decimal("300.00")
    member.post(f"{base}/budget/{line.id}/dupliquer")
    assert cofunders(dossier_id)[0].amount == Decimal("600.00")
    member.post(f"{base}/budget/{line.id}/supprimer")
    assert cofunders(dossier_id)[0].amount == Decimal("300.00")
    page = squash(text(member.get(f"{base}/cofinancements")))
    assert "300,00 €" in page and "10 % de l'équipement HT" in page


def test_a_cofunder_is_edited_from_a_rate_to_an_amount_and_removed(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/cofinancements/nouveau", cofunder_form(mode="rate", rate="10", base="project"))
    funder = cofunders(dossier_id)[0]
    form_page = text(member.get(f"{base}/cofinancements/{funder.id}"))
    assert re.search(r'<input checked id="mode-1" name="mode" type="radio" value="rate">', form_page)
    member.post(
        f"{base}/cofinancements/{funder.id}",
        cofunder_form(funder="Région", kind="region", amount="750", version=str(funder.version)),
    )
    funder = cofunders(dossier_id)[0]
    assert (funder.funder, funder.amount, funder.rate, funder.base) == (
        "Région",
        Decimal("750.00"),
        None,
        None,
    )
    member.post(f"{base}/cofinancements/{funder.id}/supprimer")
    assert cofunders(dossier_id) == []


def test_the_project_is_saved_by_its_button(team, ctx):
    member, _org, dossier_id = team
    response = member.post(f"/dossiers/{dossier_id}/projet", project_form())
    assert response.status_code == 302
    rec = record(dossier_id)
    assert rec.summary == "Équiper les classes du socle numérique." and rec.version_project == 2
    assert "Trois conseils des maîtres." in text(member.get(f"/dossiers/{dossier_id}/projet"))


def test_the_project_autosaves_and_answers_in_json_with_the_new_version(team, ctx):
    member, _org, dossier_id = team
    response = member.post(f"/dossiers/{dossier_id}/projet/autosave", project_form(summary="Brouillon"))
    assert response.status_code == 200
    data = response.get_json()
    assert data["saved"] is True and data["version"] == 2 and "Enregistré automatiquement" in data["message"]
    assert record(dossier_id).summary == "Brouillon"
    again = member.post(f"/dossiers/{dossier_id}/projet/autosave", project_form(summary="Suite", version="2"))
    assert again.get_json()["version"] == 3 and record(dossier_id).summary == "Suite"


def test_autosave_with_an_outdated_version_says_a_colleague_changed_the_project(team, actor, ctx):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/projet/autosave", project_form(summary="Le mien"))
    stale = member.post(
        f"/dossiers/{dossier_id}/projet/autosave", project_form(summary="Écrasé ?", version="1")
    )
    assert stale.status_code == 409
    assert stale.get_json()["conflict"] is True and "Karim Benali" in stale.get_json()["message"]
    assert record(dossier_id).summary == "Le mien"


def test_the_side_panel_shows_the_state_subsidy_of_the_rules_engine(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/ecoles/nouvelle", school_form())
    member.post(f"{base}/budget/nouvelle", line_form(quantity="2", unit_price_ht="1000"))
    page = text(member.get(f"{base}/budget"))
    rec = record(dossier_id)
    shown = figure(page, "state-subsidy")
    assert shown.replace(" ", "") == f"{Decimal(rec.state_subsidy_cents) / 100:.2f}".replace(".", ",") + "€"
    assert rec.state_subsidy_cents > 0 and rec.school_count == 1


def test_the_live_preview_computes_without_saving(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/ecoles/nouvelle", school_form())
    member.post(f"{base}/budget/nouvelle", line_form(quantity="1", unit_price_ht="1000"))
    line = lines(dossier_id)[0]
    saved = figure(text(member.get(f"{base}/budget")), "state-subsidy")
    preview = member.post(
        f"{base}/apercu",
        {"_preview": "line", "_target": str(line.id), **line_form(quantity="2", unit_price_ht="1000")},
    )
    assert preview.status_code == 200
    assert "aperçu, non enregistré" in text(preview)
    assert figure(text(preview), "state-subsidy") != saved
    assert lines(dossier_id)[0].quantity == Decimal(1)
    assert figure(text(member.get(f"{base}/budget")), "state-subsidy") == saved


def test_the_arithmetic_in_plain_french_names_the_school(team):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/ecoles/nouvelle", school_form())
    member.post(f"/dossiers/{dossier_id}/budget/nouvelle", line_form(quantity="3", unit_price_ht="1890"))
    page = squash(text(member.get(f"/dossiers/{dossier_id}/budget")))
    arithmetic = page[page.index("Voir le calcul") :]
    assert "Plafond de l'école élémentaire du Bourg 3 500,00 € × 3 = 10 500,00 €" in arithmetic
    assert "%(" not in arithmetic
    assert "70 % × 5 670,00 € = 3 969,00 €" in arithmetic
