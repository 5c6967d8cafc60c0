"""The dossier's JSON form (the contract's format, for every call): reading it with one error per problem, writing it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .bounds import MAXIMUM, PRICE_PLACES, QUANTITY_PLACES, line_problems
from .call import CallDefinition, get_call
from .call import known_calls as installed_calls
from .dossier import Cofunder, Collectivite, Dossier, Line, Person, Project, School
from .i18n import N_
from .money import money_text, parse_decimal
from .params import Money, Pct, render
from .text import clean_text, refused_character

# The interchange format's name, as the contract spells it (dossier-format.md): one format for
# every call, the `call` member names the call. Written and read as is, whatever the call.
FORMAT = "dossier-snee/1"
COFUNDING_KINDS = ("departement", "region", "detr", "dsil", "europe", "autre_public", "prive")
COFUNDING_STATUSES = ("requested", "granted")
COFUNDING_BASES = ("equipment", "services", "project")


@dataclass(frozen=True)
class LoadError:
    """One problem of a document that is not a valid dossier, at a path like `schools[2].uai`."""

    path: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, locale: str | None = None) -> str:
        """`path: message` in the locale."""
        text = render(self.message, self.params, locale)
        return f"{self.path}: {text}" if self.path else text


class DossierError(ValueError):
    """A document that cannot be read as a dossier; `errors` lists every problem."""

    def __init__(self, errors: list[LoadError]):
        super().__init__("; ".join(e.render("en") for e in errors))
        self.errors = errors

    def render(self, locale: str | None = None) -> list[str]:
        """Every problem as a sentence in the locale."""
        return [e.render(locale) for e in self.errors]


class _Reader:
    """Reads typed values out of a JSON tree, collecting errors instead of raising."""

    def __init__(self) -> None:
        self.errors: list[LoadError] = []

    def fail(self, path: str, message: str, **params: Any) -> None:
        self.errors.append(LoadError(path, message, params))

    def obj(self, data: Any, path: str) -> dict[str, Any] | None:
        if isinstance(data, dict):
            return data
        self.fail(path, N_("un objet JSON ({…}) est attendu, reçu %(got)s"), got=_show(data))
        return None

    def get(self, data: dict[str, Any], key: str, path: str, required: bool = True) -> Any:
        if key not in data or data[key] is None:
            if required:
                self.fail(_join(path, key), N_("cette valeur est obligatoire"))
            return None
        return data[key]

    def text(
        self,
        data: dict,
        key: str,
        path: str,
        required: bool = True,
        default: str = "",
        multiline: bool = False,
    ) -> str:
        value = self.get(data, key, path, required)
        if value is None:
            return default
        if not isinstance(value, str):
            self.fail(_join(path, key), N_("un texte est attendu, reçu %(got)s"), got=_show(value))
            return default
        value = clean_text(value, multiline)  # grants/text.py: breaks cleaned, other controls refused
        found = refused_character(value)
        if found:
            self.fail(
                _join(path, key),
                N_(
                    "un caractère de contrôle invisible (%(code)s, caractère n° %(position)s) ne peut pas être enregistré"
                ),
                code=found[0],
                position=found[1],
            )
            return default
        return value

    def whole(self, data: dict, key: str, path: str, required: bool = True, minimum: int = 0) -> int | None:
        value = self.get(data, key, path, required)
        if value is None:
            return None
        number = parse_decimal(value) if not isinstance(value, str) else None
        if number is None or number != number.to_integral_value():
            self.fail(_join(path, key), N_("un nombre entier est attendu, reçu %(got)s"), got=_show(value))
            return None
        if number < minimum:
            self.fail(
                _join(path, key),
                N_("un nombre d'au moins %(min)s est attendu, reçu %(got)s"),
                min=minimum,
                got=_show(value),
            )
            return None
        if number > MAXIMUM:
            self._too_large(_join(path, key), value)
            return None
        return int(number)

    def _too_large(self, where: str, value: Any) -> None:
        self.fail(
            where, N_("un nombre d'au plus %(max)s est attendu, reçu %(got)s"), max=MAXIMUM, got=_show(value)
        )

    def decimal(
        self, data: dict, key: str, path: str, required: bool = True, positive: bool = False, places: int = 4
    ) -> Decimal | None:
        value = self.get(data, key, path, required)
        if value is None:
            return None
        number = parse_decimal(value)
        where = _join(path, key)
        if number is None:
            self.fail(
                where,
                N_('un nombre décimal écrit avec un point est attendu (par exemple "2100.00"), reçu %(got)s'),
                got=_show(value),
            )
        elif positive and number <= 0:
            self.fail(where, N_("un nombre supérieur à zéro est attendu, reçu %(got)s"), got=_show(value))
        elif number < 0:
            self.fail(where, N_("un nombre positif ou nul est attendu, reçu %(got)s"), got=_show(value))
        elif number > MAXIMUM:
            self._too_large(where, value)
        elif -number.as_tuple().exponent > places and number != round(number, places):  # type: ignore[operator]
            self.fail(
                where,
                N_("%(places)s décimales au plus sont acceptées, reçu %(got)s"),
                places=places,
                got=_show(value),
            )
        else:
            return number
        return None

    def boolean(self, data: dict, key: str, path: str, default: bool) -> bool:
        value = self.get(data, key, path, required=False)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(_join(path, key), N_("true ou false est attendu, reçu %(got)s"), got=_show(value))
            return default
        return value

    def choice(
        self, data: dict, key: str, path: str, choices: tuple[str, ...], required: bool = True
    ) -> str | None:
        value = self.text(data, key, path, required, default="")
        if value and value not in choices:
            self.fail(
                _join(path, key),
                N_("une de ces valeurs est attendue : %(choices)s ; reçu %(got)s"),
                choices=", ".join(choices),
                got=_show(value),
            )
            return None
        return value or None

    def items(self, data: dict, key: str, path: str, required: bool = True) -> list[tuple[str, Any]]:
        value = self.get(data, key, path, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(_join(path, key), N_("une liste ([…]) est attendue, reçu %(got)s"), got=_show(value))
            return []
        return [(f"{_join(path, key)}[{i}]", item) for i, item in enumerate(value)]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _person(r: _Reader, data: dict, key: str, path: str) -> Person:
    raw = r.get(data, key, path, required=False)
    if raw is None:
        return Person()
    obj = r.obj(raw, _join(path, key))
    if obj is None:
        return Person()
    where = _join(path, key)
    return Person(*(r.text(obj, k, where, required=False) for k in ("name", "title", "email", "phone")))


def _collectivite(r: _Reader, data: Any) -> Collectivite | None:
    obj = r.obj(data, "collectivite") if data is not None else None
    if obj is None:
        return None
    p = "collectivite"
    population = r.whole(obj, "population", p, required=False)
    return Collectivite(
        kind=r.text(obj, "kind", p),
        name=r.text(obj, "name", p),
        siret=r.text(obj, "siret", p),
        insee=r.text(obj, "insee", p),
        departement=r.text(obj, "departement", p, required=False),
        population=population,
        vat_recovered=r.boolean(obj, "vat_recovered", p, default=True),
        representative=_person(r, obj, "representative", p),
        contact=_person(r, obj, "contact", p),
    )


def _inventory(r: _Reader, obj: dict, path: str) -> dict[str, int]:
    raw = r.get(obj, "inventory", path, required=False)
    if raw is None:
        return {}
    inv = r.obj(raw, _join(path, "inventory"))
    if inv is None:
        return {}
    counts = {code: r.whole(inv, code, _join(path, "inventory")) for code in inv}
    return {code: n for code, n in counts.items() if n is not None}


def _school(r: _Reader, path: str, data: Any) -> School | None:
    obj = r.obj(data, path)
    if obj is None:
        return None
    return School(
        uai=r.text(obj, "uai", path),
        name=r.text(obj, "name", path),
        kind=r.text(obj, "kind", path),
        sector=r.text(obj, "sector", path),
        classes=r.whole(obj, "classes", path) or 0,
        pupils=r.whole(obj, "pupils", path) or 0,
        inventory=_inventory(r, obj, path),
    )


def _line(r: _Reader, path: str, data: Any, call: CallDefinition | None) -> Line | None:
    obj = r.obj(data, path)
    if obj is None:
        return None
    school = r.get(obj, "school", path, required=False)
    if school is not None and not isinstance(school, str):
        r.fail(
            _join(path, "school"),
            N_("l'UAI d'une école ou null est attendu, reçu %(got)s"),
            got=_show(school),
        )
        school = None
    vat = r.decimal(obj, "vat_rate", path, required=False)
    quantity = r.decimal(obj, "quantity", path, positive=True, places=QUANTITY_PLACES)
    unit_price = r.decimal(obj, "unit_price_ht", path, places=PRICE_PLACES)
    months = r.whole(obj, "duration_months", path, required=False, minimum=1)
    if call is not None:
        for problem in line_problems(call, quantity, unit_price, vat, months):
            r.fail(_join(path, problem.field), problem.message, **problem.params)
    return Line(
        school=school,
        category=r.text(obj, "category", path),
        label=r.text(obj, "label", path),
        quantity=quantity or Decimal(0),
        unit_price_ht=unit_price or Decimal(0),
        vat_rate=vat,
        duration_months=months,
    )


def _cofunder(r: _Reader, path: str, data: Any) -> Cofunder | None:
    obj = r.obj(data, path)
    if obj is None:
        return None
    rate = r.decimal(obj, "rate", path, required=False)
    base = r.choice(obj, "base", path, COFUNDING_BASES, required=False)
    if rate is not None and rate > 1:
        r.fail(
            _join(path, "rate"),
            N_("un taux entre 0 et 1 est attendu (0.10 pour 10 %%), reçu %(got)s"),
            got=_show(obj["rate"]),
        )
    has_rate, has_base = obj.get("rate") is not None, obj.get("base") is not None
    if has_rate and not has_base:
        r.fail(_join(path, "base"), N_("un taux (rate) demande sa base : equipment, services ou project"))
    elif has_base and not has_rate:
        r.fail(_join(path, "rate"), N_('une base (base) demande son taux, par exemple "0.10"'))
    # With a rate, the amount may be left out: it is rate × base (checked in _reconcile).
    amount = r.decimal(obj, "amount", path, required=rate is None, places=2)
    return Cofunder(
        funder=r.text(obj, "funder", path),
        kind=r.choice(obj, "kind", path, COFUNDING_KINDS) or "",
        amount=amount if amount is not None else Decimal(0),
        status=r.choice(obj, "status", path, COFUNDING_STATUSES) or "",
        rate=rate,
        base=base,
    )


def _reconcile(r: _Reader, dossier: Dossier, stated: list[Decimal | None], call: CallDefinition) -> None:
    """A contribution given as a rate is rate × base, the one figure the rules count: an amount
    stated beside it must be that figure (or is left out and takes it)."""
    from .funding import cofunder_amount, compute_funding

    if not any(f.rate is not None for f in dossier.cofunding):
        return
    bases = compute_funding(dossier, call).rate_bases
    for i, (funder, amount) in enumerate(zip(dossier.cofunding, stated, strict=True)):
        if funder.rate is None or funder.base not in bases:
            continue
        computed = cofunder_amount(funder, bases)
        if amount is not None and amount != computed:
            r.fail(
                f"cofunding[{i}].amount",
                N_(
                    "le montant %(amount)s ne correspond pas au taux : %(rate)s × %(base)s = %(computed)s ; "
                    "écrivez ce montant, ou retirez rate et base pour garder le montant"
                ),
                amount=Money(amount),
                rate=Pct(funder.rate),
                base=Money(bases[funder.base]),
                computed=Money(computed),
            )
        funder.amount = computed


def _project(r: _Reader, data: dict) -> Project:
    raw = r.get(data, "project", "", required=False)
    obj = r.obj(raw, "project") if raw is not None else None
    if obj is None:
        return Project()
    return Project(
        *(
            r.text(obj, k, "project", required=False, multiline=True)
            for k in ("summary", "pedagogy", "ien", "concertation")
        )
    )


def dossier_from_data(data: Any, known_calls: tuple[str, ...] | None = None) -> Dossier:
    """A dossier from its parsed JSON; raises DossierError listing every problem."""
    r = _Reader()
    root = r.obj(data, "")
    if root is None:
        raise DossierError(r.errors)
    fmt = r.text(root, "format", "")
    if fmt and fmt != FORMAT:
        r.fail(
            "format",
            N_("le format « %(expected)s » est attendu, reçu %(got)s"),
            expected=FORMAT,
            got=_show(fmt),
        )
    call = r.text(root, "call", "")
    known_calls = tuple(installed_calls()) if known_calls is None else known_calls
    if call and call not in known_calls:
        r.fail(
            "call",
            N_("appel inconnu %(got)s ; appels connus : %(choices)s"),
            got=_show(call),
            choices=", ".join(known_calls),
        )
    collectivite = _collectivite(r, r.get(root, "collectivite", ""))
    schools = [_school(r, p, d) for p, d in r.items(root, "schools", "")]
    definition = get_call(call) if call in known_calls else None
    lines = [_line(r, p, d, definition) for p, d in r.items(root, "lines", "")]
    raw_cofunding = r.items(root, "cofunding", "", required=False)
    cofunding = [_cofunder(r, p, d) for p, d in raw_cofunding]
    project = _project(r, root)
    if r.errors or collectivite is None:
        raise DossierError(r.errors)
    dossier = Dossier(
        call=call,
        collectivite=collectivite,
        schools=[s for s in schools if s],
        lines=[ln for ln in lines if ln],
        cofunding=[c for c in cofunding if c],
        project=project,
    )
    if definition is not None:
        stated = [parse_decimal(d.get("amount")) if isinstance(d, dict) else None for _p, d in raw_cofunding]
        _reconcile(r, dossier, stated, definition)
        if r.errors:
            raise DossierError(r.errors)
    return dossier


def dossier_from_json(text: str | bytes, known_calls: tuple[str, ...] | None = None) -> Dossier:
    """A dossier from JSON text; raises DossierError when it is not JSON or not a dossier."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise DossierError(
            [LoadError("", N_("le fichier n'est pas du JSON valide : %(why)s"), {"why": str(exc)})]
        ) from None
    return dossier_from_data(data, known_calls)


