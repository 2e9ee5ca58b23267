"""HTML -> PDF with WeasyPrint: confined fetching, bundled fonts, reproducible bytes."""

from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import Path
from typing import Any

from avitools.config import DEFAULT_PDF_VARIANT, Project
from avitools.errors import AviError, ConfigError, Problem, RenderError, relative
from avitools.model import Article
from avitools.render.engine import (
    captured_log,
    describe,
    displaced_notes,
    font_configuration,
    headings_at_foot,
    installed,
    pdf_variant,
    push_rule,
    settle,
    use_house_list,
    weasyprint,
)
from avitools.render.html import article_html, house_rules

STYLESHEET = "style.css"
MAX_LAYOUT_PASSES = 4


def variants(fonts: Path) -> list[str]:
    """The PDF variants WeasyPrint can write."""
    weasyprint(fonts)
    from weasyprint.pdf import VARIANTS

    return sorted(VARIANTS)


def render_pdf(project: Project, article: Article, variant: str | None = DEFAULT_PDF_VARIANT,
               at_foot: list[tuple[int, str]] | None = None) -> bytes:
    """The article's PDF as bytes; any refused resource or WeasyPrint complaint is an error.
    `at_foot`, when given, receives (page, text) of each page but the last that ends with a
    heading, as the layout placed it."""
    job = _Job(project, article)
    series = project.series(article.series)
    data = b""
    with captured_log() as messages:
        try:
            laid_out = job.lay_out()
            if at_foot is not None:
                at_foot += headings_at_foot(laid_out)
            fixed = identifier(series.file_prefix, article.year, article.issue)
            describe(laid_out, article.summary or None, fixed)
            data = laid_out.write_pdf(pdf_variant=pdf_variant(variant), uncompressed_pdf=False,
                                      pdf_identifier=fixed)
        except job.refusal:
            pass
    job.raise_problems(messages)
    return data


# A paragraph in the faces most issues use, with words to hyphenate.
SAMPLE = ('<html lang="en"><body><h1>A sample</h1><h2>A section</h2><p>Interdependence between '
          "the institutions of Southeast Asian governments characteristically necessitates "
          "<em>multilateral</em> <strong>accountability</strong> and transparency.</p></body></html>")


def warm(project: Project) -> None:
    """Load WeasyPrint, the fonts and each series' stylesheet, and lay out `SAMPLE` with it: done
    once in a process that then forks its workers, they start ready (and no font library thread
    is still running when they fork)."""
    wp = weasyprint(project.fonts)
    fonts = font_configuration(project.fonts)
    for series in project.settings.series.values():
        with contextlib.suppress(AviError):  # a broken layout is reported with its PDFs
            css = _stylesheet(wp, project.layout_dir(series) / STYLESHEET, fonts)
            with captured_log():
                wp.HTML(string=SAMPLE).render(font_config=fonts, stylesheets=[css])
    settle()


def identifier(*parts: object) -> bytes:
    """The PDF's /ID: the same for the same publication, so that its bytes are the same."""
    return hashlib.sha256("-".join(str(p) for p in parts).encode()).hexdigest()[:32].encode()


def lay_out_article(project: Project, article: Article, extra: list[Any], anchor: str) -> Any:
    """The article laid out as in its issue PDF, with `extra` stylesheets on top (a book's pages)."""
    job = _Job(project, article)
    laid_out = None
    with captured_log() as messages, contextlib.suppress(job.refusal):
        laid_out = job.lay_out(extra, anchor)
    job.raise_problems(messages)
    return laid_out


def layout_stylesheet(project: Project, path: Path, extra: str = "") -> list[Any]:
    """A stylesheet of the layout (checked as the layout's own), and `extra` CSS made by the code."""
    fonts = font_configuration(project.fonts)
    wp = weasyprint(project.fonts)
    sheet = _stylesheet(wp, path, fonts)
    return [sheet, wp.CSS(string=extra, font_config=fonts)] if extra else [sheet]


def prepared_html(project: Project, article: Article) -> str:
    """The HTML document WeasyPrint renders for the article (author notes measured)."""
    job = _Job(project, article)
    with captured_log() as messages:
        html = job.html()
    job.raise_problems(messages)
    return html


