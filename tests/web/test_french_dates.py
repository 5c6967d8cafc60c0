"""Pages write French dates as the Word documents do (« 1er novembre 2026 ») and the landing
page names no single call."""

from __future__ import annotations

from datetime import date, datetime

from grants.numbers import first_of_month


def test_the_first_of_the_month_is_1er_in_french_only():
    assert first_of_month("1 novembre 2026", "fr") == "1er novembre 2026"
    assert first_of_month("1 nov. 2026, 10:00", "fr") == "1er nov. 2026, 10:00"
    assert first_of_month("11 novembre 2026", "fr") == "11 novembre 2026"
    assert first_of_month("21 novembre 2026", "fr") == "21 novembre 2026"
    assert first_of_month("1 November 2026", "en") == "1 November 2026"


def test_the_page_filters_write_1er(app):
    with app.test_request_context("/"):
        env = app.jinja_env
        assert env.from_string("{{ d|day }}").render(d=date(2026, 11, 1)) == "1er novembre 2026"
        assert env.from_string("{{ d|day }}").render(d=date(2026, 11, 11)) == "11 novembre 2026"
        assert (
            env.from_string("{{ d|wallclock }}")
            .render(d=datetime(2026, 11, 1, 9, 30))
            .startswith("1er novembre")
        )
        assert env.from_string("{{ d|datetime }}").render(d=datetime(2026, 11, 1, 9, 30)).startswith("1er ")


def test_the_landing_page_names_no_single_call(client):
    page = client.get("/").get_data(as_text=True)
    assert "au socle numérique" not in page
