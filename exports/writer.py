"""The document being written: body XML streamed to a temporary file, then one package.

python-docx gives the package (styles, settings, headers, images, core properties); the body
is written as WordprocessingML strings, encoded as they come into a temporary file (never
held in memory, never parsed into a tree), and streamed into the package's
`word/document.xml` when the document is saved: the peak memory of a large dossier does not
grow with its body.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Emu
from lxml import etree

from .ooxml import NSDECL, clean, field, para, ppr, run
from .styles import apply_styles

CM = 360000  # EMU per centimetre
NBSP = "\u00a0"
# French typography: a non-breaking space before ; : ! ? % and » and after «, so that no line
# starts with « ; » or ends with « ». The markup holds no such sequence outside text.
_BEFORE = re.compile(r" (?=[;:!?%»])")
_AFTER = re.compile(r"« ")


def french_spacing(xml: str) -> str:
    """The body's text with French non-breaking spaces."""
    return _AFTER.sub("«" + NBSP, _BEFORE.sub(NBSP, xml))


EMPTY_PARAGRAPH = para()
DOCUMENT_PART = "word/document.xml"


@dataclass(frozen=True)
class Layout:
    """A section's page: A4, portrait or landscape, 2 cm margins (twips)."""

    landscape: bool = False

    @property
    def size(self) -> tuple[int, int]:
        """Width and height of the page."""
        return (16838, 11906) if self.landscape else (11906, 16838)

    @property
    def text_width(self) -> int:
        """Width between the margins."""
        return self.size[0] - 2 * 1134


PORTRAIT, LANDSCAPE = Layout(False), Layout(True)


@dataclass(frozen=True)
class TocEntry:
    """A heading as the table of contents lists it."""

    text: str
    level: int
    bookmark: str


