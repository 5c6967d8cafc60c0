"""The school directory: loading the ministry's files (replacing the old data in one
transaction) and searching it by UAI, school name or commune."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from directory.records import Establishment, Headcount, ParsedFile
from directory.text import normalize, significant, words
from models import DirectoryEstablishment, DirectoryHeadcount, DirectoryLoad, DirectoryTerm, db

from .memo import forget, once_per_request

CHUNK = 5000
LIMIT = 20
# Normalized text holds only A-Z, 0-9 and spaces: every word starting with `P` sorts below `P~`.
_AFTER = "~"
_UAI_START = re.compile(r"^(0|9[78])\d")
_STORED = (
    "uai",
    "name",
    "kind",
    "sector",
    "contract",
    "nature",
    "commune_code",
    "commune",
    "postcode",
    "departement",
    "circonscription",
    "siret",
)


@dataclass
class LoadReport:
    """What a load did: the files read, and the rows now in the directory."""

    files: list[ParsedFile]
    establishments: int | None  # None: no annuaire file given, the old schools are kept
    headcounts: int | None
    duplicates: int


def _merged(files: list[ParsedFile], dataset: str) -> tuple[dict, int]:
    """The rows of every file of a dataset, one per key; the most recently updated row wins."""
    merged: dict = {}
    duplicates = 0
    for parsed in files:
        if parsed.dataset != dataset:
            continue
        for row in parsed.rows:
            key = row.uai if isinstance(row, Establishment) else (row.uai, row.rentree)
            old = merged.get(key)
            duplicates += old is not None
            if old is None or not isinstance(row, Establishment) or row.updated >= old.updated:
                merged[key] = row
    return merged, duplicates


def _bulk(model, rows: Iterable[dict]) -> int:
    """Insert rows in chunks (executemany on the table: no ORM objects, no ORM bookkeeping)."""
    count, batch, table = 0, [], model.__table__
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            db.session.execute(sa.insert(table), batch)
            count, batch = count + len(batch), []
    if batch:
        db.session.execute(sa.insert(table), batch)
    return count + len(batch)


def _establishment_row(e: Establishment) -> dict:
    row = {name: getattr(e, name) for name in _STORED}
    row.update(name_norm=normalize(e.name)[:200], commune_norm=normalize(e.commune)[:100])
    return row


def _terms(rows: list[dict]) -> Iterator[dict]:
    """Each school's words, with its rank in display order (commune, then name)."""
    ordered = sorted(rows, key=lambda r: (r["commune_norm"], r["name_norm"], r["uai"]))
    for rank, row in enumerate(ordered):
        for term in {w[:60] for w in significant(row["name_norm"]) + significant(row["commune_norm"])}:
            yield {"term": term, "uai": row["uai"], "departement": row["departement"], "rank": rank}


def _replace_schools(schools: dict[str, Establishment]) -> int:
    db.session.execute(sa.delete(DirectoryTerm))
    db.session.execute(sa.delete(DirectoryEstablishment))
    rows = [_establishment_row(e) for e in schools.values()]
    _bulk(DirectoryTerm, _terms(rows))
    return _bulk(DirectoryEstablishment, rows)


def _replace_headcounts(counts: dict[tuple, Headcount]) -> int:
    db.session.execute(sa.delete(DirectoryHeadcount))
    fields = DirectoryHeadcount.__table__.columns.keys()
    return _bulk(DirectoryHeadcount, ({f: getattr(h, f) for f in fields} for h in counts.values()))


def _analyze(datasets: set[str]) -> None:
    """Fresh statistics, so the planner knows how many schools a word matches after a reload."""
    models = [DirectoryEstablishment, DirectoryTerm] if "annuaire" in datasets else []
    models += [DirectoryHeadcount] if "effectifs" in datasets else []
    for model in models:
        db.session.execute(sa.text(f"ANALYZE {model.__tablename__}"))


def load_directory(files: list[ParsedFile]) -> LoadReport:
    """Replace each dataset given by the union of its files (flushes; the caller commits once)."""
    given = {f.dataset for f in files}
    schools, dup_schools = _merged(files, "annuaire")
    counts, dup_counts = _merged(files, "effectifs")
    report = LoadReport(files, None, None, dup_schools + dup_counts)
    if "annuaire" in given:
        report.establishments = _replace_schools(schools)
    if "effectifs" in given:
        report.headcounts = _replace_headcounts(counts)
    _analyze(given)
    db.session.execute(sa.delete(DirectoryLoad).where(DirectoryLoad.dataset.in_(given)))
    db.session.add_all(
        DirectoryLoad(
            dataset=f.dataset, filename=f.name[:300], rows=len(f.rows), skipped=f.skipped, rejected=f.rejected
        )
        for f in files
    )
    db.session.flush()
    forget("directory")
    return report


def loads() -> list[DirectoryLoad]:
    """The files of the directory as last loaded."""
    return list(db.session.scalars(sa.select(DirectoryLoad).order_by(DirectoryLoad.id)))


