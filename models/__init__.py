"""Persistence: the database models. They know grants' vocabulary, never the web.

The model modules do without `from __future__ import annotations`: with it, SQLAlchemy would
`eval` each of the ~300 `Mapped[...]` annotations as a string when mapping, an eighth of the
models' start-up (issue 18); a class named before it is defined is quoted (`Mapped["User"]`)."""

from .accounts import (
    AdminAction,
    InspectorCirconscription,
    InspectorScope,
    Invitation,
    LoginAttempt,
    Membership,
    Organisation,
    OrganisationEvent,
    PasswordReset,
    RecoveryCode,
    User,
)
from .base import db
from .directory import DirectoryEstablishment, DirectoryHeadcount, DirectoryLoad, DirectoryTerm
from .dossiers import (
    Attachment,
    ChangeLog,
    CofunderRecord,
    Deposit,
    DossierRecord,
    LineRecord,
    SchoolRecord,
    StoredPanel,
)
from .mail import OutboxMail
from .references import CallSession, GeoCommune, GeoLoad
from .review import Avis, Comment, CommentThread, InboxView, Job, Notification, StateChange

__all__ = [
    "db",
    "User",
    "Organisation",
    "Membership",
    "OrganisationEvent",
    "Invitation",
    "PasswordReset",
    "LoginAttempt",
    "InspectorScope",
    "InspectorCirconscription",
    "InboxView",
    "Job",
    "DossierRecord",
    "SchoolRecord",
    "LineRecord",
    "CofunderRecord",
    "StoredPanel",
    "ChangeLog",
    "Deposit",
    "Attachment",
    "StateChange",
    "CommentThread",
    "Comment",
    "Avis",
    "Notification",
    "DirectoryEstablishment",
    "DirectoryTerm",
    "DirectoryHeadcount",
    "DirectoryLoad",
    "RecoveryCode",
    "AdminAction",
    "OutboxMail",
    "GeoCommune",
    "GeoLoad",
    "CallSession",
]
