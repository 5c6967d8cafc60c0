"""The budget as a workbook the finance department can check: every line with live formulas
(HT = quantity × unit price, TTC), subtotals per school and per volet as SUMIF formulas, and the
financing plan with the rules engine's figures on a second sheet."""

from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.workbook.properties import CalcProperties

from grants.i18n import N_
from grants.labels import CATEGORY_LABELS, VOLET_LABELS
from services.dossiers import Evaluated

from .book_styles import BOLD, EURO, RATE, TITLE, header_row, money, total_row, widths
from .financing_sheet import write_financing
from .inert import PrintableSheet, typed_text_stays_text

FIRST = 5  # first line of the budget table
# Columns of the lines table
UAI, NAME, VOLET, CAT, LABEL, QTY, PRICE, HT, VAT, TTC, BASE, MONTHS = "ABCDEFGHIJKL"


def budget_workbook(result: Evaluated, translate: Callable[[str], str]) -> bytes:
    """The workbook's bytes: the sheet of lines and subtotals, then the financing plan."""
    book = Workbook()
    book.calculation = CalcProperties(fullCalcOnLoad=True)
    sheet = book.active
    sheet.title = translate(N_("Budget"))[:31]
    BudgetSheet(PrintableSheet(sheet), result, translate).write()
    financing = book.create_sheet(translate(N_("Plan de financement"))[:31])
    write_financing(PrintableSheet(financing), result, translate)
    for written in book.worksheets:
        typed_text_stays_text(written, (EURO, RATE))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class BudgetSheet:
    """Writes the lines, then the subtotals per school and per volet, below one another."""

    def __init__(self, sheet, result: Evaluated, translate: Callable[[str], str]):
        self.ws, self.r, self._ = sheet, result, translate
        self.f = result.evaluation.funding
        self.whole = translate(N_("Tout le dossier"))

    def write(self) -> None:
        d = self.r.dossier
        self.ws["A1"] = self._(N_("Budget du dossier %(title)s")) % {"title": self.r.record.title}
        self.ws["A1"].font = TITLE
        base = (
            N_("hors taxes (la collectivité récupère la TVA)")
            if self.f.base == "ht"
            else N_("toutes taxes comprises (la collectivité ne récupère pas la TVA)")
        )
        self.ws["A2"] = self._(N_("%(name)s — montants en euros ; base de la subvention : %(base)s.")) % {
            "name": d.collectivite.name,
            "base": self._(base),
        }
        last = self._lines()
        row = self._schools(last + 3, last)
        row = self._volets(row + 2, last)
        self._uncounted(row + 2)
        widths(
            self.ws, dict(zip("ABCDEFGHIJKL", (16, 32, 9, 34, 40, 10, 16, 16, 10, 16, 18, 10), strict=True))
        )

    def _lines(self) -> int:
        """The counted lines, school by school then dossier-wide; returns the range's last row (an
        empty budget keeps one blank row, so that no total ever sums itself)."""
        _ = self._
        header_row(
            self.ws,
            FIRST - 1,
            [
                _(N_("UAI")),
                _(N_("Nom de l'école")),
                _(N_("Volet (0 : hors subvention)")),
                _(N_("Catégorie")),
                _(N_("Libellé")),
                _(N_("Quantité")),
                _(N_("Prix unitaire HT")),
                _(N_("Total HT")),
                _(N_("Taux de TVA")),
                _(N_("Total TTC")),
                _(N_("Base de la subvention")),
                _(N_("Durée (mois)")),
            ],
        )
        self.ws.freeze_panes = f"A{FIRST}"
        row = FIRST - 1
        for index in self._counted_order():
            row += 1
            self._line(row, index)
        row = max(row, FIRST)
        self.ws.auto_filter.ref = f"A{FIRST - 1}:{MONTHS}{row}"
        total = row + 1
        self.ws.cell(row=total, column=1, value=_(N_("Total")))
        for col in (HT, TTC, BASE):
            self._money(f"{col}{total}", f"=SUM({col}{FIRST}:{col}{row})")
        total_row(self.ws, total, 12)
        return row

    def _counted_order(self) -> list[int]:
        lines = self.f.lines
        by_school = [
            ln.index
            for s in range(len(self.r.dossier.schools))
            for ln in lines
            if ln.counted and ln.school_index == s
        ]
        return by_school + [ln.index for ln in lines if ln.counted and ln.school_index is None]

    def _line(self, row: int, index: int) -> None:
        line, res = self.r.dossier.lines[index], self.f.lines[index]
        school = self.r.dossier.schools[res.school_index] if res.school_index is not None else None
        vat = line.vat_rate if line.vat_rate is not None else self.r.call.default_vat_rate
        values = {
            UAI: school.uai if school else self.whole,
            NAME: school.name if school else "",
            VOLET: res.volet,
            CAT: self._(CATEGORY_LABELS.get(line.category, line.category)),
            LABEL: line.label,
            QTY: line.quantity,
            MONTHS: line.duration_months,
        }
        for col, value in values.items():
            self.ws[f"{col}{row}"] = value
        self._money(f"{PRICE}{row}", line.unit_price_ht)
        self._money(f"{HT}{row}", f"=ROUND({QTY}{row}*{PRICE}{row},2)")
        self.ws[f"{VAT}{row}"] = vat
        self.ws[f"{VAT}{row}"].number_format = RATE
        self._money(f"{TTC}{row}", f"=ROUND({HT}{row}*(1+{VAT}{row}),2)")
        self._money(f"{BASE}{row}", f"={HT if self.f.base == 'ht' else TTC}{row}")

    def _money(self, ref: str, value) -> None:
        money(self.ws, ref, value)

    def _sumif(self, col: str, last: int, criteria_col: str, criteria: str) -> str:
        span = lambda c: f"${c}${FIRST}:${c}${last}"  # noqa: E731
        return f"=SUMIF({span(criteria_col)},{criteria},{span(col)})"

    def _schools(self, row: int, last: int) -> int:
        """One row per school (and one for dossier-wide lines): SUMIF of the lines above."""
        _ = self._
        self.ws.cell(row=row, column=1, value=_(N_("Sous-totaux par école"))).font = BOLD
        header_row(
            self.ws,
            row + 1,
            [
                _(N_("UAI")),
                _(N_("Nom de l'école")),
                _(N_("Classes")),
                _(N_("Total HT")),
                _(N_("Total TTC")),
                _(N_("Équipement (volet 1), base")),
                _(N_("Plafond de l'école (calculé par l'application)")),
                _(N_("Équipement retenu (calculé par l'application)")),
            ],
        )
        first = row + 2
        seen: set[str] = set()
        row = first - 1
        for school in self.f.schools:
            if school.uai in seen:
                continue  # a UAI twice: its lines all go to the first school (DUP-UAI blocks the deposit)
            seen.add(school.uai)
            row += 1
            self._school_row(row, last, school.uai, school.name, school.classes)
            self._money(f"G{row}", school.equipment_cap)
            self._money(f"H{row}", school.equipment_eligible)
        row += 1
        self._school_row(row, last, self.whole, _(N_("Lignes communes à tout le dossier")), None)
        total = row + 1
        self.ws.cell(row=total, column=1, value=_(N_("Total")))
        for col in "DEF":
            self._money(f"{col}{total}", f"=SUM({col}{first}:{col}{row})")
        total_row(self.ws, total, 8)
        return total

    def _school_row(self, row: int, last: int, uai: str, name: str, classes: int | None) -> None:
        self.ws[f"A{row}"], self.ws[f"B{row}"], self.ws[f"C{row}"] = uai, name, classes
        self._money(f"D{row}", self._sumif(HT, last, UAI, f"$A{row}"))
        self._money(f"E{row}", self._sumif(TTC, last, UAI, f"$A{row}"))
        span = lambda c: f"${c}${FIRST}:${c}${last}"  # noqa: E731
        self._money(f"F{row}", f"=SUMIFS({span(BASE)},{span(UAI)},$A{row},{span(VOLET)},1)")

    def _volets(self, row: int, last: int) -> int:
        """One row per volet: SUMIF of the lines, beside what the caps retain and the subsidy."""
        _ = self._
        self.ws.cell(row=row, column=1, value=_(N_("Sous-totaux par volet"))).font = BOLD
        header_row(
            self.ws,
            row + 1,
            [
                _(N_("Volet")),
                _(N_("Libellé")),
                "",
                _(N_("Total HT")),
                _(N_("Total TTC")),
                _(N_("Base de la subvention")),
                _(N_("Retenu après plafonds (calculé par l'application)")),
                _(N_("Subvention de l'État (calculée par l'application)")),
            ],
        )
        first = row + 2
        retained = {
            1: (self.f.equipment.eligible, self.f.equipment.subsidy),
            2: (self.f.services.eligible, self.f.services.subsidy),
        }
        for offset, volet in enumerate((1, 2, 0)):
            r = first + offset
            self.ws[f"A{r}"], self.ws[f"B{r}"] = volet, self._(VOLET_LABELS[volet])
            for col, src in (("D", HT), ("E", TTC), ("F", BASE)):
                self._money(f"{col}{r}", self._sumif(src, last, VOLET, f"$A{r}"))
            if volet in retained:
                self._money(f"G{r}", retained[volet][0])
                self._money(f"H{r}", retained[volet][1])
        total = first + 3
        self.ws.cell(row=total, column=1, value=_(N_("Total")))
        for col in "DEFH":
            self._money(f"{col}{total}", f"=SUM({col}{first}:{col}{total - 1})")
        total_row(self.ws, total, 8)
        return total

    def _uncounted(self, row: int) -> None:
        """Lines the project's cost leaves out (a school not in the dossier, an unknown category)."""
        left_out = [ln for ln in self.f.lines if not ln.counted]
        if not left_out:
            return
        self.ws.cell(
            row=row,
            column=1,
            value=self._(
                N_(
                    "Lignes non comptées dans le coût du projet (école absente du dossier ou catégorie "
                    "inconnue) : corrigez-les dans le dossier"
                )
            ),
        ).font = BOLD
        for offset, res in enumerate(left_out, start=1):
            line = self.r.dossier.lines[res.index]
            self.ws[f"A{row + offset}"] = line.school or self.whole
            self.ws[f"D{row + offset}"] = line.category
            self.ws[f"E{row + offset}"] = line.label
            self._money(f"H{row + offset}", res.ht)
