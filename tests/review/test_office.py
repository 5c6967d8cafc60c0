"""A DASEN's office at the scale of a département (issue 16's review): page sizes, bulk actions
on every dossier of a filter, a job waiting for a worker that is not running, avis of earlier
deposits, the last activity, the permissions of an IEN."""

from __future__ import annotations

import html
import re

import sqlalchemy as sa

from models import DossierRecord, db

from .test_inbox import STATES, references, seeded, visible  # noqa: F401 (the fixture)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_page_size_is_a_choice_kept_by_the_pager(seeded):  # noqa: F811
    expected = [f"SEED-71-{n:06d}" for n in range(60) if visible(n)]
    response = seeded.ien.get("/inspection/?per=50")
    assert references(response) == expected[:50]
    body = text(response)
    assert re.search(r'href="[^"]*page=2[^"]*"', body) and "per=50" in re.search(
        r'href="([^"]*page=2[^"]*)"', body
    ).group(1)
    assert references(seeded.ien.get("/inspection/?per=50&page=2")) == expected[50:]
    assert len(references(seeded.ien.get("/inspection/?per=7"))) == 25  # not a choice: the default


def test_a_bulk_action_on_every_dossier_of_the_filter(app, seeded):  # noqa: F811
    deposited = [n for n in range(60) if STATES[n % 5] == "depose"]
    assert f"Tous les {len(deposited)} dossiers du filtre" in text(
        seeded.dasen.get("/inspection/?state=depose")
    )
    response = seeded.dasen.post(
        "/inspection/lot",
        {"action": "instruct", "scope": "filter", "back": "state=depose", "ids": ["999999"]},
        follow_redirects=True,
    )
    assert f"{len(deposited)} dossier(s) traité(s)." in text(response)
    with app.app_context():
        states = dict(
            db.session.execute(sa.select(DossierRecord.reference, DossierRecord.state)).tuples().all()
        )
    assert all(states[f"SEED-71-{n:06d}"] == "en_instruction" for n in deposited)
    # The other département's deposited dossiers are not the DASEN's: never reached.
    assert [states[f"SEED-92-{n:06d}"] for n in range(1000, 1005)] == [
        STATES[n % 5] for n in range(1000, 1005)
    ]
