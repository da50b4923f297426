"""Text and buttons in a language: what every screen uses to show a translated string, so that
Arabic and Dari read right to left, shaped, and Tigrinya breaks between its words (ui/directed.py).

`rtl` is the direction of the language the text is in (from its translator), not of the app: a
pupil's own words, a language's native name or the Swedish line under a message each find their
paragraph's direction by themselves.
"""

from __future__ import annotations

from textual.content import Content
from textual.visual import Visual
from textual.widgets import Button, Static

from imguide.core.i18n.translator import Translator
from imguide.ui.directed import DirectedText, directed, one_line


def bidi_mode(widget) -> str:
    """Who orders right-to-left text on this widget's terminal (`GuideApp.bidi`)."""
    return getattr(widget.app, "bidi", "app")


def is_rtl(t: Translator | None) -> bool:
    return t is not None and t.direction == "rtl"


class Text(Static):
    """A Static for a translated string (or Content) in the language of `t`."""

    def __init__(self, content: Content | str = "", t: Translator | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = Content(content) if isinstance(content, str) else content
        self.rtl = is_rtl(t)
        self._shown: Content | DirectedText | None = None

    def update(self, content: Content | str = "", *, t: Translator | None = None, layout: bool = True) -> None:  # type: ignore[override]
        self._text = Content(content) if isinstance(content, str) else content
        if t is not None:
            self.rtl = is_rtl(t)
        self._shown = None
        self.refresh(layout=layout)

    @property
    def plain(self) -> str:
        """The text in logical order (what was given, before shaping and ordering)."""
        return self._text.plain

    def render(self) -> Content | Visual:
        if self._shown is None:
            self._shown = directed(self._text, self.rtl, bidi_mode(self))
        return self._shown


class TextButton(Button):
    """A Button whose label is in the language of `t`."""

    def __init__(self, label: Content | str, t: Translator | None = None, **kwargs) -> None:
        self.rtl = is_rtl(t)
        super().__init__(label, **kwargs)

    def render(self) -> Content | Visual:
        return directed(self.label, self.rtl, bidi_mode(self))


def isolate(text: str, t: Translator | None = None) -> str:
    """Text that reads left to right whatever surrounds it (a path, a code, a date), kept whole
    inside a right-to-left sentence. Only marked where the language reads right to left: the marks
    are taken out again before the text reaches the screen."""
    return f"\u2066{text}\u2069" if is_rtl(t) else text


def line_in(content: Content | str, t: Translator | None, widget) -> Content:
    """One line (a table cell, a footer key) as the terminal should get it."""
    return one_line(content, is_rtl(t), bidi_mode(widget))
