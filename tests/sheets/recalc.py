"""A workbook recalculated by LibreOffice Calc headless (what Excel would show), read back with
the values only."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from services.pdf import soffice

needs_calc = pytest.mark.skipif(soffice() is None, reason="LibreOffice Calc (soffice) is not installed")


def recalculated(data: bytes):
    """The workbook's values once LibreOffice has computed every formula."""
    with tempfile.TemporaryDirectory(prefix="calc-") as work:
        folder = Path(work)
        (folder / "in").mkdir()
        (folder / "in" / "book.xlsx").write_bytes(data)
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(folder),
                str(folder / "in" / "book.xlsx"),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return load_workbook(io.BytesIO((folder / "book.xlsx").read_bytes()), data_only=True)
