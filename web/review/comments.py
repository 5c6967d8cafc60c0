"""Comment threads anchored to a section, a school or a line, shown where they belong: the
`comments(kind, ref, label)` template global, and the routes that open, answer and resolve."""

from __future__ import annotations

from flask import abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from forms.review import CommentForm
from grants.workflow import CORRECTION, INSPECTOR
from models import CommentThread, DossierRecord, db
from services import review
from services.workflow import Refused

from ..access import actors, dossier_for, policy
from . import bp, guards


def _places(rec: DossierRecord) -> dict[tuple[str, str], list[CommentThread]]:
    """The dossier's threads by place, loaded once per request however many places ask."""
    cache = g.setdefault("review_threads", {})
    if rec.id not in cache:
        places: dict[tuple[str, str], list[CommentThread]] = {}
        for thread in review.threads_of(rec.id):
            places.setdefault((thread.anchor_kind, thread.anchor_ref), []).append(thread)
        cache[rec.id] = places
    return cache[rec.id]


def _can_open(rec: DossierRecord) -> bool:
    cache = g.setdefault("review_can_open", {})
    if rec.id not in cache:
        cache[rec.id] = INSPECTOR in actors(current_user, rec)
    return cache[rec.id]


def _where(rec: DossierRecord) -> tuple[dict | None, bool]:
    """The dossier's threads by place and whether this person may open one, asked once per
    request (a page of 300 schools asks at each): (None, False) for nobody signed in."""
    cache = g.setdefault("review_where", {})
    if rec.id not in cache:
        cache[rec.id] = (_places(rec), _can_open(rec)) if current_user.is_authenticated else (None, False)
    return cache[rec.id]


@pass_context
def comments_at(ctx, kind: str, ref, label: str = "") -> Markup:
    """The threads of one place of the dossier being shown, with the forms to take part."""
    rec = ctx.get("rec")
    if not isinstance(rec, DossierRecord):
        return Markup("")
    places, can_open = _where(rec)
    if places is None:
        return Markup("")
    threads = places.get((kind, str(ref)), [])
    if not threads and not (can_open and kind == "section"):
        if not can_open:
            return Markup("")
        return Markup(
            '<a class="comment-link" href="{}">{}<span class="visually-hidden"> « {} »</span></a>'
        ).format(url_for("review.new_thread", dossier_id=rec.id, kind=kind, ref=ref), _("Commenter"), label)
    return Markup(
        render_template(
            "review/_threads.html",
            rec=rec,
            kind=kind,
            ref=str(ref),
            label=label,
            threads=threads,
            can_open=can_open,
            form=CommentForm(formdata=None),
        )
    )


def may_resolve(thread: CommentThread, rec: DossierRecord) -> bool:
    """Whether the current person may resolve or reopen this thread (see services.review)."""
    return review.may_set_status(thread, rec, actors(current_user, rec))


def pending_correction(rec: DossierRecord):
    """The request for correction the team has not answered yet (None when there is none)."""
    if not isinstance(rec, DossierRecord) or rec.state != CORRECTION:
        return None
    cache = g.setdefault("review_corrections", {})
    if rec.id not in cache:
        cache[rec.id] = review.pending_correction(rec)
    return cache[rec.id]


def context() -> dict:
    """Replaces the placeholder of web.templating."""
    return {
        "comments": comments_at,
        "anchor_place": review.anchor_place,
        "place_args": review.place_args,
        "may_resolve": may_resolve,
        "pending_correction": pending_correction,
    }


def _thread(rec: DossierRecord, thread_id: int) -> CommentThread:
    thread = db.session.get(CommentThread, thread_id)
    if thread is None or thread.dossier_id != rec.id:
        abort(404)
    return thread


def back_to(rec: DossierRecord, kind: str, ref: str):
    """Back to the place of the thread in the wizard."""
    return redirect(url_for("wizard.step", dossier_id=rec.id, **review.place_args(kind, ref)))


