"""One simulated member of a collectivité building their dossier: open a step, save it, again,
until the end of the test; every answer is timed, every acknowledged write remembered."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from grants.identifiers import uai_check_letter

from .server import Browser

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_VERSION = re.compile(r'name="version"[^>]*value="(\d+)"')
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


@dataclass
class Record:
    """What one user did and what the application acknowledged."""

    timings: list[tuple[str, int, float]] = field(default_factory=list)  # (kind, status, seconds)
    failures: list[str] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)  # UAIs acknowledged
    lines: list[str] = field(default_factory=list)  # labels acknowledged
    summary: str | None = None  # the last project text acknowledged
    rep_name: str | None = None  # the last representative acknowledged


class SimulatedUser:
    def __init__(self, base: str, index: int, email: str, password: str, dossier_id: int):
        self.base, self.index, self.email, self.password = base, index, email, password
        self.dossier = f"/dossiers/{dossier_id}"
        self.browser, self.record, self.count, self.token = Browser(), Record(), 0, ""

    def _call(self, kind: str, path: str, data: dict | None = None, expect: int = 200) -> str:
        started = time.perf_counter()
        try:
            status, _location, body = self.browser.open(self.base + path, data)
        except OSError as exc:
            self.record.timings.append((kind, 0, time.perf_counter() - started))
            self.record.failures.append(f"{kind} {path}: {exc}")
            return ""
        self.record.timings.append((kind, status, time.perf_counter() - started))
        token = _TOKEN.search(body or "")
        if token:  # as a browser does, the next form sent carries the token of the last page
            self.token = token.group(1)
        if status != expect:
            self.record.failures.append(f"{kind} {path}: {status} instead of {expect}")
            return ""
        return body or "ok"

    def sign_in(self) -> bool:
        if not self._call("page", "/connexion"):
            return False
        return bool(
            self._call(
                "sign-in",
                "/connexion",
                {"email": self.email, "password": self.password, "csrf_token": self.token},
                302,
            )
        )

    def _post(self, kind: str, path: str, data: dict) -> bool:
        return bool(self._call(kind, path, {**data, "csrf_token": self.token}, 302))

    def _version(self, page_path: str) -> str | None:
        match = _VERSION.search(self._call("page", page_path))
        return match.group(1) if match else None

    def add_school(self) -> None:
        if len(self.record.schools) >= MAX_SCHOOLS:
            return
        # a UAI of its own to each school of each user: 0DD + user (2 digits) + school (2 digits)
        digits = f"0{10 + self.index // 100:02d}{self.index % 100:02d}{len(self.record.schools):02d}"
        uai = digits + uai_check_letter(digits)
        self._call("page", f"{self.dossier}/ecoles")
        if self._post(
            "save",
            f"{self.dossier}/ecoles/nouvelle",
            {
                "uai": uai,
                "name": f"École {uai}",
                "kind": "elementaire",
                "sector": "public",
                "classes": "3",
                "pupils": "60",
            },
        ):
            self.record.schools.append(uai)

    def add_line(self) -> None:
        if len(self.record.lines) >= MAX_LINES:
            return
        label = f"Ligne u{self.index} n{self.count}"
        self._call("page", f"{self.dossier}/budget")
        if self._post(
            "save",
            f"{self.dossier}/budget/nouvelle",
            {
                "school": "__dossier__",
                "category": "service_ent",
                "label": label,
                "quantity": "1",
                "unit_price_ht": "100",
                "vat_rate": "20",
                "duration_months": "12",
            },
        ):
            self.record.lines.append(label)

    def save_project(self) -> None:
        version = self._version(f"{self.dossier}/projet")
        text = f"Projet u{self.index} n{self.count}"
        if version and self._post(
            "save",
            f"{self.dossier}/projet",
            {"version": version, "summary": text, "pedagogy": "Usages", "ien": "IEN", "concertation": "Oui"},
        ):
            self.record.summary = text

    def save_collectivite(self) -> None:
        version = self._version(f"{self.dossier}/collectivite")
        name = f"Élue u{self.index} n{self.count}"
        if version and self._post(
            "save",
            f"{self.dossier}/collectivite",
            {**COLLECTIVITE, "version": version, "name": f"Commune {self.index}", "rep_name": name},
        ):
            self.record.rep_name = name

    def look(self) -> None:
        self._call("page", f"{self.dossier}/recap")

    def run(self, deadline: float) -> Record:
        """Build the dossier until `deadline` (time.monotonic())."""
        if not self.sign_in():
            self.record.failures.append("sign-in failed")
            return self.record
        steps = (
            self.add_school,
            self.add_line,
            self.save_project,
            self.look,
            self.save_collectivite,
            self.add_line,
        )
        while time.monotonic() < deadline:
            steps[self.count % len(steps)]()
            self.count += 1
        return self.record
