"""A batch download run by a real worker process (`flask --app app worker`), on the embedded
SQLite queue and on Redis (127.0.0.1:6379, database 7), with its progress shown on the job's
page while it waits, runs and finishes."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import tasks
from models import db

from .conftest import CIRCONSCRIPTION, import_dossier, place_schools, record

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(params=["sqlite", "redis"])
def queue_kind(request, app, tmp_path):
    """This process's queue pointed at a real storage the worker shares; restored afterwards."""
    if request.param == "redis":
        if not _redis_answers():
            pytest.skip("Redis does not answer on 127.0.0.1:6379")
        tasks.reconfigure(url=REDIS_URL)
    else:
        tasks.reconfigure(path=str(tmp_path / "tasks.db"))
    tasks.queue.flush()
    app.config["JOBS_DIR"] = str(tmp_path / "jobs")
    yield request.param, tmp_path
    tasks.queue.flush()
    tasks.reconfigure(immediate=True)
    app.config["JOBS_DIR"] = ""


def _start_worker(app, kind: str, tmp_path: Path) -> subprocess.Popen:
    with app.app_context():
        database = db.engine.url.render_as_string(hide_password=False)
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "TASK_QUEUE_IMMEDIATE": "0",
        "TASK_QUEUE_URL": REDIS_URL if kind == "redis" else "",
        "TASK_QUEUE_PATH": str(tmp_path / "tasks.db"),
        "JOBS_DIR": str(tmp_path / "jobs"),
        "MAIL_SERVER": "",
        "SECRET_KEY": "worker-test",
    }
    flask = Path(sys.executable).with_name("flask")
    return subprocess.Popen(
        [str(flask), "--app", "app", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _stop(worker: subprocess.Popen) -> str:
    worker.terminate()
    try:
        out, _ = worker.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        out, _ = worker.communicate()
    return out.decode("utf-8", "replace")


def test_a_batch_download_runs_in_the_worker_with_its_progress(app, cast, queue_kind):
    kind, tmp_path = queue_kind
    ids = [cast.dossier_id]
    cast.deposit()
    for n in range(2):
        cast.dossier_id = import_dossier(app, cast.org_id, f"Dossier {n}")
        place_schools(app, cast.dossier_id, CIRCONSCRIPTION)
        cast.deposit()
        ids.append(cast.dossier_id)
    response = cast.ien.post("/inspection/lot", {"action": "download", "ids": [str(i) for i in ids]})
    assert response.status_code == 302
    page_url = response.headers["Location"]
    job_id = page_url.rstrip("/").rsplit("/", 1)[1]
    # No worker yet: the job waits, and its page says so and refreshes itself without script.
    waiting = cast.ien.get(page_url).get_data(as_text=True)
    assert "En attente" in waiting and '<meta http-equiv="refresh" content="3">' in waiting
    assert 'value="0"' in waiting
    assert cast.ien.get(f"/inspection/travaux/{job_id}/fichier").status_code == 302  # not ready
    worker = _start_worker(app, kind, tmp_path)
    seen, status = set(), {}
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            status = cast.ien.get(f"/inspection/travaux/{job_id}/etat.json").get_json()
            seen.add(status["status"])
            if status["finished"]:
                break
            time.sleep(0.2)
    finally:
        log = _stop(worker)
    assert status.get("status") == "done", (status, log[-3000:])
    assert status["percent"] == 100 and status["done"] == 3 and status["file"]
    done = cast.ien.get(page_url).get_data(as_text=True)
    assert "Terminé" in done and "Télécharger le fichier" in done and "http-equiv" not in done
    archive = zipfile.ZipFile(io.BytesIO(cast.ien.get(status["file"]).get_data()))
    refs = sorted(record(app, i).reference for i in ids)
    assert sorted(n for n in archive.namelist() if n.endswith(".docx")) == [f"{r}/{r}.docx" for r in refs]
    assert "synthese.csv" in archive.namelist()
    assert ("Worker: RedisStorage" if kind == "redis" else "Worker: SqliteStorage") in log
