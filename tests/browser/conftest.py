"""A real headless Chromium on the application served on a free local port, with axe-core.

Chromium comes from the Debian package (`/usr/bin/chromium`), driven by the Python `playwright`
package; axe-core is installed once from the npm registry into `.cache/axe` (git-ignored).
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_DIR = ROOT / ".cache" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed with npm the first time (`npm install --prefix .cache/axe axe-core@4`)."""
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip(
                "npm is not installed: axe-core (npm registry) cannot be fetched for the accessibility checks"
            )
        done = subprocess.run(
            [npm, "install", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund", "axe-core@4"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0 and AXE_JS.exists(), f"npm install axe-core failed:\n{done.stderr}"
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium of the Debian package (the test is skipped without it); one per module,
    closed before the next module, whose tests may start Playwright's sync API themselves."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install the Debian packages chromium and chromium-driver")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the Python package playwright is not installed"
    )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(tmp_path):
    """The application on a fresh migrated SQLite file, CSRF on, served on a free 127.0.0.1 port."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from app import create_app

    app = create_app(
        {
            "SECRET_KEY": "browser-test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'browser.db'}",
            "WTF_CSRF_ENABLED": True,
            "MAIL_SERVER": "",
            "LOGIN_LIMIT": 1000,
            "TESTING": False,
        }
    )
    with app.app_context():
        upgrade()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """test-artifacts/screenshots/ (git-ignored), emptied once per run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS
