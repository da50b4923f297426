"""`imguide serve [--host 127.0.0.1] [--port 8000] [--kiosk] [--staff] [--config FILE] [--public-url URL]`:
the guide in a browser, each visitor a fresh process (textual-serve).

Loopback only unless told otherwise: textual-serve has no login, so another host gets a warning
(put it behind a reverse proxy with access control: docs/serve.md). `--kiosk` makes every visit a
kiosk visit (the configuration and PIN as for `imguide kiosk`); `--staff` serves the counsellor
mode. `--public-url` is the address visitors use when a proxy stands in front.
"""

from __future__ import annotations

import argparse
import sys

from imguide.commands import UsageError, path_argument


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1-65535)")
    return port


def register(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="serve the guide in a browser (one process per visitor)")
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=_port, default=8000, help="the port (default 8000)")
    parser.add_argument("--kiosk", action="store_true", help="every visit is a kiosk visit (PIN, idle wipe, 'I am done')")
    parser.add_argument("--staff", action="store_true", help="serve the counsellor mode")
    parser.add_argument("--config", type=path_argument, metavar="FILE", help="the kiosk configuration (with --kiosk)")
    parser.add_argument("--public-url", metavar="URL", help="the address visitors use, when a reverse proxy is in front")
    parser.set_defaults(func=run)


def run(args) -> int:
    from imguide.ui.web.server import GuideServer, is_loopback, visitor_command

    if args.kiosk and args.staff:
        raise UsageError("--kiosk and --staff do not go together: a kiosk is for visitors on their own")
    if args.config and not args.kiosk:
        raise UsageError("--config is the kiosk configuration: give --kiosk too")
    if args.public_url and not args.public_url.startswith(("http://", "https://")):
        raise UsageError(f"--public-url must start with http:// or https://, not '{args.public_url}'")
    argv = ["--bidi", getattr(args, "bidi", "app")]
    if args.staff:
        argv.append("--staff")
    if args.kiosk:
        from imguide.core.kiosk.config import ConfigError, default_config_path, read_config

        path = args.config or default_config_path()
        try:
            config = read_config(path, must_exist=args.config is not None)
        except ConfigError as error:
            raise UsageError(str(error)) from None
        if config.pin is None:
            raise UsageError(f"no staff PIN in {path}: set one first with `imguide kiosk --set-pin`")
        argv += ["kiosk", "--config", str(path.resolve())]
    if not is_loopback(args.host):
        print(
            f"imguide serve: warning: listening on {args.host}: anyone who can reach it can open the guide "
            "(there is no login). Put a reverse proxy with access control in front (docs/serve.md).",
            file=sys.stderr,
        )
    server = GuideServer(visitor_command(argv), args.host, args.port, kiosk=args.kiosk, public_url=args.public_url)
    try:
        server.serve()
    except OSError as error:  # the port is taken, the address is not this machine's
        print(f"imguide serve: cannot listen on {args.host}:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0
