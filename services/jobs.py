"""Bulk actions on the inbox as background jobs: put dossiers in instruction, assign them, or
build a zip of their candidatures (Word) with their attachments and a CSV summary.

A job is a row with its progress (`models.Job`); `start` commits it and queues `run_job` on the
task queue (tasks/: huey, SQLite by default, Redis with TASK_QUEUE_URL). The worker
(`flask --app app worker`) runs it dossier by dossier, committing its progress after each, so the
page that shows the job reads how far it is. Each dossier is its own unit of work: one that
cannot be done (moved on meanwhile, no longer visible) is counted as failed with the reason, and
the others go on.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, gettext

from grants.i18n import N_
from grants.workflow import BROUILLON, actor_kinds
from models import DossierRecord, Job, User, db
from models.base import utcnow
from tasks import task

from . import inbox, notify, review
from .dossiers import load
from .inspectors import assign
from .workflow import Refused

KINDS = {
    "instruct": N_("Mise en instruction"),
    "assign": N_("Attribution"),
    "download": N_("Téléchargement des candidatures"),
    "pdf": N_("PDF de la candidature"),
}
BATCH_MAX = 500
STATUS_LABELS = {
    "queued": N_("En attente"),
    "running": N_("En cours"),
    "done": N_("Terminé"),
    "failed": N_("Échec"),
}


# A job still waiting after this long, with nothing done, has no worker to run it
STALL_SECONDS = 30


def _stall_after() -> timedelta:
    return timedelta(seconds=int(current_app.config.get("JOB_STALL_SECONDS", STALL_SECONDS)))


def stalled(job: Job, now: datetime | None = None) -> bool:
    """Whether the job has waited on the queue longer than the threshold without any progress:
    the background worker does not seem to be running."""
    if job.status != "queued" or job.done or job.failed or job.created_at is None:
        return False
    return (now or utcnow()) - job.created_at > _stall_after()


@dataclass(frozen=True)
class QueueState:
    """What waits on the task queue, for the administrators: the jobs and e-mails not yet taken
    by a worker, and since when the oldest waits (huey keeps no heartbeat of its workers)."""

    jobs: int
    oldest_job_at: datetime | None
    mails: int
    oldest_mail_at: datetime | None
    stalled: bool


def queue_state() -> QueueState:
    """The queue's backlog (two small queries)."""
    from models import OutboxMail

    now = utcnow()
    count, oldest = db.session.execute(
        sa.select(sa.func.count(Job.id), sa.func.min(Job.created_at)).where(Job.status == "queued")
    ).one()
    mails, oldest_mail = db.session.execute(
        sa.select(sa.func.count(OutboxMail.id), sa.func.min(OutboxMail.created_at)).where(
            OutboxMail.status == "queued", OutboxMail.attempts == 0
        )
    ).one()
    late = [at for at in (oldest, oldest_mail) if at is not None and now - _aware(at) > _stall_after()]
    return QueueState(count, oldest, mails, oldest_mail, bool(late))


def _aware(at: datetime) -> datetime:
    from datetime import UTC

    return at if at.tzinfo else at.replace(tzinfo=UTC)


def jobs_dir() -> Path:
    """The folder of the jobs' files (JOBS_DIR, else instance/jobs)."""
    folder = Path(current_app.config.get("JOBS_DIR") or Path(current_app.instance_path) / "jobs")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_of(job: Job) -> Path | None:
    """The job's file when it is ready."""
    if job.status != "done" or not job.filename:
        return None
    path = jobs_dir() / job.filename
    return path if path.is_file() else None


def actors_for(user: User, rec: DossierRecord) -> set[str]:
    """The kinds of actor the user is for the dossier (the rule of web.access.actors)."""
    member = rec.organisation_id in user.organisation_ids
    sees = (
        user.is_inspector and rec.departement in user.departements and (rec.shared or rec.state != BROUILLON)
    )
    return actor_kinds(member, user.inspector_level if sees else None)


