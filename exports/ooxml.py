"""WordprocessingML as strings: paragraphs, runs, fields and tables, built fast and escaped.

Large tables filled cell by cell through python-docx cost about a hundred times the time of
writing their XML; here every piece is a string, and the writer parses the body once. Any
text given to these functions is user text: it is escaped, never interpreted, and the
characters XML 1.0 forbids (control characters, lone surrogates) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

NSDECL = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_T = '<w:t xml:space="preserve">'

BOLD = "<w:rPr><w:b/></w:rPr>"
ITALIC = "<w:rPr><w:i/></w:rPr>"


def clean(text: object) -> str:
    """The text without the characters XML 1.0 cannot hold (a NUL, a form feed…)."""
    return _NOT_XML.sub("", "" if text is None else str(text))


def esc(text: object) -> str:
    """Text (or an attribute value) escaped for XML, forbidden characters dropped."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def esc_text(text: object) -> str:
    """Text of an element escaped for XML (quotes need no escape there, as lxml writes it)."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text: object, rpr: str = "") -> str:
    """A run of literal text; line breaks and tabs of the text are kept as Word's own."""
    body = esc_text(text)
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in body or "\t" in body:
        body = body.replace("\t", f"</w:t><w:tab/>{_T}").replace("\n", f"</w:t><w:br/>{_T}")
    return f"<w:r>{rpr}{_T}{body}</w:t></w:r>"


def rpr(bold: bool = False, italic: bool = False, color: str = "", size: int = 0) -> str:
    """Run properties in the schema's order (size in half-points)."""
    inner = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    inner += f'<w:color w:val="{color}"/>' if color else ""
    inner += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else ""
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def ppr(
    style: str = "",
    align: str = "",
    keep_next: bool = False,
    page_break: bool = False,
    space_before: int | None = None,
    extra: str = "",
) -> str:
    """Paragraph properties in the schema's order; `extra` is a trailing sectPr."""
    inner = f'<w:pStyle w:val="{style}"/>' if style else ""
    inner += ("<w:keepNext/>" if keep_next else "") + ("<w:pageBreakBefore/>" if page_break else "")
    inner += f'<w:spacing w:before="{space_before}"/>' if space_before is not None else ""
    inner += f'<w:jc w:val="{align}"/>' if align else ""
    inner += extra
    return f"<w:pPr>{inner}</w:pPr>" if inner else ""


def para(
    text: object = "",
    style: str = "",
    align: str = "",
    run_props: str = "",
    keep_next: bool = False,
    page_break: bool = False,
    space_before: int | None = None,
) -> str:
    """A paragraph of literal text."""
    content = run(text, run_props) if text != "" else ""
    return f"<w:p>{ppr(style, align, keep_next, page_break, space_before)}{content}</w:p>"


def rich(
    parts: Iterable[tuple[object, str]],
    style: str = "",
    align: str = "",
    keep_next: bool = False,
    space_before: int | None = None,
) -> str:
    """A paragraph of several runs, each (text, run properties)."""
    props = ppr(style, align, keep_next, space_before=space_before)
    return f"<w:p>{props}{''.join(run(t, p) for t, p in parts)}</w:p>"


def field(instruction: str, cached: str = "", run_props: str = "", dirty: bool = False) -> str:
    """A complex field (PAGE, NUMPAGES, TOC, PAGEREF…) with its last computed value."""
    flag = ' w:dirty="true"' if dirty else ""
    return (
        f'<w:r>{run_props}<w:fldChar w:fldCharType="begin"{flag}/></w:r>'
        f'<w:r>{run_props}<w:instrText xml:space="preserve"> {esc_text(instruction)} </w:instrText></w:r>'
        f'<w:r>{run_props}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(cached, run_props) if cached else ''}"
        f'<w:r>{run_props}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def page_break() -> str:
    """A paragraph holding only a page break."""
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


@dataclass(frozen=True)
class Column:
    """A table column: its title, its width in twips, and whether it holds amounts."""

    title: str
    width: int
    amount: bool = False


@dataclass(frozen=True)
class Cell:
    """A cell with more than text: a span, an italic note under the text, a background, and a
    paragraph of our own XML after the text (a picture, never user text)."""

    text: str = ""
    span: int = 1
    note: str = ""
    fill: str = ""
    bold: bool = False
    extra_paragraph: str = ""


@dataclass(frozen=True)
class Row:
    """A row with a look of its own: `group`, `subtotal` or `total` (bold, shaded)."""

    cells: Sequence[str | Cell]
    kind: str = ""
    height: int = 0


_ROW_FILL = {"group": "EEF0F8", "subtotal": "F4F4F4", "total": "E3E3FD"}
_HEAD_FILL = "D9DDEF"


def _tc(width: int, fill: str = "", span: int = 1) -> str:
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}{shade}</w:tcPr>'


