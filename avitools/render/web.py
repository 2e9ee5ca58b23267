"""The web edition's pages: HTML5 from the article model and the series' `web/` templates."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from avitools.config import Edition, Project, Series
from avitools.document import Block, Body, NoteRef, Table
from avitools.model import Article, note_mark
from avitools.render.body import EpubBody
from avitools.render.templates import template
from avitools.text import typographic

# Only the site's own files: no other host, no inline script or style; the search's WebAssembly.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
_SLUG = re.compile(r"[a-z0-9]+")


def slug(text: str) -> str:
    """`Maria SANTOS` -> `maria-santos`; a name without Latin letters keeps its own letters and
    marks (`យ៉េន-សំណាង`), which browsers and servers take as they are (UTF-8 in the address)."""
    folded = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    latin = "-".join(_SLUG.findall(folded.encode("ascii", "ignore").decode("ascii").lower()))
    if latin:
        return latin
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" else " "
                   for c in unicodedata.normalize("NFC", text))
    return "-".join(kept.split()) or "x"


def issue_path(article: Article) -> str:
    """`2024/08/`: the issue's permanent address under the site's base, year and number only."""
    return f"{article.year}/{article.issue:02d}/"


def json_ld(data: Any) -> Markup:
    """JSON for a `<script type="application/ld+json">`: no `<`, `>` or `&` can end the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class WebBody(EpubBody):
    """HTML5 for an issue page: the e-book's body and notes without its EPUB attributes; a table or
    code block scrolls in its own box, reachable by keyboard; alignment by attribute (the page
    allows no inline style)."""

    def __init__(self, body: Body, images: dict[str, str], edition: Edition) -> None:
        # The body's ids (its headings', its notes') start with `t-`: a heading called "Notes"
        # never takes the id of the page's own notes section.
        super().__init__(body, "t-", images)
        self.edition = edition
        self.tables = 0

    def note_ref(self, ref: NoteRef) -> str:
        html = super().note_ref(ref).replace(' epub:type="noteref"', "")
        return _CALL.sub(lambda m: m[1] + self.edition.numerals(m[2]) + m[3], html)

    def endnotes(self) -> str:
        """The notes, numbered in the edition's numerals as the calls are."""
        return _BACKLINK.sub(lambda m: m[1] + self.edition.numerals(m[2]) + m[3], super().endnotes())

    def table(self, table: Table) -> str:
        html = _ALIGN.sub(r' data-align="\1"', super().table(table))
        self.tables += 1
        return (f'<div class="table-scroll" role="region" tabindex="0" '
                f'aria-label="{self.edition.site_table} {self.edition.numerals(str(self.tables))}">'
                f"\n{html}</div>\n")

    def block(self, block: Block) -> str:
        html = super().block(block)
        return html.replace("<pre>", '<pre tabindex="0">', 1) if html.startswith("<pre>") else html


_ALIGN = re.compile(r' style="text-align:(left|right|center)"')
_CALL = re.compile(r'(href="#t-fn-\d+">)(\d+)(</a>)')  # a note call's number
_BACKLINK = re.compile(r'(role="doc-backlink">)(\d+)(\.</a>)')  # a note's number


@dataclass(frozen=True)
class Texts:
    """The words of the site's own parts, in one edition's language."""

    edition: Edition

    def __getattr__(self, name: str) -> str:
        value: str = getattr(self.edition, f"site_{name}")
        return value


@dataclass
class IssuePage:
    """What an issue page shows and links to, beside its article."""

    article: Article
    url: str  # absolute, with the base
    pdf: str | None  # the PDF's file name in the issue's folder
    epub: str | None  # the year's EPUB, relative to the issue's folder
    images: dict[str, str] = field(default_factory=dict)  # manuscript src -> file name in the folder
    reference: str = ""  # the formatted reference (cite this)
    card: str | None = None  # the social card's file name in the issue's folder
    parts: Parts | None = None  # what the page makes from its article alone (None: make it now)


@dataclass(frozen=True)
class Parts:
    """What an issue page makes from its article, pictures and edition alone (the site keeps it
    between runs): the body, the notes, the disclaimer, and whether the page shows Khmer."""

    body: str
    notes: str
    disclaimer: str
    khmer: bool


