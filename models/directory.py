"""The school directory as loaded from the ministry's open data: replaced as a whole on each load."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import UTCDateTime, db, utcnow


def key(length: int) -> sa.types.TypeEngine:
    """A text compared byte by byte on every database, so that `>= 'AB' and < 'AB~'` is a prefix
    search served by the index (PostgreSQL's default collation would not sort it so)."""
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


class DirectoryEstablishment(db.Model):
    """A school of the annuaire de l'éducation."""

    __tablename__ = "directory_establishments"

    uai: Mapped[str] = mapped_column(key(8), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    name_norm: Mapped[str] = mapped_column(key(200))
    kind: Mapped[str] = mapped_column(sa.String(20))
    sector: Mapped[str] = mapped_column(sa.String(30))
    contract: Mapped[str] = mapped_column(sa.String(100), default="")
    nature: Mapped[str] = mapped_column(sa.String(100), default="")
    commune_code: Mapped[str] = mapped_column(key(5), index=True)
    commune: Mapped[str] = mapped_column(sa.String(100))
    commune_norm: Mapped[str] = mapped_column(key(100), index=True)
    postcode: Mapped[str] = mapped_column(key(5), default="", index=True)
    departement: Mapped[str] = mapped_column(sa.String(3), default="")
    circonscription: Mapped[str] = mapped_column(sa.String(200), default="")
    siret: Mapped[str] = mapped_column(sa.String(14), default="")


class DirectoryTerm(db.Model):
    """A word of a school's name or commune, for prefix searches (`JULES`, `FERRY`, `RENNES`).

    It carries the school's département and its rank in the order results are shown (commune,
    then name), so a search picks its first twenty from this index alone, without reading or
    sorting the schools themselves."""

    __tablename__ = "directory_terms"
    __table_args__ = (sa.Index("ix_directory_terms_search", "term", "departement", "rank", "uai"),)

    term: Mapped[str] = mapped_column(key(60), primary_key=True)
    uai: Mapped[str] = mapped_column(key(8), primary_key=True)
    departement: Mapped[str] = mapped_column(sa.String(3), default="", server_default="")
    rank: Mapped[int] = mapped_column(default=0, server_default="0")


class DirectoryHeadcount(db.Model):
    """A school at one rentrée: classes and pupils per level (effectifs et nombre de classes)."""

    __tablename__ = "directory_headcounts"

    uai: Mapped[str] = mapped_column(key(8), primary_key=True)
    rentree: Mapped[int] = mapped_column(primary_key=True)
    classes: Mapped[int] = mapped_column(default=0)
    pupils: Mapped[int] = mapped_column(default=0)
    preelementary: Mapped[int] = mapped_column(default=0)
    elementary: Mapped[int] = mapped_column(default=0)
    ulis: Mapped[int] = mapped_column(default=0)
    cp: Mapped[int] = mapped_column(default=0)
    ce1: Mapped[int] = mapped_column(default=0)
    ce2: Mapped[int] = mapped_column(default=0)
    cm1: Mapped[int] = mapped_column(default=0)
    cm2: Mapped[int] = mapped_column(default=0)


class DirectoryLoad(db.Model):
    """One file of the last load of its dataset: what the pages cite and the CLI reports."""

    __tablename__ = "directory_loads"

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset: Mapped[str] = mapped_column(sa.String(20))
    filename: Mapped[str] = mapped_column(sa.String(300))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    rows: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
