"""`flask dossier export FILE -o OUT.docx`: a Word file for a JSON dossier, exit 2 on bad input."""

import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from commands.dossier import export_command

from .reading import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]


def test_the_command_writes_the_word_dossier(tmp_path):
    out = tmp_path / "dossier.docx"
    result = CliRunner().invoke(export_command, [str(EXAMPLES / "petite-commune.json"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Commune de Saint-Exemple-en-Bresse" in docx.Document(out).paragraphs[2].text


def test_the_command_writes_english_on_request(tmp_path):
    out = tmp_path / "dossier.docx"
    args = [str(EXAMPLES / "petite-commune.json"), "-o", str(out), "--locale", "en"]
    assert CliRunner().invoke(export_command, args).exit_code == 0
    assert docx.Document(out).paragraphs[0].text == "Application dossier"


def test_a_file_that_is_not_a_dossier_exits_2_with_the_reason(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "dossier-snee/1", "call": "snee-2021", "schools": 3}', encoding="utf-8")
    result = CliRunner().invoke(export_command, [str(bad), "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 2
    assert "collectivite" in result.stderr and not (tmp_path / "out.docx").exists()


def test_an_output_that_cannot_be_written_exits_2(tmp_path):
    result = CliRunner().invoke(
        export_command, [str(EXAMPLES / "petite-commune.json"), "-o", str(tmp_path / "missing" / "out.docx")]
    )
    assert result.exit_code == 2 and "out.docx" in result.stderr


def _flask(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "dossier", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def _export_registered() -> bool:
    return bool(re.search(r"^\s+export\b", _flask("--help").stdout, re.MULTILINE))


@pytest.mark.skipif(
    not _export_registered(), reason="`flask dossier export` is not registered in commands/dossier.py yet"
)
def test_flask_dossier_export_writes_the_file_and_exits_0(tmp_path):
    out = tmp_path / "ville.docx"
    result = _flask("export", str(EXAMPLES / "ville-14-ecoles.json"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert any(p.style.name == "Heading 1" for p in docx.Document(out).paragraphs)
    assert _flask("export", str(tmp_path / "absent.json"), "-o", str(out)).returncode == 2
