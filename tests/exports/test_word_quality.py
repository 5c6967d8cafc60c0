"""The file is a real Word document: heading styles for the navigation pane, a TOC field that
refreshes, repeating header rows, unsplit rows, a landscape budget, page X of Y, draft marks,
and elements in the order the schema requires (so Word opens it without repair)."""

import re

import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from tests.grants import factories as f

from .reading import Exported, example, export

SECTIONS = [
    "1. La collectivité",
    "2. Les écoles",
    "3. Budget",
    "4. Plan de financement",
    "5. Projet pédagogique",
    "6. Calendrier",
    "7. Annexes et pièces jointes",
    "8. Engagements et signature",
]
ANNEXES = [
    "Annexe 1 — État des lieux et besoins de chaque école",
    "Annexe 2 — Budget détaillé de chaque école",
]


@pytest.fixture(scope="module")
def city():
    return export(example("ville-14-ecoles"))


def test_every_part_is_a_heading_1_and_the_schools_detail_is_in_annexes_at_heading_3(city):
    headings = city.headings()
    assert [text for style, text in headings if style == "Heading 1" and text[0].isdigit()] == SECTIONS
    assert [text for style, text in headings if style == "Heading 1" and text.startswith("Annexe")] == ANNEXES
    assert ("Heading 3", "0921001N — École élémentaire n°1") in headings
    assert not any(text.startswith("0921001N") for style, text in headings if style != "Heading 3")


def test_the_table_of_contents_is_a_field_word_refreshes_on_opening(city):
    document = city.part("word/document.xml")
    assert 'TOC \\o "1-2" \\h \\z \\u' in document
    assert re.search(r'<w:fldChar w:fldCharType="begin" w:dirty="true"/>', document)
    assert '<w:updateFields w:val="true"/>' in city.part("word/settings.xml")
    entries = [p.text.rstrip("\t") for p in city.paragraphs() if p.style.name == "toc 1"]
    assert entries == ["Synthèse du dossier", *SECTIONS, *ANNEXES]
    # Two levels: no school in the table of contents.
    assert not any(p.style.name.startswith("toc") and "0921001N" in p.text for p in city.paragraphs())


