"""Every `flask --app app …` command, one module per group; `register` adds them all."""

from __future__ import annotations


def register(app) -> None:
    """Add every command group to the application's CLI."""
    from .backup import backup_cli
    from .directory import directory_cli
    from .dossier import demo_cli, dossier_cli, user_cli
    from .privacy import privacy_cli
    from .worker import worker_command

    for group in (dossier_cli, demo_cli, user_cli, directory_cli, backup_cli, worker_command, privacy_cli):
        app.cli.add_command(group)
