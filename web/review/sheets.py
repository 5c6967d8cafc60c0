"""The inbox as spreadsheets: pure functions from rows to bytes (CSV: comma, decimal point,
UTF-8 with a BOM so that spreadsheet programs read the accents; Excel: one sheet of dossiers
with their key figures, one of schools, one of budget lines, with real numbers and dates)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from grants.compare import line_amount
from grants.dossier import Line
from grants.labels import CATEGORY_LABELS, SCHOOL_KIND_LABELS, SECTOR_LABELS
from grants.workflow import STATE_LABELS
from services.inbox import Row
from services.sheets.inert import inert, typed_text_stays_text

PARIS = ZoneInfo("Europe/Paris")
Translate = Callable[[str], str]


def _dossier_headers(_: Translate) -> list[str]:
    return [
        _("Référence"),
        _("Titre"),
        _("Collectivité"),
        _("Département"),
        _("État"),
        _("Brouillon partagé"),
        _("Écoles"),
        _("Subvention de l'État demandée (€)"),
        _("Coût du projet (€)"),
        _("Points bloquants"),
        _("Commentaires ouverts"),
        _("Dernière modification"),
    ]


def _local(moment: datetime) -> datetime:
    return moment.astimezone(PARIS).replace(tzinfo=None, microsecond=0)


def _dossier_values(row: Row, _: Translate) -> list:
    return [
        row.reference,
        row.title,
        row.name,
        row.departement,
        _(STATE_LABELS.get(row.state, row.state)),
        _("oui") if row.shared else _("non"),
        row.school_count,
        row.subsidy,
        row.project_cost,
        row.blocking_count,
        row.open_comments,
        _local(row.updated_at),
    ]


def dossiers_csv(rows: Iterable[Row], _: Translate) -> bytes:
    """One line per dossier, with a header line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_dossier_headers(_))
    for row in rows:
        values = _dossier_values(row, _)
        values[-1] = values[-1].strftime("%Y-%m-%d %H:%M")
        writer.writerow([inert(v) for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet(book, title: str, headers: list[str], rows: Iterable[list], first: bool = False):
    from openpyxl.styles import Font

    sheet = book.active if first else book.create_sheet()
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for values in rows:
        sheet.append(values)
    typed_text_stays_text(sheet)  # this workbook has no formula of its own
    return sheet


def _school_values(reference: str, school, _: Translate) -> list:
    return [
        reference,
        school.uai,
        school.name,
        _(SCHOOL_KIND_LABELS.get(school.kind, school.kind)),
        _(SECTOR_LABELS.get(school.sector, school.sector)),
        school.classes,
        school.pupils,
    ]


def _line_values(reference: str, line, _: Translate) -> list:
    ht = line_amount(Line(line.school_uai, line.category, line.label, line.quantity, line.unit_price_ht))
    return [
        reference,
        line.school_uai or _("Tout le dossier"),
        _(CATEGORY_LABELS.get(line.category, line.category)),
        line.label,
        line.quantity,
        line.unit_price_ht,
        line.vat_rate,
        line.duration_months,
        ht,
    ]


def dossiers_xlsx(
    rows: Iterable[Row], schools: Iterable[tuple], lines: Iterable[tuple], _: Translate
) -> bytes:
    """A workbook: the dossiers, their schools, their budget lines."""
    from openpyxl import Workbook  # imported when a list is downloaded, not at start-up

    book = Workbook()
    dossiers = _sheet(
        book, _("Dossiers"), _dossier_headers(_), (_dossier_values(r, _) for r in rows), first=True
    )
    for cells in dossiers.iter_rows(min_row=2, min_col=8, max_col=9):
        for cell in cells:
            cell.number_format = "#,##0.00"
    for cells in dossiers.iter_rows(min_row=2, min_col=12, max_col=12):
        cells[0].number_format = "yyyy-mm-dd hh:mm"
    _sheet(
        book,
        _("Écoles"),
        [
            _("Référence"),
            _("UAI"),
            _("Nom"),
            _("Type"),
            _("Secteur"),
            _("Classes de cycles 2 et 3"),
            _("Élèves de cycles 2 et 3"),
        ],
        (_school_values(ref, s, _) for ref, s in schools),
    )
    _sheet(
        book,
        _("Lignes de budget"),
        [
            _("Référence"),
            _("École (UAI)"),
            _("Catégorie"),
            _("Libellé"),
            _("Quantité"),
            _("Prix unitaire HT (€)"),
            _("TVA"),
            _("Durée (mois)"),
            _("Total HT (€)"),
        ],
        (_line_values(ref, ln, _) for ref, ln in lines),
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
