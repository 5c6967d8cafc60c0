"""A new city team, in a real browser, from sign-up to the deposit's proof, with axe-core on every page."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from grants.identifiers import uai_check_letter

pytestmark = pytest.mark.browser

BOURG, HAMEAU = "0710001" + uai_check_letter("0710001"), "0710002" + uai_check_letter("0710002")
PROJECT = (
    "Le projet a été construit avec les équipes enseignantes des deux écoles et l'IEN de la "
    "circonscription lors de trois réunions. Il généralise l'affichage collectif en classe, permet aux "
    "élèves de produire des contenus avec la classe mobile et renforce le lien avec les familles. Les "
    "enseignants suivront les animations pédagogiques de l'académie ; un référent numérique de la ville "
    "accompagnera la prise en main et une évaluation des usages sera conduite chaque année."
)
SERIOUS = ("serious", "critical")
STEP_TITLES = {
    "collectivite": "Collectivité",
    "ecoles": "Écoles",
    "etat": "État des lieux",
    "budget": "Budget",
    "cofinancements": "Cofinancements",
    "projet": "Projet pédagogique",
    "recap": "Récapitulatif",
}


class Journey:
    """The page of a user, with a screenshot and an axe-core check of every page it stops on."""

    def __init__(self, page, base: str, axe_source: str, shots: Path):
        self.page, self.base, self.axe_source, self.shots = page, base, axe_source, shots
        self.count = 0
        self.violations: dict[str, list[str]] = {}
        self.report: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        # Errors of scripts and CSP refusals; a 4xx answer the journey expects is not one.
        page.on(
            "console",
            lambda msg: (
                msg.type == "error"
                and not msg.text.startswith("Failed to load resource")
                and self.console_errors.append(msg.text)
            ),
        )
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        page.on("dialog", self._accept)

    def _accept(self, dialog) -> None:
        self.dialogs.append(dialog.type)
        dialog.accept()

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)

    def check(self, name: str) -> None:
        """Screenshot the page, then list its serious and critical axe-core violations."""
        self.count += 1
        self.page.screenshot(path=str(self.shots / f"{self.count:02d}-{name}.png"), full_page=True)
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays in force.
            self.page.evaluate(self.axe_source + "\n;undefined")
        result = self.page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }""")
        found = [f"{v['impact']} {v['id']}: {v['help']} at {v['nodes']}" for v in result]
        self.report.append(f"{name} ({self.page.url}): " + ("; ".join(found) or "no violation"))
        bad = [text for v, text in zip(result, found, strict=True) if v["impact"] in SERIOUS]
        if bad:
            self.violations[f"{name} ({self.page.url})"] = bad

    def subsidy(self) -> str:
        return self.page.locator("#funding-panel [data-figure=state-subsidy]").inner_text()


@pytest.fixture
def journey(chromium, live_server, axe_source, screenshots):
    context = chromium.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(30000)
    yield Journey(page, live_server, axe_source, screenshots)
    context.close()


