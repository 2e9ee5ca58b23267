"""pydyf's PDF writing with each object serialized once, also when the file identifier is asked for.

Every PDF avitools writes carries a fixed file identifier (`/ID`), so that the same publication has
the same bytes. pydyf 0.13 writes the objects, then, for the identifier's digest, serializes every
object again: each page's content stream and each font is compressed twice (at zlib's level 9),
which was a tenth of the time of writing a PDF. While a PDF is written with an identifier, the
bytes of each of its objects are kept the first time they are made and given back the second;
the file is the same, byte for byte. Installed with the WeasyPrint extensions (pinned pydyf).

Upstream: docs/upstream/pydyf-identifier.md: digest the bytes already written.
"""

from __future__ import annotations

import contextvars
import functools
from typing import Any

from avitools.render.engine.taken import TAKEN

# While a PDF is written: its objects by id, with the object (so that the id stays its own) and
# its bytes once made.
_WRITING: contextvars.ContextVar[dict[int, list[Any]] | None] = contextvars.ContextVar(
    "avitools_pdf_writing", default=None)
_PLAIN: dict[str, Any] = {}


@functools.cache
def install() -> None:
    """Make pydyf keep each object's bytes for the length of one `PDF.write` with an identifier."""
    import pydyf

    _PLAIN["write"] = pydyf.PDF.write
    _PLAIN["add_object"] = pydyf.PDF.add_object
    pydyf.PDF.write = _write
    pydyf.PDF.add_object = _add_object
    for kind in (pydyf.Dictionary, pydyf.Stream, pydyf.String, pydyf.Array):
        kind.data = _once(kind.__dict__["data"])


def plain_write(pdf: Any, *args: Any, **kwargs: Any) -> Any:
    """pydyf's own `PDF.write`, each object serialized as often as it asks (for comparison)."""
    install()
    return _PLAIN["write"](pdf, *args, **kwargs)


def _write(self: Any, output: Any, version: bytes = b"1.7", identifier: Any = False,
           compress: bool = False) -> Any:
    """`PDF.write`, its objects' bytes kept while the identifier's digest reads them again."""
    if not identifier:
        return _PLAIN["write"](self, output, version, identifier, compress)
    token = _WRITING.set({id(obj): [obj, None] for obj in self.objects})
    try:
        return _PLAIN["write"](self, output, version, identifier, compress)
    finally:
        _WRITING.reset(token)


def _add_object(self: Any, obj: Any) -> Any:
    """`PDF.add_object`; an object added while the PDF is written (the object stream) is kept too."""
    added = _PLAIN["add_object"](self, obj)
    kept = _WRITING.get()
    if kept is not None:
        kept.setdefault(id(obj), [obj, None])
    return added


def _once(made: property) -> property:
    """The `data` property `made`, answering from the bytes kept during a write."""
    compute = made.fget
    assert compute is not None

    def data(self: Any) -> bytes:
        kept = _WRITING.get()
        entry = kept.get(id(self)) if kept is not None else None
        if entry is None or entry[0] is not self:
            TAKEN["serialize:stock"] += 1
            return compute(self)  # type: ignore[no-any-return]
        if entry[1] is None:
            entry[1] = compute(self)
        else:
            TAKEN["serialize:own"] += 1  # the second time: the bytes kept, not made again
        return entry[1]  # type: ignore[no-any-return]

    return property(data, doc=made.__doc__)
