"""The application's log: INFO and above on standard error (the mails of a development machine,
the outbox's retries and failures), whatever the server's own logging says."""

from __future__ import annotations

import logging
import sys

from flask import Flask

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def init_app(app: Flask) -> None:
    level = getattr(logging, str(app.config.get("LOG_LEVEL", "INFO")).upper(), logging.INFO)
    logger = logging.getLogger("ecole_numerique")
    logger.setLevel(level)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(FORMAT))
        logger.addHandler(handler)
        logger.propagate = False
    app.logger.setLevel(min(level, app.logger.getEffectiveLevel()))
