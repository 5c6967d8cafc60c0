"""What the pages of one revision of a dossier share across workers and restarts: its evaluation
and its funding panel in each locale, stored in the database (`stored_panels`) by the first
request that computed them, read by every later one (issue 18, item 2).

An entry is keyed by the dossier, its revision and the revision's instant (a removed dossier's
id reused, or a restored database, never meets another's entry) and a fingerprint of the call's
definition and of the code that computed and rendered it (the rules, the templates, the
messages): a deployment or a changed call reads nothing stored before it. A dossier's deletion
deletes its entries (models.StoredPanel); a change made outside the application's saves drops
them (web.unit).

Every row is sealed: its HMAC under the application's secret covers its key (dossier, part,
revision, stamp, fingerprint) and its body, so a row written by hand, or a body copied from
another dossier's or revision's row, is refused, computed again and replaced (an evaluation's
pickle is loaded, and a panel's HTML shown, only once its row verified; one that then does not
decode is a miss too). Reading the stored evaluation (one row) replaces what a worker that has not kept the revision pays otherwise:
reading every school and line, converting them, evaluating and rendering the panel. A page
showing one form then reads no school nor line, and costs about half; the list pages read
every row anyway, and unpickling costs about what converting and evaluating does, so they gain
little more than the panel (`web.cold.*` against `web.cold-computed.*` in bench/pages.py). Entries are written when the
request that computed them ends (`write_pending`, after the page is rendered), in a transaction
of their own; a lost race (two workers writing the same revision) is ignored: both wrote the
same thing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import pickle
import sys
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from models import DossierRecord, StoredPanel, db

ROOT = Path(__file__).resolve().parent.parent
# What a stored evaluation or panel depends on besides the dossier and the call's definition.
CODE = ("grants", "services", "web", "forms", "templates", "translations")
CODE_SUFFIXES = {".py", ".html", ".txt", ".po", ".json", ".toml", ".yaml", ".yml"}
EVALUATION = "evaluation"
READ, PENDING = "stored_read", "stored_pending"

log = logging.getLogger(__name__)


@cache
def code_fingerprint() -> str:
    """The code this process runs: the files the pages are computed and rendered from, the
    project's version and Python's (whose pickles the stored evaluations are)."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + sys.version.encode())
    for folder in CODE:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in CODE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def key_fingerprint(call_fingerprint: str) -> str:
    return hashlib.sha256(f"{call_fingerprint}:{code_fingerprint()}".encode()).hexdigest()


def _key(rec: DossierRecord) -> tuple[int, int, str, str]:
    from .dossiers import revision_key

    dossier_id, revision, stamp, call_fingerprint = revision_key(rec)
    return dossier_id, revision, stamp, key_fingerprint(call_fingerprint)


def _secret() -> bytes:
    from flask import current_app, has_app_context

    key = current_app.config.get("SECRET_KEY") if has_app_context() else None
    return hashlib.sha256(b"stored-panels:" + str(key or "").encode()).digest()


def _mac(key: tuple[int, int, str, str], part: str, payload: bytes) -> bytes:
    """The HMAC of a row: its key (dossier, part, revision, stamp, fingerprint) and its body, so
    that a body copied onto another dossier's, part's or revision's row does not verify."""
    dossier_id, revision, stamp, fingerprint = key
    head = json.dumps([dossier_id, part, revision, stamp, fingerprint]).encode()
    return hmac.new(_secret(), head + b"\0" + payload, "sha256").digest()


def seal(key: tuple[int, int, str, str], part: str, payload: bytes) -> bytes:
    """A part as stored: its HMAC under the application's secret, bound to the row's key, then
    the payload."""
    return _mac(key, part, payload) + payload


def unseal(key: tuple[int, int, str, str], part: str, body: bytes | None) -> bytes | None:
    """The payload `seal` stored for this key and part, or None when the HMAC does not match
    (another secret, another row's body, a row not written by the application)."""
    if not body or len(body) < 32:
        return None
    mac, payload = bytes(body[:32]), bytes(body[32:])
    return payload if hmac.compare_digest(mac, _mac(key, part, payload)) else None


