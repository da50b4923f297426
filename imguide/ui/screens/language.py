"""The language picker: every shipped language in its own name and script, large targets, number
keys, arrows and the mouse. It comes first, and again whenever the user asks for it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button

from imguide.core.i18n.languages import Language, Languages
from imguide.core.i18n.translator import N_
from imguide.ui.screens.base import close
from imguide.ui.widgets.footer import QuietFooter
from imguide.ui.bidi import FSI, PDI, isolate
from imguide.ui.widgets.text import Text, TextButton


# direction marks, taken out again before the text reaches the screen (ui/bidi.py)
LRM = "\u200e"

# The picker's words come with each language (Language.picker_words), so the picker opens no
# catalog: only the language chosen is ever loaded. Marked here for extraction.
N_("Välj språk")
N_("inte granskad ännu")


def title_in_every_language(languages: Languages) -> str:
    """"Välj språk" in each shipped language, once each: the reader finds their own."""
    seen: list[str] = []
    for lang in languages:
        text = lang.picker_word("Välj språk")
        if text not in seen:
            seen.append(text)
    # each language's words isolated: they stay together, in their own direction, however many
    # right-to-left ones stand side by side
    # and each kept on one line (non-breaking spaces)
    return " · ".join(isolate(text.replace(" ", "\u00a0")) for text in seen)


class LanguageButton(TextButton):
    """One language, in its own name and script (each part finds its own direction: the list
    itself reads left to right, whatever language the guide is in)."""

    def __init__(self, number: int, lang: Language, current: bool) -> None:
        self.lang = lang
        # the list reads left to right in every language: the number first, then the language's
        # name and note in their own direction
        name = [lang.native_name]
        if not lang.reviewed:
            name.append(("  (" + lang.picker_word("inte granskad ännu") + ")", "dim"))
        parts: list = [LRM, (f"{number}  ", "bold") if number <= 9 else "   ", FSI, *name, PDI]
        if current:
            parts.insert(0, ("✓ ", "bold"))
        super().__init__(Content.assemble(*parts), None, classes="language", id=f"lang-{lang.code}")


class LanguageScreen(Screen[str]):
    """The first screen, or one opened mid-chat (`cancellable`). The first hands the choice to the
    app, which puts the chat in its place; one opened mid-chat dismisses with the chosen code (or
    None when cancelled)."""

    AUTO_FOCUS = None
    BINDINGS = [
        Binding("up,left", "move(-1)", show=False, priority=True),
        Binding("down,right", "move(1)", show=False, priority=True),
        Binding("escape", "cancel", N_("Tillbaka"), show=True),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)],
    ]

    def __init__(self, current: str | None = None, cancellable: bool = False) -> None:
        # no id: the session's picker stays installed while one opened mid-chat is shown too
        super().__init__()
        self.current = current
        self.cancellable = cancellable
        self.langs: list[Language] = []

    def compose(self) -> ComposeResult:
        languages = self.app.languages  # type: ignore[attr-defined]
        self.langs = list(languages)
        with Vertical(id="language-box"):
            yield Text(title_in_every_language(languages), None, id="language-title")
            with VerticalScroll(id="language-list"):
                for number, lang in enumerate(self.langs, 1):
                    yield LanguageButton(number, lang, lang.code == self.current)
        yield QuietFooter(compact=True)

    def on_mount(self) -> None:
        buttons = list(self.query(LanguageButton))
        for button in buttons:
            if button.lang.code == self.current:
                button.focus()
                return
        if buttons:
            buttons[0].focus()

    def reset(self) -> None:
        """Ready for the next person (the session's picker is shown again, not made anew): no
        choice made, the first language focused, the list at its start."""
        self._imguide_closed = False
        if not self.is_mounted:
            return  # composed when first shown, fresh
        self.query_one("#language-list", VerticalScroll).scroll_home(animate=False, immediate=True)
        buttons = list(self.query(LanguageButton))
        if buttons:
            self.set_focus(buttons[0])

    def action_move(self, step: int) -> None:
        buttons = list(self.query(LanguageButton))
        if not buttons:
            return
        index = buttons.index(self.focused) if self.focused in buttons else 0
        target = buttons[max(0, min(len(buttons) - 1, index + step))]
        target.focus()

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.langs):
            self._chosen(self.langs[number - 1].code)

    def _chosen(self, code: str) -> None:
        if self.cancellable:
            close(self, code)
        elif self.is_current and not getattr(self, "_imguide_closed", False):
            self._imguide_closed = True  # keys queued meanwhile must not choose twice
            self.app.language_chosen(code)  # type: ignore[attr-defined]

    def action_cancel(self) -> None:
        if self.cancellable:
            close(self, None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.cancellable
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if isinstance(event.button, LanguageButton):
            event.stop()
            self._chosen(event.button.lang.code)
