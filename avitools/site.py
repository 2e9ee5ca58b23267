"""The web edition: every issue of a series as a static site, each file written only when it changed.

`make_site` builds the issues' PDFs (as `avi build` does: only what is stale), reads the manuscripts,
plans every file of the site with a key that says what it is made from, and writes the files whose
key or bytes changed; a rerun with nothing changed is stopped by one stamp of all the inputs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avitools.config import Project, Series
from avitools.errors import AviError, ConfigError, OutputError, Problem, relative
from avitools.model import Article, authors_index, collation_keys
from avitools.output import issue_name, write_atomic
from avitools.sitecache import Memory, digest

MANIFEST = ".avi-site.json"
SCHEMA = "avitools-site-manifest/1"
LATEST = 12  # issues on the home page
_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class SiteOptions:
    """What to publish and where: the output folder, the manuscripts, the base URL, the series."""

    out_dir: Path | None = None
    folder: Path | None = None
    base_url: str | None = None
    series: str | None = None
    epub: bool = True  # build the year's EPUB (when stale) and link it from each issue
    jobs: int | None = None  # the PDF build's worker processes (None: one per core)


@dataclass
class SiteReport:
    """What a run did: the files written and removed, what failed, how long it took."""

    folder: Path
    pages: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    unchanged: bool = False

    @property
    def ok(self) -> bool:
        """Whether every manuscript made it into the site."""
        return not self.problems


@dataclass
class _Planned:
    """One file of the site: what it is made from (its key) and how to make its bytes."""

    key: str
    make: Callable[[], bytes]


Progress = Callable[[Any], None]  # told of each manuscript's build result (avi build's progress)


def _constant(data: bytes) -> Callable[[], bytes]:
    """A maker of bytes already made."""
    return lambda: data


def base_url(project: Project, asked: str | None) -> str:
    """The site's address, ending in `/`: the one asked for, else `[site] base_url` in avi.toml."""
    url = asked or project.settings.site.base_url
    if not url:
        raise ConfigError([Problem(relative(project.config_file), "has no [site] base_url",
                                   "set base_url under [site] in avi.toml, or pass --base-url")])
    if not url.startswith(("https://", "http://")) or any(c in url for c in " \"'<>\\"):
        raise ConfigError([Problem("--base-url", f"'{url}' is not an http(s) address",
                                   "give the address the site is published at, e.g. "
                                   "https://example.org/commentary/")])
    return url if url.endswith("/") else url + "/"


def make_site(project: Project, options: SiteOptions | None = None,
              progress: Progress | None = None) -> SiteReport:
    """Write the web edition; see the module's docstring."""
    from avitools.sources import find_manuscripts

    started = time.perf_counter()
    options = options or SiteOptions()
    base = base_url(project, options.base_url)
    out = (options.out_dir or project.build / "site").resolve()
    report = SiteReport(out)
    folder = options.folder or project.manuscripts
    sources = [source.resolve() for source in find_manuscripts([folder])]  # each named one way
    manifest = _load(out)
    stamp = _stamp(project, base, options, sources)
    if manifest.get("stamp") == stamp and all((out / name).is_file() for name in manifest["files"]):
        report.unchanged, report.kept = True, len(manifest["files"])
        report.pages = manifest.get("pages", 0)
        report.warnings += manifest.get("warnings", [])  # the manuscripts' links that lead nowhere
        report.seconds = time.perf_counter() - started
        return report
    series = project.series(options.series)
    memory = Memory(out)
    # The inputs as the last good run left them (only files of the site are missing): its PDFs
    # are current and need no second look.
    known = _known_pdfs(project, manifest, sources) if manifest.get("stamp") == stamp else None
    environment = _environment(project)
    articles, pdfs = _articles(project, sources, series, report, progress, options.jobs, memory,
                               known, environment)
    epubs = _epubs(project, articles, report) if options.epub else {}
    planned, urls, links = _plan(project, series, base, articles, pdfs, epubs, manifest, memory, out,
                                 environment)
    report.warnings += links
    report.pages = sum(name.endswith(".html") for name in planned)
    _write(out, planned, manifest, report)
    files = {name: plan.key for name, plan in planned.items()}
    if report.problems:  # a manuscript that fails keeps the pages it had: nothing good is lost
        files = {**{n: k for n, k in manifest.get("files", {}).items() if (out / n).is_file()}, **files}
        urls = {**manifest.get("urls", {}), **urls}
    if known is None or options.epub:  # the inputs as they are now: PDFs or books may be new
        stamp = _stamp(project, base, options, sources)
    _save(out, {"schema": SCHEMA, "stamp": stamp if not report.problems else "",
                "files": dict(sorted(files.items())), "urls": urls, "pages": report.pages,
                "pdfs": {_inside(project, s): _inside(project, p) for s, p in sorted(pdfs.items())},
                "warnings": links})
    memory.save()
    report.seconds = time.perf_counter() - started
    return report


