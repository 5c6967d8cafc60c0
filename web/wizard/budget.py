"""Step 4: the budget lines, per school and dossier-wide, with totals and the subsidy."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from forms.budget import LineForm
from forms.fields import apply_wording
from grants.call import get_call
from grants.findings import BLOCKING, WARNING
from grants.labels import category_label
from grants.money import ZERO
from grants.params import SchoolName
from grants.proposals import REASONS
from models import LineRecord, db
from services.budget import (
    LINE_FIELDS,
    add_line,
    duplicate_line,
    proposals,
    propose_lines,
    remove_line,
    update_line,
)
from services.editing import Deleted
from services.steps import index_of

from ..access import current_dossier, is_member, policy
from ..unit import change
from . import bp
from .common import (
    answer,
    current_evaluated,
    merge_inputs,
    present,
    refill,
    removed,
    render_step,
    saved,
    shows,
    version_of,
)

WHOLE_DOSSIER = "__dossier__"


def line_form(rec, formdata=None, line: LineRecord | None = None) -> LineForm:
    """The line form with the dossier's schools as choices."""
    if formdata is None and line is not None:
        form = LineForm(
            formdata=None, obj=line, version=line.version, school=line.school_uai or WHOLE_DOSSIER
        )
    else:
        form = LineForm(formdata=formdata) if formdata is not None else LineForm(formdata=None, version=0)
    form.call = call = get_call(rec.call_id)
    apply_wording(form, call, "line")
    # A dossier-wide line only where the call has volets a line may hold without a school.
    whole = [(WHOLE_DOSSIER, _(call.text("line.whole_dossier")))] if call and call.dossier_wide_volets else []
    form.school.choices = whole + [(s.uai, f"{s.name} ({s.uai})") for s in rec.schools]
    if call is not None:
        form.category.choices = [(code, _(category_label(code))) for code in call.categories]
    if line is not None and line.school_uai and line.school_uai not in {s.uai for s in rec.schools}:
        form.school.choices.append((line.school_uai, _("École inconnue (%(uai)s)", uai=line.school_uai)))
    return form


def line_values(form: LineForm) -> dict:
    values = {k: getattr(form, k).data for k in LINE_FIELDS if k != "school_uai"}
    values["school_uai"] = None if form.school.data == WHOLE_DOSSIER else form.school.data
    return values


def _line(rec, line_id: int) -> LineRecord:
    line = db.session.get(LineRecord, line_id)  # alone: the dossier's other lines are not read
    if line is None or line.dossier_id != rec.id:
        abort(404)
    return line


DOSSIER_SECTION, ORPHANS_SECTION = "dossier", "autres"


def section_of_uai(rec, uai: str | None) -> str:
    """The budget's section of a line naming this school: the school's id, the dossier-wide
    lines, or the lines naming a school absent from the dossier."""
    if not uai or uai == WHOLE_DOSSIER:
        return DOSSIER_SECTION
    school = next((s for s in rec.schools if s.uai == uai), None)
    return str(school.id) if school else ORPHANS_SECTION


def section_of(rec, line: LineRecord | None) -> str | None:
    return section_of_uai(rec, line.school_uai) if line is not None else None


def section_anchor(key: str) -> str:
    """The id of a section's element on the page."""
    return {DOSSIER_SECTION: "dossier-lines", ORPHANS_SECTION: "orphans"}.get(key, f"school-{key}")


def chosen_section(rec, asked: str | None) -> str:
    """The section the page shows: the one asked (`?ecole=`), else the first school's."""
    known = {str(s.id) for s in rec.schools} | {DOSSIER_SECTION, ORPHANS_SECTION}
    if asked in known:
        return asked
    line_id = request.args.get("ligne", type=int)  # a comment's or finding's link to a line
    line = db.session.get(LineRecord, line_id) if line_id else None
    if line is not None and line.dossier_id == rec.id:
        return section_of(rec, line)
    return str(rec.schools[0].id) if rec.schools else DOSSIER_SECTION


# A school's points its budget section does not list (shown beside its needs, or on its school).
NOT_IN_SECTION = ("ELIG-PRIVATE", "SCHOOL-AT-SOCLE")


