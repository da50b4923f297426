"""`imguide intake open CODE [--outbox DIR] [--paths]`: the counsellor's side of the pickup code.

Prints the Swedish Markdown of the export to stdout (to read at the terminal, or paste into the
school's system) and, on stderr, where the files are (the HTML is the one to print with the family).
With --paths, prints only the paths of the files, one a line.

The code may be typed in any case, with or without the dash. Exit codes: 0 found; 1 no export has
this code (or it was purged); 2 not a pickup code at all.
"""

from __future__ import annotations

import sys

from imguide.commands import UsageError, path_argument


def register(subparsers) -> None:
    parser = subparsers.add_parser("intake", help="open an intake export by its pickup code")
    actions = parser.add_subparsers(dest="intake_action", metavar="ACTION", required=True, parser_class=type(parser))
    opener = actions.add_parser("open", help="show the export with this pickup code")
    opener.add_argument("code", help="the pickup code, e.g. K7M4-XR9P")
    opener.add_argument("--outbox", type=path_argument, metavar="DIR", help="the outbox folder (default: $IMGUIDE_OUTBOX or ~/.local/state/imguide/outbox)")
    opener.add_argument("--paths", action="store_true", help="print only the paths of the files")
    opener.set_defaults(func=run_open)


def run_open(args) -> int:
    from imguide.core.export.outbox import FILE_NAMES, default_outbox, find_export, normalise_pickup_code

    code = normalise_pickup_code(args.code)
    if code is None:
        raise UsageError(f"'{args.code}' is not a pickup code (8 letters and digits, like K7M4-XR9P)")
    outbox = args.outbox if args.outbox is not None else default_outbox()
    folder = find_export(outbox, code)
    if folder is None:
        print(f"imguide intake: no export with the code {code} in {outbox} (it may have been purged)", file=sys.stderr)
        return 1
    files = [folder / name for name in FILE_NAMES.values() if (folder / name).is_file()]
    if args.paths:
        for path in files:
            print(path)
        return 0
    markdown = folder / FILE_NAMES["md"]
    if markdown.is_file():
        try:
            sys.stdout.write(markdown.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            print(f"imguide intake: cannot read {markdown}: {error}", file=sys.stderr)
            return 1
    for path in files:
        hint = " (open in a browser to read or print)" if path.suffix == ".html" else ""
        print(f"{path}{hint}", file=sys.stderr)
    if not files:
        print(f"imguide intake: the export {code} in {outbox} holds no files", file=sys.stderr)
        return 1
    return 0
