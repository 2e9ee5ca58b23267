"""Untrusted manuscripts: no file outside the permitted folders, no network, no active content."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar, cast

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from avitools.check.pdftext import join_lines, read_pages
from tests.conftest import ManuscriptWriter
from tests.helpers import problems, run_avi

MARKER = "AVI-SECRET-MARKER-51f0c2"


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        body = f"<p>{MARKER}</p>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A secret outside the project and outside the manuscript's folder."""
    folder = tmp_path / "secrets"
    folder.mkdir()
    (folder / "marker.txt").write_text(MARKER)
    (folder / "marker.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>{MARKER}</text></svg>')
    return folder


def every_byte(pdf: Path) -> bytes:
    """The raw file and every stream decoded: where a leaked file would show."""
    reader = PdfReader(pdf)
    out = [pdf.read_bytes()]
    for number in range(1, int(cast(Any, reader.trailer["/Size"]))):
        try:
            obj = reader.get_object(IndirectObject(number, 0, reader))
        except Exception:
            continue
        if isinstance(obj, StreamObject):
            out.append(obj.get_data())
    return b"\n".join(out)


def image_count(reader: PdfReader) -> int:
    """Image XObjects anywhere in the file."""
    count = 0
    for number in range(1, int(cast(Any, reader.trailer["/Size"]))):
        try:
            obj = reader.get_object(IndirectObject(number, 0, reader))
        except Exception:
            continue
        if isinstance(obj, StreamObject) and obj.get("/Subtype") == "/Image":
            count += 1
    return count


def assert_confined(result_exit: int, lines: list[str], out: Path, reference: str) -> None:
    if result_exit == 1:
        (line,) = lines
        assert line.startswith("error: ")
        assert reference in line
        assert not list(out.rglob("*.pdf"))
    else:
        assert result_exit == 0, lines
        (pdf,) = out.rglob("*.pdf")
        assert MARKER.encode() not in every_byte(pdf)
        assert MARKER not in join_lines([ln.text for p in read_pages(pdf) for ln in p.lines])
        root: Any = PdfReader(pdf).trailer["/Root"]
        assert "/EmbeddedFiles" not in str(root.get("/Names", {}))
        assert image_count(PdfReader(pdf)) == 0


ATTACKS = {
    "absolute path image": ("![x]({secret}/marker.svg)", "{secret}/marker.svg"),
    "traversal image": ("![x](../secrets/marker.svg)", "../secrets/marker.svg"),
    "file URL image": ("![x](file://{secret}/marker.svg)", "file://{secret}/marker.svg"),
    "remote image": ("![x]({server}/image.png)", "{server}/image.png"),
    "protocol-relative image": ("![x](//127.0.0.1/x.png)", "//127.0.0.1/x.png"),
    "raw img": ('<img src="file://{secret}/marker.svg">', "raw HTML"),
    "link stylesheet": ('<link rel="stylesheet" href="{server}/x.css">', "raw HTML"),
    "link attachment": ('<link rel="attachment" href="file://{secret}/marker.txt">', "raw HTML"),
    "style import": ('<style>@import url("{server}/x.css");</style>', "raw HTML"),
    "inline style url": ('Text <span style="background: url({server}/bg.png)">x</span>', "raw HTML"),
    "iframe": ('<iframe src="file://{secret}/marker.txt"></iframe>', "raw HTML"),
    "object": ('<object data="file://{secret}/marker.txt"></object>', "raw HTML"),
    "embed": ('<embed src="{server}/x">', "raw HTML"),
    "script": ("<script>fetch('{server}/js')</script>", "raw HTML"),
    "event handler": ('Text <b onmouseover="x()">bold</b>', "raw HTML"),
    "file link": ("[secret](file://{secret}/marker.txt)", ""),
}


@pytest.mark.parametrize("case", sorted(ATTACKS))
def test_attack_is_refused_or_harmless(case: str, write_manuscript: ManuscriptWriter,
                                       tmp_path: Path, secret: Path, server: str) -> None:
    body, reference = (s.format(secret=secret, server=server) for s in ATTACKS[case])
    _Counter.hits.clear()
    path = write_manuscript(f"A first paragraph.\n\n{body}\n\nA last paragraph.\n")
    out = tmp_path / "out"
    result = run_avi("build", path, "-o", out)
    assert _Counter.hits == []
    assert_confined(result.exit_code, problems(result), out, reference)
    assert "Traceback" not in result.output


def test_symlink_leading_outside_is_refused(write_manuscript: ManuscriptWriter, tmp_path: Path,
                                            secret: Path) -> None:
    path = write_manuscript("![figure](figure.svg)\n")
    (path.parent / "figure.svg").symlink_to(secret / "marker.svg")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    line = path.read_text().splitlines().index("![figure](figure.svg)") + 1
    assert problems(result) == [f"error: {path}:{line}: image 'figure.svg' lies outside the manuscript's "
                                "folder (copy it next to the manuscript)"]


@pytest.mark.usefixtures("server")
def test_svg_with_external_entity_and_references(write_manuscript: ManuscriptWriter,
                                                 tmp_path: Path, secret: Path) -> None:
    path = write_manuscript("![chart](chart.svg)\n")
    (path.parent / "chart.svg").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file://{secret}/marker.txt">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="20"><text y="15">&xxe;</text></svg>')
    _Counter.hits.clear()
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert _Counter.hits == []
    assert result.exit_code == 1
    assert problems(result) == [
        f"error: {path}: refused 'file://{path.parent}/chart.svg': an SVG image may not declare a "
        "DTD or entities (use only files in the manuscript's folder)"]


@pytest.mark.parametrize("href", ["file://{secret}/marker.svg", "{server}/inner.png"])
def test_svg_that_references_other_files(write_manuscript: ManuscriptWriter, tmp_path: Path,
                                         secret: Path, server: str, href: str) -> None:
    href = href.format(secret=secret, server=server)
    path = write_manuscript("![chart](chart.svg)\n")
    (path.parent / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="100" height="20"><image href="{href}" width="10" height="10"/></svg>')
    _Counter.hits.clear()
    out = tmp_path / "out"
    result = run_avi("build", path, "-o", out)
    assert _Counter.hits == []
    assert_confined(result.exit_code, problems(result), out, href)


def test_an_image_beside_the_manuscript_is_allowed(write_manuscript: ManuscriptWriter,
                                                   tmp_path: Path) -> None:
    path = write_manuscript("![A small chart](chart.svg)\n")
    (path.parent / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
        '<rect width="200" height="40" fill="#1d3a5f"/></svg>')
    result = run_avi("build", path, "-o", tmp_path)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("field", ["title", "country", "subtitle", "summary", "name", "bio", "keywords"])
def test_html_in_metadata_is_text(field: str, write_manuscript: ManuscriptWriter, tmp_path: Path,
                                  server: str) -> None:
    value = f'<img src="{server}/meta.png"><b>Bold</b> & co'
    meta: dict[str, object] = {}
    if field in ("name", "bio"):
        meta["authors"] = [{"name": "A NAME", "bio": "A bio.", field: value}]
    elif field == "keywords":
        meta["keywords"] = [value]
    else:
        meta[field] = value
    _Counter.hits.clear()
    result = run_avi("build", write_manuscript(**meta), "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert _Counter.hits == []
    pdf = Path(result.stdout.strip())
    reader = PdfReader(pdf)
    assert image_count(reader) == 0
    text = join_lines([ln.text for p in read_pages(pdf) for ln in p.lines])
    if field in ("summary", "keywords"):
        info: Any = reader.metadata or {}
        assert value in (info.get("/Keywords", "") if field == "keywords" else value)
    else:
        assert "<b>Bold</b> & co" in text


def test_the_leak_detector_sees_a_marker(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    """Control: the byte scan above finds the marker where it really is in the file."""
    result = run_avi("build", write_manuscript(keywords=[MARKER]), "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert MARKER.encode() in every_byte(Path(result.stdout.strip()))


def test_the_fetcher_serves_data_and_permitted_files_only(tmp_path: Path) -> None:
    from avitools.render.fetch import ConfinedFetcher, RefusedResourceError

    (tmp_path / "inside.txt").write_text("inside")
    fetcher = ConfinedFetcher([tmp_path])
    assert fetcher.fetch("data:text/plain;base64,aGVsbG8=").read() == b"hello"
    assert fetcher.fetch((tmp_path / "inside.txt").as_uri()).read() == b"inside"
    for url, reason in [("https://example.org/x.png", "remote resources are not allowed"),
                        ("ftp://example.org/x.png", "remote resources are not allowed"),
                        (Path("/etc/hostname").as_uri(), "outside the permitted folders")]:
        with pytest.raises(RefusedResourceError, match=reason):
            fetcher.fetch(url)
    assert fetcher._fail_on_errors  # WeasyPrint stops at a refusal instead of going on without
