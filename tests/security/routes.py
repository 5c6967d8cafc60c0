"""Every route of the application, read from its URL map, and how to fill its URL from the world."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

from app import create_app

from .world import DOSSIER_VARIABLES, OWNED_VARIABLES, World

SKIPPED_METHODS = {"HEAD", "OPTIONS"}
# Views that cannot carry @policy, with the policy they have.
BUILT_IN = {"static": "public"}
_VARIABLE = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


@dataclass(frozen=True)
class Route:
    endpoint: str
    rule: str
    method: str
    kind: str | None  # None: the view declares no policy
    variables: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.method} {self.rule}"

    @property
    def targets(self) -> tuple[str | None, ...]:
        """The world's dossiers this route can be pointed at (None: it names no dossier)."""
        names = [DOSSIER_VARIABLES[v] for v in self.variables if v in DOSSIER_VARIABLES]
        if not names:
            return (None,)
        # B (a shared draft of another département) adds a case of reading; its writes are A2's.
        candidates = ("A", "A2", "B") if self.method == "GET" else ("A", "A2")
        return tuple(t for t in candidates if all(t in n for n in names))

    @property
    def owned(self) -> bool:
        """Whether the URL names something of one person (see OWNED_VARIABLES)."""
        return any(v in OWNED_VARIABLES for v in self.variables)

    def url(
        self, world: World, target: str | None, owner: str = "member_a", overrides: dict | None = None
    ) -> str:
        """The route's URL with every variable taken from the world (what belongs to someone is
        the owner's) or from `overrides`; fails the test when the world has no value for a variable."""
        values = dict(world.globals)
        if target:
            values.update(world.values[target])
        values.update({name: world.owned[name].get(owner) for name in OWNED_VARIABLES if name in world.owned})
        values.update({f"{self.endpoint}:{k}": v for k, v in (overrides or {}).items()})

        def value(match: re.Match) -> str:
            name = match.group(1)
            found = values.get(f"{self.endpoint}:{name}", values.get(name))
            if found is None:
                raise AssertionError(
                    f"The route {self.rule} (endpoint {self.endpoint}) has the URL variable <{name}> that "
                    f"the access-matrix fixture world does not know: add a value for {name!r} to "
                    "tests/security/world.py (_dossier_values and DOSSIER_VARIABLES when it names something "
                    "of a dossier, _global_values otherwise)."
                )
            return quote(str(found), safe="/")

        return _VARIABLE.sub(value, self.rule)


def _policy(view, method: str) -> str | None:
    attribute = "access_policy" if method == "GET" else "access_policy_post"
    return getattr(view, attribute, None)


@cache
def routes() -> tuple[Route, ...]:
    """(rule, method) pairs of the application, with the policy their view declares."""
    application = create_app(
        {"TESTING": True, "SECRET_KEY": "routes", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    found = []
    for rule in sorted(application.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        view = application.view_functions[rule.endpoint]
        for method in sorted(rule.methods - SKIPPED_METHODS):
            kind = BUILT_IN.get(rule.endpoint) or _policy(view, method)
            found.append(Route(rule.endpoint, rule.rule, method, kind, tuple(_VARIABLE.findall(rule.rule))))
    return tuple(found)
