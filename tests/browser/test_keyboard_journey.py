"""From sign-in to the proof of deposit with the keyboard alone: Tab, Shift+Tab, Space and Enter;
no click, and the focus is visible at every stop."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

EMAIL, PASSWORD = "clavier@mairie.example.fr", "au-clavier-seulement"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "petite-commune.json"


@pytest.fixture
def server(tmp_path):
    """A team with a complete practice dossier (the 2021 call is closed: practice deposits only)."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from app import create_app
    from commands.dossier import read_dossier_file
    from models import db
    from services import accounts
    from services.dossiers import import_dossier
    from services.organisations import organisation_named

    app = create_app(
        {
            "SECRET_KEY": "keyboard-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'keyboard.db'}",
            "WTF_CSRF_ENABLED": True,
            "MAIL_SERVER": "",
            "TESTING": False,
        }
    )
    with app.app_context():
        upgrade()
        user = accounts.create_user(EMAIL, "Camille Clavier", PASSWORD)
        dossier = read_dossier_file(str(EXAMPLE), "fr")
        org = organisation_named(dossier.collectivite.name, dossier, member=user)
        import_dossier(org, user, dossier, "Dossier au clavier", practice=True)
        db.session.commit()
    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join(timeout=10)


class Keyboard:
    def __init__(self, page):
        self.page = page

    def focused(self) -> dict:
        return self.page.evaluate("""() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName, name: (el.getAttribute('aria-label') || el.labels?.[0]?.textContent
                        || el.textContent || el.value || '').trim().replace(/\\s+/g, ' '),
                    id: el.id, outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
        }""")

    def tab_to(self, text: str, limit: int = 200) -> dict:
        """Press Tab until the focused element's name holds `text`; its focus must be visible."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            now = self.focused()
            if text in now["name"]:
                assert now["outline"], f"the focus on {text!r} is not visible: {now}"
                return now
        raise AssertionError(f"{text!r} cannot be reached with Tab")


def test_a_member_signs_in_and_deposits_with_the_keyboard_alone(chromium, server):
    from playwright.sync_api import expect

    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30000)
    page.on("dialog", lambda dialog: dialog.accept())  # the browser's own confirmation, by Enter
    keys = Keyboard(page)
    page.goto(server + "/connexion")

    keys.tab_to("Aller au contenu")  # the skip link comes first
    page.keyboard.press("Enter")
    keys.tab_to("Courriel")
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Mes dossiers")

    keys.tab_to("Dossier au clavier")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Récapitulatif")

    keys.tab_to("Je certifie")
    page.keyboard.press("Space")
    assert page.locator("#certify").is_checked()
    keys.tab_to("Déposer")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Preuve de dépôt")
    # The confirmation is announced: the focus is on it, not at the top of the page.
    assert page.evaluate("document.activeElement.classList.contains('flashes')")
    context.close()
