"""Arguments several subcommands share: which bundle, which profile, which language."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from imguide.commands import UsageError
from imguide.core.i18n import SOURCE_LANGUAGE, languages, normalise_code

if TYPE_CHECKING:
    from imguide.core.model import Bundle


def add_bundle_arguments(parser) -> None:
    parser.add_argument("--lang", help="language of the output (e.g. sv, en)")
    parser.add_argument("--flows", type=Path, action="append", metavar="PATH", help="flow files or folders instead of the shipped ones")
    parser.add_argument("--profile", type=Path, help="a local profile (YAML file or folder)")


def bundle_from_args(args) -> Bundle:
    """The shipped content (compiled ahead if it can be), or the flows and profile named."""
    from imguide.core import compiled

    flows, profile = getattr(args, "flows", None), getattr(args, "profile", None)
    for path in [*(flows or []), *([profile] if profile else [])]:
        if not path.exists():
            raise UsageError(f"no such file or folder: {path}")
    if not flows and not profile:
        shipped = compiled.load_bundle()
        if shipped is not None:
            return shipped
    from imguide.core.diagnostics import ContentError
    from imguide.core.loader import load_bundle

    try:
        return load_bundle(flows, profile=profile)
    except ContentError as error:
        for diagnostic in error.diagnostics:
            if diagnostic.is_error:
                print(diagnostic.format(), file=sys.stderr)
        raise UsageError("the content has errors; run `imguide check` for details") from None


def language_from_args(args) -> str:
    raw = getattr(args, "lang", None)
    if not raw:
        return SOURCE_LANGUAGE
    code = normalise_code(raw)
    if code is None:
        known = ", ".join(lang.code for lang in languages())
        raise UsageError(f"unknown language '{raw}' (languages: {known})")
    return code