def _articles(project: Project, sources: list[Path], series: Series, report: SiteReport,
              progress: Progress | None, jobs: int | None, memory: Memory,
              known: dict[Path, Path] | None, environment: str) -> tuple[list[Article], dict[Path, Path]]:
    """The series' articles, newest first, and each one's PDF (built first when stale; the
    `known` PDFs as they are)."""
    from avitools.build import BuildOptions, build
    from avitools.sources import same_issue

    pdfs: dict[Path, Path] = {}
    if known is not None:
        pdfs = known
    else:
        built = build(project, BuildOptions(paths=tuple(sources), jobs=jobs), progress)
        report.warnings += built.warnings
        for result in built.results:
            report.warnings += result.warnings
            if result.ok and result.output is not None:
                pdfs[result.source] = result.output
            else:
                report.problems += result.problems
    articles: list[Article] = []
    seen: dict[tuple[int, int], Article] = {}
    for source in sources:
        if source not in pdfs:
            continue
        try:
            article = _reading(project, source, memory, environment)
        except AviError as exc:
            report.problems += exc.problems
            continue
        if project.series(article.series) != series:
            continue
        other = seen.setdefault((article.year, article.issue), article)
        if other is not article:
            report.problems.append(same_issue(article.manuscript, article, other.manuscript))
            continue
        articles.append(article)
    articles.sort(key=lambda a: (a.date, a.issue), reverse=True)
    return articles, pdfs


def _environment(project: Project) -> str:
    """What every reading depends on beside its manuscript and the files it uses: the settings,
    the layouts (not their web templates), the fonts and the code."""
    from avitools.fingerprint import environments, file_hash, renderer

    return digest(file_hash(project.config_file), environments(project, None), renderer())


def _templates(layout: Path) -> str:
    """The web templates and assets of a layout, by their bytes."""
    from avitools.fingerprint import file_hash

    return digest([(str(p.relative_to(layout)), file_hash(p))
                   for p in sorted(layout.rglob("*")) if p.is_file()])


def _known_pdfs(project: Project, manifest: dict[str, Any],
                sources: list[Path]) -> dict[Path, Path] | None:
    """Each manuscript's PDF as the last run recorded it, or None if one is not there."""
    recorded = manifest.get("pdfs")
    if not isinstance(recorded, dict):
        return None
    out: dict[Path, Path] = {}
    for source in sources:
        pdf = recorded.get(_inside(project, source))
        if not isinstance(pdf, str) or not (project.root / pdf).is_file():
            return None
        out[source] = project.root / pdf
    return out


def _inside(project: Project, path: Path) -> str:
    """A path as the manifest records it: inside the project where it is, else whole."""
    return str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)


