"""The inbox as spreadsheets: pure functions from rows to bytes.

CSV in French spreadsheet conventions (what French Excel and LibreOffice open in columns
without an import dialog): UTF-8 with a BOM, `;` between fields, a decimal comma, dates as
dd/mm/yyyy. Excel: one sheet of dossiers with their key figures, one of schools, one of budget
lines, with real numbers, money formats and dates. Both mark practice dossiers (a column, and
the state « Accepté (entraînement) »)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from grants.compare import line_amount
from grants.dossier import Line
from grants.labels import CATEGORY_LABELS, SCHOOL_KIND_LABELS, SECTOR_LABELS
from grants.workflow import AVIS_LABELS, FINAL_STATES, state_text
from services.inbox import Row
from services.sheets.inert import PrintableSheet, inert, typed_text_stays_text

PARIS = ZoneInfo("Europe/Paris")
Translate = Callable[[str], str]
MONEY_FORMAT = '#,##0.00\\ "€"'
DATE_FORMAT = "dd/mm/yyyy hh:mm"
# Columns holding money, dates (1-based, in _dossier_headers' order)
MONEY_COLUMNS = (13, 14, 16)
DATE_COLUMNS = (10, 21)


def _dossier_headers(_: Translate) -> list[str]:
    return [
        _("Référence"),
        _("Titre"),
        _("Collectivité"),
        _("Département"),
        _("Circonscription"),
        _("Entraînement"),
        _("État"),
        _("Brouillon partagé"),
        _("Dépôt n°"),
        _("Date du dépôt"),
        _("Avis sur le dépôt actuel"),
        _("Dernier avis (dépôt)"),
        _("Subvention de l'État demandée (€)"),
        _("Montant accordé (€)"),
        _("Numéro de convention"),
        _("Coût du projet (€)"),
        _("Écoles"),
        _("Points bloquants"),
        _("Commentaires ouverts"),
        _("Attribué à"),
        _("Dernière activité"),
    ]


def _local(moment: datetime | None) -> datetime | None:
    return moment.astimezone(PARIS).replace(tzinfo=None, microsecond=0) if moment else None


def _dossier_values(row: Row, _: Translate) -> list:
    return [
        row.reference,
        row.title,
        row.name,
        row.departement,
        row.circonscription,
        _("oui") if row.practice else _("non"),
        state_text(row.state, row.practice, _),
        _("oui") if row.shared else _("non"),
        row.deposit_count or None,
        _local(row.deposited_at),
        _(AVIS_LABELS[row.avis]) if row.avis in AVIS_LABELS else "",
        last_avis_text(row, _),
        row.subsidy,
        row.granted if row.state in FINAL_STATES else None,
        row.convention_number,
        row.project_cost,
        row.school_count,
        row.blocking_count,
        row.open_comments,
        row.assignee,
        _local(row.updated_at),
    ]


def last_avis_text(row: Row, _: Translate) -> str:
    """The latest avis with the deposit it was given on: « Défavorable (dépôt n° 1) »."""
    if row.last_avis not in AVIS_LABELS:
        return ""
    label = _(AVIS_LABELS[row.last_avis])
    if not row.last_avis_deposit:
        return label
    return _("%(avis)s (dépôt n° %(n)s)") % {"avis": label, "n": row.last_avis_deposit}


def french_cell(value) -> str:
    """A value as French spreadsheets read it: 1234,50 (no grouping, so it stays a number),
    01/12/2026 14:05, and text that cannot start a formula."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, int):
        return str(value)
    return inert(str(value))


def french_csv(headers: list[str], rows: Iterable[list]) -> bytes:
    """A CSV for French spreadsheets: BOM, `;`, decimal commas, CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for values in rows:
        writer.writerow([french_cell(v) for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def dossiers_csv(rows: Iterable[Row], _: Translate) -> bytes:
    """One line per dossier, with a header line."""
    return french_csv(_dossier_headers(_), (_dossier_values(r, _) for r in rows))


def _sheet(book, title: str, headers: list[str], rows: Iterable[list], first: bool = False):
    from openpyxl.styles import Font

    sheet = PrintableSheet(book.active if first else book.create_sheet())
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for values in rows:
        sheet.append(values)
    typed_text_stays_text(sheet.worksheet)  # this workbook has no formula of its own
    return sheet


def _school_values(reference: str, practice: bool, school, circonscription: str, _: Translate) -> list:
    return [
        reference,
        _("oui") if practice else _("non"),
        school.uai,
        school.name,
        _(SCHOOL_KIND_LABELS.get(school.kind, school.kind)),
        _(SECTOR_LABELS.get(school.sector, school.sector)),
        circonscription,
        school.classes,
        school.pupils,
    ]


def _line_values(reference: str, practice: bool, line, _: Translate) -> list:
    ht = line_amount(Line(line.school_uai, line.category, line.label, line.quantity, line.unit_price_ht))
    return [
        reference,
        _("oui") if practice else _("non"),
        line.school_uai or _("Tout le dossier"),
        _(CATEGORY_LABELS.get(line.category, line.category)),
        line.label,
        line.quantity,
        line.unit_price_ht,
        line.vat_rate,
        line.duration_months,
        ht,
    ]


def _formats(sheet, columns: Iterable[int], number_format: str) -> None:
    for column in columns:
        for cells in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cells[0].number_format = number_format


def dossiers_xlsx(
    rows: Iterable[Row], schools: Iterable[tuple], lines: Iterable[tuple], _: Translate
) -> bytes:
    """A workbook: the dossiers, their schools, their budget lines."""
    from openpyxl import Workbook

    book = Workbook()
    dossiers = _sheet(
        book, _("Dossiers"), _dossier_headers(_), (_dossier_values(r, _) for r in rows), first=True
    )
    _formats(dossiers, MONEY_COLUMNS, MONEY_FORMAT)
    _formats(dossiers, DATE_COLUMNS, DATE_FORMAT)
    dossiers.auto_filter.ref = dossiers.dimensions
    for letter, width in zip("ABCDEFG", (18, 28, 28, 8, 22, 10, 22), strict=True):
        dossiers.column_dimensions[letter].width = width
    _sheet(
        book,
        _("Écoles"),
        [
            _("Référence"),
            _("Entraînement"),
            _("UAI"),
            _("Nom"),
            _("Type"),
            _("Secteur"),
            _("Circonscription"),
            _("Classes (comptées par l'appel du dossier)"),
            _("Élèves (comptés par l'appel du dossier)"),
        ],
        (_school_values(ref, practice, s, circ, _) for ref, practice, s, circ in schools),
    )
    budget = _sheet(
        book,
        _("Lignes de budget"),
        [
            _("Référence"),
            _("Entraînement"),
            _("École (UAI)"),
            _("Catégorie"),
            _("Libellé"),
            _("Quantité"),
            _("Prix unitaire HT (€)"),
            _("TVA"),
            _("Durée (mois)"),
            _("Total HT (€)"),
        ],
        (_line_values(ref, practice, ln, _) for ref, practice, ln in lines),
    )
    _formats(budget, (7, 10), MONEY_FORMAT)
    _formats(budget, (8,), "0.0%")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
