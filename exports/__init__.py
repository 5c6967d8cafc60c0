"""The Word dossier: pure functions from (dossier, evaluation, locale) to bytes.

python-docx and lxml are imported when a document is first built, not when the application
starts."""

from __future__ import annotations

__all__ = ["ExportMeta", "build_dossier_docx", "build_report_docx"]


def __getattr__(name: str):
    if name == "build_dossier_docx":
        from .docx_dossier import build_dossier_docx

        return build_dossier_docx
    if name == "build_report_docx":
        from .docx_dossier import build_report_docx

        return build_report_docx
    if name == "ExportMeta":
        from .meta import ExportMeta

        return ExportMeta
    raise AttributeError(name)
