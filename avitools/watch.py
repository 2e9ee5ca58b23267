"""`avi watch`: rebuild what changed on every save, in one warm process (WeasyPrint loaded once)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from threading import Event

from avitools.build import BuildOptions, BuildReport, build
from avitools.config import CONFIG_NAME, load_project
from avitools.errors import AviError, InterruptError
from avitools.read import IMAGE_SUFFIXES, READERS

# Besides manuscripts: what a manuscript's PDF is made from.
_WATCHED_SUFFIXES = (*READERS, ".yaml", *IMAGE_SUFFIXES)

Report = Callable[[BuildReport | AviError], None]


def watch(root: Path, options: BuildOptions, report: Report, stop: Event | None = None) -> None:
    """Build `options.paths`, then again after each change to them, their files, the layout, the
    fonts or the settings, until Ctrl-C (or `stop` is set). A broken save is reported and the
    watching goes on; the last good PDF stays where it is."""
    import watchfiles

    from avitools.render.engine import font_configuration

    project = load_project(root)
    font_configuration(project.fonts)  # load WeasyPrint and the fonts before the first save
    options = BuildOptions(options.paths, options.out_dir, options.variant, 1, options.force)
    output = (options.out_dir or project.build).resolve()
    folders = {project.root, *(p.resolve().parent if p.is_file() else p.resolve() for p in options.paths)}

    def relevant(_change: watchfiles.Change, name: str) -> bool:
        path = Path(name)
        if path.is_relative_to(output) or any(part.startswith(".") for part in path.parts):
            return False
        if path.name == CONFIG_NAME or path.is_relative_to(project.layouts) or path.is_relative_to(
                project.fonts):
            return True
        return path.suffix.lower() in _WATCHED_SUFFIXES and not path.is_relative_to(project.build)

    # The first build runs once the watcher is in place (its first, empty, yield), so that a save
    # made while it runs, or right after it says it is watching, is never missed.
    later = BuildOptions(options.paths, options.out_dir, options.variant, 1, False)
    started = False
    for changes in watchfiles.watch(*sorted(folders), watch_filter=relevant, debounce=40, step=10,
                                    stop_event=stop, raise_interrupt=False, yield_on_timeout=True,
                                    rust_timeout=50):
        if started and not changes:
            continue
        if not _once(project.root, later if started else options, report):
            return
        started = True


def _once(root: Path, options: BuildOptions, report: Report) -> bool:
    """One build with the settings as they are now; whether to go on watching."""
    try:
        report(build(load_project(root), options))
    except InterruptError:
        return False
    except AviError as exc:
        report(exc)
    return True
