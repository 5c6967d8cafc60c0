"""After a save on every step of the wizard, the focus lands on the confirmation (or, when the save
was refused, on the error summary), so that a screen reader announces it, even when the page
comes back at the saved item's anchor (#line-3, #school-1)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

EMAIL, PASSWORD = "focus@mairie.example.fr", "le-focus-annonce"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dossier-a-corriger.json"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A team with a dossier of 3 schools, budget lines and a co-funder."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from app import create_app
    from commands.dossier import read_dossier_file
    from models import db
    from services import accounts
    from services.dossiers import import_dossier
    from services.organisations import organisation_named

    tmp = tmp_path_factory.mktemp("focus")
    app = create_app(
        {
            "SECRET_KEY": "focus-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'focus.db'}",
            "WTF_CSRF_ENABLED": True,
            "MAIL_SERVER": "",
            "LOGIN_LIMIT": 1000,
            "TESTING": False,
        }
    )
    with app.app_context():
        upgrade()
        user = accounts.create_user(EMAIL, "Camille Focus", PASSWORD)
        dossier = read_dossier_file(str(EXAMPLE), "fr")
        org = organisation_named(dossier.collectivite.name, dossier, member=user)
        rec = import_dossier(org, user, dossier, "Dossier du focus", practice=True)
        db.session.commit()
        ids = {
            "id": rec.id,
            "school": rec.schools[0].id,
            "line": rec.lines[0].id,
            "funder": rec.cofunders[0].id,
        }
    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}", ids
    srv.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(chromium, server):
    base, _ = server
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto(base + "/connexion")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    yield page
    context.close()


# (step, the page holding the form, (the field made wrong for a refused save, its wrong value))
STEPS = [
    ("collectivite", "collectivite", ("#siret", "123")),
    ("projet", "projet", None),
    ("ecoles", "ecoles/{school}", ("#classes", "99999")),
    ("etat", "etat", ("form[data-unsaved] input[inputmode=numeric]", "deux")),
    ("budget", "budget/{line}", ("#quantity", "deux")),
    ("cofinancements", "cofinancements/{funder}", ("#amount", "deux")),
]


def _focused(page) -> str:
    """The class of the focused element once the page has loaded and applied its anchor."""
    page.wait_for_load_state("load")
    page.wait_for_function("document.activeElement && document.activeElement !== document.body", timeout=5000)
    page.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 100)))")
    return page.evaluate("document.activeElement.className")


def _submit(page):
    page.locator("form[data-unsaved] button[type=submit]").first.click()


@pytest.mark.parametrize(("step", "path", "wrong"), STEPS, ids=[s[0] for s in STEPS])
def test_after_a_save_the_focus_is_on_the_confirmation(page, server, step, path, wrong):
    base, ids = server
    page.goto(f"{base}/dossiers/{ids['id']}/" + path.format(**ids))
    with page.expect_navigation():
        _submit(page)
    assert "flashes" in _focused(page), page.url
    assert page.evaluate("document.activeElement.textContent").strip().startswith("Enregistré")


@pytest.mark.parametrize(
    ("step", "path", "wrong"), [s for s in STEPS if s[2]], ids=[s[0] for s in STEPS if s[2]]
)
def test_after_a_refused_save_the_focus_is_on_the_error_summary(page, server, step, path, wrong):
    base, ids = server
    page.goto(f"{base}/dossiers/{ids['id']}/" + path.format(**ids))
    field, value = wrong
    page.locator(field).first.fill(value)
    with page.expect_navigation():
        _submit(page)
    assert "error-summary" in _focused(page), page.url


def test_a_rate_above_100_is_said_beside_the_field_as_it_is_typed(page, server):
    base, ids = server
    page.goto(f"{base}/dossiers/{ids['id']}/cofinancements")
    page.check("input[name=mode][value=rate]")
    rate = page.locator("#rate")
    assert rate.get_attribute("inputmode") == "decimal"
    rate.fill("150")
    live = page.locator("#rate-live")
    live.wait_for(state="visible")
    assert "100" in live.inner_text()
    assert rate.get_attribute("aria-invalid") == "true"
    assert "rate-live" in rate.get_attribute("aria-describedby").split()
    assert "rate-help" in rate.get_attribute("aria-describedby").split()  # the hint stays read
    rate.fill("50")
    live.wait_for(state="detached")
    assert rate.get_attribute("aria-invalid") is None
    assert "rate-live" not in (rate.get_attribute("aria-describedby") or "")


def test_the_sign_up_confirmation_takes_the_focus(chromium, server):
    base, _ids = server
    context = chromium.new_context(locale="fr-FR", viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        page.goto(base + "/inscription")
        page.fill("input[name=name]", "Nouvelle Personne")
        page.fill("input[name=email]", "nouvelle@mairie.example.fr")
        page.fill("input[name=password]", "un-mot-de-passe-solide")
        if page.locator("input[name=confirm]").count():
            page.fill("input[name=confirm]", "un-mot-de-passe-solide")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        focused = page.evaluate(
            "() => [document.activeElement.className, document.activeElement.textContent]"
        )
        assert "flashes" in focused[0], focused
        assert "Votre compte est créé" in focused[1]
    finally:
        context.close()
