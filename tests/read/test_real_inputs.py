"""What real Word and Markdown files do to a build: each failure is one line naming its file."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pypdfium2
import pytest

from avitools.errors import Problem
from avitools.read.html_to_md import to_markdown
from tests.conftest import ManuscriptWriter
from tests.docx_fixtures import rich_docx
from tests.helpers import problems, run_avi


def bad_checksum(good: Path, target: Path) -> Path:
    """A copy of `good` whose settings part fails its CRC, as a truncated download leaves it."""
    out = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/settings.xml":
                content += b"<!-- MARK -->"
            copy.writestr(info.filename, content, zipfile.ZIP_STORED)
    data = out.getvalue().replace(b"<!-- MARK -->", b"<!-- MARX -->")
    target.write_bytes(data)
    target.with_suffix(".yaml").write_text(good.with_suffix(".yaml").read_text())
    return target


@pytest.mark.slow
def test_a_damaged_word_file_fails_alone_in_a_folder_build(tmp_path: Path) -> None:
    folder = tmp_path / "submissions"
    folder.mkdir()
    good = rich_docx(folder / "good.docx")
    spare = rich_docx(tmp_path / "spare.docx")
    damaged = bad_checksum(spare, folder / "damaged.docx")
    damaged.with_suffix(".yaml").write_text(
        good.with_suffix(".yaml").read_text().replace("issue: 6", "issue: 7"))
    result = run_avi("build", folder, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 1
    errors = [line for line in problems(result) if line.startswith("error:")]
    assert errors == [f"error: {damaged}: is damaged: a part of it cannot be unpacked "
                                "(word/settings.xml) (open it in Word, or ask the author to save it again)"]
    assert result.stdout.splitlines() == [str(tmp_path / "out" / "2024" / "avi-commentary-2024-06.pdf")]
    assert result.stderr.splitlines()[-1].startswith("built 1, unchanged 0, failed 1 in ")


def test_an_unforeseen_failure_names_its_manuscript(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                    ) -> None:
    """A library's exception inside a reader becomes one line naming the file, not a stopped build."""
    import avitools.read.docx

    def broken(*_args: object) -> object:
        raise KeyError("w:type")

    monkeypatch.setattr(avitools.read.docx, "_report", broken)
    good = rich_docx(tmp_path / "choices.docx")
    result = run_avi("build", good, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert problems(result) == [f"error: {good}: internal error while reading it: KeyError: 'w:type' "
                                "(the other manuscripts are not affected; run the command again with "
                                "'avi --debug' and report the traceback)"]


def test_a_message_is_one_line() -> None:
    problem = Problem("a.md", "cannot be parsed:\n  line 3\r\n column 2", "fix\nit", 3)
    assert str(problem) == "error: a.md:3: cannot be parsed: line 3 column 2 (fix it)"


SIDECAR = ('title: "Readings"\ndate: 2024-06-12\ncountry: Cambodia\nissue: 6\nauthors:\n'
           '  - name: SOK Dara\n    bio: "Sok Dara is a research fellow."\n')


def word_file(path: Path, body: str, edits: dict[str, Callable[[bytes], bytes]] | None = None,
              renames: dict[str, str] | None = None, sidecar: str = SIDECAR) -> Path:
    """A Word file whose body is the given WordprocessingML, with parts edited or renamed."""
    document = docx.Document()
    document.add_paragraph("placeholder")
    buffer = io.BytesIO()
    document.save(buffer)
    edits, renames = dict(edits or {}), renames or {}
    edits.setdefault("word/document.xml", lambda xml: re.sub(
        rb"<w:body>.*<w:sectPr", lambda _m: b"<w:body>" + body.encode() + b"<w:sectPr", xml, flags=re.S))
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as copy:
        for info in source.infolist():
            content = source.read(info.filename)
            edit = edits.get(info.filename)
            content = edit(content) if edit is not None else content
            copy.writestr(renames.get(info.filename, info.filename), content)
    path.with_suffix(".yaml").write_text(sidecar, encoding="utf-8")
    return path


def para(text: str, style: str = "") -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{properties}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


PROSE = para("Cambodia and its neighbours agreed on a common approach to the river in May.")


def built_text(path: Path, tmp_path: Path) -> tuple[list[str], str]:
    """The build's error and warning lines and the PDF's text, words joined by single spaces."""
    out = tmp_path / "out"
    result = run_avi("build", path, "-o", out)
    lines = problems(result)
    pdfs = sorted(out.rglob("*.pdf"))
    text = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in
                    pypdfium2.PdfDocument(pdfs[0])) if pdfs and result.exit_code == 0 else ""
    return lines, text