def _reading(project: Project, source: Path, memory: Memory, environment: str) -> Article:
    """The manuscript's article: remembered while the manuscript, the files it uses and the
    `environment` (settings, layouts, fonts, code: what its PDF depends on) are as they were."""
    from avitools.fingerprint import file_hash
    from avitools.read import read

    key = digest("reading", str(source), file_hash(source), environment)
    kept = memory.recall(key)
    if kept is not None and all(file_hash(Path(p)) == sha for p, sha in kept[0].items()):
        memory.keep(key, kept)
        article: Article = kept[1]
    else:
        article = read(source, project).article
        memory.keep(key, ({str(p): file_hash(p) for p in article.resources}, article))
    memory.keys[article.source] = key
    return article


def _epubs(project: Project, articles: list[Article], report: SiteReport) -> dict[int, Path]:
    """Each year's EPUB (`avi anthology`), made again when older than a manuscript of its year."""
    from avitools.anthology import make_anthology
    from avitools.render.epub import anthology_name

    out: dict[int, Path] = {}
    years: dict[int, list[Article]] = {}
    for article in articles:
        years.setdefault(article.year, []).append(article)
    for year, written in sorted(years.items()):
        folders = {a.source.parent for a in written}
        if len(folders) != 1:
            report.warnings.append(f"warning: {year}: its manuscripts are in more than one folder: "
                                   "no EPUB linked")
            continue
        series = project.series(written[0].series)
        from avitools.model import Year

        target = project.build / anthology_name(Year(year, series, written))
        newest = max([a.source.stat().st_mtime_ns for a in written]
                     + [project.config_file.stat().st_mtime_ns])
        try:
            if not target.is_file() or target.stat().st_mtime_ns < newest:
                make_anthology(project, year, target, folders.pop())
        except AviError as exc:
            first = exc.problems[0] if exc.problems else None
            report.warnings.append(f"warning: no EPUB of {year} linked: {first}")
            continue
        out[year] = target
    return out


