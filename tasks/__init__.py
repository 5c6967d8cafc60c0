"""The task queue for long work (mail delivery, batches of documents): huey.

By default the queue is a SQLite file in `instance/` (no server needed: `make run` works on a
fresh machine); `TASK_QUEUE_URL=redis://host:6379/0` puts it on Redis. A worker runs beside
gunicorn with `flask --app app worker` (see the README). Tasks run inside an application
context: in the worker, the application that the worker command created.

Tests set `TASK_QUEUE_IMMEDIATE=1` (conftest) so that tasks run in the calling process, unless
a test starts a real worker.
"""

from __future__ import annotations

import os
from functools import wraps
from pathlib import Path

from huey import MemoryHuey, RedisHuey, SqliteHuey

_worker_app = None


def _default_path() -> Path:
    return Path(__file__).resolve().parent.parent / "instance" / "tasks.db"


def make_queue(url: str | None = None, path: str | None = None, immediate: bool | None = None):
    """The huey instance of TASK_QUEUE_URL (redis://…), else SQLite at TASK_QUEUE_PATH."""
    url = os.environ.get("TASK_QUEUE_URL", "") if url is None else url
    if immediate is None:
        immediate = os.environ.get("TASK_QUEUE_IMMEDIATE", "") == "1"
    if immediate and not url:
        return MemoryHuey("ecole-numerique", immediate=True)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("ecole-numerique", url=url, immediate=immediate)
    file = Path(path or os.environ.get("TASK_QUEUE_PATH") or _default_path())
    file.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("ecole-numerique", filename=str(file), immediate=immediate)


queue = make_queue()


def set_worker_app(app) -> None:
    """The application the tasks of this process run in (the worker command sets it)."""
    global _worker_app
    _worker_app = app


def _in_app_context(fn):
    @wraps(fn)
    def run(*args, **kwargs):
        from flask import has_app_context

        if has_app_context():
            return fn(*args, **kwargs)
        app = _worker_app
        if app is None:
            from app import create_app

            app = create_app()
            set_worker_app(app)
        with app.app_context():
            try:
                return fn(*args, **kwargs)
            finally:
                from models import db

                db.session.remove()

    return run


def task(**options):
    """A huey task that runs inside an application context (the caller's, else the worker's)."""

    def decorate(fn):
        return queue.task(**options)(_in_app_context(fn))

    return decorate


def periodic(**when):
    """A task the worker runs on a schedule (`crontab` fields: minute="*/5", hour="3"…), inside an
    application context like `task`."""
    from huey import crontab

    def decorate(fn):
        return queue.periodic_task(crontab(**when))(_in_app_context(fn))

    return decorate


def reconfigure(url: str = "", path: str | None = None, immediate: bool = False) -> None:
    """Point this process's queue at another storage (Redis at `url`, else SQLite at `path`), or
    back to running tasks at once: for tests that start a real worker on a queue of their own."""
    other = make_queue(url=url, path=path, immediate=immediate)
    queue._immediate = immediate
    queue.storage = other.storage
