"""The simulated people of the load test. Each signs in through the form, then works until the
deadline, reading pages and sending forms as a browser does (every field the page holds, with
its own changes typed over them), pausing between actions for a think time drawn at random.

- `Builder`: a member building the dossier: schools, lines, the project, the collectivité.
- `Reader`: a member of the team (or an elected official) who opens the steps and the recap.
- `Depositor`: a member whose dossier is complete: reads it, then deposits it in the last
  quarter of the test, as teams do on the deadline day.
- `Inspector`: opens the inbox, pages and filters it, opens a dossier.

Every answer is timed (kind, status, seconds, role); every acknowledged write is remembered and
looked for in the database at the end (loadtest/report.py).
"""

from __future__ import annotations

import abc
import base64
import hashlib
import random
import re
import time
from dataclasses import dataclass, field

from grants.identifiers import uai_check_letter

from .forms import Form, forms
from .server import Browser

MAX_SCHOOLS, MAX_LINES = 60, 150  # the dossier stays a realistic size however long the test runs
COLLECTIVITE = {
    "kind": "commune",
    "siret": "21710112000012",
    "insee": "71412",
    "departement": "71",
    "population": "820",
    "vat_recovered": "y",
    "rep_title": "Maire",
    "contact_name": "Karim",
    "contact_email": "k@example.fr",
    "contact_phone": "01 02 03 04 05",
}
STEPS = ("collectivite", "ecoles", "etat", "budget", "cofinancements", "projet", "recap")
_DOSSIER_LINK = re.compile(r'href="(/inspection/dossiers/\d+)"')


@dataclass
class Record:
    """What one person did and what the application acknowledged."""

    role: str = "builder"
    timings: list[tuple[str, int, float]] = field(default_factory=list)  # (kind, status, seconds)
    failures: list[str] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)  # UAIs acknowledged
    lines: list[str] = field(default_factory=list)  # labels acknowledged
    summary: str | None = None  # the last project text acknowledged
    rep_name: str | None = None  # the last representative acknowledged
    deposited: bool = False  # the deposit was acknowledged


def totp_secret_of(email: str) -> str:
    """The authenticator key of a simulated inspector (derived from the address, so that the
    person computes the codes their phone would show: inspectors pass a second factor)."""
    return base64.b32encode(hashlib.sha256(email.encode()).digest()[:20]).decode()


def form_with(html: str, name: str, action_part: str = "") -> Form | None:
    """The first POST form of the page that has the field `name` (and whose action contains
    `action_part`)."""
    for form in forms(html):
        if form.method == "post" and name in form.fields and action_part in form.action:
            return form
    return None


class Person(abc.ABC):
    """Signs in, then does `step()` with think times until the deadline."""

    role = "person"

    def __init__(
        self, base: str, index: int, email: str, password: str, dossier_id: int | None, think: float
    ):
        self.base, self.index, self.email, self.password = base, index, email, password
        self.dossier = f"/dossiers/{dossier_id}" if dossier_id else ""
        self.browser, self.record, self.count = Browser(), Record(role=self.role), 0
        self.think, self.random = think, random.Random(index)
        self.started = self.deadline = 0.0
        self.last_path = "/"

    def _call(self, kind: str, path: str, data: dict | None = None, expect: int = 200) -> str:
        started = time.perf_counter()
        try:
            status, _location, body = self.browser.open(self.base + path, data)
        except OSError as exc:
            self.record.timings.append((kind, 0, time.perf_counter() - started))
            self.record.failures.append(f"{self.role} {kind} {path}: {exc}")
            return ""
        self.record.timings.append((kind, status, time.perf_counter() - started))
        if status != expect:
            self.record.failures.append(f"{self.role} {kind} {path}: {status} instead of {expect}")
            return ""
        return body or "ok"

    def page(self, path: str) -> str:
        self.last_path = path  # where a form without an action is sent, as a browser does
        return self._call("page", path)

    def send(self, form: Form | None, what: str = "save", **changes: str) -> bool:
        """Send the form as the browser would, with `changes`; True when acknowledged (302)."""
        if form is None:
            self.record.failures.append(f"{self.role} {what}: the form is not on the page")
            return False
        return bool(self._call(what, form.action or self.last_path, form.data(**changes), 302))

    def sign_in(self) -> bool:
        form = form_with(self.page("/connexion"), "email")
        return self.send(form, "sign-in", email=self.email, password=self.password)

    def pause(self) -> None:
        if self.think > 0:
            time.sleep(min(self.random.expovariate(1 / self.think), 4 * self.think))

    @abc.abstractmethod
    def step(self) -> None:
        """One action of the role (each role defines it)."""

    def run(self, deadline: float) -> Record:
        """Work until `deadline` (time.monotonic())."""
        self.started, self.deadline = time.monotonic(), deadline
        if not self.sign_in():
            self.record.failures.append(f"{self.role}: sign-in failed")
            return self.record
        while time.monotonic() < deadline:
            self.step()
            self.count += 1
            self.pause()
        return self.record


