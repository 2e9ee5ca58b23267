"""The yearly anthology as an EPUB 3 book (with an EPUB 2 NCX), made with ebooklib, same bytes each time."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markupsafe import Markup

from avitools.config import Project
from avitools.model import (
    Article,
    Year,
    authors_index,
    book_title,
    contributors,
    note_mark,
    publisher_of,
    what_it_holds,
)
from avitools.output import book_name
from avitools.render.body import EpubBody
from avitools.render.book import PrintPages, print_pages
from avitools.render.cover import cover_png
from avitools.render.templates import template
from avitools.text import typographic

CSS_HREF = "style/book.css"
CONTENTS = "Contents"  # the heading of the contents page
# The house faces an e-book embeds, as subsets of the characters it uses, when it holds Khmer text:
# reading systems have Latin fonts but often none for Khmer. CSS family, file stem, CSS weight.
KHMER_FACES = (("Noto Serif Khmer", "NotoSerifKhmer-Regular", ""),
               ("Noto Serif Khmer", "NotoSerifKhmer-Bold", "bold"),
               ("Noto Sans Khmer", "NotoSansKhmer-Regular", ""),
               ("Noto Sans Khmer", "NotoSansKhmer-Bold", "bold"))
_KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def anthology_name(year: Year) -> Path:
    """`<year>/avi-commentary-<year>.epub`, relative to the output folder."""
    return book_name(year.series.file_prefix, year.year, ".epub")


def chapter_id(article: Article) -> str:
    """The per-article prefix of every id in its chapter."""
    return f"i{article.issue:02d}"


def make_epub(project: Project, year: Year) -> bytes:
    """The anthology of `year` as EPUB bytes."""
    from ebooklib import epub

    series, publisher = year.series, project.settings.publisher
    layout = project.layout_dir(series) / "epub"
    articles = year.articles
    book = epub.EpubBook()
    name = f"avitools:{series.file_prefix}:{year.year}"
    book.set_identifier(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}")
    edition, lang = year.edition, year.lang  # the book's own parts in the book's language
    title = book_title(year)
    book.set_title(title)
    book.set_language(lang)
    _metadata(book, project, year)

    css = epub.EpubItem(uid="style", file_name=CSS_HREF, media_type="text/css")
    book.add_item(css)
    holds = what_it_holds(year)
    who, place = publisher_of(publisher, year)
    book.set_cover("images/cover.png", cover_png(project.fonts, edition.name or series.name,
                                                 edition.numerals(str(year.year)), holds, who),
                   create_page=False)

    def page(uid: str, name: str, heading: str, html: str, lang: str = lang) -> Any:
        item = epub.EpubHtml(uid=uid, file_name=name, title=heading, lang=lang)
        item.content = html
        item.add_item(css)
        book.add_item(item)
        return item

    cover = page("cover", "cover.xhtml", title, template(layout, "cover.xhtml.j2").render(
        lang=lang, title=title, alt=", ".join(t for t in (title, holds, who) if t)))
    numbered = edition.numerals(str(year.year))
    common = {"series": series, "edition": edition, "lang": lang, "publisher": who, "place": place,
              "year": numbered, "holds": holds, "title": title}
    titlepage = page("titlepage", "titlepage.xhtml", title,
                     template(layout, "titlepage.xhtml.j2").render(**common))
    imprint = page("imprint", "imprint.xhtml", edition.imprint, template(layout, "imprint.xhtml.j2").render(
        published=edition.published.format(publisher=f"{who}, {place}" if place else who,
                                           year=numbered) if who else "",
        rights=edition.rights.format(year=numbered, publisher=who) if who else "",
        disclaimer=typographic(edition.disclaimer_many), **common))
    printed = print_pages(project, year)  # the print book's pages, for the page list
    chapters = [page(f"issue-{a.issue:02d}", f"issue-{a.issue:02d}.xhtml",
                     f"{edition.issue(a.issue)} — {a.title}",
                     _chapter(year, a, book, layout, printed.issues[a.issue]), a.lang)
                for a in articles]
    extra_front = []
    if year.foreword is not None:
        heading = year.foreword.title or edition.foreword
        extra_front.append(page("foreword", "foreword.xhtml", heading, template(
            layout, "foreword.xhtml.j2").render(lang=lang, heading=heading, by=year.foreword.by,
                                                body=Markup(EpubBody(year.foreword.body, "foreword-",
                                                                     {}).html()))))
    people = page("contributors", "contributors.xhtml", edition.contributors, template(
        layout, "contributors.xhtml.j2").render(lang=lang, heading=edition.contributors,
                                                page=Markup(page_break("contributors-page",
                                                                       printed.contributors)),
                                                people=contributors(articles)))
    index = page("authors", "authors.xhtml", edition.index,
                 template(layout, "index.xhtml.j2").render(
                     page=Markup(page_break("index-page", printed.index)),
                     authors=authors_index(articles), lang=lang, heading=edition.index,
                     numbers={a.issue: edition.issue(a.issue) for a in articles},
                     hrefs={a.issue: f"issue-{a.issue:02d}.xhtml#{chapter_id(a)}-article" for a in articles}))

    texts = "".join(item.content for item in (cover, titlepage, imprint, *extra_front, *chapters, people,
                                               index))
    faces = embedded_fonts(book, project.fonts, texts + edition.contents)
    css.content = "".join(rule for _, rule in faces).encode() + (layout / "book.css").read_bytes()
    _summary(book, year, list(dict.fromkeys(family for family, _ in faces)))
    book.toc = [*extra_front, *(_with_sections(chapter) for chapter in chapters), people, index]
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav()
    nav.add_item(css)
    book.add_item(nav)
    book.spine = [(cover.id, "no"), titlepage, imprint, "nav", *extra_front, *chapters, people, index]
    book.guide = [
        {"type": "cover", "href": "cover.xhtml", "title": title},
        {"type": "toc", "href": "nav.xhtml", "title": edition.contents},
        {"type": "text", "href": chapters[0].file_name, "title": chapters[0].title},
    ]
    modified = max(a.date for a in articles)
    raw = io.BytesIO()
    epub.write_epub(raw, book, {"epub3_pages": False, "raise_exceptions": True,
                                "mtime": dt.datetime(modified.year, modified.month, modified.day)})
    page_list = _page_list(edition.pages, [chapter.file_name for chapter in chapters], printed)
    depth = 2 if any(isinstance(entry, tuple) for entry in book.toc) else 1
    return repack(raw.getvalue(),
                  lambda name, data: _amended(name, data, edition.contents, page_list, depth,
                                              edition.guide))


def _rights(project: Project, year: Year) -> str:
    """The copyright line in the book's language (the publisher as its edition spells it)."""
    who, _place = publisher_of(project.settings.publisher, year)
    edition = year.edition
    return edition.rights.format(year=edition.numerals(str(year.year)),
                                 publisher=who or project.settings.publisher.name)


