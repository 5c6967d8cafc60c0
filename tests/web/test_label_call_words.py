"""The label call's pages say only its own words and arithmetic: no per-class cap, no cycles 2
and 3, no volets where the call has none (issue #15's review)."""

from __future__ import annotations

import html
import re
from decimal import Decimal

from .factories import schools
from .test_label_call import expected, money, upload


def words(response) -> str:
    """The page's text, tags left out."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def test_each_school_s_budget_table_ends_with_the_band_s_arithmetic(team):
    member, org_id, _empty = team
    dossier_id = upload(member, org_id, "label-village")
    for school, record in zip(expected("label-village")["schools"], schools(dossier_id), strict=True):
        page = words(member.get(f"/dossiers/{dossier_id}/budget?ecole={record.id}"))
        assert "plafond 0,00" not in page and "Équipement retenu" not in page
        expense, eligible = Decimal(school["expense"]), Decimal(school["eligible_expense"])
        assert f"Dépense retenue : min({money(expense)} ; {money('14000')}) = {money(eligible)}" in page


def test_a_school_below_the_floor_shows_the_floor(team):
    from .factories import line_form, school_form

    member, org_id, _empty = team
    response = member.post(
        f"/collectivites/{org_id}/dossiers", data={"title": "L", "call_id": "label-ecoles-numeriques-2020"}
    )
    base = response.headers["Location"].split("/dossiers/")[1].split("/")[0]
    base = f"/dossiers/{base}"
    assert member.post(f"{base}/ecoles/nouvelle", school_form()).status_code == 302
    # 1 × 2 999,99 €: below the 3 000,00 € floor, nothing is retained.
    assert (
        member.post(f"{base}/budget/nouvelle", line_form(quantity="1", unit_price_ht="2 999,99")).status_code
        == 302
    )
    page = words(member.get(f"{base}/budget"))
    assert (
        f"Dépense retenue : {money('2999.99')}, sous le plancher de {money('3000')} par école = {money('0')}"
        in page
    )


def new_label_dossier(member, org_id) -> str:
    response = member.post(
        f"/collectivites/{org_id}/dossiers", data={"title": "L", "call_id": "label-ecoles-numeriques-2020"}
    )
    assert response.status_code == 302
    return "/dossiers/" + response.headers["Location"].split("/dossiers/")[1].split("/")[0]


def test_the_label_call_s_no_school_message_names_its_own_schools(team):
    member, org_id, dossier_id = team
    base = new_label_dossier(member, org_id)
    page = words(member.get(f"{base}/ecoles"))
    assert "Aucune école éligible" in page and "maternelle" in page
    assert "cycles 2 et 3" not in page
    # The 2021 call keeps its own words.
    page_2021 = words(member.get(f"/dossiers/{dossier_id}/ecoles"))
    assert "avec ses classes de cycles 2 et 3" in page_2021


def test_the_label_call_s_import_templates_speak_its_words(team):
    member, org_id, dossier_id = team
    base = new_label_dossier(member, org_id)
    template = member.get(f"{base}/import/ecoles/modele.csv").get_data(as_text=True)
    assert "Classes" in template and "cycles 2 et 3" not in template
    page = words(member.get(f"{base}/import/lignes"))
    assert "vide pour une dépense de tout le dossier" not in page and "volet 2" not in page
    # No subscription months where the call does not cap them, as its budget form asks none.
    lines_template = member.get(f"{base}/import/lignes/modele.csv").get_data(as_text=True)
    assert "Libellé" in lines_template and "Durée" not in lines_template
    assert "Durée" not in page
    # The 2021 call keeps its own headers and hints.
    template_2021 = member.get(f"/dossiers/{dossier_id}/import/ecoles/modele.csv").get_data(as_text=True)
    assert "Classes (cycles 2 et 3)" in template_2021
    assert "vide pour une dépense de tout le dossier (volet 2)" in words(
        member.get(f"/dossiers/{dossier_id}/import/lignes")
    )
    assert "Durée (mois)" in member.get(f"/dossiers/{dossier_id}/import/lignes/modele.csv").get_data(
        as_text=True
    )


def test_a_label_line_row_without_a_school_is_not_previewed_as_the_whole_dossier(team):
    member, org_id, _dossier = team
    base = new_label_dossier(member, org_id)
    import io

    csv = "UAI de l'école;Catégorie;Libellé;Quantité;Prix unitaire HT (€)\r\n;classe_affichage;VPI;1;100\r\n"
    response = member.post(
        f"{base}/import/lignes",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(csv.encode()), "l.csv")},
    )
    page = words(response)
    assert "VPI" in page and "Aucune école" in page
    assert "Tout le dossier" not in page


def test_the_label_budget_and_cofunding_offer_nothing_of_volets(team):
    member, org_id, dossier_id = team
    label_id = upload(member, org_id, "label-village")
    budget = words(member.get(f"/dossiers/{label_id}/budget"))
    assert "Lignes communes à tout le dossier" not in budget
    assert "Durée (mois)" not in budget
    cofunding = member.get(f"/dossiers/{label_id}/cofinancements").get_data(as_text=True)
    assert 'value="project"' in cofunding
    assert 'value="equipment"' not in cofunding and 'value="services"' not in cofunding
    # The 2021 call keeps its volets, its durations and every base.
    budget_2021 = words(member.get(f"/dossiers/{dossier_id}/budget"))
    assert "Lignes communes à tout le dossier (volet 2)" in budget_2021 and "Durée (mois)" in budget_2021
    cofunding_2021 = member.get(f"/dossiers/{dossier_id}/cofinancements").get_data(as_text=True)
    assert 'value="equipment"' in cofunding_2021 and 'value="services"' in cofunding_2021


def test_the_population_help_says_the_label_call_requires_it(team):
    member, org_id, dossier_id = team
    base = new_label_dossier(member, org_id)
    page = words(member.get(f"{base}/collectivite"))
    assert "Population municipale (facultatif)." not in page
    assert "obligatoire pour une commune" in page
    assert "Population municipale (facultatif)." in words(member.get(f"/dossiers/{dossier_id}/collectivite"))


def test_the_missing_population_is_asked_for_where_the_reader_is(team):
    from .factories import collectivite_form, record

    member, org_id, _empty = team
    base = new_label_dossier(member, org_id)
    dossier_id = int(base.rsplit("/", 1)[1])
    form = collectivite_form(population="", version=str(record(dossier_id).version_collectivite))
    step = words(member.post(f"{base}/collectivite", data=form, follow_redirects=True))
    assert "La population de la commune n'est pas indiquée" in step
    assert "Indiquez-la dans le champ « Population »" in step and "à l'étape Collectivité" not in step
    recap = words(member.get(f"{base}/recap"))
    assert "Indiquez-la à l'étape Collectivité" in recap  # elsewhere, the step is named


def test_the_inventory_names_its_school_with_de_elided(team):
    from .factories import school_form

    member, _org_id, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    assert (
        member.post(f"{base}/ecoles/nouvelle", school_form(name="Ecole primaire du Bourg")).status_code == 302
    )
    school = schools(dossier_id)[0]
    page = words(member.get(f"{base}/etat?ecole={school.id}"))
    assert "État des lieux et besoins de l'Ecole primaire du Bourg" in page
    assert "Enregistrer l'état des lieux de l'Ecole primaire du Bourg" in page
    assert "de Ecole" not in page


def test_the_budget_summary_counts_each_school_s_points_to_check(team):
    """The budget shows one school at a time: another school's warning (below the band's floor)
    is counted in the summary table, so the team sees it without opening each school."""
    member, org_id, _empty = team
    dossier_id = upload(member, org_id, "label-rpi")
    granges, _moulin, cote = schools(dossier_id)
    page = member.get(f"/dossiers/{dossier_id}/budget?ecole={granges.id}").get_data(as_text=True)
    start = page.index('id="sections-title"')
    summary = page[start : page.index("</table>", start)]
    rows = {
        m.group(1): m.group(0)
        for m in re.finditer(r"<tr[^>]*><th scope=\"row\">.*?\((\d{7}[A-Z])\).*?</tr>", summary)
    }
    assert "Points à vérifier" in summary
    assert '<span class="badge badge-warning">1</span>' in rows[cote.uai]
    assert "badge-warning" not in rows[granges.uai]
    # The page itself lists only the shown school's points; the other school's page lists its own.
    assert "aucune subvention" not in words(member.get(f"/dossiers/{dossier_id}/budget?ecole={granges.id}"))
    assert "aucune subvention" in words(member.get(f"/dossiers/{dossier_id}/budget?ecole={cote.id}"))


def test_the_budget_summary_counts_what_each_school_s_section_shows(team):
    """A school's point fixed on another step (a school of another département) is listed in its
    budget section, so the summary counts it too: the count is what opening the school shows."""
    from .factories import school_form

    member, org_id, _empty = team
    dossier_id = upload(member, org_id, "label-rpi")
    granges, moulin, _cote = schools(dossier_id)
    other = "0350103X"  # an Ille-et-Vilaine school in a dossier of Saône-et-Loire
    saved = member.post(
        f"/dossiers/{dossier_id}/ecoles/{moulin.id}",
        school_form(
            uai=other,
            name=moulin.name,
            classes=str(moulin.classes),
            pupils=str(moulin.pupils),
            version=str(moulin.version),
        ),
    )
    assert saved.status_code == 302
    page = member.get(f"/dossiers/{dossier_id}/budget?ecole={granges.id}").get_data(as_text=True)
    start = page.index('id="sections-title"')
    row = next(r for r in page[start : page.index("</table>", start)].split("<tr") if f"({other})" in r)
    assert '<span class="badge badge-warning">1</span>' in row
    section = words(member.get(f"/dossiers/{dossier_id}/budget?ecole={moulin.id}"))
    assert "relève du département 35" in section


def test_the_budget_totals_do_not_call_the_cost_before_caps_the_subsidy_base(team):
    """The dossier's totals on the Budget step end with the cost on the subsidy's base before the
    caps (the panel's « Coût du projet »); « Base de la subvention » is the recap's figure after
    the caps and the floor, which a school below the floor makes smaller."""
    member, org_id, _empty = team
    dossier_id = upload(member, org_id, "label-rpi")
    page = words(member.get(f"/dossiers/{dossier_id}/budget"))
    totals = page[page.index("Totaux du dossier") :]
    assert "Base de la subvention" not in totals and "Coût retenu avant plafonds" in totals
    amount = r"(\d[\d\s]*,\d\d\s€)"
    cost = re.search(r"Coût du projet \((?:HT|TTC)\) " + amount, page).group(1)
    footer = re.search(r"Dossier " + r"\s".join([amount] * 3), totals)
    assert footer is not None and footer.group(3) == cost