def _plan(project: Project, series: Series, base: str, articles: list[Article],
          pdfs: dict[Path, Path], epubs: dict[int, Path], manifest: dict[str, Any], memory: Memory,
          out: Path, environment: str) -> tuple[dict[str, _Planned], dict[str, str], list[str]]:
    """Every file of the site by its path in the site, each manuscript's issue address, and a
    warning for each link of a manuscript that leads to no page (W003 would fail it)."""
    from avitools.render import citation, feeds, web

    layout = project.layout_dir(series) / "web"
    planned: dict[str, _Planned] = {}
    publisher = project.settings.publisher.name

    def text(name: str, data: bytes | str) -> None:
        raw = data.encode() if isinstance(data, str) else data
        planned[name] = _Planned(hashlib.sha256(raw).hexdigest(), _constant(raw))

    def copy(name: str, path: Path) -> None:
        stat = path.stat()
        planned[name] = _Planned(f"{path}:{stat.st_size}:{stat.st_mtime_ns}", path.read_bytes)

    made_by = citation.made_by()
    templates = _templates(layout)
    texts = _texts(articles, memory)
    author_slugs = _slugs([a.name for a in authors_index(articles)])
    keywords = collation_keys({k for a in articles for k in a.keywords})
    keyword_slugs = _slugs(sorted(keywords, key=lambda k: (keywords[k], k)))
    urls: dict[str, str] = {}
    summaries: dict[str, str] = {}
    warnings: list[str] = []
    for article in articles:
        path = web.issue_path(article)
        url = base + path
        urls[_inside(project, article.source)] = path
        pdf = pdfs[article.source]
        pdf_name = issue_name(series.file_prefix, article.year, article.issue).name
        copy(path + pdf_name, pdf)
        epub = epubs.get(article.year)
        if epub is not None:
            copy(f"{article.year}/{epub.name}", epub)
        images = _images(article, path, planned)
        item = citation.csl_item(article, series.name, url, publisher, series.issn)
        cited = digest("cite", item, made_by)  # what the reference files are made from
        for suffix, maker in (("json", citation.csl_json), ("bib", citation.bibtex),
                              ("ris", citation.ris)):
            planned[f"{path}cite.{suffix}"] = _Planned(cited, functools.partial(maker, item))
        edition = series.edition(article.lang)
        label = edition.label(article.year, article.issue)
        names = web.byline(edition, article)
        card_key = hashlib.sha256("\0".join((edition.masthead, label, article.title, names)).encode()
                                  ).hexdigest()
        planned[path + "card.png"] = _Planned(card_key, functools.partial(
            _card, project.fonts, edition.masthead, label, article.title, names))
        reference = memory.get(digest("reference", cited), functools.partial(citation.reference, item))
        parts = memory.get(digest("parts", memory.keys[article.source], images),
                           functools.partial(web.issue_parts, article, images, edition))
        page = web.IssuePage(article, url, pdf_name, f"../{epub.name}" if epub else None, images,
                             reference, "card.png", parts)
        slugs = ([author_slugs[a.name] for a in article.authors],
                 [keyword_slugs[k] for k in article.keywords])
        # Made when written, and keyed by everything it is made from (the reading's key holds
        # the settings and the code).
        planned[path + "index.html"] = _Planned(
            digest("page", memory.keys[article.source], templates, url, base, pdf_name, page.epub,
                   images, reference, slugs),
            _once(functools.partial(_issue_page, project, series, page, base, slugs)))
        warnings += memory.get(digest("links", memory.keys[article.source]),
                               functools.partial(_stray_links, article))
        summaries[url] = web.page_description(series, article)
    # Addresses that an issue left (renumbered or redated) point to where it went.
    moved: dict[str, str] = {}
    for key, old in manifest.get("urls", {}).items():
        source = key.split("#")[0]
        new = urls.get(source)
        if new and new != old and old + "index.html" not in planned:
            lang = next(a.lang for a in articles if _inside(project, a.source) == source)
            text(old + "index.html", web.redirect_html(project, series, base, old, new, lang))
            moved[f"{source}#{old}"] = old  # kept on every later run
    urls.update(moved)
    planned.update(_lists(project, series, base, articles, author_slugs, keyword_slugs, memory,
                          digest(templates, environment)))
    text("feed.xml", feeds.atom(base, series.name, publisher, articles, summaries))
    pages = [n[:-len("index.html")] for n in sorted(planned) if n.endswith("index.html")]
    left = set(moved.values())  # an old address only sends the reader on: not for indexers
    text("sitemap.xml", feeds.sitemap(base, [(p, None) for p in pages if p not in left]))
    text("robots.txt", feeds.robots(base))
    for asset in ("site.css", "search.js"):
        copy(f"assets/{asset}", layout / asset)
    _fonts(project, planned, memory, environment)
    _search(articles, texts, planned, manifest, out)
    return planned, urls, warnings


def _issue_page(project: Project, series: Series, page: Any, base: str,
                slugs: tuple[list[str], list[str]]) -> bytes:
    from avitools.render.web import issue_html

    return issue_html(project, series, page, base, series.name, *slugs).encode()


def _once(make: Callable[[], bytes]) -> Callable[[], bytes]:
    """A maker that makes its bytes once, however often they are asked for."""
    return functools.cache(make)


def _texts(articles: list[Article], memory: Memory) -> dict[Path, str]:
    """Each issue's printed text (what the search indexes), remembered with its reading."""
    return {a.source: memory.get(digest("text", memory.keys[a.source]),
                                 functools.partial(_printed_text, a)) for a in articles}


def _printed_text(article: Article) -> str:
    from avitools.check.fidelity import expected_parts

    return " ".join(text for _, text in expected_parts(article))


def _card(fonts: Path, masthead: str, label: str, title: str, names: str) -> bytes:
    """The issue's social card (Pillow is loaded only when a card is drawn)."""
    from avitools.render.card import card_png

    return card_png(fonts, masthead, label, title, names)


