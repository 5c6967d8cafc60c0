"""The budget as a workbook the finance department can check: every line with live formulas
(HT = quantity × unit price, TTC), subtotals per school and per volet as SUMIF formulas, and the
financing plan with the rules engine's figures on a second sheet."""

from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.workbook.properties import CalcProperties

from grants.funding import line_months
from grants.i18n import N_
from grants.labels import CATEGORY_LABELS, VOLET_LABELS
from grants.workflow import BROUILLON
from services.dossiers import Evaluated

from .book_styles import BOLD, CHECK, COUNT, EURO, RATE, TITLE, header_row, money, total_row, widths
from .financing_sheet import is_band, param_rows, print_setup, step_rows, write_financing
from .inert import PrintableSheet, sheet_value, typed_text_stays_text

FIRST = 5  # first line of the budget table
# Columns of the lines table every call has: the school (each line's, or « Tout le dossier »
# where the call has dossier-wide lines), the volet or family of the référentiel (the subtotals
# read it), the line and its amounts. The columns after them follow the call (`LineColumns`).
UAI, NAME, VOLET, CAT, LABEL, QTY, PRICE, HT, VAT, TTC, BASE = "ABCDEFGHIJK"
# The heading of the VOLET column under each layout of a call (CallDefinition.budget_layout, as
# the Word export's groups): a volet of the subsidy, or a family of the référentiel.
VOLET_HEADINGS = {
    "volets": N_("Volet (0 : hors subvention)"),
    "school_band": N_("Famille du référentiel (0 : hors référentiel)"),
}


def quoted(title: str) -> str:
    """A sheet's name as a formula refers to it."""
    return "'" + title.replace("'", "''") + "'"


def budget_workbook(result: Evaluated, translate: Callable[[str], str]) -> bytes:
    """The workbook's bytes: the sheet of lines and subtotals, then the financing plan."""
    book = Workbook()
    book.calculation = CalcProperties(fullCalcOnLoad=True)
    sheet = book.active
    sheet.title = translate(N_("Budget"))[:31]
    plan = book.create_sheet(translate(N_("Plan de financement"))[:31])
    budget = BudgetSheet(PrintableSheet(sheet), result, translate, quoted(plan.title))
    budget.write()
    write_financing(PrintableSheet(plan), result, translate, budget.refs)
    for written in book.worksheets:
        print_setup(written)
        print_marks(written, result, translate)
    sheet.print_title_rows = f"{FIRST - 1}:{FIRST - 1}"
    for written in book.worksheets:
        typed_text_stays_text(written, (EURO, RATE, COUNT, CHECK))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header_text(text: str, limit: int = 80) -> str:
    """Text as a print header holds it (« & » starts a header code; a header holds 255 characters)."""
    text = sheet_value(str(text))  # no control character: a header is XML text too
    return (text if len(text) <= limit else text[: limit - 1] + "…").replace("&", "&&")


def print_marks(sheet, result: Evaluated, translate: Callable[[str], str]) -> None:
    """What every printed page says: the reference and the sheet on the left, the dossier's title
    in the middle, BROUILLON on a draft and ENTRAÎNEMENT on a practice dossier on the right, and
    « page X / Y » at the foot."""
    record = result.record
    reference = getattr(record, "reference", None) or ""
    marks = []
    if getattr(record, "practice", False):
        marks.append(translate(N_("ENTRAÎNEMENT")))
    if (getattr(record, "state", None) or BROUILLON) == BROUILLON:
        marks.append(translate(N_("BROUILLON")))
    left = " — ".join(x for x in (reference, sheet.title) if x)
    sheet.oddHeader.left.text = _header_text(left)
    sheet.oddHeader.center.text = _header_text(getattr(record, "title", "") or "")
    sheet.oddHeader.right.text = "&B" + _header_text(" · ".join(marks)) if marks else ""
    sheet.oddFooter.center.text = _header_text(translate(N_("page %(page)s / %(pages)s"))) % {
        "page": "&P",
        "pages": "&N",
    }
    sheet.evenHeader.left.text = sheet.oddHeader.left.text
    sheet.evenHeader.center.text = sheet.oddHeader.center.text
    sheet.evenHeader.right.text = sheet.oddHeader.right.text
    sheet.evenFooter.center.text = sheet.oddFooter.center.text


