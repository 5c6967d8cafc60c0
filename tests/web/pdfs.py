"""Small PDFs built for the tests: a sound one, a damaged one, bombs of pages and loops."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfWriter


def one_page_pdf(pages: int = 1) -> bytes:
    """A valid PDF of blank A4 pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file of those objects (1-based) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def page_bomb(pages: int = 200_000) -> bytes:
    """A PDF of a few hundred bytes whose page tree lists one page `pages` times."""
    kids = b" ".join([b"3 0 R"] * pages)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def looping_tree() -> bytes:
    """A PDF whose page tree contains itself (a reader that follows it never ends)."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def damaged_pdf() -> bytes:
    """A file that starts like a PDF and is nothing after."""
    return b"%PDF-1.7\n" + b"\x00garbage" * 200


def hostile_pdf(
    catalog_extra: bytes = b"/OpenAction 4 0 R", action: bytes = b"/S /JavaScript /JS (app.alert(1))"
) -> bytes:
    """A one-page PDF whose catalogue carries active content: by default JavaScript run on opening."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            b"<< " + action + b" >>",
        ]
    )