def test_a_template_link_is_not_content(tmp_path: Path) -> None:
    def linked(rels: bytes) -> bytes:
        return rels.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.'
                            b'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
                            b'Target="file:///C:\\Users\\me\\Normal.dotm" TargetMode="External"/>'
                            b"</Relationships>")

    path = word_file(tmp_path / "templated.docx", PROSE)
    with zipfile.ZipFile(path) as package:
        has_rels = "word/_rels/settings.xml.rels" in package.namelist()
    assert not has_rels
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"></Relationships>')
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("word/_rels/settings.xml.rels", linked(rels))
    lines, text = built_text(path, tmp_path)
    assert lines == []
    assert "agreed on a common approach" in text


def test_a_main_part_under_another_name_is_read(tmp_path: Path) -> None:
    path = word_file(
        tmp_path / "alternate.docx", PROSE,
        edits={"_rels/.rels": lambda x: x.replace(b"word/document.xml", b"word/document2.xml"),
               "[Content_Types].xml": lambda x: x.replace(b"/word/document.xml", b"/word/document2.xml")},
        renames={"word/document.xml": "word/document2.xml",
                 "word/_rels/document.xml.rels": "word/_rels/document2.xml.rels"})
    with zipfile.ZipFile(path) as package:
        assert "word/document.xml" not in package.namelist()
    lines, text = built_text(path, tmp_path)
    assert lines == []
    assert "agreed on a common approach" in text


def test_a_package_whose_main_part_is_not_a_document(tmp_path: Path) -> None:
    path = word_file(tmp_path / "theme.docx", PROSE, edits={"[Content_Types].xml": lambda x: x.replace(
        b"wordprocessingml.document.main+xml", b"theme+xml")})
    lines, _ = built_text(path, tmp_path)
    assert lines == [f"error: {path}: is not a Word document (its main part is application/vnd."
                     "openxmlformats-officedocument.theme+xml) (save it from Word as .docx)"]


def table(*rows: tuple[str, ...]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>"
                    for row in rows)
    return f"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>{cells}</w:tbl>"


def test_headings_and_tables_are_body_text(tmp_path: Path, write_manuscript: ManuscriptWriter) -> None:
    path = word_file(tmp_path / "tables.docx", para("Exports by partner", "Heading1")
                     + table(("Partner", "Share"), ("Korea", "12 %")))
    lines, text = built_text(path, tmp_path)
    assert lines == []
    assert "Exports by partner Partner Share Korea 12 %" in text
    markdown = write_manuscript("## Exports by partner\n\n| Partner | Share |\n|---|---|\n| Korea | 12 % |\n")
    lines, text = built_text(markdown, tmp_path / "md")
    assert lines == []
    assert "Partner Share Korea 12 %" in text


def test_an_empty_word_body_says_so_in_words_for_word(tmp_path: Path) -> None:
    path = word_file(tmp_path / "empty.docx", "<w:p/>")
    lines, _ = built_text(path, tmp_path)
    assert lines == [f"error: {path}: has no text in its body (write the article in the Word file's main "
                     "text: headers, footers and comments are not part of it)"]


