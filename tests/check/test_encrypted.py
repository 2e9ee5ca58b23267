"""Encrypted PDFs are findings, and one bad file never costs the others their report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from tests.helpers import SEED, run_avi


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("encrypted")
    assert run_avi("build", SEED, "-o", out).exit_code == 0
    return out / "2024" / "avi-commentary-2024-08.pdf"


def encrypted(source: Path, target: Path, algorithm: str, user: str = "") -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user, owner_password="owner", algorithm=algorithm)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


@pytest.mark.parametrize(("algorithm", "named"), [("AES-256", "AES-256"), ("AES-128", "AES-128"),
                                                   ("RC4-128", "RC4, 128-bit"), ("RC4-40", "RC4, 40-bit")])
def test_an_encrypted_pdf_without_user_password_is_checked(seed_pdf: Path, tmp_path: Path,
                                                           algorithm: str, named: str) -> None:
    pdf = encrypted(seed_pdf, tmp_path / "locked.pdf", algorithm)
    result = run_avi("check", pdf)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{pdf}: P001 error: is encrypted ({named}); it opens without a password, so it was checked "
        "(publish it unencrypted)",
        "1 file(s) checked: 1 error(s), 0 warning(s)"]


def test_a_pdf_with_a_user_password_is_one_finding(seed_pdf: Path, tmp_path: Path) -> None:
    pdf = encrypted(seed_pdf, tmp_path / "secret.pdf", "AES-256", user="reader")
    result = run_avi("check", pdf)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{pdf}: P001 error: is encrypted (AES-256); it needs a password, so it cannot be checked "
        "(publish it unencrypted)")


def test_json_reports_every_file_whatever_happened_to_one(seed_pdf: Path, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    (folder / "a-good.pdf").write_bytes(seed_pdf.read_bytes())
    encrypted(seed_pdf, folder / "b-aes.pdf", "AES-256")
    encrypted(seed_pdf, folder / "c-password.pdf", "AES-256", user="reader")
    (folder / "d-truncated.pdf").write_bytes(seed_pdf.read_bytes()[:5000])
    result = run_avi("check", folder, "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    files = {Path(entry["file"]).name: entry["findings"] for entry in report["files"]}
    assert sorted(files) == ["a-good.pdf", "b-aes.pdf", "c-password.pdf", "d-truncated.pdf"]
    assert files["a-good.pdf"] == []
    assert [f["code"] for f in files["b-aes.pdf"]] == ["P001"]
    assert [f["code"] for f in files["c-password.pdf"]] == ["P001"]
    assert {f["code"] for f in files["d-truncated.pdf"]} == {"P001"}
    assert report["summary"] == {"files": 4, "errors": 2 + len(files["d-truncated.pdf"]), "warnings": 0}
