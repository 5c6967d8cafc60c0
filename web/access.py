"""Who may see and change which dossier. Every dossier route goes through `dossier_for`."""

from __future__ import annotations

from flask import abort, request
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


def dossier_for(dossier_id: int, edit: bool = False) -> DossierRecord:
    """The dossier if the current user may see it (404 otherwise: existence is not revealed);
    with `edit`, 403 unless a member and the dossier is editable; a POST with `edit` locks the
    dossier until its commit (see services.dossiers.load)."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    rec = load(dossier_id, for_update=edit and request.method != "GET")
    if rec is None or not can_view(current_user, rec):
        abort(404)
    if edit and not (is_member(current_user, rec) and rec.editable):
        abort(403)
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


def policy(kind: str, post: str | None = None):
    """Declare who a view is for (and, when it differs, who may POST to it); the access-matrix
    test checks every route against it."""
    assert kind in POLICIES and (post is None or post in POLICIES), (kind, post)

    def mark(view):
        view.access_policy = kind
        view.access_policy_post = post or kind
        return view

    return mark