def issue_parts(article: Article, images: dict[str, str], edition: Edition) -> Parts:
    """The parts of the issue's page made from its article alone."""
    body = WebBody(article.body, images, edition)
    return Parts(body.html(), body.endnotes(), typographic(edition.disclaimer(len(article.authors))),
                 _has_khmer(article))


def issue_html(project: Project, series: Series, page: IssuePage, base: str, site_name: str,
               author_slugs: list[str], keyword_slugs: list[str]) -> str:
    """The issue's page."""
    article = page.article
    edition = series.edition(article.lang)
    parts = page.parts or issue_parts(article, page.images, edition)
    meta = metadata(project, series, page)
    return template(_layout(project, series), "issue.html.j2").render(
        root="../../", lang=article.lang, title=article.title, texts=Texts(edition), article=article,
        edition=edition, series=series, page=page, base=base, site_name=site_name,
        khmer=parts.khmer, csp=CSP, meta=meta, ld=json_ld(meta["ld"]),
        canonical=page.url, author_slugs=author_slugs, keyword_slugs=keyword_slugs,
        body=Markup(parts.body), notes=Markup(parts.notes),
        marks=[note_mark(i) for i in range(len(article.authors))],
        dateline=f"{article.country} | {edition.date(article.date)}",
        issue_label=edition.label(article.year, article.issue),
        disclaimer=parts.disclaimer)


def metadata(project: Project, series: Series, page: IssuePage) -> dict[str, Any]:
    """The issue's citation metadata: Highwire Press tags, Dublin Core, Open Graph and Twitter
    tags (name, content pairs) and the schema.org JSON-LD."""
    article = page.article
    publisher = project.settings.publisher.name
    pdf = page.url + page.pdf if page.pdf else None
    date = article.date.strftime("%Y/%m/%d")
    highwire = [("citation_title", article.title),
                *(("citation_author", a.name) for a in article.authors),
                ("citation_publication_date", date), ("citation_date", date),
                ("citation_journal_title", series.name), ("citation_publisher", publisher),
                ("citation_issue", str(article.issue)), ("citation_volume", str(article.year))]
    if series.issn:
        highwire.append(("citation_issn", series.issn))
    highwire.append(("citation_language", article.lang))
    if article.keywords:
        highwire.append(("citation_keywords", "; ".join(article.keywords)))
    if pdf:
        highwire.append(("citation_pdf_url", pdf))
    highwire.append(("citation_abstract_html_url", page.url))
    dublin = [("DC.title", article.title), *(("DC.creator", a.name) for a in article.authors),
              ("DC.date", article.date.isoformat()), ("DC.language", article.lang),
              ("DC.publisher", publisher), ("DC.type", "Text"), ("DC.identifier", page.url)]
    if article.keywords:
        dublin += [("DC.subject", k) for k in article.keywords]
    description = page_description(series, article)
    image = page.url + page.card if page.card else None
    graph = [("og:type", "article"), ("og:title", article.title), ("og:url", page.url),
             ("og:description", description), ("og:site_name", series.name),
             ("og:locale", _locale(article.lang)),
             ("article:published_time", article.date.isoformat()),
             *(("article:author", a.name) for a in article.authors),
             *(("article:tag", k) for k in article.keywords)]
    twitter = [("twitter:card", "summary_large_image" if image else "summary"),
               ("twitter:title", article.title), ("twitter:description", description)]
    if image:
        graph += [("og:image", image), ("og:image:type", "image/png"), ("og:image:width", "1200"),
                  ("og:image:height", "630"), ("og:image:alt", article.title)]
        twitter += [("twitter:image", image), ("twitter:image:alt", article.title)]
    periodical: dict[str, Any] = {"@type": "Periodical", "name": series.name}
    if series.issn:
        periodical["issn"] = series.issn
    ld: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ScholarlyArticle", "headline": article.title,
        "name": article.title, "url": page.url, "mainEntityOfPage": page.url,
        "datePublished": article.date.isoformat(), "inLanguage": article.lang,
        "author": [{"@type": "Person", "name": a.name, "description": a.bio} for a in article.authors],
        "publisher": {"@type": "Organization", "name": publisher},
        "isPartOf": {"@type": "PublicationIssue", "issueNumber": str(article.issue),
                     "datePublished": article.date.isoformat(),
                     "isPartOf": {"@type": "PublicationVolume", "volumeNumber": str(article.year),
                                  "isPartOf": periodical}},
        "description": description,
    }
    if article.keywords:
        ld["keywords"] = list(article.keywords)
    if pdf:
        ld["encoding"] = {"@type": "MediaObject", "encodingFormat": "application/pdf", "contentUrl": pdf}
    if image:
        ld["image"] = image
    return {"highwire": highwire, "dublin": dublin, "graph": graph, "twitter": twitter, "ld": ld,
            "description": description}


