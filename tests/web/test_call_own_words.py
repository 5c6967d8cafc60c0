"""Each call's pages speak its own words: the steps' titles and help, the directory's figures and
the comparison's totals come from the call's file, so a label dossier never reads « cycles 2 et
3 » or « Volet » while a 2021 dossier still does where it did (issue #15)."""

from __future__ import annotations

import pytest

from grants.call import get_call
from services.steps import STEP_KEYS, STEPS, step_help, steps_of

from .test_label_call import text_of, upload
from .test_label_call_words import words

LABEL, SNEE = "label-ecoles-numeriques-2020", "snee-2021"


@pytest.mark.parametrize("example", ["label-village", "label-rpi"])
def test_no_page_of_a_label_dossier_says_cycles_2_and_3_or_volet(team, example):
    member, org_id, _dossier_id = team
    dossier_id = upload(member, org_id, example)
    for step in STEP_KEYS:
        page = words(member.get(f"/dossiers/{dossier_id}/{step}"))
        assert "cycles 2 et 3" not in page, step
        assert "Volet" not in page, step


def test_a_2021_dossier_still_says_its_volets_and_cycles(team):
    member, org_id, _dossier_id = team
    dossier_id = upload(member, org_id, "ville-14-ecoles")
    assert "Classes de cycles 2 et 3" in words(member.get(f"/dossiers/{dossier_id}/ecoles"))
    budget = words(member.get(f"/dossiers/{dossier_id}/budget"))
    assert (
        "Volet 1 : équipement et réseaux" in budget
        and "Volet 2 : services et ressources numériques" in budget
    )


def test_the_2021_call_states_the_wizards_steps_as_they_were():
    assert steps_of(get_call(SNEE)) == STEPS
    assert [st.key for st in get_call(SNEE).steps] == list(STEP_KEYS)
    assert all(step_help(get_call(SNEE), key) == "" for key in STEP_KEYS)


def test_the_label_call_gives_its_steps_help_and_keeps_the_wizards_pages():
    call = get_call(LABEL)
    assert [key for key, _title in steps_of(call)] == list(STEP_KEYS)
    assert "maternelles comprises" in step_help(call, "ecoles")
    assert "3 500 habitants" in step_help(call, "collectivite")
    # A call without [[steps]] keeps the wizard's own titles.
    assert steps_of(call.with_values(steps=())) == STEPS
    assert steps_of(None) == STEPS


def test_a_step_page_shows_the_calls_help_under_its_title_in_the_readers_language(team):
    member, org_id, dossier_id = team
    label_id = upload(member, org_id, "label-village")
    page = words(member.get(f"/dossiers/{label_id}/ecoles"))
    assert "Toutes les écoles publiques de la commune ou du regroupement, maternelles comprises." in page
    assert 'class="help step-help"' not in text_of(member.get(f"/dossiers/{dossier_id}/ecoles"))
    member.get("/langue/en")
    english = words(member.get(f"/dossiers/{label_id}/ecoles"))
    assert "Every public school of the commune or the grouping, nursery schools included." in english


def test_the_comparisons_totals_are_named_by_the_call(app):
    from web.review.labels import total_label

    with app.test_request_context():
        assert total_label("equipment.subsidy", get_call(SNEE)) == "Volet 1 : subvention"
        assert total_label("services.eligible", get_call(SNEE)) == "Volet 2 : dépense retenue"
        for key in ("equipment.eligible", "equipment.subsidy", "services.eligible", "services.subsidy"):
            assert "Volet" not in total_label(key, get_call(LABEL))
            assert "Volet" not in total_label(key, None)
        assert total_label("state_subsidy", get_call(LABEL)) == "Subvention de l'État demandée"
