"""In a real browser: identifier findings at their field as soon as the step is saved, then the
closed call's way forward, from the recap's blocking point to a practice copy of the dossier."""

from __future__ import annotations

import re

import pytest

from .test_team_journey import journey  # noqa: F401  (the fixture: a page, screenshots, axe-core)

pytestmark = pytest.mark.browser


def sign_up_with_a_real_dossier(page, journey) -> None:  # noqa: F811
    from playwright.sync_api import expect

    journey.goto("/inscription")
    page.get_by_label("Prénom et nom").fill("Claire Moreau")
    page.get_by_label("Courriel professionnel").fill("claire.moreau@mairie.example.fr")
    page.get_by_label("Mot de passe", exact=True).fill("un-mot-de-passe-solide")
    page.get_by_label("Confirmez le mot de passe").fill("un-mot-de-passe-solide")
    page.get_by_role("button", name="Créer mon compte").click()
    page.get_by_role("link", name="Créer ma collectivité").click()
    page.get_by_label("Nom de la collectivité").fill("Commune de Saint-Exemple")
    page.get_by_label("Département").fill("71")
    page.get_by_role("button", name="Créer").click()
    page.get_by_label("Titre du dossier").fill("Socle numérique 2021")
    page.get_by_role("button", name="Créer le dossier").click()
    expect(page.locator("h1")).to_contain_text("Collectivité")


def test_a_wrong_siret_is_said_at_its_field_and_a_closed_call_leads_to_a_practice_copy(journey):  # noqa: F811
    page = journey.page
    from playwright.sync_api import expect

    sign_up_with_a_real_dossier(page, journey)

    # The collectivité step, saved with a SIRET whose key is wrong
    page.get_by_label("SIRET").fill("12345678901234")
    page.get_by_label("Code INSEE de la commune siège").fill("71412")
    page.get_by_label("Nom du représentant légal").fill("Claire Moreau")
    page.get_by_label("Qualité").fill("Maire")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Enregistré, avec 1 point(s) à vérifier dont 1 bloquant(s)")).to_be_visible()
    siret = page.get_by_label("SIRET")
    expect(siret).to_have_attribute("aria-invalid", "true")
    expect(siret).to_have_attribute("aria-describedby", re.compile(r"\bsiret-findings\b"))
    row = page.locator(".form-row").filter(has=page.locator("#siret"))
    expect(row.locator("#siret-findings")).to_contain_text("Le SIRET « 12345678901234 » n'est pas valide")
    # Read with the field: its accessible description carries the finding.
    description = page.evaluate(
        "() => document.getElementById('siret').getAttribute('aria-describedby').split(/\\s+/)"
        ".map(id => document.getElementById(id).innerText).join(' ')"
    )
    assert "n'est pas valide" in description
    journey.check("collectivite-siret-at-field")

    siret.fill("21710112000012")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Enregistré.", exact=True)).to_be_visible()
    expect(page.locator("#siret-findings")).to_have_count(0)
    expect(page.get_by_label("SIRET")).not_to_have_attribute("aria-invalid", "true")

    # The recap: the call's dates, and the closed call's point leads to the way forward
    page.get_by_role("link", name=re.compile("Récapitulatif")).first.click()
    way = page.locator("#way-forward")
    expect(way).to_contain_text("reçoit les dossiers du 14 janvier 2021 au 31 mars 2021 à 23:59")
    expect(way).to_contain_text("L'appel est clos depuis le 31 mars 2021")
    journey.check("recap-closed-call")
    closed = page.locator("li.finding-blocking").filter(has_text="est en dehors de cette période")
    closed.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/recap#way-forward$"))
    page.get_by_role("button", name="Faire une copie d'entraînement").click()

    # The practice copy: marked as such, the window does not bind it
    expect(page.get_by_text("Copie d'entraînement créée")).to_be_visible()
    expect(page.locator(".dossier-meta")).to_contain_text("Dossier d'entraînement")
    expect(page.locator("h1 .dossier-title")).to_have_text("— Socle numérique 2021")  # the mark is a badge
    expect(page.locator("#way-forward")).to_contain_text("la période de l'appel ne s'applique pas")
    expect(page.get_by_role("button", name="Faire une copie d'entraînement")).to_have_count(0)
    expect(page.locator("li.finding-blocking").filter(has_text="en dehors de cette période")).to_have_count(0)
    journey.check("recap-practice-copy")

    # The dashboard lists both, the copy marked, and says when the call opened and closed
    journey.goto("/")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.locator(".badge-practice")).to_have_count(1)
    expect(rows.locator(".badge-practice")).to_have_text("Entraînement")
    # Same title: the copy's link is told apart by its badge, inside the link's name.
    expect(page.get_by_role("link", name="Socle numérique 2021 Entraînement")).to_have_count(1)
    expect(page.locator(".call-window")).to_contain_text("L'appel est clos")
    journey.check("dashboard-two-dossiers")

    assert not journey.violations, "axe-core, serious or critical:\n" + "\n".join(
        f"{name}:\n  " + "\n  ".join(items) for name, items in journey.violations.items()
    )
    assert not journey.console_errors, journey.console_errors
