"""The floor: WeasyPrint alone rendering prepared HTML files in one warm process."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    """`python -m benchmarks.floor FONTS CSS HTML...` prints the seconds per document."""
    fonts, css_path, *pages = sys.argv[1:]
    os.environ["FONTCONFIG_FILE"] = str(Path(fonts) / "fonts.conf")
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    css = weasyprint.CSS(filename=css_path, font_config=config)

    def render(page: str) -> None:
        html = Path(page).read_text(encoding="utf-8")
        weasyprint.HTML(string=html, base_url=str(Path(page).parent)).write_pdf(
            stylesheets=[css], font_config=config, pdf_variant="pdf/ua-1")

    render(pages[0])  # warm up, as a long-running process would be
    start = time.perf_counter()
    for page in pages:
        render(page)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "per_document": seconds / len(pages), "peak_mib": peak}))


if __name__ == "__main__":
    main()
