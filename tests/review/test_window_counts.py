"""The blocking points of the inspectors' inbox (its column, its filter, its « Synthèse ») and of
« En bref » are the recap's, with the call's window checked now: they follow a session published
or closing without any save of the dossier (issue 15)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import sqlalchemy as sa

from models import CallSession, DossierRecord, db


def _squash(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def inbox_count(cast, **args) -> int | None:
    """The « Points bloquants » cell of the dossier's row (None: the row is not listed)."""
    page = cast.ien.get("/inspection/", query_string=args).get_data(as_text=True)
    start = page.find(f'href="/inspection/dossiers/{cast.dossier_id}"')
    if start < 0:
        return None
    row = page[start : page.index("</tr>", start)]
    cells = re.findall(r'<td class="num">(.*?)</td>', row, re.S)
    return int(re.sub(r"<[^>]+>", "", cells[-1]))


def summary_count(cast) -> int:
    page = _squash(cast.ien.get("/inspection/").get_data(as_text=True))
    return int(re.search(r"(\d+) point\(s\) bloquant\(s\), \d+ école\(s\)", page).group(1))


def brief_count(cast) -> int:
    page = _squash(cast.ien.get(cast.url()).get_data(as_text=True))
    return int(re.search(r"Points bloquants (\d+)", page).group(1))


def recap_count(cast) -> int:
    page = _squash(cast.team.get(cast.wizard("/recap")).get_data(as_text=True))
    found = re.search(r"(\d+) point\(s\) bloquant\(s\) empêchent le dépôt", page)
    return int(found.group(1)) if found else 0


def counts(cast) -> tuple:
    return (
        recap_count(cast),
        inbox_count(cast),
        summary_count(cast),
        brief_count(cast),
        inbox_count(cast, blocking="yes") is not None,
        inbox_count(cast, blocking="no") is not None,
    )


def add_session(app, opens: datetime, closes: datetime) -> int:
    """A session written behind the application's back: no save, no recount (a worker that is
    not running, or time that passes)."""
    with app.app_context():
        session = CallSession(call_id="snee-2021", label="Session 2027", opens=opens, closes=closes)
        db.session.add(session)
        db.session.commit()
        return session.id


def test_the_inbox_counts_the_calls_window_as_the_recap_does(cast):
    cast.share()  # a real dossier, complete, under the 2021 call (closed): one blocking point
    assert counts(cast) == (1, 1, 1, 1, True, False)
    now = datetime.now()
    session_id = add_session(cast.app, now - timedelta(days=1), now + timedelta(days=30))
    assert counts(cast) == (0, 0, 0, 0, False, True)
    with cast.app.app_context():  # the session closes: time passes, nothing is saved
        db.session.execute(
            sa.update(CallSession).where(CallSession.id == session_id).values(closes=now - timedelta(hours=1))
        )
        db.session.commit()
    assert counts(cast) == (1, 1, 1, 1, True, False)


def test_a_dossier_deposited_while_the_call_was_open_stays_without_blocking_point(cast):
    now = datetime.now()
    session_id = add_session(cast.app, now - timedelta(days=10), now + timedelta(days=30))
    cast.set_practice(False)
    assert cast.team.post(cast.wizard("/deposer"), {"certify": "1"}).status_code == 302
    with cast.app.app_context():  # two days pass: the deposit was two days ago, the call closed yesterday
        rec = db.session.get(DossierRecord, cast.dossier_id)
        assert rec.state == "depose"
        rec.deposited_at -= timedelta(days=2)
        db.session.execute(
            sa.update(CallSession).where(CallSession.id == session_id).values(closes=now - timedelta(days=1))
        )
        db.session.commit()
    # Its evaluation is the deposit's: the closing of the call afterwards adds nothing.
    assert (inbox_count(cast), brief_count(cast)) == (0, 0)
    synthesis = _squash(cast.ien.get(cast.url("/synthese")).get_data(as_text=True))
    assert "en dehors de cette période" not in synthesis


def test_the_recount_command_rewrites_figures_stored_with_the_window(cast):
    cast.share()
    with cast.app.app_context():  # as an older version stored it: the closed call counted in
        db.session.execute(
            sa.update(DossierRecord).where(DossierRecord.id == cast.dossier_id).values(blocking_count=1)
        )
        db.session.commit()
    assert inbox_count(cast) == 2  # counted twice until the figures are stored again
    result = cast.app.test_cli_runner().invoke(args=["dossier", "recount"])
    assert result.exit_code == 0, result.output
    assert inbox_count(cast) == 1 == recap_count(cast)
