"""Every page of the demo, in English, with each translated message marked: any text left
outside a mark that is not the users' own data is a string that missed the catalogue.

General on purpose: the pages are every GET route of the application with the demo's ids, the
user data is whatever the database holds, so new pages and new strings are checked as they come."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from babel.dates import get_day_names, get_month_names
from babel.support import NullTranslations

import grants.i18n
import web.i18n
from models import db

OPEN, CLOSE = "\u2062", "\u2063"  # invisible: the pages stay readable if one leaks
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-confirm", "data-label")
SKIPPED_TAGS = {"script", "style"}
PASSWORD = "catalogue-miss-2021"


# A message whose English is its French, copied (« Département », « Académie »): it went through
# the catalogue, so the marks alone do not see it. French letters in it tell it apart from words
# both languages share (« Budget », « Contact »). Names kept in French on purpose are listed.
FRENCH_LETTERS = re.compile(r"[àâçéèêëîïôûùüÿœæÀÂÇÉÈÊËÎÏÔÛÙÜŸŒÆ«»]")
KEPT_FRENCH = {"École numérique"}  # the service's name
COPIED: set[str] = set()


def copied_french(locale, message: str, english: str) -> None:
    english_page = str(locale).startswith("en")
    if english_page and english == message and FRENCH_LETTERS.search(message) and message not in KEPT_FRENCH:
        COPIED.add(message)


class Marked(NullTranslations):
    """The real translations, each result between two invisible marks; English copied from the
    French is noted in COPIED."""

    def __init__(self, real, locale=None):
        super().__init__()
        self.real = real
        self.locale = locale

    def gettext(self, message):
        english = self.real.gettext(message)
        copied_french(self.locale, message, english)
        return OPEN + english + CLOSE

    def ngettext(self, singular, plural, n):
        english = self.real.ngettext(singular, plural, n)
        copied_french(self.locale, singular if n == 1 else plural, english)
        return OPEN + english + CLOSE

    def pgettext(self, context, message):
        return OPEN + self.real.pgettext(context, message) + CLOSE

    def npgettext(self, context, singular, plural, n):
        return OPEN + self.real.npgettext(context, singular, plural, n) + CLOSE

    ugettext, ungettext, upgettext, unpgettext = gettext, ngettext, pgettext, npgettext


class Texts(HTMLParser):
    """The text of a page and of the attributes people hear, with the element's language."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # Another language, or what must not be translated (a key, a code): `translate="no"`.
        foreign = attrs.get("lang") not in (None, "en") or attrs.get("translate") == "no"
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            self.stack.append((tag, "foreign" if foreign or self._foreign() else None))
        if foreign or self._foreign():
            return
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.found.append((f"{tag}[{name}]", attrs[name]))
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.found.append(("input[value]", attrs["value"]))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def _foreign(self) -> bool:
        return any(flag for _t, flag in self.stack)

    def handle_data(self, data):
        if data.strip() and not self._foreign() and not any(t in SKIPPED_TAGS for t, _f in self.stack):
            where = self.stack[-1][0] if self.stack else "?"
            if where != "textarea":  # what the user typed
                self.found.append((where, data))


def unmarked(text: str) -> str:
    """What is left once every marked message (marks nest) is taken out."""
    inner = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
    while True:
        shorter = inner.sub(" ", text)
        if shorter == text:
            return shorter.replace(OPEN, " ").replace(CLOSE, " ")
        text = shorter


FRENCH_SPACE = re.compile(r"[^\W\d_)»]\s[:;?!](?!\w)")


def french_punctuation(html: str) -> list[str]:
    """English messages written with the French space before « : ; ? ! »."""
    inner = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")
    return sorted({m.group(1)[:100] for m in inner.finditer(html) if FRENCH_SPACE.search(m.group(1))})


def user_strings() -> list[str]:
    """Every text value the database holds: what people typed or imported is not translated."""
    values: set[str] = set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (sa.String, sa.Text))]
        if not columns:
            continue
        for row in db.session.execute(sa.select(*columns)):
            values.update(str(v).strip() for v in row if v and len(str(v).strip()) > 1)
    return sorted(values, key=len, reverse=True)


def locale_words() -> set[str]:
    """Words Babel formats itself (months, days), not the catalogue."""
    words = set()
    for width in ("wide", "abbreviated"):
        words |= {w.strip(".").lower() for w in get_month_names(width, locale="en_GB").values()}
        words |= {w.strip(".").lower() for w in get_day_names(width, locale="en_GB").values()}
    return words | {"am", "pm"}


