"""The inspectors' spreadsheets: one row per dossier with its key figures (CSV and Excel), and the
Excel workbook's sheets of schools and budget lines."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from .conftest import import_dossier, record
from .test_inbox import seed


@pytest.fixture
def deposited(app, cast):
    cast.deposit()
    cast.ien.post(cast.url("/commentaires"), {"kind": "section", "ref": "budget", "body": "Une question."})
    seed(app, 3, "92")  # another département: never exported to inspectors of 71
    return cast


def test_the_csv_has_one_row_per_dossier_with_its_key_figures(deposited):
    response = deposited.ien.get("/inspection/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="dossiers-')
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "Référence",
        "Titre",
        "Collectivité",
        "Département",
        "État",
        "Brouillon partagé",
        "Écoles",
        "Subvention de l'État demandée (€)",
        "Coût du projet (€)",
        "Points bloquants",
        "Commentaires ouverts",
        "Dernière modification",
    ]
    [row] = rows[1:]
    ref = record(deposited.app, deposited.dossier_id).reference
    assert row[:11] == [
        ref,
        "Socle numérique 2021",
        "Commune de Saint-Exemple",
        "71",
        "Déposé",
        "non",
        "1",
        "8000.00",
        "12000.00",
        "0",
        "1",
    ]
    datetime.strptime(row[11], "%Y-%m-%d %H:%M")


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
    rows = list(
        csv.reader(io.StringIO(deposited.ien.get("/inspection/export.csv").get_data().decode("utf-8-sig")))
    )
    assert rows[0][0] == "Reference" and rows[1][4] == "Submitted"


def test_the_workbook_has_dossiers_schools_and_lines(deposited):
    response = deposited.ien.get("/inspection/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["Dossiers", "Écoles", "Lignes de budget"]
    dossiers = list(book["Dossiers"].iter_rows(values_only=True))
    ref = record(deposited.app, deposited.dossier_id).reference
    assert len(dossiers) == 2
    assert dossiers[1][:11] == (
        ref,
        "Socle numérique 2021",
        "Commune de Saint-Exemple",
        "71",
        "Déposé",
        "non",
        1,
        8000,
        12000,
        0,
        1,
    )
    assert isinstance(dossiers[1][11], datetime)
    schools = list(book["Écoles"].iter_rows(values_only=True))
    assert schools[1] == (ref, "0710001R", "École élémentaire n° 1", "Élémentaire", "Public", 4, 100)
    lines = list(book["Lignes de budget"].iter_rows(values_only=True))
    assert lines[0][-1] == "Total HT (€)"
    assert [(ln[1], ln[2], Decimal(str(ln[-1]))) for ln in lines[1:]] == [
        ("0710001R", "Vidéoprojecteur, TBI/TNI ou écran interactif", Decimal("10000")),
        ("Tout le dossier", "Espace numérique de travail (ENT)", Decimal("2000")),
    ]


def test_an_empty_list_still_gives_the_headers(cast):
    rows = list(
        csv.reader(io.StringIO(cast.ien.get("/inspection/export.csv").get_data().decode("utf-8-sig")))
    )
    assert len(rows) == 1
    book = load_workbook(io.BytesIO(cast.ien.get("/inspection/export.xlsx").get_data()))
    assert [book[name].max_row for name in book.sheetnames] == [1, 1, 1]