def _number(value: Decimal) -> int | str:
    return int(value) if value == value.to_integral_value() else format(value.normalize(), "f")


def dossier_to_data(d: Dossier) -> dict[str, Any]:
    """The dossier in the interchange format, ready for `json.dumps`."""
    c = d.collectivite
    person = lambda p, keys: {k: getattr(p, k) for k in keys}  # noqa: E731
    return {
        "format": FORMAT,
        "call": d.call,
        "collectivite": {
            "kind": c.kind,
            "name": c.name,
            "siret": c.siret,
            "insee": c.insee,
            "departement": c.departement,
            "population": c.population,
            "vat_recovered": c.vat_recovered,
            "representative": person(c.representative, ("name", "title")),
            "contact": person(c.contact, ("name", "email", "phone")),
        },
        "schools": [
            {
                "uai": s.uai,
                "name": s.name,
                "kind": s.kind,
                "sector": s.sector,
                "classes": s.classes,
                "pupils": s.pupils,
                "inventory": dict(s.inventory),
            }
            for s in d.schools
        ],
        "lines": [_line_data(ln) for ln in d.lines],
        "cofunding": [_cofunder_data(f) for f in d.cofunding],
        "project": {
            "summary": d.project.summary,
            "pedagogy": d.project.pedagogy,
            "ien": d.project.ien,
            "concertation": d.project.concertation,
        },
    }


def _line_data(ln: Line) -> dict[str, Any]:
    data: dict[str, Any] = {
        "school": ln.school,
        "category": ln.category,
        "label": ln.label,
        "quantity": _number(ln.quantity),
        "unit_price_ht": money_text(ln.unit_price_ht),
        "vat_rate": money_text(ln.vat_rate) if ln.vat_rate is not None else "0.20",
    }
    if ln.duration_months is not None:
        data["duration_months"] = ln.duration_months
    return data


def _cofunder_data(f: Cofunder) -> dict[str, Any]:
    data: dict[str, Any] = {
        "funder": f.funder,
        "kind": f.kind,
        "amount": money_text(f.amount),
        "status": f.status,
    }
    if f.rate is not None:
        data["rate"] = money_text(f.rate)
    if f.base is not None:
        data["base"] = f.base
    return data
