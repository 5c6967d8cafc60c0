"""The landing page, the team's dashboard, collectivités, invitations and new dossiers."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from forms.accounts import InviteForm, NewDossierForm, OrganisationForm
from grants.i18n import LOCALES
from grants.params import of_name
from models import DossierRecord, Invitation, Membership, Organisation, db
from models.base import utcnow
from services import accounts, dossiers, members
from services.links import external_url
from services.mail import send_mail
from services.sessions import call_window, calls_offered, current_call

from .access import policy
from .security import is_own_origin, readable_target
from .templating import date_pattern, french_day, locale

bp = Blueprint("home", __name__)


def _organisation(org_id: int) -> Organisation:
    """A collectivité the current user belongs to (404 otherwise)."""
    if org_id not in current_user.organisation_ids:
        abort(404)
    org = db.session.get(Organisation, org_id)
    if org is None:
        abort(404)
    return org


@bp.route("/")
@policy("public")
def index():
    if not current_user.is_authenticated:
        return render_template("home/landing.html")
    orgs = [m.organisation for m in current_user.memberships]
    records = db.session.scalars(
        sa.select(DossierRecord)
        .where(DossierRecord.organisation_id.in_([o.id for o in orgs]))
        .order_by(DossierRecord.id)
        .options(
            selectinload(DossierRecord.schools),
            selectinload(DossierRecord.lines),
            selectinload(DossierRecord.cofunders),
        )
    ).all()
    now = utcnow()
    calls = {r.call_id: current_call(r.call_id) for r in records}
    by_org = {o.id: [r for r in records if r.organisation_id == o.id] for o in orgs}
    invitations = db.session.scalars(
        sa.select(Invitation).where(
            Invitation.organisation_id.in_([o.id for o in orgs]),
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
    ).all()
    members = db.session.scalars(
        sa.select(Membership).where(Membership.organisation_id.in_([o.id for o in orgs]))
    ).all()
    return render_template(
        "home/dashboard.html",
        orgs=orgs,
        by_org=by_org,
        invitations=invitations,
        members=members,
        org_form=OrganisationForm(formdata=None),
        invite_form=InviteForm(formdata=None),
        dossier_form=dossier_form(NewDossierForm(formdata=None), now),
        # The recap's count, computed the same way (the call's window checked now).
        blocking={r.id: dossiers.blocking_now(r) for r in records},
        windows={call_id: call_window(call, None, now) for call_id, call in calls.items() if call},
        calls=calls,
    )


@bp.route("/sante")
@policy("public")
def health():
    """For the load balancer and as the benchmarks' floor: the database answers."""
    db.session.execute(sa.text("select 1"))
    return {"status": "ok"}


def _followed_here() -> bool:
    """Whether the person followed the language link themselves, on this site: a request
    another site made their browser send (an image, a link elsewhere) changes no account. The
    browser says where it comes from in Sec-Fetch-Site; one that sends no Sec-Fetch-* header is
    believed only with a Referer of this site's own origin, and without either the choice is
    the session's alone."""
    sent_from = request.headers.get("Sec-Fetch-Site")
    if sent_from is not None:
        return sent_from in ("same-origin", "none")
    return is_own_origin(request.headers.get("Referer"))


@bp.route("/langue/<lang>")
@policy("public")
def set_language(lang: str):
    if lang in LOCALES:
        session["lang"] = lang
        # A signed-in person's choice is their account's: the next sign-in, on any browser, and
        # the e-mails and notifications they receive speak it too.
        if current_user.is_authenticated and current_user.locale != lang and _followed_here():
            current_user.locale = lang
            db.session.commit()
    # An old link to a POST-only address (a refused form's) lands on its form's page, never a 405.
    return redirect(readable_target(request.args.get("next", "/")))


@bp.route("/collectivites/nouvelle", methods=["GET", "POST"])
@policy("authenticated")
@login_required
def new_organisation():
    form = OrganisationForm()
    try:
        members.check_may_join(current_user)
    except members.Refused as refused:
        flash(refused.render(_), "error")
        return redirect(url_for("home.index"))
    if form.validate_on_submit():
        org = accounts.create_organisation(
            current_user,
            form.name.data,
            form.kind.data,
            form.siret.data,
            form.insee.data,
            form.departement.data,
        )
        db.session.commit()
        flash(_("La collectivité %(name)s est créée.", name=org.name), "success")
        # What the rules say of the identifiers typed is said at the fields, as the Collectivité
        # step says it; one not typed yet is asked for there later, it does not stop the team.
        typed = {"siret": org.siret, "insee": org.insee}
        if any(found for name, found in _identity_findings(org).items() if typed.get(name, True)):
            return redirect(url_for("home.organisation_identity", org_id=org.id))
        return redirect(url_for("home.index"))
    at_field = _refused_form_findings(form) if form.errors else {}
    status = 422 if form.errors else 200
    return render_template("home/new_organisation.html", form=form, at_field=at_field, org=None), status


