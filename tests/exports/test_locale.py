"""The same dossier in English: English headings, labels, dates and amounts, English footer."""

from exports.context import RenderContext
from grants.numbers import fmt_money
from grants.params import render
from tests.grants import factories as f

from .reading import EXAMPLE_NAMES, example, export, meta


def test_the_english_dossier_has_english_headings_labels_and_dates():
    exported = export(example("petite-commune"), locale="en")
    headings = [text for _, text in exported.headings()]
    assert headings[1:3] == ["1. The local authority", "2. The schools"]
    assert "4. Financing plan" in headings and "8. Commitments and signature" in headings
    text = exported.text()
    assert "1 March 2021 at 10:05" in text and "Done at Saint-Exemple-en-Bresse, on " in text
    assert fmt_money(exported.evaluation.funding.state_subsidy, "en") in text
    assert "Strand 1: equipment and networks" in text  # the rules' own catalogue, shared


def test_the_english_footer_reads_page_x_of_y_and_drafts_are_marked_draft():
    exported = export(example("petite-commune"), locale="en")
    assert all(" of " in x and " NUMPAGES " in x for x in exported.footer_xml())
    assert all(h.endswith("DRAFT") for h in exported.header_texts())


def test_the_exports_rendering_of_messages_and_steps_is_the_rules_own_in_both_languages():
    for name in EXAMPLE_NAMES:
        d = example(name)
        evaluation = f.evaluated(d)
        for locale in ("fr", "en"):
            ctx = RenderContext(d, evaluation, locale, meta())
            findings, steps = evaluation.findings, evaluation.funding.steps
            assert [ctx.render(x.message, x.params) for x in findings] == [x.render(locale) for x in findings]
            assert [ctx.render(s.label, s.params) for s in steps] == [
                render(s.label, s.params, locale) for s in steps
            ]
            assert [ctx.render(s.formula, s.params) for s in steps] == [
                render(s.formula, s.params, locale) for s in steps
            ]
