"""The inbox in a real Chromium at a laptop's widths (1366 and 1280 px): every column of the
table is in view and the page does not scroll sideways."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from .test_browser import DASEN, signed_in, site, with_chromium  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser


def _long_dossiers(app, dossier_id: int) -> None:
    from models import DossierRecord, User, db
    from models.base import utcnow

    with app.app_context():
        rec = db.session.get(DossierRecord, dossier_id)
        dasen_id = db.session.scalar(sa.select(User.id).where(User.email == DASEN))
        values = {
            c.key: getattr(rec, c.key)
            for c in DossierRecord.__table__.columns
            if c.key not in ("id", "reference")
        }
        values.update(
            practice=False,
            shared=True,
            state="accepte",
            name="Communauté de communes du Grand Autunois Morvan et des Portes du Morvan",
            circonscription="Circonscription d'inspection du 1er degré de Mâcon-Nord",
            deposit_count=2,
            deposited_at=utcnow(),
            decided_at=utcnow(),
            avis_value="reserves",
            state_subsidy_cents=123_456_789,
            granted_cents=123_456_700,
            convention_number="SNEE-71-2026-000123",
            blocking_count=12,
            assignee_id=dasen_id,
        )
        db.session.execute(
            sa.insert(DossierRecord), [{**values, "reference": f"SNEE-2021-71-{n:05d}"} for n in range(30)]
        )
        db.session.commit()


def test_the_inbox_fits_a_laptops_width(site):  # noqa: F811
    base, app, dossier_id, _sink = site
    _long_dossiers(app, dossier_id)

    def work(browser):
        page = signed_in(browser, base, DASEN)
        for width in (1366, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{base}/inspection/")
            assert page.locator("table.inbox tbody tr").count() == 25
            figures = page.evaluate("""() => {
                const region = document.querySelector('.table-scroll');
                const heads = [...document.querySelectorAll('table.inbox thead th')];
                return {
                  page: document.documentElement.scrollWidth, viewport: window.innerWidth,
                  region: region.scrollWidth, regionVisible: region.clientWidth,
                  right: Math.max(...heads.map(th => th.getBoundingClientRect().right)),
                  names: heads.map(th => th.textContent.trim()),
                };
            }""")
            assert figures["page"] <= figures["viewport"], (width, figures)
            assert figures["region"] <= figures["regionVisible"], (width, figures)  # no column cut
            assert figures["right"] <= figures["viewport"], (width, figures)
            assert "Attribué à" in figures["names"] and any(
                "Dernière activité" in n for n in figures["names"]
            )

    with_chromium(work)
