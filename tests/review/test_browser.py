"""The whole review in a real headless Chromium: the team shares its draft, the IEN comments on a
budget line, the team deposits, the IEN asks for a correction, the team fixes the line, answers and
deposits again, the IEN reads what changed and gives a favourable avis, the IA-DASEN decides.

The application runs on a fresh SQLite file behind a real server on a free 127.0.0.1 port, with
CSRF on and its e-mails going to an SMTP sink; screenshots land in test-artifacts/review/."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pyotp
import pytest
import sqlalchemy as sa

from tests.grants import factories

from .smtp_sink import SmtpSink

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "review"
# axe-core, when the accessibility tests of tests/browser have installed it (npm, git-ignored)
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
PASSWORD = "motdepasse-solide"
TEAM, IEN, DASEN = "mairie@saint-exemple.fr", "ien@ac-dijon.fr", "dasen@ac-dijon.fr"

pytestmark = pytest.mark.browser


def with_chromium(work) -> None:
    """Run `work(browser)` with a Chromium of its own, in a thread of its own: Playwright's sync API
    refuses to start in a thread where another test's session-wide Playwright is running."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install the Debian package chromium to run the browser tests")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the Python package playwright is not installed"
    )
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with sync_api.sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
                try:
                    work(browser)
                finally:
                    browser.close()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test's thread
            failures.append(exc)

    thread = threading.Thread(target=run, name="review-chromium")
    thread.start()
    thread.join(timeout=600)
    assert not thread.is_alive(), "the browser scenario did not finish in 10 minutes"
    if failures:
        raise failures[0]


def _people_and_dossier(app) -> int:
    from models import db
    from services import accounts
    from services.dossiers import import_dossier
    from services.inspectors import create_inspector

    with app.app_context():
        member = accounts.create_user(TEAM, "Karim Benali", PASSWORD)
        org = accounts.create_organisation(
            member, "Commune de Saint-Exemple", "commune", "21710112000012", "71412", "71"
        )
        rec = import_dossier(org, member, factories.dossier(), "Socle numérique 2021", practice=True)
        create_inspector(IEN, "Inès Martin", "ien", ["71"], PASSWORD)
        create_inspector(DASEN, "Denis Garnier", "dasen", ["71"], PASSWORD)
        db.session.commit()
        return rec.id