def page_description(series: Series, article: Article) -> str:
    """What the page says it is: the manuscript's summary, else the series, number and date."""
    return article.summary or (f"{series.name}, {series.edition(article.lang).issue(article.issue)}, "
                               f"{article.date.isoformat()}")


def list_html(project: Project, series: Series, name: str, root: str, heading: str,
              articles: list[Article], base: str, path: str, intro: str = "",
              lang: str = "en") -> str:
    """A page that lists issues (home, a year, an author, a keyword), newest first."""
    edition = series.edition(lang)
    return template(_layout(project, series), "list.html.j2").render(
        root=root, lang=lang, title=f"{heading} — {series.name}" if heading != series.name else heading,
        heading=heading, intro=intro, texts=Texts(edition), series=series, site_name=series.name,
        own_lang="km" if has_khmer_text(heading + intro) and not lang.startswith("km") else None,
        items=[_item(series, a) for a in articles], csp=CSP, canonical=base + path,
        khmer=any(has_khmer_text(a.title) or has_khmer_text(a.author_names) for a in articles)
        or has_khmer_text(heading + intro), name=name)


def plain_html(project: Project, series: Series, name: str, root: str, heading: str, base: str,
               path: str | None, lang: str = "en", **extra: Any) -> str:
    """One of the site's own pages without issues (the search, the archive, not found)."""
    edition = series.edition(lang)
    return template(_layout(project, series), f"{name}.html.j2").render(
        root=root, lang=lang, title=f"{heading} — {series.name}", heading=heading,
        texts=Texts(edition), series=series, site_name=series.name, csp=CSP,
        canonical=base + path if path is not None else None,
        khmer=has_khmer_text(heading) or extra.pop("khmer", False), **extra)


def redirect_html(project: Project, series: Series, base: str, old: str, new: str,
                  lang: str) -> str:
    """The page left at an issue's old address: it sends the reader to the new one."""
    target = "../" * old.count("/") + new
    return template(_layout(project, series), "redirect.html.j2").render(
        lang=lang, csp=CSP, target=target, canonical=base + new,
        title=base + new)


@dataclass(frozen=True)
class Item:
    """An issue as a list shows it."""

    path: str
    title: str
    lang: str
    authors: str
    date: str
    iso: str
    label: str


def byline(edition: Edition, article: Article) -> str:
    """`A, B and C` (`និង` in Khmer): the authors as the byline joins them."""
    names = [a.name for a in article.authors]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {edition.conjunction} {names[-1]}"


def _item(series: Series, article: Article) -> Item:
    edition = series.edition(article.lang)
    return Item(issue_path(article), article.title, article.lang, byline(edition, article),
                edition.date(article.date), article.date.isoformat(),
                edition.label(article.year, article.issue))


def _layout(project: Project, series: Series) -> Path:
    return project.layout_dir(series) / "web"


def _locale(lang: str) -> str:
    primary = lang.split("-")[0].lower()
    return {"en": "en_GB", "km": "km_KH"}.get(primary, primary)


_KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")


def has_khmer_text(text: str) -> bool:
    """Whether `text` holds a Khmer letter."""
    return bool(_KHMER.search(text))


def _has_khmer(article: Article) -> bool:
    from avitools.check.fidelity import expected_parts

    return article.lang.lower().startswith("km") or any(
        has_khmer_text(text) for _, text in expected_parts(article))


_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]")
PRINTABLE_ASCII = frozenset(chr(c) for c in range(0x20, 0x7F))


def page_characters(html: str) -> set[str]:
    """The characters a page can show: every printable ASCII character (any title or query may
    hold one) and every other character of the page (markup is ASCII; a superset is harmless: a
    font subset only grows by what it holds)."""
    return set(_BEYOND_ASCII.findall(html)) | PRINTABLE_ASCII


def feed_date(date: dt.date) -> str:
    """An Atom date: the day at midnight UTC."""
    return f"{date.isoformat()}T00:00:00Z"
