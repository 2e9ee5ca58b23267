"""The set-up of system packages that `make demo` and `make test` do on a fresh machine."""

from __future__ import annotations

import re

from avitools import sysdeps
from avitools.sysdeps import Need, ensure
from tests.helpers import ROOT

PRESENT = Need("something present", "present-pkg", lambda: True)


def absent(package: str) -> Need:
    return Need(f"{package}'s library", package, lambda: False)


def test_nothing_missing_runs_nothing() -> None:
    ran: list[list[str]] = []

    def run(command: list[str]) -> int:
        ran.append(command)
        return 0

    assert ensure([PRESENT], run, is_root=True, has_apt=True) == (0, [])
    assert ran == []


def test_root_installs_exactly_what_is_missing() -> None:
    installed: set[str] = set()
    ran: list[list[str]] = []
    need = Need("the subsetter", "libharfbuzz-subset0", lambda: "libharfbuzz-subset0" in installed)

    def run(command: list[str]) -> int:
        ran.append(command)
        if command[:2] == ["apt-get", "install"]:
            installed.update(command[4:])
        return 0

    code, lines = ensure([PRESENT, need], run, is_root=True, has_apt=True)
    assert code == 0
    assert ran == [["apt-get", "update", "-qq"],
                   ["apt-get", "install", "-y", "--no-install-recommends", "libharfbuzz-subset0"]]
    assert lines == ["installed libharfbuzz-subset0"]


def test_without_root_the_one_command_is_printed() -> None:
    code, lines = ensure([absent("libharfbuzz-subset0"), absent("default-jre-headless")],
                         lambda _command: 0, is_root=False, has_apt=True)
    assert code == 1
    assert lines[-1] == ("run as root: sudo apt-get update && sudo apt-get install -y "
                         "--no-install-recommends libharfbuzz-subset0 default-jre-headless")


def test_a_failed_install_stops_with_the_command() -> None:
    code, lines = ensure([absent("libpango-1.0-0")], lambda _command: 100, is_root=True, has_apt=True)
    assert code == 1
    assert lines[-1] == ("installing them failed: run as root: apt-get update && apt-get install -y "
                         "--no-install-recommends libpango-1.0-0")


def test_a_system_without_apt_is_told_what_to_install() -> None:
    code, lines = ensure([absent("libpango-1.0-0")], lambda _command: 0, is_root=True, has_apt=False)
    assert code == 1
    assert lines == ["avitools needs libpango-1.0-0's library: Debian package libpango-1.0-0",
                     "install those packages with your system's package manager, then run make again"]


def test_the_readme_commands_set_up_their_system_packages() -> None:
    """`make demo` needs Pango and the subsetter; `make test` also Java, for EPUBCheck."""
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^demo: system-deps-demo ", makefile, re.M)
    assert re.search(r"^lint: system-deps ", makefile, re.M)
    assert re.search(r"^test: lint$", makefile, re.M)
    demo = {n.package for n in sysdeps.PROFILES["demo"]}
    assert {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-noto-cjk"} <= demo
    assert {n.package for n in sysdeps.PROFILES["test"]} == demo | {"default-jre-headless", "poppler-utils",
                                                                   "pandoc"}
    assert re.search(r"^a11y: system-deps-a11y ", makefile, re.M)
    assert {n.package for n in sysdeps.PROFILES["a11y"]} == demo | {"default-jre-headless", "chromium",
                                                                   "npm"}
    assert "make test\n" in (ROOT / ".ci" / "run").read_text()
    assert "make a11y\n" in (ROOT / ".ci" / "run").read_text()


def test_this_machine_meets_the_test_profile() -> None:
    """The suite runs after `make test` set the machine up: every need is met here."""
    assert sysdeps.missing(sysdeps.PROFILES["test"]) == []