class LineColumns:
    """The lines table's columns after the base: a subscription's months where the call caps them
    (`services_max_months`, as the budget page and the Word export ask), the volet 2 base the caps
    retain where the subsidy has volets, then the school's eligibility."""

    def __init__(self, call):
        self.volets = call.budget_layout == "volets"
        self.durations = call.services_max_months is not None
        letters = iter("LMN")
        self.months = next(letters) if self.durations else None
        self.kept = next(letters) if self.volets else None
        self.elig = next(letters)
        self.last = self.elig

    @property
    def count(self) -> int:
        return ord(self.last) - ord("A") + 1


class BudgetSheet:
    """Writes the lines, then the subtotals per school and per volet, below one another."""

    def __init__(self, sheet, result: Evaluated, translate: Callable[[str], str], plan: str = ""):
        self.ws, self.r, self._ = sheet, result, translate
        self.f = result.evaluation.funding
        self.whole = translate(N_("Tout le dossier"))
        self.plan = plan  # the financing plan's sheet, whose parameters and results are used here
        self.refs: dict[str, str] = {}  # what the financing plan's formulas read of this sheet
        self.cols = LineColumns(result.call)

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
        sizes = dict(zip("ABCDEFGHIJK", (16, 32, 12, 34, 40, 18, 18, 18, 10, 18, 18), strict=True))
        sizes.update({col: size for col, size in ((self.cols.months, 10), (self.cols.kept, 20)) if col})
        sizes[self.cols.elig] = 12
        widths(self.ws, sizes)

    def _lines(self) -> int:
        """The counted lines, school by school then dossier-wide; returns the range's last row (an
        empty budget keeps one blank row, so that no total ever sums itself)."""
        _, c = self._, self.cols
        kept = N_("Base retenue (volet 2 : durée plafonnée)") if c.durations else N_("Base retenue (volet 2)")
        headings = [
            _(N_("UAI")),
            _(N_("Nom de l'école")),
            _(VOLET_HEADINGS[self.r.call.budget_layout]),
            _(N_("Catégorie")),
            _(N_("Libellé")),
            _(N_("Quantité")),
            _(N_("Prix unitaire HT")),
            _(N_("Total HT")),
            _(N_("Taux de TVA")),
            _(N_("Total TTC")),
            _(N_("Base de la subvention")),
        ]
        headings += [_(N_("Durée (mois)"))] if c.months else []
        headings += [_(kept)] if c.kept else []
        headings += [_(N_("École éligible (1 : oui)"))]
        header_row(self.ws, FIRST - 1, headings)
        self.ws.freeze_panes = f"A{FIRST}"
        row = FIRST - 1
        for index in self._counted_order():
            row += 1
            self._line(row, index)
        row = max(row, FIRST)
        self.ws.auto_filter.ref = f"A{FIRST - 1}:{c.last}{row}"
        total = row + 1
        self.ws.cell(row=total, column=1, value=_(N_("Total")))
        for col in (HT, TTC, BASE, c.kept):
            if col:
                self._money(f"{col}{total}", f"=SUM({col}{FIRST}:{col}{row})")
        total_row(self.ws, total, c.count)
        if c.kept:
            self.refs["services_kept"] = f"{c.kept}{total}"
        self.refs.update(
            cost=f"{BASE}{total}",
            total_ht=f"{HT}{total}",
            total_ttc=f"{TTC}{total}",
            volet=f"${VOLET}${FIRST}:${VOLET}${row}",
            base=f"${BASE}${FIRST}:${BASE}${row}",
            quantities=f"${QTY}${FIRST}:${QTY}${row}",
            prices=f"${PRICE}${FIRST}:${PRICE}${row}",
            vat_rates=f"${VAT}${FIRST}:${VAT}${row}",
        )
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
        c = self.cols
        values = {
            UAI: school.uai if school else self.whole,
            NAME: school.name if school else "",
            VOLET: res.volet,
            CAT: self._(CATEGORY_LABELS.get(line.category, line.category)),
            LABEL: line.label,
            QTY: line.quantity,
            c.elig: 1 if school is None or self.f.schools[res.school_index].eligible else 0,
        }
        if c.months:
            values[c.months] = line_months(line, self.r.call) if res.volet == 2 else line.duration_months
        for col, value in values.items():
            self.ws[f"{col}{row}"] = value
        self._money(f"{PRICE}{row}", line.unit_price_ht)
        self._money(f"{HT}{row}", f"=ROUND({QTY}{row}*{PRICE}{row},2)")
        self.ws[f"{VAT}{row}"] = vat
        self.ws[f"{VAT}{row}"].number_format = RATE
        self._money(f"{TTC}{row}", f"=ROUND({HT}{row}*(1+{VAT}{row}),2)")
        self._money(f"{BASE}{row}", f"={HT if self.f.base == 'ht' else TTC}{row}")
        if not c.kept:  # no volets: a service counts in its school's spend as it is
            return
        if not c.months:
            self._money(f"{c.kept}{row}", f"=IF(AND({VOLET}{row}=2,{c.elig}{row}=1),{BASE}{row},0)")
            return
        # A subscription counts for at most the call's months (the plan's parameter).
        months = f"{self.plan}!$B${param_rows(self.r)['services_max_months']}"
        self._money(
            f"{c.kept}{row}",
            f"=IF(AND({VOLET}{row}=2,{c.elig}{row}=1),IF({c.months}{row}>{months},"
            f"ROUND({BASE}{row}*{months}/{c.months}{row},2),{BASE}{row}),0)",
        )

    def _money(self, ref: str, value) -> None:
        money(self.ws, ref, value)

    def _sumif(self, col: str, last: int, criteria_col: str, criteria: str) -> str:
        span = lambda c: f"${c}${FIRST}:${c}${last}"  # noqa: E731
        return f"=SUMIF({span(criteria_col)},{criteria},{span(col)})"

    def _schools(self, row: int, last: int) -> int:
        """One row per school (and one for dossier-wide lines): SUMIF of the lines above."""
        if is_band(self.r):
            return self._band_schools(row, last)
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
                _(N_("Plafond de l'école (plafond par classe × classes)")),
                _(N_("Équipement retenu (école éligible, dans son plafond)")),
                _(N_("École éligible (1 : oui)")),
                _(N_("Élèves (écoles éligibles)")),
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
            per_class = f"{self.plan}!$B${param_rows(self.r)['equipment_cap_per_class']}"
            self._money(f"G{row}", f"=ROUND({per_class}*C{row},2)")
            self._money(f"H{row}", f"=IF(I{row}=1,MIN(F{row},G{row}),0)")
            # The pupils the volet 2 cap counts: of the eligible schools (a UAI given twice, which
            # blocks the deposit, counts each of its eligible schools' pupils, as the engine does).
            pupils = sum(x.pupils for x in self.f.schools if x.uai == school.uai and x.eligible)
            self.ws[f"I{row}"], self.ws[f"J{row}"] = (1 if school.eligible else 0), pupils
        schools_last = row
        row += 1
        self._school_row(row, last, self.whole, _(N_("Lignes communes à tout le dossier")), None)
        total = row + 1
        self.ws.cell(row=total, column=1, value=_(N_("Total")))
        for col in "DEFH":
            self._money(f"{col}{total}", f"=SUM({col}{first}:{col}{row})")
        total_row(self.ws, total, 10)
        self.refs["equipment_kept"] = f"H{total}"
        self.refs["eligible"] = f"$I${first}:$I${max(schools_last, first)}"
        self.refs["pupils"] = f"$J${first}:$J${max(schools_last, first)}"
        return total

    def _band_schools(self, row: int, last: int) -> int:
        """A call funding each school within a band: per school, its référentiel spend, what the
        floor and the cap retain, and its subsidy at the call's rate (the plan's parameters)."""
        _ = self._
        self.ws.cell(row=row, column=1, value=_(N_("Subvention par école"))).font = BOLD
        header_row(
            self.ws,
            row + 1,
            [
                _(N_("UAI")),
                _(N_("Nom de l'école")),
                _(N_("Classes")),
                _(N_("Total HT")),
                _(N_("Total TTC")),
                _(N_("Dépense de l'école (référentiel), base")),
                _(N_("Dépense retenue (0 sous le plancher, au plus le plafond)")),
                _(N_("Subvention de l'école")),
                _(N_("École éligible (1 : oui)")),
                _(N_("Élèves")),
            ],
        )
        P = {k: f"{self.plan}!$B${r}" for k, r in param_rows(self.r).items()}  # noqa: N806
        span = lambda c: f"${c}${FIRST}:${c}${last}"  # noqa: E731
        first = row + 2
        seen: set[str] = set()
        row = first - 1
        for school in self.f.schools:
            if school.uai in seen:
                continue  # a UAI twice: its lines all go to the first school (DUP-UAI blocks the deposit)
            seen.add(school.uai)
            row += 1
            self._school_row(row, last, school.uai, school.name, school.classes)
            self._money(
                f"F{row}",
                f"=SUMIFS({span(BASE)},{span(UAI)},$A{row},{span(VOLET)},1)"
                f"+SUMIFS({span(BASE)},{span(UAI)},$A{row},{span(VOLET)},2)",
            )
            self._money(
                f"G{row}",
                f"=IF(AND(I{row}=1,F{row}>0,F{row}>={P['school_floor']}),MIN(F{row},{P['school_cap']}),0)",
            )
            self._money(f"H{row}", f"=ROUND({P['school_rate']}*G{row},2)")
            self.ws[f"I{row}"], self.ws[f"J{row}"] = (1 if school.eligible else 0), school.pupils
        total = max(row, first) + 1
        self.ws.cell(row=total, column=1, value=_(N_("Total")))
        for col in "DEFGH":
            self._money(f"{col}{total}", f"=SUM({col}{first}:{col}{total - 1})")
        total_row(self.ws, total, 10)
        self.refs.update(
            schools_expense=f"F{total}", schools_eligible=f"G{total}", schools_subsidy=f"H{total}"
        )
        self.refs["eligible"] = f"$I${first}:$I${max(row, first)}"
        self.refs["pupils"] = f"$J${first}:$J${max(row, first)}"
        return total

    def _school_row(self, row: int, last: int, uai: str, name: str, classes: int | None) -> None:
        self.ws[f"A{row}"], self.ws[f"B{row}"], self.ws[f"C{row}"] = uai, name, classes
        self._money(f"D{row}", self._sumif(HT, last, UAI, f"$A{row}"))
        self._money(f"E{row}", self._sumif(TTC, last, UAI, f"$A{row}"))
        span = lambda c: f"${c}${FIRST}:${c}${last}"  # noqa: E731
        self._money(f"F{row}", f"=SUMIFS({span(BASE)},{span(UAI)},$A{row},{span(VOLET)},1)")

    def _volets(self, row: int, last: int) -> int:
        """One row per volet: SUMIF of the lines, beside what the caps retain and the subsidy. A
        call without volets in its subsidy (a band per school) gets the spend per family of the
        référentiel only: its subsidy is per school, in the table above."""
        _ = self._
        band = is_band(self.r)
        title = N_("Dépense par famille du référentiel") if band else N_("Sous-totaux par volet")
        self.ws.cell(row=row, column=1, value=_(title)).font = BOLD
        headings = [
            _(N_("Famille")) if band else _(N_("Volet")),
            _(N_("Libellé")),
            "",
            _(N_("Total HT")),
            _(N_("Total TTC")),
            _(N_("Base de la subvention")),
        ]
        if not band:
            headings += [_(N_("Retenu après plafonds")), _(N_("Subvention de l'État"))]
        header_row(self.ws, row + 1, headings)
        first = row + 2
        p = lambda key: f"={self.plan}!$B${step_rows(self.r)[key]}"  # noqa: E731
        retained = (
            {}
            if band
            else {
                1: (p("equipment_eligible"), p("equipment_subsidy")),
                2: (p("services_eligible"), p("services_subsidy")),
            }
        )
        for offset, volet in enumerate((1, 2, 0)):
            r = first + offset
            name = self.r.call.text(f"volet.{volet}") or VOLET_LABELS[volet]
            self.ws[f"A{r}"], self.ws[f"B{r}"] = volet, self._(name)
            for col, src in (("D", HT), ("E", TTC), ("F", BASE)):
                self._money(f"{col}{r}", self._sumif(src, last, VOLET, f"$A{r}"))
            if volet in retained:
                self._money(f"G{r}", retained[volet][0])
                self._money(f"H{r}", retained[volet][1])
        total = first + 3
        self.ws.cell(row=total, column=1, value=_(N_("Total")))
        for col in "DEF" if band else "DEFH":
            self._money(f"{col}{total}", f"=SUM({col}{first}:{col}{total - 1})")
        total_row(self.ws, total, len(headings))
        self.refs["equipment_expense"] = f"F{first}"
        self.refs["services_expense"] = f"F{first + 1}"
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