def is_loaded() -> bool:
    """Whether there is any school in the directory (read once per request)."""
    return once_per_request(
        ("directory",),
        lambda: db.session.execute(sa.select(DirectoryEstablishment.uai).limit(1)).first() is not None,
    )


def _prefix(column, text: str):
    return sa.and_(column >= text, column < text + _AFTER)


def _by_code(compact: str):
    """The condition for a UAI's beginning, or a commune's INSEE code or postcode."""
    E = DirectoryEstablishment
    if compact.isascii() and compact.isdigit() and len(compact) == 5:
        return sa.or_(E.commune_code == compact, E.postcode == compact, _prefix(E.uai, compact))
    if _UAI_START.match(compact) and len(compact) <= 8:
        return _prefix(E.uai, compact)
    return None


def _by_words(tokens: list[str], departement: str, limit: int) -> list[str]:
    """The UAIs of the first schools (in display order, `departement` first) having a word
    starting with each token, read from the terms' index alone."""
    T = DirectoryTerm
    driver, *others = sorted(tokens, key=len, reverse=True)
    elsewhere = sa.case((T.departement == departement, 0), else_=1) if departement else sa.literal(0)
    stmt = (
        sa.select(T.uai, elsewhere.label("elsewhere"), T.rank)
        .distinct()
        .where(_prefix(T.term, driver))
        .order_by("elsewhere", T.rank)
        .limit(limit)
    )
    for token in others:
        stmt = stmt.where(T.uai.in_(sa.select(T.uai).where(_prefix(T.term, token))))
    return [row.uai for row in db.session.execute(stmt)]


def search(query: str, departement: str = "", limit: int = LIMIT) -> list[DirectoryEstablishment]:
    """Schools whose UAI starts with the text (or of that commune code), or whose name and
    commune have words starting with each of its words: those of `departement` first, then
    by commune and name."""
    text = normalize(query)
    compact = text.replace(" ", "")
    if len(compact) < 2:
        return []
    E = DirectoryEstablishment
    condition = _by_code(compact)
    if condition is not None:
        return list(db.session.scalars(sa.select(E).where(condition).order_by(E.uai).limit(limit)))
    tokens = [t for t in words(text) if len(t) > 1][:5]
    if not tokens:
        return []
    uais = _by_words(tokens, departement, limit)
    found = by_uai(uais)
    return [found[u] for u in uais if u in found]


@dataclass(frozen=True)
class Commune:
    """A commune of the directory and how many schools it has."""

    code: str
    name: str
    departement: str
    schools: int


def communes(query: str, limit: int = 30) -> list[Commune]:
    """Communes whose name starts with the text, or of that INSEE code or postcode."""
    text = normalize(query)
    if len(text.replace(" ", "")) < 2:
        return []
    E = DirectoryEstablishment
    if text.isascii() and text.isdigit():
        condition = sa.or_(_prefix(E.commune_code, text), _prefix(E.postcode, text))
    else:
        condition = _prefix(E.commune_norm, text)
    stmt = (
        sa.select(E.commune_code, sa.func.min(E.commune), sa.func.min(E.departement), sa.func.count())
        .where(condition)
        .group_by(E.commune_code)
        .order_by(sa.func.min(E.commune_norm), E.commune_code)
        .limit(limit)
    )
    return [Commune(*row) for row in db.session.execute(stmt)]


def communes_by_code(codes: Iterable[str]) -> list[Commune]:
    """The communes of those INSEE codes that have schools in the directory."""
    E = DirectoryEstablishment
    stmt = (
        sa.select(E.commune_code, sa.func.min(E.commune), sa.func.min(E.departement), sa.func.count())
        .where(E.commune_code.in_(list(codes)))
        .group_by(E.commune_code)
        .order_by(sa.func.min(E.commune_norm))
    )
    return [Commune(*row) for row in db.session.execute(stmt)]


def schools_in(commune_codes: Iterable[str]) -> list[DirectoryEstablishment]:
    """Every school of those communes, by commune then name."""
    E = DirectoryEstablishment
    return list(
        db.session.scalars(
            sa.select(E).where(E.commune_code.in_(list(commune_codes))).order_by(E.commune_norm, E.name_norm)
        )
    )


def by_uai(uais: Iterable[str]) -> dict[str, DirectoryEstablishment]:
    """The directory's schools of those UAIs."""
    E = DirectoryEstablishment
    found = db.session.scalars(sa.select(E).where(E.uai.in_(list(uais))))
    return {e.uai: e for e in found}


def latest_headcounts(uais: Iterable[str], until: int | None) -> dict[str, DirectoryHeadcount]:
    """Each school's headcount of the latest rentrée up to `until` (None: the latest of all)."""
    H = DirectoryHeadcount
    stmt = sa.select(H).where(H.uai.in_(list(uais))).order_by(H.uai, H.rentree)
    if until is not None:
        stmt = stmt.where(H.rentree <= until)
    return {h.uai: h for h in db.session.scalars(stmt)}
