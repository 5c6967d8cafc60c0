"""A collectivité's members: the list, removing a member, the right to deposit, the log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.i18n import N_
from grants.params import of_name
from models import db
from services import members

from .access import policy
from .home import _organisation
from .templating import locale

bp = Blueprint("members", __name__)

RIGHT_LABELS = {
    "representative": N_("Représentant légal"),
    "delegation": N_("Délégation de signature"),
    "": N_("Ne dépose pas"),
}
EVENT_LABELS = {
    "joined": N_("a rejoint l'équipe"),
    "removed": N_("a retiré de l'équipe"),
    "right_representative": N_("a enregistré comme représentant légal"),
    "right_delegation": N_("a enregistré une délégation de signature pour"),
    "right_withdrawn": N_("a retiré le droit de déposer à"),
}


@bp.route("/collectivites/<int:org_id>/membres")
@policy("member")
@login_required
def index(org_id: int):
    org = _organisation(org_id)
    return render_template(
        "home/members.html",
        org=org,
        members=members.members_of(org),
        events=members.events(org),
        may_grant=members.holds_right(current_user, org.id),
        RIGHT_LABELS=RIGHT_LABELS,
        EVENT_LABELS=EVENT_LABELS,
    )


def _member(org, membership_id: int):
    found = members.membership(org, membership_id)
    if found is None:
        abort(404)
    return found


def _done(org_id: int, change, success: str):
    try:
        change()
    except members.Refused as refused:
        db.session.rollback()
        flash(refused.render(_), "error")
        return redirect(url_for("members.index", org_id=org_id)), 303
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("members.index", org_id=org_id))


@bp.route("/collectivites/<int:org_id>/membres/<int:membership_id>/retirer", methods=["POST"])
@policy("member")
@login_required
def remove(org_id: int, membership_id: int):
    org = _organisation(org_id)
    gone = _member(org, membership_id)
    name, leaving = gone.user.name, gone.user_id == current_user.id
    response = _done(
        org_id,
        lambda: members.remove(org, current_user, gone),
        _("%(name)s ne fait plus partie de l'équipe.", name=name),
    )
    if leaving and org_id not in current_user.organisation_ids:
        return redirect(url_for("home.index"))
    return response


@bp.route("/collectivites/<int:org_id>/membres/<int:membership_id>/droit-de-depot", methods=["POST"])
@policy("member")
@login_required
def deposit_right(org_id: int, membership_id: int):
    org = _organisation(org_id)
    member = _member(org, membership_id)
    right = request.form.get("right", "")
    if right == "":
        change = lambda: members.withdraw(org, current_user, member)  # noqa: E731
    else:
        change = lambda: members.grant(org, current_user, member, right, request.form.get("delegation", ""))  # noqa: E731
    return _done(
        org_id,
        change,
        _(
            "Le droit de déposer %(of_name)s est enregistré.",
            of_name=of_name(member.user.name, locale()),
        ),
    )