def _stray_links(article: Article) -> list[str]:
    """A warning for each link of the manuscript to a file beside it (`notes.md`): on the web it
    leads nowhere, as the site publishes no such file."""
    from urllib.parse import urlsplit

    from avitools.document import Link, walk_inlines

    body = article.body
    links = [n.href for n in walk_inlines([*body.blocks, *(b for n in body.notes for b in n.blocks)])
             if isinstance(n, Link)]
    stray = [h for h in dict.fromkeys(links) if not urlsplit(h).scheme and not h.startswith(("#", "//"))]
    return [f"warning: {relative(article.source)}: the link '{h}' leads to no page of the site "
            "(write the full address, https://...)" for h in stray]


def _slugs(names: list[str]) -> dict[str, str]:
    """A distinct address part for each name (`maria-santos`, `maria-santos-2`)."""
    from avitools.render.web import slug

    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        candidate, number = slug(name), 1
        while candidate in taken:
            number += 1
            candidate = f"{slug(name)}-{number}"
        taken.add(candidate)
        out[name] = candidate
    return out


def _images(article: Article, path: str, planned: dict[str, _Planned]) -> dict[str, str]:
    """The article's figures, copied into its folder under plain names: src -> file name."""
    from urllib.parse import unquote

    images: dict[str, str] = {}
    for image in article.body.images():
        if image.src in images:
            continue
        name = f"figure-{len(images) + 1}{Path(unquote(image.src)).suffix.lower()}"
        images[image.src] = name
        data = image.data if image.data is not None else image.path.read_bytes() if image.path else b""
        planned[path + name] = _Planned(hashlib.sha256(data).hexdigest(), _constant(data))
    return images


def _lists(project: Project, series: Series, base: str, articles: list[Article],
           author_slugs: dict[str, str], keyword_slugs: dict[str, str], memory: Memory,
           made_from: str) -> dict[str, _Planned]:
    """The home page, the archive, a page per year, author and keyword, the search and 404; a page
    that lists issues is made when written, keyed by its issues' readings and `made_from` (the
    templates, settings and code)."""
    from avitools.render import web

    texts = web.Texts(series.edition())
    pages: dict[str, _Planned] = {}

    def listing(name: str, kind: str, root: str, heading: str, listed: list[Article], path: str,
                intro: str = "") -> None:
        key = digest("list", made_from, kind, heading, path, intro, base,
                     [memory.keys[a.source] for a in listed])
        pages[name] = _Planned(key, _once(functools.partial(
            _list_page, project, series, kind, root, heading, listed, base, path, intro)))

    def plain(name: str, html: str) -> None:
        raw = html.encode()
        pages[name] = _Planned(hashlib.sha256(raw).hexdigest(), _constant(raw))

    listing("index.html", "home", "", series.name, articles[:LATEST], "", texts.latest)
    years: dict[int, list[Article]] = {}
    for article in articles:
        years.setdefault(article.year, []).append(article)
    for year, written in years.items():
        listing(f"{year}/index.html", "year", "../", str(year), written, f"{year}/")
    authors = authors_index(articles)
    for entry in authors:
        path = f"authors/{author_slugs[entry.name]}/"
        works = sorted(entry.articles, key=lambda a: (a.date, a.issue), reverse=True)
        bio = next(a.bio for a in works[0].authors if a.name == entry.name)
        listing(path + "index.html", "author", "../../", entry.name, works, path, bio)
    for keyword, part in keyword_slugs.items():
        path = f"keywords/{part}/"
        listing(path + "index.html", "keyword", "../../", keyword,
                [a for a in articles if keyword in a.keywords], path)
    plain("archive/index.html", web.plain_html(
        project, series, "archive", "../", texts.archive, base, "archive/",
        years=[(y, len(w)) for y, w in sorted(years.items(), reverse=True)],
        authors=[(e.name, f"authors/{author_slugs[e.name]}/") for e in authors],
        keywords=[(k, f"keywords/{p}/") for k, p in keyword_slugs.items()],
        khmer=any(web.has_khmer_text(e.name) for e in authors)
        or any(web.has_khmer_text(k) for k in keyword_slugs)))
    # Results and queries may be Khmer wherever the archive holds a Khmer issue.
    plain("search/index.html", web.plain_html(project, series, "search", "../", texts.search, base,
                                              "search/", khmer=any(web.has_khmer_text(a.title)
                                                                   for a in articles)))
    root = "/" + base.split("://", 1)[1].partition("/")[2]
    plain("404.html", web.plain_html(project, series, "notfound", root, texts.not_found, base, None))
    return pages