def _refused_form_findings(form: OrganisationForm) -> dict[str, list]:
    """A refused creation form still says what the rules say of the identifiers that passed
    their own field's check (a 13-digit SIRET does not hide that the code INSEE is not a
    commune's); a field with its own error shows that error alone."""
    from services.organisations import identity_findings

    def kept(name: str) -> str:
        return "" if form[name].errors else (form[name].data or "")

    found = identity_findings(kept("kind"), kept("siret"), kept("insee"), kept("departement"))
    # An identifier left empty on the creation form is asked for later, not refused here.
    return {name: items for name, items in found.items() if not form[name].errors and kept(name)}


def _identity_findings(org: Organisation) -> dict[str, list]:
    from services.organisations import identity_findings

    return identity_findings(org.kind, org.siret, org.insee, org.departement)


@bp.route("/collectivites/<int:org_id>/identite", methods=["GET", "POST"])
@policy("member")
@login_required
def organisation_identity(org_id: int):
    """The collectivité's identity, with what the rules say of its identifiers at their fields
    (warnings and blocking points for a deposit: saved all the same, as at a dossier's
    Collectivité step). New dossiers start from it; existing ones keep their own copy."""
    org = _organisation(org_id)
    form = OrganisationForm(obj=org) if request.method == "POST" else OrganisationForm(obj=org, formdata=None)
    if request.method == "POST" and form.validate_on_submit():
        org.name = form.name.data.strip()
        org.kind, org.siret = form.kind.data, form.siret.data or ""
        org.insee, org.departement = form.insee.data or "", form.departement.data
        db.session.commit()
        from .wizard.common import flash_saved

        # As a dossier's Collectivité step confirms a save: with the points found at the fields.
        flash_saved([f for found in _identity_findings(org).values() for f in found])
        return redirect(url_for("home.organisation_identity", org_id=org.id))
    status = 422 if form.errors else 200
    return render_template(
        "home/new_organisation.html", form=form, at_field=_identity_findings(org), org=org
    ), status


@bp.route("/collectivites/<int:org_id>/invitations", methods=["POST"])
@policy("member")
@login_required
def invite(org_id: int):
    org = _organisation(org_id)
    form = InviteForm()
    if not form.validate_on_submit():
        for error in form.email.errors:
            flash(error, "error")
        return redirect(url_for("home.index"))
    try:
        members.check_invitee(form.email.data)
    except members.Refused as refused:
        flash(refused.render(_), "error")
        return redirect(url_for("home.index"))
    invitation, token = accounts.invite(org, current_user, form.email.data)
    link = external_url("auth.invitation", token=token)
    send_mail(
        invitation.email,
        _("Invitation à rejoindre %(name)s", name=org.name),
        _(
            "%(who)s vous invite à préparer avec lui ou elle le dossier « école numérique » %(of_name)s.\n\n"
            "Pour rejoindre l'équipe, ouvrez ce lien :\n%(link)s",
            who=current_user.name,
            of_name=of_name(org.name, locale()),
            link=link,
        ),
    )
    db.session.commit()  # the change and its e-mail, together
    flash(
        _(
            "Invitation envoyée à %(email)s. Lien à transmettre si le courriel n'arrive pas : %(link)s",
            email=invitation.email,
            link=link,
        ),
        "success",
    )
    return redirect(url_for("home.index"))


@bp.route("/collectivites/<int:org_id>/invitations/<int:invitation_id>/revoquer", methods=["POST"])
@policy("member")
@login_required
def revoke(org_id: int, invitation_id: int):
    org = _organisation(org_id)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != org.id:
        abort(404)
    invitation.revoked_at = utcnow()
    db.session.commit()
    flash(_("L'invitation de %(email)s est révoquée.", email=invitation.email), "info")
    return redirect(url_for("home.index"))


def dossier_form(form: NewDossierForm, now) -> NewDossierForm:
    """The new-dossier form offering every call: its title and whether it takes deposits now
    (a closed call is for practice dossiers), the open or latest one first and chosen."""
    offered = calls_offered(now)
    form.call_id.choices = [
        (
            call.id,
            _(
                "%(call)s — ouvert jusqu'au %(closes)s",
                call=_(call.title),
                closes=french_day(format_date(call.closes.date(), date_pattern("long"))),
            )
            if call.is_open(now)
            else _("%(call)s — clos, pour s'entraîner", call=_(call.title)),
        )
        for call in offered
    ]
    if not form.call_id.data:
        form.call_id.data = offered[0].id
    return form


@bp.route("/collectivites/<int:org_id>/dossiers", methods=["POST"])
@policy("member")
@login_required
def new_dossier(org_id: int):
    org = _organisation(org_id)
    form = dossier_form(NewDossierForm(), utcnow())
    if not form.validate_on_submit():
        for error in [*form.call_id.errors, *form.title.errors]:
            flash(error, "error")
        return redirect(url_for("home.index"))
    rec = dossiers.create(org, current_user, form.title.data, form.practice.data, form.call_id.data)
    db.session.commit()
    return redirect(url_for("wizard.step", dossier_id=rec.id, step="collectivite"))