class DocWriter:
    """Collects the body of the dossier and writes the .docx package."""

    def __init__(self, lang: str):
        self.french = lang.startswith("fr")
        self.doc = docx.Document()
        _drop_template_thumbnail(self.doc)
        apply_styles(self.doc, lang)
        # The body so far, encoded; the last part is held back (a section break may drop it).
        self._body = tempfile.TemporaryFile()  # noqa: SIM115 - closed by to_bytes, kept across calls
        self._pending: str | None = None
        self.toc: list[TocEntry] = []
        self._toc_at: int | None = None
        self._ids = 0
        self._refs: dict[Layout, str] = {}

    def add(self, *xml: str) -> None:
        """Append body XML (paragraphs, tables)."""
        for part in xml:
            self._push(part)

    def _push(self, xml: str) -> None:
        self._flush()
        self._pending = xml

    def _flush(self) -> None:
        if self._pending is not None:
            self._body.write(self._typeset(self._pending).encode())
            self._pending = None

    def heading(self, text: str, level: int = 1, page_break: bool = False, number: int | None = None) -> None:
        """A Word heading (Heading 1-3), numbered when given a number, with a bookmark the table of
        contents points at."""
        text = text if number is None else f"{number}. {text}"
        self._ids += 1
        mark = f"_Toc{self._ids:06d}"
        self.toc.append(TocEntry(text, level, mark))
        self._push(
            f"<w:p>{ppr(f'Heading{level}', page_break=page_break)}"
            f'<w:bookmarkStart w:id="{self._ids}" w:name="{mark}"/>{run(text)}'
            f'<w:bookmarkEnd w:id="{self._ids}"/></w:p>'
        )

    def table_of_contents(self, title: str) -> None:
        """The place of the TOC field, filled with every heading when the document is saved."""
        self._push(para(title, style="TOCHeading"))
        self._flush()
        self._toc_at = self._body.tell()

    def picture(self, png: bytes, width_cm: float, height_cm: float, alt: str) -> str:
        """A run showing an image, described by `alt` for screen readers."""
        inline = self.doc.part.new_pic_inline(BytesIO(png), Emu(int(width_cm * CM)), Emu(int(height_cm * CM)))
        inline.docPr.set("descr", clean(alt))
        for side in ("distT", "distB", "distL", "distR"):  # LibreOffice's default is 0.32 cm
            inline.set(side, "0")
        return f"<w:r><w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing></w:r>"

    def end_section(self, layout: Layout) -> None:
        """Close the current section (of that layout); what follows starts on a new page."""
        if self._pending == EMPTY_PARAGRAPH:
            self._pending = None  # the break takes the place of the spacer after a last table
        # A hairline paragraph, so that the break never spills onto a page of its own.
        props = '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        props += '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>'
        self._push(f"<w:p><w:pPr>{props}{self._sect_pr(layout)}</w:pPr></w:p>")

    def headers(self, header: dict[Layout, str], footer: dict[Layout, str]) -> None:
        """Header and footer paragraphs for each layout (tab stops differ with the width)."""
        for layout in (PORTRAIT, LANDSCAPE):
            hdr, hdr_id = self.doc.part.add_header_part()
            ftr, ftr_id = self.doc.part.add_footer_part()
            _fill(hdr.element, self._typeset(header[layout]))
            _fill(ftr.element, self._typeset(footer[layout]))
            self._refs[layout] = (
                f'<w:headerReference w:type="default" r:id="{hdr_id}"/>'
                f'<w:footerReference w:type="default" r:id="{ftr_id}"/>'
            )

    def _sect_pr(self, layout: Layout) -> str:
        width, height = layout.size
        orient = ' w:orient="landscape"' if layout.landscape else ""
        return (
            f'<w:sectPr>{self._refs.get(layout, "")}<w:type w:val="nextPage"/>'
            f'<w:pgSz w:w="{width}" w:h="{height}"{orient}/>'
            '<w:pgMar w:top="1418" w:right="1134" w:bottom="1134" w:left="1134" '
            'w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>'
        )

    def _typeset(self, xml: str) -> str:
        return french_spacing(xml) if self.french else xml

    def to_bytes(self, last: Layout, toc_levels: int = 2) -> bytes:
        """The .docx file, the table of contents (headings up to `toc_levels`) filled and the
        last section closed."""
        self._flush()
        toc = ""
        if self._toc_at is not None:
            toc = toc_xml([e for e in self.toc if e.level <= toc_levels], f"1-{toc_levels}")
        # python-docx writes the package around an empty body; the body is streamed in after.
        self.doc.part._element = parse_xml(f"<w:document {NSDECL}><w:body/></w:document>")
        if self._toc_at is not None:  # only a table of contents has fields a reader must refresh
            _update_fields_on_open(self.doc)
        package = BytesIO()
        self.doc.save(package)
        head = f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:document {NSDECL}><w:body>"
        tail = f"{self._sect_pr(last)}</w:body></w:document>"
        out = BytesIO()
        with (
            zipfile.ZipFile(package) as source,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                if info.filename != DOCUMENT_PART:
                    target.writestr(info, source.read(info))
                    continue
                member = zipfile.ZipInfo(DOCUMENT_PART, info.date_time)
                member.compress_type = zipfile.ZIP_DEFLATED
                with target.open(member, "w") as stream:
                    stream.write(head.encode())
                    if self._toc_at is None:  # no contents: the body once, as it was written
                        self._copy_body(stream, 0, None)
                    else:
                        self._copy_body(stream, 0, self._toc_at)
                        stream.write(self._typeset(toc).encode())
                        self._copy_body(stream, self._toc_at, None)
                    stream.write(tail.encode())
        self._body.close()
        return out.getvalue()

    def _copy_body(self, stream, start: int, end: int | None) -> None:
        """The body's bytes from `start` to `end` (None: the end) into the zip member."""
        if end is not None and end <= start:
            return
        self._body.seek(start)
        if end is None:
            shutil.copyfileobj(self._body, stream, 1 << 20)
            return
        left = end - start
        while left > 0:
            chunk = self._body.read(min(left, 1 << 20))
            if not chunk:
                break
            stream.write(chunk)
            left -= len(chunk)

    def properties(self, title: str, author: str, language: str, when: datetime) -> None:
        """The file's core properties (what Explorer and the Finder show)."""
        props = self.doc.core_properties
        stamp = when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when
        title, author = clean(title)[:250], clean(author)[:250]
        props.title, props.author, props.last_modified_by = title, author, author
        props.language, props.created, props.modified = language, stamp, stamp
        props.revision, props.comments, props.keywords = 1, "", ""


def toc_xml(entries: list[TocEntry], levels: str) -> str:
    """A TOC field Word refreshes when the file opens, already holding every heading with a
    PAGEREF field for its page (so a reader that does not refresh still sees the sections)."""
    begin = field(f'TOC \\o "{levels}" \\h \\z \\u', dirty=True)
    begin = begin[: begin.index('<w:r><w:fldChar w:fldCharType="end"/>')]
    lines = [
        f"<w:p>{ppr(f'TOC{e.level}')}{begin if i == 0 else ''}"
        f'<w:hyperlink w:anchor="{e.bookmark}" w:history="1">{run(e.text)}<w:r><w:tab/></w:r>'
        f"{_page_of(e.bookmark)}</w:hyperlink></w:p>"
        for i, e in enumerate(entries)
    ]
    if not lines:
        lines = [f"<w:p>{begin}</w:p>"]
    return "".join(lines) + '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'


def _drop_template_thumbnail(document) -> None:
    """python-docx's template carries a preview picture of another document: not ours to show."""
    rels = document.part.package.rels
    for key in [k for k, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        rels.pop(key)


def _page_of(bookmark: str) -> str:
    return field(f"PAGEREF {bookmark} \\h")


def _fill(story, xml: str) -> None:
    for child in list(story):
        story.remove(child)
    for child in parse_xml(f"<w:hdr {NSDECL}>{xml}</w:hdr>"):
        story.append(child)


def _update_fields_on_open(document) -> None:
    """Ask Word to refresh the fields (the TOC's page numbers) when the file opens."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        flag = OxmlElement("w:updateFields", {qn("w:val"): "true"})
        settings.insert_element_before(
            flag,
            "w:hdrShapeDefaults",
            "w:footnotePr",
            "w:endnotePr",
            "w:compat",
            "w:docVars",
            "w:rsids",
            "m:mathPr",
            "w:attachedSchema",
            "w:themeFontLang",
            "w:clrSchemeMapping",
            "w:doNotIncludeSubdocsInStats",
            "w:doNotAutoCompressPictures",
            "w:forceUpgrade",
            "w:captions",
            "w:readModeInkLockDown",
            "w:smartTagType",
            "sl:schemaLibrary",
            "w:shapeDefaults",
            "w:doNotEmbedSmartTags",
            "w:decimalSymbol",
            "w:listSeparator",
        )