def _cell_body(text: str, style: str, props: str, note: str = "", keep: str = "") -> str:
    """The paragraph of a cell, and the cell's end."""
    extra = f"<w:r><w:br/></w:r>{run(note, ITALIC)}" if note else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>{run(text, props)}{extra}</w:p></w:tc>'


class _Grid:
    """Precomputed cell openings of one table, so a plain row costs a few joins."""

    def __init__(self, columns: Sequence[Column], text_style: str = ""):
        self.columns = columns
        self.opening = [_tc(c.width) for c in columns]
        self.styles = [text_style or ("TableAmount" if c.amount else "TableText") for c in columns]
        self.keep = ""  # "<w:keepNext/>" while rows must stay with the next one

    def plain(self, cells: Sequence[str]) -> str:
        tcs = "".join(
            f'{o}<w:p><w:pPr><w:pStyle w:val="{s}"/>{self.keep}</w:pPr>{run(t)}</w:p></w:tc>'
            for o, s, t in zip(self.opening, self.styles, cells, strict=False)
        )
        return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{tcs}</w:tr>"

    def styled(self, row: Row) -> str:
        fill, bold = _ROW_FILL.get(row.kind, ""), row.kind in _ROW_FILL
        keep = "<w:keepNext/>" if row.kind == "group" else self.keep
        out, col = [], 0
        for item in row.cells:
            cell = item if isinstance(item, Cell) else Cell(item)
            width = sum(c.width for c in self.columns[col : col + cell.span])
            props = BOLD if bold or cell.bold else ""
            body = _cell_body(cell.text, self.styles[col], props, cell.note, keep)
            if cell.extra_paragraph:
                body = body.replace("</w:tc>", cell.extra_paragraph + "</w:tc>")
            out.append(_tc(width, cell.fill or fill, cell.span) + body)
            col += cell.span
        height = f'<w:trHeight w:val="{row.height}" w:hRule="atLeast"/>' if row.height else ""
        return f"<w:tr><w:trPr><w:cantSplit/>{height}</w:trPr>{''.join(out)}</w:tr>"

    def row(self, row: Sequence[str] | Row) -> str:
        return self.styled(row) if isinstance(row, Row) else self.plain(row)

    def header(self) -> str:
        tcs = "".join(
            _tc(c.width, _HEAD_FILL) + _cell_body(c.title, "TableHeadAmount" if c.amount else "TableHead", "")
            for c in self.columns
        )
        return f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{tcs}</w:tr>"


def _table_start(columns: Sequence[Column]) -> str:
    total = sum(c.width for c in columns)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{total}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{c.width}"/>' for c in columns)
        + "</w:tblGrid>"
    )


def table(
    columns: Sequence[Column],
    rows: Iterable[Sequence[str] | Row],
    header: bool = True,
    text_style: str = "",
    keep_together: bool = False,
) -> str:
    """A fixed-layout table whose header row repeats on each page and whose rows never split;
    a short table can be kept on one page (each row kept with the next)."""
    grid = _Grid(columns, text_style)
    body = [grid.header()] if header else []
    if keep_together:
        rows = list(rows)
        grid.keep = "<w:keepNext/>"
        body.extend(grid.row(r) for r in rows[:-1])
        grid.keep = ""
        rows = rows[-1:]
    body.extend(grid.row(r) for r in rows)
    # Callers add a paragraph after each table: two adjacent tables would merge into one.
    return _table_start(columns) + "".join(body) + "</w:tbl>"
