"""Dossier pages and downloads are never kept by the browser or a proxy (issue 13, item 10):
`Cache-Control: no-store` on every page and file of the application, its error pages too; the
static files (CSS, scripts), which hold nothing personal, may be cached."""

from __future__ import annotations

import pytest

from .world import ROLE


def _pages(world) -> list[tuple[str, str]]:
    a = world.dossiers["A"]
    return [
        ("member_a", f"/dossiers/{a}/recap"),
        ("member_a", f"/dossiers/{a}/budget"),
        ("member_a", f"/dossiers/{a}/dossier.docx"),
        ("member_a", f"/dossiers/{a}/fichiers/budget.xlsx"),
        ("member_a", f"/dossiers/{a}/fichiers/dossier.json"),
        ("member_a", "/"),
        ("ien_x", "/inspection/"),
        ("ien_x", "/inspection/export.csv"),
        ("ien_x", "/inspection/export.xlsx"),
        ("ien_x", f"/inspection/dossiers/{a}"),
        ("admin", "/admin/inspecteurs"),
        ("anonymous", "/connexion"),
        ("member_b", f"/dossiers/{a}/recap"),  # a 404
    ]


def test_dossier_pages_and_downloads_are_not_stored(app, world):
    problems = []
    for role, url in _pages(world):
        response = world.client(app, role).get(url)
        assert response.status_code in (200, 404), (role, url, response.status_code)
        if "no-store" not in response.headers.get("Cache-Control", ""):
            problems.append(f"{role} {url}: {response.headers.get('Cache-Control')!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ["/static/css/app.css", "/static/js/app.js"])
def test_static_files_may_be_cached(app, world, path):
    assert ROLE["member_a"].signed_in
    response = world.client(app, "member_a").get(path)
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
