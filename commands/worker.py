"""`flask --app app worker`: runs the task queue's consumer beside gunicorn."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--workers", "-w", default=1, show_default=True, help="Tâches exécutées en parallèle.")
@with_appcontext
def worker_command(workers: int) -> None:
    """Run the consumer of the task queue until interrupted."""
    from services import mail
    from tasks import queue, set_worker_app

    mail.tasks()  # register the e-mail tasks before consuming

    set_worker_app(current_app._get_current_object())
    # What was waiting in the outbox while no worker ran leaves now (then the sweep every minute).
    mail.flush_due()
    consumer = queue.create_consumer(workers=workers, worker_type="thread", periodic=True)
    click.echo(f"Worker: {type(queue.storage).__name__}, {workers} thread(s)")
    consumer.run()
