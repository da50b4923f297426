"""`imguide i18n extract|init|status`: the translation catalogs (what `make i18n` runs).

    extract   every string (flows, glossary, topics, Python, templates) into locales/imguide.pot
    init      a catalog for each language in content/languages.yaml that has none yet
    status    per language: translated %, missing, fuzzy, errors, obsolete, reviewed by a human or
              not (--json: the contract other tools read); exit 1 unless every language is
              complete and sound
"""

from __future__ import annotations

import json

from imguide.commands import UsageError, path_argument
from imguide.commands.common import load_content


def register(subparsers) -> None:
    parser = subparsers.add_parser("i18n", help="the translation catalogs: extract, init, status")
    actions = parser.add_subparsers(dest="i18n_action", metavar="ACTION", required=True, parser_class=type(parser))
    extract = actions.add_parser("extract", help="extract every string into locales/imguide.pot")
    extract.add_argument("--output", type=path_argument, help="write the template here instead")
    extract.add_argument("--quiet", action="store_true")
    extract.set_defaults(func=run_extract)
    init = actions.add_parser("init", help="create a catalog for each shipped language that has none")
    init.set_defaults(func=run_init)
    status = actions.add_parser("status", help="how complete and sound each catalog is (exit 1 if one is not)")
    status.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    status.set_defaults(func=run_status)


def run_extract(args) -> int:
    from imguide.core.i18n.catalogs import extract, pot_path

    target = args.output or pot_path()
    changed = extract(target, quiet=args.quiet)
    print(f"{target}: {'updated' if changed else 'unchanged'}")
    return 0


def run_init(args) -> int:
    from imguide.core.i18n.catalogs import init_missing

    created = init_missing(load_content().languages)
    print("created catalogs: " + (", ".join(created) if created else "none needed"))
    return 0


def run_status(args) -> int:
    """Exit 1 when a shipped language is under 100 % or has errors (so `make test` fails)."""
    from imguide.core.i18n.catalogs import pot_path, print_status, status

    if not pot_path().exists():
        raise UsageError(f"no template at {pot_path()}: run `imguide i18n extract` from the source tree")
    languages = load_content().languages
    rows = status(languages)
    if args.json:
        source = {"coverage": 100.0, "missing": 0, "fuzzy": 0, "errors": 0, "reviewed": True}
        payload = {languages.source.code: source, **{row.code: row.to_json() for row in rows}}
        print(json.dumps({"languages": payload}, ensure_ascii=False, indent=2))
    else:
        print_status(rows)
    return 0 if all(row.complete for row in rows) else 1
