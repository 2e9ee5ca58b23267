"""The README's pictures of the web edition: an English issue page on a desktop and a Khmer one on a
phone, from the site of the test fixtures, in Debian's Chromium once the site's fonts are in (part of
`make pictures`; needs `make a11y`'s browser tools installed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from avitools.serve import server  # noqa: E402


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Debian's chromium is needed: apt-get install chromium")
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        shutil.copy(ROOT / "avi.toml", project / "avi.toml")
        shutil.copytree(ROOT / "layouts", project / "layouts")
        (project / "fonts").symlink_to(ROOT / "fonts")
        shutil.copytree(ROOT / "manuscripts" / "2024", project / "manuscripts" / "2024")
        shutil.copytree(ROOT / "tests" / "data" / "khmer", project / "manuscripts" / "2025")
        subprocess.run([sys.executable, "-m", "avitools", "site", "--no-epub"], cwd=project, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        http = server(project / "build" / "site", 0)
        threading.Thread(target=http.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{http.server_address[1]}/"
        shots = [{"path": "2024/08/", "width": 1100, "height": 1300, "file": str(HERE / "site-issue.png")},
                 {"path": "2025/02/", "width": 360, "height": 900,
                  "file": str(HERE / "site-khmer-phone.png")}]
        job = project / "job.json"
        job.write_text(json.dumps({"chromium": chromium, "base": base, "shots": shots}), encoding="utf-8")
        a11y = ROOT / "tests" / "a11y"
        subprocess.run(["node", str(a11y / "site_browser.mjs"), str(job)], cwd=a11y, check=True,
                       capture_output=True, timeout=300)
        http.shutdown()


if __name__ == "__main__":
    main()
