"""What a page asks the database once, it asks once: the signed-in account once, the
published session of a call and whether each reference list is loaded once per request, however
many evaluations and windows the page shows (issue 18: a deadline day on a small server)."""

from __future__ import annotations

import sqlalchemy as sa

from grants.call import known_calls
from models import db


def _statements(app, client, path: str) -> tuple[list[str], str]:
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return seen, response.get_data(as_text=True)


def test_a_step_page_and_the_dashboard_read_the_account_and_the_references_once(app, team):
    member, _org_id, dossier_id = team
    member.create_dossier(_org_id, "Second dossier")
    for path in (f"/dossiers/{dossier_id}/recap", f"/dossiers/{dossier_id}/ecoles", "/"):
        statements, html = _statements(app, member, path)
        assert "Karim Benali" in html
        statements = [" ".join(s.split()) for s in statements]
        # the account once, its memberships once (web.auth.load_user says why not in one query)
        assert sum("FROM users" in s for s in statements) == 1, path
        assert sum("memberships.user_id IN" in s for s in statements) <= 1, path
        sessions = [s for s in statements if "FROM call_sessions" in s]
        assert 1 <= len(sessions) <= len(known_calls()), path  # once per call at most
        assert sum(s.startswith("SELECT geo_communes.code FROM geo_communes LIMIT") for s in statements) == 1
        probe = "SELECT directory_establishments.uai FROM directory_establishments LIMIT"
        assert sum(s.startswith(probe) for s in statements) <= 1, path