def test_a_new_team_goes_from_sign_up_to_the_proof_of_deposit(journey, tmp_path):
    page = journey.page
    from playwright.sync_api import expect

    # Sign-in page, then sign up
    journey.goto("/connexion")
    expect(page.locator("h1")).to_have_text("Se connecter")
    journey.check("signin")
    page.get_by_role("main").get_by_role("link", name="Créer un compte").click()
    page.get_by_label("Prénom et nom").fill("Claire Moreau")
    page.get_by_label("Courriel professionnel").fill("claire.moreau@mairie.example.fr")
    page.get_by_label("Mot de passe", exact=True).fill("un-mot-de-passe-solide")
    page.get_by_label("Confirmez le mot de passe").fill("un-mot-de-passe-solide")
    journey.check("signup")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator("h1")).to_have_text("Mes dossiers")
    journey.check("dashboard-empty")

    # The collectivité, then a practice dossier (the 2021 call is closed: only practice deposits)
    page.get_by_role("link", name="Créer ma collectivité").click()
    page.get_by_label("Nom de la collectivité").fill("Commune de Saint-Exemple")
    page.get_by_label("SIRET").fill("217 101 120 00012")
    page.get_by_label("Code INSEE de la commune siège").fill("71412")
    page.get_by_label("Département").fill("71")
    journey.check("new-collectivite")
    page.get_by_role("button", name="Créer").click()
    expect(page.get_by_text("La collectivité Commune de Saint-Exemple est créée.")).to_be_visible()
    journey.check("dashboard")
    page.get_by_label("Titre du dossier").fill("Socle numérique 2021")
    page.get_by_label("Dossier d'entraînement").check()
    page.get_by_role("button", name="Créer le dossier").click()

    # Step 1: the collectivité
    expect(page.locator("h1")).to_contain_text("Collectivité")
    page.get_by_label("Nom du représentant légal").fill("Claire Moreau")
    page.get_by_label("Qualité").fill("Maire")
    page.get_by_label("Population").fill("820")
    journey.check("step-1-collectivite")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Enregistré.")).to_be_visible()

    # Step 2: two schools, the UAI checked as it is typed
    page.get_by_role("link", name=re.compile("Écoles")).first.click()
    uai = page.get_by_label("UAI (numéro de l'école)")
    uai.fill("0710001A")
    expect(page.locator("#uai-live")).to_contain_text(f"la lettre de contrôle est « {BOURG[-1]} »")
    page.get_by_role("button", name="Ajouter l'école").click()  # refused by the server too
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("Nom de l'école")
    expect(page.locator("#uai-error")).to_contain_text(f"« {BOURG[-1]} »")
    journey.check("step-2-ecoles-errors")
    for code, name, classes, pupils in (
        (BOURG, "École élémentaire du Bourg", "3", "61"),
        (HAMEAU, "École primaire du Hameau", "2", "38"),
    ):
        page.get_by_label("UAI (numéro de l'école)").fill(code)
        expect(page.locator("#uai-live")).to_have_text("UAI valide.")
        page.get_by_label("Nom de l'école").fill(name)
        page.get_by_label("Classes de cycles 2 et 3").fill(classes)
        page.get_by_label("Élèves de cycles 2 et 3").fill(pupils)
        page.get_by_role("button", name="Ajouter l'école").click()
        expect(page.get_by_role("cell", name=code)).to_be_visible()
    journey.check("step-2-ecoles")

    # Step 3: the état des lieux; the needs follow
    page.get_by_role("link", name=re.compile("État des lieux")).first.click()
    bourg = page.locator("section.card").filter(has_text="École élémentaire du Bourg")
    bourg.get_by_label("Vidéoprojecteur, TBI/TNI ou écran interactif").fill("1")
    bourg.get_by_label("Bornes Wi-Fi").fill("2")
    journey.check("step-3-etat")
    bourg.get_by_role("button", name=re.compile("Enregistrer l'état des lieux")).click()
    expect(page.get_by_text("Enregistré.")).to_be_visible()

    # Step 4: lines proposed from each school's needs, then the subsidy live as a quantity is typed
    page.get_by_role("link", name=re.compile("^4 Budget")).click()
    for school in ("École élémentaire du Bourg", "École primaire du Hameau"):
        # The page shows one school at a time: its link in the summary opens it.
        page.locator("table.budget-sections").get_by_role("link", name=school).click()
        expect(page.locator("table.budget-sections [aria-current=true]")).to_have_text(school)
        group = page.locator("section.budget-group").filter(
            has=page.get_by_role("heading", name=re.compile(school))
        )
        group.get_by_role("button", name="Proposer les lignes d'après les besoins de l'école").click()
        expect(page.get_by_text(re.compile(r"ligne\(s\) proposée\(s\) d'après les besoins"))).to_be_visible()
        expect(
            page.locator("section.budget-group")
            .filter(has=page.get_by_role("heading", name=re.compile(school)))
            .locator("table.budget tbody tr")
            .first
        ).to_be_visible()
    journey.check("step-4-budget")
    before = journey.subsidy()
    form = page.locator("#line-form")
    # Both schools' equipment is above its cap: a dossier-wide resource (volet 2) moves the subsidy.
    form.get_by_label("École", exact=True).select_option("__dossier__")
    form.get_by_label("Catégorie du référentiel").select_option("ressource_numerique")
    form.get_by_label("Libellé").fill("Ressources numériques")
    form.get_by_label("Prix unitaire HT (€)").fill("300")
    form.get_by_label("Quantité").press_sequentially("2", delay=50)
    expect(page.locator("#funding-panel [data-figure=state-subsidy]")).not_to_have_text(before)
    expect(page.locator("#funding-panel")).to_contain_text("aperçu, non enregistré")
    journey.check("step-4-budget-live-preview")
    assert (
        page.locator("table.budget").get_by_text("Ressources numériques", exact=True).count() == 0
    )  # not saved

    # Step 5: a funder given as a rate of the equipment (leaving the typed line form asks first)
    page.get_by_role("link", name=re.compile("^5 Cofinancements")).click()
    expect(page.locator("h1")).to_contain_text("Cofinancements")
    assert "beforeunload" in journey.dialogs
    page.get_by_label("Financeur", exact=True).fill("Conseil départemental")
    page.get_by_label("en taux").check()
    page.get_by_label("Taux (%)").fill("5")
    page.get_by_label("Base du taux").select_option("equipment")
    journey.check("step-5-cofinancements")
    page.locator("#funder-form").get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("rowheader", name="Conseil départemental")).to_be_visible()

    # Step 7 first: the deposit is refused while the project is missing
    page.get_by_role("link", name=re.compile("^7 Récapitulatif")).click()
    expect(page.get_by_text(re.compile(r"point\(s\) bloquant\(s\) empêchent le dépôt"))).to_be_visible()
    page.get_by_label(re.compile("Je certifie")).check()
    page.get_by_role("button", name="Déposer").click()
    expect(page.get_by_text("Le dépôt n'est pas possible")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text("Le projet pédagogique n'est pas rédigé")
    journey.check("step-7-deposit-refused")

    # Step 6, reached from the finding's link: the texts autosave, then are saved
    page.get_by_role("link", name="Corriger dans l'étape « Projet pédagogique »").click()
    expect(page.locator("h1")).to_contain_text("Projet pédagogique")
    page.get_by_label("Résumé du projet").fill("Équiper les classes des deux écoles du socle numérique.")
    page.get_by_label("Usages pédagogiques prévus").fill(PROJECT)
    expect(page.locator("#autosave-status")).to_contain_text("Enregistré automatiquement", timeout=30000)
    page.get_by_label("Inspecteur de l'Éducation nationale consulté").fill("IEN de Mâcon")
    page.get_by_label("Concertation").fill("Trois conseils des maîtres.")
    journey.check("step-6-projet")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Enregistré.")).to_be_visible()

    # On a tablet held upright, no step scrolls sideways as a whole (wide tables scroll in their box)
    page.set_viewport_size({"width": 768, "height": 1024})
    for step in ("collectivite", "ecoles", "etat", "budget", "cofinancements", "projet", "recap"):
        page.get_by_role("link", name=re.compile(r"^\d ")).filter(has_text=STEP_TITLES[step]).click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 768, step
    page.set_viewport_size({"width": 1280, "height": 900})

    # Step 7: nothing blocks any more; deposit, proof, download
    page.get_by_role("link", name=re.compile("^7 Récapitulatif")).click()
    expect(page.get_by_text("Aucun point bloquant : le dossier peut être déposé.")).to_be_visible()
    journey.check("step-7-recap")
    page.get_by_label(re.compile("Je certifie")).check()
    page.get_by_role("button", name="Déposer").click()
    expect(page.locator("h1")).to_have_text("Preuve de dépôt")
    digest = page.locator("code.digest").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    journey.check("proof")
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger la preuve de dépôt").click()
    proof = tmp_path / info.value.suggested_filename
    info.value.save_as(proof)
    assert digest in proof.read_text(encoding="utf-8") and "PREUVE DE DÉPÔT" in proof.read_text(
        encoding="utf-8"
    )
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le contenu déposé (JSON)").click()
    content = tmp_path / "content.json"
    info.value.save_as(content)
    assert hashlib.sha256(content.read_bytes()).hexdigest() == digest

    # Read-only afterwards, and the history tells who did what
    page.get_by_role("link", name="Retour au dossier").click()
    expect(page.get_by_text(re.compile("Ce dossier est en lecture seule"))).to_be_visible()
    assert page.get_by_role("button", name="Déposer").count() == 0
    page.get_by_role("link", name="Historique").click()
    expect(page.locator("h1")).to_have_text("Historique du dossier")
    journey.check("history")

    (journey.shots.parent / "axe-report.txt").write_text("\n".join(journey.report) + "\n", encoding="utf-8")
    assert not journey.violations, "axe-core, serious or critical:\n" + "\n".join(
        f"{page_name}:\n  " + "\n  ".join(items) for page_name, items in journey.violations.items()
    )
    assert not journey.console_errors, journey.console_errors


def _signed_up_with_a_dossier(journey) -> None:
    page = journey.page
    journey.goto("/inscription")
    page.get_by_label("Prénom et nom").fill("Karim Benali")
    page.get_by_label("Courriel professionnel").fill("karim@mairie.example.fr")
    page.get_by_label("Mot de passe", exact=True).fill("un-mot-de-passe-solide")
    page.get_by_label("Confirmez le mot de passe").fill("un-mot-de-passe-solide")
    page.get_by_role("button", name="Créer mon compte").click()
    page.get_by_role("link", name="Créer ma collectivité").click()
    page.get_by_label("Nom de la collectivité").fill("Commune de Saint-Exemple")
    page.get_by_label("Département").fill("71")
    page.get_by_role("button", name="Créer").click()
    page.get_by_label("Titre du dossier").fill("Socle numérique 2021")
    page.get_by_role("button", name="Créer le dossier").click()


def test_saving_while_an_autosave_is_on_its_way_is_not_a_conflict_with_oneself(journey):
    """The button's save waits for the autosave in flight, then carries the version it returned."""
    from playwright.sync_api import expect

    page = journey.page
    _signed_up_with_a_dossier(journey)
    page.get_by_role("link", name=re.compile("^6 Projet")).click()
    # A slow network: the autosave is still on its way when the button is pressed.
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 800, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    page.get_by_label("Résumé du projet").fill("Équiper les classes du socle numérique.")
    page.get_by_label("Usages pédagogiques prévus").fill(PROJECT)
    with page.expect_request("**/projet/autosave"):
        pass
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Enregistré.", exact=True)).to_be_visible()
    assert page.locator(".conflict").count() == 0
    expect(page.get_by_label("Usages pédagogiques prévus")).to_have_value(PROJECT)
