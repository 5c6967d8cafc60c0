"""`flask backup create` then `flask backup restore` gives back exactly what was there, on SQLite
and on PostgreSQL (when pg_dump and pg_restore are installed); what is not a backup is refused
before anything is touched; and the audit trail cannot be changed through the application."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
import sqlalchemy as sa

from models import ChangeLog, Deposit, DossierRecord, SchoolRecord, StateChange, db

PROTECTED = (ChangeLog, StateChange, Deposit)


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    with app.app_context(), db.engine.connect() as conn:
        return {
            t.name: [tuple(map(str, row)) for row in conn.execute(sa.select(t).order_by(*t.primary_key))]
            for t in db.metadata.sorted_tables
        }


def _damage(app, world) -> None:
    """What a backup is for: a dossier deleted, a school renamed."""
    with app.app_context():
        db.session.execute(sa.delete(DossierRecord).where(DossierRecord.id == world.dossiers["A2"]))
        db.session.execute(sa.update(SchoolRecord).values(name="Renommée par erreur"))
        db.session.commit()


@pytest.fixture
def backend(app) -> str:
    name = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()
    if name == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump / pg_restore are not installed: the PostgreSQL round trip needs them")
    return name


def test_a_backup_restored_gives_back_every_row(app, world, backend, tmp_path):
    runner, out = app.test_cli_runner(), tmp_path / "sauvegarde.bak"
    before = snapshot(app)
    created = runner.invoke(args=["backup", "create", str(out)])
    assert created.exit_code == 0, created.output
    assert out.stat().st_size > 0 and not out.with_name(out.name + ".partial").exists()
    _damage(app, world)
    assert snapshot(app) != before
    restored = runner.invoke(args=["backup", "restore", "--yes", str(out)])
    assert restored.exit_code == 0, restored.output
    assert snapshot(app) == before
    page = world.client(app, "member_a").get(f"/dossiers/{world.dossiers['A2']}/recap")
    assert page.status_code == 200 and "QZBROUILLON" in page.get_data(as_text=True)


def test_the_restore_asks_before_replacing_everything(app, world, backend, tmp_path):
    runner, out = app.test_cli_runner(), tmp_path / "sauvegarde.bak"
    runner.invoke(args=["backup", "create", str(out)])
    _damage(app, world)
    damaged = snapshot(app)
    answer = runner.invoke(args=["backup", "restore", str(out)], input="n\n")
    assert answer.exit_code != 0
    assert snapshot(app) == damaged


@pytest.mark.parametrize(
    "content",
    [b"", b"not a backup at all", b"SQLite format 3\x00" + b"\x00" * 200, b"PGDMP\x01\x0e\x00garbage"],
)
def test_what_is_not_a_backup_is_refused_and_nothing_changes(app, world, backend, tmp_path, content):
    bad = tmp_path / "bad.bak"
    bad.write_bytes(content)
    before = snapshot(app)
    result = app.test_cli_runner().invoke(args=["backup", "restore", "--yes", str(bad)])
    assert result.exit_code == 2 and "restore:" in result.output
    assert snapshot(app) == before


def test_a_database_of_another_application_is_refused(app, world, backend, tmp_path):
    if backend != "sqlite":
        pytest.skip("a SQLite file is refused by a PostgreSQL database whatever it holds")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table notes (id integer primary key)")
    conn.close()
    before = snapshot(app)
    result = app.test_cli_runner().invoke(args=["backup", "restore", "--yes", str(other)])
    assert result.exit_code == 2 and "not a backup of this application" in result.output
    assert snapshot(app) == before


def test_a_missing_file_is_refused_clearly(app, backend, tmp_path):
    result = app.test_cli_runner().invoke(args=["backup", "restore", "--yes", str(tmp_path / "none.bak")])
    assert result.exit_code == 2 and "none.bak" in result.output


@pytest.fixture
def guarded(app):
    immutable = pytest.importorskip("services.immutable", reason="the audit trail's guards are not there yet")
    with app.app_context():
        immutable.protect()
    return immutable


@pytest.mark.parametrize("model", PROTECTED, ids=lambda m: m.__name__)
def test_an_audit_row_cannot_be_changed_through_the_application(app, world, guarded, model):
    with app.app_context():
        row = db.session.scalars(sa.select(model).where(model.dossier_id == world.dossiers["A"])).first()
        assert row is not None
        column = {"ChangeLog": "label", "StateChange": "reason", "Deposit": "content"}[model.__name__]
        setattr(row, column, "réécrit")
        with pytest.raises(guarded.ImmutableRow):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(guarded.ImmutableRow):
            db.session.execute(sa.update(model).where(model.id == row.id).values(**{column: "réécrit"}))
        db.session.rollback()
        db.session.delete(db.session.get(model, row.id))
        with pytest.raises(guarded.ImmutableRow):
            db.session.flush()
        db.session.rollback()
        assert getattr(db.session.get(model, row.id), column) != "réécrit"
