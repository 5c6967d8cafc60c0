"""The document's styles: Word's own heading and TOC styles (for the navigation pane and the
table of contents), table text styles, Arial everywhere (Liberation Sans in LibreOffice)."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from .ooxml import NSDECL

FONT = "Arial"
BLUE = "000091"
PORTRAIT_TEXT_WIDTH = 9638  # A4 minus two 2 cm margins, in twips

_PARAGRAPH_STYLES = {
    "Heading1": (
        "heading 1",
        "Normal",
        9,
        '<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="160"/><w:outlineLvl w:val="0"/>',
        f'<w:b/><w:bCs/><w:color w:val="{BLUE}"/><w:sz w:val="32"/><w:szCs w:val="32"/>',
    ),
    "Heading2": (
        "heading 2",
        "Normal",
        9,
        '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/>',
        f'<w:b/><w:bCs/><w:color w:val="{BLUE}"/><w:sz w:val="26"/><w:szCs w:val="26"/>',
    ),
    "Heading3": (
        "heading 3",
        "Normal",
        9,
        '<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="2"/>',
        '<w:b/><w:bCs/><w:color w:val="333333"/><w:sz w:val="22"/><w:szCs w:val="22"/>',
    ),
    "Title": (
        "Title",
        "Normal",
        10,
        '<w:spacing w:before="240" w:after="240"/>',
        f'<w:b/><w:bCs/><w:color w:val="{BLUE}"/><w:sz w:val="44"/><w:szCs w:val="44"/>',
    ),
    "Subtitle": (
        "Subtitle",
        "Normal",
        11,
        '<w:spacing w:after="120"/>',
        '<w:color w:val="444444"/><w:sz w:val="28"/><w:szCs w:val="28"/>',
    ),
    "TOC1": (
        "toc 1",
        "Normal",
        39,
        f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{PORTRAIT_TEXT_WIDTH}"/></w:tabs>'
        '<w:spacing w:before="80" w:after="40"/>',
        "<w:b/><w:bCs/>",
    ),
    "TOC2": (
        "toc 2",
        "Normal",
        39,
        f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{PORTRAIT_TEXT_WIDTH}"/></w:tabs>'
        '<w:spacing w:after="20"/><w:ind w:left="340"/>',
        "",
    ),
    "TOC3": (
        "toc 3",
        "Normal",
        39,
        f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{PORTRAIT_TEXT_WIDTH}"/></w:tabs>'
        '<w:spacing w:after="20"/><w:ind w:left="680"/>',
        "",
    ),
    "TableText": (
        "Table Text",
        "Normal",
        20,
        '<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>',
        '<w:sz w:val="17"/><w:szCs w:val="17"/>',
    ),
    "TableAmount": ("Table Amount", "TableText", 20, '<w:jc w:val="right"/>', ""),
    "TableHead": ("Table Heading", "TableText", 20, "<w:keepNext/>", "<w:b/><w:bCs/>"),
    "TableHeadAmount": ("Table Heading Amount", "TableHead", 20, '<w:jc w:val="right"/>', ""),
    "Small": (
        "Small Text",
        "Normal",
        20,
        '<w:spacing w:after="60"/>',
        '<w:color w:val="555555"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
    ),
}


_CUSTOM = frozenset({"TableText", "TableAmount", "TableHead", "TableHeadAmount", "Small"})


def _style_xml(style_id: str, name: str, based_on: str, priority: int, ppr: str, rpr: str) -> str:
    custom = ' w:customStyle="1"' if style_id in _CUSTOM else ""
    return (
        f'<w:style {NSDECL} w:type="paragraph"{custom} w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/>'
        f'<w:next w:val="Normal"/><w:uiPriority w:val="{priority}"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _defaults(styles, lang: str) -> None:
    """Arial, 10 points, the document's language, compact paragraphs."""
    defaults = styles.find(qn("w:docDefaults"))
    rpr = parse_xml(
        f'<w:rPr {NSDECL}><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
        f'<w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="{lang}" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr>'
    )
    ppr = parse_xml(f'<w:pPr {NSDECL}><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr>')
    defaults.find(qn("w:rPrDefault")).clear()
    defaults.find(qn("w:rPrDefault")).append(rpr)
    defaults.find(qn("w:pPrDefault")).clear()
    defaults.find(qn("w:pPrDefault")).append(ppr)


def _no_theme_fonts(styles) -> None:
    """Styles naming the theme's Calibri/Cambria name Arial instead."""
    for fonts in styles.iter(qn("w:rFonts")):
        fonts.attrib.clear()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)


def apply_styles(document: DocxDocument, lang: str) -> None:
    """Install the dossier's styles in a fresh python-docx document."""
    styles = document.styles.element
    _defaults(styles, lang)
    _no_theme_fonts(styles)
    for style_id, spec in _PARAGRAPH_STYLES.items():
        for old in styles.xpath(f'w:style[@w:styleId="{style_id}"]'):
            styles.remove(old)
        styles.append(parse_xml(_style_xml(style_id, *spec)))
