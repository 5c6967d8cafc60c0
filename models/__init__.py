"""Persistence: the database models. They know grants' vocabulary, never the web."""

from .accounts import (
    InspectorCirconscription,
    InspectorScope,
    Invitation,
    LoginAttempt,
    Membership,
    Organisation,
    PasswordReset,
    User,
)
from .base import db
from .directory import DirectoryEstablishment, DirectoryHeadcount, DirectoryLoad, DirectoryTerm
from .dossiers import (
    ChangeLog,
    CofunderRecord,
    Deposit,
    DossierRecord,
    LineRecord,
    SchoolRecord,
    StoredEvaluation,
)
from .review import Avis, Comment, CommentThread, InboxView, Job, Notification, StateChange

__all__ = [
    "db",
    "User",
    "Organisation",
    "Membership",
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
    "ChangeLog",
    "StoredEvaluation",
    "Deposit",
    "StateChange",
    "CommentThread",
    "Comment",
    "Avis",
    "Notification",
    "DirectoryEstablishment",
    "DirectoryTerm",
    "DirectoryHeadcount",
    "DirectoryLoad",
]
