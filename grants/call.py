"""The call's definition as data: rates, caps, dates and the référentiel, each with its source."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

CALLS_DIR = Path(__file__).parent / "calls"


@dataclass(frozen=True)
class Sourced:
    """A value of the call with where it comes from and how sure we are of it."""

    value: Any
    source: str
    confidence: str


@dataclass(frozen=True)
class Band:
    """A slice of the equipment subsidy: up to `upper` euros (None: no limit) at `rate`."""

    upper: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class Category:
    """A budget category: a référentiel item (volet 1 or 2) or an expense outside the subsidy (0)."""

    code: str
    volet: int
    scope: str  # class, school, dossier or none


@dataclass(frozen=True)
class Milestone:
    """A date of the call's timetable (`code` names it in grants.labels.MILESTONE_LABELS)."""

    code: str
    when: date | None


@dataclass(frozen=True)
class Piece:
    """A kind of attachment: required always, only with a private school (`when = "private"`),
    or optional; `answers` are the rules whose warning it answers once attached (the parity
    calculation answers ELIG-PRIVATE)."""

    code: str
    required: bool = False
    when: str = ""
    answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepText:
    """How a call names one of the wizard's steps (`key`: its page) and the help under its title."""

    key: str
    title: str
    help: str = ""


@dataclass(frozen=True)
class CallDefinition:
    """Everything the rules need to know about one call."""

    id: str
    title: str
    rules_version: str
    timezone: str
    opens: datetime
    closes: datetime
    applicant_kinds: tuple[str, ...]
    school_kinds: tuple[str, ...]
    school_sectors: tuple[str, ...]
    private_sectors_needing_parity: tuple[str, ...]
    default_vat_rate: Decimal
    vat_rates: tuple[Decimal, ...]
    min_own_share: Decimal
    own_share_exempt_departements: tuple[str, ...]
    project_min_chars: int
    siren_prefix_commune: str
    siren_prefix_grouping: str
    # How the subsidy is computed (a model of grants.funding, by name) and which rules apply
    # (checks of grants.rules, by name), in the order their findings are listed.
    funding_model: str = "volets"
    rules: tuple[str, ...] = ()
    # Volets a line may have without naming a school (none: every line is a school's).
    dossier_wide_volets: tuple[int, ...] = ()
    # The "volets" model: per-class cap, dossier ceiling, bands; services per pupil.
    equipment_cap_per_class: Decimal = Decimal(0)
    equipment_min_per_school: Decimal = Decimal(0)
    equipment_ceiling: Decimal = Decimal(0)
    equipment_bands: tuple[Band, ...] = ()
    equipment_band_reading: str = "bands"
    services_rate: Decimal = Decimal(0)
    services_cap_per_pupil: Decimal = Decimal(0)
    services_max_months: int | None = None
    services_default_months: int = 12
    # The "school_band" model: each school's spend within [floor, cap], at a rate.
    school_floor: Decimal = Decimal(0)
    school_cap: Decimal = Decimal(0)
    school_rate: Decimal = Decimal(0)
    # A population criterion for these applicant kinds (None: none); groupings are warned.
    max_population: int | None = None
    population_kinds: tuple[str, ...] = ()
    grouping_kinds: tuple[str, ...] = ()
    # The référentiel's socle (SCHOOL-AT-SOCLE, proposed lines).
    socle_per_class: tuple[str, ...] = ()
    socle_per_school: tuple[str, ...] = ()
    socle_mobile_any: tuple[str, ...] = ()
    categories: dict[str, Category] = field(default_factory=dict)
    indicative_prices: dict[str, Decimal] = field(default_factory=dict)
    sources: dict[str, Sourced] = field(default_factory=dict, compare=False)
    # What the filed document says of the call: the programme that funds it, its timetable
    # (milestone code, date) and the pieces a dossier attaches (code, required, when).
    programme: str = ""
    timetable: tuple[Milestone, ...] = ()
    pieces: tuple[Piece, ...] = ()
    # The call's money (the TOML's [envelope]): the national envelope and, when the call's text
    # gives them, each département's (code: amount), each with its source.
    envelope_national: Sourced | None = field(default=None, compare=False)
    envelope_departements: dict[str, Sourced] = field(default_factory=dict, compare=False)
    # How the document names the schools' classes (grants.labels.CLASS_COUNT_LABELS: the 2021
    # call counts cycles 2 and 3, the 2020 label every class) and how its budget is laid out
    # (BUDGET_LAYOUTS: by volet, or school by school within the call's band).
    class_count: str = "cycles_2_3"
    budget_layout: str = "volets"
    # The call's own words on the wizard's pages (`[wording]`: a field's label or help, a
    # volet's name), French source text translated where shown (tools/i18n extracts them).
    wording: dict[str, str] = field(default_factory=dict, compare=False)
    # The wizard's steps as the call names them (`[[steps]]`, in order; services.steps.steps_of):
    # French source text, translated where shown. None: the wizard's own titles.
    steps: tuple[StepText, ...] = field(default=(), compare=False)

    def text(self, key: str) -> str:
        """The call's French wording of that key ("" when the call has none)."""
        return self.wording.get(key, "")

    def piece(self, code: str) -> Piece | None:
        """The attachment kind of that code, or None when the call does not list it."""
        return next((p for p in self.pieces if p.code == code), None)

    def category(self, code: str) -> Category | None:
        """The category of that code, or None when the call does not know it."""
        return self.categories.get(code)

    def local_time(self, at: datetime) -> datetime:
        """An instant in the call's time zone (a naive one is taken as already in it)."""
        tz = ZoneInfo(self.timezone)
        return at.replace(tzinfo=tz) if at.tzinfo is None else at.astimezone(tz)

    def is_open(self, at: datetime) -> bool:
        """Whether an instant (naive means the call's time zone) falls inside the window."""
        tz = ZoneInfo(self.timezone)
        # The window is given to the second: 23:59:59.5 is still within its last second.
        local = self.local_time(at).replace(microsecond=0)
        return self.opens.replace(tzinfo=tz) <= local <= self.closes.replace(tzinfo=tz)

    def with_values(self, **changes: Any) -> CallDefinition:
        """A copy of this call with some values changed (a second call, a correction)."""
        return replace(self, **changes)


