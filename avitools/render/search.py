"""The site's search index, made by Pagefind (installed from PyPI with its binary) from the text of
each issue page. Pagefind splits words at spaces, and Khmer has none between words: each Khmer run
is given to it cut at ICU's word boundaries, as the search page cuts a query with the browser's
`Intl.Segmenter`, so a word from the middle of a spaceless run is found."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

_KHMER_RUN = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")
INDEX_FOLDER = "pagefind"


@dataclass(frozen=True)
class Record:
    """One issue as the index holds it: its address under the site, title, language and text."""

    url: str
    title: str
    lang: str
    text: str


def segmented(text: str) -> str:
    """`text` with every Khmer run cut into words by spaces (ICU's word boundaries)."""
    from avitools.text import khmer_words

    return _KHMER_RUN.sub(lambda m: " ".join(khmer_words(m.group())), text)


def index_files(records: list[Record]) -> dict[str, bytes]:
    """The Pagefind bundle for `records`: file path (under `pagefind/`) -> bytes."""
    import asyncio  # only when the index is made again

    return asyncio.run(_index(records))


async def _index(records: list[Record]) -> dict[str, bytes]:
    from pagefind.index import PagefindIndex

    with tempfile.TemporaryDirectory(prefix="avi-search-") as scratch:
        async with PagefindIndex(config={"output_path": scratch}) as index:
            for record in records:
                # One index for every language: the search page finds English and Khmer alike.
                await index.add_custom_record(url=record.url, content=segmented(record.text),
                                              language="en", meta={"title": record.title,
                                                                    "lang": record.lang})
        root = Path(scratch)
        # The index and the script that reads it; not Pagefind's own user interfaces.
        return {f"{INDEX_FOLDER}/{path.relative_to(root).as_posix()}": path.read_bytes()
                for path in sorted(root.rglob("*"))
                if path.is_file() and "-ui." not in path.name and "highlight" not in path.name}