def test_fields_drop_caps_and_ruby_keep_their_text(tmp_path: Path) -> None:
    field = ('<w:p><w:r><w:t xml:space="preserve">The treaty is </w:t></w:r><w:fldSimple w:instr=" REF '
             'treaty \\h "><w:r><w:t>Article 3</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve">'
             ' of the agreement.</w:t></w:r></w:p>')
    drop = ('<w:p><w:pPr><w:framePr w:dropCap="drop" w:lines="3"/></w:pPr><w:r><w:t>D</w:t></w:r></w:p>'
            '<w:p><w:r><w:t xml:space="preserve">iplomacy is slow work.</w:t></w:r></w:p>')
    ruby = ('<w:p><w:r><w:t xml:space="preserve">The city of </w:t></w:r><w:r><w:ruby><w:rubyPr/>'
            '<w:rt><w:r><w:t>Tōkyō</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>Tokyo</w:t></w:r></w:rubyBase>'
            '</w:ruby></w:r><w:r><w:t xml:space="preserve"> hosted the talks.</w:t></w:r></w:p>')
    path = word_file(tmp_path / "fields.docx", field + drop + ruby + PROSE)
    lines, text = built_text(path, tmp_path)
    assert lines == [f"warning: {path}: paragraph 1 ('The treaty is Article 3 of the agreement'): field "
                     "'REF treaty \\h' was replaced by its last shown result"]
    assert ("The treaty is Article 3 of the agreement. Diplomacy is slow work. The city of Tokyo "
            "hosted") in text
    assert "Tōkyō" not in text


def test_a_windows_metafile_is_refused_with_how_to_reinsert_it() -> None:
    from avitools.read.docx import _unprintable

    assert str(_unprintable("a.docx", 2, "image/x-emf")) == (
        "error: a.docx: picture 2 is a Windows metafile (EMF) (in Word, right-click it, choose Save as "
        "Picture, save it as PNG and insert that file in its place; a chart from Excel can be pasted as a "
        "PNG picture instead)")


def test_the_word_title_is_not_dropped_in_silence(tmp_path: Path) -> None:
    path = word_file(tmp_path / "titled.docx", para("A Title the Author Typed", "Title") + PROSE)
    lines, text = built_text(path, tmp_path)
    assert lines == [f"warning: {path}: the Word file's Title paragraph 'A Title the Author Typed' is not "
                     "printed: the title is the sidecar's 'Readings'"]
    assert "Readings" in text


def test_emphasis_split_by_word_is_joined_without_a_space() -> None:
    html = ("<ol><li>This is <em>at </em><strong><em>the third level</em></strong><em>, and I want"
            "</em> more.</li></ol>")
    assert to_markdown(html, {}).markdown == "1. This is *at **the third level**, and I want* more.\n"


def test_typography_changes_only_quotes_dashes_and_the_ellipsis(
        tmp_path: Path, write_manuscript: ManuscriptWriter) -> None:
    body = ('Under Article 3(c), (r) and (tm) marks, +-5 %, wow!!!! and why???? stay as written... '
            'Years 1990--2000 -- and "quotes" --- stay typographic; four dots.... stay too.\n')
    lines, text = built_text(write_manuscript(body), tmp_path)
    assert lines == []
    assert ("Under Article 3(c), (r) and (tm) marks, +-5 %, wow!!!! and why???? stay as written… "
            "Years 1990–2000 – and “quotes” — stay typographic; four dots.... stay too.") in text


def test_links_to_headings_by_the_ids_authors_write(tmp_path: Path,
                                                    write_manuscript: ManuscriptWriter) -> None:
    body = ("See [the background](#background), [the same](#sec-background) and "
            "[the outlook](#the-mekong-in-2030).\n\n## Background\n\nText.\n\n"
            "## The Mekong in 2030\n\nMore text with `[^1]` in code.\n")
    path = write_manuscript(body)
    lines, text = built_text(path, tmp_path)
    assert lines == []
    assert "More text with [^1] in code." in text
    pdf = next((tmp_path / "out").rglob("*.pdf"))
    from pypdf import PdfReader

    targets = [str(annotation.get_object()["/Dest"]) for page in PdfReader(pdf).pages
               for annotation in page.get("/Annots", []) if "/Dest" in annotation.get_object()]
    assert [t for t in targets if t.startswith("sec-")] == [
        "sec-background", "sec-background", "sec-the-mekong-in-2030"]
    missing = write_manuscript("See [nothing](#conclusion).\n\n## Background\n\nText.\n", name="b.md")
    lines, _ = built_text(missing, tmp_path / "b")
    line = missing.read_text().splitlines().index("See [nothing](#conclusion).") + 1
    assert lines == [f"error: {missing}:{line}: link '#conclusion' names no heading of the article "
                     "(link to a heading by its identifier: #background)"]


