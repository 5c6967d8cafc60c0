"""What every step page needs: the dossier, its evaluation, findings by place, step statuses."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.findings import Finding
from services.dossiers import Evaluated, evaluated_now
from services.editing import Conflict
from services.steps import STEP_KEYS, blocking_total, step_of, step_report

from ..access import actors, is_member


def findings_by_path(result: Evaluated) -> dict[str, list[Finding]]:
    """Findings grouped by the place they concern: `schools[2]`, `lines[5]`, `collectivite.siret`."""
    grouped: dict[str, list[Finding]] = {}
    for finding in result.evaluation.findings:
        grouped.setdefault(finding.path, []).append(finding)
        head = finding.path.split(".")[0]
        if head != finding.path:
            grouped.setdefault(head, []).append(finding)
    return grouped


def render_step(step: str, result: Evaluated, status: int = 200, **context):
    """A step page with the progress bar, its findings and the live computation panel."""
    rec = result.record
    report = step_report(result.dossier, result.evaluation)
    step_findings = [f for f in result.evaluation.findings if step_of(f) == step]
    position = STEP_KEYS.index(step)
    return render_template(
        f"wizard/{step}.html",
        rec=rec,
        result=result,
        ev=result.evaluation,
        funding=result.evaluation.funding,
        step=step,
        statuses={key: state.status for key, state in report.items()},
        report=report,
        blocking_total=blocking_total(report),
        step_findings=step_findings,
        by_path=findings_by_path(result),
        editable=rec.editable and is_member(current_user, rec),
        member=is_member(current_user, rec),
        actors=actors(current_user, rec),
        previous_step=STEP_KEYS[position - 1] if position else None,
        next_step=STEP_KEYS[position + 1] if position + 1 < len(STEP_KEYS) else None,
        **context,
    ), status


def conflict_context(conflict: Conflict) -> dict:
    """What the page shows when a colleague saved the same part first."""
    return {"conflict": conflict}


def saved(rec_id: int, step: str, anchor: str = "", result: Evaluated | None = None):
    """Back to the step after a save (Post/Redirect/Get); with the save's evaluation, the
    confirmation says how many points the rules found in this step (shown at their fields)."""
    from flask import flash

    found = [f for f in result.evaluation.findings if step_of(f) == step] if result else []
    blocking = sum(f.severity == "blocking" for f in found)
    if found:
        flash(
            _(
                "Enregistré, avec %(n)s point(s) à vérifier dont %(blocking)s bloquant(s) : ils sont "
                "signalés sous les champs concernés.",
                n=len(found),
                blocking=blocking,
            ),
            "warning" if blocking else "success",
        )
    else:
        flash(_("Enregistré."), "success")
    return redirect(url_for("wizard.step", dossier_id=rec_id, step=step) + (f"#{anchor}" if anchor else ""))


def current_evaluated(rec) -> Evaluated:
    """The evaluation every page of the team shows: the call's window checked now."""
    return evaluated_now(rec)


SHOW: dict = {}


def shows(step: str):
    """Register the GET view of a step."""

    def register(fn):
        SHOW[step] = fn
        return fn

    return register


def version_of(form) -> int:
    """The version the form was loaded with (a tampered one is a bad request)."""
    try:
        version = int(form.version.data)
    except (TypeError, ValueError):
        abort(400)
    if not 0 <= version < 2**31:  # beyond, the database itself refuses to compare it
        abort(400)
    return version