@pytest.fixture
def site(tmp_path):
    """(base URL, application, dossier id, SMTP sink) of a server started for the test."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from app import create_app

    sink = SmtpSink().start()
    app = create_app(
        {
            "SECRET_KEY": "browser-review",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'review.db'}",
            "WTF_CSRF_ENABLED": True,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": sink.port,
            "LOGIN_LIMIT": 1000,
            "TESTING": False,
        }
    )
    with app.app_context():
        upgrade()
    dossier_id = _people_and_dossier(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app, dossier_id, sink
    server.shutdown()
    thread.join(timeout=10)
    sink.stop()


def signed_in(browser, base: str, email: str):
    page = browser.new_context(locale="fr-FR").new_page()
    page.goto(f"{base}/connexion")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    press(page, "Se connecter")
    if page.url.endswith("/connexion/activation"):  # an inspector's first sign-in: the second factor
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        assert page.locator("svg.qr-code").is_visible()
        page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
        press(page, "Activer")
        assert page.locator(".recovery-codes li").count() == 10
        follow(page, page.get_by_role("link", name="J'ai noté mes codes, continuer"))
    assert "/connexion" not in page.url, page.content()[:2000]
    return page


def press(where, name: str) -> None:
    """Click a button and wait for the page it leads to."""
    page = where.page if hasattr(where, "page") else where
    with page.expect_navigation():
        where.get_by_role("button", name=name, exact=True).click()


def follow(page, link) -> None:
    """Click a link and wait for the page it leads to."""
    with page.expect_navigation():
        link.click()


def shot(page, name: str, problems: list[str]) -> None:
    """A screenshot of the page, and its serious axe-core violations added to `problems`."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    if not AXE.exists():
        return
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))""")
    problems += [f"{name}: {v['id']} at {v['nodes']}" for v in found if v["impact"] in SERIOUS]


def deposit(page, base: str, dossier_id: int) -> None:
    page.goto(f"{base}/dossiers/{dossier_id}/recap")
    page.get_by_label(re.compile("Je certifie")).check()
    press(page, "Déposer")
    assert "/depots/" in page.url, page.content()[:3000]


def test_a_full_review_round_trip(site):
    with_chromium(lambda browser: round_trip(browser, *site))


def round_trip(browser, base: str, app, dossier_id: int, sink: SmtpSink) -> None:
    """The story of the module's docstring, page by page."""
    problems: list[str] = []
    team, ien = signed_in(browser, base, TEAM), signed_in(browser, base, IEN)

    team.goto(f"{base}/dossiers/{dossier_id}/recap")
    press(team, "Partager avec l'inspection")
    assert "partagé avec l'inspection" in team.content()

    follow(ien, ien.get_by_role("link", name="Dossiers à instruire"))
    # A practice dossier is left out by default; the filter shows it, marked.
    assert "Aucun dossier ne correspond." in ien.content()
    ien.get_by_label("Dossiers d'entraînement").select_option("include")
    press(ien, "Filtrer")
    assert "practice=include" in ien.url and "Entraînement" in ien.locator("table.inbox").inner_text()
    shot(ien, "0-inbox", problems)
    follow(ien, ien.get_by_role("link", name=re.compile(r"SNEE-2021-\d+")))
    shot(ien, "1-review-page-shared-draft", problems)
    follow(ien, ien.get_by_role("link", name="Budget", exact=True))
    follow(ien, ien.get_by_role("link", name=re.compile("^Commenter « Équipement")).first)
    ien.get_by_label("Commentaire").fill("Le devis de cet équipement est-il joint ? Le prix paraît élevé.")
    press(ien, "Publier le commentaire")
    assert re.search(r"/budget\?ligne=(\d+)#line-\1$", ien.url)
    line_anchor = ien.url.rsplit("#", 1)[1]
    assert "Le prix paraît élevé." in ien.locator(f"#{line_anchor}").inner_text()
    shot(ien, "2-comment-on-a-line", problems)

    deposit(team, base, dossier_id)
    ien.goto(f"{base}/inspection/dossiers/{dossier_id}")
    ien.get_by_text("Demander une correction", exact=True).click()
    ien.get_by_label("Ce que l'équipe doit corriger").fill(
        "Ramenez la quantité de vidéoprojecteurs à ce qui est prévu."
    )
    press(ien, "Renvoyer le dossier à l'équipe")
    assert "Correction demandée" in ien.content()

    team.goto(f"{base}/")
    assert team.locator("#notifications-link .counter").inner_text().startswith("2")
    team.goto(f"{base}/dossiers/{dossier_id}/budget")
    shot(team, "3-team-sees-the-comment-on-its-line", problems)
    row = team.locator(f"#{line_anchor}")
    assert "Le prix paraît élevé." in row.inner_text()
    row.get_by_text("Répondre", exact=True).click()
    row.get_by_label("Votre réponse").fill("Devis joint ; nous passons à deux appareils.")
    press(row, "Envoyer la réponse")
    follow(team, team.locator(f"#{line_anchor}").get_by_role("link", name=re.compile("Modifier")))
    team.get_by_label("Quantité").fill("2")
    press(team, "Enregistrer la ligne")
    assert "Enregistré." in team.content()
    deposit(team, base, dossier_id)

    ien.goto(f"{base}/inspection/dossiers/{dossier_id}")
    follow(ien, ien.get_by_role("link", name="Ce qui a changé depuis le dépôt n° 1"))
    comparison = ien.content()
    assert "Modifiée" in comparison and "Quantité : 1 → 2" in comparison
    summary = re.sub(r"\s", " ", ien.locator("#summary-title + .status-line").inner_text())
    assert summary == "Subvention de l'État demandée : 8 000,00 € → 10 800,00 € (+2 800,00 €)."
    shot(ien, "4-comparison-of-deposits", problems)

    ien.goto(f"{base}/inspection/dossiers/{dossier_id}")
    ien.get_by_text("Donner un avis", exact=True).click()
    ien.get_by_label("Favorable", exact=True).check()
    ien.get_by_label("Motivation").fill("Projet cohérent avec le plan numérique de la circonscription.")
    press(ien, "Enregistrer l'avis")
    assert "Avis enregistré" in ien.content()

    dasen = signed_in(browser, base, DASEN)
    dasen.goto(f"{base}/inspection/dossiers/{dossier_id}")
    press(dasen, "Mettre en instruction")
    dasen.get_by_text("Décider", exact=True).click()
    dasen.get_by_label("Décision", exact=True).select_option("accept")
    dasen.get_by_label("Motivation de la décision").fill("Retenu lors de la première vague.")
    assert dasen.get_by_label("Montant accordé (€)").input_value() == "10 800"
    dasen.get_by_label("Montant accordé (€)").fill("10 000,00")
    dasen.get_by_label("Numéro de convention").fill("SNEE-71-2021-0007")
    press(dasen, "Enregistrer la décision")
    assert "Décision enregistrée : « Accepté »." in dasen.content()
    shot(dasen, "5-decision", problems)

    team.goto(f"{base}/inspection/dossiers/{dossier_id}")
    life = team.locator("#life-title + table").inner_text()
    for state in ("Déposé", "Correction demandée", "En instruction", "Accepté"):
        assert state in life
    _check_stored(app, dossier_id, sink)
    assert not problems, "axe-core:\n" + "\n".join(problems)