class _Job:
    """One article's rendering context: WeasyPrint, its confined fetcher, fonts and stylesheet."""

    def __init__(self, project: Project, article: Article) -> None:
        self.wp = weasyprint(project.fonts)
        from avitools.render.fetch import ConfinedFetcher, RefusedResourceError

        self.refusal = RefusedResourceError
        self.project, self.article = project, article
        layout = project.layout_dir(project.series(article.series))
        self.name = relative(article.source)
        self.fetcher = ConfinedFetcher([article.source.parent, layout, project.fonts])
        self.fonts = font_configuration(project.fonts)
        self.css = _stylesheet(self.wp, layout / STYLESHEET, self.fonts)
        self.base = article.source.parent.resolve().as_uri() + "/"
        self.rules = house_rules(project, names=not installed("names"))
        use_house_list(self.rules.listed)
        settle()

    def lay_out(self, extra: list[Any] | None = None, anchor: str = "") -> Any:
        """The article's pages (WeasyPrint's laid-out document), every note on its call's page."""
        document = self.wp.HTML(string=self.html(anchor), base_url=self.base, url_fetcher=self.fetcher)
        return _lay_out(self.wp, document, [self.css, *(extra or [])], self.fonts, self.name)

    def html(self, anchor: str = "") -> str:
        """The article's HTML."""
        return article_html(self.project, self.article, anchor, self.rules)

    def raise_problems(self, messages: list[str]) -> None:
        """Refused resources, then anything WeasyPrint logged, as one error."""
        if self.fetcher.refused:
            raise RenderError([Problem(self.name, f"refused '{_short(r.url)}': {r.reason}",
                                       "use only files in the manuscript's folder")
                               for r in self.fetcher.refused])
        if messages:
            raise RenderError([Problem(self.name, f"renderer: {m.rstrip('.')}",
                                       "fix the manuscript or layout")
                               for m in dict.fromkeys(messages)])


_STYLESHEETS: dict[tuple[Path, bytes], Any] = {}
_DIGESTS: dict[int, str] = {}  # id of a parsed stylesheet -> the hash of its source


def _stylesheet(wp: Any, path: Path, fonts: Any) -> Any:
    """The layout's CSS, parsed once per content; anything WeasyPrint ignores in it is an error."""
    source = path.read_bytes()
    key = (path, hashlib.sha256(source).digest())
    if key in _STYLESHEETS:
        return _STYLESHEETS[key]
    from avitools.render.fetch import ConfinedFetcher

    with captured_log() as messages:
        css = wp.CSS(string=source.decode("utf-8"), base_url=path.parent.as_uri() + "/",
                     url_fetcher=ConfinedFetcher([path.parent]), font_config=fonts)
    if messages:
        problems = []
        for message in dict.fromkeys(messages):
            where = re.search(r" at (\d+):\d+", message)
            text = (message.replace(where[0], "") if where else message).rstrip(".")
            problems.append(Problem(relative(path), text,
                                    "fix the layout's CSS", int(where[1]) if where else None))
        raise ConfigError(problems)
    _STYLESHEETS[key] = css
    _DIGESTS[id(css)] = key[1].hex()
    return css


def _lay_out(wp: Any, document: Any, sheets: list[Any], fonts: Any, name: str) -> Any:
    """Lay the document out, pushing paragraphs that would separate a footnote from its call."""
    rules: list[str] = []
    for _ in range(MAX_LAYOUT_PASSES):
        extra = [wp.CSS(string="\n".join(rules), font_config=fonts)] if rules else []
        laid_out = document.render(font_config=fonts, stylesheets=sheets + extra)
        moved = displaced_notes(laid_out)
        new = [r for r in (push_rule(document.etree_element, m.culprit)
                           for m in moved if m.culprit is not None) if r and r not in rules]
        if not moved:
            return laid_out
        if not new:
            break
        rules.extend(new)
    note = moved[0]
    raise RenderError(Problem(
        name, f"the note '{note.note_text}' cited on page {note.call_page} could only be placed "
        f"on page {note.note_page}", "shorten the note or the paragraph around its call"))


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."
