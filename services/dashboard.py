"""The département's dashboard: where the dossiers stand, per state and per circonscription,
the amounts requested and granted against the envelope when it is known, the deposits per week
and the time from deposit to decision. Real dossiers only (practice ones are never counted).

Every figure comes from a handful of grouped queries on the dossiers' list columns, so the page
costs the same whatever the number of dossiers' schools and lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from grants.call import default_call_id, get_call
from grants.envelope import Envelope, envelope_for
from grants.workflow import ACCEPTE, FINAL_STATES, STATE_LABELS
from models import DossierRecord, InspectorCirconscription, User, db
from models.base import utcnow

from .inbox import visible_to

D = DossierRecord
UNKNOWN = ""
# Dossiers whose schools' circonscription is unknown but that someone has: not « inconnue »
ASSIGNED = "~assigned~"  # not a circonscription name (PostgreSQL text holds no NUL)
PRACTICE_CHOICES = ("", "include", "only")
# Time from the first deposit to the decision, in days: the chart's groups (lower bounds)
DECISION_BUCKETS = (0, 8, 15, 31, 61)


@dataclass(frozen=True)
class Area:
    """The figures of one circonscription ("" when the schools' circonscription is unknown)."""

    name: str
    count: int
    deposited: int
    decided: int
    requested: Decimal
    granted: Decimal


@dataclass
class Dashboard:
    departement: str
    by_state: dict[str, int]
    areas: list[Area]
    requested: Decimal  # subsidy requested by the deposited dossiers
    granted: Decimal  # granted by the accepted ones
    envelope_of: Envelope | None  # which envelope, and where it comes from
    weeks: list[tuple[date, int]]  # Monday of each week, first deposits that week
    decision_days: list[int] = field(default_factory=list)
    practice: str = ""

    @property
    def decision_buckets(self) -> list[tuple[int, int | None, int]]:
        """(from, to or None for the last, dossiers) of the time from deposit to decision."""
        bounds = list(DECISION_BUCKETS)
        out = []
        for n, low in enumerate(bounds):
            high = bounds[n + 1] - 1 if n + 1 < len(bounds) else None
            count = sum(1 for d in self.decision_days if d >= low and (high is None or d <= high))
            out.append((low, high, count))
        return out

    @property
    def total(self) -> int:
        return sum(self.by_state.values())

    @property
    def decided(self) -> int:
        return sum(self.by_state.get(s, 0) for s in FINAL_STATES)

    @property
    def median_days(self) -> float | None:
        import statistics  # the dashboard's figures only, not at start (issue 18)

        return statistics.median(self.decision_days) if self.decision_days else None

    @property
    def mean_days(self) -> float | None:
        import statistics

        return statistics.fmean(self.decision_days) if self.decision_days else None

    @property
    def envelope(self) -> Decimal | None:
        return self.envelope_of.amount if self.envelope_of else None

    @property
    def envelope_used(self) -> Decimal | None:
        """The share of the envelope granted, in percent (None when the envelope is unknown)."""
        if not self.envelope:
            return None
        return (self.granted / self.envelope * 100).quantize(Decimal("0.1"))


def parse_envelopes(setting: str) -> dict[str, Decimal]:
    """REVIEW_ENVELOPES: « 71:1200000;21:850000.50 » (département: euros), bad entries ignored."""
    found = {}
    for item in (setting or "").replace(",", ";").split(";"):
        code, _, amount = item.partition(":")
        try:
            value = Decimal(amount.strip())
        except ArithmeticError:
            continue
        if code.strip() and value.is_finite() and value >= 0:
            found[code.strip().upper()] = value
    return found


def _cents(value) -> Decimal:
    return Decimal(int(value or 0)).scaleb(-2)


def _area_key() -> sa.ColumnElement:
    """The circonscription a dossier counts in: its schools', else its assignee's (the IEN's
    circonscription in the département), else « attribué » when someone has it: « inconnue »
    is left to the dossiers nobody has."""
    assignee_area = (
        sa.select(sa.func.min(InspectorCirconscription.name))
        .where(
            InspectorCirconscription.user_id == D.assignee_id,
            InspectorCirconscription.departement == D.departement,
        )
        .correlate(D)
        .scalar_subquery()
    )
    return sa.func.coalesce(
        sa.func.nullif(D.circonscription, ""),
        assignee_area,
        sa.case((D.assignee_id.is_not(None), ASSIGNED), else_=UNKNOWN),
    )


def dashboard(user: User, departement: str, envelopes: dict[str, Decimal], practice: str = "") -> Dashboard:
    """The figures of one département the inspector covers (its real dossiers; `practice`
    "include" adds the practice ones, "only" shows them alone); `envelopes` are the configured
    ones (REVIEW_ENVELOPES), which win over the call's."""
    where = [visible_to(user), D.departement == departement]
    if practice == "only":
        where.append(D.practice.is_(True))
    elif practice != "include":
        practice = ""
        where.append(D.practice.is_(False))
    # The call of most of the département's dossiers gives the envelope when none is configured.
    call_id = db.session.scalar(
        sa.select(D.call_id).where(*where).group_by(D.call_id).order_by(sa.func.count(D.id).desc()).limit(1)
    )
    by_state = dict(
        db.session.execute(sa.select(D.state, sa.func.count(D.id)).where(*where).group_by(D.state)).all()
    )
    deposited = D.deposit_count > 0
    key = _area_key().label("area")
    areas = [
        Area(name, count, dep or 0, dec or 0, _cents(req), _cents(gra))
        for name, count, dep, dec, req, gra in db.session.execute(
            sa.select(
                key,
                sa.func.count(D.id),
                sa.func.sum(sa.case((deposited, 1), else_=0)),
                sa.func.sum(sa.case((D.state.in_(FINAL_STATES), 1), else_=0)),
                sa.func.sum(sa.case((deposited, D.state_subsidy_cents), else_=0)),
                sa.func.sum(sa.case((D.state == ACCEPTE, D.granted_cents), else_=0)),
            )
            .where(*where)
            .group_by(key)
            .order_by(key)
        )
    ]
    requested = sum((a.requested for a in areas), Decimal("0.00"))
    granted = sum((a.granted for a in areas), Decimal("0.00"))
    # Deposits per week and time to decision: two columns of the deposited dossiers, grouped here
    # (week arithmetic differs between SQLite and PostgreSQL; a département has a few hundred).
    weeks: dict[date, int] = {}
    days = []
    for first, decided_at in db.session.execute(
        sa.select(D.first_deposited_at, D.decided_at).where(*where, D.first_deposited_at.is_not(None))
    ):
        monday = first.date() - timedelta(days=first.weekday())
        weeks[monday] = weeks.get(monday, 0) + 1
        if decided_at is not None:
            days.append(max(0, (decided_at - first).days))
    return Dashboard(
        departement,
        {s: by_state.get(s, 0) for s in STATE_LABELS},
        areas,
        requested,
        granted,
        envelope_for(get_call(call_id or default_call_id(utcnow())), departement, envelopes),
        _continuous(weeks),
        sorted(days),
        practice,
    )


def _continuous(weeks: dict[date, int]) -> list[tuple[date, int]]:
    """Every week from the first deposit to the last, the empty ones too."""
    if not weeks:
        return []
    first, last = min(weeks), max(weeks)
    count = (last - first).days // 7 + 1
    return [(first + timedelta(weeks=n), weeks.get(first + timedelta(weeks=n), 0)) for n in range(count)]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown
    title: str = ""  # the full label, when `label` is a short form of it


def svg_bars(bars: list[Bar], title: str, width: int = 640, row: int = 22) -> str:
    """A horizontal bar chart as SVG (no script, no style attribute: it passes the CSP). The
    caller puts the same figures in a table beside it for screen readers; the chart itself is
    presentational (aria-hidden)."""
    from markupsafe import escape

    label_w, value_w = 200, 110
    top = max((b.value for b in bars), default=0) or 1
    plot = width - label_w - value_w
    height = row * max(1, len(bars)) + 8
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-hidden="true" focusable="false"><title>{escape(title)}</title>'
    ]
    for n, bar in enumerate(bars):
        y = 4 + n * row
        length = 0 if bar.value <= 0 else max(1.0, plot * bar.value / top)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + row * 0.65:.1f}" text-anchor="end">'
            f"{f'<title>{escape(bar.title)}</title>' if bar.title else ''}{escape(bar.label[:32])}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{row - 8}"/>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + row * 0.65:.1f}">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def week_label(monday: date) -> str:
    return monday.strftime("%d/%m/%Y")


def as_datetime(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)
