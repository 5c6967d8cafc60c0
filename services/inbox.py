"""The inspectors' inbox: the dossiers they may see, filtered, sorted and paged in a constant
number of queries (one for the counts by state, one for the page with its open threads counted
in a subquery and its assignee joined, one for the open threads of the page's rows), and the
same list in full for the spreadsheets and the bulk actions.

Practice dossiers are left out unless the filter asks for them (`practice=include` or `only`):
they are never counted with the real ones."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from decimal import Decimal
from functools import cache
from urllib.parse import parse_qsl, urlencode

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from grants.i18n import N_
from grants.workflow import (
    ACCEPTE,
    AVIS_LABELS,
    BROUILLON,
    DECIDER_LEVELS,
    DEPOSE,
    EN_INSTRUCTION,
    FINAL_STATES,
    REFUSE,
    SANS_SUITE,
    STATE_LABELS,
)
from models import (
    Avis,
    CommentThread,
    DirectoryEstablishment,
    DossierRecord,
    InboxView,
    LineRecord,
    SchoolRecord,
    User,
    db,
)
from models.base import utcnow

from .sessions import window_blocking_sql

PAGE_SIZE = 25
PAGE_SIZES = (25, 50, 100, 200)
QUERY_MAX = 100
D = DossierRecord


@cache
def _assignee():
    """The inspector a dossier is assigned to, as a second User in the query. Aliasing a mapped
    class configures every mapper: done at the first inbox query, not at start-up (issue 18)."""
    return aliased(User, name="assignee")


SORTS = {
    "updated": D.updated_at,
    "reference": D.reference,
    "name": D.name,
    "state": D.state,
    "departement": D.departement,
    "circonscription": D.circonscription,
    "schools": D.school_count,
    "deposit": D.deposit_count,
    "deposited": D.deposited_at,
    "avis": "avis",
    "decision": D.decided_at,
    "amount": D.state_subsidy_cents,
    "granted": D.granted_cents,
    "blocking": "blocking",
    "assignee": "assignee",
    "comments": "open_comments",
}
NO_VALUE = "none"
AVIS_FILTERS = {**AVIS_LABELS, NO_VALUE: N_("Sans avis sur le dépôt actuel")}
DECISION_FILTERS = {
    ACCEPTE: STATE_LABELS[ACCEPTE],
    REFUSE: STATE_LABELS[REFUSE],
    SANS_SUITE: STATE_LABELS[SANS_SUITE],
    NO_VALUE: N_("Pas encore décidé"),
}
PRACTICE_FILTERS = {
    "": N_("Sans les dossiers d'entraînement"),
    "include": N_("Avec les dossiers d'entraînement"),
    "only": N_("Dossiers d'entraînement seulement"),
}
YES_NO = {"yes": N_("Oui"), "no": N_("Non")}
VIEWS = {"": N_("Tous les dossiers"), "mine": N_("Mes dossiers"), "todo": N_("À traiter")}
# The filters of the query string (besides sort, dir and page), each with its allowed values
# (None: free text).
CHOICES: dict[str, Mapping | None] = {
    "view": VIEWS,
    "state": STATE_LABELS,
    "avis": AVIS_FILTERS,
    "decision": DECISION_FILTERS,
    "practice": PRACTICE_FILTERS,
    "comments": YES_NO,
    "blocking": YES_NO,
}


@dataclass(frozen=True)
class Filters:
    """What the inspector asked for, already checked (unknown values are ignored)."""

    view: str = ""
    state: str = ""
    departement: str = ""
    circonscription: str = ""
    assignee: str = ""  # "me", "none" or an inspector's id
    avis: str = ""
    decision: str = ""
    practice: str = ""
    comments: str = ""
    blocking: str = ""
    q: str = ""
    sort: str = "updated"
    desc: bool = True
    page: int = 1
    per: int = PAGE_SIZE

    @classmethod
    def from_args(cls, args: Mapping[str, str], departements: list[str]) -> Filters:
        """Filters from the query string; anything unexpected falls back to the default."""
        page, sort = str(args.get("page", "1")), _pick(args.get("sort", ""), SORTS) or "updated"
        assignee, per = args.get("assignee", ""), str(args.get("per", ""))
        if not (
            assignee in ("me", NO_VALUE) or (assignee.isascii() and assignee.isdigit() and len(assignee) < 12)
        ):
            assignee = ""
        return cls(
            **{name: _pick(args.get(name, ""), allowed) for name, allowed in CHOICES.items()},
            departement=_pick(args.get("departement", ""), departements),
            circonscription=" ".join(args.get("circonscription", "").split())[:200],
            assignee=assignee,
            q=" ".join(args.get("q", "").split())[:QUERY_MAX],
            sort=sort,
            desc=args["dir"] == "desc" if "dir" in args else sort == "updated",
            page=int(page) if re.fullmatch(r"[0-9]{1,6}", page) and int(page) > 0 else 1,
            per=int(per) if per in {str(n) for n in PAGE_SIZES} else PAGE_SIZE,
        )

    def args(self, **changes) -> dict[str, str | int]:
        """The query string of these filters with some changed (for links), defaults left out."""
        f = replace(self, **changes)
        values = {x.name: getattr(f, x.name) for x in fields(f) if x.name not in ("desc",)}
        values["dir"] = "desc" if f.desc else "asc"
        default_dir = "desc" if f.sort == "updated" else "asc"
        return {
            k: v
            for k, v in values.items()
            if v not in ("", 1)
            and not (k == "per" and v == PAGE_SIZE)
            and not (k == "sort" and v == "updated")
            and not (k == "dir" and v == default_dir)
        }

    def query_string(self) -> str:
        """These filters as a query string (page left out), for a saved view."""
        return urlencode(self.args(page=1))

    @property
    def narrowed(self) -> bool:
        """Whether any filter is set (the page offers « Tout afficher »)."""
        return any(
            getattr(self, name) for name in (*CHOICES, "departement", "circonscription", "assignee", "q")
        )


def filters_from_query(query: str, departements: list[str]) -> Filters:
    """The filters a saved view stored."""
    return Filters.from_args(dict(parse_qsl(query)), departements)


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
    practice: bool = False
    circonscription: str = ""
    deposit_count: int = 0
    deposited_at: datetime | None = None
    avis: str | None = None
    granted: Decimal | None = None
    convention_number: str = ""
    decided_at: datetime | None = None
    assignee_id: int | None = None
    assignee: str = ""
    steps_status: dict = field(default_factory=dict)
    call_id: str = ""  # the steps' names in the summary are its call's
    # The latest avis of any deposit and the deposit it was given on (an earlier one's when the
    # current deposit has none yet)
    last_avis: str | None = None
    last_avis_deposit: int = 0

    @property
    def earlier_avis(self) -> bool:
        """Whether the latest avis was given on an earlier deposit (none yet on the current one)."""
        return self.avis is None and self.last_avis is not None

    @property
    def decision(self) -> str:
        """The decision's state, or "" before it."""
        return self.state if self.state in FINAL_STATES else ""