_DECIMALS = {
    "equipment_cap_per_class",
    "equipment_min_per_school",
    "equipment_ceiling",
    "services_rate",
    "services_cap_per_pupil",
    "default_vat_rate",
    "min_own_share",
    "school_floor",
    "school_cap",
    "school_rate",
}
_TUPLES = {
    "applicant_kinds",
    "school_kinds",
    "school_sectors",
    "private_sectors_needing_parity",
    "own_share_exempt_departements",
    "socle_per_class",
    "socle_per_school",
    "socle_mobile_any",
    "population_kinds",
    "grouping_kinds",
    "dossier_wide_volets",
}


def _convert(name: str, value: Any) -> Any:
    if name in _DECIMALS:
        return Decimal(value)
    if name in _TUPLES:
        return tuple(value)
    if name in ("opens", "closes"):
        return datetime.fromisoformat(value)
    if name == "vat_rates":
        return tuple(Decimal(rate) for rate in value)
    if name == "equipment_bands":
        return tuple(Band(Decimal(b["upper"]) if "upper" in b else None, Decimal(b["rate"])) for b in value)
    return value


def load_call(path: Path) -> CallDefinition:
    """Read a call definition from its TOML file."""
    import tomllib  # read when a call is first asked for, not at start-up

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    sources = {
        name: Sourced(entry["value"], entry["source"], entry["confidence"])
        for name, entry in data["values"].items()
    }
    values = {name: _convert(name, s.value) for name, s in sources.items()}
    document = data.get("document", {})
    categories = {c["code"]: Category(c["code"], int(c["volet"]), c["scope"]) for c in data["categories"]}
    prices = {code: Decimal(v) for code, v in data.get("indicative_prices", {}).items() if code in categories}
    return CallDefinition(
        id=data["id"],
        title=data["title"],
        rules_version=data["rules_version"],
        timezone=data["timezone"],
        funding_model=data.get("funding_model", "volets"),
        rules=tuple(data["rules"]),
        categories=categories,
        indicative_prices=prices,
        sources=sources,
        programme=document.get("programme", ""),
        timetable=tuple(
            Milestone(m["code"], date.fromisoformat(m["date"]) if m.get("date") else None)
            for m in document.get("timetable", [])
        ),
        class_count=document.get("class_count", "cycles_2_3"),
        budget_layout=document.get("budget_layout", "volets"),
        pieces=tuple(
            Piece(p["code"], bool(p.get("required", False)), p.get("when", ""), tuple(p.get("answers", ())))
            for p in data.get("pieces", [])
        ),
        **_envelopes(data.get("envelope", {})),
        wording=dict(data.get("wording", {})),
        steps=tuple(StepText(st["key"], st["title"], st.get("help", "")) for st in data.get("steps", [])),
        **values,
    )


def _envelopes(table: dict) -> dict[str, Any]:
    """[envelope]: `national` and `departements.<code>`, each a value (euros) with its source."""

    def sourced(entry: dict) -> Sourced:
        return Sourced(Decimal(str(entry["value"])), entry["source"], entry["confidence"])

    national = table.get("national")
    return {
        "envelope_national": sourced(national) if national else None,
        "envelope_departements": {
            str(code).upper(): sourced(entry) for code, entry in table.get("departements", {}).items()
        },
    }


_CACHE: dict[str, CallDefinition] = {}


def get_call(call_id: str) -> CallDefinition | None:
    """The call of that identifier, from `grants/calls/<id>.toml`, or None."""
    if call_id not in _CACHE:
        path = CALLS_DIR / f"{call_id}.toml"
        if not call_id.replace("-", "").isalnum() or not path.is_file():
            return None
        _CACHE[call_id] = load_call(path)
    return _CACHE[call_id]


def call_messages(path: Path) -> list[str]:
    """The French texts of a call's file that pages show: its title, its wording and its steps'
    titles and help."""
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    steps = [text for st in data.get("steps", []) for text in (st["title"], st.get("help", "")) if text]
    return [data["title"], *data.get("wording", {}).values(), *steps]


def known_calls() -> list[str]:
    """Identifiers of every call this installation knows."""
    return sorted(p.stem for p in CALLS_DIR.glob("*.toml"))


def default_call_id(at: datetime) -> str:
    """The call a dossier belongs to when none is named: the one open at that instant (aware),
    or else the one that closed last (its file's dates; published sessions aside)."""
    calls = [c for c in (get_call(i) for i in known_calls()) if c is not None]
    return min(calls, key=lambda c: (not c.is_open(at), -c.local_time(c.closes).timestamp())).id
