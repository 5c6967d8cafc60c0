"""The inspector's dashboard and the review page of a deposited dossier in a real Chromium at
390 px (a phone) and 1280 px, in French and English: no sideways scrolling, and no two landmarks
with the same accessible name."""

from __future__ import annotations

import threading

import pyotp
import pytest
import sqlalchemy as sa

from tests.grants import factories

pytestmark = pytest.mark.browser

PASSWORD = "motdepasse-solide"
TEAM, IEN = "mairie@saint-exemple.fr", "ien@ac-dijon.fr"


@pytest.fixture(scope="module")
def review_site(tmp_path_factory):
    """A deposited (real) dossier of 71, and an IEN of 71 with an authenticator: (base URL, id, secret)."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from app import create_app
    from models import DossierRecord, User, db
    from services import accounts
    from services.dossiers import import_dossier
    from services.inspectors import create_inspector

    tmp = tmp_path_factory.mktemp("phone-review")
    app = create_app(
        {
            "SECRET_KEY": "browser-phone-review",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'review.db'}",
            "WTF_CSRF_ENABLED": False,
            "MAIL_SERVER": "",
            "LOGIN_LIMIT": 1000,
            "TESTING": False,
        }
    )
    secret = pyotp.random_base32()
    with app.app_context():
        upgrade()
        member = accounts.create_user(TEAM, "Karim Benali", PASSWORD)
        org = accounts.create_organisation(
            member, "Commune de Saint-Exemple", "commune", "21710112000012", "71412", "71"
        )
        rec = import_dossier(org, member, factories.dossier(), "Socle numérique 2021", practice=True)
        create_inspector(IEN, "Inès Martin", "ien", ["71"], PASSWORD)
        db.session.scalar(sa.select(User).where(User.email == IEN)).totp_secret = secret
        db.session.commit()
        dossier_id = rec.id
    team = app.test_client()
    team.post("/connexion", data={"email": TEAM, "password": PASSWORD})
    response = team.post(f"/dossiers/{dossier_id}/deposer", data={"certify": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        db.session.execute(sa.update(DossierRecord).values(practice=False))
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", dossier_id, secret
    server.shutdown()
    thread.join(timeout=10)


LANDMARK_NAMES = """() => {
  const names = [];
  for (const el of document.querySelectorAll('section[aria-labelledby], section[aria-label], [role=region]')) {
    const ids = el.getAttribute('aria-labelledby');
    const name = el.getAttribute('aria-label') ||
      (ids || '').split(/\\s+/).map(i => (document.getElementById(i) || {}).textContent || '').join(' ');
    names.push(name.trim().replace(/\\s+/g, ' '));
  }
  return names;
}"""


def test_dashboard_and_review_page_fit_a_phone(chromium, review_site, axe_source):
    base, dossier_id, secret = review_site
    problems: list[str] = []
    context = chromium.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(base + "/connexion")
    page.fill("input[name=email]", IEN)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert "/connexion" not in page.url, page.content()[:2000]
    for lang in ("fr", "en"):
        page.goto(f"{base}/langue/{lang}")
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            for url in ("/inspection/tableau-de-bord", f"/inspection/dossiers/{dossier_id}"):
                page.goto(base + url)
                where = f"{url} ({lang}, {width} px)"
                assert page.locator("main h1").count() == 1, where
                wide, inner = page.evaluate(
                    "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
                )
                if wide > inner:
                    problems.append(f"{where}: {wide} px wide for {inner}")
                names = page.evaluate(LANDMARK_NAMES)
                doubles = {n for n in names if names.count(n) > 1}
                if doubles:
                    problems.append(f"{where}: landmarks with the same name {sorted(doubles)}")
                page.evaluate(axe_source + "\n;undefined")
                found = page.evaluate(
                    "async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => v.id)"
                )
                problems += [f"{where}: axe {v}" for v in found]
            if width == 390:
                page.goto(f"{base}/inspection/dossiers/{dossier_id}")
                # The state changes are stacked cards: each value says which column it belongs to.
                labels = page.locator("#life-title ~ table td[data-label]").evaluate_all(
                    "tds => tds.map(td => getComputedStyle(td, '::before').content)"
                )
                assert labels and all(label not in ("none", "") for label in labels), labels
    context.close()
    assert not problems, "\n".join(problems)
