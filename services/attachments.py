"""The pieces attached to a dossier: checked by their content, stored once under their SHA-256.

A file is accepted when its first bytes say it is a PDF, a PNG or JPEG image, or an office
document (Word, Excel, OpenDocument), when it is no larger than `UPLOAD_MAX_BYTES`, and, for a
PDF, when pypdf can read its page count (at most `UPLOAD_MAX_PAGES`). An office document is a
zip: its declared uncompressed size is bounded too (a zip bomb is refused without being
inflated). The bytes are written to `UPLOAD_FOLDER/ab/abcdef…` (created atomically, never
changed, never deleted while a deposit refers to them) so that a deposit's frozen manifest keeps
pointing at the very bytes deposited.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from grants.call import CallDefinition
from grants.numbers import fmt_size
from grants.pieces import with_pieces
from models import Attachment, DossierRecord, User, db
from services.dossiers import Evaluated, log

DEFAULT_MAX_BYTES = 5_000_000  # « 5 Mo »: decimal units, as grants.numbers.fmt_size writes them
DEFAULT_MAX_PAGES = 300
MAX_INFLATED = 100 * 1024 * 1024
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT, ODS = "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet"
DOC_LEGACY = "application/msword"
EXTENSIONS = {
    PDF: "pdf",
    PNG: "png",
    JPEG: "jpg",
    DOCX: "docx",
    XLSX: "xlsx",
    ODT: "odt",
    ODS: "ods",
    DOC_LEGACY: "doc",
}
ACCEPTED = _l("PDF, image PNG ou JPEG, document Word, Excel ou OpenDocument")


class Refused(Exception):
    """An upload that is not kept; the message says why and what to do, in the user's language."""


@dataclass(frozen=True)
class Checked:
    """What the checks found of an uploaded file."""

    content_type: str
    pages: int | None


def _locale() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "fr")


