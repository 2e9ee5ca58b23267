"""The system packages avitools needs: find what is missing, install it as root, or say how.

Runs with the system's Python before any virtual environment exists (`python3 -m avitools.sysdeps`),
so it imports nothing outside the standard library.
"""

from __future__ import annotations

import argparse
import ctypes.util
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Need:
    """One system component: what it is for, how to find it, and the Debian package that gives it."""

    what: str
    package: str
    found: Callable[[], bool]


def _library(name: str) -> Callable[[], bool]:
    return lambda: ctypes.util.find_library(name) is not None


def _program(name: str) -> Callable[[], bool]:
    return lambda: shutil.which(name) is not None


VENV = Need("Python's venv module, to set up .venv", "python3-venv",
            lambda: importlib.util.find_spec("ensurepip") is not None)
PANGO = Need("Pango, which lays out text for WeasyPrint", "libpango-1.0-0", _library("pango-1.0"))
PANGOFT2 = Need("Pango's FreeType backend", "libpangoft2-1.0-0", _library("pangoft2-1.0"))
SUBSETTER = Need("HarfBuzz's font subsetter (PDFs are written about three times faster)",
                 "libharfbuzz-subset0", _library("harfbuzz-subset"))
JAVA = Need("a Java runtime for EPUBCheck", "default-jre-headless", _program("java"))
POPPLER = Need("poppler's pdftotext, one of the extractors the tests read PDFs back with",
               "poppler-utils", _program("pdftotext"))
CHROMIUM = Need("Chromium, the browser Ace by DAISY checks the EPUB's pages in", "chromium",
                _program("chromium"))
NPM = Need("npm, which installs Ace by DAISY", "npm", _program("npm"))
PANDOC = Need("pandoc, whose reading of the public Word test files the suite compares with the PDFs",
              "pandoc", _program("pandoc"))
CJK_FONTS = Need("Noto's Chinese, Japanese and Korean faces (fonts/system-fonts.txt)", "fonts-noto-cjk",
                 lambda: os.path.isfile("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"))

# What each command needs: `make demo` builds PDFs, `make test` also checks EPUBs, `make a11y`
# runs Ace by DAISY (a Node.js program) in Chromium.
PROFILES: dict[str, tuple[Need, ...]] = {
    "demo": (VENV, PANGO, PANGOFT2, SUBSETTER, CJK_FONTS),
    "test": (VENV, PANGO, PANGOFT2, SUBSETTER, CJK_FONTS, JAVA, POPPLER, PANDOC),
    "a11y": (VENV, PANGO, PANGOFT2, SUBSETTER, CJK_FONTS, JAVA, CHROMIUM, NPM),
}


def missing(needs: Sequence[Need]) -> list[Need]:
    """The needs this machine does not meet."""
    return [need for need in needs if not need.found()]


def install_command(needs: Sequence[Need]) -> list[str]:
    """The one command that installs `needs` on Debian or Ubuntu."""
    return ["apt-get", "install", "-y", "--no-install-recommends", *(n.package for n in needs)]


def ensure(needs: Sequence[Need], run: Callable[[list[str]], int], is_root: bool,
           has_apt: bool) -> tuple[int, list[str]]:
    """Install what is missing where we can; the exit code and the lines to tell the user."""
    lacking = missing(needs)
    if not lacking:
        return 0, []
    lines = [f"avitools needs {n.what}: Debian package {n.package}" for n in lacking]
    command = install_command(lacking)
    if not has_apt:
        return 1, [*lines, "install those packages with your system's package manager, then run make again"]
    if not is_root:
        return 1, [*lines, f"run as root: sudo apt-get update && sudo {' '.join(command)}"]
    if run(["apt-get", "update", "-qq"]) != 0 or run(command) != 0:
        return 1, [*lines, f"installing them failed: run as root: apt-get update && {' '.join(command)}"]
    still = missing(lacking)
    if still:
        return 1, [f"still missing after installing: {', '.join(n.package for n in still)}"]
    return 0, [f"installed {', '.join(n.package for n in lacking)}"]


def _run(command: list[str]) -> int:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(command, env=env, check=False).returncode


def main(argv: Sequence[str] | None = None) -> int:
    """`python3 -m avitools.sysdeps demo|test`: make sure the command's system packages are there."""
    parser = argparse.ArgumentParser(prog="python3 -m avitools.sysdeps", description=__doc__)
    parser.add_argument("profile", choices=sorted(PROFILES), help="the README command to prepare for")
    args = parser.parse_args(argv)
    code, lines = ensure(PROFILES[args.profile], _run, os.geteuid() == 0,
                         shutil.which("apt-get") is not None)
    for line in lines:
        print(line, file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
