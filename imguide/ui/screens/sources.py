"""Where a message comes from: the facts behind it, each with its document, the document's date and
how sure the fact is, in the reader's language (opened with F3, or a click on "Källa")."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button

from imguide.core.engine.resolve import SourceNote
from imguide.core.i18n.translator import N_, Translator
from imguide.ui.screens.base import close
from imguide.ui.widgets.text import Text, TextButton


class SourcesScreen(ModalScreen[None]):
    AUTO_FOCUS = None
    blocks_app_keys = True
    BINDINGS = [Binding("escape,f3,enter", "close", N_("Stäng"), show=True)]

    def __init__(self, notes: list[SourceNote], t: Translator) -> None:
        super().__init__(id="sources")
        self.notes = notes
        self.t = t

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="sources-box", classes="dialog"):
            yield Text(t.gettext("Varifrån kommer det här?"), t, classes="screen-title")
            with VerticalScroll(id="sources-list"):
                if not self.notes:
                    yield Text(t.gettext("Det här meddelandet bygger inte på någon källa."), t, classes="hint")
                for note in self.notes:
                    yield Text(note.text, t, classes="source-fact")
                    lines = [
                        Content.assemble((t.gettext("Källa") + ": ", "bold"), f"{note.publisher}: {note.title}"),
                        Content(note.where),
                        Content.assemble((t.gettext("Datum") + ": ", "bold"), note.date),
                        Content(note.sureness),
                    ]
                    if note.local:
                        lines.append(Content(note.local))
                    yield Text(Content("\n").join(lines), t, classes="source-detail")
            yield TextButton(t.gettext("Stäng"), t, id="close-sources", compact=True, variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close-sources", Button).focus()

    def action_close(self) -> None:
        close(self, None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        close(self, None)