@pytest.mark.parametrize(("body", "printed"), [
    ("\\*\\* Note: figures are provisional and may change before the final count is published.\n",
     "** Note: figures are provisional"),
    ("Pasted from a PDF: the ﬁrst oﬀer was ﬁnal and ﬂexible.\n", "the first offer was final"),
    ("The red spot tilaka [^1]or bindi marks the forehead.\n\n[^1]: A mark of devotion.\n",
     "tilaka 1or bindi"),
    ("北京大学的学者认为，本款固态硬盘是一款微型尺寸完全兼容标准接口规范的产品，可以应用于那些对可靠性要求非常高的数码产品之中，"
     "没有活动部件，同时微小尺寸这一特点让工程人员在设计产品时有更大自由度。" * 3 + "\n",
     "北京大学的学者认为"),
])
def test_the_build_does_not_refuse_its_own_correct_page(
        tmp_path: Path, write_manuscript: ManuscriptWriter, body: str, printed: str) -> None:
    """Asterisks opening a paragraph, ligatures, a call against a word, a spaceless script."""
    lines, text = built_text(write_manuscript(body), tmp_path)
    assert lines == []
    assert printed in text.replace("\u2060", "").replace("\r", "")


def test_an_import_that_fails_writes_nothing(tmp_path: Path) -> None:
    """A Word file whose Markdown does not read back (a character no face has) leaves no file."""
    path = word_file(tmp_path / "odd.docx", para("A brain \U0001F9E0 in the text of the article."))
    archive = tmp_path / "archive"
    for _ in range(2):  # the second run meets the same problem, not "exists already"
        result = run_avi("import", path, "--into", archive)
        assert result.exit_code == 1
        (line,) = problems(result)
        assert "U+1F9E0 BRAIN" in line
        assert [p for p in archive.rglob("*") if p.is_file()] == []


CODE_AND_NOTE = ("A paragraph before the code.\n\n```\n"
                 "def a_very_long_function_name_that_does_not_fit(argument_one, argument_two, "
                 "argument_three, argument_four):\n    return argument_one + argument_two\n```\n\n"
                 "Text with a note.[^1]\n\n[^1]: A note with a quote:\n\n    > Quoted words in the note.\n\n"
                 "    - a list item in the note\n\n    ```\n    code_in_the_note(1)\n    ```\n")


def test_code_wraps_inside_the_text_block_and_notes_hold_their_blocks(
        tmp_path: Path, write_manuscript: ManuscriptWriter) -> None:
    from avitools.check.pdftext import read_pages

    lines, _text = built_text(write_manuscript(CODE_AND_NOTE), tmp_path)
    assert lines == []
    pdf = next((tmp_path / "out").rglob("*.pdf"))
    (page,) = read_pages(pdf)  # built: P015 found nothing in the margins
    by_text = {line.text: line for line in page.lines}
    code = next(line for text, line in by_text.items() if text.startswith("def a_very_long"))
    wrapped = by_text["argument_four):"]
    assert wrapped.x > code.x + 10  # the continuation is indented under its line, behind a mark
    picture = pypdfium2.PdfDocument(pdf)[0].render(scale=2, grayscale=True).to_pil()
    mark = picture.crop((int(code.x * 2), int((page.top(wrapped) - 7) * 2), int((wrapped.x - 1) * 2),
                         int((page.top(wrapped) + 1) * 2)))
    assert mark.getextrema()[0] < 200  # something is drawn there
    assert "↪" not in "".join(line.text for line in page.lines)  # and it is not text
    note, call = by_text["1. A note with a quote:"], by_text["Text with a note.1"]
    for words in ("Quoted words in the note.", "• a list item in the note", "code_in_the_note(1)"):
        assert page.top(by_text[words]) > page.top(note) > page.top(call)  # set in the note


def test_a_written_out_address_prints_as_written(tmp_path: Path, write_manuscript: ManuscriptWriter) -> None:
    lines, text = built_text(write_manuscript(
        "See https://example.org/a%2Eb/c and <https://example.org/x%20y> for the data.\n"), tmp_path)
    assert lines == []
    assert "https://example.org/a%2Eb/c and https://example.org/x%20y for the data." in text