def _metadata(book: Any, project: Project, year: Year) -> None:
    articles = year.articles
    authors: dict[str, str] = {}
    for article in articles:
        for author in article.authors:
            authors.setdefault(author.name, author.sort_name)
    for number, (name, sorted_as) in enumerate(authors.items(), start=1):
        uid = f"creator-{number}"  # ebooklib's add_author gives the sort name the role's scheme
        book.add_metadata("DC", "creator", name, {"id": uid})
        book.add_metadata(None, "meta", sorted_as, {"refines": f"#{uid}", "property": "file-as"})
        book.add_metadata(None, "meta", "aut", {"refines": f"#{uid}", "property": "role",
                                                "scheme": "marc:relators"})
    book.add_metadata("DC", "publisher", project.settings.publisher.name)
    # The series the book is a volume of, and its ISSN when the series has one.
    book.add_metadata(None, "meta", year.series.name, {"property": "belongs-to-collection",
                                                       "id": "series"})
    book.add_metadata(None, "meta", "series", {"refines": "#series", "property": "collection-type"})
    book.add_metadata(None, "meta", str(year.year), {"refines": "#series", "property": "group-position"})
    if year.series.issn:
        book.add_metadata("DC", "identifier", f"urn:issn:{year.series.issn}", {"id": "issn"})
    book.add_metadata("DC", "date", max(a.date for a in articles).isoformat())
    # The page list and page breaks are the print book's (`avi anthology --format pdf`).
    print_book = book_name(year.series.file_prefix, year.year, ".pdf").name
    source = f"{book_title(year)} ({print_book})"
    book.add_metadata("DC", "source", source)  # what Ace by DAISY reads
    book.add_metadata(None, "meta", source, {"property": "pageBreakSource"})
    book.add_metadata("DC", "rights", _rights(project, year))
    summaries = " ".join(f"No. {a.issue:02d}, {a.title}: {a.summary}" for a in articles if a.summary)
    english = year.lang.lower().split("-")[0] == "en"
    about = (f"The {what_it_holds(year)} of the {year.series.name} series published by "
             f"{project.settings.publisher.name} in {year.year}." if english
             else f"{book_title(year)}: {what_it_holds(year)}.")  # in the book's language
    book.add_metadata("DC", "description", about + (f" {summaries}" if summaries else ""))
    for keyword in dict.fromkeys(k for a in articles for k in a.keywords):
        book.add_metadata("DC", "subject", keyword)
    for mode in ("textual", "visual"):
        book.add_metadata(None, "meta", mode, {"property": "schema:accessMode"})
    book.add_metadata(None, "meta", "textual", {"property": "schema:accessModeSufficient"})
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "index",
                "displayTransformability", "pageBreakMarkers", "pageNavigation"]
    if all(image.alt.strip() for a in articles for image in a.body.images()):
        features.append("alternativeText")  # the cover and every figure have a text alternative
    for feature in features:
        book.add_metadata(None, "meta", feature, {"property": "schema:accessibilityFeature"})
    book.add_metadata(None, "meta", "none", {"property": "schema:accessibilityHazard"})
    # Declared because make a11y (Ace by DAISY: no violation) and EPUBCheck pass on such books.
    book.add_metadata(None, "meta", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA",
                      {"property": "dcterms:conformsTo"})
    book.add_metadata(None, "meta", project.settings.publisher.name, {"property": "a11y:certifiedBy"})