def misses(html: str, data: list[str], allowed: set[str]) -> list[str]:
    parser = Texts()
    parser.feed(unmarked(html))  # a message may hold markup (a link, a value in <em>)
    found = []
    for where, text in parser.found:
        rest = text
        for value in data:
            if value in rest:
                rest = rest.replace(value, " ")
        words = [w for w in re.findall(r"[^\W\d_]{2,}", rest) if w.lower() not in allowed]
        if words:
            found.append(f"<{where}> {' '.join(text.split())[:120]!r} → {words}")
    return found


@pytest.fixture
def demo(app, monkeypatch):
    """The demo loaded, an inspector of its département, an administrator; catalogues marked."""
    from commands.dossier import DEMO_EMAIL, DEMO_PASSWORD
    from models import DossierRecord
    from services import accounts
    from services.inspectors import create_inspector

    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        rec = db.session.scalar(sa.select(DossierRecord))
        rec.shared = True
        create_inspector("ien@ac.example.fr", "Inès Inspectrice", "dasen", [rec.departement], PASSWORD)
        admin = accounts.create_user("admin@example.fr", "Adèle Admin", PASSWORD)
        admin.is_admin = True
        db.session.commit()
    real = grants.i18n.translations
    marked = lambda locale, dirs=None: Marked(real(locale, dirs), locale)  # noqa: E731
    COPIED.clear()
    monkeypatch.setattr(grants.i18n, "translations", marked)
    monkeypatch.setattr(web.i18n, "translations", marked)
    return {DEMO_EMAIL: DEMO_PASSWORD, "ien@ac.example.fr": PASSWORD, "admin@example.fr": PASSWORD}


def ids() -> dict[str, list]:
    """The values of each URL argument that the demo has."""
    from models import CofunderRecord, Deposit, DossierRecord, LineRecord, Organisation, SchoolRecord, User

    def first(column):
        return db.session.scalar(sa.select(column).order_by(column).limit(1))

    return {
        "dossier_id": first(DossierRecord.id),
        "org_id": first(Organisation.id),
        "school_id": first(SchoolRecord.id),
        "line_id": first(LineRecord.id),
        "funder_id": first(CofunderRecord.id),
        "number": first(Deposit.number),
        "user_id": db.session.scalar(sa.select(User.id).where(User.inspector_level.is_not(None))),
        "word": "ecoles",
        "fmt": "csv",
        "step": None,  # every step, below
        "lang": "en",
    }


def pages(app) -> list[str]:
    from services.steps import STEPS

    with app.app_context():
        known = ids()
    urls = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "home.set_language"):
            continue
        if any(known.get(arg, "missing") in (None, "missing") and arg != "step" for arg in rule.arguments):
            continue
        values = {arg: known[arg] for arg in rule.arguments if arg != "step"}
        for step in [code for code, _title in STEPS] if "step" in rule.arguments else [None]:
            urls.append(adapter.build(rule.endpoint, {**values, **({"step": step} if step else {})}))
    return sorted(set(urls))


def test_every_page_of_the_demo_in_english_goes_through_the_catalogue(app, demo):
    allowed = locale_words()
    with app.app_context():
        data = user_strings()
    report, seen = [], 0
    for email, password in demo.items():
        client = app.test_client()
        assert client.post("/connexion", data={"email": email, "password": password}).status_code == 302
        client.get("/langue/en")  # after signing in, which starts a new session
        for url in pages(app):
            response = client.get(url)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            html = response.get_data(as_text=True)
            assert '<html lang="en">' in html, url
            seen += 1
            report += [f"{email} {url}: {m}" for m in misses(html, data, allowed)]
            report += [f"{email} {url}: French punctuation in {m!r}" for m in french_punctuation(html)]
    anonymous = app.test_client()
    anonymous.get("/langue/en")
    for url in ("/", "/connexion", "/inscription", "/mot-de-passe-oublie", "/mentions-legales"):
        seen += 1
        report += [
            f"anonymous {url}: {m}" for m in misses(anonymous.get(url).get_data(as_text=True), data, allowed)
        ]
    assert seen > 25, seen
    report += [f"English copied from the French: {m!r}" for m in sorted(COPIED)]
    assert not report, f"{len(report)} text(s) outside the catalogue:\n" + "\n".join(report)


def test_the_check_sees_an_english_string_copied_from_the_french():
    COPIED.clear()
    copied_french("en", "Département", "Département")
    copied_french("en", "Budget", "Budget")  # the same word in both languages
    copied_french("en", "Académie", "Academy")
    copied_french("fr", "Académie", "Académie")
    assert {"Département"} == COPIED


def test_the_check_sees_a_string_left_out_of_the_catalogue():
    html = f'<p>{OPEN}Schools{CLOSE} Karim</p><p>Écoles du dossier</p><button aria-label="Retirer">x</button>'
    found = misses(html, ["Karim"], set())
    assert len(found) == 2, found
    assert "Écoles" in found[1] and "Retirer" in found[0] or "Retirer" in found[1]