def test_an_image_inside_a_link_and_a_variation_selector(tmp_path: Path,
                                                          write_manuscript: ManuscriptWriter) -> None:
    from PIL import Image

    path = write_manuscript("Here is [one ![A red heart.](heart.png) that](https://example.org) links, "
                            "and a sign \u2192\ufe0e chosen as text.\n")
    Image.new("RGB", (40, 40), "red").save(path.parent / "heart.png")
    lines, text = built_text(path, tmp_path)
    assert lines == []
    assert "Here is one" in text
    assert "that links, and a sign" in text


def test_characters_from_word_are_listed_without_lines_and_private_use_is_explained(
        tmp_path: Path) -> None:
    path = word_file(tmp_path / "symbols.docx", para("A tick \uf0fc and a face \U0001F60F in the text."))
    lines, _ = built_text(path, tmp_path)
    assert lines == [f"error: {path}: 2 characters are not in the house fonts: U+F0FC PRIVATE USE "
                     "CHARACTER (a symbol font's, such as Wingdings), U+1F60F SMIRKING FACE (replace or "
                     "remove them)"]


def test_word_cells_keep_their_lines_and_bold_inside_a_word_reads_back(tmp_path: Path) -> None:
    cell = ('<w:tc><w:p><w:r><w:t>April 2017</w:t></w:r></w:p><w:p><w:r><w:t>October 2017</w:t></w:r>'
            '</w:p></w:tc>')
    bold = ('<w:tc><w:p><w:r><w:t>Cam</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>bod</w:t></w:r>'
            '<w:r><w:t>ia</w:t></w:r></w:p></w:tc>')
    body = (f"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>{cell}{bold}</w:tr></w:tbl>"
            + PROSE)
    path = word_file(tmp_path / "cells.docx", body)
    lines, text = built_text(path, tmp_path)
    assert lines == []
    pdf = next((tmp_path / "out").rglob("*.pdf"))
    from avitools.check.pdftext import read_pages

    (page,) = read_pages(pdf)
    by_text = {line.text: line for line in page.lines}
    april = next(line for t, line in by_text.items() if t.startswith("April 2017"))
    october = next(line for t, line in by_text.items() if t.startswith("October 2017"))
    assert page.top(october) > page.top(april)  # on a line of its own, under the cell's first
    assert "Cambodia" in text


def test_br_is_a_line_break_and_other_html_is_still_refused(tmp_path: Path,
                                                          write_manuscript: ManuscriptWriter) -> None:
    path = write_manuscript("| Month | Meetings |\n|---|---|\n| May | Phnom Penh<br>Seoul |\n\n"
                            "A paragraph of text.\n")
    lines, text = built_text(path, tmp_path)
    assert lines == []
    assert "Phnom Penh Seoul" in text
    refused = write_manuscript("A <span>span</span> of text.\n", name="b.md")
    lines, _ = built_text(refused, tmp_path / "b")
    line = refused.read_text().splitlines().index("A <span>span</span> of text.") + 1
    assert lines == [f"error: {refused}:{line}: raw HTML is not allowed in a manuscript (use Markdown for "
                     "emphasis, links and images; <br> alone breaks a line)"]


def test_a_table_too_wide_for_the_page_is_one_line(tmp_path: Path, write_manuscript: ManuscriptWriter
                                                   ) -> None:
    heads = "| Year | " + " | ".join("ABCDEFGHIJK") + " |"
    row = "| 2019 | " + " | ".join(["14,824,000,000"] * 11) + " |"
    path = write_manuscript(f"A paragraph.\n\n{heads}\n|{'---|' * 12}\n{row}\n")
    lines, _ = built_text(path, tmp_path)
    failed = tmp_path / "out" / "failed" / "2024" / "avi-commentary-2024-03.pdf"
    line = path.read_text().splitlines().index(heads) + 1
    assert lines == [f"error: {path}: page 1: P015 the table headed 'Year | A | B | C | D | E | F | G | H | "
                     f"I | J | K' (line {line}) is wider than the text block even at its smallest type: "
                     "split it into two tables, or turn it so that fewer columns cross the page (the PDF "
                     f"is kept for a look at {failed})"]


