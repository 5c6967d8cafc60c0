"""Workbooks built to exhaust a server (for the tests and the benchmark of the import's limits):
a few hundred kilobytes that unzip to tens of megabytes of cells."""

from __future__ import annotations

import io
import zipfile

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"


def workbook_of_rows(rows: int, cells_per_row: int, text: str = "x") -> bytes:
    """An .xlsx of `rows` rows of `cells_per_row` inline-string cells, written in chunks."""
    out = io.BytesIO()
    cell = f'<c t="inlineStr"><is><t>{text}</t></is></c>'
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _PARTS.items():
            archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_START.encode())
            row = ("<row>" + cell * cells_per_row + "</row>").encode() if cells_per_row <= 10_000 else None
            for index in range(rows):
                if row is not None:
                    sheet.write(row)
                    continue
                sheet.write(f'<row r="{index + 1}">'.encode())
                chunk = (cell * 10_000).encode()
                for _ in range(cells_per_row // 10_000):
                    sheet.write(chunk)
                sheet.write((cell * (cells_per_row % 10_000)).encode() + b"</row>")
            sheet.write(_SHEET_END.encode())
    return out.getvalue()


def one_row_bomb(cells: int = 2_500_000) -> bytes:
    """Issue 13's upload: one row of about 2.5 million inline-string cells (~95 MB unzipped)."""
    return workbook_of_rows(1, cells)