def pack(value) -> bytes:
    """An evaluation's payload: its compressed pickle (loaded only once its row verified)."""
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(payload: bytes):
    """The value `pack` made, or None when it cannot be read (its row is then computed again)."""
    try:
        return pickle.loads(zlib.decompress(payload))
    except Exception as error:  # noqa: BLE001 - any unreadable payload is a miss, never a 500
        log.warning("stored evaluation unreadable: %s", error.__class__.__name__)
        return None


def read(rec: DossierRecord) -> dict[str, bytes]:
    """Every stored part of this revision whose seal verifies (one query per request and
    revision): a row that does not verify is left out, computed again and replaced."""
    key = _key(rec)
    cached = db.session.info.setdefault(READ, {})
    if key not in cached:
        dossier_id, revision, stamp, fingerprint = key
        rows = db.session.execute(
            sa.select(StoredPanel.part, StoredPanel.body).where(
                StoredPanel.dossier_id == dossier_id,
                StoredPanel.revision == revision,
                StoredPanel.stamp == stamp,
                StoredPanel.fingerprint == fingerprint,
            )
        )
        found = {}
        for part, body in rows:
            payload = unseal(key, part, body)
            if payload is None:
                log.warning("stored %s of dossier %s refused: its seal does not verify", part, dossier_id)
            else:
                found[part] = payload
        cached[key] = found
    return cached[key]


def stored(rec: DossierRecord, part: str) -> bytes | None:
    """The verified payload of this revision's part, or None."""
    return read(rec).get(part) if rec.id and rec.revision else None


def schedule(rec: DossierRecord, part: str, payload: Callable[[], bytes]) -> bool:
    """Store `payload()`, sealed, for this revision when the request ends (`write_pending`);
    outside a request (a script, a job), nothing is stored."""
    from flask import has_request_context

    if not (rec.id and rec.revision and has_request_context()):
        return False
    db.session.info.setdefault(PENDING, {})[(rec.id, part)] = (_key(rec), payload)
    return True


def _current_key(dossier_id: int) -> tuple[int, str] | None:
    """The dossier's revision and stamp as the database holds them now (None: deleted)."""
    from .dossiers import stamp_of

    row = db.session.execute(
        sa.select(DossierRecord.revision, DossierRecord.updated_at).where(DossierRecord.id == dossier_id)
    ).first()
    return None if row is None else (row.revision, stamp_of(row.updated_at))


def write_pending() -> int:
    """Write what this request scheduled, in a transaction of its own: what the request left
    uncommitted is rolled back first, as the request's end would. Returns the rows written.
    A part is written only for the dossier's current revision in the database (a slower
    request's older revision never replaces a newer one), and replaces whatever row the dossier
    and part held (another revision, higher or lower, another stamp or code, a row that did not
    verify). A failure (a lost race, a database busy) is logged and forgotten: the next page
    computes."""
    pending = db.session.info.pop(PENDING, None)
    db.session.info.pop(READ, None)
    if not pending:
        return 0
    db.session.rollback()
    written = 0
    current: dict[int, tuple[int, str] | None] = {}
    try:
        for (dossier_id, part), (key, payload) in pending.items():
            _, revision, stamp, fingerprint = key
            if dossier_id not in current:
                current[dossier_id] = _current_key(dossier_id)
            if current[dossier_id] != (revision, stamp):
                continue  # saved (or deleted) since this request read it: its part is stale
            db.session.execute(
                sa.delete(StoredPanel).where(StoredPanel.dossier_id == dossier_id, StoredPanel.part == part)
            )
            db.session.add(
                StoredPanel(
                    dossier_id=dossier_id,
                    part=part,
                    revision=revision,
                    stamp=stamp,
                    fingerprint=fingerprint,
                    body=seal(key, part, payload()),
                )
            )
            written += 1
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        log.info("stored panels not written: %s", error.__class__.__name__)
        return 0
    return written


def forget(dossier_ids: set[int] | None) -> None:
    """Delete the stored parts of these dossiers (every one for None), in the current transaction."""
    query = sa.delete(StoredPanel)
    if dossier_ids is not None:
        query = query.where(StoredPanel.dossier_id.in_(dossier_ids))
    db.session.execute(query)
