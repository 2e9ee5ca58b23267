"""Word manuscripts: build from .docx, import as Markdown, and refuse hostile or broken files."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pikepdf
import pytest

from avitools.check.pdftext import join_lines, read_pages
from avitools.check.snapshot import compare, snapshot
from tests.docx_fixtures import RICH_PARAGRAPHS, rich_docx, seed_docx
from tests.helpers import SEED, problems, run_avi


def pdf_text(pdf: Path) -> str:
    lines = [ln.text for page in read_pages(pdf) for ln in page.lines if not ln.text.startswith("ISSUE")]
    return re.sub(r"\s+", " ", join_lines(lines))


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    folder = tmp_path / "submissions"
    folder.mkdir()
    return rich_docx(folder / "choices.docx")


def test_build_from_docx_passes_check_and_keeps_every_paragraph(rich: Path, tmp_path: Path) -> None:
    result = run_avi("build", rich, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    pdf = Path(result.stdout.strip())
    assert pdf.name == "avi-commentary-2024-06.pdf"
    text = pdf_text(pdf)
    position = 0
    for paragraph in [*RICH_PARAGRAPHS[:1], "Strategic autonomy is not isolation.", "Trade and Rules",
                      RICH_PARAGRAPHS[1], "Tariffs fall under the RCEP schedule.", "Negotiate services.",
                      "United States", "38%", "Water and Neighbours", RICH_PARAGRAPHS[2],
                      "the MRC portal.", RICH_PARAGRAPHS[3], "Reform takes time. Institutions matter.",
                      "See the Institute\u2019s 2023 annual report."]:
        found = text.find(paragraph, position)
        assert found >= 0, paragraph
        position = found
    assert "This sentence was cut." not in text
    check = run_avi("check", pdf)
    assert check.exit_code == 0, check.output


def test_changes_and_comments_are_reported_not_silently_taken(rich: Path, tmp_path: Path) -> None:
    result = run_avi("build", rich, "-o", tmp_path / "out")
    where = f"warning: {rich}: paragraph 18 ('A final word on institutions, which outl'): "
    assert problems(result) == [
        where + "tracked insertion 'Reform takes time.' was taken into the text "
        "(accept or reject the changes in Word to decide)",
        where + "tracked deletion 'This sentence was cut.' was left out of the text "
        "(accept or reject the changes in Word to decide)",
        where + "comment 'Check this claim' was not carried over (resolve it in Word)",
    ]


def test_the_image_keeps_its_alt_text_and_the_link_its_target(rich: Path, tmp_path: Path) -> None:
    result = run_avi("import", rich, "--into", tmp_path / "archive")
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "archive" / "2024-06-choices-small-state.md").read_text()
    assert "![Bar chart of Mekong flows at Kratie, 2019 to 2023](2024-06-choices-small-state-figure-1.png)" \
        in markdown
    assert "[the MRC portal](<https://portal.mrcmekong.org/>)" in markdown
    assert (tmp_path / "archive" / "2024-06-choices-small-state-figure-1.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow
def test_import_then_build_gives_the_same_text(rich: Path, tmp_path: Path) -> None:
    imported = run_avi("import", rich, "--into", tmp_path / "archive")
    assert imported.exit_code == 0, imported.output
    markdown = Path(imported.stdout.strip())
    assert markdown.read_text().startswith("---\ntitle: Choices for a Small State\ndate: 2024-06-12\n")
    from_docx = run_avi("build", rich, "-o", tmp_path / "a")
    from_markdown = run_avi("build", markdown, "-o", tmp_path / "b")
    assert from_docx.exit_code == from_markdown.exit_code == 0
    a, b = Path(from_docx.stdout.strip()), Path(from_markdown.stdout.strip())
    assert pdf_text(a) == pdf_text(b)
    # The same layout, line for line; only the figure's file name (hashed into the PDF) differs.
    assert compare(snapshot(a), snapshot(b)) == []


@pytest.mark.slow
def test_import_refuses_to_overwrite(rich: Path, tmp_path: Path) -> None:
    assert run_avi("import", rich, "--into", tmp_path / "archive").exit_code == 0
    again = run_avi("import", rich, "--into", tmp_path / "archive")
    assert again.exit_code == 1
    assert problems(again) == [f"error: {tmp_path}/archive/2024-06-choices-small-state.md: exists already "
                               "(choose another folder, or --force to replace it)"]


@pytest.mark.slow
def test_seed_in_word_matches_the_markdown_seed(tmp_path: Path) -> None:
    word = seed_docx(SEED, tmp_path / "hedging.docx")
    from_word = run_avi("build", word, "-o", tmp_path / "w")
    from_markdown = run_avi("build", SEED, "-o", tmp_path / "m")
    assert from_word.exit_code == from_markdown.exit_code == 0, from_word.output
    a, b = Path(from_word.stdout.strip()), Path(from_markdown.stdout.strip())
    assert compare(snapshot(b), snapshot(a)) == []
    assert pdf_text(a) == pdf_text(b)


def test_missing_metadata_is_reported_not_guessed(tmp_path: Path) -> None:
    path = rich_docx(tmp_path / "bare.docx", with_sidecar=False)
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    errors = [line for line in problems(result) if line.startswith("error:")]
    assert errors == [
        f"error: {path}: missing required key 'date' (write an ISO date such as 2024-08-28)",
        f"error: {path}: missing required key 'country' (add it)",
        f"error: {path}: missing required key 'issue' (write the number within the year, such as 8)",
        f"error: {path}: missing required key 'bio of author 1' (list each author with a name and a bio)",
    ]


def test_sidecar_errors_name_the_sidecar_and_line(rich: Path, tmp_path: Path) -> None:
    sidecar = rich.with_suffix(".yaml")
    sidecar.write_text(sidecar.read_text().replace("issue: 6", "issue: six"))
    result = run_avi("build", rich, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert [line for line in problems(result) if line.startswith("error:")] == [
        f"error: {sidecar}:3: 'issue' must be a whole number (write the number within the year, "
        "such as 8)"]


def one_error(path: Path, tmp_path: Path) -> str:
    start = time.monotonic()
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert time.monotonic() - start < 10
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = problems(result)
    return line


def test_corrupt_docx(rich: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(rich.read_bytes()[:3000])
    assert one_error(broken, tmp_path) == (f"error: {broken}: is not a Word .docx file (it is not a "
                                           "zip package) (save it from Word as .docx)")


def test_damaged_member(rich: Path, tmp_path: Path) -> None:
    data = bytearray(rich.read_bytes())
    index = data.find(b"word/document.xml", 40)  # the local header of the main part
    data[index + 200:index + 400] = bytes(200)
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(bytes(data))
    line = one_error(damaged, tmp_path)
    assert line.startswith(f"error: {damaged}: ")
    assert "save it again" in line


def test_not_word_with_a_docx_name(tmp_path: Path) -> None:
    text = tmp_path / "letter.docx"
    text.write_text("Dear editor, please find my commentary attached.\n")
    assert one_error(text, tmp_path) == (f"error: {text}: is not a Word .docx file (it is not a zip "
                                         "package) (save it from Word as .docx)")
    other_zip = tmp_path / "photos.docx"
    with zipfile.ZipFile(other_zip, "w") as package:
        package.writestr("photo.txt", "not a document")
    assert one_error(other_zip, tmp_path) == (f"error: {other_zip}: is not a Word document (it has no "
                                              "main document part) (save it from Word as .docx)")


def test_password_protected(tmp_path: Path) -> None:
    protected = tmp_path / "locked.docx"
    protected.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert one_error(protected, tmp_path) == (f"error: {protected}: is password-protected or an old "
                                              "Word 97-2003 file (remove the password and save it as .docx)")


def test_zip_bomb(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
        with package.open("word/media/huge.bin", "w") as member:
            chunk = bytes(1 << 20)
            for _ in range(300):
                member.write(chunk)
    assert bomb.stat().st_size < 1_000_000
    line = one_error(bomb, tmp_path)
    assert line.startswith(f"error: {bomb}: unpacks to 314,572,")
    assert line.endswith("it looks like a zip bomb (ask the author for the original file)")


def test_external_references_are_not_followed(rich: Path, tmp_path: Path) -> None:
    """An image linked (not embedded) to a local file outside the document is left out."""
    data = io.BytesIO(rich.read_bytes())
    out = io.BytesIO()
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG-secret")
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/_rels/document.xml.rels":
                content = content.replace(b'Target="media/image1.png"',
                                          f'Target="file://{secret}" TargetMode="External"'.encode())
            target.writestr(info, content)
    linked = tmp_path / "linked.docx"
    linked.write_bytes(out.getvalue())
    linked.with_suffix(".yaml").write_text(rich.with_suffix(".yaml").read_text())
    result = run_avi("import", linked, "--into", tmp_path / "archive")
    assert result.exit_code == 1
    assert problems(result) == [f"error: {linked}: links an image outside the document "
                                f"('file://{secret}') (insert it into the document in Word and save again)"]
    assert not (tmp_path / "archive").exists()


def test_word_builds_are_incremental_on_the_file_and_its_sidecar(rich: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_avi("build", rich, "-o", out).stdout.strip()
    assert run_avi("build", rich, "-o", out).stdout == ""
    sidecar = rich.with_suffix(".yaml")
    sidecar.write_text(sidecar.read_text().replace("country: Cambodia", "country: ASEAN"))
    again = run_avi("build", rich, "-o", out)
    assert again.stdout.strip().endswith("avi-commentary-2024-06.pdf")


def variant(rich: Path, target: Path, member: str, old: bytes, new: bytes) -> Path:
    """A copy of the Word file with one part's bytes changed, and its sidecar beside it."""
    out = io.BytesIO()
    with zipfile.ZipFile(rich) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                assert old in content
                content = content.replace(old, new, 1)
            copy.writestr(info, content)
    target.write_bytes(out.getvalue())
    target.with_suffix(".yaml").write_text(rich.with_suffix(".yaml").read_text())
    return target


