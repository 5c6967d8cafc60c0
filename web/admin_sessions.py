"""Administration: the calls, their windows, and the sessions an administrator publishes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.sessions import SessionForm
from grants.call import get_call, known_calls
from models import CallSession, db
from services import sessions

from .access import policy
from .admin import bp


def _form() -> SessionForm:
    form = SessionForm()
    form.call_id.choices = [(c, _(get_call(c).title)) for c in known_calls()]
    return form


@bp.route("/appels", methods=["GET", "POST"])
@policy("admin")
def calls():
    """Each call with the window it checks now, and the form that publishes a new session."""
    form = _form()
    if form.validate_on_submit():
        # Whole minutes: the last minute of the closing day is within the window.
        closes = form.closes.data.replace(second=59)
        session = sessions.publish(form.call_id.data, form.label.data, form.opens.data, closes, current_user)
        db.session.commit()
        # The lists add the new window as they read them; this rewrites figures an older version
        # stored with the window counted in (none once every draft was recounted or saved).
        sessions.recount_task(session.call_id)
        flash(
            _("Session « %(name)s » publiée : ses dates s'appliquent dès maintenant.", name=session.label),
            "success",
        )
        return redirect(url_for("admin.calls"))
    rows = [(c, sessions.current_call(c), sessions.sessions(c)) for c in known_calls()]
    return render_template("admin/calls.html", form=form, rows=rows), 422 if form.errors else 200


@bp.route("/appels/sessions/<int:session_id>/retirer", methods=["POST"])
@policy("admin")
def withdraw_session(session_id: int):
    """Take a published session back; the previous one (or the call's own dates) applies again."""
    session = db.session.get(CallSession, session_id)
    if session is None:
        abort(404)
    if session.withdrawn_at is None:
        sessions.withdraw(session)
    db.session.commit()
    sessions.recount_task(session.call_id)
    flash(_("Session « %(name)s » retirée.", name=session.label), "success")
    return redirect(url_for("admin.calls"))
