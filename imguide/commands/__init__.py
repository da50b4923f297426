"""Subcommands of `imguide`. Each module has `register(subparsers)` that adds its parser and sets
`func` to a callable `run(args) -> int`. A bad argument raises UsageError: one line, exit code 2."""

import argparse
from pathlib import Path


class UsageError(Exception):
    """A bad command-line argument. The message is one line that names the bad token."""


def path_argument(text: str) -> Path:
    """A path given on the command line. An empty one is refused here: Path("") would quietly mean
    the current folder."""
    if not text:
        raise argparse.ArgumentTypeError("an empty path; name a file or folder")
    return Path(text)


# Module names under imguide.commands, in the order `imguide --help` lists them.
COMMANDS = [
    "check",
    "walk",
    "eligibility",
    "export",
    "intake",
    "purge",
    "i18n",
    "kiosk",
    "serve",
]
