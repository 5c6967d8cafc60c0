"""The inspectors' spreadsheets: one row per dossier with its key figures (CSV and Excel), and the
Excel workbook's sheets of schools and budget lines."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from models import DossierRecord, db

from .conftest import import_dossier, record
from .test_inbox import seed


@pytest.fixture
def deposited(app, cast):
    cast.deposit()
    cast.ien.post(cast.url("/commentaires"), {"kind": "section", "ref": "budget", "body": "Une question."})
    seed(app, 3, "92")  # another département: never exported to inspectors of 71
    return cast


HEADERS = [
    "Référence",
    "Titre",
    "Collectivité",
    "Département",
    "Circonscription",
    "Entraînement",
    "État",
    "Brouillon partagé",
    "Dépôt n°",
    "Date du dépôt",
    "Avis sur le dépôt actuel",
    "Dernier avis (dépôt)",
    "Subvention de l'État demandée (€)",
    "Montant accordé (€)",
    "Numéro de convention",
    "Coût du projet (€)",
    "Écoles",
    "Points bloquants",
    "Commentaires ouverts",
    "Attribué à",
    "Dernière activité",
]


def read_french_csv(raw: bytes) -> list[list[str]]:
    """A CSV as French Excel reads it: UTF-8 with its BOM, fields split on « ; »."""
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def french_number(text: str) -> Decimal:
    """A number written the French way (decimal comma, no grouping)."""
    assert "." not in text, text
    return Decimal(text.replace(",", "."))


def test_the_csv_has_one_row_per_dossier_with_its_key_figures(deposited):
    response = deposited.ien.get("/inspection/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="dossiers-')
    raw = response.get_data()
    assert raw.decode("utf-8-sig").splitlines()[0].count(";") == len(HEADERS) - 1  # one column each
    rows = read_french_csv(raw)
    assert rows[0] == HEADERS
    [row] = rows[1:]
    values = dict(zip(HEADERS, row, strict=True))
    ref = record(deposited.app, deposited.dossier_id).reference
    assert values["Référence"] == ref and values["Collectivité"] == "Commune de Saint-Exemple"
    assert values["État"] == "Déposé" and values["Entraînement"] == "non" and values["Dépôt n°"] == "1"
    assert values["Subvention de l'État demandée (€)"] == "8000,00"
    assert french_number(values["Coût du projet (€)"]) == Decimal("12000")
    assert values["Montant accordé (€)"] == "" and values["Commentaires ouverts"] == "1"
    assert values["Attribué à"] == "Inès IEN"  # the IEN of the schools' circonscription
    datetime.strptime(values["Date du dépôt"], "%d/%m/%Y %H:%M")
    datetime.strptime(values["Dernière activité"], "%d/%m/%Y %H:%M")


def test_an_accepted_practice_dossier_never_exports_as_plain_accepte(app, deposited):
    deposited.set_practice(True)
    with app.app_context():
        rec = db.session.get(DossierRecord, deposited.dossier_id)
        rec.state, rec.granted_cents, rec.convention_number = "accepte", 700_000, "C-71-7"
        db.session.commit()
    assert read_french_csv(deposited.ien.get("/inspection/export.csv").get_data())[1:] == []  # left out
    [row] = read_french_csv(deposited.ien.get("/inspection/export.csv?practice=include").get_data())[1:]
    values = dict(zip(HEADERS, row, strict=True))
    assert values["État"] == "Accepté (entraînement)" and values["Entraînement"] == "oui"
    assert values["Montant accordé (€)"] == "7000,00" and values["Numéro de convention"] == "C-71-7"
    book = load_workbook(io.BytesIO(deposited.ien.get("/inspection/export.xlsx?practice=only").get_data()))
    assert book["Dossiers"]["G2"].value == "Accepté (entraînement)"
    from docx import Document

    document = Document(
        io.BytesIO(deposited.ien.get(f"/dossiers/{deposited.dossier_id}/dossier.docx").get_data())
    )
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "Accepté (entraînement)" in text
    header = "\n".join(p.text for s in document.sections for p in s.header.paragraphs)
    assert "ENTRAÎNEMENT" in header


def test_the_csv_follows_the_filters(app, deposited):
    other = import_dossier(app, deposited.org_id, "Second dossier")
    deposited.dossier_id = other
    deposited.share()
    everything = deposited.ien.get("/inspection/export.csv").get_data().decode("utf-8-sig")
    drafts = deposited.ien.get("/inspection/export.csv?state=brouillon").get_data().decode("utf-8-sig")
    assert everything.count("SNEE-2021-") == 2
    assert drafts.count("SNEE-2021-") == 1 and "Second dossier" in drafts


def test_the_csv_in_english(deposited):
    deposited.ien.get("/langue/en")
    rows = read_french_csv(deposited.ien.get("/inspection/export.csv").get_data())
    assert rows[0][0] == "Reference" and rows[1][6] == "Submitted"


def test_the_workbook_has_dossiers_schools_and_lines(deposited):
    response = deposited.ien.get("/inspection/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["Dossiers", "Écoles", "Lignes de budget"]
    dossiers = list(book["Dossiers"].iter_rows(values_only=True))
    ref = record(deposited.app, deposited.dossier_id).reference
    assert len(dossiers) == 2
    values = dict(zip(HEADERS, dossiers[1], strict=True))
    assert values["Référence"] == ref and values["État"] == "Déposé" and values["Entraînement"] == "non"
    assert values["Subvention de l'État demandée (€)"] == 8000 and values["Coût du projet (€)"] == 12000
    assert values["Dépôt n°"] == 1 and values["Commentaires ouverts"] == 1
    assert isinstance(values["Date du dépôt"], datetime) and isinstance(values["Dernière activité"], datetime)
    assert book["Dossiers"]["M2"].number_format == '#,##0.00\\ "€"'
    schools = list(book["Écoles"].iter_rows(values_only=True))
    assert schools[0][:2] == ("Référence", "Entraînement")
    assert schools[1][:6] == (ref, "non", "0710001R", "École élémentaire n° 1", "Élémentaire", "Public")
    assert schools[1][7:] == (4, 100)
    # The list may hold dossiers of several calls: each counts its classes its own way.
    assert schools[0][7:] == (
        "Classes (comptées par l'appel du dossier)",
        "Élèves (comptés par l'appel du dossier)",
    )
    lines = list(book["Lignes de budget"].iter_rows(values_only=True))
    assert lines[0][-1] == "Total HT (€)"
    assert lines[0][1] == "Entraînement" and {ln[1] for ln in lines[1:]} == {"non"}
    assert [(ln[2], ln[3], Decimal(str(ln[-1]))) for ln in lines[1:]] == [
        ("0710001R", "Vidéoprojecteur, TBI/TNI ou écran interactif", Decimal("10000")),
        ("Tout le dossier", "Espace numérique de travail (ENT)", Decimal("2000")),
    ]


def test_an_empty_list_still_gives_the_headers(cast):
    rows = read_french_csv(cast.ien.get("/inspection/export.csv").get_data())
    assert len(rows) == 1
    book = load_workbook(io.BytesIO(cast.ien.get("/inspection/export.xlsx").get_data()))
    assert [book[name].max_row for name in book.sheetnames] == [1, 1, 1]
