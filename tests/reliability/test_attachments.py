"""The pieces attached to a dossier: checked by content, refused clearly when hostile, frozen
with the deposit (its digest covers them), downloadable by the inspectors, listed in the
candidature, and carried by a backup and its restore."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
import sqlalchemy as sa

from grants.findings import RULES
from models import Attachment, Deposit, db
from services.attachments import blob_path
from services.workflow import content_digest
from tests.exports.reading import plain
from tests.web.pdfs import damaged_pdf, hostile_pdf, looping_tree, one_page_pdf, page_bomb


def _client(app, world, role):
    return world.client(app, role)


def _upload(client, dossier_id, data: bytes, filename: str, kind: str = "devis"):
    return client.post(
        f"/dossiers/{dossier_id}/pieces",
        data={"kind": kind, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _count(app, dossier_id) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).where(Attachment.dossier_id == dossier_id))


def _last_deposit(dossier_id: int) -> Deposit:
    return db.session.scalars(
        sa.select(Deposit).where(Deposit.dossier_id == dossier_id).order_by(Deposit.number.desc())
    ).first()


def _text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    import re

    return plain(" ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)))


def test_a_pdf_is_checked_by_content_counted_stored_and_listed_in_the_candidature(app, world):
    member, dossier = _client(app, world, "member_a"), world.dossiers["A2"]
    three = one_page_pdf(3)
    response = _upload(member, dossier, three, "devis-fournisseur.PDF")
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    with app.app_context():
        piece = db.session.scalars(sa.select(Attachment).where(Attachment.kind == "devis")).one()
        assert (piece.content_type, piece.pages, piece.filename) == (
            "application/pdf",
            3,
            "devis-fournisseur.pdf",
        )
        assert piece.sha256 == hashlib.sha256(three).hexdigest()
        assert blob_path(piece.sha256).read_bytes() == three
    page = member.get(f"/dossiers/{dossier}/pieces").get_data(as_text=True)
    assert "devis-fournisseur.pdf" in page
    text = _text(member.get(f"/dossiers/{dossier}/dossier.docx").data)
    assert "Devis des fournisseurs" in text and "devis-fournisseur.pdf (3 p.)" in text
    assert "Relevé d'identité bancaire (RIB)" in text and "à joindre" in text  # still missing


def _png() -> bytes:
    """A real 1×1 PNG (signature, IHDR, IDAT, IEND)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_the_name_does_not_decide_the_type(app, world):
    member, dossier = _client(app, world, "member_a"), world.dossiers["A2"]
    png = _png()
    assert _upload(member, dossier, png, "rib.pdf", "rib").status_code == 302
    with app.app_context():
        piece = db.session.scalars(sa.select(Attachment).where(Attachment.kind == "rib")).one()
        assert (piece.content_type, piece.filename, piece.pages) == ("image/png", "rib.png", None)


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (120 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 300, "deliberation.pdf", "Ce type de fichier n'est pas accepté"),
        # A web page ahead of a real PDF, junk behind a PNG signature (an attacker's review).
        (
            b"<html><script>alert(1)</script>" + one_page_pdf(),
            "devis.pdf",
            "Ce type de fichier n'est pas accepté",
        ),
        (b"\x89PNG\r\n\x1a\n" + b"junk" * 40, "rib.png", "Ce type de fichier n'est pas accepté"),
        (b"<html><script>alert(1)</script></html>", "devis.docx", "Ce type de fichier n'est pas accepté"),
        (b"", "vide.pdf", "Le fichier est vide"),
        (damaged_pdf(), "abime.pdf", "Ce PDF est illisible ou endommagé"),
        (looping_tree(), "boucle.pdf", "Ce PDF est illisible ou endommagé"),
        (page_bomb(), "bombe.pdf", "nombre démesuré"),
        (one_page_pdf(301), "long.pdf", "301 pages, au-delà des 300 admises"),
        (hostile_pdf(), "js.pdf", "contenu actif (/JS, /JavaScript)"),
        (hostile_pdf(action=b"/S /Launch /F (calc.exe)"), "launch.pdf", "contenu actif (/Launch)"),
        (hostile_pdf(b"/AA << /O 4 0 R >>", b"/S /GoTo /D [3 0 R /Fit]"), "aa.pdf", "contenu actif (/AA)"),
        (
            hostile_pdf(
                b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>",
                b"/Type /Filespec /EF << /F 4 0 R >>",
            ),
            "embedded.pdf",
            "contenu actif (/EmbeddedFile, /EmbeddedFiles)",
        ),
        (hostile_pdf(b"/OpenAction 4 0 R", b"/S /J#61vaScript /J#53 (x)"), "escaped.pdf", "contenu actif"),
    ],
    ids=[
        "executable",
        "html-ahead-of-a-pdf",
        "junk-behind-a-png-signature",
        "html",
        "empty",
        "damaged-pdf",
        "looping-page-tree",
        "page-bomb",
        "too-many-pages",
        "javascript-on-opening",
        "launch-action",
        "additional-actions",
        "embedded-file",
        "escaped-names",
    ],
)
def test_a_hostile_upload_is_refused_with_a_clear_message_and_nothing_is_kept(
    app, world, content, filename, message
):
    member, dossier = _client(app, world, "member_a"), world.dossiers["A2"]
    before = _count(app, dossier)
    response = _upload(member, dossier, content, filename)
    assert response.status_code == 422
    assert message in plain(response.get_data(as_text=True).replace("&#39;", "'"))
    assert _count(app, dossier) == before


