"""Khmer as a first-class script: the corpus builds, reads back in three extractors, breaks lines
only between words, and prints its Khmer edition's running elements."""

from __future__ import annotations

import itertools
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pypdfium2
import pytest
from icu4py.breakers import WordBreaker
from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams
from pypdf import PdfReader

from avitools.check.fidelity import losses
from avitools.config import LATIN_DIGITS, Project
from avitools.read import read
from tests.helpers import ROOT, problems, run_avi

CORPUS = ROOT / "tests" / "data" / "khmer"
MANUSCRIPTS = sorted(CORPUS.glob("*.md"))
KHMER = re.compile(r"[\u1780-\u17ff]")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each Khmer manuscript's PDF, by manuscript stem."""
    out = tmp_path_factory.mktemp("khmer")
    result = run_avi("build", CORPUS, "-o", out)
    assert result.exit_code == 0, result.output
    assert problems(result) == []  # no warning: nothing of the Khmer text is lost
    pdfs = {}
    for manuscript in MANUSCRIPTS:
        number = manuscript.stem.split("-")[1]
        pdfs[manuscript.stem] = out / "2025" / f"avi-commentary-2025-{number}.pdf"
    return pdfs


def pdftotext(pdf: Path) -> str:
    """poppler's text in drawing order (`-raw`: its default layout mode reads a table by columns)."""
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdfium(pdf: Path) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def pdfminer(pdf: Path) -> str:
    """pdfminer.six's text, its boxes in drawing order (its default flow reads a table by columns)."""
    return str(extract_text(str(pdf), laparams=LAParams(boxes_flow=None)))


EXTRACTORS = {"pdftotext": pdftotext, "pdfium": pdfium, "pdfminer": pdfminer}


def squeezed(text: str) -> str:
    """Text as lines are compared: NFC, without note numbers or author marks, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"(?m)^\s*\d+\.\s", "", text)  # a footnote's number
    text = re.sub(r"\[\^\d+\]:?|[0-9*|#]|-{3}:?", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def printed_source(manuscript: Path, project: Project) -> str:
    """Everything the PDF prints of the manuscript, as one squeezed text: its file and edition."""
    article = read(manuscript, project).article
    edition = project.series(None).edition("km")
    names = [a.name for a in article.authors]
    byline = f" {edition.conjunction} ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1
                                            else names)
    running = [edition.masthead, f"{article.country} | {edition.date(article.date)}", byline,
               edition.disclaimer(len(article.authors))]
    return squeezed(" ".join([manuscript.read_text(encoding="utf-8"), *running]).translate(LATIN_DIGITS))


@pytest.mark.parametrize("extractor", sorted(EXTRACTORS))
@pytest.mark.parametrize("manuscript", MANUSCRIPTS, ids=lambda p: p.stem)
def test_the_text_layer_gives_back_the_khmer(built: dict[str, Path], project: Project,
                                             manuscript: Path, extractor: str) -> None:
    """Every manuscript word in order (the fidelity rule), and every line a piece of the source."""
    layer = EXTRACTORS[extractor](built[manuscript.stem])
    article = read(manuscript, project).article
    assert losses(article, layer) == []
    source = printed_source(manuscript, project)
    label = project.series(None).edition("km").label(article.year, article.issue)
    # Note calls print in the edition's Khmer digits where the manuscript writes [^1]: numbers are
    # left out on both sides, whatever their digits.
    lines = [squeezed(line.replace(label, "").translate(LATIN_DIGITS)) for line in layer.splitlines()]
    khmer = [line for line in lines if KHMER.search(line) and not re.fullmatch(r"[០-៩]+", line)]
    assert len(khmer) > 20
    assert [line for line in khmer if line not in source] == []
    assert "\u200b" not in layer


@pytest.mark.parametrize("manuscript", MANUSCRIPTS, ids=lambda p: p.stem)
def test_lines_end_only_between_words(built: dict[str, Path], project: Project,
                                      manuscript: Path) -> None:
    """Every line end inside a run of Khmer falls on one of ICU's Khmer word boundaries."""
    source = printed_source(manuscript, project)
    boundaries = {end for _start, end in WordBreaker(source, "km").segments()}
    lines = [squeezed(line) for line in pdftotext(built[manuscript.stem]).splitlines()]
    position, inside, wrong = 0, 0, []
    for line, after in itertools.pairwise(lines):
        if not (line and after and KHMER.match(line[-1]) and KHMER.match(after[0])):
            continue
        at = source.find(line, position)
        if at < 0:
            at = source.find(line)  # a running element, printed out of the source's order
            if at < 0:
                continue
        else:
            position = at + len(line)
        end = at + len(line)
        if end < len(source) and source[end] != " ":
            inside += 1
            if end not in boundaries:
                wrong.append(f"{line[-12:]}|{source[end:end + 12]}")
    assert inside >= 5, "too few line ends inside Khmer runs to judge"
    assert wrong == []


