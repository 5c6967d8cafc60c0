"""The table of contents' page numbers, written into a .docx once a rendering of it is known.

Word refreshes the TOC when it opens the file; LibreOffice and the PDFs made from the file
show the numbers the file holds. The PDF service renders the document once, finds on which
page each heading falls (`locate`), writes those numbers into the TOC (`with_page_numbers`)
and renders again: the TOC is on pages of its own, so numbers do not move the headings.
Pure: bytes in, bytes out.
"""

from __future__ import annotations

import re
import zipfile
from html import unescape
from io import BytesIO

DOCUMENT = "word/document.xml"
SETTINGS = "word/settings.xml"
_UPDATE_FIELDS = re.compile(r"<w:updateFields [^>]*/>")
_ENTRY = re.compile(r'<w:hyperlink w:anchor="(_Toc\d+)"[^>]*>(.*?)</w:hyperlink>', re.S)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_PAGEREF = re.compile(
    r'(<w:instrText xml:space="preserve"> PAGEREF (_Toc\d+) \\h </w:instrText></w:r>'
    r'<w:r><w:fldChar w:fldCharType="separate"/></w:r>)'
)
_SPACE = re.compile(r"\s+")


def _document(docx: bytes) -> str:
    with zipfile.ZipFile(BytesIO(docx)) as archive:
        return archive.read(DOCUMENT).decode("utf-8")


def toc_entries(docx: bytes) -> list[tuple[str, str]]:
    """(bookmark, heading text) of every entry of the table of contents, in order."""
    return [
        (mark, unescape("".join(_TEXT.findall(body))).strip())
        for mark, body in _ENTRY.findall(_document(docx))
    ]


def toc_title(docx: bytes) -> str | None:
    """The title of the table of contents (its paragraph in the TOCHeading style)."""
    match = re.search(r'<w:pStyle w:val="TOCHeading"/>.*?</w:pPr>(.*?)</w:p>', _document(docx), re.S)
    return unescape("".join(_TEXT.findall(match.group(1)))).strip() if match else None


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip().casefold()


def locate(entries: list[tuple[str, str]], pages: list[str], after: str) -> dict[str, int]:
    """The page (from 1) of each heading: the first page, after the one holding the title of the
    table of contents `after` and never before the previous heading's, where a line starts with
    the heading's text. A heading not found is left out (its number stays blank)."""
    # The contents' own lines (with their dot leaders) are no heading.
    lines = [
        [
            _norm(line)
            for line in page.splitlines()
            if line.strip() and "...." not in line and "…" * 3 not in line
        ]
        for page in pages
    ]
    start = next((i for i, page in enumerate(lines) if _norm(after) in page), -1) + 1
    found: dict[str, int] = {}
    current = start
    for mark, text in entries:
        wanted = _norm(text)[:60]
        for i in range(current, len(lines)):
            if any(
                line.startswith(wanted) or wanted.startswith(line) and len(line) > 12 for line in lines[i]
            ):
                found[mark] = i + 1
                current = i
                break
    return found


def with_page_numbers(docx: bytes, pages: dict[str, int]) -> bytes:
    """The same .docx with each TOC entry's PAGEREF holding its page number, and no longer asking
    Word to refresh the fields on opening (the numbers are there)."""

    def fill(match: re.Match) -> str:
        number = pages.get(match.group(2))
        return match.group(1) + (f'<w:r><w:t xml:space="preserve">{number}</w:t></w:r>' if number else "")

    out = BytesIO()
    with zipfile.ZipFile(BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == DOCUMENT:
                data = _PAGEREF.sub(fill, data.decode("utf-8")).encode("utf-8")
            elif item.filename == SETTINGS and pages:
                data = _UPDATE_FIELDS.sub("", data.decode("utf-8")).encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()
