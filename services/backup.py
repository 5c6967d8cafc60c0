"""Backing up and restoring the whole database: SQLite with its online backup API (a consistent
copy while the application runs), PostgreSQL with pg_dump / pg_restore (custom format)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or a restore that could not be done; the message says why."""


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up")
    return Path(url.database)


def _pg_environment(url: URL) -> dict[str, str]:
    """libpq's variables for the database: the password stays out of the command line (and of `ps`)."""
    env = dict(os.environ)
    for name, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[name] = str(value)
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools)")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def create(database_url: str, out: Path) -> Path:
    """Write a backup of the database to `out` (created or replaced) and return it."""
    url = make_url(database_url)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")  # never a half-written file under the real name
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(_sqlite_path(url)) as source, sqlite3.connect(partial) as target:
            source.backup(target)
        source.close()
        target.close()
    elif url.get_backend_name() == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"],
            _pg_environment(url),
        )
    else:
        raise BackupError(f"no backup for the {url.get_backend_name()} database")
    partial.replace(out)
    return out


def kind_of(path: Path) -> str:
    """`sqlite` or `postgresql`, from the file's first bytes; BackupError when it is neither."""
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except OSError as exc:
        raise BackupError(f"{path}: {exc.strerror or exc}") from exc
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{path}: not a backup made by `flask backup create`")


def _check_sqlite_backup(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            if conn.execute("pragma integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path}: the backup is damaged")
            tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
        conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path}: the backup is damaged ({exc})") from exc
    if "alembic_version" not in tables or "dossiers" not in tables:
        raise BackupError(f"{path}: not a backup of this application")


def restore(database_url: str, backup: Path, engine: sa.Engine | None = None) -> None:
    """Replace the content of the database by the backup's. `engine`, when given, is the
    application's: its pooled connections are closed first so none sees a half-restored base."""
    url = make_url(database_url)
    kind = kind_of(backup)
    if kind != url.get_backend_name():
        raise BackupError(
            f"{backup}: a {kind} backup cannot be restored into a {url.get_backend_name()} database"
        )
    if engine is not None:
        engine.dispose()
    if kind == "sqlite":
        _check_sqlite_backup(backup)
        with (
            sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as source,
            sqlite3.connect(_sqlite_path(url)) as target,
        ):
            source.backup(target)
        source.close()
        target.close()
    else:
        env = _pg_environment(url)
        _run(["pg_restore", "--list", str(backup)], env)  # a readable archive before anything is dropped
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={url.database}",
                str(backup),
            ],
            env,
        )


def pieces_folder(backup: Path) -> Path:
    """Where a backup keeps the attachments' files: `<backup>.pieces/`, beside it."""
    return backup.with_name(backup.name + ".pieces")


def _digest_of(path: Path) -> str:
    import hashlib

    sha = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def save_pieces(upload_folder: Path, digests: set[str], backup: Path) -> tuple[int, list[str]]:
    """Copy the attachments' files the database refers to beside the backup (each checked
    against its digest). Returns how many were copied and the digests missing from the store."""
    target = pieces_folder(backup)
    target.mkdir(parents=True, exist_ok=True)
    copied, missing = 0, []
    for digest in sorted(digests):
        source = upload_folder / digest[:2] / digest
        if not source.is_file() or _digest_of(source) != digest:
            missing.append(digest)
            continue
        out = target / digest
        if not (out.is_file() and _digest_of(out) == digest):
            partial = out.with_name(out.name + ".partial")
            shutil.copyfile(source, partial)
            partial.replace(out)
        copied += 1
    return copied, missing


def restore_pieces(backup: Path, upload_folder: Path, digests: set[str]) -> tuple[int, list[str]]:
    """Put back into the store the files a restored database refers to, from beside the backup
    (only files whose content matches their name). Returns how many are in place and the
    digests neither the store nor the backup holds."""
    source = pieces_folder(backup)
    placed, missing = 0, []
    for digest in sorted(digests):
        out = upload_folder / digest[:2] / digest
        if out.is_file() and _digest_of(out) == digest:
            placed += 1
            continue
        saved = source / digest
        if not saved.is_file() or _digest_of(saved) != digest:
            missing.append(digest)
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        shutil.copyfile(saved, partial)
        partial.replace(out)
        placed += 1
    return placed, missing
