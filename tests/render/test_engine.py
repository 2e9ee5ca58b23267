"""WeasyPrint loaded by avitools: the same system libraries, found faster, and a fallback."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT

LIBRARIES = """
import re
print("\\n".join(sorted({m[0] for m in re.finditer(
    r"/\\S*lib(?:gobject|pango|pangoft2|harfbuzz|fontconfig)[-\\w.]*\\.so[.\\d]*",
    open("/proc/self/maps").read())})))
"""
STOCK = f"""
import os
os.environ["FONTCONFIG_FILE"] = "{ROOT / 'fonts' / 'fonts.conf'}"
import weasyprint
{LIBRARIES}
"""
OURS = f"""
from pathlib import Path
from avitools.render.engine import weasyprint
weasyprint(Path("fonts"))
{LIBRARIES}
"""


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=ROOT).stdout


def test_weasyprint_loads_the_same_libraries_as_it_does_alone() -> None:
    ours = _run(OURS).split()
    assert ours == _run(STOCK).split()
    assert any("libpango-1.0.so" in path for path in ours)
    assert any("libharfbuzz.so" in path for path in ours)


def test_when_the_quick_lookup_fails_weasyprint_loads_as_it_would_alone() -> None:
    code = """
import ctypes.util, cffi
quick = ctypes.util._findSoname_ldconfig
original = cffi.FFI.dlopen
def dlopen(self, name, flags=0):
    if ctypes.util.find_library is quick:
        raise OSError("not found by the quick lookup")
    return original(self, name, flags)
cffi.FFI.dlopen = dlopen
""" + OURS
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "could not import" not in done.stdout
    assert done.stdout.split() == _run(STOCK).split()
