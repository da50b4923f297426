"""Where a message comes from: the facts behind it, each with its document, the document's date and
how sure the fact is, in the reader's language (opened with F3, or a click on "Källa")."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from imguide.core.engine.resolve import SourceNote
from imguide.core.i18n.translator import N_, Translator
from imguide.ui.screens.base import close


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
            yield Static(Content(t.gettext("Varifrån kommer det här?")), classes="screen-title")
            with VerticalScroll(id="sources-list"):
                if not self.notes:
                    yield Static(Content(t.gettext("Det här meddelandet bygger inte på någon källa.")), classes="hint")
                for note in self.notes:
                    yield Static(Content(note.text), classes="source-fact")
                    lines = [
                        Content.assemble((t.gettext("Källa") + ": ", "bold"), f"{note.publisher}: {note.title}"),
                        Content(note.where),
                        Content.assemble((t.gettext("Datum") + ": ", "bold"), note.date),
                        Content(note.sureness),
                    ]
                    if note.local:
                        lines.append(Content(note.local))
                    yield Static(Content("\n").join(lines), classes="source-detail")
            yield Button(Content(t.gettext("Stäng")), id="close-sources", compact=True, variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close-sources", Button).focus()

    def action_close(self) -> None:
        close(self, None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        close(self, None)
