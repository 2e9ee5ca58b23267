"""The only way a document reaches a file: permitted folders, `data:` URLs, never the network."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib import request
from urllib.parse import unquote, urlsplit

from weasyprint.urls import HTTP_HEADERS, FatalURLFetchingError, URLFetcher, URLFetcherResponse

MAX_RESOURCE_BYTES = 20_000_000


class RefusedResourceError(FatalURLFetchingError):  # type: ignore[misc]
    """A document asked for a resource it may not have; rendering stops."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{reason}: {url}")
        self.url = url
        self.reason = reason


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """Serve `file:` URLs inside the permitted folders and `data:` URLs; refuse all else."""

    def __init__(self, roots: list[Path]) -> None:
        # WeasyPrint 70's URLFetcher set up with urllib's data: handler alone: the network and
        # proxy handlers it adds are never reached here, and cost most of a job's set-up.
        request.OpenerDirector.__init__(self)
        self.add_handler(request.DataHandler())
        self._timeout, self._http_headers, self._request = 10, dict(HTTP_HEADERS), None
        self._allowed_protocols, self._fail_on_errors = ("file", "data"), True
        self.roots = [root.resolve() for root in roots]
        self.fetched: list[Path] = []
        self.refused: list[RefusedResourceError] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Open one URL for WeasyPrint, or stop rendering with `RefusedResourceError`."""
        try:
            return self._fetch(url, headers)
        except RefusedResourceError as refusal:
            # Kept, because WeasyPrint swallows some fatal errors (inside SVG) and only logs them.
            self.refused.append(refusal)
            raise

    def _fetch(self, url: str, headers: object) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedResourceError(url, "remote resources are not allowed")
        path = Path(unquote(urlsplit(url).path))
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            raise RefusedResourceError(url, "the file does not exist") from exc
        if not any(real.is_relative_to(root) for root in self.roots):
            raise RefusedResourceError(url, "the file lies outside the permitted folders")
        if not real.is_file():
            raise RefusedResourceError(url, "not a file")
        if real.stat().st_size > MAX_RESOURCE_BYTES:
            raise RefusedResourceError(url, "the file is too large")
        data = real.read_bytes()
        mime = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        if mime == "image/svg+xml" and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):
            raise RefusedResourceError(url, "an SVG image may not declare a DTD or entities")
        self.fetched.append(real)
        return URLFetcherResponse(url, data, {"Content-Type": mime})
