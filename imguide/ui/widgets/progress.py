"""The progress line at the top of the chat (the words come from imguide.core.engine.progress)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from imguide.core.content.model import Bundle
from imguide.core.engine.progress import progress_text
from imguide.core.engine.session import State
from imguide.core.i18n.translator import Translator


class ProgressLine(Static):
    DEFAULT_CSS = """
    ProgressLine { height: 1; width: 1fr; }
    """

    def show(self, bundle: Bundle, state: State, t: Translator) -> None:
        self.update(Content(progress_text(bundle, state, t)))
