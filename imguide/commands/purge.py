"""`imguide purge [--outbox DIR] [--older-than DAYS]`: delete old intake exports.

Deletes the export folders (named by a pickup code) older than DAYS (default: the retention
period, 30 days) and prints how many. Nothing else in the outbox is touched. `--older-than 0`
deletes every export. Exit codes: 0 done; 1 the outbox could not be read or a folder not deleted;
2 a bad DAYS.
"""

from __future__ import annotations

import math
import sys

from imguide.commands import UsageError, path_argument


MAX_DAYS = 36_500  # a hundred years: anything longer is a typo, not a retention period


def _days(text: str) -> float:
    try:
        days = float(text)
    except ValueError:
        raise UsageError(f"--older-than: '{text}' is not a number of days") from None
    # "-0" is a slip for a negative number, not "everything": deleting needs a plain 0
    if math.isnan(days) or days < 0 or text.strip().startswith("-"):
        raise UsageError(f"--older-than: '{text}' must be 0 or more days")
    if days > MAX_DAYS:
        raise UsageError(f"--older-than: '{text}' days is more than {MAX_DAYS:,} (a hundred years)")
    return days


def register(subparsers) -> None:
    parser = subparsers.add_parser("purge", help="delete intake exports older than the retention period")
    parser.add_argument("--outbox", type=path_argument, metavar="DIR", help="the outbox folder (default: $IMGUIDE_OUTBOX or ~/.local/state/imguide/outbox)")
    parser.add_argument("--older-than", metavar="DAYS", help="age in days (default: the retention period, 30 days)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from imguide.core.export.outbox import RETENTION_DAYS, default_outbox, purge

    days = _days(args.older_than) if args.older_than is not None else float(RETENTION_DAYS)
    outbox = args.outbox if args.outbox is not None else default_outbox()
    if args.outbox is not None:  # a folder named on the command line must be there
        from imguide.commands.common import require_path

        require_path(args.outbox, "outbox")
    try:
        count = purge(outbox, days)
    except OSError as error:
        print(f"imguide purge: {error}", file=sys.stderr)
        return 1
    shown = f"{days:g}"
    print(f"deleted {count} export{'s' if count != 1 else ''} older than {shown} day{'s' if shown != '1' else ''} from {outbox}")
    return 0
