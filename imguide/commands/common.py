"""Arguments several subcommands share: which bundle, which profile, which language."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from imguide.commands import UsageError

if TYPE_CHECKING:
    from imguide.core.content.model import Bundle
    from imguide.core.i18n.languages import Language


def add_bundle_arguments(parser) -> None:
    # SUPPRESS: given before the subcommand (`imguide --lang en walk ...`) the value stands too
    parser.add_argument("--lang", default=argparse.SUPPRESS, help="language of the output (e.g. sv, en)")
    parser.add_argument("--flows", type=Path, action="append", metavar="PATH", help="flow files or folders instead of the shipped ones")
    parser.add_argument("--profile", type=Path, default=argparse.SUPPRESS, help="a local profile (YAML file or folder)")


def load_content(flows: list[Path] | None = None, profile: Path | None = None) -> Bundle:
    """The shipped content (compiled ahead if it can be), or the flows and profile named; content
    with errors is a usage error after its diagnostics are printed, one a line."""
    from imguide.core.content import compiled

    for path in [*(flows or []), *([profile] if profile else [])]:
        if not path.exists():
            raise UsageError(f"no such file or folder: {path}")
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
    if not raw:
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
