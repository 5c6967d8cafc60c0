"""Outgoing e-mail: a durable outbox. `send_mail` writes the message into the `outbox_mails`
table in the caller's transaction (a rolled-back change mails nobody; a committed one cannot
lose its mail); after the commit a task of the queue delivers it, retrying with a growing
delay while the server is down; an administrator sees every message's state and may send a
failed one again. Without MAIL_SERVER (development), the process that commits writes the message
to the log at once (no worker needed)."""

from __future__ import annotations

import logging
from datetime import timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from models import OutboxMail, db
from models.base import utcnow

log = logging.getLogger("ecole_numerique.mail")
# A message being sent is leased: a worker that died while sending gives it back after this.
LEASE = timedelta(minutes=5)


def send_mail(to: str, subject: str, body: str) -> OutboxMail:
    """Queue a plain-text e-mail in the current transaction; it leaves once committed."""
    mail = OutboxMail(
        to_address=to[:254], subject=subject[:500], body=body, status="queued", next_attempt_at=utcnow()
    )
    db.session.add(mail)
    db.session.flush()
    db.session.info.setdefault("mail_ids", []).append(mail.id)
    return mail


def retry(mail: OutboxMail) -> None:
    """An administrator sends a failed message again (its attempts start over)."""
    mail.status, mail.attempts, mail.next_attempt_at = "queued", 0, utcnow()
    db.session.flush()
    db.session.info.setdefault("mail_ids", []).append(mail.id)


def counts() -> dict[str, int]:
    """How many messages are in each state."""
    rows = db.session.execute(sa.select(OutboxMail.status, sa.func.count()).group_by(OutboxMail.status))
    return dict(rows.all())


def backoff(attempts: int) -> timedelta:
    """The delay before the next try: doubling from MAIL_RETRY_SECONDS, at most an hour."""
    base = float(current_app.config.get("MAIL_RETRY_SECONDS", 30))
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def deliver(mail_id: int) -> str | None:
    """Try to send one message (in its own transactions, whoever calls); its new state, or None
    when it was not due (already sent, being sent by another worker, or waiting)."""
    import smtplib  # the worker's, when it sends: not loaded by the web's start (issue 18)

    with Session(db.engine) as session:
        now = utcnow()
        claimed = session.execute(
            sa.update(OutboxMail)
            .where(
                OutboxMail.id == mail_id,
                OutboxMail.status.in_(("queued", "sending")),
                OutboxMail.next_attempt_at <= now,
            )
            .values(status="sending", attempts=OutboxMail.attempts + 1, next_attempt_at=now + LEASE)
        ).rowcount
        session.commit()
        if not claimed:
            return None
        mail = session.get(OutboxMail, mail_id)
        try:
            mail.status = _transmit(mail)
        except (OSError, smtplib.SMTPException) as exc:
            mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            limit = int(current_app.config.get("MAIL_MAX_ATTEMPTS", 8))
            if mail.attempts >= limit:
                mail.status = "failed"
                log.error("E-mail %s to %s failed %s times: %s", mail.id, mail.to_address, mail.attempts, exc)
            else:
                mail.status, mail.next_attempt_at = "queued", utcnow() + backoff(mail.attempts)
                log.warning(
                    "E-mail %s to %s: try %s failed (%s)", mail.id, mail.to_address, mail.attempts, exc
                )
        else:
            mail.sent_at, mail.last_error = utcnow(), ""
            # Delivered: the body (it may hold a reset link) leaves the database.
            mail.body = ""
        status, delay = mail.status, (mail.next_attempt_at - utcnow()).total_seconds()
        session.commit()
    if status == "queued":
        _schedule(mail_id, max(delay, 0))
    return status


def _transmit(mail: OutboxMail) -> str:
    cfg = current_app.config
    if not cfg.get("MAIL_SERVER"):
        log.info("E-mail (no SMTP server configured) to %s: %s\n%s", mail.to_address, mail.subject, mail.body)
        return "logged"
    message = EmailMessage()
    message["From"] = cfg["MAIL_FROM"]
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Message-ID"] = f"<outbox-{mail.id}-{int(mail.created_at.timestamp())}@ecole-numerique>"
    message.set_content(mail.body)
    import smtplib

    with smtplib.SMTP(cfg["MAIL_SERVER"], int(cfg.get("MAIL_PORT", 25)), timeout=10) as smtp:
        if cfg.get("MAIL_USE_TLS"):
            smtp.starttls()
        if cfg.get("MAIL_USERNAME"):
            smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD", ""))
        smtp.send_message(message)
    return "sent"


def deliver_mail(mail_id: int) -> str | None:
    """The queue's task: deliver one message of the outbox."""
    return deliver(mail_id)


def sweep_outbox() -> int:
    """Every minute, in the worker: hand every message that is due to the queue (those whose task
    was lost, whose worker died while sending, or that the queue could not take)."""
    return flush_due()


_TASKS: dict = {}


def tasks() -> dict:
    """The queue's tasks of this module, registered on first use (importing huey, and Redis's
    client with it, costs more than the rest of the start-up: pages that send no mail skip it).
    The worker calls this before it starts consuming."""
    if not _TASKS:
        from tasks import periodic, task

        _TASKS["deliver"] = task()(deliver_mail)
        _TASKS["sweep"] = periodic(minute="*")(sweep_outbox)
    return _TASKS


def flush_due() -> int:
    """Queue every due message; how many."""
    with Session(db.engine) as session:
        due = session.scalars(
            sa.select(OutboxMail.id)
            .where(OutboxMail.status.in_(("queued", "sending")), OutboxMail.next_attempt_at <= utcnow())
            .order_by(OutboxMail.id)
            .limit(500)
        ).all()
    for mail_id in due:
        _enqueue(mail_id)
    return len(due)


def _enqueue(mail_id: int) -> None:
    try:
        tasks()["deliver"](mail_id)
    except Exception:  # noqa: BLE001 - the queue is down: the sweep will send it later
        log.exception("E-mail %s could not be handed to the task queue; it stays in the outbox", mail_id)


def _schedule(mail_id: int, seconds: float) -> None:
    try:
        tasks()["deliver"].schedule((mail_id,), delay=seconds)
    except Exception:  # noqa: BLE001 - the sweep will find it
        log.exception("E-mail %s: its retry could not be scheduled; the sweep will", mail_id)


def _after_commit(session: Session) -> None:
    ids = session.info.pop("mail_ids", [])
    if ids and has_app_context() and not current_app.config.get("MAIL_SERVER"):
        # Development: writing to the log cannot fail, and `make run` starts no worker.
        for mail_id in ids:
            deliver(mail_id)
        return
    for mail_id in ids:
        _enqueue(mail_id)


def _after_rollback(session: Session) -> None:
    session.info.pop("mail_ids", None)


def install() -> None:
    """Hand committed messages to the queue after each commit (idempotent)."""
    if not sa.event.contains(Session, "after_commit", _after_commit):
        sa.event.listen(Session, "after_commit", _after_commit)
        sa.event.listen(Session, "after_rollback", _after_rollback)
