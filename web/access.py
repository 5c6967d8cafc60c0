"""Who may see and change which dossier. Every dossier route goes through `dossier_for`."""

from __future__ import annotations

from functools import wraps

from flask import abort, g, request
from flask_login import current_user

from grants.workflow import BROUILLON, actor_kinds
from models import DossierRecord, User
from services.dossiers import load

from .extensions import login_manager


def is_member(user: User, rec: DossierRecord) -> bool:
    return user.is_authenticated and rec.organisation_id in user.organisation_ids


def inspector_sees(user: User, rec: DossierRecord) -> bool:
    """An inspector sees a dossier of their départements once it is shared or deposited."""
    return (
        user.is_authenticated
        and user.is_inspector
        and rec.departement in user.departements
        and (rec.shared or rec.state != BROUILLON)
    )


def can_view(user: User, rec: DossierRecord) -> bool:
    return is_member(user, rec) or inspector_sees(user, rec)


def actors(user: User, rec: DossierRecord) -> set[str]:
    """The kinds of actor the user is for this dossier (team, inspector, decider)."""
    return actor_kinds(is_member(user, rec), user.inspector_level if inspector_sees(user, rec) else None)


def _resolve(dossier_id: int, edit: bool) -> DossierRecord:
    """Load the dossier (locked until the commit for an edit) and check the current user may see
    it (404 otherwise: existence is not revealed) and, for an edit, change it (403)."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    rec = load(dossier_id, for_update=edit, eager=False)
    if rec is None or not can_view(current_user, rec):
        abort(404)
    if edit and not (is_member(current_user, rec) and rec.editable):
        abort(403)
    g.dossier, g.dossier_locked = rec, edit
    return rec


def dossier_for(dossier_id: int, edit: bool = False) -> DossierRecord:
    """The dossier of the URL, as the view's @policy resolved and checked it; with `edit`, 403
    unless a member and the dossier is editable, and a POST locks it until its commit (see
    services.dossiers.load)."""
    locking = edit and request.method != "GET"
    rec = g.get("dossier")
    if rec is not None and rec.id == dossier_id and (g.get("dossier_locked") or not locking):
        if edit and not (is_member(current_user, rec) and rec.editable):
            abort(403)
        return rec
    return _resolve(dossier_id, locking) if locking or rec is None or rec.id != dossier_id else rec


def current_dossier() -> DossierRecord:
    """The dossier @policy resolved for this request."""
    rec = g.get("dossier")
    if rec is None:
        raise RuntimeError("this view has no dossier: its @policy resolves one from <dossier_id>")
    return rec


POLICIES = {
    "public": "anyone, signed in or not",
    "authenticated": "any signed-in person",
    "member": "a member of the collectivité (resource of their own collectivité)",
    "viewer": "a member, or an inspector of the dossier's département once shared or deposited",
    "inspector": "an inspector (any level)",
    "decider": "an inspector of DASEN or DAN level",
    "admin": "an administrator",
}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def enforce(kind: str, dossier_id: int | None, edit: bool) -> None:
    """Apply a policy to the current request: sign-in, role, and (when the URL names a dossier)
    the dossier's own rule; an edit loads the dossier locked and checks it is editable."""
    if kind == "public":
        return
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if kind == "admin" and not current_user.is_admin:
        abort(403)
    if kind in ("inspector", "decider") and not current_user.is_inspector:
        abort(403)
    if kind == "decider" and current_user.inspector_level not in ("dasen", "dan"):
        from web.review.guards import refuse_not_decider

        refuse_not_decider()
    if dossier_id is None or kind in ("authenticated", "admin"):
        return
    rec = _resolve(dossier_id, edit)
    if kind == "member" and not is_member(current_user, rec):
        abort(403)
    if kind in ("inspector", "decider") and not inspector_sees(current_user, rec):
        abort(404)


def policy(kind: str, post: str | None = None, edit: bool = False):
    """Who a view is for (and, when it differs, who may POST to it), enforced before the view
    runs: a URL's <dossier_id> is loaded and checked here, and with `edit` a POST locks the
    dossier for the unit of work (web/unit.py) and needs an editable dossier. The access-matrix
    test checks every route against the declared policy."""
    assert kind in POLICIES and (post is None or post in POLICIES), (kind, post)

    def mark(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            writing = request.method not in SAFE_METHODS
            rule = (post or kind) if writing else kind
            dossier_id = kwargs.get("dossier_id")
            if dossier_id is not None and not 0 < dossier_id < 2**63:
                abort(404)
            enforce(rule, dossier_id, edit and writing)
            return view(*args, **kwargs)

        guarded.access_policy = kind
        guarded.access_policy_post = post or kind
        guarded.access_edit = edit
        return guarded

    return mark
