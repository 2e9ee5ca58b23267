"""The web edition's rules (`avi check --site DIR`): each issue page gives back its manuscript's words
in order and carries its citation metadata, and every link inside the site resolves."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

from avitools.check.findings import Finding, finding
from avitools.config import Project
from avitools.errors import AviError, Problem, relative


def check_site(project: Project, folder: Path) -> dict[str, list[Finding]]:
    """Findings per page of the site in `folder` (written by `avi site`)."""
    from lxml import html

    try:
        manifest = json.loads((folder / ".avi-site.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise AviError(Problem(relative(folder), "is not a site written by avi site (no .avi-site.json)",
                               "give the folder avi site wrote, e.g. build/site")) from None
    found: dict[str, list[Finding]] = {}
    for source, path in sorted(manifest.get("urls", {}).items()):
        if "#" in source:
            continue  # an old address, kept as a redirect
        page = folder / path / "index.html"
        name = relative(page)
        found[name] = _issue(project, Path(source), page, name, folder)
    for page in sorted(folder.rglob("*.html")):
        name = relative(page)
        broken = _broken_links(html.fromstring(page.read_bytes()), page, folder)
        found.setdefault(name, []).extend(finding(name, "W003", 0, f"the link '{link}' leads nowhere "
                                                  "in the site") for link in broken[:3])
    return found


def _issue(project: Project, source: Path, page: Path, name: str, folder: Path) -> list[Finding]:
    """W001 and W002 for one issue page."""
    from lxml import html

    from avitools.check.fidelity import losses
    from avitools.read import read_manuscript

    source = source if source.is_absolute() else project.root / source
    if not page.is_file():
        return [finding(name, "W001", 0, f"is missing: the issue page of {relative(source)}")]
    article = read_manuscript(source, project)
    tree = html.fromstring(page.read_bytes())
    out: list[Finding] = []
    shown = tree.xpath("//article")
    lost = losses(article, shown[0].text_content() if shown else "")
    if lost:
        out.append(finding(name, "W001", 0, f"does not give back {relative(source)}: {lost[0].message}"))
    tags: dict[str, list[str]] = {}
    for meta in tree.xpath("//meta[@name or @property]"):
        tags.setdefault(meta.get("name") or meta.get("property"), []).append(meta.get("content"))
    wanted = {"citation_title": [article.title], "citation_author": [a.name for a in article.authors],
              "citation_publication_date": [article.date.strftime("%Y/%m/%d")],
              "citation_language": [article.lang], "og:title": [article.title]}
    for key, value in wanted.items():
        if tags.get(key) != value:
            out.append(finding(name, "W002", 0, f"{key} is {tags.get(key)}, not {value}"))
    pdf = (tags.get("citation_pdf_url") or [""])[0]
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    if not pdf or not canonical or not _resolves(folder, page, pdf, canonical[0]):
        out.append(finding(name, "W002", 0, "citation_pdf_url does not lead to the issue's PDF in the site"))
    try:
        data = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
        if data.get("headline") != article.title:
            out.append(finding(name, "W002", 0, "the JSON-LD headline is not the title"))
    except (IndexError, TypeError, ValueError):
        out.append(finding(name, "W002", 0, "has no JSON-LD that parses"))
    return out


def _resolves(folder: Path, page: Path, url: str, canonical: str) -> bool:
    """Whether an absolute `url` of the site names a file in `folder` (the page's canonical
    address tells where the site's base is)."""
    base = canonical[: len(canonical) - len(page.parent.relative_to(folder).as_posix()) - 1]
    if not url.startswith(base):
        return False
    return (folder / unquote(url[len(base):])).is_file()


def _broken_links(tree: object, page: Path, folder: Path) -> list[str]:
    """The page's links inside the site that name no file in it."""
    broken = []
    for link in tree.xpath("//a/@href | //link/@href | //script/@src | //img/@src"):  # type: ignore[attr-defined]
        parts = urlsplit(link)
        if parts.scheme or link.startswith(("#", "//")) or page.name == "404.html":
            continue
        target = (page.parent / unquote(parts.path)).resolve()
        inside = target == folder.resolve() or folder.resolve() in target.parents
        if not inside or not (
                target.is_file() or (target / "index.html").is_file()):
            broken.append(link)
    return broken
