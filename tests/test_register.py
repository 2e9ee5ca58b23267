"""`avi list`: the register of issues and the state of each PDF."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from tests.helpers import SEED, edit, front_matter, run_avi


def test_the_register_knows_each_state(scratch_project: Path) -> None:
    folder = scratch_project / "manuscripts" / "2024"
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / SEED.name)
    (folder / "b.md").write_text(front_matter(issue=10, date="2024-10-01") + "\nText.\n")
    (folder / "c.md").write_text(front_matter(issue=10, date="2024-10-02") + "\nText.\n")
    assert run_avi("build", folder / SEED.name).exit_code == 0
    listing = json.loads(run_avi("list", "--json").stdout)
    assert listing["schema"] == "avitools-register/1"
    rows = {Path(e["manuscript"]).name: e for e in listing["entries"]}
    assert rows[SEED.name]["state"] == "built"
    assert rows[SEED.name]["pages"] == 3
    assert rows[SEED.name]["pdf"] == "build/2024/avi-commentary-2024-08.pdf"
    assert rows["b.md"]["state"] == rows["c.md"]["state"] == "missing"
    assert rows["b.md"]["flags"] == ["duplicate number"]
    assert listing["warnings"] == [
        "warning: 2024: no manuscript for No. 01, No. 02, No. 03, No. 04, No. 05, No. 06, No. 07, No. 09",
        "warning: 2024: No. 10 is claimed by 2 manuscripts"]
    edit(folder / SEED.name, "On 16 May 2024", "On 17 May 2024")
    assert json.loads(run_avi("list", "2024", "--json").stdout)["entries"][0]["state"] == "stale"
    table = run_avi("list", "2024")
    assert table.stdout.splitlines()[0].split() == ["year", "issue", "date", "title", "authors",
                                                    "manuscript", "pdf", "pages", "state"]
    rows_csv = list(csv.DictReader(io.StringIO(run_avi("list", "--csv").stdout)))
    assert [r["issue"] for r in rows_csv] == ["8", "10", "10"]
    assert rows_csv[0]["state"] == "stale"


def test_a_failed_build_shows_as_failed(scratch_project: Path) -> None:
    folder = scratch_project / "manuscripts" / "2024"
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / SEED.name)
    edit(scratch_project / "avi.toml", "max_pages = 4", "max_pages = 2")
    assert run_avi("build").exit_code == 1
    (entry,) = json.loads(run_avi("list", "--json").stdout)["entries"]
    assert entry["state"] == "failed"
    assert entry["pdf"] == "build/failed/2024/avi-commentary-2024-08.pdf"


def test_an_upgrade_of_the_renderer_alone_rebuilds_nothing(scratch_project: Path) -> None:
    folder = scratch_project / "manuscripts" / "2024"
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / SEED.name)
    assert run_avi("build").exit_code == 0
    pdf = scratch_project / "build" / "2024" / "avi-commentary-2024-08.pdf"
    published = pdf.read_bytes()
    manifest = scratch_project / "build" / ".avi-manifest.json"
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in recorded["entries"].values():  # as an earlier avitools and WeasyPrint left it
        entry["renderer"] = "avitools 0.9 | weasyprint=69.0"
    manifest.write_text(json.dumps(recorded), encoding="utf-8")

    again = run_avi("build")
    assert again.exit_code == 0
    assert again.stderr.strip().splitlines()[-1].startswith("built 0, unchanged 1, failed 0")
    assert pdf.read_bytes() == published
    (entry,) = json.loads(run_avi("list", "--json").stdout)["entries"]
    assert entry["state"] == "older renderer"

    asked = run_avi("build", "--rebuild-older")
    assert asked.stderr.strip().splitlines()[-1].startswith("built 1, unchanged 0, failed 0")
    (entry,) = json.loads(run_avi("list", "--json").stdout)["entries"]
    assert entry["state"] == "built"

    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in recorded["entries"].values():
        entry["renderer"] = "older"
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    edit(folder / SEED.name, "On 16 May 2024", "On 17 May 2024")  # a changed manuscript rebuilds
    changed = run_avi("build")
    assert changed.stderr.strip().splitlines()[-1].startswith("built 1, unchanged 0, failed 0")
