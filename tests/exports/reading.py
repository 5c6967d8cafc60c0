"""Exporting a dossier in a test and reading the Word file back as a reader would."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from exports import ExportMeta, build_dossier_docx, build_report_docx
from exports.meta import PARIS
from grants.call import get_call
from grants.dossier import Dossier
from grants.evaluation import Evaluation, evaluate
from grants.loader import dossier_from_json

EXAMPLES = Path(__file__).parent.parent / "examples"
EXAMPLE_NAMES = sorted(p.name.removesuffix(".expected.json") for p in EXAMPLES.glob("*.expected.json"))
WHEN = datetime(2021, 3, 1, 10, 5, tzinfo=PARIS)


_NBSP_BEFORE = re.compile("\u00a0(?=[;:!?%»])")


def plain(text: str) -> str:
    """Text with the French non-breaking spaces (before ; : ! ? % », after «) read as spaces, so
    that a test compares words, not typography (`Exported.raw_texts` keeps them)."""
    return _NBSP_BEFORE.sub(" ", text).replace("«\u00a0", "« ")


def example(name: str) -> Dossier:
    """One of the shared example dossiers."""
    return dossier_from_json((EXAMPLES / f"{name}.json").read_bytes())


def meta(state: str | None = "brouillon", **changes) -> ExportMeta:
    """The application's facts about a dossier, at a fixed instant."""
    values = {"reference": "SNEE-2021-000042", "state": state, "generated_at": WHEN} | changes
    return ExportMeta(**values)


@dataclass
class Exported:
    """A Word dossier as bytes and as python-docx reads it."""

    data: bytes
    evaluation: Evaluation
    doc: docx.document.Document = field(init=False)

    def __post_init__(self) -> None:
        self.doc = docx.Document(BytesIO(self.data))

    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph of the body, those of the table cells included, in order."""
        body = self.doc.element.body
        return [Paragraph(p, self.doc._body) for p in body.iter(qn("w:p"))]

    def raw_texts(self) -> list[str]:
        return [p.text for p in self.paragraphs()]

    def texts(self) -> list[str]:
        return [plain(p.text) for p in self.paragraphs()]

    def text(self) -> str:
        return "\n".join(self.texts())

    def headings(self) -> list[tuple[str, str]]:
        """(style name, text) of every paragraph in a Heading style."""
        return [
            (p.style.name, plain(p.text))
            for p in self.paragraphs()
            if p.style is not None and p.style.name.startswith("Heading")
        ]

    def tables(self) -> list[Table]:
        return [Table(t, self.doc._body) for t in self.doc.element.body.iter(qn("w:tbl"))]

    def rows_of(self, first_cell: str) -> list[list[str]]:
        """The rows (cell texts) whose first cell reads `first_cell`, in any table."""
        return [
            [plain(c.text) for c in row.cells]
            for t in self.tables()
            for row in t.rows
            if row.cells and plain(row.cells[0].text) == first_cell
        ]

    def header_texts(self) -> list[str]:
        """The header of each section, as text."""
        return ["\n".join(plain(p.text) for p in s.header.paragraphs) for s in self.doc.sections]

    def footer_xml(self) -> list[str]:
        return [s.footer._element.xml for s in self.doc.sections]

    def part(self, name: str) -> str:
        with zipfile.ZipFile(BytesIO(self.data)) as archive:
            return archive.read(name).decode("utf-8")


def export(dossier: Dossier, locale: str = "fr", state: str | None = "brouillon", **meta_changes) -> Exported:
    """The dossier evaluated and exported."""
    evaluation = evaluate(dossier, get_call(dossier.call))
    data = build_dossier_docx(dossier, evaluation, locale, meta(state, **meta_changes))
    return Exported(data, evaluation)


def report(dossier: Dossier, locale: str = "fr", state: str | None = "brouillon", **meta_changes) -> Exported:
    """The dossier's verification report."""
    evaluation = evaluate(dossier, get_call(dossier.call))
    data = build_report_docx(dossier, evaluation, locale, meta(state, **meta_changes))
    return Exported(data, evaluation)