class Builder(Person):
    """Builds the dossier, one action after the other."""

    role = "builder"

    def add_school(self) -> None:
        if len(self.record.schools) >= MAX_SCHOOLS:
            return self.look()
        # a UAI of its own to each school of each user: 0DD + user (2 digits) + school (2 digits)
        digits = f"0{10 + self.index // 100:02d}{self.index % 100:02d}{len(self.record.schools):02d}"
        uai = digits + uai_check_letter(digits)
        form = form_with(self.page(f"{self.dossier}/ecoles"), "uai", "nouvelle")
        changes = dict(
            uai=uai, name=f"École {uai}", kind="elementaire", sector="public", classes="3", pupils="60"
        )
        if self.send(form, **changes):
            self.record.schools.append(uai)

    def add_line(self) -> None:
        if len(self.record.lines) >= MAX_LINES:
            return self.look()
        label = f"Ligne u{self.index} n{self.count}"
        form = form_with(self.page(f"{self.dossier}/budget"), "label", "nouvelle")
        changes = dict(
            school="__dossier__",
            category="service_ent",
            label=label,
            quantity="1",
            unit_price_ht="100",
            vat_rate="20",
            duration_months="12",
        )
        if self.send(form, **changes):
            self.record.lines.append(label)

    def save_project(self) -> None:
        text = f"Projet u{self.index} n{self.count}"
        form = form_with(self.page(f"{self.dossier}/projet"), "summary")
        if self.send(form, summary=text, pedagogy="Usages", ien="IEN", concertation="Oui"):
            self.record.summary = text

    def save_collectivite(self) -> None:
        name = f"Élue u{self.index} n{self.count}"
        form = form_with(self.page(f"{self.dossier}/collectivite"), "rep_name")
        if self.send(form, **COLLECTIVITE, name=f"Commune {self.index}", rep_name=name):
            self.record.rep_name = name

    def look(self) -> None:
        self.page(f"{self.dossier}/recap")

    def step(self) -> None:
        actions = (
            self.add_school,
            self.add_line,
            self.save_project,
            self.look,
            self.save_collectivite,
            self.add_line,
        )
        actions[self.count % len(actions)]()


class Reader(Person):
    """Opens the dashboard, the steps and the recap of the team's dossier."""

    role = "reader"

    def step(self) -> None:
        if self.count % 8 == 0:
            self.page("/")
        else:
            self.page(f"{self.dossier}/{self.random.choice(STEPS)}")


class Depositor(Person):
    """Reads a complete dossier, then deposits it in the last quarter of the test."""

    role = "depositor"

    def step(self) -> None:
        late = time.monotonic() > self.started + 0.75 * (self.deadline - self.started)
        recap = self.page(f"{self.dossier}/recap")
        if late and not self.record.deposited and recap:
            form = next((f for f in forms(recap) if f.method == "post" and "deposer" in f.action), None)
            if self.send(form, "deposit", certify="1"):
                self.record.deposited = True
        elif not late:
            self.page(f"{self.dossier}/{self.random.choice(STEPS)}")


class Inspector(Person):
    """Opens the inbox of the département, a page of it, a filtered view, a dossier."""

    role = "inspector"

    def sign_in(self) -> bool:
        """The password, then the code of the authenticator, as an inspector signs in."""
        import pyotp

        if not super().sign_in():
            return False
        form = form_with(self.page("/connexion/code"), "code")
        return self.send(form, "sign-in", code=pyotp.TOTP(totp_secret_of(self.email)).now())

    def step(self) -> None:
        inbox = self.page("/inspection/" + ("" if self.count % 3 == 0 else f"?page={1 + self.count % 3}"))
        links = _DOSSIER_LINK.findall(inbox)
        if links and self.count % 2:
            self.page(self.random.choice(links))


ROLES = {cls.role: cls for cls in (Builder, Reader, Depositor, Inspector)}

# The share of each role in a mix; "build" is the first load test's (everyone writes, no pause).
MIXES = {
    "build": {"builder": 1.0},
    "deadline": {"reader": 0.6, "builder": 0.15, "depositor": 0.15, "inspector": 0.1},
}


def roles_for(mix: str, users: int) -> list[str]:
    """The role of each of `users` people (largest remainder, so the counts add up)."""
    shares = MIXES[mix]
    counts = {role: int(users * share) for role, share in shares.items()}
    rest = sorted(shares, key=lambda r: users * shares[r] - counts[r], reverse=True)
    for role in rest[: users - sum(counts.values())]:
        counts[role] += 1
    return [role for role, n in counts.items() for _ in range(n)]