def _summary(book: Any, year: Year, faces: list[str]) -> None:
    """The accessibility summary: only what is true of this book (the fonts it embeds)."""
    images = any(a.body.images() for a in year.articles)
    figures = " Figures carry the text alternatives their authors gave." if images else ""
    fonts = (f" The Khmer text is set in embedded subsets of {' and '.join(faces)}, so it shows on "
             "every reading system." if faces else "")
    book.add_metadata(None, "meta", (
        f"{len(year.articles)} commentaries as reflowable text, with a table of contents, a heading "
        f"for every article and section, notes after each article linked to and from their calls, "
        f"and an index of authors. The cover image has a text alternative.{figures}{fonts}"),
        {"property": "schema:accessibilitySummary"})


def page_break(ident: str, label: str) -> str:
    """Where a page of the print book starts, as reading systems and Ace know it."""
    return (f'<span epub:type="pagebreak" role="doc-pagebreak" id="{ident}" '
            f'aria-label="{label}"></span>')


def _page_ident(prefix: str, number: int) -> str:
    return f"{prefix}page-{number}"


def _with_page_breaks(body: str, prefix: str, pages: list[tuple[str, str | None]]) -> str:
    """The chapter's body with a page break before the first block of each print page after the
    first (that one starts the chapter); a page that continues a block breaks before the next."""
    waiting: list[str] = []
    for number, (label, anchor) in enumerate(pages[1:], start=2):
        waiting.append(page_break(_page_ident(prefix, number), label))
        at = body.find(f' id="{anchor}"') if anchor else -1
        if at < 0:
            continue
        start = body.rfind("<", 0, at)
        body = body[:start] + "".join(waiting) + body[start:]
        waiting = []
    return body + "".join(waiting)


def _with_sections(chapter: Any) -> Any:
    """A chapter in the contents with its sections (second-level headings) under it."""
    from ebooklib import epub
    from lxml import etree

    tree = etree.fromstring(chapter.content.encode())
    headings = [h for h in tree.iter("{http://www.w3.org/1999/xhtml}h2")
                if h.get("id") and "notes" not in (h.getparent().get("class") or "")]
    # The NCX needs XML names for ids: a Khmer heading's id is not one.
    links = [epub.Link(f"{chapter.file_name}#{h.get('id')}", "".join(h.itertext()).strip(),
                       f"{chapter.id}-section-{n}") for n, h in enumerate(headings, start=1)]
    if not links:
        return chapter
    return (epub.Section(chapter.title, chapter.file_name), links)