def test_a_space_kept_at_a_justified_line_end_is_not_stray_text(
        tmp_path: Path, write_manuscript: ManuscriptWriter) -> None:
    """A line that ends with a comma after a link or code keeps the space after it, drawn past the
    text block: P015 judges what is inked, so the correct page is built."""
    body = ("As document output format, a before `format`, a `in` to default document set set "
            "[default](https://example.org/14), `extension` [file](https://example.org/16) "
            "[used](https://example.org/17) of, default output `before` on, format on a of `default` as, "
            "of engine set to of in an extension on file document set document.\n")
    path = write_manuscript(body)
    lines, _ = built_text(path, tmp_path)
    assert lines == []
    pdf = next((tmp_path / "out").rglob("*.pdf"))
    page = pypdfium2.PdfDocument(pdf)[0]
    textpage = page.get_textpage()
    right = page.get_width() - 24 * 72 / 25.4
    spaces_past = [i for i in range(textpage.count_chars()) if textpage.get_text_range(i, 1) == " "
                   and textpage.get_charbox(i)[2] > right + 1.5]
    assert spaces_past  # the case is there: a kept space reaches past the text block


def test_avi_list_shows_a_damaged_word_file_as_a_row(scratch_project: Path) -> None:
    import json

    folder = scratch_project / "manuscripts" / "2024"
    folder.mkdir(parents=True)
    spare = rich_docx(scratch_project / "spare.docx")
    damaged = bad_checksum(spare, folder / "damaged.docx")
    result = run_avi("list", "--json")
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["entries"]
    assert entry["state"] == "failed"
    assert entry["manuscript"] == "manuscripts/2024/damaged.docx"
    assert entry["problem"] == (f"error: {damaged.relative_to(scratch_project)}: is damaged: a part of it "
                                "cannot be unpacked (word/settings.xml) (open it in Word, or ask the "
                                "author to save it again)")


def test_the_converters_warnings_say_what_happened() -> None:
    from avitools.read.docx import _told

    assert _told("Unrecognised paragraph style: First Paragraph (Style ID: FirstParagraph)") == (
        "paragraph style 'First Paragraph' has no house equivalent: its paragraphs are set as body text")
    assert _told("Unrecognised run style: Verbatim Char (Style ID: VerbatimChar)") == (
        "character style 'Verbatim Char' has no house equivalent: its text is set as plain text")
    assert _told("An unrecognised element was ignored: v:fill") == (
        "Word element v:fill is not read: what it holds was left out (check the PDF against the Word "
        "file there)")
    assert _told("Image of type image/x-emf is unlikely to display in web browsers") is None
    assert _told("Unrecognised run style: Hyperlink (Style ID: Hyperlink)") is None


def test_a_tracked_change_without_text_is_not_quoted(tmp_path: Path) -> None:
    body = ('<w:p><w:pPr><w:rPr><w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z"/></w:rPr>'
            '</w:pPr><w:r><w:t>Cambodia and its neighbours agreed on a common approach in May.</w:t></w:r>'
            '</w:p><w:p><w:ins w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:t>Added words.'
            '</w:t></w:r></w:ins></w:p>')
    path = word_file(tmp_path / "tracked.docx", body)
    lines, _ = built_text(path, tmp_path)
    assert lines == [f"warning: {path}: paragraph 2 ('Added words.'): tracked insertion 'Added words.' was "
                     "taken into the text (accept or reject the changes in Word to decide)"]


def test_capitals_and_superscript_digits_print_as_word_shows_them(tmp_path: Path) -> None:
    body = ('<w:p><w:r><w:t xml:space="preserve">The </w:t></w:r><w:r><w:rPr><w:caps/></w:rPr>'
            '<w:t>asean</w:t></w:r><w:r><w:t xml:space="preserve"> area is 4.5 million km</w:t></w:r>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>2</w:t></w:r>'
            '<w:r><w:t xml:space="preserve"> and emits CO</w:t></w:r><w:r><w:rPr><w:vertAlign '
            'w:val="subscript"/></w:rPr><w:t>2</w:t></w:r><w:r><w:t xml:space="preserve"> at '
            'the rate we measured in May.</w:t></w:r></w:p>')
    path = word_file(tmp_path / "caps.docx", body)
    lines, text = built_text(path, tmp_path)
    assert lines == []
    assert "The ASEAN area is 4.5 million km² and emits CO₂ at the rate" in text
