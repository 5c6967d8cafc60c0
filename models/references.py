"""Reference data beside the school directory: INSEE's communes, and the published sessions of
a call (new dates for the same rules, set by an administrator)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import UTCDateTime, db, utcnow
from .directory import key


class GeoCommune(db.Model):
    """A commune (or a commune déléguée, an arrondissement…) of INSEE's Code officiel
    géographique; the list is replaced as a whole on each load."""

    __tablename__ = "geo_communes"

    code: Mapped[str] = mapped_column(key(5), primary_key=True)
    typecom: Mapped[str] = mapped_column(sa.String(4), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    departement: Mapped[str] = mapped_column(sa.String(3), default="")
    region: Mapped[str] = mapped_column(sa.String(2), default="")
    parent: Mapped[str] = mapped_column(sa.String(5), default="")


class GeoLoad(db.Model):
    """The file of the last load of the communes: what the pages cite."""

    __tablename__ = "geo_loads"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(sa.String(300))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    rows: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)


class CallSession(db.Model):
    """A session of a call published by an administrator: the call's rules (its TOML file) with
    this window. The latest published session is the one dossiers are checked against."""

    __tablename__ = "call_sessions"
    __table_args__ = (sa.Index("ix_call_sessions_call_opens", "call_id", "opens"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[str] = mapped_column(sa.String(40))
    label: Mapped[str] = mapped_column(sa.String(200))
    # Wall-clock times in the call's time zone, as the call's file gives its own window.
    opens: Mapped[datetime] = mapped_column(sa.DateTime())
    closes: Mapped[datetime] = mapped_column(sa.DateTime())
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
