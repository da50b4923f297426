"""The progress line at the top of the chat (the words come from imguide.core.engine.progress)."""

from __future__ import annotations

from imguide.core.content.model import Bundle
from imguide.core.engine.progress import progress_text
from imguide.core.engine.session import State
from imguide.core.i18n.translator import Translator
from imguide.ui.widgets.text import Text


class ProgressLine(Text):
    DEFAULT_CSS = """
    ProgressLine { height: 1; width: 1fr; }
    """

    def show(self, bundle: Bundle, state: State, t: Translator) -> None:
        text = progress_text(bundle, state, t)
        if text != self.plain or self.rtl != (t.direction == "rtl"):
            # its size is fixed (one line, the screen's width): a repaint, not a layout
            self.update(text, t=t, layout=False)
