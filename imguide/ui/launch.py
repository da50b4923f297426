"""Start the Textual app (kept apart so subcommands that print never import Textual)."""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING

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


def run_app(
    lang: str | None = None,
    flow: str | None = None,
    bundle: Bundle | None = None,
    bidi: str = "app",
    kiosk: KioskConfig | None = None,
    staff: bool = False,
) -> int:
    """Run the guide until the user leaves. The caller has checked the arguments and the content."""
    # Starting makes a few hundred thousand objects that live as long as the app: Textual's
    # modules, the content, the first screen. The cyclic GC would walk them again and again
    # meanwhile, for nothing; it is paused until the first screen is up, and what exists then is
    # frozen out of its way (GuideApp.on_ready). Start-up is about 15 ms quicker for it.
    gc.disable()
    try:
        from imguide.ui.app import GuideApp

        app = GuideApp(lang=lang, flow=flow, bundle=bundle, bidi=bidi, kiosk=kiosk, staff=staff)
        app.resume_gc_when_ready = True
        if bidi != "off":  # app: the terminal must not reorder; terminal: it should
            _terminal_bidi(bidi == "terminal")
        try:
            app.run()
        finally:
            if bidi == "app":
                _terminal_bidi(True)  # VTE's own default, for whatever runs next
        return 0
    finally:
        gc.enable()