def create(user: User, kind: str, ids: list[int], params: dict | None = None) -> Job:
    """A job on the dossiers of `ids` the user sees (flushed, not started)."""
    if kind not in KINDS:
        raise Refused([N_("Action inconnue.")])
    visible = [r.id for r in inbox.selected_rows(user, ids[:BATCH_MAX])]
    if not visible:
        raise Refused([N_("Cochez au moins un dossier de la liste.")])
    if len(ids) > BATCH_MAX:
        raise Refused([N_("500 dossiers au plus par action : affinez la sélection.")])
    job = Job(
        user_id=user.id,
        kind=kind,
        status="queued",
        params={"ids": visible, **(params or {})},
        total=len(visible),
        created_at=utcnow(),
    )
    db.session.add(job)
    db.session.flush()
    return job


def start(job: Job) -> None:
    """Commit the job and queue its work (run at once when the queue is immediate, as in tests)."""
    db.session.commit()
    run_job(job.id)


def pdf_job(user: User, rec: DossierRecord, locale: str) -> Job:
    """The rendering of a dossier's candidature as a PDF by LibreOffice (two renderings: tens of
    seconds for a large dossier, too long for a request), as a job of the person who asked."""
    job = Job(
        user_id=user.id,
        kind="pdf",
        status="queued",
        params={"ids": [rec.id], "locale": locale},
        total=1,
        created_at=utcnow(),
    )
    db.session.add(job)
    db.session.flush()
    return job


def pdf_of(user: User, job_id: int) -> Job | None:
    """The person's own PDF job."""
    job = db.session.get(Job, job_id)
    if job is None or job.user_id != user.id or job.kind != "pdf" or len(job.params.get("ids", [])) != 1:
        return None
    return job


def jobs_of(user: User, limit: int = 10) -> list[Job]:
    """The person's last jobs, newest first."""
    return list(
        db.session.scalars(sa.select(Job).where(Job.user_id == user.id).order_by(Job.id.desc()).limit(limit))
    )


@task()
def run_job(job_id: int) -> None:
    """The work of a job, dossier by dossier, with its progress committed after each."""
    job = db.session.get(Job, job_id)
    if job is None or job.finished:
        return
    user = db.session.get(User, job.user_id)
    job.status, job.started_at = "running", utcnow()
    db.session.commit()
    try:
        if job.kind == "download":
            _download(job, user)
        elif job.kind == "pdf":
            _pdf(job, user)
        else:
            _each(job, user, _instruct if job.kind == "instruct" else _assign)
        job = db.session.get(Job, job_id)
        # A PDF's job does one thing: when that failed, the job did.
        job.status = "failed" if job.kind == "pdf" and job.failed else "done"
        job.finished_at = utcnow()
        db.session.commit()
    except Exception as exc:  # the job says it failed instead of staying « en cours » forever
        db.session.rollback()
        job = db.session.get(Job, job_id)
        job.status, job.finished_at = "failed", utcnow()
        job.message = (job.message + "\n" + f"{type(exc).__name__}: {exc}").strip()[:4000]
        db.session.commit()
        current_app.logger.exception("Job %s failed", job_id)


def _failure(job: Job, rec: DossierRecord | None, dossier_id: int, reasons: list, user: User) -> None:
    with force_locale(user.locale or "fr"):
        text = "; ".join(gettext(str(r)) for r in reasons)
        name = (rec.reference or rec.title) if rec is not None else f"#{dossier_id}"
        job.message = (job.message + "\n" + f"{name} : {text}").strip()[:4000]
    job.failed += 1


def _each(job: Job, user: User, act: Callable[[DossierRecord, User, set[str], Job], None]) -> None:
    for dossier_id in list(job.params.get("ids", [])):
        rec = load(dossier_id, for_update=True)
        try:
            if rec is None or "inspector" not in actors_for(user, rec):
                raise Refused([N_("Ce dossier n'est plus visible.")])
            act(rec, user, actors_for(user, rec), job)
        except Refused as refused:
            db.session.rollback()
            job = db.session.get(Job, job.id)
            _failure(job, db.session.get(DossierRecord, dossier_id), dossier_id, refused.reasons, user)
        else:
            job.done += 1
        db.session.commit()
        job = db.session.get(Job, job.id)


def _instruct(rec: DossierRecord, user: User, actors: set[str], job: Job) -> None:
    review.move(rec, user, "instruct", actors)