def budget_sections(rec, result, shown: str) -> tuple[list[dict], dict]:
    """The summary of every section (lines, totals, the blocking points and warnings its page
    shows) and the shown section's lines: one school at a time, whatever the dossier's size."""
    funding = result.evaluation.funding
    sections = [
        {
            "key": str(school.id),
            "school": school,
            "index": i,
            "result": funding.schools[i],
            "lines": 0,
            "ht": funding.schools[i].total_ht,
            "ttc": funding.schools[i].total_ttc,
            "blocking": 0,
            "warnings": 0,
        }
        for i, school in enumerate(rec.schools)
    ]
    common = {
        "key": DOSSIER_SECTION,
        "school": None,
        "lines": 0,
        "ht": ZERO,
        "ttc": ZERO,
        "blocking": 0,
        "warnings": 0,
    }
    orphans = dict(common, key=ORPHANS_SECTION, orphans=True)
    line_section = []
    for line, res in zip(result.dossier.lines, funding.lines, strict=True):
        if res.school_index is not None:
            where = sections[res.school_index]
        else:
            where = common if line.school is None else orphans
            where["ht"] += res.ht
            where["ttc"] += res.ttc
        where["lines"] += 1
        line_section.append(where)
    # Each section counts the points its page shows: its school's and its lines', whatever step
    # they are fixed on (a school's département, its ineligible kind), as the section lists them.
    for finding in result.evaluation.findings:
        if finding.severity not in (BLOCKING, WARNING) or finding.rule in NOT_IN_SECTION:
            continue
        count = "blocking" if finding.severity == BLOCKING else "warnings"
        school, line = index_of(finding.path, "schools"), index_of(finding.path, "lines")
        if school is not None and school < len(sections):
            sections[school][count] += 1
        elif line is not None and line < len(line_section):
            line_section[line][count] += 1
    # The dossier's own lines only where the call has dossier-wide volets (or some are there).
    if result.call.dossier_wide_volets or common["lines"]:
        sections.append(common)
    if orphans["lines"]:
        sections.append(orphans)
    group = next((s for s in sections if s["key"] == shown), common)
    indices = [i for i, where in enumerate(line_section) if where is group]
    records = _section_records(rec, result.dossier, group, indices)
    group = dict(group, rows=[(i, line, funding.lines[i]) for i, line in zip(indices, records, strict=True)])
    return sections, group


def _section_records(rec, dossier, group: dict, indices: list[int]) -> list[LineRecord]:
    """The shown section's stored lines, read alone: one school's page of a 300-school dossier
    does not load its 1,500 lines. They pair with the evaluation's lines in budget order; where
    that cannot be checked (two schools with one UAI, lines sharing a position), all are read."""
    if not indices:
        return []
    if "lines" not in sa.inspect(rec).unloaded or group["key"] == ORPHANS_SECTION:
        return [rec.lines[i] for i in indices]
    uai = group["school"].uai if group["school"] else None
    query = sa.select(LineRecord).where(
        LineRecord.dossier_id == rec.id,
        LineRecord.school_uai == uai if uai else LineRecord.school_uai.is_(None),
    )
    records = db.session.scalars(query.order_by(LineRecord.position, LineRecord.id)).all()
    wanted = [dossier.lines[i] for i in indices]
    positions = [r.position for r in records]
    paired = len(records) == len(wanted) and len(set(positions)) == len(positions)
    if paired and all(
        (r.category, r.label, r.quantity, r.unit_price_ht)
        == (w.category, w.label, w.quantity, w.unit_price_ht)
        for r, w in zip(records, wanted, strict=True)
    ):
        return records
    return [rec.lines[i] for i in indices]


def editable_by_me(rec) -> bool:
    return rec.editable and is_member(current_user, rec)


def need_reason(need) -> str:
    """Why a need (or the part of it beyond the cap) is not proposed, in the page's language; a
    mobile pack's reason names the pack that leaves it out."""
    if need.left_out is None:
        return ""
    lot = _(category_label(need.equivalent)) if need.equivalent else ""
    return _(REASONS[need.left_out[0]], lot=lot)


def left_out_by_reason(needs) -> dict[str, str]:
    """The needs not proposed, grouped by reason: « Bornes Wi-Fi (1), Câblage… (1) »; the part
    of a need scaled down to the cap: « Micro et enceintes (4 sur 6) »."""
    grouped: dict[str, list[str]] = {}
    for need in needs:
        _reason, units = need.left_out
        count = units if units == need.needed else _("%(done)s sur %(total)s", done=units, total=need.needed)
        grouped.setdefault(need_reason(need), []).append(f"{_(category_label(need.code))} ({count})")
    return {reason: ", ".join(names) for reason, names in grouped.items()}


@shows("budget")
def show_budget(rec, form=None, editing: LineRecord | None = None, shown: str | None = None, **context):
    """The budget, one section at a time (`?ecole=<school id>`, `dossier` or `autres`): the
    summary of every school, then the shown one's lines, the totals and the line form."""
    shown = chosen_section(rec, shown or section_of(rec, editing) or request.args.get("ecole"))
    if form is None:
        form = line_form(rec, line=editing)
        if editing is None and shown != ORPHANS_SECTION:  # a new line, in the section shown
            school = next((s for s in rec.schools if str(s.id) == shown), None)
            form.school.data = school.uai if school else WHOLE_DOSSIER
    result = current_evaluated(rec)
    sections, group = budget_sections(rec, result, shown)
    school = group["school"]
    return render_step(
        "budget",
        result,
        form=form,
        editing=editing,
        whole_dossier=WHOLE_DOSSIER,
        sections=sections,
        not_in_section=NOT_IN_SECTION,
        group=group,
        shown=group["key"],
        shown_findings=lambda found: _shown_findings(found, group),
        proposals=proposals(rec, result.dossier, result.call, only=school, funding=result.evaluation.funding)
        if school and editable_by_me(rec)
        else {},
        need_reason=need_reason,
        **context,
    )


