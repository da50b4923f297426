"""Start the Textual app (kept apart so subcommands that print never import Textual)."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from imguide.core.content.model import Bundle


def run_app(lang: str | None = None, flow: str | None = None, bundle: Bundle | None = None) -> int:
    """Run the guide until the user leaves. The caller has checked the arguments and the content."""
    # Starting makes a few hundred thousand objects that live as long as the app: Textual's
    # modules, the content, the first screen. The cyclic GC would walk them again and again
    # meanwhile, for nothing; it is paused until the first screen is up, and what exists then is
    # frozen out of its way (GuideApp.on_ready). Start-up is about 15 ms quicker for it.
    gc.disable()
    try:
        from imguide.ui.app import GuideApp

        app = GuideApp(lang=lang, flow=flow, bundle=bundle)
        app.resume_gc_when_ready = True
        app.run()
        return 0
    finally:
        gc.enable()
