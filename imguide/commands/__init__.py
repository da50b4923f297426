"""Subcommands of `imguide`. Each module has `register(subparsers)` that adds its parser and sets
`func` to a callable `run(args) -> int`. A bad argument raises UsageError: one line, exit code 2."""


class UsageError(Exception):
    """A bad command-line argument. The message is one line that names the bad token."""


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
