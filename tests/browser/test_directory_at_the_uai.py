"""In a real browser: a UAI typed by hand that the loaded directory knows is described as it is
typed, and one button fills the school's name, kind, sector and commune with the directory's; the
team checks them and adds the school, which then agrees with the directory (issue 15)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .test_closed_call_journey import sign_up_with_a_real_dossier
from .test_team_journey import journey  # noqa: F401  (the fixture: a page, screenshots, axe-core)

pytestmark = pytest.mark.browser

ACIGNE = Path(__file__).parent.parent / "directory" / "files" / "annuaire-35-acigne.csv"


def _load_directory(tmp_path) -> None:
    """The Acigné sample into the live server's SQLite file (the same `tmp_path`)."""
    from app import create_app

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'browser.db'}"})
    result = app.test_cli_runner().invoke(args=["directory", "load", str(ACIGNE)])
    assert result.exit_code == 0, result.output


def test_a_uai_the_directory_knows_fills_the_school_with_one_button(journey, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    page = journey.page
    _load_directory(tmp_path)
    sign_up_with_a_real_dossier(page, journey)
    page.get_by_role("link", name=re.compile("Écoles")).first.click()
    uai = page.get_by_label("UAI (numéro de l'école)")
    uai.fill("0352358A")  # a wrong key: refused as it is typed, the field marked
    expect(page.locator("#uai-live")).to_contain_text("la lettre de contrôle est « Y »")
    expect(uai).to_have_attribute("aria-invalid", "true")
    uai.fill("0352358Y")
    live = page.locator("#uai-live")
    expect(live).to_contain_text(
        "dans l'annuaire de l'éducation, Ecole primaire privée Ste Jeanne d'Arc, à Acigné"
    )
    expect(live).to_contain_text("Primaire, Privé sous contrat")
    expect(uai).not_to_have_attribute("aria-invalid", "true")
    journey.check("uai-known-to-the-directory")
    live.get_by_role("button", name="Reprendre les données de l'annuaire").press("Enter")  # by keyboard
    expect(live).to_contain_text("repris de l'annuaire : vérifiez-les")
    name = page.get_by_label("Nom de l'école")
    expect(name).to_be_focused()
    expect(name).to_have_value("Ecole primaire privée Ste Jeanne d'Arc")
    expect(page.get_by_label("Type d'école")).to_have_value("primaire")
    expect(page.get_by_label("Secteur")).to_have_value("prive_sous_contrat")
    expect(page.get_by_label("Commune de l'école")).to_have_value("Acigné")
    page.get_by_label("Classes de cycles 2 et 3").fill("6")
    page.get_by_label("Élèves de cycles 2 et 3").fill("150")
    page.get_by_role("button", name="Ajouter l'école").click()
    expect(page.locator("main")).to_contain_text("Ecole primaire privée Ste Jeanne d'Arc")
    expect(page.locator("main")).not_to_contain_text("dans l'annuaire de l'éducation. Reprenez")
    # Its edit form offers the directory's description at once, without typing the UAI again.
    page.get_by_role("link", name=re.compile("Modifier l'école")).first.click()
    expect(page.locator("#uai-live")).to_contain_text("dans l'annuaire de l'éducation")
    expect(page.locator("#uai-live").get_by_role("button")).to_have_text(
        "Reprendre les données de l'annuaire"
    )
    assert not journey.console_errors, journey.console_errors
    assert not journey.violations, journey.violations
