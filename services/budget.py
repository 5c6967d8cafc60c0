"""Budget lines: add, change, duplicate, remove, and propose from a school's needs."""

from __future__ import annotations

from decimal import Decimal

from grants.call import CallDefinition
from grants.dossier import Dossier
from grants.fields import LINE, names
from grants.funding import Funding
from grants.labels import category_label
from grants.proposals import Need, dossier_proposals
from models import DossierRecord, LineRecord, SchoolRecord, User, db

from .convert import to_domain
from .dossiers import log
from .editing import Saved, find, plain, save_fields

LINE_FIELDS = names(LINE)


def add_line(rec: DossierRecord, user: User | None, values: dict) -> LineRecord:
    """A new line at the end of the budget."""
    position = max((ln.position for ln in rec.lines), default=-1) + 1
    line = LineRecord(dossier_id=rec.id, position=position, **values)
    rec.lines.append(line)
    db.session.flush()
    log(rec, user, "line", line.id, "create", line.label, {k: [None, plain(v)] for k, v in values.items()})
    return line


def update_line(
    rec: DossierRecord, user: User | None, line_id: int, read_version: int, values: dict, **merge
) -> Saved:
    """Merge a line's edit (see services.editing.save_fields); `Deleted` if it was removed."""
    line = find(rec, "line", line_id)
    return save_fields(
        rec, line, "version", read_version, values, user, "line", values.get("label") or line.label, **merge
    )


def duplicate_line(rec: DossierRecord, user: User | None, line_id: int) -> LineRecord:
    """A copy of a line, right after the budget's last line."""
    line = find(rec, "line", line_id)
    return add_line(rec, user, {k: getattr(line, k) for k in LINE_FIELDS})


def remove_line(rec: DossierRecord, user: User | None, line_id: int) -> None:
    line = find(rec, "line", line_id)
    log(
        rec,
        user,
        "line",
        line.id,
        "delete",
        line.label,
        {k: [plain(getattr(line, k)), None] for k in LINE_FIELDS},
    )
    rec.lines.remove(line)
    db.session.flush()


def school_proposal(rec: DossierRecord, school: SchoolRecord, call: CallDefinition) -> list[Need]:
    """Each need of the school with what a proposal would do with it (see grants.proposals)."""
    index = next(i for i, r in enumerate(rec.schools) if r.id == school.id)
    return dossier_proposals(to_domain(rec), call, only=index)[index]


def proposals(
    rec: DossierRecord,
    dossier: Dossier,
    call: CallDefinition,
    only: SchoolRecord | None = None,
    funding: Funding | None = None,
) -> dict[int, list[Need]]:
    """`school_proposal` of every school (or `only` this one), by school id, from the dossier
    already converted (and its funding, when already computed)."""
    index = None if only is None else next(i for i, r in enumerate(rec.schools) if r.id == only.id)
    found = dossier_proposals(dossier, call, funding, only=index)
    return {rec.schools[i].id: needs for i, needs in found.items()}


def propose_lines(
    rec: DossierRecord, user: User | None, school: SchoolRecord, call: CallDefinition, translate
) -> tuple[list[LineRecord], list[Need]]:
    """Lines for what the school still needs, at the call's indicative prices; and the needs
    not proposed, whole or in part (`Need.left_out`: each with its reason)."""
    needs = school_proposal(rec, school, call)
    added = [
        add_line(
            rec,
            user,
            {
                "school_uai": school.uai,
                "category": need.code,
                "label": translate(category_label(need.code)),
                "quantity": Decimal(need.quantity),
                "unit_price_ht": need.unit_price,
                "vat_rate": call.default_vat_rate,
                "duration_months": None,
            },
        )
        for need in needs
        if need.proposed
    ]
    return added, [n for n in needs if n.left_out is not None]
