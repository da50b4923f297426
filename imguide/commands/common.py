"""Arguments several subcommands share: which bundle, which profile, which language."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from imguide.commands import UsageError, path_argument

if TYPE_CHECKING:
    from imguide.core.content.model import Bundle
    from imguide.core.i18n.languages import Language


def add_bundle_arguments(parser) -> None:
    # SUPPRESS: given before the subcommand (`imguide --lang en walk ...`) the value stands too
    parser.add_argument("--lang", default=argparse.SUPPRESS, help="language of the output (e.g. sv, en)")
    parser.add_argument("--flows", type=path_argument, action="append", metavar="PATH", help="flow files or folders instead of the shipped ones")
    parser.add_argument("--profile", type=path_argument, default=argparse.SUPPRESS, help="a local profile (YAML file or folder)")


MAX_INPUT_BYTES = 5_000_000  # a session or answers file; real ones are a few kilobytes


def shown(path: Path) -> str:
    """A path as a one-line message names it (a 300-character path is shortened)."""
    text = str(path)
    return text if len(text) <= 120 else text[:60] + "…" + text[-40:]


def require_path(path: Path, what: str = "file or folder") -> None:
    """UsageError unless `path` exists (a path too long for the system does not)."""
    try:
        os.stat(path)
    except FileNotFoundError:
        raise UsageError(f"no such {what}: {shown(path)}") from None
    except OSError as error:
        raise UsageError(f"{shown(path)}: {error.strerror or error}") from None


def read_input_text(path: Path, what: str, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """A file the user named, as UTF-8 text: a plain file (a pipe would never end), not huge;
    every problem is one line (UsageError)."""
    require_path(path, what)
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{shown(path)} is a folder, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{shown(path)} is not a plain file (it is a pipe or a device)")
    if info.st_size > max_bytes:
        raise UsageError(f"{shown(path)} is {info.st_size:,} bytes; a {what} is at most {max_bytes:,}")
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{shown(path)}: not a {what} (not UTF-8 text)") from None
    except OSError as error:
        raise UsageError(f"cannot read {shown(path)}: {error.strerror or error}") from None


def load_content(flows: list[Path] | None = None, profile: Path | None = None) -> Bundle:
    """The shipped content (compiled ahead if it can be), or the flows and profile named; content
    with errors is a usage error after its diagnostics are printed, one a line."""
    from imguide.core.content import compiled

    for path in [*(flows or []), *([profile] if profile else [])]:
        require_path(path)
    if not flows and not profile:
        shipped = compiled.load_bundle()
        if shipped is not None:
            return shipped
    from imguide.core.content.diagnostics import ContentError
    from imguide.core.content.loader import load_bundle

    try:
        return load_bundle(flows, profile=profile)
    except ContentError as error:
        for diagnostic in error.diagnostics:
            if diagnostic.is_error:
                print(diagnostic.format(), file=sys.stderr)
        raise UsageError("the content has errors; run `imguide check` for details") from None


def bundle_from_args(args) -> Bundle:
    return load_content(getattr(args, "flows", None), getattr(args, "profile", None))


def language_from_args(args, bundle: Bundle) -> Language:
    """The language asked for with --lang (Swedish when none); an unknown one is a usage error."""
    from imguide.core.i18n.languages import UnknownLanguage

    raw = getattr(args, "lang", None)
    if raw is None:
        return bundle.languages.source
    try:
        return bundle.languages.require(raw)
    except UnknownLanguage as error:
        raise UsageError(str(error)) from None


def warn_missing_catalog(prog: str, language: Language) -> None:
    """A language whose catalog is not installed falls back to Swedish: say so, once."""
    from imguide.core.i18n.translator import translator

    if not translator(language).catalog_found:
        print(f"{prog}: warning: no catalog for {language.code} is installed; the text is in Swedish", file=sys.stderr)
