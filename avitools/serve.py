"""`avi site --serve`: the site's folder over HTTP on 127.0.0.1 only, written again on each save.

Nothing outside the folder is served: a path with a `..` segment (as typed or percent-encoded) is
refused, and so is any file whose real path (symbolic links followed) leaves the folder.
"""

from __future__ import annotations

import functools
import posixpath
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

HOST = "127.0.0.1"


def confined(root: Path, request_path: str) -> Path | None:
    """The file a request path names inside `root`, or None when it would leave it."""
    path = unquote(urlsplit(request_path).path)
    if "\x00" in path or any(part == ".." for part in path.replace("\\", "/").split("/")):
        return None
    target = (root / posixpath.normpath(path).lstrip("/")).resolve()
    if target != root and root not in target.parents:
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


class _Handler(SimpleHTTPRequestHandler):
    """Serves the confined files; anything else gets the site's 404 page."""

    root: Path

    def send_head(self) -> Any:
        path = unquote(urlsplit(self.path).path)
        target = confined(self.root, self.path)
        if target is not None and (self.root / path.lstrip("/")).is_dir() and not path.endswith("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if target is None:
            page = self.root / "404.html"
            body = page.read_bytes() if page.is_file() else b"not found\n"
            self.send_response(HTTPStatus.NOT_FOUND)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            from io import BytesIO

            return BytesIO(body)
        self.path = "/" + target.relative_to(self.root).as_posix()
        return super().send_head()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the officer watches the rebuilds, not the requests."""


def server(folder: Path, port: int) -> ThreadingHTTPServer:
    """An HTTP server of `folder` bound to 127.0.0.1 (port 0: any free port)."""
    root = folder.resolve()
    handler = type("SiteHandler", (_Handler,), {"root": root})
    return ThreadingHTTPServer((HOST, port), functools.partial(handler, directory=str(root)))


def serve_site(folder: Path, port: int, project_root: Path, again: Callable[[], None],
               told: Callable[[str], None]) -> None:
    """Serve until Ctrl-C, writing the site `again` whenever the project's manuscripts, layouts
    or settings change (the watch and the writing in this thread, the server in another)."""
    from watchfiles import watch

    http = server(folder, port)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    paths = [p for p in (project_root / "manuscripts", project_root / "layouts",
                         project_root / "avi.toml") if p.exists()]
    told_yet = False
    try:
        # The first (empty) answer after a short wait says the watch has begun: a save from then
        # on is seen, so the address is told then.
        for changes in watch(*paths, yield_on_timeout=True, rust_timeout=200):
            if not told_yet:
                told(f"http://{HOST}:{http.server_address[1]}/")
                told_yet = True
            if changes:
                again()
    except KeyboardInterrupt:
        pass
    finally:
        http.shutdown()
        http.server_close()
