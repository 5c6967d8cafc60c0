"""The inspectors' inbox: only their départements' shared or deposited dossiers, filters, sorting,
pages of 25, and a number of SQL queries that does not grow with the number of dossiers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from models import CommentThread, DossierRecord, Organisation, User, db
from models.base import utcnow

STATES = ("brouillon", "depose", "en_instruction", "correction_demandee", "accepte")


def seed(app, count: int, departement: str = "71", start: int = 0) -> None:
    """`count` dossiers of one département, in every state, some with open comment threads."""
    with app.app_context():
        org = Organisation(name="Seed", departement=departement)
        db.session.add(org)
        db.session.flush()
        author = db.session.scalar(sa.select(User.id))
        now = utcnow()
        rows = [
            dict(
                organisation_id=org.id,
                title=f"Dossier {n}",
                name=f"Commune {n:04d}",
                state=STATES[n % 5],
                shared=n % 2 == 0,
                departement=departement,
                reference=f"SEED-{departement}-{n:06d}",
                school_count=n % 7,
                state_subsidy_cents=100 * n,
                blocking_count=n % 3,
                updated_at=now - timedelta(minutes=n),
            )
            for n in range(start, start + count)
        ]
        db.session.execute(sa.insert(DossierRecord), rows)
        ids = db.session.scalars(
            sa.select(DossierRecord.id).where(DossierRecord.organisation_id == org.id)
        ).all()
        db.session.execute(
            sa.insert(CommentThread),
            [
                dict(
                    dossier_id=i,
                    anchor_kind="section",
                    anchor_ref="budget",
                    anchor_label="Budget",
                    status=s,
                    created_by_id=author,
                )
                for i in ids[::4]
                for s in ("open", "open", "resolved")
            ],
        )
        db.session.commit()


def references(response) -> list[str]:
    return re.findall(r">(SEED-\d+-\d+|SNEE-2021-\d+)</a>", response.get_data(as_text=True))


def visible(n: int) -> bool:
    return n % 2 == 0 or STATES[n % 5] != "brouillon"


@pytest.fixture
def seeded(app, cast):
    seed(app, 60)
    seed(app, 5, "92", start=1000)
    return cast


def test_the_inbox_lists_only_shared_or_deposited_dossiers_of_the_departements(seeded):
    response = seeded.ien.get("/inspection/")
    assert response.status_code == 200
    expected = [f"SEED-71-{n:06d}" for n in range(60) if visible(n)]
    body = response.get_data(as_text=True)
    assert f"{len(expected)} dossier(s)." in body
    assert references(response) == expected[:25]  # most recent first
    assert "SEED-92" not in body and len(references(seeded.far.get("/inspection/"))) == 5


def test_pages_of_25(seeded):
    expected = [f"SEED-71-{n:06d}" for n in range(60) if visible(n)]
    pages = [references(seeded.ien.get(f"/inspection/?page={p}")) for p in (1, 2, 3)]
    assert sum(pages, []) == expected
    assert references(seeded.ien.get("/inspection/?page=99")) == expected[50:]  # past the end: the last page
    assert references(seeded.ien.get("/inspection/?page=abc")) == expected[:25]


def test_filters_by_state_and_text(seeded):
    deposited = references(seeded.ien.get("/inspection/?state=depose"))
    assert deposited == [f"SEED-71-{n:06d}" for n in range(60) if STATES[n % 5] == "depose"]
    assert references(seeded.ien.get("/inspection/?q=commune 0042")) == ["SEED-71-000042"]
    assert references(seeded.ien.get("/inspection/?q=SEED-71-00001")) == [
        f"SEED-71-{n:06d}" for n in range(10, 20) if visible(n)
    ]
    assert references(seeded.ien.get("/inspection/?q=%25")) == []  # a wildcard typed is a plain character
    assert seeded.ien.get("/inspection/?state=n-importe-quoi").status_code == 200


def test_a_departement_filter_for_inspectors_of_several(seeded, app):
    seed(app, 4, "21", start=2000)
    assert references(seeded.dasen.get("/inspection/?departement=21")) == [
        f"SEED-21-{n:06d}" for n in range(2000, 2004) if visible(n)
    ]
    assert len(references(seeded.dasen.get("/inspection/?departement=92"))) == 25  # not theirs: ignored


@pytest.mark.parametrize(
    "sort, value",
    [
        ("amount", lambda n: n),
        ("schools", lambda n: n % 7),
        # the stored count, and the closed call's window for a dossier that may still be deposited
        ("blocking", lambda n: n % 3 + (STATES[n % 5] in ("brouillon", "correction_demandee"))),
        ("comments", lambda n: 2 if n % 4 == 0 else 0),
        ("name", lambda n: n),
        ("updated", lambda n: -n),
        ("state", lambda n: STATES[n % 5]),
    ],
)
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_sorting(seeded, sort, value, direction):
    numbers = [
        int(r.rsplit("-", 1)[1])
        for page in (1, 2, 3)
        for r in references(seeded.ien.get(f"/inspection/?sort={sort}&dir={direction}&page={page}"))
    ]
    assert sorted(numbers) == [n for n in range(60) if visible(n)]
    values = [value(n) for n in numbers]
    assert values == sorted(values, reverse=direction == "desc")


def test_each_row_carries_the_key_figures(seeded):
    body = seeded.ien.get("/inspection/?q=SEED-71-000004").get_data(as_text=True)
    row = body[body.index(">SEED-71-000004<") :]
    row = row[: row.index("</tr>")]
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    # collectivité, deposit, state, avis, decision, requested, granted, comments, blocking, assignee
    assert "Commune 0004" in cells[0] and cells[1] == "—" and "Accepté" in cells[2]
    assert cells[3] == "—" and "Accepté" in cells[4]
    assert cells[5].startswith("4,00") and cells[7] == "2" and ">1<" in cells[8] and cells[9] == "—"


def _queries(app, person, url: str) -> int:
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        assert person.get(url).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_the_number_of_queries_does_not_grow_with_the_number_of_dossiers(app, cast):
    seed(app, 10)
    few = _queries(app, cast.ien, "/inspection/")
    seed(app, 190, start=10)
    many = _queries(app, cast.ien, "/inspection/")
    assert few == many <= 11
    assert _queries(app, cast.ien, "/inspection/?sort=comments&state=depose&q=commune&page=2") == many