def _form_page(
    rec,
    form: CommentForm,
    kind: str,
    ref: str,
    thread: CommentThread | None = None,
    refused: list | None = None,
    status: int = 200,
):
    label = thread.anchor_label if thread else review.anchor_label(rec, kind, ref)
    if label is None:
        abort(
            make_response(
                render_template(
                    "error.html",
                    code=404,
                    title=_("Endroit introuvable"),
                    text=_(
                        "Cet endroit du dossier n'existe plus (une école ou une ligne supprimée) : rechargez le dossier."
                    ),
                ),
                404,
            )
        )
    return render_template(
        "review/thread_form.html",
        rec=rec,
        form=form,
        kind=kind,
        ref=ref,
        label=label,
        thread=thread,
        refused=refused or [],
    ), status


@bp.route("/dossiers/<int:dossier_id>/commentaires")
@policy("viewer")
def threads(dossier_id: int):
    """Every thread of the dossier, open ones first, each with a link to its place."""
    rec = dossier_for(dossier_id)
    ordered = sorted(review.threads_of(rec.id), key=lambda t: (t.status != "open", -t.id))
    return render_template(
        "review/threads.html",
        rec=rec,
        threads=ordered,
        form=CommentForm(formdata=None),
        can_open=_can_open(rec),
    )


@bp.route("/dossiers/<int:dossier_id>/commentaires/nouveau")
@policy("inspector")
def new_thread(dossier_id: int):
    """The form that opens a thread at a school or a line."""
    rec = dossier_for(dossier_id)
    guards.acting_as(rec, INSPECTOR)
    kind, ref = request.args.get("kind", ""), request.args.get("ref", "")
    return _form_page(rec, CommentForm(formdata=None, kind=kind, ref=ref), kind, ref)


@bp.route("/dossiers/<int:dossier_id>/commentaires", methods=["POST"])
@policy("inspector")
def open_thread(dossier_id: int):
    """Open a thread at a place, with its first comment."""
    rec = dossier_for(dossier_id)
    guards.acting_as(rec, INSPECTOR)
    form = CommentForm()
    kind, ref = form.kind.data or "", form.ref.data or ""
    if not form.validate_on_submit():
        return _form_page(rec, form, kind, ref, status=422)
    try:
        review.open_thread(rec, current_user, kind, ref, form.body.data)
    except Refused as refused:
        db.session.rollback()
        return _form_page(dossier_for(dossier_id), form, kind, ref, refused=refused.reasons, status=422)
    db.session.commit()
    flash(_("Commentaire publié : l'équipe le voit à cet endroit du dossier."), "success")
    return back_to(rec, kind, ref)


@bp.route("/dossiers/<int:dossier_id>/commentaires/<int:thread_id>/reponses", methods=["POST"])
@policy("viewer")
def reply(dossier_id: int, thread_id: int):
    """Answer in a thread (the team or an inspector)."""
    rec = dossier_for(dossier_id)
    thread = _thread(rec, thread_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return _form_page(rec, form, thread.anchor_kind, thread.anchor_ref, thread, status=422)
    try:
        review.reply(rec, thread, current_user, form.body.data, actors(current_user, rec))
    except Refused as refused:
        db.session.rollback()
        return _form_page(
            dossier_for(dossier_id), form, thread.anchor_kind, thread.anchor_ref, thread, refused.reasons, 409
        )
    db.session.commit()
    flash(_("Réponse publiée."), "success")
    return back_to(rec, thread.anchor_kind, thread.anchor_ref)


@bp.route("/dossiers/<int:dossier_id>/commentaires/<int:thread_id>/statut", methods=["POST"])
@policy("viewer")
def set_status(dossier_id: int, thread_id: int):
    """Resolve a thread, or open it again."""
    rec = dossier_for(dossier_id)
    thread = _thread(rec, thread_id)
    resolved = request.form.get("status") == "resolved"
    try:
        review.set_status(thread, current_user, resolved, rec, actors(current_user, rec))
    except Refused as refused:
        db.session.rollback()
        flash(_(refused.reasons[0]), "error")
        return back_to(rec, thread.anchor_kind, thread.anchor_ref)
    db.session.commit()
    flash(_("Discussion marquée comme résolue.") if resolved else _("Discussion rouverte."), "success")
    return back_to(rec, thread.anchor_kind, thread.anchor_ref)
