"""`avi site`: the web edition of the fixtures, read back by outside parsers (extruct, feedparser,
pybtex, rispy, lxml), with hostile text, reruns, renumbering and the preview server."""

from __future__ import annotations

import json
import re
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from lxml import html as lxml_html

from avitools.check.fidelity import losses
from avitools.config import load_project
from avitools.model import Article
from avitools.read import read_manuscript
from avitools.serve import confined, server
from tests.helpers import ROOT, run_avi

BASE = "https://example.org/commentary/"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The site of the English and Khmer fixtures (no EPUB), and their manuscripts' folder."""
    root = tmp_path_factory.mktemp("site-project")
    for name in ("avi.toml", "layouts"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    (root / "fonts").symlink_to(ROOT / "fonts")
    shutil.copytree(ROOT / "tests" / "data" / "manuscripts", root / "manuscripts" / "2024")
    shutil.copytree(ROOT / "tests" / "data" / "khmer", root / "manuscripts" / "2025")
    import os

    os.chdir(root)  # the suite's own fixture takes every test back to the repository
    result = run_avi("site", "--base-url", BASE, "--no-epub")
    assert result.exit_code == 0, result.output
    return root / "build" / "site", root / "manuscripts"


def _project(tmp_path: Path, manuscripts: Path | None = None) -> Path:
    """A project of the repository's settings and layouts (its fonts shared) with, when given,
    a copy of `manuscripts` as its 2024."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "avi.toml", root / "avi.toml")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    (root / "fonts").symlink_to(ROOT / "fonts")
    if manuscripts is not None:
        shutil.copytree(manuscripts, root / "manuscripts" / "2024")
    return root


def _page(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(path.read_bytes())


def _articles(manuscripts: Path) -> list[Article]:
    project = load_project(manuscripts.parent)
    return [read_manuscript(p, project) for p in sorted(manuscripts.rglob("*.md"))]


def test_every_issue_page_gives_back_its_manuscript(site: tuple[Path, Path]) -> None:
    folder, manuscripts = site
    articles = _articles(manuscripts)
    assert len(articles) == 6
    for article in articles:
        page = folder / f"{article.year}/{article.issue:02d}/index.html"
        tree = _page(page)
        assert tree.get("lang") == article.lang
        text = tree.xpath("//article")[0].text_content()
        assert losses(article, text) == [], page


def test_the_indexers_read_the_manuscripts_metadata(site: tuple[Path, Path]) -> None:
    import extruct

    folder, manuscripts = site
    for article in _articles(manuscripts):
        a = article
        path = f"{a.year}/{a.issue:02d}/"
        raw = (folder / path / "index.html").read_text(encoding="utf-8")
        data = extruct.extract(raw, base_url=BASE + path, syntaxes=["json-ld", "opengraph"],
                               uniform=True)
        ld = data["json-ld"][0]
        assert ld["headline"] == a.title
        assert [p["name"] for p in ld["author"]] == [x.name for x in a.authors]
        assert ld["datePublished"] == a.date.isoformat()
        assert ld["inLanguage"] == a.lang
        graph = data["opengraph"][0]
        assert graph["og:title"] == a.title
        assert graph["og:url"] == BASE + path
        tree = _page(folder / path / "index.html")
        tags: dict[str, list[str]] = {}
        for meta in tree.xpath("//meta[starts-with(@name, 'citation_')]"):
            tags.setdefault(meta.get("name"), []).append(meta.get("content"))
        assert tags["citation_title"] == [a.title]
        assert tags["citation_author"] == [x.name for x in a.authors]
        assert tags["citation_publication_date"] == [a.date.strftime("%Y/%m/%d")]
        assert tags["citation_language"] == [a.lang]
        pdf_url = tags["citation_pdf_url"][0]
        assert pdf_url.startswith(BASE)
        pdf = folder / pdf_url[len(BASE):]
        assert pdf.read_bytes().startswith(b"%PDF-")
        card = folder / path / "card.png"
        from PIL import Image

        with Image.open(card) as image:
            assert image.size == (1200, 630)


def test_the_references_are_read_back_by_their_parsers(site: tuple[Path, Path]) -> None:
    import rispy
    from pybtex.database import parse_string

    folder, manuscripts = site
    for article in _articles(manuscripts):
        a = article
        issue = folder / f"{a.year}/{a.issue:02d}"
        entry = next(iter(parse_string((issue / "cite.bib").read_text(encoding="utf-8"),
                                       "bibtex").entries.values()))
        assert entry.fields["title"].strip("{}") == a.title
        assert entry.fields["year"] == str(a.year)
        ris = rispy.loads((issue / "cite.ris").read_text(encoding="utf-8"))[0]
        assert ris["title"] == a.title
        csl = json.loads((issue / "cite.json").read_text(encoding="utf-8"))[0]
        assert csl["title"] == a.title
        assert csl["issued"]["date-parts"] == [[a.year, a.date.month, a.date.day]]
        shown = _page(issue / "index.html").xpath("//p[@class='reference']")[0].text_content()
        assert a.title.split()[0] in shown
        assert str(a.year) in shown


def test_the_archive_feed_and_sitemap(site: tuple[Path, Path]) -> None:
    import feedparser

    folder, manuscripts = site
    articles = sorted(_articles(manuscripts), key=lambda a: a.date, reverse=True)
    feed = feedparser.parse((folder / "feed.xml").read_bytes())
    assert not feed.bozo
    assert [e.title for e in feed.entries] == [a.title for a in articles]
    sitemap = (folder / "sitemap.xml").read_text(encoding="utf-8")
    for a in articles:
        assert f"<loc>{BASE}{a.year}/{a.issue:02d}/</loc>" in sitemap
    assert (folder / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {BASE}sitemap.xml\n")
    home = _page(folder / "index.html")
    assert [x.text_content() for x in home.xpath("//ol[@class='issues']//h2/a")] == \
        [a.title for a in articles]
    for link in [*home.xpath("//a/@href")]:
        if not link.startswith(("http", "#")):
            target = (folder / link)
            assert target.is_file() or (target / "index.html").is_file(), link
    assert (folder / "404.html").is_file()


def test_every_link_inside_the_site_resolves(site: tuple[Path, Path]) -> None:
    folder, _ = site
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        if page.name == "404.html":
            continue
        for link in _page(page).xpath("//a/@href | //link/@href | //script/@src"):
            if link.startswith(("http://", "https://", "#", "mailto:")):
                continue
            target = (page.parent / link.split("#")[0].split("?")[0]).resolve()
            assert target.is_file() or (target / "index.html").is_file(), (page, link)


def test_khmer_pages_carry_the_khmer_faces_and_texts(site: tuple[Path, Path]) -> None:
    folder, _ = site
    page = (folder / "2025" / "01" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../assets/khmer.css"' in page
    assert "ដកស្រង់អត្ថាធិប្បាយនេះ" in page  # the edition's words for "Cite this commentary"
    # Note calls and note numbers in the edition's digits, as the print edition has them.
    tree = _page(folder / "2025" / "01" / "index.html")
    assert tree.xpath("//a[@role='doc-noteref']/text()")[:2] == ["*", "១"]
    assert tree.xpath("//li[@id='t-fn-1']//a[@role='doc-backlink']/text()") == ["១."]
    english = (folder / "2024" / "10" / "index.html").read_text(encoding="utf-8")
    assert "khmer.css" not in english
    fonts = sorted(p.name for p in (folder / "assets" / "fonts").iterdir())
    assert "notoserifkhmer-regular.woff2" in fonts
    assert all((folder / "assets" / "fonts" / f).read_bytes()[:4] == b"wOF2" for f in fonts)
    # Every Khmer letter, not only those of the pages: a reader may type any into the search.
    from fontTools.ttLib import TTFont

    pages = "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.html"))
    assert "\u1783" not in pages
    assert "\u19e0" not in pages
    assert "~" not in pages
    khmer = TTFont(str(folder / "assets" / "fonts" / "notoserifkhmer-regular.woff2")).getBestCmap()
    assert {0x1783, 0x19E0} <= khmer.keys()
    latin = TTFont(str(folder / "assets" / "fonts" / "notoserif-regular.woff2")).getBestCmap()
    assert 0x1783 not in latin
    assert ord("~") in latin


def test_a_rerun_writes_nothing_and_the_bytes_are_the_same(site: tuple[Path, Path],
                                                           tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _ = site
    monkeypatch.chdir(folder.parents[1])
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    result = run_avi("site", "--base-url", BASE, "--no-epub")
    assert result.exit_code == 0, result.output
    assert "nothing changed" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()} == before
    again = tmp_path / "again"
    result = run_avi("site", "--base-url", BASE, "--no-epub", "-o", again)
    assert result.exit_code == 0, result.output
    for path in folder.rglob("*"):
        if path.is_file() and path.name != ".avi-site.json":
            assert (again / path.relative_to(folder)).read_bytes() == path.read_bytes(), path


def test_no_base_url_is_one_line(site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _ = site
    monkeypatch.chdir(folder.parents[1])
    toml = folder.parents[1] / "avi.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('base_url = "https://asianvision.org/commentary/"\n', ""),
                    encoding="utf-8")
    try:
        result = run_avi("site", "--no-epub")
        assert result.exit_code == 1
        assert result.stderr.strip().splitlines() == [
            "error: avi.toml: has no [site] base_url (set base_url under [site] in avi.toml, or pass "
            "--base-url)"]
    finally:
        toml.write_text(text, encoding="utf-8")


def test_the_preview_serves_nothing_outside_the_site(site: tuple[Path, Path], tmp_path: Path) -> None:
    folder, _ = site
    root = folder.resolve()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (folder / "out-link").symlink_to(secret)
    try:
        assert confined(root, "/2024/10/") == root / "2024" / "10" / "index.html"
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/2024/%2E%2E/%2e%2e/x", "/out-link",
                     "/..%2fsecret.txt"):
            assert confined(root, path) is None, path
        http = server(folder, 0)
        assert http.server_address[0] == "127.0.0.1"
        thread = threading.Thread(target=http.serve_forever, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{http.server_address[1]}"
        with urllib.request.urlopen(url + "/2024/10/") as response:
            assert b"<article" in response.read()
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/out-link"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(url + path)
            assert refused.value.code == 404
            assert b"secret" not in refused.value.read()
        http.shutdown()
        http.server_close()
    finally:
        (folder / "out-link").unlink()


HOSTILE = '</script><script>alert(1)</script> "><img src=x onerror=alert(2)> {{ 7*7 }} & Co'


def test_hostile_text_stays_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import extruct
    import feedparser

    root = _project(tmp_path)
    folder = root / "manuscripts" / "2024"
    folder.mkdir(parents=True)
    quoted = json.dumps(HOSTILE)
    (folder / "hostile.md").write_text(
        f"---\ntitle: {quoted}\nsummary: {quoted}\ndate: 2024-05-02\ncountry: Cambodia\nissue: 5\n"
        f"authors:\n  - name: {json.dumps('Ann ' + HOSTILE)}\n    bio: {quoted}\n"
        f"keywords: [{quoted}, trade]\n---\n\nA paragraph of text about {{{{ 7*7 }}}} & trade.\n",
        encoding="utf-8")
    monkeypatch.chdir(root)
    result = run_avi("site", "--base-url", BASE, "--no-epub")
    assert result.exit_code == 0, result.output
    site = root / "build" / "site"
    for page in sorted(site.rglob("*.html")):
        tree = _page(page)
        assert not tree.xpath("//img"), page  # no element the page did not ask for
        assert not tree.xpath("//@onerror"), page
        scripts = tree.xpath("//script")
        assert all(s.get("type") == "application/ld+json" or s.get("src") for s in scripts), page
    issue = (site / "2024" / "05" / "index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in issue
    assert ">49<" not in issue
    data = extruct.extract(issue, base_url=BASE + "2024/05/", syntaxes=["json-ld"], uniform=True)
    assert data["json-ld"][0]["headline"] == HOSTILE
    assert _page(site / "2024" / "05" / "index.html").xpath("//h1")[0].text_content() == HOSTILE
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo
    assert feed.entries[0].title == HOSTILE


def test_a_change_rewrites_only_what_it_touches_and_a_renumbered_issue_leaves_a_redirect(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, ROOT / "tests" / "data" / "manuscripts")
    monkeypatch.chdir(root)
    assert run_avi("site", "--base-url", BASE, "--no-epub").exit_code == 0
    site = root / "build" / "site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    source = root / "manuscripts" / "2024" / "2024-11-mekong-water-diplomacy.md"
    source.write_text(source.read_text(encoding="utf-8").replace("issue: 11", "issue: 9"),
                      encoding="utf-8")
    result = run_avi("site", "--base-url", BASE, "--no-epub")
    assert result.exit_code == 0, result.output
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    changed = sorted(str(p.relative_to(site)) for p in after if before.get(p) != after[p])
    # The issue's new page and files, its old address, the lists that name it; nothing else.
    assert "2024/09/index.html" in changed
    assert "2024/10/index.html" not in changed
    assert "2024/12/index.html" not in changed
    assert "assets/site.css" not in changed
    old = _page(site / "2024" / "11" / "index.html")
    assert old.xpath("//meta[@http-equiv='refresh']/@content") == ["0; url=../../2024/09/"]
    assert old.xpath("//link[@rel='canonical']/@href") == [BASE + "2024/09/"]
    assert not (site / "2024" / "11" / "card.png").exists()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{BASE}2024/09/</loc>" in sitemap
    assert f"<loc>{BASE}2024/11/</loc>" not in sitemap
    # A later run keeps the old address's page.
    import os

    other = root / "manuscripts" / "2024" / "2024-12-asean-digital-economy.md"
    os.utime(other, ns=(other.stat().st_atime_ns, other.stat().st_mtime_ns + 10**9))
    result = run_avi("site", "--base-url", BASE, "--no-epub")
    assert result.exit_code == 0, result.output
    assert "nothing changed" not in result.stderr
    assert (site / "2024" / "11" / "index.html").read_bytes() == after[site / "2024" / "11" / "index.html"]
    # And one run from another folder of the project (the record is by the project's paths).
    monkeypatch.chdir(root / "manuscripts")
    os.utime(other, ns=(other.stat().st_atime_ns, other.stat().st_mtime_ns + 10**9))
    result = run_avi("site", "--base-url", BASE, "--no-epub")
    assert result.exit_code == 0, result.output
    assert "removed 0," in result.stderr
    assert (site / "2024" / "11" / "index.html").read_bytes() == after[site / "2024" / "11" / "index.html"]


def test_avi_check_holds_the_site_to_its_manuscripts(site: tuple[Path, Path],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _ = site
    monkeypatch.chdir(folder.parents[1])
    result = run_avi("check", "--site", folder)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].endswith(": 0 error(s), 0 warning(s)")
    page = folder / "2024" / "10" / "index.html"
    good = page.read_bytes()
    try:
        tampered = re.sub(rb"<p>[^<]*</p>", b"", good, count=1)
        tampered = tampered.replace(b'href="../../archive/"', b'href="../../nowhere/"')
        page.write_bytes(tampered)
        result = run_avi("check", "--site", folder)
        assert result.exit_code == 1
        lines = result.stdout.strip().splitlines()
        assert any(" W001 error: does not give back manuscripts/2024/2024-10-hedging-in-practice.md" in line
                   for line in lines), lines
        assert any(line.endswith("W003 error: the link '../../nowhere/' leads nowhere in the site")
                   for line in lines), lines
    finally:
        page.write_bytes(good)


def test_addresses_of_names_keep_their_letters() -> None:
    from avitools.render.web import slug

    assert slug("Maria SANTOS") == "maria-santos"
    assert slug("NGUYỄN Thị Lan") == "nguyen-thi-lan"
    assert slug("យ៉េន សំណាង") == "យ៉េន-សំណាង"  # Khmer marks are part of the word
    assert slug("សេដ្ឋកិច្ចឌីជីថល។") == "សេដ្ឋកិច្ចឌីជីថល"


def test_a_manuscript_that_fails_keeps_its_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, ROOT / "tests" / "data" / "manuscripts")
    monkeypatch.chdir(root)
    assert run_avi("site", "--base-url", BASE, "--no-epub").exit_code == 0
    page = root / "build" / "site" / "2024" / "11" / "index.html"
    good = page.read_bytes()
    source = root / "manuscripts" / "2024" / "2024-11-mekong-water-diplomacy.md"
    source.write_text(source.read_text(encoding="utf-8").replace("date: 2024-11", "date: 2024-13"),
                      encoding="utf-8")
    result = run_avi("site", "--base-url", BASE, "--no-epub")
    assert result.exit_code == 1
    assert "2024-11-mekong-water-diplomacy.md" in result.stderr
    assert "Traceback" not in result.output
    assert page.read_bytes() == good
    assert (page.parent / "avi-commentary-2024-11.pdf").is_file()


def test_the_series_issn_reaches_every_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import extruct

    root = _project(tmp_path, ROOT / "tests" / "data" / "manuscripts")
    toml = root / "avi.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'layout = "commentary"\n', 'layout = "commentary"\nissn = "2961-1234"\n', 1), encoding="utf-8")
    monkeypatch.chdir(root)
    result = run_avi("site", "--base-url", BASE, "--no-epub")
    assert result.exit_code == 0, result.output
    issue = root / "build" / "site" / "2024" / "10"
    tree = _page(issue / "index.html")
    assert tree.xpath("//meta[@name='citation_issn']/@content") == ["2961-1234"]
    data = extruct.extract((issue / "index.html").read_text(encoding="utf-8"), syntaxes=["json-ld"])
    periodical = data["json-ld"][0]["isPartOf"]["isPartOf"]["isPartOf"]
    assert periodical == {"@type": "Periodical", "name": "AVI Commentary", "issn": "2961-1234"}
    assert json.loads((issue / "cite.json").read_text(encoding="utf-8"))[0]["ISSN"] == "2961-1234"
    from pybtex.database import parse_string

    bib = parse_string((issue / "cite.bib").read_text(encoding="utf-8"), "bibtex")
    assert bib.entries["avi2024-10"].fields["issn"] == "2961-1234"
    assert "SN  - 2961-1234" in (issue / "cite.ris").read_text(encoding="utf-8")


def test_serve_writes_the_site_again_on_save(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    root = _project(tmp_path, ROOT / "tests" / "data" / "manuscripts")
    process = subprocess.Popen([sys.executable, "-m", "avitools", "site", "--no-epub", "--base-url", BASE,
                                "--serve", "--port", "0"], cwd=root, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               # Ctrl-C as a terminal gives it, however the suite was started
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert process.stderr is not None
        line = ""
        while "serving " not in line:
            line = process.stderr.readline()
            assert line, "the server never started"
        url = line.split("serving ", 1)[1].split()[0]
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "2024/10/") as response:
            assert b"Hedging in Practice" in response.read()
        source = root / "manuscripts" / "2024" / "2024-10-hedging-in-practice.md"
        source.write_text(source.read_text(encoding="utf-8").replace(
            'title: "Hedging in Practice:', 'title: "Hedging Revisited:'), encoding="utf-8")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with urllib.request.urlopen(url + "2024/10/") as response:
                if b"Hedging Revisited" in response.read():
                    break
            time.sleep(0.5)
        else:
            raise AssertionError("the page was not written again after the save")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert process.returncode == 0


def test_a_link_to_a_file_beside_the_manuscript_is_named(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, ROOT / "tests" / "data" / "manuscripts")
    source = root / "manuscripts" / "2024" / "2024-12-asean-digital-economy.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nSee [the data](data.csv) and "
                      "[the source](https://example.org/data) or [a section](#conclusion).\n",
                      encoding="utf-8")
    monkeypatch.chdir(root)
    warning = ("warning: manuscripts/2024/2024-12-asean-digital-economy.md: the link 'data.csv' leads "
               "to no page of the site (write the full address, https://...)")
    result = run_avi("site", "--base-url", BASE, "--no-epub")
    assert result.exit_code == 0, result.output
    assert [line for line in result.stderr.splitlines() if line.startswith("warning:")] == [warning]
    # Said again by a run with nothing to write, until the manuscript is mended.
    result = run_avi("site", "--base-url", BASE, "--no-epub")
    assert "nothing changed" in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("warning:")] == [warning]


def _written_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project of the English and Khmer fixtures, its site written with a user's cache of its
    own; the project's root (the working folder)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = _project(tmp_path, ROOT / "tests" / "data" / "manuscripts")
    shutil.copytree(ROOT / "tests" / "data" / "khmer", root / "manuscripts" / "2025")
    monkeypatch.chdir(root)
    assert run_avi("site", "--base-url", BASE, "--no-epub").exit_code == 0
    return root


def test_a_removed_page_is_written_again_from_what_the_site_remembers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _written_site(tmp_path, monkeypatch)
    site = root / "build" / "site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (site / "2024" / "10" / "index.html").unlink()
    (site / "2025" / "01" / "index.html").unlink()

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("looked again at what the last run left as it was")

    # Nothing the pages are made from changed: no PDF is checked again, no manuscript read again.
    monkeypatch.setattr("avitools.build.build", refused)
    monkeypatch.setattr("avitools.read.read", refused)
    result = run_avi("site", "--base-url", BASE, "--no-epub")
    assert result.exit_code == 0, result.output
    assert "written 2, " in result.stderr
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after.keys() == before.keys()
    assert [p for p in after if p.name != ".avi-site.json" and after[p] != before[p]] == []


def test_a_changed_figure_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = _project(tmp_path)
    folder = root / "manuscripts" / "2024"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "data" / "manuscripts" / "2024-10-hedging-in-practice.md", folder)
    source = folder / "2024-10-hedging-in-practice.md"
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
           '<rect width="{w}" height="40"/></svg>')
    (folder / "chart.svg").write_text(svg.format(w=100), encoding="utf-8")
    source.write_text(source.read_text(encoding="utf-8") + "\n![A chart](chart.svg)\n", encoding="utf-8")
    monkeypatch.chdir(root)
    assert run_avi("site", "--base-url", BASE, "--no-epub").exit_code == 0
    import avitools.read

    reads: list[Path] = []
    real = avitools.read.read

    def counted(path: Path, project: object) -> object:
        reads.append(path)
        return real(path, project)  # type: ignore[arg-type]

    monkeypatch.setattr("avitools.read.read", counted)
    (folder / "chart.svg").write_text(svg.format(w=150), encoding="utf-8")
    result = run_avi("site", "--base-url", BASE, "--no-epub")
    assert result.exit_code == 0, result.output
    # Read twice: by the build for the new PDF, and by the site, whose memory of the reading
    # holds only while the files it uses are as they were.
    assert reads == [source.resolve(), source.resolve()]
    assert b'width="150"' in (root / "build" / "site" / "2024" / "10" / "figure-1.svg").read_bytes()


def test_what_the_site_remembers_gives_the_pages_a_fresh_site_gives(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _written_site(tmp_path, monkeypatch)
    # What a page is made from beside its manuscript: the templates, the settings, the address.
    template = root / "layouts" / "commentary" / "web" / "issue.html.j2"
    template.write_text(template.read_text(encoding="utf-8").replace(
        '<h2 id="cite-heading">', '<h2 class="cite-title" id="cite-heading">'), encoding="utf-8")
    assert run_avi("site", "--base-url", BASE, "--no-epub").exit_code == 0
    site = root / "build" / "site"
    assert '<h2 class="cite-title" id="cite-heading">' in (site / "2025" / "01" / "index.html").read_text(
        encoding="utf-8")
    settings = root / "avi.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'name = "Asian Vision Institute"', 'name = "The Asian Vision Institute"'), encoding="utf-8")
    other = "https://example.net/avi/"
    assert run_avi("site", "--base-url", other, "--no-epub").exit_code == 0
    page = (site / "2024" / "10" / "index.html").read_text(encoding="utf-8")
    assert '<h2 class="cite-title" id="cite-heading">' in page
    assert 'content="The Asian Vision Institute"' in page
    assert f'<link rel="canonical" href="{other}2024/10/">' in page
    fresh = tmp_path / "fresh"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-cache"))
    assert run_avi("site", "--base-url", other, "--no-epub", "-o", fresh).exit_code == 0
    names = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(fresh)) for p in fresh.rglob("*") if p.is_file())
    for name in names:
        if name != ".avi-site.json":
            assert (site / name).read_bytes() == (fresh / name).read_bytes(), name
