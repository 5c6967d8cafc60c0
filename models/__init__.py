"""Persistence: the database models. They know grants' vocabulary, never the web."""

from .accounts import (
    AdminAction,
    InspectorScope,
    Invitation,
    LoginAttempt,
    Membership,
    Organisation,
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
)
from .mail import OutboxMail
from .review import Avis, Comment, CommentThread, Notification, StateChange

__all__ = [
    "db",
    "User",
    "Organisation",
    "Membership",
    "Invitation",
    "PasswordReset",
    "LoginAttempt",
    "InspectorScope",
    "DossierRecord",
    "SchoolRecord",
    "LineRecord",
    "CofunderRecord",
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
]