def test_a_zip_bomb_dressed_as_a_word_file_is_refused_without_inflating_it(app, world):
    member, dossier = _client(app, world, "member_a"), world.dossiers["A2"]
    response = _upload(member, dossier, _zip_bomb(), "devis.docx")
    assert response.status_code == 422
    assert "se décompresse en plus de 100 Mo" in response.get_data(as_text=True)


def test_a_file_too_big_is_refused_with_its_size_and_the_limit(app, world):
    member, dossier = _client(app, world, "member_a"), world.dossiers["A2"]
    limit = app.config["UPLOAD_MAX_BYTES"]
    app.config["UPLOAD_MAX_BYTES"] = 6_000_000
    try:
        big = one_page_pdf(1) + b"%" + b"0" * 6_000_009
        response = _upload(member, dossier, big[:6_000_009], "gros.pdf")
    finally:
        app.config["UPLOAD_MAX_BYTES"] = limit
    assert response.status_code == 422
    # Rounded up, the size is never shown equal to the limit it exceeds.
    assert "pèse 6,1\u00a0Mo, au-delà des 6\u00a0Mo admis" in response.get_data(as_text=True)
    assert _count(app, dossier) == 1


def test_sizes_are_shown_in_the_locales_units(app, world):
    member, dossier = _client(app, world, "member_a"), world.dossiers["A2"]
    pdf = one_page_pdf(1)
    assert (
        _upload(member, dossier, pdf + b"%" + b"0" * (10_000 - len(pdf) - 1), "devis.pdf").status_code == 302
    )
    page = member.get(f"/dossiers/{dossier}/pieces").get_data(as_text=True)
    assert "(10\u00a0ko)" in page and "5\u00a0Mo au plus" in page and "0.0" not in page


def test_the_deposit_freezes_its_pieces_and_its_digest_covers_them(app, world):
    with app.app_context():
        deposit = _last_deposit(world.dossiers["A"])
        pieces = json.loads(deposit.pieces)
        assert [p["kind"] for p in pieces] == ["deliberation"] and pieces[0]["pages"] == 1
        # The deposit's JSON names each piece by its own digest: the digest covers the pieces.
        assert json.loads(deposit.content)["attachments"] == pieces
        assert deposit.digest == content_digest(deposit.content, deposit.pieces)
        assert deposit.digest == hashlib.sha256(deposit.content.encode()).hexdigest()
        changed = json.loads(deposit.content)
        changed["attachments"][0]["sha256"] = "0" * 64
        assert (
            content_digest(json.dumps(changed, ensure_ascii=False, sort_keys=True, indent=1))
            != deposit.digest
        )
        assert hashlib.sha256(blob_path(pieces[0]["sha256"]).read_bytes()).hexdigest() == pieces[0]["sha256"]


def _proof_digest(client, dossier: int, number: int) -> str:
    import re

    page = client.get(f"/dossiers/{dossier}/depots/{number}").get_data(as_text=True)
    return re.search(r'<code class="digest">([0-9a-f]{64})</code>', page).group(1)


def test_sha256sum_of_the_downloaded_json_prints_the_proofs_digest(app, world):
    dossier, member = world.dossiers["A"], _client(app, world, "member_a")
    with app.app_context():
        number = _last_deposit(dossier).number
    printed = _proof_digest(member, dossier, number)
    downloaded = member.get(f"/dossiers/{dossier}/depots/{number}/contenu.json")
    assert downloaded.status_code == 200
    assert hashlib.sha256(downloaded.data).hexdigest() == printed
    listed = json.loads(downloaded.data)["attachments"]
    assert [(p["kind"], p["filename"], p["size"] > 0) for p in listed] == [
        ("deliberation", "deliberation-A.pdf", True)
    ]
    proof = member.get(f"/dossiers/{dossier}/depots/{number}/preuve.txt").get_data(as_text=True)
    assert printed in proof and listed[0]["sha256"] in proof and "sha256sum" in proof