@dataclass
class Page:
    """A page of the inbox with what the filters and the pager need."""

    rows: list[Row]
    filters: Filters
    total: int
    by_state: dict[str, int] = field(default_factory=dict)
    open_threads: dict[int, list[str]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """How many pages the filtered list has (at least one)."""
        return max(1, math.ceil(self.total / self.filters.per))


def visible_to(user: User) -> sa.ColumnElement[bool]:
    """The dossiers an inspector sees: their départements, once shared or deposited."""
    return sa.and_(D.departement.in_(user.departements), sa.or_(D.shared.is_(True), D.state != BROUILLON))


def _has_open_threads() -> sa.Exists:
    return sa.exists().where(CommentThread.dossier_id == D.id, CommentThread.status == "open")


def _todo(user: User) -> sa.ColumnElement[bool]:
    """What waits for this inspector: an avis to give on the dossiers they have (or nobody has)
    and, for a decider, the dossiers with an avis on their current deposit, to decide."""
    mine = sa.or_(D.assignee_id == user.id, D.assignee_id.is_(None))
    waiting = sa.and_(mine, D.avis_value.is_(None))
    if user.inspector_level in DECIDER_LEVELS:
        waiting = sa.or_(waiting, D.avis_value.is_not(None))
    return sa.and_(D.state.in_((DEPOSE, EN_INSTRUCTION)), waiting)


def _where(user: User, f: Filters, with_state: bool = True) -> list:
    clauses = [visible_to(user)]
    if f.practice == "":
        clauses.append(D.practice.is_(False))
    elif f.practice == "only":
        clauses.append(D.practice.is_(True))
    if f.view == "mine":
        clauses.append(D.assignee_id == user.id)
    elif f.view == "todo":
        clauses.append(_todo(user))
    if f.departement:
        clauses.append(D.departement == f.departement)
    if f.circonscription:
        clauses.append(D.circonscription == f.circonscription)
    if f.assignee == "me":
        clauses.append(D.assignee_id == user.id)
    elif f.assignee == NO_VALUE:
        clauses.append(D.assignee_id.is_(None))
    elif f.assignee:
        clauses.append(D.assignee_id == int(f.assignee))
    if f.state and with_state:
        clauses.append(D.state == f.state)
    if f.avis == NO_VALUE:
        clauses.append(D.avis_value.is_(None))
    elif f.avis:
        clauses.append(D.avis_value == f.avis)
    if f.decision == NO_VALUE:
        clauses.append(D.state.not_in(FINAL_STATES))
    elif f.decision:
        clauses.append(D.state == f.decision)
    if f.comments:
        clauses.append(_has_open_threads() if f.comments == "yes" else ~_has_open_threads())
    if f.blocking:
        count = _blocking()
        clauses.append(count > 0 if f.blocking == "yes" else count == 0)
    if f.q:
        pattern = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(
            sa.or_(
                *(
                    col.ilike(pattern, escape="\\")
                    for col in (D.name, D.title, D.reference, D.circonscription)
                )
            )
        )
    return clauses


def _blocking() -> sa.ColumnElement[int]:
    """The blocking points as the recap counts them now: the stored count (saved without the
    call's window) and the window's point, from the call's latest session (services.sessions)."""
    return D.blocking_count + window_blocking_sql(utcnow())


def _open_comments() -> sa.ScalarSelect:
    """Open threads of each dossier: a correlated count, computed only for the rows of the page
    (and for every row only when the page is sorted by it), through ix_comment_threads_dossier_id."""
    return (
        sa.select(sa.func.count(CommentThread.id))
        .where(CommentThread.dossier_id == D.id, CommentThread.status == "open")
        .correlate(D)
        .scalar_subquery()
    )


def _last_avis(column) -> sa.ScalarSelect:
    """A column of the dossier's latest avis (any deposit): correlated, for the page's rows."""
    return (
        sa.select(column)
        .where(Avis.dossier_id == D.id)
        .order_by(Avis.id.desc())
        .limit(1)
        .correlate(D)
        .scalar_subquery()
    )


# Sorting by avis follows its meaning: favorable, then with reservations, then unfavourable
AVIS_RANK = {"favorable": 3, "reserves": 2, "defavorable": 1}


def _avis_rank() -> sa.Case:
    """The avis on the current deposit as a rank (ascending: défavorable first; none last)."""
    return sa.case(*((D.avis_value == value, rank) for value, rank in AVIS_RANK.items()), else_=None)


def _order(f: Filters) -> list:
    special = {
        "open_comments": _open_comments,
        "assignee": lambda: _assignee().name,
        "avis": _avis_rank,
        "blocking": _blocking,
    }
    sort = special[SORTS[f.sort]]() if isinstance(SORTS[f.sort], str) else SORTS[f.sort]
    ordered = sort.desc() if f.desc else sort.asc()
    if f.sort in ("deposited", "decision", "avis", "granted", "assignee", "reference"):
        ordered = ordered.nulls_last()
    return [ordered, D.id.desc() if f.desc else D.id.asc()]


COLUMNS = (
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
    D.updated_at,
    D.practice,
    D.circonscription,
    D.deposit_count,
    D.deposited_at,
    D.avis_value,
    D.granted_cents,
    D.convention_number,
    D.decided_at,
    D.assignee_id,
    D.steps_status,
    D.call_id,
)


def _base(user: User, f: Filters) -> sa.Select:
    query = sa.select(D.id)
    if f.sort == "assignee":  # the assignee's name is joined only to sort by it
        assignee = _assignee()
        query = query.outerjoin(assignee, assignee.id == D.assignee_id)
    return query.where(*_where(user, f))


def _rows_query(user: User, f: Filters, page: int | None = None) -> sa.Select:
    """The rows in order; with a page, the page's ids are chosen first so that the figures of
    only those rows are computed."""
    query = sa.select(
        *COLUMNS,
        _open_comments().label("open_comments"),
        _blocking().label("blocking_now"),
        _assignee().name.label("assignee_name"),
        _last_avis(Avis.value).label("last_avis"),
        _last_avis(Avis.deposit_number).label("last_avis_deposit"),
    ).outerjoin(_assignee(), _assignee().id == D.assignee_id)
    if page is None:
        return query.where(*_where(user, f)).order_by(*_order(f))
    ids = _base(user, f).order_by(*_order(f)).limit(f.per).offset((page - 1) * f.per)
    return query.where(D.id.in_(ids.scalar_subquery())).order_by(*_order(f))


def _cents(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value).scaleb(-2)


def _row(r) -> Row:
    steps = dict(r.steps_status or {})
    if r.blocking_now > r.blocking_count:  # the call's window blocks: the recap says so
        steps["recap"] = "blocking"
    return Row(
        id=r.id,
        reference=r.reference or "",
        title=r.title,
        name=r.name,
        state=r.state,
        departement=r.departement,
        shared=r.shared,
        school_count=r.school_count,
        subsidy=Decimal(r.state_subsidy_cents).scaleb(-2),
        project_cost=Decimal(r.project_cost_cents).scaleb(-2),
        blocking_count=r.blocking_now,
        open_comments=r.open_comments,
        updated_at=r.updated_at,
        practice=r.practice,
        circonscription=r.circonscription or "",
        deposit_count=r.deposit_count or 0,
        deposited_at=r.deposited_at,
        avis=r.avis_value,
        granted=_cents(r.granted_cents),
        convention_number=r.convention_number or "",
        decided_at=r.decided_at,
        assignee_id=r.assignee_id,
        assignee=r.assignee_name or "",
        steps_status=steps,
        call_id=r.call_id or "",
        last_avis=r.last_avis,
        last_avis_deposit=r.last_avis_deposit or 0,
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
    page = min(f.page, max(1, math.ceil(total / f.per)))
    f = replace(f, page=page)
    rows = [_row(r) for r in db.session.execute(_rows_query(user, f, page))]
    threads: dict[int, list[str]] = {}
    if rows:
        for dossier_id, label in db.session.execute(
            sa.select(CommentThread.dossier_id, CommentThread.anchor_label)
            .where(CommentThread.dossier_id.in_([r.id for r in rows]), CommentThread.status == "open")
            .order_by(CommentThread.id)
        ):
            threads.setdefault(dossier_id, []).append(label)
    return Page(rows, f, total, by_state, threads)


def all_rows(user: User, f: Filters) -> list[Row]:
    """Every dossier matching the filters, in the inbox's order (for the spreadsheets)."""
    return [_row(r) for r in db.session.execute(_rows_query(user, f))]


def selected_rows(user: User, ids: list[int]) -> list[Row]:
    """The rows of these dossiers that the inspector sees (others are left out), by id."""
    if not ids:
        return []
    f = Filters(practice="include", sort="reference", desc=False)
    query = _rows_query(user, f).where(D.id.in_(ids))
    return [_row(r) for r in db.session.execute(query)]


def _ids(user: User, f: Filters) -> sa.Select:
    return _base(user, f)


def matching_ids(user: User, f: Filters, limit: int) -> list[int]:
    """The ids of the dossiers matching the filters, in the inbox's order, recomputed on the server
    with the inbox's visibility (for « every dossier of the filter »): at most `limit`."""
    return list(db.session.scalars(_base(user, f).order_by(*_order(f)).limit(limit)))


def schools_of(user: User, f: Filters) -> Iterator[tuple]:
    """(reference, practice, school, circonscription) of every school of the matching dossiers:
    the circonscription as the dossier recorded it or, failing that, as the directory knows it
    (the one assignment uses)."""
    query = (
        sa.select(
            D.reference,
            D.practice,
            SchoolRecord,
            sa.func.coalesce(
                sa.func.nullif(SchoolRecord.circonscription, ""), DirectoryEstablishment.circonscription, ""
            ),
        )
        .join(D, D.id == SchoolRecord.dossier_id)
        .outerjoin(DirectoryEstablishment, DirectoryEstablishment.uai == SchoolRecord.uai)
        .where(SchoolRecord.dossier_id.in_(_ids(user, f)))
        .order_by(D.id, SchoolRecord.position)
    )
    return iter(db.session.execute(query).tuples())


def lines_of(user: User, f: Filters) -> Iterator[tuple]:
    """(reference, practice, line) of every budget line of the matching dossiers."""
    query = (
        sa.select(D.reference, D.practice, LineRecord)
        .join(D, D.id == LineRecord.dossier_id)
        .where(LineRecord.dossier_id.in_(_ids(user, f)))
        .order_by(D.id, LineRecord.position)
    )
    return iter(db.session.execute(query).tuples())


def circonscriptions(user: User) -> list[str]:
    """The circonscriptions of the dossiers the inspector sees (for the filter)."""
    return list(
        db.session.scalars(
            sa.select(D.circonscription)
            .where(visible_to(user), D.circonscription != "")
            .distinct()
            .order_by(D.circonscription)
        )
    )


VIEWS_MAX = 30


def views_of(user: User) -> list[InboxView]:
    """The inspector's saved views, by name."""
    return list(
        db.session.scalars(sa.select(InboxView).where(InboxView.user_id == user.id).order_by(InboxView.name))
    )


def save_view(user: User, name: str, f: Filters) -> InboxView:
    """Save the filters under a name (replacing a view of the same name)."""
    name = " ".join(name.split())[:80]
    existing = next((v for v in views_of(user) if v.name.lower() == name.lower()), None)
    if existing is None and len(views_of(user)) >= VIEWS_MAX:
        from .workflow import Refused

        raise Refused([N_("30 vues au plus : supprimez-en une avant d'en enregistrer une autre.")])
    view = existing or InboxView(user_id=user.id, name=name)
    view.query = f.query_string()[:1000]
    db.session.add(view)
    db.session.flush()
    return view


def delete_view(user: User, view_id: int) -> bool:
    """Delete one of the inspector's views (False when it is not theirs)."""
    view = db.session.get(InboxView, view_id)
    if view is None or view.user_id != user.id:
        return False
    db.session.delete(view)
    db.session.flush()
    return True
