"""The site's machine-read files: the Atom feed, `sitemap.xml` and `robots.txt`, written with lxml
(which escapes every string from a manuscript)."""

from __future__ import annotations

from lxml import etree

from avitools.model import Article
from avitools.render.web import feed_date, issue_path

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
LATEST = 20  # issues in the feed


def atom(base: str, title: str, publisher: str, articles: list[Article], summaries: dict[str, str]) -> bytes:
    """The feed of the latest issues, newest first (`articles` newest first)."""
    latest = articles[:LATEST]
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    etree.SubElement(feed, f"{{{ATOM}}}id").text = base
    etree.SubElement(feed, f"{{{ATOM}}}title").text = title
    etree.SubElement(feed, f"{{{ATOM}}}updated").text = feed_date(latest[0].date) if latest else \
        "1970-01-01T00:00:00Z"
    etree.SubElement(feed, f"{{{ATOM}}}link", href=base + "feed.xml", rel="self",
                     type="application/atom+xml")
    etree.SubElement(feed, f"{{{ATOM}}}link", href=base, rel="alternate", type="text/html")
    author = etree.SubElement(feed, f"{{{ATOM}}}author")
    etree.SubElement(author, f"{{{ATOM}}}name").text = publisher
    for article in latest:
        url = base + issue_path(article)
        entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
        entry.set("{http://www.w3.org/XML/1998/namespace}lang", article.lang)
        etree.SubElement(entry, f"{{{ATOM}}}id").text = url
        etree.SubElement(entry, f"{{{ATOM}}}title").text = article.title
        etree.SubElement(entry, f"{{{ATOM}}}link", href=url, rel="alternate", type="text/html")
        etree.SubElement(entry, f"{{{ATOM}}}updated").text = feed_date(article.date)
        etree.SubElement(entry, f"{{{ATOM}}}published").text = feed_date(article.date)
        for person in article.authors:
            name = etree.SubElement(etree.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name")
            name.text = person.name
        for keyword in article.keywords:
            etree.SubElement(entry, f"{{{ATOM}}}category", term=keyword)
        etree.SubElement(entry, f"{{{ATOM}}}summary").text = summaries[url]
    return bytes(etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True))


def sitemap(base: str, pages: list[tuple[str, str | None]]) -> bytes:
    """`sitemap.xml` of the site's pages (path under the base, last modified date or None)."""
    root = etree.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP})
    for path, modified in pages:
        url = etree.SubElement(root, f"{{{SITEMAP}}}url")
        etree.SubElement(url, f"{{{SITEMAP}}}loc").text = base + path
        if modified:
            etree.SubElement(url, f"{{{SITEMAP}}}lastmod").text = modified
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


def robots(base: str) -> bytes:
    """`robots.txt`: everything may be indexed; where the sitemap is."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n".encode()