@pytest.mark.parametrize(("target", "message"), [
    ("../../secret.png", "links an image outside the document ('../../secret.png') (insert it into "
     "the document in Word and save again)"),
    ("media/nothere.png", "its image 'media/nothere.png' is missing from the file (insert the "
     "picture again in Word and save)"),
])
def test_a_picture_outside_the_package_is_one_clear_line(rich: Path, tmp_path: Path, target: str,
                                                         message: str) -> None:
    linked = variant(rich, tmp_path / "linked.docx", "word/_rels/document.xml.rels",
                     b'Target="media/image1.png"', f'Target="{target}"'.encode())
    result = run_avi("build", linked, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert [line for line in problems(result) if line.startswith("error")] == [f"error: {linked}: {message}"]


def test_an_external_entity_is_refused_naming_the_part(rich: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(rich) as package:
        document = package.read("word/document.xml")
    root = document.index(b"<w:document")
    hostile = (document[:root] + b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
               + document[root:]).replace(b"Cambodia and its", b"&xxe; Cambodia and its", 1)
    word = variant(rich, tmp_path / "xxe.docx", "word/document.xml", document, hostile)
    result = run_avi("build", word, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert problems(result) == [
        f"error: {word}: its part word/document.xml declares an external entity 'xxe' "
        "('file:///etc/hostname'), which is never read (the file was not saved by Word: open it in "
        "Word and save it again as .docx)"]


def test_a_dropped_entity_is_a_warning(rich: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(rich) as package:
        document = package.read("word/document.xml")
    root = document.index(b"<w:document")
    declared = (document[:root] + b'<!DOCTYPE w:document [<!ENTITY co "Company">]>'
                + document[root:]).replace(b"Cambodia and its", b"&co; Cambodia and its", 1)
    word = variant(rich, tmp_path / "entity.docx", "word/document.xml", document, declared)
    result = run_avi("build", word, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (f"warning: {word}: its part word/document.xml uses the entity &co; whose text was left out "
            "(open it in Word and save it again to keep it)") in problems(result)


def test_a_picture_without_alt_text_is_found_when_reading(rich: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(rich) as package:
        document = package.read("word/document.xml")
    described = re.search(rb'descr="[^"]*"', document)
    assert described is not None
    word = variant(rich, tmp_path / "bare.docx", "word/document.xml", described[0], b'descr=""')
    result = run_avi("build", word, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert [line for line in problems(result) if line.startswith("error")] == [
        f"error: {word}: picture 1 has no alt text (in Word, right-click the picture, choose View Alt "
        "Text and say what it shows)"]


def test_a_skipped_heading_level_in_word_is_repaired_with_a_warning(tmp_path: Path) -> None:
    import docx

    from avitools.check.pdfua import check_pdfua, elements

    folder = tmp_path / "submissions"
    folder.mkdir()
    path = folder / "levels.docx"
    document = docx.Document()
    document.add_paragraph("Levels of a Commentary", style="Title")
    document.add_heading("Trade", level=1)
    document.add_paragraph("Trade grows.")
    document.add_heading("Tariffs", level=3)
    document.add_paragraph("Tariffs fall.")
    document.save(str(path))
    path.with_suffix(".yaml").write_text(
        "date: 2024-06-12\ncountry: Cambodia\nissue: 6\nauthors:\n  - name: SOK Dara\n"
        "    bio: \"Sok Dara is a research fellow at the Asian Vision Institute.\"\n", encoding="utf-8")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert problems(result) == [f"warning: {path}: Heading 3 'Tariffs' came after Heading 1: it is set "
                                "as Heading 2 so that no level is skipped"]
    data = Path(result.stdout.strip()).read_bytes()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        headings = [str(e["/S"]) for e, _ in elements(pdf) if str(e["/S"]) in ("/H1", "/H2", "/H3")]
    assert headings == ["/H1", "/H2", "/H3"]
    assert check_pdfua(data, path.name) == []
