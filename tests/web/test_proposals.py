"""Proposed budget lines explain themselves: every need is proposed, or listed with its reason."""

from __future__ import annotations

import pytest

from .factories import (
    collectivite_form,
    inventory_form,
    line_form,
    lines,
    record,
    school_form,
    schools,
    squash,
    text,
)

SOCLE_IN_CLASSES = dict(classe_affichage=3, classe_poste_enseignant=3, classe_audio=3, reseau_actif=1)


def _school_with_needs(member, dossier_id, **form):
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/ecoles/nouvelle", school_form(classes="3", **form))
    school = schools(dossier_id)[0]
    member.post(f"{base}/etat/{school.id}", inventory_form(school.version, **SOCLE_IN_CLASSES))
    return school


def test_the_needs_left_out_of_a_proposal_are_named_with_their_reason(team):
    member, _org, dossier_id = team
    school = _school_with_needs(member, dossier_id)
    page = squash(
        text(member.post(f"/dossiers/{dossier_id}/budget/proposer/{school.id}", follow_redirects=True))
    )
    assert "4 ligne(s) proposée(s) d'après les besoins de l'école" in page
    assert {ln.category for ln in lines(dossier_id)} == {
        "classe_capture",
        "direction_poste",
        "direction_impression",
        "mobile_tablettes",
    }
    no_price = page[page.index("Non proposé(s), pas de prix indicatif") :]
    no_price = no_price[: no_price.index(".")]
    assert "Câblage, raccordement des classes (1)" in no_price and "Bornes Wi-Fi (1)" in no_price
    assert "Visualiseur (facultatif) (3)" in no_price
    assert "Commutateurs" not in no_price  # already there: not a need
    assert (
        "Non proposé(s), un seul lot mobile est proposé ; remplacez-le par celui-ci si vous le préférez : "
        "Classe mobile d'ordinateurs portables (1)" in page
    )


def test_the_budget_page_lists_every_need_before_anything_is_proposed(team):
    member, _org, dossier_id = team
    school = _school_with_needs(member, dossier_id)
    page = text(member.get(f"/dossiers/{dossier_id}/budget"))
    block = squash(
        page[
            page.index(f'id="needs-{school.id}"') : page.index(
                "</details>", page.index(f'id="needs-{school.id}"')
            )
        ]
    )
    assert "Besoins de l'école et lignes proposées (4 à proposer)" in block
    assert "Ordinateur de la direction (1) : proposée, 1 × 800,00 € HT (prix indicatif)" in block
    assert "Bornes Wi-Fi (1) : non proposée, pas de prix indicatif dans le catalogue de l'appel" in block
    assert "Micro et enceintes" not in block  # every class has it


def test_a_school_outside_the_call_gets_nothing_proposed_and_says_why(team):
    member, _org, dossier_id = team
    school = _school_with_needs(member, dossier_id, kind="maternelle")
    page = squash(
        text(member.post(f"/dossiers/{dossier_id}/budget/proposer/{school.id}", follow_redirects=True))
    )
    assert lines(dossier_id) == []
    assert "Aucune ligne proposée pour l'école" in page
    assert "Non proposé(s), l'école n'est pas éligible à l'appel (type ou secteur)" in page
    assert "Ordinateur de la direction (1)" in page


def test_proposing_every_need_of_a_five_class_school_stays_within_its_cap(team):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/ecoles/nouvelle", school_form(classes="5", pupils="110"))
    school = schools(dossier_id)[0]
    page = squash(text(member.post(f"{base}/budget/proposer/{school.id}", follow_redirects=True)))
    assert "ligne(s) proposée(s)" in page
    added = lines(dossier_id)
    assert added
    # 3 500,00 € per class × 5: the proposal never trips the per-class cap it was made under.
    assert sum(ln.quantity * ln.unit_price_ht for ln in added) <= 17500
    assert "EQ-CAP-CLASS" not in text(member.get(f"{base}/recap"))
    assert "dépasse le plafond" not in page


def _needs_block(page: str, school) -> str:
    start = page.index(f'id="needs-{school.id}"')
    return squash(page[start : page.index("</details>", start)])


EQUIPPED_BUT_AUDIO = dict(
    classe_affichage=3,
    classe_poste_enseignant=3,
    classe_capture=1,
    mobile_portables=1,
    direction_poste=1,
    direction_impression=1,
)


# The cap of 3 classes is 10 500 € on the subsidy base: HT when VAT is recovered (10 200 € HT
# leaves 2 × 150 €), TTC otherwise (8 350 € HT is 10 020 € TTC: room for 2 × 180 € TTC).
@pytest.mark.parametrize(("vat_recovered", "cabling"), [(True, "10 200"), (False, "8 350")])
def test_a_need_scaled_down_to_the_cap_lists_what_it_leaves_out_before_and_after(
    team, vat_recovered, cabling
):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    form = collectivite_form(version=str(record(dossier_id).version_collectivite))
    if not vat_recovered:
        del form["vat_recovered"]
    member.post(f"{base}/collectivite", form)
    assert record(dossier_id).vat_recovered is vat_recovered
    member.post(f"{base}/ecoles/nouvelle", school_form(classes="3"))
    school = schools(dossier_id)[0]
    member.post(f"{base}/etat/{school.id}", inventory_form(school.version, **EQUIPPED_BUT_AUDIO))
    member.post(
        f"{base}/budget/nouvelle",
        line_form(category="reseau_cablage", label="Câblage", quantity="1", unit_price_ht=cabling),
    )
    before = _needs_block(text(member.get(f"{base}/budget")), school)
    assert (
        "Micro et enceintes (3) : proposée, 2 × 150,00 € HT (prix indicatif) ; "
        "1 non proposé(e)s, au-delà du plafond de l'école" in before
    )
    page = text(member.post(f"{base}/budget/proposer/{school.id}", follow_redirects=True))
    audio = [ln for ln in lines(dossier_id) if ln.category == "classe_audio"]
    assert [ln.quantity for ln in audio] == [2]
    assert "Non proposé(s), au-delà du plafond de l'école : Micro et enceintes (1 sur 3)." in squash(page)
    after = _needs_block(page, school)
    assert "Micro et enceintes (1) : non proposée, au-delà du plafond de l'école" in after
    assert "EQ-CAP-CLASS" not in text(member.get(f"{base}/recap"))


def test_a_mobile_pack_left_out_by_the_one_in_the_budget_says_so(team):
    member, _org, dossier_id = team
    school = _school_with_needs(member, dossier_id)
    page = text(member.post(f"/dossiers/{dossier_id}/budget/proposer/{school.id}", follow_redirects=True))
    assert "mobile_tablettes" in {ln.category for ln in lines(dossier_id)}
    block = _needs_block(page, school)
    assert (
        "Classe mobile d'ordinateurs portables (1) : non proposée, un lot mobile équivalent est déjà "
        "au budget de l'école : Classe mobile de tablettes" in block
    )
    assert "besoin déjà couvert" not in block  # the état des lieux has no mobile pack


def test_a_mobile_pack_left_out_by_the_one_the_school_has_says_so(team):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/ecoles/nouvelle", school_form(classes="3"))
    school = schools(dossier_id)[0]
    member.post(f"{base}/etat/{school.id}", inventory_form(school.version, mobile_tablettes=1))
    block = _needs_block(text(member.get(f"{base}/budget")), school)
    assert (
        "Classe mobile d'ordinateurs portables (1) : non proposée, l'école a déjà un lot mobile "
        "équivalent d'après l'état des lieux : Classe mobile de tablettes" in block
    )