def limit_text(rounding: str = "down") -> str:
    """The size limit as the pages and messages write it (« 5 Mo »)."""
    return fmt_size(current_app.config.get("UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES), _locale(), rounding)


def folder() -> Path:
    """Where the files live (`UPLOAD_FOLDER`, by default `instance/uploads`)."""
    configured = current_app.config.get("UPLOAD_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def blob_path(sha256: str, root: Path | None = None) -> Path:
    """The file of a digest in the store."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 digest")
    return (root or folder()) / sha256[:2] / sha256


def _office(data: bytes) -> str | None:
    """A Word, Excel or OpenDocument file (a zip of a known layout), or None."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if sum(i.file_size for i in infos) > MAX_INFLATED or len(infos) > 5000:
        raise Refused(_l("Ce document compressé se décompresse en plus de 100 Mo : il est refusé."))
    names = {i.filename for i in infos}
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        if mimetype in (ODT, ODS):
            return mimetype
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            return DOCX
        if any(n.startswith("xl/") for n in names):
            return XLSX
    return None


def _pdf_pages(data: bytes, max_pages: int) -> int:
    from pypdf import PdfReader  # loaded when a PDF is first checked, not at start-up
    from pypdf.errors import LimitReachedError, PyPdfError

    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Refused(_l("Ce PDF est protégé par un mot de passe : joignez une version non protégée."))
        pages = len(reader.pages)
        if active := active_content(reader):
            raise Refused(
                _l(
                    "Ce PDF contient du contenu actif (%(found)s) : il est refusé, car il pourrait agir sur "
                    "l'ordinateur de qui l'ouvre. Imprimez-le en PDF (« Enregistrer au format PDF » ou "
                    "« Microsoft Print to PDF ») et joignez la copie obtenue."
                )
                % {"found": ", ".join(active)}
            )
    except Refused:
        raise
    except LimitReachedError as error:
        raise Refused(
            _l(
                "Ce PDF déclare un nombre démesuré d'éléments ou de pages : il est refusé. "
                "Enregistrez-le de nouveau en PDF."
            )
        ) from error
    except (
        PyPdfError,
        RecursionError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OSError,
        IndexError,
    ) as error:
        raise Refused(
            _l("Ce PDF est illisible ou endommagé : enregistrez-le de nouveau en PDF puis joignez-le.")
        ) from error
    if pages < 1:
        raise Refused(_l("Ce PDF ne contient aucune page."))
    if pages > max_pages:
        raise Refused(
            _l(
                "Ce PDF compte %(pages)s pages, au-delà des %(max)s admises : joignez-le en plusieurs parties."
            )
            % {"pages": pages, "max": max_pages}
        )
    return pages


# What a PDF may carry that acts when it is opened: a key of a dictionary, or the kind (`/S`)
# of an action. Named in the refusal as the PDF's own words (« /JavaScript »).
ACTIVE_KEYS = ("/JS", "/JavaScript", "/AA", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia")
ACTIVE_ACTIONS = ("/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute")
MAX_OBJECTS = 200_000


def active_content(reader) -> list[str]:
    """The active content found in a PDF (JavaScript, automatic actions, an application launched,
    an embedded file), walking every object reachable from its trailer once; [] when none."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack and visited < MAX_OBJECTS:
        node = stack.pop()
        visited += 1
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            found.update(k for k in node if k in ACTIVE_KEYS)
            if node.get("/Type") == "/EmbeddedFile" or "/EF" in node:
                found.add("/EmbeddedFile")
            kind = node.get("/S")
            if isinstance(kind, str) and kind in ACTIVE_ACTIONS:
                found.add(kind)
            stack.extend(v for k, v in node.items() if k not in ("/Parent", "/P"))
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    if stack:
        raise Refused(
            _l(
                "Ce PDF déclare un nombre démesuré d'éléments ou de pages : il est refusé. "
                "Enregistrez-le de nouveau en PDF."
            )
        )
    return sorted(found)


def check(data: bytes, max_bytes: int | None = None, max_pages: int | None = None) -> Checked:
    """The file's type by its content and its page count; Refused with the reason otherwise."""
    max_bytes = max_bytes or current_app.config.get("UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    max_pages = max_pages or current_app.config.get("UPLOAD_MAX_PAGES", DEFAULT_MAX_PAGES)
    if not data:
        raise Refused(_l("Le fichier est vide : choisissez le fichier à joindre."))
    if len(data) > max_bytes:
        raise Refused(
            _l(
                "Le fichier pèse %(size)s, au-delà des %(max)s admis : réduisez-le (PDF compressé, image moins grande)."
            )
            % {
                "size": fmt_size(len(data), _locale(), rounding="up"),
                "max": fmt_size(max_bytes, _locale(), rounding="down"),
            }
        )
    head = data[:8]
    # Each type whole, not only its first bytes: a file that is something else (a web page, a
    # script) ahead of a real PDF, or junk behind a PNG signature, is refused.
    if head.startswith(b"%PDF-"):
        return Checked(PDF, _pdf_pages(data, max_pages))
    if head.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and b"IEND" in data[-12:]:
        return Checked(PNG, None)
    if head.startswith(b"\xff\xd8\xff") and data.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9"):
        return Checked(JPEG, None)
    if head.startswith(b"PK\x03\x04"):
        kind = _office(data)
        if kind:
            return Checked(kind, None)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Checked(DOC_LEGACY, None)
    raise Refused(
        _l(
            "Ce type de fichier n'est pas accepté (seuls : %(accepted)s). Le nom du fichier ne compte pas : c'est son contenu qui est vérifié."
        )
        % {"accepted": ACCEPTED}
    )


def store(data: bytes, root: Path | None = None) -> str:
    """Write the bytes under their digest (once) and return the digest."""
    digest = hashlib.sha256(data).hexdigest()
    path = blob_path(digest, root)
    if path.is_file() and path.stat().st_size == len(data):
        return digest
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    with open(partial, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    partial.replace(path)
    return digest


def read(sha256: str) -> bytes:
    """The stored bytes of a digest, checked against it."""
    data = blob_path(sha256).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise OSError(f"stored file {sha256} is damaged")
    return data


def clean_name(filename: str, content_type: str) -> str:
    """The file's name as shown and offered for download: no path, no control character, the
    extension of its real type."""
    base = os.path.basename((filename or "").replace("\\", "/"))
    base = "".join(c for c in base if c.isprintable() and c not in '"<>|:*?').strip() or "piece"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem[:150]}.{EXTENSIONS[content_type]}"


def add(
    rec: DossierRecord, user: User | None, kind: str, filename: str, data: bytes, call: CallDefinition
) -> Attachment:
    """Check, store and attach a piece of a kind the call knows (Refused otherwise)."""
    if call.piece(kind) is None:
        raise Refused(_l("Choisissez la nature de la pièce dans la liste."))
    checked = check(data)
    digest = store(data)
    piece = Attachment(
        dossier_id=rec.id,
        kind=kind,
        filename=clean_name(filename, checked.content_type),
        content_type=checked.content_type,
        size=len(data),
        pages=checked.pages,
        sha256=digest,
        uploaded_by_id=user.id if user else None,
    )
    db.session.add(piece)
    db.session.flush()
    log(rec, user, "attachment", piece.id, "create", piece.filename, {"kind": [None, kind]})
    return piece


def remove(rec: DossierRecord, user: User | None, piece: Attachment) -> None:
    """Detach a piece (its bytes stay: a deposit may refer to them)."""
    log(rec, user, "attachment", piece.id, "delete", piece.filename, {"kind": [piece.kind, None]})
    db.session.delete(piece)
    db.session.flush()


def files_of(rec: DossierRecord):
    """The dossier's pieces as (file name, bytes), each name unique within the dossier (a second
    « devis.pdf » becomes « 2-devis.pdf »), for a batch download."""
    seen: set[str] = set()
    for number, piece in enumerate(rec.attachments, start=1):
        name = piece.filename if piece.filename not in seen else f"{number}-{piece.filename}"
        seen.add(name)
        yield name, read(piece.sha256)


def manifest(rec: DossierRecord) -> list[dict]:
    """The attachments as a deposit freezes them."""
    return [
        {
            "kind": a.kind,
            "filename": a.filename,
            "content_type": a.content_type,
            "size": a.size,
            "pages": a.pages,
            "sha256": a.sha256,
        }
        for a in rec.attachments
    ]


def with_attachments(result: Evaluated) -> Evaluated:
    """The evaluation the pages and the reports show of a stored dossier: its pieces checked
    against the call's (grants.pieces: a missing required piece warns, an attached parity
    calculation answers the parity warning). The contract's evaluation is not changed."""
    kinds = [a.kind for a in result.record.attachments]
    return replace(result, evaluation=with_pieces(result.evaluation, result.dossier, kinds))


def referenced_digests() -> set[str]:
    """Every digest an attachment or a deposit refers to (what a backup must carry)."""
    import json

    from models import Deposit

    found = set(db.session.scalars(db.select(Attachment.sha256)))
    for pieces in db.session.scalars(db.select(Deposit.pieces)):
        found.update(p["sha256"] for p in json.loads(pieces or "[]"))
    return found
