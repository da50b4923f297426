"""`imguide check [PATH ...] [--profile P] [--format text|json]`: validate flows and content (the
glossary, facts, topics, eligibility rules, languages and a local profile come along).

Exit 0 when clean (warnings allowed), 1 when there are errors, 2 for bad usage or unreadable files.
"""

from __future__ import annotations

import argparse

from imguide.commands import path_argument


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="check flows, glossary, facts and a local profile")
    parser.add_argument("paths", nargs="*", type=path_argument, metavar="PATH", help="flow files or folders (default: the shipped flows)")
    parser.add_argument("--profile", type=path_argument, default=argparse.SUPPRESS, help="also check this local profile (file or folder)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def run(args) -> int:
    from imguide.core.content.loader import read_bundle

    from imguide.commands.common import require_path

    profile = getattr(args, "profile", None)
    for path in [*args.paths, *([profile] if profile else [])]:
        require_path(path)
    _, diagnostics = read_bundle(args.paths or None, profile=profile, describe_languages=False)
    unreadable = {"IMG013", "IMG014", "IMG025"}
    errors = [d for d in diagnostics if d.is_error]
    if args.format == "json":
        import json  # only here: the plain check starts without it

        payload = {
            "ok": not errors,
            "errors": len(errors),
            "warnings": len(diagnostics) - len(errors),
            "diagnostics": [d.to_json() for d in diagnostics],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for diagnostic in diagnostics:
            print(diagnostic.format())
        warnings = len(diagnostics) - len(errors)
        print(f"{len(errors)} error(s), {warnings} warning(s)" if diagnostics else "ok: no problems found")
    if any(d.code in unreadable for d in diagnostics):
        return 2
    return 1 if errors else 0