def _shown_findings(found, group) -> list:
    """The step's points at the top of the page: the dossier's own and the shown section's (the
    other sections' are counted in the summary)."""
    mine = {f"lines[{i}]" for i, _line, _res in group["rows"]}
    if group["school"] is not None:
        mine.add(f"schools[{group['index']}]")
    return [
        f
        for f in found
        if not (f.path.startswith("schools[") or f.path.startswith("lines[")) or f.path.split(".")[0] in mine
    ]


@bp.route("/<int:dossier_id>/budget/nouvelle", methods=["POST"])
@policy("member", edit=True)
def add_line_view(dossier_id: int):
    rec = current_dossier()
    form = line_form(rec, request.form)
    if not form.validate_on_submit():
        return show_budget(rec, form, shown=section_of_uai(rec, form.school.data))[0], 422
    outcome = change(add_line, line_values(form))
    line = outcome.value
    return saved(outcome.record.id, "budget", f"line-{line.id}", ecole=section_of(outcome.record, line))


@bp.route("/<int:dossier_id>/budget/<int:line_id>", methods=["GET", "POST"])
@policy("viewer", post="member", edit=True)
def edit_line(dossier_id: int, line_id: int):
    rec = current_dossier()
    if request.method == "GET":
        return show_budget(rec, editing=_line(rec, line_id))
    line = present(rec, "line", line_id)
    if isinstance(line, Deleted):
        return _deleted_page(rec, line)
    form = line_form(rec, request.form, line)
    if not form.validate_on_submit():
        return show_budget(rec, form, editing=line)[0], 422
    outcome = change(
        update_line, line_id, version_of(form), line_values(form), **merge_inputs(request.form, LINE_FIELDS)
    )
    line = _line(outcome.record, line_id)
    return answer(
        outcome,
        "budget",
        "line",
        lambda rec, **ctx: show_budget(rec, _refilled(rec, form, line, outcome), editing=line, **ctx),
        f"line-{line_id}",
        ecole=section_of(outcome.record, line),
    )


def _refilled(rec, form: LineForm, line: LineRecord, outcome) -> LineForm:
    refill(form, line, outcome, [n for n in LINE_FIELDS if n != "school_uai"])
    if "school_uai" not in {c.field for c in outcome.conflicts}:
        form.school.data = line.school_uai or WHOLE_DOSSIER
    return form


def _deleted_page(rec, deleted: Deleted):
    """A colleague removed the line: say so by name, and offer the typed values to re-create it."""
    fresh = line_form(rec, request.form)
    fresh.validate()
    fresh.version.data = 0
    return show_budget(
        rec,
        fresh,
        shown=section_of_uai(rec, fresh.school.data),
        deleted=deleted,
        deleted_title=_("La ligne « %(label)s » a été supprimée par un collègue", label=deleted.label),
        recreate=True,
    )[0], 409


@bp.route("/<int:dossier_id>/budget/<int:line_id>/dupliquer", methods=["POST"])
@policy("member", edit=True)
def duplicate_line_view(dossier_id: int, line_id: int):
    outcome = change(duplicate_line, line_id)
    copy = outcome.value
    return saved(outcome.record.id, "budget", f"line-{copy.id}", ecole=section_of(outcome.record, copy))


@bp.route("/<int:dossier_id>/budget/<int:line_id>/supprimer", methods=["POST"])
@policy("member", edit=True)
def delete_line(dossier_id: int, line_id: int):
    rec = current_dossier()
    # Back to the section the line was in (read before it goes).
    shown = section_of(rec, next((ln for ln in rec.lines if ln.id == line_id), None))
    outcome = change(remove_line, line_id)
    return removed(
        outcome,
        "budget",
        lambda deleted: _("La ligne « %(label)s » était déjà supprimée.", label=deleted.label),
        section_anchor(shown) if shown else "",
        ecole=shown,
    )


@bp.route("/<int:dossier_id>/budget/proposer/<int:school_id>", methods=["POST"])
@policy("member", edit=True)
def propose(dossier_id: int, school_id: int):
    rec = current_dossier()
    school = next((s for s in rec.schools if s.id == school_id), None)
    if school is None:
        abort(404)
    added, left_out = change(propose_lines, school, get_call(rec.call_id), _).value
    if added:
        flash(
            _(
                "%(n)s ligne(s) proposée(s) d'après les besoins de l'école %(name)s. Les prix sont "
                "indicatifs : remplacez-les par ceux de vos devis.",
                n=len(added),
                name=SchoolName(school.name).render(str(get_locale())),
            ),
            "success",
        )
    else:
        flash(
            _(
                "Aucune ligne proposée pour l'école %(name)s.",
                name=SchoolName(school.name).render(str(get_locale())),
            ),
            "info",
        )
    for reason, needs in left_out_by_reason(left_out).items():
        flash(_("Non proposé(s), %(reason)s : %(needs)s.", reason=reason, needs=needs), "info")
    return redirect(
        url_for("wizard.step", dossier_id=rec.id, step="budget", ecole=school.id) + f"#school-{school.id}"
    )
