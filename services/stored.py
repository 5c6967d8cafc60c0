"""What the pages of one revision of a dossier share across workers and restarts: its evaluation
and its funding panel in each locale, stored in the database (`stored_panels`) by the first
request that computed them, read by every later one (issue 18, item 2).

An entry is keyed by the dossier, its revision and the revision's instant (a removed dossier's
id reused, or a restored database, never meets another's entry) and a fingerprint of the call's
definition and of the code that computed and rendered it (the rules, the templates, the
messages): a deployment or a changed call reads nothing stored before it. A dossier's deletion
deletes its entries (models.StoredPanel); a change made outside the application's saves drops
them (web.unit).

Reading the stored evaluation (one row, its pickle checked against the application's secret key
before it is loaded) replaces what a worker that has not kept the revision pays otherwise:
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
    return hashlib.sha256(b"stored-evaluation:" + str(key or "").encode()).digest()


def seal(value) -> bytes:
    """A value as stored: compressed pickle, after its HMAC under the application's secret."""
    payload = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
    return hmac.new(_secret(), payload, "sha256").digest() + payload


def unseal(body: bytes):
    """The value `seal` stored, or None when its HMAC does not match (another secret, or a row
    not written by the application): a row of the database alone never runs code."""
    mac, payload = body[:32], body[32:]
    if not hmac.compare_digest(mac, hmac.new(_secret(), payload, "sha256").digest()):
        return None
    return pickle.loads(zlib.decompress(payload))


def read(rec: DossierRecord) -> dict[str, bytes]:
    """Every stored part of this revision (one query per request and revision)."""
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
        cached[key] = {part: body for part, body in rows}
    return cached[key]


def stored(rec: DossierRecord, part: str) -> bytes | None:
    return read(rec).get(part) if rec.id and rec.revision else None


def schedule(rec: DossierRecord, part: str, body: Callable[[], bytes]) -> bool:
    """Store `body()` for this revision when the request ends (`write_pending`); outside a
    request (a script, a job), nothing is stored."""
    from flask import has_request_context

    if not (rec.id and rec.revision and has_request_context()):
        return False
    db.session.info.setdefault(PENDING, {})[(rec.id, part)] = (_key(rec), body)
    return True


def write_pending() -> int:
    """Write what this request scheduled, in a transaction of its own: what the request left
    uncommitted is rolled back first, as the request's end would. Returns the rows written.
    A failure (a lost race, a database busy) is logged and forgotten: the next page computes."""
    pending = db.session.info.pop(PENDING, None)
    db.session.info.pop(READ, None)
    if not pending:
        return 0
    db.session.rollback()
    written = 0
    try:
        for (dossier_id, part), (key, body) in pending.items():
            _, revision, stamp, fingerprint = key
            # A slower request's older revision never replaces a newer one (the insert then
            # meets the newer row and nothing is written).
            db.session.execute(
                sa.delete(StoredPanel).where(
                    StoredPanel.dossier_id == dossier_id,
                    StoredPanel.part == part,
                    StoredPanel.revision <= revision,
                )
            )
            db.session.add(
                StoredPanel(
                    dossier_id=dossier_id,
                    part=part,
                    revision=revision,
                    stamp=stamp,
                    fingerprint=fingerprint,
                    body=body(),
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
