"""The inspectors' inbox: the dossiers they may see, filtered, sorted and paged in a constant
number of queries (one for the counts by state, one for the page with its open threads counted
in a subquery), and the same list in full for the spreadsheets."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from grants.workflow import BROUILLON, STATE_LABELS
from models import CommentThread, DossierRecord, LineRecord, SchoolRecord, User, db

PAGE_SIZE = 25
QUERY_MAX = 100
D = DossierRecord
SORTS = {
    "updated": D.updated_at,
    "reference": D.reference,
    "name": D.name,
    "state": D.state,
    "departement": D.departement,
    "schools": D.school_count,
    "amount": D.state_subsidy_cents,
    "blocking": D.blocking_count,
    "comments": "open_comments",
}


@dataclass(frozen=True)
class Filters:
    """What the inspector asked for, already checked (unknown values are ignored)."""

    state: str = ""
    departement: str = ""
    q: str = ""
    sort: str = "updated"
    desc: bool = True
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str], departements: list[str]) -> Filters:
        """Filters from the query string; anything unexpected falls back to the default."""
        page, sort = args.get("page", "1"), _pick(args.get("sort", ""), SORTS) or "updated"
        return cls(
            state=_pick(args.get("state", ""), STATE_LABELS),
            departement=_pick(args.get("departement", ""), departements),
            q=" ".join(args.get("q", "").split())[:QUERY_MAX],
            sort=sort,
            desc=args["dir"] == "desc" if "dir" in args else sort == "updated",
            page=int(page) if re.fullmatch(r"[0-9]{1,6}", page) and int(page) > 0 else 1,
        )

    def args(self, **changes) -> dict[str, str | int]:
        """The query string of these filters with some changed (for links), defaults left out."""
        f = replace(self, **changes)
        values = {
            "state": f.state,
            "departement": f.departement,
            "q": f.q,
            "sort": f.sort,
            "dir": "desc" if f.desc else "asc",
            "page": f.page,
        }
        return {k: v for k, v in values.items() if v not in ("", 1)}


def _pick(value: str, allowed) -> str:
    return value if value in allowed else ""


@dataclass(frozen=True)
class Row:
    """One dossier of the inbox with its list figures."""

    id: int
    reference: str
    title: str
    name: str
    state: str
    departement: str
    shared: bool
    school_count: int
    subsidy: Decimal
    project_cost: Decimal
    blocking_count: int
    open_comments: int
    updated_at: datetime


@dataclass
class Page:
    """A page of the inbox with what the filters and the pager need."""

    rows: list[Row]
    filters: Filters
    total: int
    by_state: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """How many pages the filtered list has (at least one)."""
        return max(1, math.ceil(self.total / PAGE_SIZE))


def visible_to(user: User) -> sa.ColumnElement[bool]:
    """The dossiers an inspector sees: their départements, once shared or deposited."""
    return sa.and_(D.departement.in_(user.departements), sa.or_(D.shared.is_(True), D.state != BROUILLON))


def _where(user: User, f: Filters, with_state: bool = True) -> list:
    clauses = [visible_to(user)]
    if f.departement:
        clauses.append(D.departement == f.departement)
    if f.state and with_state:
        clauses.append(D.state == f.state)
    if f.q:
        pattern = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(sa.or_(*(col.ilike(pattern, escape="\\") for col in (D.name, D.title, D.reference))))
    return clauses


def _open_comments() -> sa.ScalarSelect:
    """Open threads of each dossier: a correlated count, computed only for the rows of the page
    (and for every row only when the page is sorted by it), through ix_comment_threads_dossier_id."""
    return (
        sa.select(sa.func.count(CommentThread.id))
        .where(CommentThread.dossier_id == D.id, CommentThread.status == "open")
        .correlate(D)
        .scalar_subquery()
    )


def _order(f: Filters) -> list:
    sort = _open_comments() if SORTS[f.sort] == "open_comments" else SORTS[f.sort]
    return [sort.desc() if f.desc else sort.asc(), D.id.desc() if f.desc else D.id.asc()]


def _rows_query(user: User, f: Filters, page: int | None = None) -> sa.Select:
    """The rows in order; with a page, the page's ids are chosen first so that the figures of
    only those rows are computed."""
    query = sa.select(
        D.id,
        D.reference,
        D.title,
        D.name,
        D.state,
        D.departement,
        D.shared,
        D.school_count,
        D.state_subsidy_cents,
        D.project_cost_cents,
        D.blocking_count,
        _open_comments().label("open_comments"),
        D.updated_at,
    )
    if page is None:
        return query.where(*_where(user, f)).order_by(*_order(f))
    ids = (
        sa.select(D.id)
        .where(*_where(user, f))
        .order_by(*_order(f))
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return query.where(D.id.in_(ids.scalar_subquery())).order_by(*_order(f))


def _row(r) -> Row:
    return Row(
        r.id,
        r.reference or "",
        r.title,
        r.name,
        r.state,
        r.departement,
        r.shared,
        r.school_count,
        Decimal(r.state_subsidy_cents).scaleb(-2),
        Decimal(r.project_cost_cents).scaleb(-2),
        r.blocking_count,
        r.open_comments,
        r.updated_at,
    )


def inbox(user: User, f: Filters) -> Page:
    """One page of the inspector's dossiers (the last page when asked beyond it)."""
    by_state = dict(
        db.session.execute(
            sa.select(D.state, sa.func.count(D.id))
            .where(*_where(user, f, with_state=False))
            .group_by(D.state)
        ).all()
    )
    total = by_state.get(f.state, 0) if f.state else sum(by_state.values())
    page = min(f.page, max(1, math.ceil(total / PAGE_SIZE)))
    f = replace(f, page=page)
    rows = db.session.execute(_rows_query(user, f, page)).all()
    return Page([_row(r) for r in rows], f, total, by_state)


def all_rows(user: User, f: Filters) -> list[Row]:
    """Every dossier matching the filters, in the inbox's order (for the spreadsheets)."""
    return [_row(r) for r in db.session.execute(_rows_query(user, f))]


def _ids(user: User, f: Filters) -> sa.Select:
    return sa.select(D.id).where(*_where(user, f))


def schools_of(user: User, f: Filters) -> Iterator[tuple]:
    """(reference, school) of every school of the matching dossiers."""
    query = (
        sa.select(D.reference, SchoolRecord)
        .join(D, D.id == SchoolRecord.dossier_id)
        .where(SchoolRecord.dossier_id.in_(_ids(user, f)))
        .order_by(D.id, SchoolRecord.position)
    )
    return iter(db.session.execute(query).tuples())


def lines_of(user: User, f: Filters) -> Iterator[tuple]:
    """(reference, line) of every budget line of the matching dossiers."""
    query = (
        sa.select(D.reference, LineRecord)
        .join(D, D.id == LineRecord.dossier_id)
        .where(LineRecord.dossier_id.in_(_ids(user, f)))
        .order_by(D.id, LineRecord.position)
    )
    return iter(db.session.execute(query).tuples())
