"""The inputs the fuzzers found or could find, kept as plain tests: numbers beyond what a database
column holds, a NUL character (PostgreSQL refuses it in text), a tampered version, a field left
out of the request. Each is refused or stored cleanly, never a 500."""

from __future__ import annotations

import pytest

from .baselines import BASELINES
from .browser import row_counts

HUGE = [str(2**31), str(2**63), "9" * 40, "-" + str(2**63)]
CASES = (
    [("wizard.save_collectivite", {"population": v}) for v in HUGE]
    + [("wizard.save_collectivite", {"version": v}) for v in HUGE + ["abc", "", "1.5", "-1"]]
    + [("wizard.edit_school", {"version": v}) for v in HUGE]
    + [("wizard.add_line_view", {"duration_months": v}) for v in HUGE]
    + [("wizard.add_line_view", {"quantity": v}) for v in ("9" * 40, "1e999", "NaN", "0,00001")]
    + [
        (endpoint, {field: "a\x00b"})
        for endpoint, field in (
            ("wizard.save_collectivite", "name"),
            ("wizard.add_school_view", "name"),
            ("wizard.add_line_view", "label"),
            ("wizard.add_cofunder_view", "funder"),
            ("wizard.save_project", "summary"),
            ("home.new_dossier", "title"),
            ("auth.signup", "name"),
            ("review.open_thread", "body"),
        )
    ]
    + [
        ("wizard.save_collectivite", {field: None})
        for field in ("contact_email", "rep_name", "kind", "vat_recovered")
    ]
    + [("wizard.add_school_view", {field: None}) for field in ("name", "kind", "sector", "classes")]
    + [("wizard.add_cofunder_view", {field: None}) for field in ("kind", "status", "mode", "base")]
)


@pytest.mark.parametrize(
    "endpoint, changes", CASES, ids=[f"{e}-{sorted(c.items())!r}"[:80] for e, c in CASES]
)
def test_bad_input_is_refused_or_stored_never_a_server_error(app, world, endpoint, changes):
    from .routes import routes

    route = next(r for r in routes() if r.endpoint == endpoint and r.method == "POST")
    baseline = BASELINES[endpoint]
    with app.app_context():
        data = baseline.data(world)
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not None}
    before = row_counts(app)
    response = world.client(app, baseline.role).post(route.url(world, baseline.target), data=data)
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]
    if response.status_code >= 400:
        assert row_counts(app) == before
