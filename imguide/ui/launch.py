"""Start the Textual app (kept apart so subcommands that print never import Textual)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from imguide.ui import collector

if TYPE_CHECKING:
    from imguide.core.content.model import Bundle
    from imguide.core.kiosk.config import KioskConfig


# VTE (GNOME Terminal, Tilix...) reorders right-to-left text by itself (ECMA-48 mode 8, "BDSM"):
# text the guide already ordered would be turned round again. tmux keeps the sequence to itself
# unless it is wrapped for passthrough, so both forms go out.
_TERMINAL_BIDI = {False: "\x1b[8l", True: "\x1b[8h"}


def _terminal_bidi(on: bool) -> None:
    out = sys.__stdout__
    if out is None or not out.isatty():
        return
    sequence = _TERMINAL_BIDI[on]
    if os.environ.get("TMUX"):
        sequence += "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    out.write(sequence)
    out.flush()


def app_as_launched(**options):
    """The GuideApp as every command starts it: the collector paused for the start, what the
    imports made frozen out of its way, resumed when the first screen is up (collector.py).
    The benchmarks start it this way too, so they measure what a kiosk runs."""
    collector.pause_for_start()
    from imguide.ui.app import GuideApp

    collector.freeze_what_lives_forever()
    app = GuideApp(**options)
    app.resume_gc_when_ready = True
    return app


def run_app(
    lang: str | None = None,
    flow: str | None = None,
    bundle: Bundle | None = None,
    bidi: str = "app",
    kiosk: KioskConfig | None = None,
    staff: bool = False,
) -> int:
    """Run the guide until the user leaves. The caller has checked the arguments and the content."""
    app = app_as_launched(lang=lang, flow=flow, bundle=bundle, bidi=bidi, kiosk=kiosk, staff=staff)
    try:
        if bidi != "off":  # app: the terminal must not reorder; terminal: it should
            _terminal_bidi(bidi == "terminal")
        try:
            app.run()
        finally:
            if bidi == "app":
                _terminal_bidi(True)  # VTE's own default, for whatever runs next
        return 0
    finally:
        collector.resume()
