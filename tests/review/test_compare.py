"""What changed between two deposits: schools, lines and amounts, read as a person would."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from grants.compare import ADDED, CHANGED, REMOVED, SAME, compare_deposits
from grants.evaluation import evaluation_to_data
from grants.loader import dossier_to_data
from tests.grants import factories as fx


def compare(before, after):
    """Compare two domain dossiers the way two frozen deposits are compared."""
    return compare_deposits(
        dossier_to_data(before),
        evaluation_to_data(fx.evaluated(before), "fr"),
        dossier_to_data(after),
        evaluation_to_data(fx.evaluated(after), "fr"),
    )


def two_schools(**changes):
    first, second = fx.school(1), fx.school(2)
    lines = [
        fx.equipment(first.uai, "2000.00", quantity=2),
        fx.equipment(second.uai, "1500.00"),
        fx.service("2000.00"),
    ]
    return fx.dossier(schools=[first, second], lines=lines, **changes)


def school_of(comparison, uai):
    return next(s for s in comparison.schools if s.uai == uai)


def test_identical_deposits_show_no_change():
    result = compare(two_schools(), two_schools())
    assert not result.changed
    assert all(s.status == SAME and not s.touched for s in result.schools)
    assert result.subsidy.delta == 0


def test_a_quantity_change_is_a_changed_line_with_its_amount_delta():
    before = two_schools()
    after = replace(before, lines=[replace(before.lines[0], quantity=Decimal(3)), *before.lines[1:]])
    result = compare(before, after)
    school = school_of(result, fx.uai("071", 1))
    [line] = [ln for ln in school.lines if ln.status != SAME]
    assert line.status == CHANGED
    assert [(c.field, c.old, c.new) for c in line.changes] == [("quantity", Decimal(2), Decimal(3))]
    assert (line.amount.old, line.amount.new, line.amount.delta) == (
        Decimal("4000.00"),
        Decimal("6000.00"),
        Decimal("2000.00"),
    )
    assert school.total.delta == Decimal("2000.00")
    assert result.subsidy.delta == Decimal("1400.00")  # 70 % of the 2,000 € more of equipment
    assert not school_of(result, fx.uai("071", 2)).touched


def test_a_relabelled_line_is_matched_by_its_category_in_the_same_school():
    before = two_schools()
    after = replace(
        before, lines=[replace(before.lines[0], label="Écran interactif 75 pouces"), *before.lines[1:]]
    )
    line = next(ln for ln in school_of(compare(before, after), fx.uai("071", 1)).lines if ln.status != SAME)
    assert line.status == CHANGED
    assert [c.field for c in line.changes] == ["label"]
    assert line.amount.delta == 0


def test_added_and_removed_lines_count_their_whole_amount():
    before = two_schools()
    new_line = fx.equipment(fx.uai("071", 2), "900.00", category="reseau_wifi")
    after = replace(before, lines=[before.lines[0], before.lines[2], new_line])
    school = school_of(compare(before, after), fx.uai("071", 2))
    by_status = {ln.status: ln for ln in school.lines}
    assert by_status[REMOVED].amount.delta == Decimal("-1500.00")
    assert by_status[ADDED].amount.delta == Decimal("900.00")
    assert school.total.delta == Decimal("-600.00")


def test_a_removed_school_takes_its_lines_with_it():
    before = two_schools()
    after = replace(before, schools=before.schools[:1], lines=[before.lines[0], before.lines[2]])
    result = compare(before, after)
    gone = school_of(result, fx.uai("071", 2))
    assert gone.status == REMOVED
    assert [ln.status for ln in gone.lines] == [REMOVED]
    assert gone.eligible_equipment.new == 0 and gone.eligible_equipment.old == Decimal("1500.00")
    assert result.count(REMOVED) == 1


def test_an_added_school_is_listed_with_its_lines():
    before = two_schools()
    third = fx.school(3)
    after = replace(
        before, schools=[*before.schools, third], lines=[*before.lines, fx.equipment(third.uai, "3000.00")]
    )
    added = school_of(compare(before, after), third.uai)
    assert added.status == ADDED and [ln.status for ln in added.lines] == [ADDED]
    assert added.total.new == Decimal("3000.00")


def test_a_corrected_uai_is_a_change_of_the_same_school_not_a_new_one():
    wrong = fx.school(1, uai="0710001A")  # wrong check letter
    before = fx.dossier(schools=[wrong], lines=[fx.equipment(wrong.uai), fx.service()])
    right = replace(wrong, uai=fx.uai("071", 1))
    after = fx.dossier(schools=[right], lines=[fx.equipment(right.uai), fx.service()])
    result = compare(before, after)
    school = school_of(result, right.uai)
    assert school.status == CHANGED
    assert [(c.field, c.old, c.new) for c in school.changes] == [("uai", "0710001A", right.uai)]
    assert [ln.status for ln in school.lines] == [CHANGED]  # the line now names the right UAI
    assert any(rule == "ID-UAI" for _sev, rule, _msg in result.findings_removed)


def test_school_figures_and_dossier_wide_lines_are_compared():
    before = two_schools()
    after = replace(
        before,
        schools=[replace(before.schools[0], classes=6), before.schools[1]],
        lines=[*before.lines[:2], replace(before.lines[2], unit_price_ht=Decimal("2400.00"))],
    )
    result = compare(before, after)
    assert [(c.field, c.old, c.new) for c in school_of(result, fx.uai("071", 1)).changes] == [
        ("classes", 4, 6)
    ]
    wide = next(s for s in result.schools if s.uai is None)
    assert wide.status == CHANGED and wide.total.delta == Decimal("400.00")


def test_totals_collectivite_cofunding_and_project_are_compared():
    before = two_schools()
    after = replace(
        before,
        collectivite=replace(before.collectivite, population=900),
        cofunding=[fx.cofunder("500.00")],
        project=replace(before.project, pedagogy="Usages."),
    )
    result = compare(before, after)
    assert [(c.field, c.old, c.new) for c in result.collectivite] == [("population", 820, 900)]
    assert [(c.old, c.new) for c in result.cofunding] == [(None, Decimal("500.00"))]
    assert result.project == ["pedagogy"]
    totals = {a.key: a for a in result.totals}
    assert totals["cofunding"].delta == Decimal("500.00")
    assert totals["own_contribution"].delta == Decimal("-500.00")
    assert result.changed


def test_a_line_moved_to_another_school_is_removed_here_and_added_there():
    before = two_schools()
    moved = replace(before.lines[1], school=fx.uai("071", 1))
    result = compare(before, replace(before, lines=[before.lines[0], moved, before.lines[2]]))
    assert [ln.status for ln in school_of(result, fx.uai("071", 2)).lines] == [REMOVED]
    assert ADDED in [ln.status for ln in school_of(result, fx.uai("071", 1)).lines]
