"""The shipped content, compiled ahead of time so the guide starts quickly.

Reading and checking the shipped YAML and asking Babel for every language's name costs tens of
milliseconds at each start. `make setup` runs this module once: it reads and checks the shipped
content (refusing content with errors, like the guide would) and writes the result as one file of
pickles, stamped with a signature of everything it was made from. At start the guide uses that
file only when the signature still matches; otherwise it reads the YAML as before. Nothing here
writes at run time, so a kiosk session never leaves a file behind.

    python -m imguide.core.content.compiled           write the compiled content if it is out of date
    python -m imguide.core.content.compiled --check   exit 1 if it is missing or out of date
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from imguide.core.content.model import Bundle
    from imguide.core.i18n.languages import Languages

PACKAGE_DIR = Path(__file__).resolve().parents[2]
COMPILED_FILE = PACKAGE_DIR / "compiled" / "content.pickle"
# What the compiled content is made from: the content itself, the code that reads it and defines
# the pickled classes (a change there must never meet an old pickle), and the compiled catalogs
# (the language picker's words come from them).
SOURCE_DIRS = (PACKAGE_DIR / "flows", PACKAGE_DIR / "content", PACKAGE_DIR / "core", PACKAGE_DIR / "locales")
SOURCE_SUFFIXES = (".yaml", ".yml", ".py", ".mo")


def signature() -> tuple:
    """What the compiled content was made from: every source file's path, size and modification
    time, the interpreter, and the installed Babel (whose data names the languages).

    Sizes and times rather than a hash of the bytes: this runs at every start, and reading and
    hashing every file would cost more than the rest of this module. An edit, a checkout or a
    copy changes them; what does not is a deliberate reset of a file's time to the old value."""
    return (sys.version, str(PACKAGE_DIR), _babel_signature(), file_stamps(SOURCE_DIRS, SOURCE_SUFFIXES))


def file_stamps(folders, suffixes: tuple[str, ...]) -> tuple:
    """(path within the package, size, modification time) of every file under `folders` whose
    name ends with one of `suffixes`, in a fixed order (byte-code folders left out)."""
    files = []
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith(suffixes):
                    path = os.path.join(root, name)
                    stat = os.stat(path)
                    files.append((os.path.relpath(path, PACKAGE_DIR), stat.st_size, stat.st_mtime_ns))
    return tuple(files)


def _babel_signature() -> tuple:
    # Where the installed Babel stands and when it was written tells an upgrade apart, without
    # importing Babel (or importlib.metadata) to ask for its version.
    from importlib.util import find_spec

    spec = find_spec("babel")
    if spec is None or not spec.origin:
        return ()
    stat = os.stat(spec.origin)
    return (spec.origin, stat.st_size, stat.st_mtime_ns)


# The file holds three pickles one after another: the signature, the languages (all the language
# picker needs, read without the model's classes) and the bundle.


@lru_cache(maxsize=1)
def _contents() -> tuple[bytes, int] | None:
    """The file's bytes and where its languages start, if it was made from the files here now."""
    try:
        data = COMPILED_FILE.read_bytes()
        stream = io.BytesIO(data)
        if pickle.load(stream) != signature():
            return None
    except Exception:  # missing, unreadable or damaged: the YAML is still there
        return None
    return data, stream.tell()


def _unpickle(data: bytes, start: int, count: int):
    """The `count`-th pickle from `start` on (0 is the first), or None if it cannot be read."""
    # Unpickling makes thousands of small objects and no cycles: the cyclic GC would only slow it.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        stream = io.BytesIO(data)
        stream.seek(start)
        for _ in range(count):
            pickle.load(stream)
        return pickle.load(stream)
    except Exception:  # a damaged file is not worth a failed start
        return None
    finally:
        if was_enabled:
            gc.enable()


@lru_cache(maxsize=1)
def load_languages() -> Languages | None:
    """The shipped languages with their names and directions, if the compiled content is current."""
    from imguide.core.i18n.languages import Languages

    contents = _contents()
    languages = _unpickle(*contents, 0) if contents else None
    return languages if isinstance(languages, Languages) else None


@lru_cache(maxsize=1)
def load_bundle() -> Bundle | None:
    """The shipped, checked bundle, if the compiled content is current."""
    from imguide.core.content.model import Bundle

    contents = _contents()
    bundle = _unpickle(*contents, 1) if contents else None
    return bundle if isinstance(bundle, Bundle) else None


@lru_cache(maxsize=1)
def shipped_bundle() -> Bundle:
    """The shipped content, once per process: compiled if up to date, else read and checked from
    the YAML."""
    bundle = load_bundle()
    if bundle is not None:
        return bundle
    from imguide.core.content.loader import load_bundle as read_and_check

    return read_and_check()


def shipped_languages() -> Languages:
    """The shipped languages, for the picker: from the compiled content when current, else read
    from the language list alone (no flows are read for it)."""
    languages = load_languages()
    if languages is not None:
        return languages
    from imguide.core.content.loader import SHIPPED, display
    from imguide.core.content.read_rules import read_languages
    from imguide.core.content.reader import Reader

    return read_languages(Reader(), SHIPPED.languages, display(SHIPPED.languages))


def write(path: Path | None = None) -> None:
    """Read and check the shipped content now (ContentError if it has errors) and write it
    atomically: a reader sees the old file or the new one, never half of one."""
    path = path or COMPILED_FILE
    from imguide.core.content.loader import load_bundle as read_and_check

    made_from = signature()
    bundle = read_and_check()
    stream = io.BytesIO()
    for value in (made_from, bundle.languages, bundle):
        pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(stream.getvalue())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    for cached in (_contents, load_languages, load_bundle, shipped_bundle):  # what was read is stale
        cached.cache_clear()


def is_current(path: Path | None = None) -> bool:
    try:
        with (path or COMPILED_FILE).open("rb") as handle:
            return pickle.load(handle) == signature()
    except Exception:
        return False


def main(argv: list[str] | None = None) -> int:
    from imguide.core.content.diagnostics import ContentError

    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["--check"]):
        print("usage: python -m imguide.core.content.compiled [--check]", file=sys.stderr)
        return 2
    if args == ["--check"]:
        current = is_current()
        print(f"compiled content: {'up to date' if current else 'missing or out of date'} ({COMPILED_FILE})")
        return 0 if current else 1
    if is_current():
        return 0
    try:
        write()
    except ContentError as error:
        for diagnostic in error.diagnostics:
            if diagnostic.is_error:
                print(diagnostic.format(), file=sys.stderr)
        print("compiled content: not written, the content has errors (see `imguide check`)", file=sys.stderr)
        return 1
    except OSError as error:  # a read-only install, say: the guide still starts, from the YAML
        print(f"compiled content: not written ({error.strerror or error}); the guide reads the YAML at start", file=sys.stderr)
        return 0
    print(f"compiled content: written ({COMPILED_FILE})")
    return 0


if __name__ == "__main__":
    # Run through the imported module, so what is pickled names imguide.core.content.compiled, not __main__.
    from imguide.core.content import compiled

    raise SystemExit(compiled.main())
