"""Every page of the demo in a real Chromium, at 390 px (a phone) and 1280 px (a laptop), in
French and in English: no sideways scrolling, no row action hidden or cut, no two links or
buttons of the main region with the same accessible name for different targets, and axe-core
without a violation."""

from __future__ import annotations

import threading

import pytest

from .conftest import CHROMIUM_ARGS  # noqa: F401  (the launch arguments live there)

pytestmark = pytest.mark.browser

PASSWORD = "every-page-2021"
WIDTHS = (390, 1280)

# Every rendered link and button of the main region: visible, not cut by a box that clips it.
HIDDEN_OR_CUT = """(phone) => {
  const out = [];
  for (const el of document.querySelectorAll('main a[href], main button, main summary')) {
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
    if (el.closest('.visually-hidden, .skip-link, [hidden]')) continue;
    const r = el.getBoundingClientRect();
    const name = (el.getAttribute('aria-label') || el.textContent).trim().replace(/\\s+/g, ' ');
    if (r.width < 1 || r.height < 1) { out.push('hidden: ' + name); continue; }
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible') out.push('text cut: ' + name);
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      // On a phone a table may scroll inside its own named, focusable region; never at 1280 px.
      if (phone && a.getAttribute('role') === 'region' && a.hasAttribute('aria-label') && a.tabIndex === 0) continue;
      const b = a.getBoundingClientRect();
      if (r.right > b.right + 1 || r.left < b.left - 1) { out.push('cut by its container: ' + name); break; }
    }
  }
  return out;
}"""

# The accessible name, as far as these pages need it: aria-label, else aria-labelledby, else text.
DUPLICATE_NAMES = """() => {
  const seen = new Map(), out = [];
  const nameOf = el => {
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
    const ids = el.getAttribute('aria-labelledby');
    if (ids) return ids.split(/\\s+/).map(i => (document.getElementById(i) || {}).textContent || '').join(' ');
    return el.textContent;
  };
  for (const el of document.querySelectorAll('main a[href], main button')) {
    const name = nameOf(el).trim().replace(/\\s+/g, ' ').toLowerCase();
    const target = el.tagName === 'A' ? el.href : (el.formAction || '') + '|' + (el.name || '') + '=' + (el.value || '');
    if (!name) { out.push('no name: ' + el.outerHTML.slice(0, 120)); continue; }
    if (seen.has(name) && seen.get(name) !== target) out.push('same name, other target: ' + name);
    seen.set(name, target);
  }
  return [...new Set(out)];
}"""


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The demo (14 schools, shared with the inspection), an inspector and an administrator,
    on a migrated SQLite file served on a free port; with the pages each of them can open."""
    import sqlalchemy as sa
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from app import create_app
    from commands.dossier import DEMO_EMAIL, DEMO_PASSWORD
    from models import DossierRecord, db
    from services import accounts
    from services.inspectors import create_inspector
    from tests.web.test_catalogue_misses import pages

    tmp = tmp_path_factory.mktemp("every-page")
    app = create_app(
        {
            "SECRET_KEY": "browser-test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'pages.db'}",
            "WTF_CSRF_ENABLED": True,
            "MAIL_SERVER": "",
            "LOGIN_LIMIT": 1000,
            "TESTING": False,
        }
    )
    with app.app_context():
        upgrade()
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        rec = db.session.scalar(sa.select(DossierRecord))
        rec.shared = True
        create_inspector("ien@ac.example.fr", "Inès Inspectrice", "dasen", [rec.departement], PASSWORD)
        accounts.create_user("admin@example.fr", "Adèle Admin", PASSWORD).is_admin = True
        db.session.commit()
    users = {DEMO_EMAIL: DEMO_PASSWORD, "ien@ac.example.fr": PASSWORD, "admin@example.fr": PASSWORD}
    plan, taken = [], set()
    app.config["WTF_CSRF_ENABLED"] = False  # only to list the pages with the test client
    for email, password in users.items():
        client = app.test_client()
        client.post("/connexion", data={"email": email, "password": password})
        for url in pages(app):
            response = client.get(url)
            if url not in taken and response.status_code == 200 and response.mimetype == "text/html":
                plan.append((email, password, url))
                taken.add(url)
    app.config["WTF_CSRF_ENABLED"] = True
    plan += [(None, None, url) for url in ("/connexion", "/inscription", "/mot-de-passe-oublie")]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", plan
    server.shutdown()
    thread.join(timeout=10)


def _signed_in(chromium, base: str, email: str | None, password: str | None, lang: str, width: int):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30000)
    if email:
        page.goto(base + "/connexion")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", password)
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
    page.goto(f"{base}/langue/{lang}")
    return context, page


def _axe(page, axe_source: str) -> list[str]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source + "\n;undefined")
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' +
                                     v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
    }""")
    return result


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_names_its_actions_and_passes_axe(
    chromium, demo_server, axe_source, screenshots, width, lang
):
    base, plan = demo_server
    assert len(plan) > 25, plan
    problems: list[str] = []
    sessions: dict = {}
    try:
        for email, password, url in plan:
            if email not in sessions:
                sessions[email] = _signed_in(chromium, base, email, password, lang, width)
            page = sessions[email][1]
            page.goto(base + url)
            assert page.evaluate("document.documentElement.lang") == lang, url
            where = f"{url} ({lang}, {width} px)"
            scroll = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
            if scroll[0] > scroll[1]:
                problems.append(f"{where}: scrolls sideways ({scroll[0]} px for {scroll[1]})")
                name = url.strip("/").replace("/", "_") or "home"
                page.screenshot(path=str(screenshots / f"overflow-{name}-{lang}-{width}.png"), full_page=True)
            problems += [f"{where}: {p}" for p in page.evaluate(HIDDEN_OR_CUT, width < 1000)]
            problems += [f"{where}: {p}" for p in page.evaluate(DUPLICATE_NAMES)]
            problems += [f"{where}: axe {p}" for p in _axe(page, axe_source)]
    finally:
        for context, _page in sessions.values():
            context.close()
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