def test_the_khmer_edition_prints_khmer_running_elements(built: dict[str, Path]) -> None:
    pdf = built["2025-02-mekong-water-data"]
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                            check=True).stdout
    first = squeezed(layout.split("\f")[0])
    assert first.startswith("អត្ថាធិប្បាយ AVI កម្ពុជា ៩ មេសា ២០២៥ ទន្លេមេគង្គ៖ ទិន្នន័យ")  # | squeezed
    assert "សុខ ដារា និង គីម សុភ័ក្ត្រ" in first
    assert re.search(r"ឆ្នាំ ២០២៥ លេខ ០២\s+១\s*$", layout.split("\f")[0])
    assert re.search(r"ឆ្នាំ ២០២៥ លេខ ០២\s+២\s*$", layout.split("\f")[1])
    assert ("ទស្សនៈដែលបានបង្ហាញក្នុងអត្ថបទនេះ ជាទស្សនៈផ្ទាល់ខ្លួនរបស់អ្នកនិពន្ធទាំងអស់ "
            "ហើយមិនឆ្លុះបញ្ចាំងពីទស្សនៈរបស់វិទ្យាស្ថានទស្សនៈអាស៊ីឡើយ។") in squeezed(layout.split("\f")[1])
    info = dict(PdfReader(pdf).metadata or {})
    assert str(info["/Subject"]) == "AVI Commentary, ឆ្នាំ ២០២៥ លេខ ០២"


def test_an_english_article_with_khmer_words_keeps_english_elements(write_manuscript: object,
                                                                   tmp_path: Path) -> None:
    path = write_manuscript("Khmer words: កម្ពុជា និង ពង្រឹង ការបរទេស។\n")  # type: ignore[operator]
    assert run_avi("build", path, "-o", tmp_path).exit_code == 0
    layer = pdftotext(tmp_path / "2024" / "avi-commentary-2024-03.pdf")
    assert "Cambodia | 5 March 2024" in layer
    assert "ISSUE: 2024, No. 03" in layer


def test_no_zero_width_space_in_bookmarks_metadata_or_epub(built: dict[str, Path],
                                                           tmp_path: Path) -> None:
    for pdf in built.values():
        reader = PdfReader(pdf)
        titles = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
        assert titles
        assert not any("\u200b" in str(t) for t in titles)
        assert not any("\u200b" in str(v) for v in (reader.metadata or {}).values())
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()  # type: ignore[index]
        assert "\u200b".encode() not in xmp
    book = tmp_path / "khmer.epub"
    assert run_avi("anthology", "2025", "--from", CORPUS, "-o", book).exit_code == 0
    with zipfile.ZipFile(book) as epub:
        assert not [n for n in epub.namelist() if "\u200b".encode() in epub.read(n)]


def test_our_khmer_pdfs_pass_avi_check(built: dict[str, Path]) -> None:
    for manuscript in MANUSCRIPTS:
        result = run_avi("check", built[manuscript.stem], "--manuscript", manuscript, "--strict")
        assert result.exit_code == 0, result.output


def test_a_long_khmer_footnote_wraps_inside_the_text_block(write_manuscript: object,
                                                           tmp_path: Path) -> None:
    """A note of several lines of Khmer without spaces wraps; the build's P015 would refuse it."""
    note = ("ការសិក្សានេះផ្អែកលើទិន្នន័យរបស់គណៈកម្មការទន្លេមេគង្គនិងក្រសួងធនធានទឹកនិងឧតុនិយម"
            "ដែលបានប្រមូលពីស្ថានីយ៍វាស់កម្រិតទឹកនៅតាមដងទន្លេចាប់ពីឆ្នាំ២០១៩រហូតដល់ឆ្នាំ២០២៤") * 2
    path = write_manuscript(f"ទន្លេមេគង្គគឺជាប្រភពជីវិត។[^1]\n\n[^1]: {note}\n",  # type: ignore[operator]
                            lang="km", country="កម្ពុជា")
    result = run_avi("build", path, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert problems(result) == []
    lines = [squeezed(line) for line in pdftotext(tmp_path / "2024" / "avi-commentary-2024-03.pdf")
             .splitlines() if "ស្ថានីយ៍" in line or "ការសិក្សា" in line or "ក្រសួង" in line]
    assert len(lines) >= 3  # the note wrapped onto several lines
