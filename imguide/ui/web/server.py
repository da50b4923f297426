"""`imguide serve`: each browser visitor gets a fresh guide process through textual-serve.

The page is imguide's own (app_index.html): the stock one loads a web font from the internet, this
one loads nothing from anywhere but this server. On a kiosk a visit that ends (the staff PIN, a
closed tab) reloads the page, which starts a new process for the next visitor.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from textual_serve.server import Server

TEMPLATES = Path(__file__).resolve().parent


def is_loopback(host: str) -> bool:
    """Only this machine can connect (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def visitor_command(argv: list[str]) -> str:
    """The shell command textual-serve runs for each visitor: this Python, imguide, `argv`. The
    shell it runs in gives its place to the guide (`exec`): one process per visitor, not two."""
    return "exec " + " ".join(shlex.quote(part) for part in [sys.executable, "-m", "imguide", *argv])


class GuideServer(Server):
    def __init__(self, command: str, host: str, port: int, kiosk: bool = False, public_url: str | None = None) -> None:
        # an absolute templates_path wins over textual-serve's own folder
        super().__init__(command, host=host, port=port, title="imguide", public_url=public_url, templates_path=TEMPLATES)
        self.kiosk = kiosk

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request) -> dict[str, Any]:
        context = await Server.handle_index.__wrapped__(self, request)  # the stock context, unrendered
        context["kiosk"] = self.kiosk
        return context