def _list_page(project: Project, series: Series, kind: str, root: str, heading: str,
               listed: list[Article], base: str, path: str, intro: str) -> bytes:
    from avitools.render.web import list_html

    return list_html(project, series, kind, root, heading, listed, base, path, intro).encode()


def _fonts(project: Project, planned: dict[str, _Planned], memory: Memory, environment: str) -> None:
    """The WOFF2 subsets of the house faces for every character the site's pages hold, and their
    stylesheets (the Khmer faces in `khmer.css`, linked only from pages with Khmer)."""
    from avitools.render.web import page_characters
    from avitools.render.webfonts import KHMER, KHMER_LETTERS, LATIN, font_css, woff2_subset

    def shown_by(plan: _Planned) -> tuple[str, bool]:
        html = plan.make().decode()
        return "".join(sorted(page_characters(html))), "assets/khmer.css" in html

    latin: set[str] = set()
    khmer: set[str] = set()
    for name, plan in planned.items():
        if name.endswith(".html"):
            shown, with_khmer = memory.get(digest("characters", plan.key, environment),
                                           functools.partial(shown_by, plan))
            latin.update(shown)
            if with_khmer:  # and every Khmer letter, for what a reader types
                khmer.update(shown, KHMER_LETTERS)
    for faces, chosen, sheet in ((LATIN, latin, "fonts.css"), (KHMER, khmer, "khmer.css")):
        characters = "".join(sorted(chosen))
        if not characters:  # no page with Khmer: no Khmer faces
            continue
        subset = hashlib.sha256(characters.encode()).hexdigest()
        for face in faces:
            source = project.fonts / f"{face.stem}.ttf"
            stat = source.stat()
            planned[f"assets/fonts/{face.file_name}"] = _Planned(
                f"{subset}:{stat.st_size}:{stat.st_mtime_ns}",
                functools.partial(woff2_subset, source, characters))
        css = font_css(faces).encode()
        planned[f"assets/{sheet}"] = _Planned(hashlib.sha256(css).hexdigest(), _constant(css))


def _search(articles: list[Article], texts: dict[Path, str], planned: dict[str, _Planned],
            manifest: dict[str, Any], out: Path) -> None:
    """The search bundle (`pagefind/`), made again only when the issues' text changed."""
    from avitools.render.search import INDEX_FOLDER, Record, index_files
    from avitools.render.web import issue_path

    records = [Record(issue_path(a), a.title, a.lang, texts[a.source]) for a in articles]
    made = hashlib.sha256((_HERE / "render" / "search.py").read_bytes())  # how they are indexed
    for record in records:
        made.update("\0".join((record.url, record.title, record.lang, record.text, "")).encode())
    key = made.hexdigest()
    known = {n: k for n, k in manifest.get("files", {}).items() if n.startswith(INDEX_FOLDER + "/")}
    if known and set(known.values()) == {key} and all((out / n).is_file() for n in known):
        for name in known:
            planned[name] = _Planned(key, (out / name).read_bytes)
        return
    for name, data in index_files(records).items():
        planned[name] = _Planned(key, _constant(data))


