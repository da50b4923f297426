"""`imguide kiosk [--idle-seconds N] [--outbox DIR] [--config FILE] [--set-pin]`: the guide on a
shared machine that forgets each visitor.

No way out without the staff PIN (Ctrl+Q asks for it); after N idle seconds a countdown, then a
wipe back to the language picker; "I am done" (F10) exports to the outbox, shows the pickup code
and wipes. Exports older than the retention period are purged at start and daily.
`--set-pin` asks for a new staff PIN twice and stores only its salted hash in the configuration.
The configuration file: $IMGUIDE_KIOSK_CONFIG, else ~/.config/imguide/kiosk.yaml (see
imguide/core/kiosk/config.py for its keys).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from pathlib import Path

from imguide.commands import UsageError, path_argument


def _seconds(text: str) -> int:
    from imguide.core.kiosk.config import seconds

    try:
        return seconds(text, "--idle-seconds")
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(subparsers) -> None:
    parser = subparsers.add_parser("kiosk", help="run the guide on a shared machine that forgets each visitor")
    parser.add_argument("--idle-seconds", type=_seconds, metavar="N", help="idle time before the countdown and wipe (default 180)")
    parser.add_argument("--outbox", type=path_argument, metavar="DIR", help="where the visitors' exports go")
    parser.add_argument("--config", type=path_argument, metavar="FILE", help="the kiosk configuration (default ~/.config/imguide/kiosk.yaml)")
    parser.add_argument("--set-pin", action="store_true", help="set the staff PIN that leaves the kiosk, then exit")
    parser.add_argument("--lang", default=argparse.SUPPRESS, help="skip the language picker for the first visitor")
    parser.set_defaults(func=run)


def run(args) -> int:
    from imguide.core.kiosk.config import ConfigError, default_config_path, read_config

    path = args.config or default_config_path()
    try:
        config = read_config(path, must_exist=args.config is not None and not args.set_pin)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    if args.set_pin:
        return set_pin(path, config)
    if config.pin is None:
        raise UsageError(f"no staff PIN in {path}: set one first with `imguide kiosk --set-pin`")
    config = config.with_options(idle_seconds=args.idle_seconds, outbox=args.outbox)
    if config.countdown_seconds >= config.idle_seconds:
        config = replace(config, countdown_seconds=max(1, config.idle_seconds // 2))
    from imguide.commands.common import load_content
    from imguide.ui.launch import run_app

    bundle = load_content()
    lang = getattr(args, "lang", None)
    if lang and bundle.languages.resolve(lang) is None:
        raise UsageError(f"unknown language '{lang}' (languages: {', '.join(bundle.languages.codes)})")
    return run_app(lang=bundle.languages.resolve(lang).code if lang else None, bundle=bundle, bidi=getattr(args, "bidi", "app"), kiosk=config)


def set_pin(path: Path, config) -> int:
    from imguide.core.kiosk.config import write_config
    from imguide.core.kiosk.pin import PinError, hash_pin, pin_problem

    first = getpass.getpass("New staff PIN: ")
    problem = pin_problem(first)
    if problem:
        raise UsageError(problem)
    if getpass.getpass("The same PIN again: ") != first:
        raise UsageError("the two PINs differ; nothing was changed")
    try:
        written = write_config(path, replace(config, pin=hash_pin(first)))
    except (OSError, PinError) as error:
        print(f"imguide kiosk: cannot write {path}: {getattr(error, 'strerror', None) or error}", file=sys.stderr)
        return 1
    print(f"staff PIN set (only its salted hash is stored, in {written})")
    return 0