def test_a_removed_piece_stays_downloadable_from_its_deposit_and_through_a_backup(app, world, tmp_path):
    from models import User
    from services import workflow

    dossier = world.dossiers["A"]
    with app.app_context():
        rec = db.session.get(workflow.DossierRecord, dossier)
        ien = db.session.get(User, world.users["ien_x"])
        workflow.transition(rec, ien, "request_correction", {"inspector"}, "Remplacez le RIB.")
        db.session.commit()
        piece = db.session.scalars(sa.select(Attachment).where(Attachment.dossier_id == dossier)).one()
        piece_id, digest = piece.id, piece.sha256
        numbers = [d.number for d in workflow.deposits(rec)]
    member, ien_client = _client(app, world, "member_a"), _client(app, world, "ien_x")
    assert member.post(f"/dossiers/{dossier}/pieces/{piece_id}/supprimer").status_code == 302
    assert member.get(f"/dossiers/{dossier}/pieces/{piece_id}").status_code == 404
    listing = member.get(f"/dossiers/{dossier}/pieces").get_data(as_text=True)
    assert f'href="/dossiers/{dossier}/depots/{numbers[0]}#pieces-title"' in listing
    for number in numbers:
        for client in (member, ien_client):
            got = client.get(f"/dossiers/{dossier}/depots/{number}/pieces/1")
            assert got.status_code == 200 and got.mimetype == "application/pdf"
            assert hashlib.sha256(got.data).hexdigest() == digest
        proof = member.get(f"/dossiers/{dossier}/depots/{number}").get_data(as_text=True)
        assert "deliberation-A.pdf" in proof and digest in proof
    assert _client(app, world, "ien_y").get(f"/dossiers/{dossier}/depots/1/pieces/1").status_code == 404
    assert member.get(f"/dossiers/{dossier}/depots/1/pieces/2").status_code == 404
    # The disaster after the removal: the stored file is lost; the backup carries it back.
    runner, out = app.test_cli_runner(), tmp_path / "sauvegarde.bak"
    assert runner.invoke(args=["backup", "create", str(out)]).exit_code == 0
    with app.app_context():
        stored = blob_path(digest)
    stored.unlink()
    assert member.get(f"/dossiers/{dossier}/depots/1/pieces/1").status_code == 404
    restored = runner.invoke(args=["backup", "restore", "--yes", str(out)])
    assert restored.exit_code == 0, restored.output
    got = ien_client.get(f"/dossiers/{dossier}/depots/1/pieces/1")
    assert got.status_code == 200 and hashlib.sha256(got.data).hexdigest() == digest
    downloaded = member.get(f"/dossiers/{dossier}/depots/{numbers[-1]}/contenu.json").data
    assert hashlib.sha256(downloaded).hexdigest() == _proof_digest(member, dossier, numbers[-1])


def test_an_inspector_downloads_the_deposited_piece_and_another_departement_cannot(app, world):
    dossier = world.dossiers["A"]
    with app.app_context():
        piece = db.session.scalars(sa.select(Attachment).where(Attachment.dossier_id == dossier)).one()
        piece_id, digest = piece.id, piece.sha256
    got = _client(app, world, "ien_x").get(f"/dossiers/{dossier}/pieces/{piece_id}")
    assert got.status_code == 200 and got.mimetype == "application/pdf"
    assert hashlib.sha256(got.data).hexdigest() == digest
    assert _client(app, world, "ien_y").get(f"/dossiers/{dossier}/pieces/{piece_id}").status_code == 404
    # A deposited dossier's pieces cannot be removed any more.
    removed = _client(app, world, "member_a").post(f"/dossiers/{dossier}/pieces/{piece_id}/supprimer")
    assert removed.status_code == 403


def test_the_candidature_of_a_deposited_dossier_holds_no_rule_code_and_no_internal_section(app, world):
    dossier = world.dossiers["A"]
    member = _client(app, world, "member_a")
    text = _text(member.get(f"/dossiers/{dossier}/dossier.docx").data)
    assert not [code for code in RULES if code in text]
    for internal in (
        "Avant le dépôt",
        "Remarques sur les écoles",
        "Contrôles d'éligibilité",
        "Longueur totale",
        "BROUILLON",
    ):
        assert internal not in text
    assert "Vu la délibération" in text and "deliberation-A.pdf (1 p.)" in text
    report = _text(_client(app, world, "ien_x").get(f"/dossiers/{dossier}/rapport-de-verification.docx").data)
    assert "Rapport de vérification" in report and "Longueur totale des textes" in report
    assert any(code in report for code in RULES)