def _assign(rec: DossierRecord, user: User, actors: set[str], job: Job) -> None:
    if "decider" not in actors:
        raise Refused([N_("Seul un inspecteur de niveau IA-DASEN ou DAN attribue les dossiers.")])
    assignee_id = job.params.get("assignee")
    assignee = db.session.get(User, assignee_id) if assignee_id else None
    assign(rec, user, assignee)
    if assignee is not None:
        notify.dossier_assigned(rec, user, assignee)


def attachments_of(rec: DossierRecord) -> list[tuple[str, bytes]]:
    """The dossier's attached pieces as (file name, content)."""
    from services import attachments

    return list(attachments.files_of(rec))


def _download(job: Job, user: User) -> None:
    """The zip: one folder per dossier with its Word candidature and attachments, and the CSV
    summary of the dossiers (French conventions) at the top."""
    from exports.docx_dossier import build_dossier_docx
    from services.filing import export_meta
    from services.sheets import inbox_lists as sheets

    from .dossiers import evaluated

    name = f"candidatures-{job.id}-{utcnow():%Y%m%d-%H%M%S}.zip"
    path = jobs_dir() / name
    partial = path.with_suffix(".part")
    locale = user.locale or "fr"
    job_id = job.id
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive, force_locale(locale):
        done_ids = []
        for dossier_id in list(job.params.get("ids", [])):
            rec = load(dossier_id)
            job = db.session.get(Job, job_id)
            if rec is None or "inspector" not in actors_for(user, rec):
                _failure(job, rec, dossier_id, [N_("Ce dossier n'est plus visible.")], user)
                db.session.commit()
                continue
            result = evaluated(rec)
            meta = export_meta(rec)  # the same candidature as the dossier's own download
            folder = _safe(rec.reference or f"dossier-{rec.id}")
            archive.writestr(
                f"{folder}/{folder}.docx", build_dossier_docx(result.dossier, result.evaluation, locale, meta)
            )
            for filename, content in attachments_of(rec):
                archive.writestr(f"{folder}/pieces/{_safe(filename)}", content)
            done_ids.append(rec.id)
            job.done += 1
            db.session.commit()
        rows = inbox.selected_rows(user, done_ids)
        archive.writestr("synthese.csv", sheets.dossiers_csv(rows, gettext))
    partial.replace(path)
    job = db.session.get(Job, job_id)
    job.filename = name
    db.session.commit()


def _pdf(job: Job, user: User) -> None:
    """The PDF of the candidature, as the dossier is when the job runs."""
    from exports.docx_dossier import build_dossier_docx

    from . import pdf
    from .documents import candidature_documents

    job_id, (dossier_id,) = job.id, job.params["ids"]
    rec = load(dossier_id)
    if rec is None or not actors_for(user, rec):
        _failure(job, rec, dossier_id, [N_("Ce dossier n'est plus visible.")], user)
        db.session.commit()
        return
    locale = job.params.get("locale") or user.locale or "fr"
    with force_locale(locale):
        data = candidature_documents(rec, build_dossier_docx, locale)
    try:
        document = pdf.docx_to_pdf(data, current_app.config.get("PDF_TIMEOUT", pdf.DEFAULT_TIMEOUT))
    except pdf.PdfUnavailable as error:
        job = db.session.get(Job, job_id)
        current_app.logger.warning("PDF of dossier %s failed: %s", dossier_id, error)
        _failure(
            job,
            rec,
            dossier_id,
            [N_("Le PDF n'a pas pu être produit : réessayez, ou téléchargez le dossier Word.")],
            user,
        )
        db.session.commit()
        return
    name = f"{_safe(rec.reference or f'dossier-{rec.id}')}-{job_id}.pdf"
    (jobs_dir() / name).write_bytes(document)
    job = db.session.get(Job, job_id)
    job.filename, job.done = name, 1
    db.session.commit()


def _safe(name: str) -> str:
    """A file name without path separators or control characters."""
    cleaned = "".join(c if c.isalnum() or c in "-_. " else "_" for c in name).strip(" .")
    return cleaned[:120] or "fichier"


def zip_names(body: bytes) -> list[str]:
    """The names in a zip (for tests and the benchmark)."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return archive.namelist()
