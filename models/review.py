"""The inspectors' side: state changes, comment threads, avis and notifications."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow


class StateChange(db.Model):
    """One transition of a dossier's life: who, when, from, to, why. Immutable."""

    __tablename__ = "state_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str] = mapped_column(sa.String(30))
    to_state: Mapped[str] = mapped_column(sa.String(30))
    by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    # A decision taken without an avis on the current deposit: why (empty otherwise)
    override_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    by = relationship("User", lazy="joined")


class CommentThread(db.Model):
    """A discussion anchored to a section, a school or a budget line of a dossier."""

    __tablename__ = "comment_threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    anchor_kind: Mapped[str] = mapped_column(sa.String(10))  # section, school, line
    anchor_ref: Mapped[str] = mapped_column(sa.String(40))  # section key or the row's id
    anchor_label: Mapped[str] = mapped_column(sa.String(300), default="")
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    comments: Mapped[list["Comment"]] = relationship(
        order_by="Comment.id", cascade="all, delete-orphan", back_populates="thread", lazy="selectin"
    )


class Comment(db.Model):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("comment_threads.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    thread: Mapped["CommentThread"] = relationship(back_populates="comments")
    author = relationship("User", lazy="joined")


class Avis(db.Model):
    """An inspector's opinion on a deposited dossier, with its motivation."""

    __tablename__ = "avis"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    value: Mapped[str] = mapped_column(sa.String(30))  # favorable, reserves, defavorable
    # The deposit it was given on (0: before any deposit was recorded)
    deposit_number: Mapped[int] = mapped_column(default=0, server_default="0")
    motivation: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    by = relationship("User", lazy="joined")


class Notification(db.Model):
    """Something a person should know about a dossier, shown in the application."""

    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    dossier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dossiers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(30))
    # The text as written for the person when it was made (kept for the rows made before
    # `params`, and for the export of personal data); shown only when `params` is empty.
    text: Mapped[str] = mapped_column(sa.Text)
    # The values of the kind's message (services.notify.MESSAGES), as JSON: the message is
    # written in the reader's language when shown.
    params: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class InboxView(db.Model):
    """A set of filters of the inbox an inspector saved under a name."""

    __tablename__ = "inbox_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    query: Mapped[str] = mapped_column(sa.String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Job(db.Model):
    """A piece of background work asked by someone (a bulk action, a batch of documents), with
    its progress; its file, when it makes one, lives in the jobs folder (JOBS_DIR)."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # instruct, assign, download
    status: Mapped[str] = mapped_column(sa.String(10), default="queued")  # queued, running, done, failed
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(sa.Text, default="")
    filename: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def percent(self) -> int:
        """How far it is, 0 to 100."""
        if self.status == "done":
            return 100
        return int(100 * (self.done + self.failed) / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")