def _check_stored(app, dossier_id: int, sink: SmtpSink) -> None:
    from models import Avis, CommentThread, Deposit, DossierRecord, StateChange, db

    with app.app_context():
        assert db.session.get(DossierRecord, dossier_id).state == "accepte"
        assert db.session.scalar(sa.select(sa.func.count(Deposit.id))) == 2
        assert [s.to_state for s in db.session.scalars(sa.select(StateChange).order_by(StateChange.id))] == [
            "depose",
            "correction_demandee",
            "depose",
            "en_instruction",
            "accepte",
        ]
        assert db.session.scalar(sa.select(Avis.value)) == "favorable"
        assert [c.body for c in db.session.scalar(sa.select(CommentThread)).comments][-1].startswith(
            "Devis joint"
        )
    # The dossier is a practice one: its news never reads like a real one's
    assert any(m["Subject"].startswith("[Entraînement] ") for m in sink.to(TEAM)), [
        m["Subject"] for m in sink.to(TEAM)
    ]
    assert {"Correction demandée", "Avis", "Nouveau commentaire"} <= {
        m["Subject"].removeprefix("[Entraînement] ").split(" sur ")[0] for m in sink.to(TEAM)
    }
    # Inspectors are not e-mailed about a practice dossier's deposits (REVIEW_NOTIFY_PRACTICE)
    assert not any("Dossier déposé" in m["Subject"] for m in sink.to(IEN))


