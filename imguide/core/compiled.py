"""The shipped content, compiled ahead of time so the guide starts quickly.

Reading and checking the shipped YAML and asking Babel for every language's name costs tens of
milliseconds at each start. `make setup` runs this module once: it reads and checks the shipped
content (refusing content with errors, like the guide would) and writes the result as one file of
pickles, stamped with a fingerprint of everything it was made from. At start the guide uses that file only
when the fingerprint still matches; otherwise it reads the YAML as before. Nothing here writes at
run time, so a kiosk session never leaves a file behind.

    python -m imguide.core.compiled           write the compiled content if it is out of date
    python -m imguide.core.compiled --check   exit 1 if it is missing or out of date
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from imguide.core.i18n import Language
    from imguide.core.model import Bundle

PACKAGE_DIR = Path(__file__).resolve().parent.parent
COMPILED_FILE = PACKAGE_DIR / "compiled" / "content.pickle"
# What the compiled content is made from: the content itself, and the code that reads it and
# defines the pickled classes (a change there must never meet an old pickle).
SOURCE_DIRS = (PACKAGE_DIR / "flows", PACKAGE_DIR / "content", PACKAGE_DIR / "core")
SOURCE_SUFFIXES = (".yaml", ".yml", ".py")
FINGERPRINT_BYTES = 32
# The file: the fingerprint, the length of the first pickle, then two pickles: the languages
# (all the language picker needs, read without the model's classes) and the bundle.
LENGTH_BYTES = 8


def fingerprint() -> bytes:
    """A hash of every source file's path and bytes, the interpreter and the installed Babel."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}\0{_babel_version()}\0{PACKAGE_DIR}\0".encode())
    for path in _source_files():
        digest.update(str(path.relative_to(PACKAGE_DIR)).encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.digest()


def _source_files() -> list[Path]:
    files: list[Path] = []
    for folder in SOURCE_DIRS:
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            files.extend(Path(root, name) for name in sorted(names) if name.endswith(SOURCE_SUFFIXES))
    return files


def _babel_version() -> str:
    # Language names come from Babel's data. Where the installed Babel stands and when it was
    # written tells an upgrade apart, without importing Babel (or importlib.metadata) to ask.
    from importlib.util import find_spec

    spec = find_spec("babel")
    if spec is None or not spec.origin:
        return "none"
    stat = os.stat(spec.origin)
    return f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"


@lru_cache(maxsize=1)
def _pickles() -> tuple[bytes, bytes] | None:
    """The two pickles, if the file is there and was made from exactly the files shipped now."""
    try:
        data = COMPILED_FILE.read_bytes()
    except OSError:
        return None
    if data[:FINGERPRINT_BYTES] != fingerprint():
        return None
    start = FINGERPRINT_BYTES + LENGTH_BYTES
    middle = start + int.from_bytes(data[FINGERPRINT_BYTES:start], "big")
    return data[start:middle], data[middle:]


def _unpickle(data: bytes, expected: type):
    # Unpickling makes thousands of small objects and no cycles: the cyclic GC would only slow it.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        value = pickle.loads(data)
    except Exception:  # a damaged file is not worth a failed start: the YAML is still there
        return None
    finally:
        if was_enabled:
            gc.enable()
    return value if isinstance(value, expected) else None


@lru_cache(maxsize=1)
def load_languages() -> tuple[Language, ...] | None:
    """The shipped languages with their names and directions, if the compiled content is current."""
    pickles = _pickles()
    return _unpickle(pickles[0], tuple) if pickles else None


@lru_cache(maxsize=1)
def load_bundle() -> Bundle | None:
    """The shipped, checked bundle, if the compiled content is current."""
    from imguide.core.model import Bundle

    pickles = _pickles()
    return _unpickle(pickles[1], Bundle) if pickles else None


def shipped_bundle() -> Bundle:
    """The shipped content: compiled if up to date, read and checked from the YAML otherwise."""
    bundle = load_bundle()
    if bundle is not None:
        return bundle
    from imguide.core.loader import load_bundle as read_and_check

    return read_and_check()


def write(path: Path = COMPILED_FILE) -> None:
    """Read and check the shipped content now (ContentError if it has errors) and write it
    atomically: a reader sees the old file or the new one, never half of one."""
    from imguide.core.i18n import read_languages
    from imguide.core.loader import load_bundle as read_and_check

    stamp = fingerprint()
    languages = pickle.dumps(read_languages(), protocol=pickle.HIGHEST_PROTOCOL)
    bundle = pickle.dumps(read_and_check(), protocol=pickle.HIGHEST_PROTOCOL)
    payload = stamp + len(languages).to_bytes(LENGTH_BYTES, "big") + languages + bundle
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(payload)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def is_current(path: Path = COMPILED_FILE) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(FINGERPRINT_BYTES) == fingerprint()
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    from imguide.core.diagnostics import ContentError

    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["--check"]):
        print("usage: python -m imguide.core.compiled [--check]", file=sys.stderr)
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
    print(f"compiled content: written ({COMPILED_FILE.relative_to(PACKAGE_DIR.parent)})")
    return 0


if __name__ == "__main__":
    # Run through the imported module, so what is pickled names imguide.core.compiled, not __main__.
    from imguide.core import compiled

    raise SystemExit(compiled.main())
