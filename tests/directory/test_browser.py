"""In a real browser: typing in the directory search fills the add-school form, and a commune's
schools are ticked and added at once; axe-core finds nothing serious on these pages.

Playwright's sync API runs one instance per thread: tests/browser keeps its Chromium open for the
whole session, so this test drives its own in a thread of its own."""

from __future__ import annotations

import re
import threading

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, axe_source, live_server  # noqa: F401 - fixtures

from .conftest import ANNUAIRE_2023, ANNUAIRE_2026, EFFECTIFS, TILLEULS

pytestmark = pytest.mark.browser
SERIOUS = ("serious", "critical")


def _load_directory(base_url: str, tmp_path) -> None:
    from app import create_app
    from directory.parse import read_file
    from models import db
    from services.directory import load_directory

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'browser.db'}"})
    with app.app_context():
        load_directory([read_file(p) for p in (ANNUAIRE_2026, ANNUAIRE_2023, EFFECTIFS)])
        db.session.commit()
        db.engine.dispose()


def _serious_violations(page, source: str) -> list[str]:
    page.evaluate(source + "\n;undefined")
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))""")
    return [f"{v['id']} at {v['nodes']}" for v in found if v["impact"] in SERIOUS]


def _new_dossier(page, base: str) -> None:
    page.goto(base + "/inscription")
    page.get_by_label("Prénom et nom").fill("Claire Moreau")
    page.get_by_label("Courriel professionnel").fill("claire.moreau@mairie.example.fr")
    page.get_by_label("Mot de passe", exact=True).fill("un-mot-de-passe-solide")
    page.get_by_label("Confirmez le mot de passe").fill("un-mot-de-passe-solide")
    page.get_by_role("button", name="Créer mon compte").click()
    page.get_by_role("link", name="Créer ma collectivité").click()
    page.get_by_label("Nom de la collectivité").fill("Commune de Saint-Rémy")
    page.get_by_label("SIRET").fill("21710112000012")
    page.get_by_label("Code INSEE de la commune siège").fill("71412")
    page.get_by_label("Département").fill("71")
    page.get_by_role("button", name="Créer").click()
    page.get_by_label("Titre du dossier").fill("Socle numérique 2021")
    page.get_by_role("button", name="Créer le dossier").click()


def _in_own_thread(journey, *args) -> None:
    """Run a browser journey with its own Playwright in a new thread; its failure fails the test."""
    failures: list[BaseException] = []

    def run():
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                try:
                    journey(browser, *args)
                finally:
                    browser.close()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test's thread
            failures.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=300)
    assert not thread.is_alive(), "the browser journey did not finish in 5 minutes"
    if failures:
        raise failures[0]


@pytest.fixture
def browser_ready():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent")
    pytest.importorskip("playwright.sync_api", reason="the Python package playwright is not installed")


def test_a_team_picks_a_school_then_ticks_its_communes_schools(  # noqa: F811
    browser_ready,
    live_server,  # noqa: F811
    axe_source,  # noqa: F811
    tmp_path,
):
    _load_directory(live_server, tmp_path)
    _in_own_thread(_journey, live_server, axe_source)


def _journey(chromium, base: str, axe: str) -> None:
    from playwright.sync_api import expect

    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _new_dossier(page, base)
    page.get_by_role("link", name=re.compile("Écoles")).first.click()

    search = page.get_by_role("combobox", name="Trouver l'école dans l'annuaire")
    search.press_sequentially("tilleuls", delay=30)
    option = page.get_by_role("option", name=re.compile("Les Tilleuls"))
    expect(option).to_be_visible()
    expect(option).to_contain_text("estimées")
    assert _serious_violations(page, axe) == []
    search.press("ArrowDown")
    search.press("Enter")
    expect(page.locator("#uai")).to_have_value(TILLEULS)
    expect(page.locator("#kind")).to_have_value("primaire")
    expect(page.locator("#classes")).to_have_value("4")
    expect(page.locator("#pupils")).to_have_value("86")
    expect(page.locator("#directory-picked")).to_contain_text("Formulaire rempli d'après l'annuaire")
    page.locator("#pupils").fill("86")  # still editable; unchanged figures keep their source
    page.get_by_role("button", name="Ajouter l'école").click()
    expect(page.get_by_role("cell", name=TILLEULS)).to_be_visible()
    expect(page.get_by_text("d'après l'annuaire, rentrée 2020 (classes estimées)")).to_be_visible()

    page.get_by_role("link", name=re.compile("Ajouter les écoles d'une commune")).click()
    expect(page.get_by_label(re.compile("Saint-Rémy \\(71412\\)"))).to_be_checked()
    assert _serious_violations(page, axe) == []
    page.get_by_role("button", name="Ajouter les écoles cochées").click()
    expect(page.get_by_text("3 écoles ajoutées depuis l'annuaire")).to_be_visible()
    expect(page.get_by_text("Circonscriptions concernées")).to_be_visible()
    assert errors == []
    context.close()