def test_the_attachments_survive_a_backup_and_its_restore(app, world, tmp_path):
    runner, out = app.test_cli_runner(), tmp_path / "sauvegarde.bak"
    dossier = world.dossiers["A"]
    with app.app_context():
        deposit = _last_deposit(dossier)
        digest = json.loads(deposit.pieces)[0]["sha256"]
        piece_id = db.session.scalars(sa.select(Attachment.id).where(Attachment.dossier_id == dossier)).one()
        stored = blob_path(digest)
        original = stored.read_bytes()
    created = runner.invoke(args=["backup", "create", str(out)])
    assert created.exit_code == 0, created.output
    assert (out.with_name(out.name + ".pieces") / digest).read_bytes() == original
    # The disaster: the row and the stored file are gone.
    with app.app_context():
        db.session.execute(sa.delete(Attachment).where(Attachment.id == piece_id))
        db.session.commit()
    stored.unlink()
    restored = runner.invoke(args=["backup", "restore", "--yes", str(out)])
    assert restored.exit_code == 0, restored.output
    assert stored.read_bytes() == original
    got = _client(app, world, "ien_x").get(f"/dossiers/{dossier}/pieces/{piece_id}")
    assert got.status_code == 200 and hashlib.sha256(got.data).hexdigest() == digest
    with app.app_context():
        deposit = _last_deposit(dossier)
        assert deposit.digest == content_digest(deposit.content, deposit.pieces)


def _recap(client, dossier: int) -> str:
    response = client.get(f"/dossiers/{dossier}/recap")
    assert response.status_code == 200
    return plain(response.get_data(as_text=True).replace("&#39;", "'"))


def test_missing_required_pieces_are_warnings_on_the_recap_with_a_link_to_the_pieces(app, world):
    member, dossier = _client(app, world, "member_a"), world.dossiers["A2"]
    html = member.get(f"/dossiers/{dossier}/recap").get_data(as_text=True)
    recap = _recap(member, dossier)
    for piece in ("Devis des fournisseurs", "Relevé d'identité bancaire (RIB)"):
        assert f"Pièce demandée par l'appel, non jointe : {piece}" in recap
    assert "non jointe : Délibération" not in recap  # attached in the fixture world
    assert f'href="/dossiers/{dossier}/pieces"' in html and "Joindre la pièce" in recap
    assert _upload(member, dossier, one_page_pdf(), "rib.pdf", "rib").status_code == 302
    assert "non jointe : Relevé d'identité bancaire" not in _recap(member, dossier)
    # The verification report says the same.
    report = _text(member.get(f"/dossiers/{dossier}/rapport-de-verification.docx").data)
    assert "non jointe : Devis des fournisseurs" in report and "non jointe : Relevé" not in report


def test_the_parity_warning_is_answered_once_the_parity_calculation_is_attached(app, world):
    from tests.web.factories import school_form

    member, dossier = _client(app, world, "member_a"), world.dossiers["A2"]
    added = member.post(
        f"/dossiers/{dossier}/ecoles/nouvelle",
        data=school_form(uai="0710099X", name="École Sainte-Marie", sector="prive_sous_contrat"),
    )
    assert added.status_code == 302, added.get_data(as_text=True)[:300]
    parity = "Joignez ce calcul de parité au dossier"
    recap = _recap(member, dossier)
    assert parity in recap and "non jointe : Calcul de parité" in recap
    assert _upload(member, dossier, one_page_pdf(), "parite.pdf", "parite").status_code == 302
    recap = _recap(member, dossier)
    assert parity not in recap and "non jointe : Calcul de parité" not in recap
    report = _text(member.get(f"/dossiers/{dossier}/rapport-de-verification.docx").data)
    assert parity not in report and "non jointe : Calcul de parité" not in report
    # Deposited, the dossier keeps the answer (the deposit's evaluation keeps the contract's).
    from models import DossierRecord, User
    from models.base import utcnow
    from services import workflow

    with app.app_context():
        rec = db.session.get(DossierRecord, dossier)
        workflow.deposit(rec, db.session.get(User, world.users["member_a"]), {"team"}, utcnow(), True)
        db.session.commit()
    assert parity not in _recap(member, dossier) and parity not in _recap(
        _client(app, world, "ien_x"), dossier
    )


def test_a_deposited_dossiers_recap_invites_no_correction(app, world):
    dossier = world.dossiers["A"]
    for role in ("member_a", "ien_x"):
        recap = _recap(_client(app, world, role), dossier)
        assert "Corriger dans l'étape" not in recap and "Joindre la pièce" not in recap
        assert "Voir les pièces jointes" in recap  # the pieces still missing, read-only
    draft = _recap(_client(app, world, "member_a"), world.dossiers["A2"])
    assert "Corriger dans l'étape" in draft or "Joindre la pièce" in draft