def _more_deposited(app, dossier_id: int, count: int) -> list[int]:
    """The dossier's schools in the IEN's circonscription, and `count` more deposited dossiers
    of the collectivité, each assigned as a deposit through the wizard would."""
    from models import DossierRecord, Organisation, SchoolRecord, User, db
    from services import notify, workflow
    from services.dossiers import import_dossier, refresh
    from services.inspectors import set_circonscriptions

    with app.test_request_context(base_url="http://127.0.0.1"):  # the e-mails' links need a request
        set_circonscriptions(
            db.session.scalar(sa.select(User).where(User.email == IEN)), [("71", "MACON NORD")]
        )
        first = db.session.get(DossierRecord, dossier_id)
        team = db.session.scalar(sa.select(User).where(User.email == TEAM))
        org = db.session.get(Organisation, first.organisation_id)
        ids = [dossier_id]
        for n in range(count):
            rec = import_dossier(org, team, factories.dossier(), f"Dossier n° {n + 2}", practice=True)
            ids.append(rec.id)
        db.session.execute(
            sa.update(SchoolRecord)
            .where(SchoolRecord.dossier_id.in_(ids))
            .values(circonscription="MACON NORD")
        )
        for rec_id in ids:
            rec = db.session.get(DossierRecord, rec_id)
            db.session.refresh(rec)
            refresh(rec, team)
            workflow.deposit(rec, team, {"team"}, workflow.utcnow(), True)
            notify.dossier_deposited(rec, team, 1)
            rec.practice = False  # a real dossier once deposited (the 2021 call is closed)
        db.session.commit()
    return ids


def test_assignment_bulk_instruction_and_a_batch_download_with_a_real_worker(site, tmp_path):
    import tasks

    base, app, dossier_id, _sink = site
    ids = _more_deposited(app, dossier_id, 2)
    app.config["JOBS_DIR"] = str(tmp_path / "jobs")
    queue_file = tmp_path / "tasks.db"
    try:
        with_chromium(lambda browser: bulk_journey(browser, base, app, ids, tmp_path, queue_file))
    finally:
        tasks.reconfigure(immediate=True)


def bulk_journey(browser, base: str, app, ids: list[int], tmp_path: Path, queue_file: Path) -> None:
    import io
    import zipfile

    import tasks

    from .test_worker import _start_worker, _stop

    problems: list[str] = []
    ien = signed_in(browser, base, IEN)
    ien.goto(f"{base}/inspection/")
    follow(ien, ien.get_by_role("navigation", name="Vues").get_by_role("link", name="Mes dossiers"))
    table = ien.locator("table.inbox").inner_text()
    assert table.count("Inès Martin") == 3, table  # assigned to the IEN of the schools' circonscription
    shot(ien, "6-mes-dossiers", problems)
    # Bulk instruction: the tasks run at once here (no worker needed for three).
    ien.get_by_label("Cocher tous les dossiers de la page").check()
    ien.get_by_label("Action", exact=True).select_option("instruct")
    press(ien, "Lancer")
    assert "/inspection/travaux/" in ien.url and "Terminé" in ien.content()
    assert "3 dossier(s) traité(s)." in ien.content()
    ien.goto(f"{base}/inspection/?state=en_instruction")
    assert ien.locator("table.inbox tbody tr").count() == 3
    # The batch download goes to a real worker on the SQLite queue, started once the job waits.
    tasks.reconfigure(path=str(queue_file))
    ien.get_by_label("Cocher tous les dossiers de la page").check()
    ien.get_by_label("Action", exact=True).select_option("download")
    press(ien, "Lancer")
    assert "En attente" in ien.content() and ien.locator("progress").get_attribute("value") == "0"
    shot(ien, "7-batch-waiting", problems)
    worker = _start_worker(app, "sqlite", tmp_path)
    try:
        link = ien.get_by_role("link", name="Télécharger le fichier")
        link.wait_for(timeout=90_000)  # the page's script follows the job and offers the file
        assert ien.locator("progress").get_attribute("value") == "100"
        assert "Terminé" in ien.locator("[data-job-status]").inner_text()
        shot(ien, "8-batch-ready", problems)
        with ien.expect_download() as download_info:
            link.click()
        body = Path(download_info.value.path()).read_bytes()
    finally:
        log = _stop(worker)
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert len([n for n in names if n.endswith(".docx")]) == 3 and "synthese.csv" in names, (
        names,
        log[-2000:],
    )
    assert not problems, "axe-core:\n" + "\n".join(problems)
