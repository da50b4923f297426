"""`imguide i18n extract|init|status`: the translation catalogs (what `make i18n` runs).

    extract   every string (flows, glossary, topics, Python, templates) into locales/imguide.pot
    init      a catalog for each language in content/languages.yaml that has none yet
    status    per language: translated %, missing, fuzzy, obsolete, reviewed by a human or not
"""

from __future__ import annotations

from pathlib import Path

from imguide.commands.common import load_content


def register(subparsers) -> None:
    parser = subparsers.add_parser("i18n", help="the translation catalogs: extract, init, status")
    actions = parser.add_subparsers(dest="i18n_action", metavar="ACTION", required=True, parser_class=type(parser))
    extract = actions.add_parser("extract", help="extract every string into locales/imguide.pot")
    extract.add_argument("--output", type=Path, help="write the template here instead")
    extract.add_argument("--quiet", action="store_true")
    extract.set_defaults(func=run_extract)
    init = actions.add_parser("init", help="create a catalog for each shipped language that has none")
    init.set_defaults(func=run_init)
    status = actions.add_parser("status", help="how complete each catalog is")
    status.add_argument("--check", action="store_true", help="exit 1 unless every catalog is complete")
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
    from imguide.core.i18n.catalogs import print_status, status

    rows = status(load_content().languages)
    print_status(rows)
    if args.check and any(row.translated < row.total or row.obsolete for row in rows):
        return 1
    return 0
