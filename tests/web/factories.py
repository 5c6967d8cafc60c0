"""What a team types in the wizard's forms, and small helpers that read back what was stored."""

from __future__ import annotations

import re
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from grants.call import get_call
from grants.identifiers import uai_check_letter
from models import CofunderRecord, DossierRecord, LineRecord, SchoolRecord, db


def uai(digits: str) -> str:
    """A valid UAI from its 7 digits."""
    return digits + uai_check_letter(digits)


BOURG, HAMEAU, PORT = uai("0710001"), uai("0710002"), uai("0710003")

PROJECT_TEXT = (
    "Le projet a été construit avec les équipes enseignantes et l'IEN de la circonscription "
    "lors de trois réunions. Il généralise l'affichage collectif en classe, permet aux élèves "
    "de produire des contenus avec la classe mobile et renforce le lien avec les familles par "
    "l'ENT. Les enseignants suivront les animations pédagogiques de l'académie ; un référent de "
    "la ville accompagnera la prise en main du matériel et une évaluation des usages sera "
    "conduite chaque année avec les conseils d'école."
)


def school_form(**overrides) -> dict:
    data = {
        "uai": BOURG,
        "name": "École élémentaire du Bourg",
        "kind": "elementaire",
        "sector": "public",
        "classes": "3",
        "pupils": "61",
        "version": "0",
    }
    return {**data, **overrides}


def line_form(**overrides) -> dict:
    data = {
        "school": BOURG,
        "category": "classe_affichage",
        "label": "Vidéoprojecteur interactif",
        "quantity": "3",
        "unit_price_ht": "1 890,00",
        "vat_rate": "20",
        "duration_months": "",
        "version": "0",
    }
    return {**data, **overrides}


def cofunder_form(**overrides) -> dict:
    data = {
        "funder": "Conseil départemental",
        "kind": "departement",
        "status": "requested",
        "mode": "amount",
        "amount": "1 000",
        "rate": "",
        "base": "equipment",
        "version": "0",
    }
    return {**data, **overrides}


def collectivite_form(**overrides) -> dict:
    data = {
        "kind": "commune",
        "name": "Commune de Saint-Exemple",
        "siret": "21710112000012",
        "insee": "71412",
        "departement": "71",
        "population": "820",
        "vat_recovered": "y",
        "rep_name": "Claire Moreau",
        "rep_title": "Maire",
        "contact_name": "Karim Benali",
        "contact_email": "numerique@mairie.example.fr",
        "contact_phone": "01 02 03 04 05",
        "version": "1",
    }
    return {**data, **overrides}


def project_form(**overrides) -> dict:
    data = {
        "summary": "Équiper les classes du socle numérique.",
        "pedagogy": PROJECT_TEXT,
        "ien": "IEN de la circonscription de Mâcon",
        "concertation": "Trois conseils des maîtres.",
        "version": "1",
    }
    return {**data, **overrides}


def inventory_form(version: int, **counts) -> dict:
    """The état des lieux grid as the browser sends it: every item, 0 unless given."""
    call = get_call("snee-2021")
    data = {f"inv_{code}": "0" for code, cat in call.categories.items() if cat.volet == 1}
    data.update({f"inv_{code}": str(n) for code, n in counts.items()})
    return {**data, "version": str(version)}


_APP = None  # the application of the running test, set by tests/web/conftest.py


@contextmanager
def database():
    """A short application context of the test's own: never the one the test client's requests
    run in (Flask would reuse it, and with it `g` and the signed-in user of another actor)."""
    assert _APP is not None, "the test needs the `app` fixture"
    with _APP.app_context():
        yield db.session


def scalar(statement):
    with database() as session:
        return session.scalar(statement)


def scalars(statement) -> list:
    with database() as session:
        return list(session.scalars(statement))


def execute(statement) -> None:
    """Change the database behind the application's back (e.g. to build an odd case)."""
    with database() as session:
        session.execute(statement)
        session.commit()


def record(dossier_id: int) -> DossierRecord:
    """The stored dossier with its schools, lines and funders, read afresh."""
    with database() as session:
        rec = session.execute(
            sa.select(DossierRecord)
            .where(DossierRecord.id == dossier_id)
            .options(
                selectinload(DossierRecord.schools),
                selectinload(DossierRecord.lines),
                selectinload(DossierRecord.cofunders),
            )
        ).scalar_one()
    return rec


def schools(dossier_id: int) -> list[SchoolRecord]:
    return scalars(
        sa.select(SchoolRecord).where(SchoolRecord.dossier_id == dossier_id).order_by(SchoolRecord.position)
    )


def lines(dossier_id: int) -> list[LineRecord]:
    return scalars(
        sa.select(LineRecord).where(LineRecord.dossier_id == dossier_id).order_by(LineRecord.position)
    )


def cofunders(dossier_id: int) -> list[CofunderRecord]:
    return scalars(
        sa.select(CofunderRecord)
        .where(CofunderRecord.dossier_id == dossier_id)
        .order_by(CofunderRecord.position)
    )


def text(response) -> str:
    return response.get_data(as_text=True)


def squash(html: str) -> str:
    """The page's text with tags removed and spaces (including narrow no-break ones) collapsed."""
    plain = re.sub(r"<[^>]+>", " ", html).replace("\u202f", " ").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", plain).replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"')


def error_of(html: str, field_id: str) -> str:
    """The error message shown next to a field (its `…-error` paragraph), as text."""
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S)
    return squash(match.group(1)).strip() if match else ""


def summary_of(html: str) -> str:
    """The error summary at the top of the page, as text."""
    match = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return squash(match.group(0)) if match else ""


def figure(html: str, name: str) -> str:
    """A figure of the side panel, e.g. `state-subsidy`."""
    match = re.search(rf'data-figure="{name}">(.*?)<', html, re.S)
    assert match, name
    return squash(match.group(1)).strip()
