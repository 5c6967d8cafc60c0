"""Evaluating a dossier: the funding, then every rule, as the contract's output."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from .call import CallDefinition
from .dossier import Dossier
from .findings import BLOCKING, Context, Finding
from .funding import Funding, compute_funding
from .money import money_text
from .rules import CHECKS


@dataclass(frozen=True)
class Evaluation:
    """What the call says of a dossier: the findings and the financing plan."""

    call: CallDefinition
    findings: list[Finding]
    funding: Funding

    @property
    def eligible(self) -> bool:
        """No blocking finding."""
        return not any(f.severity == BLOCKING for f in self.findings)

    def blocking(self) -> list[Finding]:
        """The findings that prevent the deposit."""
        return [f for f in self.findings if f.severity == BLOCKING]

    def at(self, prefix: str) -> list[Finding]:
        """The findings about a place and what it contains (`schools[2]` gives its UAI's too)."""
        return list(self._by_place.get(prefix, ()))

    @cached_property
    def _by_place(self) -> dict[str, list[Finding]]:
        """Each finding under its path and every dotted prefix of it, built once: asking for
        each of n schools costs O(n) in all, not O(n × findings)."""
        index: dict[str, list[Finding]] = {}
        for finding in self.findings:
            parts = finding.path.split(".")
            for end in range(1, len(parts) + 1):
                index.setdefault(".".join(parts[:end]), []).append(finding)
        return index


def evaluate(dossier: Dossier, call: CallDefinition, at: datetime | None = None) -> Evaluation:
    """Run every rule of the call on the dossier; `at` checks the call's window too."""
    funding = compute_funding(dossier, call)
    ctx = Context(dossier, call, funding, at)
    findings = [f for check in CHECKS for f in check(ctx)]
    return Evaluation(call, findings, funding)


def evaluation_to_data(ev: Evaluation, locale: str | None = None) -> dict[str, Any]:
    """The evaluation in the contract's JSON form, messages in the locale."""
    f = ev.funding
    return {
        "call": ev.call.id,
        "eligible": ev.eligible,
        "findings": [
            {"rule": x.rule, "severity": x.severity, "path": x.path, "message": x.render(locale)}
            for x in ev.findings
        ],
        "funding": {
            "base": f.base,
            "project_cost": money_text(f.project_cost),
            "equipment": _volet(f.equipment),
            "services": _volet(f.services),
            "state_subsidy": money_text(f.state_subsidy),
            "cofunding": money_text(f.cofunding),
            "own_contribution": money_text(f.own_contribution),
        },
        "schools": [_school(s) for s in f.schools],
    }


def _volet(v: Any) -> dict[str, str]:
    return {
        "expense": money_text(v.expense),
        "eligible": money_text(v.eligible),
        "subsidy": money_text(v.subsidy),
    }


def _school(s: Any) -> dict[str, Any]:
    if not s.eligible:
        return {"uai": s.uai, "eligible": False}
    return {
        "uai": s.uai,
        "eligible": True,
        "equipment_expense": money_text(s.equipment_expense),
        "equipment_cap": money_text(s.equipment_cap),
        "equipment_eligible": money_text(s.equipment_eligible),
    }
