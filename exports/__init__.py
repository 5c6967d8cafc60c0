"""The Word dossier: pure functions from (dossier, evaluation, locale) to bytes."""

from .docx_dossier import build_dossier_docx, build_report_docx
from .meta import ExportMeta

__all__ = ["ExportMeta", "build_dossier_docx", "build_report_docx"]
