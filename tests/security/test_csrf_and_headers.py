"""CSRF on every state-changing request, the session cookie's flags, the security headers on
every answer, and templates without inline script, inline style or unescaped output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import create_app

from .browser import csrf_token, row_counts, sign_in
from .routes import routes
from .world import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
STATE_CHANGING = [r for r in routes() if r.method in ("POST", "PUT", "PATCH", "DELETE")]


def _directives(csp: str) -> dict[str, list[str]]:
    parts = (p.split() for p in csp.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


def header_problems(response) -> list[str]:
    """What is missing from an answer's security headers."""
    csp = _directives(response.headers.get("Content-Security-Policy", ""))
    problems = []
    for directive in ("script-src", "style-src"):
        sources = csp.get(directive, csp.get("default-src"))
        if not sources or {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(sources):
            problems.append(f"{directive} {sources} allows inline or foreign code")
    if csp.get("frame-ancestors") != ["'none'"]:
        problems.append(f"frame-ancestors is {csp.get('frame-ancestors')}, not 'none'")
    if csp.get("object-src") != ["'none'"]:
        problems.append("object-src is not 'none'")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    return problems


def test_every_state_changing_request_without_its_token_is_refused(app, csrf_app, world):
    before = row_counts(app)
    problems = []
    for route in STATE_CHANGING:
        for target in route.targets:
            for role in ("anonymous", "member_a", "ien_x"):
                url = route.url(world, target, owner=role if role != "anonymous" else "member_a")
                response = world.client(csrf_app, role).open(url, method=route.method, data={"x": "1"})
                if response.status_code != 400:
                    problems.append(f"{role} {route.method} {url}: {response.status_code}")
    assert not problems, "answered without a CSRF token:\n" + "\n".join(problems)
    assert row_counts(app) == before


def test_a_request_with_its_token_gets_through(app, csrf_app, world):
    client = csrf_app.test_client()
    response = sign_in(client, "member-a@example.fr", PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "QZALPHA" in client.get("/").get_data(as_text=True)


def test_a_token_of_another_session_is_refused(csrf_app, world):
    stranger = csrf_app.test_client()
    token = csrf_token(stranger.get("/connexion").get_data(as_text=True))
    client = csrf_app.test_client()
    client.get("/connexion")
    response = client.post(
        "/connexion", data={"email": "member-a@example.fr", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 400


def _session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    return cookies[-1]


def test_the_session_cookie_is_http_only_and_same_site_lax(csrf_app, world):
    cookie = _session_cookie(sign_in(csrf_app.test_client(), "member-a@example.fr", PASSWORD))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # served over plain HTTP (tests, a laptop): a Secure cookie would be lost


def test_over_https_the_cookie_is_secure_and_the_browser_told_to_stay_on_https(app, world, monkeypatch):
    monkeypatch.setenv("HTTPS", "1")
    secure_app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SERVER_NAME": "localhost",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )
    assert secure_app.config["SESSION_COOKIE_SECURE"] and secure_app.config["REMEMBER_COOKIE_SECURE"]
    client = secure_app.test_client()
    page = client.get("/connexion", base_url="https://localhost")
    response = client.post(
        "/connexion",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/connexion"},
        data={
            "email": "member-a@example.fr",
            "password": PASSWORD,
            "csrf_token": csrf_token(page.get_data(as_text=True)),
        },
    )
    assert "Secure" in _session_cookie(response)
    assert "max-age=" in page.headers["Strict-Transport-Security"]


def test_every_page_carries_the_security_headers(csrf_app, world):
    problems = []
    for route in (r for r in routes() if r.method == "GET"):
        for target in route.targets:
            for role in ("anonymous", "member_a"):
                url = route.url(world, target, owner=role if role != "anonymous" else "member_a")
                response = world.client(csrf_app, role).get(url)
                problems += [
                    f"{role} GET {url} ({response.status_code}): {p}" for p in header_problems(response)
                ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "method, url",
    [
        ("GET", "/no-such-page"),
        ("GET", "/static/css/app.css"),
        ("DELETE", "/connexion"),
        ("GET", "/dossiers/999999/recap"),
    ],
)
def test_error_pages_and_files_carry_the_security_headers(csrf_app, method, url):
    response = csrf_app.test_client().open(url, method=method)
    assert not header_problems(response), (response.status_code, header_problems(response))


def _templates() -> list[Path]:
    return sorted(p for p in (ROOT / "templates").rglob("*") if p.suffix in (".html", ".xml", ".svg"))


FORBIDDEN_IN_TEMPLATES = {
    "an inline <script> (put the code in static/js/)": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "an inline <style> (put the rules in static/css/)": re.compile(r"<style\b", re.I),
    'a style="" attribute (use a class)': re.compile(r"\sstyle\s*=", re.I),
    'an on…="" event handler (bind it in static/js/)': re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
    "autoescaping turned off": re.compile(r"autoescape\s+false", re.I),
}


@pytest.mark.parametrize("what", FORBIDDEN_IN_TEMPLATES)
def test_no_template_holds(what):
    pattern = FORBIDDEN_IN_TEMPLATES[what]
    found = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in _templates()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, f"{what}:\n" + "\n".join(found)


_OUTPUT = re.compile(r"\{\{(.*?)\}\}")
_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")
_CONDITION = re.compile(r"\bif\b.*?\belse\b")
_NAME = re.compile(r"[A-Za-z_][\w.]*")
_KEYWORDS = {"if", "else", "not", "and", "or", "in", "is", "none", "None", "true", "false"}


def unsafe_output(line: str) -> bool:
    """Whether the line marks as safe an output that is not made of literals only
    (`'aria-current="page"'|safe if current` is fine; `name|safe` is not)."""
    for expression in _OUTPUT.findall(line):
        if "|safe" not in expression.replace(" ", ""):
            continue
        before = re.split(r"\|\s*safe\b", expression)[0]
        names = set(_NAME.findall(_CONDITION.sub(" ", _LITERAL.sub(" ", before)))) - _KEYWORDS
        if names:
            return True
    return False


def test_no_template_marks_data_as_safe():
    found = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in _templates()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if unsafe_output(line)
    ]
    assert not found, "data marked |safe (only literal markup may be):\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line, unsafe",
    [
        ("{{ name|safe }}", True),
        ("{{ rec.title | safe }}", True),
        ("{{ ('<b>' ~ x)|safe }}", True),
        ("{{ 'aria-current=\"page\"'|safe if current }}", False),
        ('{{ (\'aria-sort="%s"\' % ("descending" if f.desc else "ascending"))|safe if current }}', False),
        ("{{ name }}", False),
    ],
)
def test_the_safe_check_tells_literals_from_data(line, unsafe):
    assert unsafe_output(line) is unsafe


def test_no_python_code_builds_markup_from_an_f_string():
    """Markup(f"…{name}…") would mark user text as safe HTML; Markup("…{}").format(name) escapes it."""
    pattern = re.compile(r"Markup\(\s*f[\"']|Markup\([^)]*%\s*\(?[a-z_]")
    found = [
        f"{p.relative_to(ROOT)}:{n}"
        for folder in ("web", "services", "exports", "forms")
        for p in (ROOT / folder).rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, found
