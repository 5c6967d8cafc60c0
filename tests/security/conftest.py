"""Fixtures of the trust tests: the fixture world, and the application with CSRF protection on."""

from __future__ import annotations

import pytest

from app import create_app

from .world import World, build_world


@pytest.fixture
def world(app) -> World:
    """Two collectivités, three dossiers, inspectors of two départements, an administrator."""
    return build_world(app)


@pytest.fixture
def csrf_app(app):
    """The same database as `app`, with CSRF protection and the sign-in limit as in production."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SERVER_NAME": "localhost",
            "MAIL_SERVER": "",
            "LOGIN_LIMIT": 5,
        }
    )
