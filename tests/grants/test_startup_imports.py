"""Serving pages does not import the heavy libraries: python-docx, openpyxl and Alembic load
when a document, a workbook or a migration first needs them; huey (with Redis's and psycopg's
clients) when a task is first queued; phonenumbers when a telephone number is first checked;
python-stdnum when a SIRET is first checked; argon2-cffi, pyotp, smtplib and Babel's catalogue
reader when a password, a second factor, an e-mail or a translated page first needs them
(issue 18: cheap start-up)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

CODE = """
import sys
from app import create_app
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "TESTING": True})
client = app.test_client()
assert client.get("/sante").status_code == 200
assert client.get("/").status_code == 200
print(" ".join(m for m in LAZY if m in sys.modules))
"""
LAZY = (
    "docx",
    "openpyxl",
    "alembic",
    "flask_migrate",
    "huey",
    "redis",
    "phonenumbers",
    "stdnum",
    "hypothesis",
    "argon2",  # the first password hashed or checked
    "pyotp",  # the first second-factor enrolment or code
    "smtplib",  # the worker's first e-mail
    "statistics",  # the inspectors' dashboard
    "babel.messages.pofile",  # the first catalogue read (a page in English)
    "directory.parse",  # `flask directory load`
)
STARTS = "import sys\nLAZY = " + repr(LAZY) + "\nsys.modules.pop('psycopg', None)\n" + CODE


def test_the_application_starts_and_serves_without_its_heavy_libraries():
    out = subprocess.run([sys.executable, "-c", STARTS], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_task_loads_the_queue_when_first_called():
    code = (
        "import sys\nfrom services import sessions\nassert 'huey' not in sys.modules\n"
        "import tasks\nprint(type(tasks.queue).__name__, sessions.recount_task.task_class.__name__, 'huey' in sys.modules)"
    )
    env = {**os.environ, "TASK_QUEUE_IMMEDIATE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.split() == ["MemoryHuey", "recount_task", "True"]


def test_a_telephone_number_and_a_siret_are_still_checked():
    from grants.identifiers import siret_is_valid

    assert siret_is_valid("21350238800019") and not siret_is_valid("21350238800018")


def test_a_migration_still_finds_flask_migrate(tmp_path):
    code = (
        "from app import create_app\nfrom flask_migrate import upgrade\n"
        f"app = create_app({{'SQLALCHEMY_DATABASE_URI': 'sqlite:///{tmp_path}/m.db', 'SECRET_KEY': 'x'}})\n"
        "with app.app_context():\n    upgrade()\n"
        "import sqlite3\n"
        f"print(sqlite3.connect('{tmp_path}/m.db').execute('select version_num from alembic_version').fetchone()[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip()


def test_column_letters_are_the_spreadsheets_own():
    from openpyxl.utils import get_column_letter

    from services.sheets.rows import column_letter

    assert all(column_letter(i) == get_column_letter(i) for i in range(1, 18279))


def _sample(converter) -> object:
    """A value each kind of URL argument accepts."""
    from werkzeug.routing import IntegerConverter, PathConverter

    if isinstance(converter, IntegerConverter):
        return 7
    return "a/b" if isinstance(converter, PathConverter) else "abc"


def test_every_url_is_built_as_werkzeug_builds_it(app):
    """The rules compile their URL builders at the first URL built (web.routing), and build
    what Werkzeug's own rules build: with their arguments alone and with extra ones."""
    from werkzeug.routing import Map, Rule

    from web.routing import LazyBuilderRule

    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    assert len(rules) > 100 and all(isinstance(r, LazyBuilderRule) for r in rules)
    eager = Map([Rule(r.rule, **r.get_empty_kwargs()) for r in rules], converters=app.url_map.converters)
    ours, theirs = app.url_map.bind("localhost"), eager.bind("localhost")
    built = set()
    for rule in rules:
        values = {name: _sample(c) for name, c in rule._converters.items()}
        method = sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        for extra in ({}, {"page": "2", "q": "é s"}):
            url = ours.build(rule.endpoint, {**values, **extra}, method=method)
            assert url == theirs.build(rule.endpoint, {**values, **extra}, method=method)
            built.add(url)
    assert "/sante" in built and "/sante?page=2&q=%C3%A9+s" in built
    assert any("/7" in url for url in built)


def test_a_catalogue_is_read_once_per_process(tmp_path):
    """A page in English asks for the catalogues at each request: they are parsed once."""
    from grants.i18n import translations

    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Bonjour"\nmsgstr "Hello"\n'
    )
    assert translations("en", (tmp_path,)).gettext("Bonjour") == "Hello"
    po.write_text(po.read_text().replace('"Hello"', '"Hi"'))
    assert translations("en", (tmp_path,)).gettext("Bonjour") == "Hello"
    assert translations("fr", (tmp_path,)).gettext("Bonjour") == "Bonjour"


def test_the_collector_is_paused_only_while_the_application_is_imported_and_built():
    """Importing Flask and building the application run without garbage collection; afterwards
    it collects again, and what start-up built is frozen out of later full collections. A
    caller that had turned the collector off finds it off."""
    code = (
        "import gc\nimport app\nprint(gc.isenabled())\n"
        "app.create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'SECRET_KEY': 'x'})\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 1000)\n"
        "gc.disable()\napp.create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'SECRET_KEY': 'x'})\n"
        "print(gc.isenabled())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True", "False"]