def _page_list(heading: str, files: list[str], printed: PrintPages) -> bytes:
    """The navigation document's page list: every page of the print book the e-book holds."""
    items = []
    for file, (issue, pages) in zip(files, printed.issues.items(), strict=True):
        prefix = f"i{issue:02d}-"
        items += [f'<li><a href="{file}#{_page_ident(prefix, n)}">{label}</a></li>'
                  for n, (label, _anchor) in enumerate(pages, start=1)]
    items.append(f'<li><a href="contributors.xhtml#contributors-page">{printed.contributors}</a></li>')
    items.append(f'<li><a href="authors.xhtml#index-page">{printed.index}</a></li>')
    return (f'<nav epub:type="page-list" role="doc-pagelist" aria-labelledby="page-list" hidden="">'
            f'<h2 id="page-list">{_xml(heading)}</h2><ol>{"".join(items)}</ol></nav>').encode()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _chapter(year: Year, article: Article, book: Any, layout: Path,
             pages: list[tuple[str, str | None]]) -> str:
    from ebooklib import epub

    prefix = chapter_id(article) + "-"
    images: dict[str, str] = {}
    for image in article.body.images():
        if image.src in images:
            continue
        # The author's file name may hold spaces or any letter: the book's own name is plain ASCII.
        number = len(images) + 1
        suffix = Path(unquote(image.src)).suffix.lower()
        href = images[image.src] = f"images/{prefix}figure-{number}{suffix}"
        content = image.data if image.data is not None else image.path.read_bytes() if image.path else b""
        book.add_item(epub.EpubImage(uid=f"{prefix}figure-{number}", file_name=href, content=content))
    edition = year.series.edition(article.lang)  # a Khmer chapter keeps its Khmer running elements
    body = EpubBody(article.body, prefix, images, marks=True)
    return str(template(layout, "chapter.xhtml.j2").render(
        article=article, p=prefix, body=Markup(_with_page_breaks(body.html(), prefix, pages)),
        notes=Markup(body.endnotes()), page=Markup(page_break(_page_ident(prefix, 1), pages[0][0])),
        edition=edition,
        dateline=f"{article.country} | {edition.date(article.date)}",
        issue_label=edition.label(article.year, article.issue),
        disclaimer=typographic(edition.disclaimer(len(article.authors))),
        marks=[note_mark(i) for i in range(len(article.authors))]))


def repack(data: bytes, amend: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """The same book as a reproducible zip: `mimetype` first and stored, sorted members, fixed times
    (each member's bytes passed through `amend` when given)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(n for n in source.namelist() if n != "mimetype")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in ["mimetype", *names]:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            content = source.read(name)
            target.writestr(info, amend(name, content) if amend else content)
    return out.getvalue()



def _amended(name: str, data: bytes, contents: str = CONTENTS, page_list: bytes = b"",
             depth: int = 1, guide: str = "Guide") -> bytes:
    """What ebooklib writes, made right for reading systems and Ace: the package's language, a
    contents page headed "Contents" with its landmarks hidden, and the NCX's true depth."""
    if name.endswith("content.opf"):
        lang = re.search(rb"<dc:language>([^<]+)</dc:language>", data)
        if lang and b"xml:lang=" not in data[:400]:
            data = data.replace(b"<package ", b'<package xml:lang="' + lang[1] + b'" ', 1)
    elif name.endswith("nav.xhtml"):
        data = re.sub(rb'(<nav epub:type="toc"[^>]*>\s*)<h2>[^<]*</h2>', rb"\1<h1>" +
                      contents.encode() + b"</h1>", data, count=1)
        heading = _xml(guide).encode()
        data = re.sub(rb'<nav epub:type="landmarks">(\s*)<h2>[^<]*</h2>',
                      lambda m: b'<nav epub:type="landmarks" hidden="">' + m[1] + b"<h2>" + heading
                      + b"</h2>", data, count=1)
        data = data.replace(b"</body>", page_list + b"</body>", 1)
    elif name.endswith("toc.ncx"):
        data = re.sub(rb'<meta content="\d+" name="dtb:depth"/>',
                      f'<meta content="{depth}" name="dtb:depth"/>'.encode(), data)
    return data


def embedded_fonts(book: Any, fonts: Path, text: str) -> list[tuple[str, str]]:
    """Add the house's Khmer faces, each a subset of the characters of `text`, to `book` when the
    text holds Khmer; (family, @font-face rule) of each (no descriptor more than needed: EPUBCheck
    notes each one as a usage). The fonts are under the SIL Open Font License, which allows this."""
    from ebooklib import epub

    if not _KHMER.search(text):
        return []
    rules = []
    for family, stem, weight in KHMER_FACES:
        source = fonts / f"{stem}.ttf"
        if not source.exists():
            continue
        href = f"fonts/{stem}.ttf"
        book.add_item(epub.EpubItem(uid=f"font-{stem}", file_name=href, media_type="font/ttf",
                                    content=_subset(source, text)))
        bold = f" font-weight: {weight};" if weight else ""
        rules.append((family, f'@font-face {{ font-family: "{family}";{bold} src: url("../{href}"); }}\n'))
    return rules


def _subset(source: Path, text: str) -> bytes:
    """The font reduced to the glyphs `text` needs (shaping rules kept); the same bytes each time
    (no new timestamp)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(source), recalcTimestamp=False)
    cmap = font.getBestCmap()
    wanted = {ord(c) for c in text} & set(cmap)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
