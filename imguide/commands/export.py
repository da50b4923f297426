"""`imguide export SESSION.json [--format html|md|json|all] [--out DIR] [--lang L] [--profile P]`
and `imguide export --print-schema`.

Writes the intake document for a saved session: into DIR when given, else into the outbox under a
new pickup code (printed, for `imguide intake open CODE`). Prints the path of each file written.

Exit codes: 0 written (warnings on stderr, one line each, for answers that no longer fit the flow;
the document shows them apart, so nothing is lost); 1 the files could not be written; 2 a bad
argument, a file that is not JSON or not a session, or a broken profile template.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from imguide.commands import UsageError, path_argument
from imguide.commands.common import add_bundle_arguments, bundle_from_args, language_from_args

FORMAT_CHOICES = ("html", "md", "json", "all")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the intake document (HTML, Markdown, JSON) for a saved session",
        description="Write the intake document for a saved session. Without --out it goes to the "
        "outbox under a new pickup code (imguide intake open CODE).",
    )
    parser.add_argument("session", nargs="?", type=path_argument, help="a saved session (JSON)")
    parser.add_argument("--format", choices=FORMAT_CHOICES, default="all", help="one format, or all (default)")
    parser.add_argument("--out", type=path_argument, metavar="DIR", help="write into this folder instead of the outbox")
    parser.add_argument("--outbox", type=path_argument, metavar="DIR", help="the outbox folder (default: $IMGUIDE_OUTBOX or ~/.local/state/imguide/outbox)")
    parser.add_argument("--print-schema", action="store_true", help="print the JSON Schema of the JSON export and exit")
    add_bundle_arguments(parser)
    parser.set_defaults(func=run)


def read_session_file(path: Path):
    from imguide.commands.common import read_input_text, shown

    text = read_input_text(path, "session file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"{shown(path)}:{error.lineno}: not JSON ({error.msg}); a session file is JSON") from None
    except RecursionError:
        raise UsageError(f"{shown(path)}: nested far too deeply to be a session file") from None


def _language(args, bundle, session_lang: str):
    if args.lang:
        return language_from_args(args, bundle)
    found = bundle.languages.resolve(session_lang)
    if found is None:
        warn(f"the session's language {session_lang!r} is not available; the document is in Swedish")
        return bundle.languages.source
    return found


def warn(message: str) -> None:
    print(f"imguide export: warning: {message}", file=sys.stderr)


def run(args) -> int:
    from imguide.commands.common import warn_missing_catalog
    from imguide.core.engine.restore import restore
    from imguide.core.engine.session import SessionFormatError
    from imguide.core.export.outbox import OutboxError
    from imguide.core.export.renderers import ExportError
    from imguide.core.export.writer import export_for_meeting, schema_text, write_export

    if args.print_schema:
        sys.stdout.write(schema_text())
        return 0
    if args.session is None:
        raise UsageError("give a session file (SESSION.json), or --print-schema")
    if args.out is not None and args.outbox is not None:
        raise UsageError("give --out or --outbox, not both")
    data = read_session_file(args.session)
    bundle = bundle_from_args(args)
    try:
        loaded = restore(bundle, data)
    except SessionFormatError as error:
        raise UsageError(f"{args.session}: {error}") from None
    for line in loaded.warnings:
        warn(line)
    lang = _language(args, bundle, loaded.session.lang)
    warn_missing_catalog("imguide export", lang)
    formats = ("html", "md", "json") if args.format == "all" else (args.format,)
    try:
        if args.out is not None:
            result = write_export(bundle, loaded.session, args.out, lang, formats, left_out=loaded.left_out)
        else:
            result = export_for_meeting(bundle, loaded.session, lang, formats, args.outbox, left_out=loaded.left_out)
    except ExportError as error:
        raise UsageError(str(error)) from None
    except (OutboxError, OSError) as error:
        print(f"imguide export: cannot write the export: {error}", file=sys.stderr)
        return 1
    if args.out is not None:
        from imguide.core.export.outbox import is_private_dir

        if not is_private_dir(result.folder):
            warn(f"{result.folder} can be opened by other users; the files themselves are owner-only")
    for path in result.paths:
        print(path)
    if result.pickup_code:
        print(f"pickup code: {result.pickup_code} (imguide intake open {result.pickup_code})")
    return 0
