"""The life of a dossier, table-driven from grants.workflow: every action in every state by every
kind of actor, through the service and through the inspectors' pages; the log is immutable."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from grants.workflow import DECIDER, INSPECTOR, STATE_LABELS, TEAM, TRANSITIONS
from models import Avis, ChangeLog, Deposit, DossierRecord, StateChange, User, db
from services import review, workflow
from services.immutable import ImmutableRow

from .conftest import import_dossier

ACTORS = {"team": {TEAM}, "ien": {INSPECTOR}, "dasen": {INSPECTOR, DECIDER}}
STATES = tuple(STATE_LABELS)


def allowed(action: str, state: str, kinds: set[str]) -> bool:
    transition = TRANSITIONS[action]
    return state in transition.sources and transition.actor in kinds


def _set_state(dossier_id: int, state: str) -> DossierRecord:
    rec = db.session.get(DossierRecord, dossier_id)
    rec.state, rec.shared = state, True
    db.session.flush()
    return rec


def _with_avis(rec: DossierRecord, user: User) -> None:
    db.session.add(Avis(dossier_id=rec.id, by_id=user.id, value="favorable", motivation="Projet solide."))
    db.session.flush()


def _act(rec, user, action: str, kinds: set[str]):
    if action == "deposit":
        return workflow.transition(rec, user, action, kinds)
    decision = review.Decision(granted=Decimal("1.00"), convention="SNEE-71-0001")
    return review.move(rec, user, action, kinds, "Motif de l'action.", decision)


@pytest.mark.parametrize("action", TRANSITIONS)
def test_each_action_is_allowed_exactly_from_its_states_to_its_actor(app, cast, action):
    problems = []
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == cast.dasen.email))
        _with_avis(db.session.get(DossierRecord, cast.dossier_id), user)
        db.session.commit()
        for state in STATES:
            for who, kinds in ACTORS.items():
                rec = _set_state(cast.dossier_id, state)
                before = db.session.scalar(sa.select(sa.func.count(StateChange.id)))
                try:
                    change = _act(rec, user, action, kinds)
                    outcome = (change.from_state, change.to_state)
                except workflow.Refused as refused:
                    outcome = ("refused", refused.reasons[0])
                logged = db.session.scalar(sa.select(sa.func.count(StateChange.id))) - before
                expected = allowed(action, state, kinds)
                if expected and outcome != (state, TRANSITIONS[action].target):
                    problems.append(f"{who} {action} from {state}: {outcome}")
                if not expected and (outcome[0] != "refused" or rec.state != state or logged):
                    problems.append(f"{who} {action} from {state} should be refused: {outcome}")
                db.session.rollback()
    assert not problems, "\n".join(problems)


INSPECTOR_ACTIONS = [a for a, t in TRANSITIONS.items() if t.actor != TEAM]


def _post(cast, person, action: str):
    if action in ("instruct", "request_correction"):
        return person.post(cast.url("/etat"), {"action": action, "reason": "À préciser : le budget."})
    return person.post(
        cast.url("/decision"),
        {
            "action": action,
            "reason": "Décision motivée.",
            "granted": "1 000,00",
            "convention": "SNEE-71-0001",
        },
    )


@pytest.mark.parametrize("action", INSPECTOR_ACTIONS)
def test_the_pages_apply_each_inspector_action_only_when_the_workflow_allows_it(app, cast, action):
    problems = []
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == cast.dasen.email))
        _with_avis(db.session.get(DossierRecord, cast.dossier_id), user)
        db.session.commit()
    for state in STATES:
        for who, person in (("ien", cast.ien), ("dasen", cast.dasen)):
            with app.app_context():
                _set_state(cast.dossier_id, state)
                db.session.commit()
            response = _post(cast, person, action)
            expected = allowed(action, state, ACTORS[who])
            now = cast.state()
            if expected and (response.status_code != 302 or now != TRANSITIONS[action].target):
                problems.append(f"{who} {action} from {state}: {response.status_code}, now {now}")
            if not expected and (response.status_code not in (403, 409) or now != state):
                problems.append(f"{who} {action} from {state}: {response.status_code}, now {now}")
    assert not problems, "\n".join(problems)


def test_a_refused_transition_says_why(cast):
    cast.share()
    response = cast.dasen.post(cast.url("/etat"), {"action": "instruct"})
    assert response.status_code == 409
    assert "Cette action n'est pas possible dans l'état actuel du dossier." in response.get_data(as_text=True)
    assert cast.state() == "brouillon"


def test_an_ien_cannot_decide(cast):
    cast.deposit()
    cast.dasen.post(cast.url("/etat"), {"action": "instruct"})
    response = cast.ien.post(cast.url("/decision"), {"action": "accept", "reason": "Je décide."})
    assert response.status_code == 403
    assert "IA-DASEN ou DAN" in response.get_data(as_text=True)
    assert cast.state() == "en_instruction"


def test_accepting_needs_an_avis_first(cast):
    cast.deposit()
    cast.dasen.post(cast.url("/etat"), {"action": "instruct"})
    response = cast.dasen.post(cast.url("/decision"), {"action": "accept", "reason": "Très bien."})
    assert response.status_code == 409
    assert "Aucun avis n'a été donné sur le dépôt actuel" in response.get_data(as_text=True)
    assert cast.state() == "en_instruction"
    cast.ien.post(cast.url("/avis"), {"value": "favorable", "motivation": "Projet cohérent."})
    accept = {"action": "accept", "reason": "Très bien.", "granted": "7 500,00", "convention": "SNEE-71-042"}
    assert cast.dasen.post(cast.url("/decision"), accept).status_code == 302
    assert cast.state() == "accepte"


def test_a_correction_needs_its_reasons(cast):
    cast.deposit()
    response = cast.ien.post(cast.url("/etat"), {"action": "request_correction", "reason": "  "})
    assert response.status_code == 422
    assert "Indiquez ce qui doit être corrigé." in response.get_data(as_text=True)
    assert cast.state() == "depose"


def test_an_avis_needs_a_value_and_a_motivation(cast):
    cast.deposit()
    response = cast.ien.post(cast.url("/avis"), {"value": "excellent", "motivation": ""})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Motivez l'avis." in body and "Choisissez un avis : favorable" in body


def test_the_life_of_the_dossier_is_shown_as_its_history(cast):
    cast.deposit()
    cast.ien.post(cast.url("/etat"), {"action": "request_correction", "reason": "Ajoutez le devis du Wi-Fi."})
    cast.deposit()
    for page in (cast.url(), cast.wizard("/historique")):
        body = cast.team.get(page).get_data(as_text=True)
        assert "Ajoutez le devis du Wi-Fi." in body and "Correction demandée" in body
    with cast.app.app_context():
        changes = db.session.scalars(sa.select(StateChange).order_by(StateChange.id)).all()
        assert [(c.from_state, c.to_state) for c in changes] == [
            ("brouillon", "depose"),
            ("depose", "correction_demandee"),
            ("correction_demandee", "depose"),
        ]
        assert db.session.scalar(sa.select(sa.func.max(Deposit.number))) == 2


@pytest.mark.parametrize("model", [StateChange, Deposit, ChangeLog])
def test_the_audit_trail_cannot_be_changed_through_the_application(app, cast, model):
    cast.deposit()
    with app.app_context():
        row = db.session.scalars(sa.select(model)).first()
        column = {"StateChange": "reason", "Deposit": "digest", "ChangeLog": "label"}[model.__name__]
        setattr(row, column, "falsifié")
        with pytest.raises(ImmutableRow):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.scalars(sa.select(model)).first())
        with pytest.raises(ImmutableRow):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(ImmutableRow):
            db.session.execute(sa.update(model).values(**{column: "falsifié"}))
        with pytest.raises(ImmutableRow):
            db.session.execute(sa.delete(model))
        db.session.rollback()


def test_a_second_dossier_of_the_same_team_is_not_affected(app, cast):
    other = import_dossier(app, cast.org_id, "Autre dossier")
    cast.deposit()
    with app.app_context():
        assert db.session.get(DossierRecord, other).state == "brouillon"


def test_the_language_switch_after_a_refused_avis_opens_the_review_page(cast):
    import re

    cast.deposit()
    response = cast.ien.client.post(
        cast.url("/avis"),
        data={"value": "favorable", "motivation": ""},
        headers={"Referer": f"http://localhost{cast.url()}"},
    )
    assert response.status_code in (200, 422)
    page = response.get_data(as_text=True)
    target = re.search(r'<a href="([^"]+)" lang="en" hreflang="en">English</a>', page).group(1)
    switched = cast.ien.client.get(target.replace("&amp;", "&"))
    assert switched.headers["Location"].split("#")[0] == cast.url()
    assert cast.ien.client.get(switched.headers["Location"]).status_code == 200
