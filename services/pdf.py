"""PDF renderings of the Word documents by LibreOffice headless, when it is installed.

One conversion at a time per worker process (a lock), each bounded in time (the process group
is killed past `PDF_TIMEOUT` seconds), in a private LibreOffice profile so that workers never
share one. The table of contents gets its page numbers: a first rendering says where each
heading falls, the numbers are written into the file, and the second rendering is the PDF.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from io import BytesIO
from pathlib import Path

from exports.toc_pages import locate, toc_entries, toc_title, with_page_numbers

_LOCK = threading.Lock()
DEFAULT_TIMEOUT = 60.0


class PdfUnavailable(Exception):
    """LibreOffice is not installed, or the conversion failed or took too long."""


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed (`SOFFICE` overrides)."""
    configured = os.environ.get("SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    """Whether PDFs can be made here."""
    return soffice() is not None


def convert(docx: bytes, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The PDF of a .docx, as LibreOffice renders it (raises PdfUnavailable)."""
    program = soffice()
    if program is None:
        raise PdfUnavailable("LibreOffice (soffice) is not installed")
    if not _LOCK.acquire(timeout=timeout):
        raise PdfUnavailable("another conversion is still running")
    try:
        with tempfile.TemporaryDirectory(prefix="pdf-") as work:
            folder = Path(work)
            (folder / "in.docx").write_bytes(docx)
            command = [
                program,
                f"-env:UserInstallation=file://{folder / 'profile'}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                str(folder),
                str(folder / "in.docx"),
            ]
            _run(command, timeout)
            out = folder / "in.pdf"
            if not out.is_file():
                raise PdfUnavailable("LibreOffice produced no PDF")
            return out.read_bytes()
    finally:
        _LOCK.release()


def _run(command: list[str], timeout: float) -> None:
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise PdfUnavailable(f"the conversion took more than {timeout:g} s") from expired


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page of a PDF."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages]


def docx_to_pdf(docx: bytes, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The PDF of a .docx, its table of contents (if any) showing the page numbers."""
    numbered, first = _numbered(docx, timeout)
    return first if numbered is docx else convert(numbered, timeout)


def _numbered(docx: bytes, timeout: float) -> tuple[bytes, bytes]:
    """(the numbered .docx, the first rendering); the .docx itself when it has no contents."""
    title, entries = toc_title(docx), toc_entries(docx)
    first = convert(docx, timeout)
    if not entries or not title:
        return docx, first
    return with_page_numbers(docx, locate(entries, page_texts(first), title)), first
