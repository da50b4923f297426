"""The one entry point: `imguide [SUBCOMMAND ...]`. With no subcommand it starts the guide."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from imguide import __version__
from imguide.commands import COMMANDS, UsageError, path_argument

EXIT_USAGE = 2


class OneLineParser(argparse.ArgumentParser):
    """argparse prints the whole usage block on a bad argument; we promise one line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{printable(f'{self.prog}: {message}')}\n")


MESSAGE_LIMIT = 300


def printable(line: str) -> str:
    """A message for the terminal that quotes what the user gave: its control characters (ESC,
    line breaks, bidi overrides) written as escapes, never sent, and a long value cut short."""
    from imguide.core.content.diagnostics import visible

    line = visible(line)
    return line if len(line) <= MESSAGE_LIMIT else line[: MESSAGE_LIMIT - 1] + "…"


def say(args: argparse.Namespace, message: str) -> None:
    prefix = f"imguide {args.command}" if args.command else "imguide"
    print(printable(f"{prefix}: {message}"), file=sys.stderr)


class _NotThisWay(Exception):
    """A parser built for part of the command line could not read it: the full parser will say why."""


class _QuietParser(OneLineParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotThisWay(message)


def build_parser(
    commands: list[str] | None = None, parser_class: type[OneLineParser] = OneLineParser
) -> argparse.ArgumentParser:
    """The parser for `imguide`, with the subcommands named (default: all; [] for the guide's own
    options alone)."""
    commands = COMMANDS if commands is None else commands
    parser = parser_class(prog="imguide", description="A guide to the Swedish introduction programmes (IM).")
    parser.add_argument("--version", action="version", version=f"imguide {__version__}")
    parser.add_argument("--lang", help="start in this language (e.g. sv, en)")
    parser.add_argument("--flow", help="start in this flow instead of the start menu")
    parser.add_argument("--profile", type=path_argument, help="a local profile (YAML file or folder) from the municipality")
    parser.add_argument(
        "--bidi",
        choices=("app", "terminal", "off"),
        default="app",
        help="right-to-left text: the guide orders it (app, the default), the terminal does (terminal), or nobody (off, for screen readers)",
    )
    parser.add_argument(
        "--staff",
        action="store_true",
        help="counsellor mode: the family's language and Swedish side by side, notes, jump, export, next family",
    )
    if commands:
        subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=parser_class)
        for name in commands:
            importlib.import_module(f"imguide.commands.{name}").register(subparsers)
    else:
        parser.set_defaults(command=None)
    return parser


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    # Each subcommand's module is imported to build its parser, and that costs more than most
    # commands' own work. So the parser is built for the subcommands the line names (none: the
    # guide's own options). Anything that parser cannot read, and any line that may ask for help
    # (-h, or --help as argparse lets it be shortened, --he), goes to the full parser, which also
    # gives the proper message and lists every subcommand.
    named = [name for name in COMMANDS if name in argv]
    if not any(_may_ask_for_help(arg) for arg in argv):
        try:
            return build_parser(named, parser_class=_QuietParser).parse_args(argv)
        except _NotThisWay:
            pass
    return build_parser().parse_args(argv)


def _may_ask_for_help(arg: str) -> bool:
    if arg.startswith("--"):
        return len(arg) > 2 and "--help".startswith(arg)
    return arg.startswith("-") and "h" in arg  # -h, or -h among other short flags


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(sys.argv[1:] if argv is None else list(argv))
    try:
        if args.command is None:
            from imguide.commands.guide import run  # imported late: the subcommands never need Textual

            return run(args)
        return int(args.func(args) or 0)
    except UsageError as error:
        say(args, str(error))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:  # the system said no (a full disk, a lost terminal): one line
        where = f": {error.filename}" if getattr(error, "filename", None) else ""
        say(args, f"{error.strerror or error}{where}")
        return 1
    except Exception as error:  # a bug: one line for the user, the traceback on request
        if os.environ.get("IMGUIDE_DEBUG"):
            raise
        say(args, f"internal error ({type(error).__name__}: {str(error)[:200]}); run again with IMGUIDE_DEBUG=1 for the details")
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