def test_every_header_row_repeats_and_no_row_splits_across_pages(city):
    tables = city.tables()
    with_header = [t for t in tables if t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(with_header) >= 20
    for table in tables:
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_amounts_are_right_aligned(city):
    assert city.doc.styles["Table Amount"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    budget = next(t for t in city.tables() if t.rows[0].cells[0].text == "Catégorie")
    first_line = [c.paragraphs[0].style.name for c in budget.rows[2].cells]
    assert first_line == ["Table Text"] * 2 + ["Table Amount"] * 5


def test_the_detailed_budget_annex_is_in_a_landscape_section_after_the_portrait_body(city):
    orientations = [s.orientation for s in city.doc.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    assert all(s.page_width < s.page_height for s in city.doc.sections if s.orientation == WD_ORIENT.PORTRAIT)
    budget_part = city.doc.sections[1]
    assert budget_part.page_width > budget_part.page_height


def test_the_footer_reads_page_x_of_y_with_live_fields(city):
    for footer in city.footer_xml():
        assert "page " in footer and " sur " in footer
        assert " PAGE " in footer and " NUMPAGES " in footer


def test_the_collectivites_name_heads_every_page(city):
    assert all(h.startswith("Ville de Montclair-sur-Seine") for h in city.header_texts())


def test_a_draft_is_marked_on_every_page_and_lists_what_is_missing_in_a_cover_note():
    draft = export(example("dossier-a-corriger"), state="brouillon")
    assert all("BROUILLON" in h for h in draft.header_texts())
    headings = [text for _, text in draft.headings()]
    assert headings[0] == "Synthèse du dossier"  # the missing points are no section
    assert not any("ce qui manque" in h for h in headings)
    blocking = {x.render("fr") for x in draft.evaluation.blocking()}
    texts = draft.texts()
    cover = "\n".join(texts[: texts.index("Sommaire")])
    assert blocking and all(f"• {b}" in cover for b in blocking)


def test_a_file_outside_the_application_is_treated_as_a_draft():
    assert all("BROUILLON" in h for h in export(example("petite-commune"), state=None).header_texts())


def test_a_deposited_dossier_carries_no_draft_mark():
    filed = export(example("petite-commune"), state="déposé")
    assert not any("BROUILLON" in h for h in filed.header_texts())
    assert "BROUILLON" not in filed.text() and "Avant le dépôt" not in filed.text()
    assert all(h.endswith("SNEE-2021-000042") for h in filed.header_texts())


# The sequences of CT_PPr, CT_RPr, CT_TcPr, CT_TblPr and CT_SectPr in ECMA-376 part 1.
SCHEMA_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
    "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
    "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid",
}


@pytest.mark.parametrize(
    "part", ["word/document.xml", "word/styles.xml", "word/header1.xml", "word/footer1.xml"]
)
def test_properties_follow_the_schemas_order_so_word_needs_no_repair(city, part):
    from lxml import etree

    root = etree.fromstring(city.part(part).encode())
    for parent, sequence in SCHEMA_ORDER.items():
        order = sequence.split()
        for element in root.iter(qn(f"w:{parent}")):
            names = [etree.QName(child).localname for child in element]
            unknown = [n for n in names if n not in order]
            assert not unknown, (parent, unknown)
            positions = [order.index(n) for n in names]
            assert positions == sorted(positions), (parent, names)


@pytest.mark.parametrize("name", ["ville-14-ecoles", "dossier-a-corriger"])
def test_every_row_fills_its_tables_grid_exactly(name):
    for table in export(example(name)).tables():
        columns = len(table._tbl.tblGrid.findall(qn("w:gridCol")))
        for tr in table._tbl.tr_lst:
            spans = [
                int(tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val")))
                if tc.tcPr.find(qn("w:gridSpan")) is not None
                else 1
                for tc in tr.tc_lst
            ]
            assert sum(spans) == columns


def test_every_cell_holds_a_paragraph_and_bookmarks_are_unique(city):
    document = city.doc.element.body
    assert all(tc.find(qn("w:p")) is not None for tc in document.iter(qn("w:tc")))
    ids = [b.get(qn("w:id")) for b in document.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids))


def test_the_document_speaks_the_readers_language_to_spellcheckers():
    styles = export(f.dossier(), locale="en").part("word/styles.xml")
    assert 'w:lang w:val="en-GB"' in styles


def test_the_report_holds_each_section_once_and_speaks_of_a_deposited_dossier_as_deposited():
    from .reading import report

    draft = report(example("ville-14-ecoles"))
    headings = [text for _style, text in draft.headings()]
    assert len(headings) == len(set(headings))
    assert draft.texts().count("Rapport de vérification") == 1
    assert headings.count("Avant le dépôt : ce qui manque") == 1
    filed = report(example("petite-commune"), state="depose")
    text = filed.text()
    assert "Avant le dépôt" not in text and "Le dossier a été déposé" in text
    assert filed.texts().count("Rapport de vérification") == 1


def test_a_long_reference_in_the_page_header_never_breaks_at_its_hyphens():
    reference = "LABEL-ECOLES-NUMERIQUES-2020-000008"
    filed = export(example("label-village"), state="depose", reference=reference)
    assert all(h.endswith(reference) for h in filed.header_texts())  # read back whole
    for section in filed.doc.sections:
        runs = [r for p in section.header.paragraphs for r in p.runs if r.text == reference]
        assert runs, section.header.paragraphs[0].text
        xml = runs[0]._r.xml
        assert xml.count("<w:noBreakHyphen/>") == reference.count("-")
        assert "-" not in "".join(t.text for t in runs[0]._r.iter(qn("w:t")))


def test_annex_1_says_plainly_that_a_school_the_call_does_not_count_is_not_eligible():
    from grants.funding import school_is_eligible

    dossier = example("ville-14-ecoles")
    exported = export(dossier)
    call = exported.evaluation.call
    ineligible = [s for s in dossier.schools if not school_is_eligible(s, call)]
    assert ineligible  # the example's maternelle
    text = exported.text()
    annex = text[text.index("Annexe 1") :]
    for school in ineligible:
        heading = f"{school.uai} — {school.name}"
        after = annex[annex.index(heading) + len(heading) :].lstrip("\n").split("\n")[0]
        assert after == f"École maternelle : non éligible à cet appel ({school.classes} classes).", after
    assert "élèves : 0" not in annex


def test_word_is_asked_to_refresh_the_fields_only_while_the_contents_lack_their_page_numbers():
    from exports.toc_pages import toc_entries, with_page_numbers

    exported = export(example("petite-commune"))
    assert '<w:updateFields w:val="true"/>' in exported.part("word/settings.xml")  # numbers blank
    marks = [mark for mark, _text in toc_entries(exported.data)]
    numbered = Exported(with_page_numbers(exported.data, {m: i + 3 for i, m in enumerate(marks)}), None)
    assert "updateFields" not in numbered.part("word/settings.xml")
    assert [
        int(n)
        for n in re.findall(r'<w:t xml:space="preserve">(\d+)</w:t>', numbered.part("word/document.xml"))
    ][: len(marks)] == [i + 3 for i in range(len(marks))]
