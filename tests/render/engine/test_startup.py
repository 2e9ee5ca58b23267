"""WeasyPrint loaded by avitools: the same system libraries, found faster, and a fallback;
the fontTools parts of its rarer paths loaded when used; its C declarations compiled once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from avitools.render.engine import startup
from tests.helpers import COUNTING_PATTERN_PARSES, ROOT, SEED

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
import weasyprint.text.fonts as text_fonts
print(type(sys.modules["fontTools.subset"]).__name__, "fontTools.varLib" in sys.modules,
      type(sys.modules["fontTools.ttLib.woff2"]).__name__,
      "fontTools.ttLib.tables.ttProgram" in sys.modules)
print(pdf_fonts.subset.Options.__name__, type(sys.modules["fontTools.subset"]).__name__)
print(text_fonts.woff2.decompress.__name__, type(sys.modules["fontTools.ttLib.woff2"]).__name__)
from fontTools.ttLib import TTFont
try:
    pdf_fonts.instantiateVariableFont(TTFont("fonts/NotoSerif-Regular.ttf"), {})
except Exception as error:
    print(type(error).__name__, error)
import fontTools.varLib.instancer as instancer
print(instancer.instantiateVariableFont is not pdf_fonts.instantiateVariableFont)
"""
    assert _run(code).splitlines() == [
        "_LazyModule False _LazyModule False",  # nothing of them loaded with WeasyPrint
        "Options module",  # the subsetter, loaded when WeasyPrint's fallback needs it
        "decompress module",  # the WOFF2 decoder, loaded when a web font needs it
        "ValueError Missing required table fvar",  # fontTools' own instancer answers
        "True",  # and anyone importing it afterwards gets fontTools' module
    ]


DECLARED = OURS.replace(LIBRARIES, "") + """
import sys
from weasyprint import HTML
from weasyprint.text.ffi import ffi
print(type(ffi).__name__, "pycparser" in sys.modules)
pdf = HTML(string="<p style='font-family: Noto Serif'>Déclarations — ចំណេះ</p>").write_pdf(
    pdf_identifier=b"same")
sys.stdout.buffer.write(pdf)
"""


def _declared(cache: Path) -> tuple[str, bytes]:
    """WeasyPrint loaded and a small PDF written with the user's cache at `cache`: what FFI the
    declarations got and whether pycparser was loaded (first line), and the PDF."""
    done = subprocess.run([sys.executable, "-c", DECLARED], capture_output=True, check=True,
                          cwd=ROOT, env={**os.environ, "XDG_CACHE_HOME": str(cache)})
    first, _, pdf = done.stdout.partition(b"\n")
    return first.decode(), pdf


def _kept(cache: Path) -> Path:
    [kept] = (cache / "avitools" / "weasyprint-declarations").iterdir()
    return kept


def test_weasyprints_declarations_are_compiled_once_then_loaded_without_pycparser(
        tmp_path: Path) -> None:
    first, pdf = _declared(tmp_path)
    assert first == "Recording True"  # parsed as WeasyPrint does, and compiled into the cache
    kept = json.loads(_kept(tmp_path).read_text())
    assert set(kept) == {"arguments", "source_digest"}
    again, same = _declared(tmp_path)
    assert again == "_Compiled False"  # the compiled tables: no C parser loaded at all
    assert same == pdf
    assert same.startswith(b"%PDF-")


def test_declarations_that_changed_or_a_damaged_cache_load_weasyprint_as_it_loads_alone(
        tmp_path: Path) -> None:
    _, pdf = _declared(tmp_path)
    kept = _kept(tmp_path)
    entry = json.loads(kept.read_text())
    kept.write_text(json.dumps({**entry, "source_digest": "0" * 64}))
    assert _declared(tmp_path) == ("FFI True", pdf)  # refused by cdef: WeasyPrint imported afresh
    kept.write_text(json.dumps({**entry, "arguments": "not base64 at all"}))
    assert _declared(tmp_path) == ("Recording True", pdf)  # unreadable: parsed and kept again
    assert _declared(tmp_path) == ("_Compiled False", pdf)


def test_compiled_declarations_hold_plain_data_only() -> None:
    assert startup._plain((b"types", 1, ("name", (b"\x00", 2)), {"_version": 0x2601}))
    assert not startup._plain((b"types", [1]))
    assert not startup._plain({"code": compile("1", "x", "eval")})
    assert not startup._plain({1: "a key that is not a string"})


COLD_BUILD = COUNTING_PATTERN_PARSES + """
import sys
from avitools.cli import main
try:
    main(["build", sys.argv[1], "-o", sys.argv[2], "--force"])
except SystemExit as done:
    assert done.code == 0, done.code
avoidable = ["pycparser", "concurrent.futures.process", "fontTools.ttLib.tables.ttProgram",
             "fontTools.varLib.instancer"]
print(parsed, [name for name in avoidable if name in sys.modules])
"""


def test_a_cold_build_with_the_users_cache_parses_and_loads_nothing_it_can_avoid(
        tmp_path: Path) -> None:
    def build() -> str:
        done = subprocess.run(
            [sys.executable, "-c", COLD_BUILD, str(SEED), str(tmp_path / "out")], capture_output=True,
            text=True, cwd=ROOT, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()[-1]

    assert build() == "['hyph_en_GB.dic'] ['pycparser']"  # the first: parsed, then kept
    first = (tmp_path / "out" / "2024" / "avi-commentary-2024-08.pdf").read_bytes()
    assert build() == "[] []"
    assert (tmp_path / "out" / "2024" / "avi-commentary-2024-08.pdf").read_bytes() == first


def test_a_library_opened_with_the_compiled_declarations_stays_loaded(tmp_path: Path) -> None:
    _declared(tmp_path)  # compiled and kept
    code = """
import gc, json, sys
from pathlib import Path
from avitools.render.engine import startup
[kept] = Path(sys.argv[1]).glob("avitools/weasyprint-declarations/*.json")
entry = json.loads(kept.read_text())
ffi = startup._compiled(entry["arguments"], entry["source_digest"])
def mapped():
    return "libpangoft2-1.0.so" in open("/proc/self/maps").read()
before = mapped()
lib = ffi.dlopen("libpangoft2-1.0.so.0", ffi.RTLD_NOW)
print(before, mapped(), lib.pango_ft2_font_map_new != ffi.NULL)
del lib
gc.collect()
print(mapped())
"""
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout.split() == ["False", "True", "True", "True"]
