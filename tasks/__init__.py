"""The task queue for long work (mail delivery, batches of documents): huey.

By default the queue is a SQLite file in `instance/` (no server needed: `make run` works on a
fresh machine); `TASK_QUEUE_URL=redis://host:6379/0` puts it on Redis. A worker runs beside
gunicorn with `flask --app app worker` (see the README). Tasks run inside an application
context: in the worker, the application that the worker command created.

Tests set `TASK_QUEUE_IMMEDIATE=1` (conftest) so that tasks run in the calling process, unless
a test starts a real worker.

huey (and Redis's and psycopg's clients, which huey's storage imports) load when a task is
first called or scheduled, or when the worker starts, not when the application starts: the
tasks declared before are registered on the queue then (issue 18: cheap start-up).
"""

from __future__ import annotations

import os
from functools import wraps
from pathlib import Path

_worker_app = None
_queue = None
_declared: list[LazyTask] = []


def _default_path() -> Path:
    return Path(__file__).resolve().parent.parent / "instance" / "tasks.db"


def make_queue(url: str | None = None, path: str | None = None, immediate: bool | None = None):
    """The huey instance of TASK_QUEUE_URL (redis://…), else SQLite at TASK_QUEUE_PATH."""
    from huey import MemoryHuey, RedisHuey, SqliteHuey

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


def get_queue():
    """This process's huey instance, made (and every declared task registered on it) on first use."""
    global _queue
    if _queue is None:
        _queue = make_queue()
        for declared in _declared:
            declared.bind(_queue)
    return _queue


def __getattr__(name: str):
    if name == "queue":  # `tasks.queue`, `from tasks import queue`: made when first asked for
        return get_queue()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class LazyTask:
    """A task declared at import time and registered on the queue when the queue is made:
    calling it, `.schedule(...)` and the rest are huey's own task's."""

    def __init__(self, fn, register):
        self.fn, self._register, self._task = fn, register, None
        self.__name__, self.__doc__, self.__module__ = fn.__name__, fn.__doc__, fn.__module__
        if _queue is not None:
            self.bind(_queue)
        else:
            _declared.append(self)

    def bind(self, queue) -> None:
        self._task = self._register(queue)

    def _real(self):
        if self._task is None:
            get_queue()
        return self._task

    def __call__(self, *args, **kwargs):
        return self._real()(*args, **kwargs)

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("fn", "_register", "_task"):
            raise AttributeError(name)
        return getattr(self._real(), name)


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
        return LazyTask(fn, lambda queue: queue.task(**options)(_in_app_context(fn)))

    return decorate


def periodic(**when):
    """A task the worker runs on a schedule (`crontab` fields: minute="*/5", hour="3"…), inside an
    application context like `task`."""

    def decorate(fn):
        def register(queue):
            from huey import crontab

            return queue.periodic_task(crontab(**when))(_in_app_context(fn))

        return LazyTask(fn, register)

    return decorate


def reconfigure(url: str = "", path: str | None = None, immediate: bool = False) -> None:
    """Point this process's queue at another storage (Redis at `url`, else SQLite at `path`), or
    back to running tasks at once: for tests that start a real worker on a queue of their own."""
    other = make_queue(url=url, path=path, immediate=immediate)
    queue = get_queue()
    queue._immediate = immediate
    queue.storage = other.storage
