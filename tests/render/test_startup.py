"""WeasyPrint loaded by avitools: the same system libraries, found faster, and a fallback;
the fontTools parts of its rarer paths loaded when used."""

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


def test_the_font_tools_of_weasyprints_rarer_paths_load_when_used() -> None:
    code = OURS.replace(LIBRARIES, "") + """
import sys
import weasyprint.pdf.fonts as pdf_fonts
print(type(sys.modules["fontTools.subset"]).__name__, "fontTools.varLib" in sys.modules)
print(pdf_fonts.subset.Options.__name__, type(sys.modules["fontTools.subset"]).__name__)
from fontTools.ttLib import TTFont
try:
    pdf_fonts.instantiateVariableFont(TTFont("fonts/NotoSerif-Regular.ttf"), {})
except Exception as error:
    print(type(error).__name__, error)
import fontTools.varLib.instancer as instancer
print(instancer.instantiateVariableFont is not pdf_fonts.instantiateVariableFont)
"""
    assert _run(code).splitlines() == [
        "_LazyModule False",  # nothing of them loaded with WeasyPrint
        "Options module",  # the subsetter, loaded when WeasyPrint's fallback needs it
        "ValueError Missing required table fvar",  # fontTools' own instancer answers
        "True",  # and anyone importing it afterwards gets fontTools' module
    ]