def _write(out: Path, planned: dict[str, _Planned], manifest: dict[str, Any],
           report: SiteReport) -> None:
    """Write each file whose key changed or that is missing; remove what the site no longer has."""
    known: dict[str, str] = manifest.get("files", {})
    due = [(name, plan) for name, plan in sorted(planned.items())
           if known.get(name) != plan.key or not os.path.isfile(os.path.join(out, name))]
    report.kept += len(planned) - len(due)
    for name, wrote in _write_all(out, due):
        if wrote:
            report.written.append(name)
        else:
            report.kept += 1
    if report.written:
        os.sync()  # every file on the disk before the manifest says it is written
    if report.problems:
        return  # files of a manuscript that failed stay as they were
    for name in sorted(set(known) - set(planned)):
        target = out / name
        if target.is_file():
            target.unlink()
            report.removed.append(name)


def _write_one(out: Path, name: str, plan: _Planned) -> bool:
    """Make one file and write it unless it holds these bytes already; whether it was written."""
    data = plan.make()
    target = out / name
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return False
    write_atomic(target, data, durable=False)
    return True


SHARED = 64  # from this many files to make, a second process makes every other one


def _write_all(out: Path, due: list[tuple[str, _Planned]]) -> list[tuple[str, bool]]:
    """`_write_one` for each file, in two processes when there are many, two cores and no other
    thread (a process forked beside a running thread may inherit its locks held)."""
    import threading

    if len(due) < SHARED or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 \
            or threading.active_count() > 1:
        return [(name, _write_one(out, name, plan)) for name, plan in due]
    theirs, ours = due[1::2], due[0::2]
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # the second process: every other file, then what it did, through the pipe
        os.close(reading)
        status = 0
        try:
            answer: dict[str, Any] = {"done": [(n, _write_one(out, n, p)) for n, p in theirs]}
        except AviError as exc:
            answer = {"problems": [[str(p.file), p.message, p.hint, p.line] for p in exc.problems]}
        except BaseException as exc:  # reported by the first process as the internal error it is
            answer, status = {"failed": f"{type(exc).__name__}: {exc}"}, 1
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(json.dumps(answer).encode())
        os._exit(status)
    os.close(writing)
    try:
        mine = [(name, _write_one(out, name, plan)) for name, plan in ours]
    finally:
        with os.fdopen(reading, "rb") as pipe:
            said = pipe.read()
        os.waitpid(child, 0)
    answer = json.loads(said or b'{"failed": "the second writing process stopped"}')
    if "problems" in answer:
        raise OutputError([Problem(f, m, h, line) for f, m, h, line in answer["problems"]])
    if "failed" in answer:
        raise RuntimeError(f"while writing the site: {answer['failed']}")
    return sorted(mine + [(name, wrote) for name, wrote in answer["done"]])


def _stamp(project: Project, base: str, options: SiteOptions, sources: list[Path]) -> str:
    """One digest of everything the site is made from, by name, size and time: the manuscripts'
    folders, the settings, the layout, the fonts, the built PDFs and books; and the code: avitools'
    modules, and the folders libraries are installed in (an install or upgrade changes them)."""
    import sys

    digest = hashlib.sha256(json.dumps([base, options.series, options.epub]).encode())
    folders = sorted({s.parent for s in sources} | {project.layouts, project.fonts, _HERE})
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in sorted(files):
                _stat_into(digest, os.path.join(root, name))
    _stat_into(digest, str(project.config_file))
    for entry in sys.path:
        if os.path.basename(entry) in ("site-packages", "dist-packages"):
            _stat_into(digest, entry)
    if project.build.is_dir():
        for year in sorted(os.listdir(project.build)):
            built = os.path.join(project.build, year)
            if year.isdigit() and os.path.isdir(built):
                for name in sorted(os.listdir(built)):
                    _stat_into(digest, os.path.join(built, name))
    return digest.hexdigest()


def _stat_into(digest: Any, path: str) -> None:
    try:
        stat = os.stat(path)
    except OSError:
        digest.update(f"{path}:missing\n".encode())
        return
    digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())


def _load(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"files": {}}
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        return {"files": {}}
    return data


def _save(out: Path, data: dict[str, Any]) -> None:
    write_atomic(out / MANIFEST, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())
