"""English pages read as English: no French mark in a title, no French punctuation in a formula
or a rate, dates no reader misreads, the creator's delegation translated."""

from __future__ import annotations

import re

from .factories import record, squash, text


def test_a_practice_copy_keeps_its_title_and_shows_a_translated_badge(filled):
    filled.member.get("/langue/en")
    response = filled.member.post(filled.url("/copie-entrainement"))
    copy_id = int(re.search(r"/dossiers/(\d+)/recap", response.headers["Location"]).group(1))
    assert "entraînement" not in record(copy_id).title
    page = squash(text(filled.member.get(f"/dossiers/{copy_id}/recap")))
    assert "Practice dossier" in page and "entraînement" not in page


def test_the_creators_delegation_is_in_english(filled):
    filled.member.get("/langue/en")
    page = squash(text(filled.member.get(f"/collectivites/{filled.org_id}/membres")))
    assert "Créateur" not in page and "Creator of the collectivité's space" in page


def test_english_formulas_rates_and_dates(filled, app):
    from flask_babel import force_locale, gettext

    filled.member.get("/langue/en")
    page = squash(text(filled.member.get(filled.url("/budget"))))
    formula = re.search(r"Equipment counted: min\([^)]*\)", page).group(0)
    assert ";" not in formula and ", cap " in formula, formula
    with app.test_request_context(), force_locale("en"):
        assert gettext("%(p)s %% accordés dans le département", p="0").startswith("0% granted")
    history = squash(text(filled.member.get(filled.url("/historique"))))
    assert re.search(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d\b", history), history[:3000]
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2}, \d{1,2}:\d\d [AP]M\b", history)
