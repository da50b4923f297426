"""Small screens: the confirm dialog (restart asks first), the help with every key, and the notice
shown instead of the layout when the window is too small."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button

from imguide.core.i18n.translator import N_, Translator
from imguide.ui.screens.base import close
from imguide.ui.widgets.text import Text, TextButton


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question. Enter or Y confirms, Escape or N cancels."""

    AUTO_FOCUS = None
    blocks_app_keys = True  # app-wide keys wait while the dialog is open
    BINDINGS = [
        Binding("escape,n", "answer(False)", N_("Nej"), show=True),
        Binding("y,j", "answer(True)", N_("Ja"), show=False),
    ]

    def __init__(self, question: str, yes: str, no: str, t: Translator | None = None) -> None:
        super().__init__(id="confirm")
        self.t = t  # the language the question is in (the app's when not given)
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog"):
            t = self.t or self.app.translator  # type: ignore[attr-defined]
            yield Text(self.question, t, id="confirm-question")
            with Horizontal(classes="button-row"):
                yield TextButton(self.yes, t, id="yes", variant="warning", compact=True)
                yield TextButton(self.no, t, id="no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # the safe answer is the default

    def action_answer(self, yes: bool) -> None:
        close(self, yes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        close(self, event.button.id == "yes")


def help_rows(t: Translator, staff: bool = False) -> list[tuple[str, str]]:
    """The keys, as the help lists them; a counsellor's screen (--staff) has four of its own."""
    counsellor = [
        ("F4", t.gettext("Hoppa till en annan fråga eller ett annat ämne")),
        ("F8", t.gettext("Anteckningar till ämnet (på svenska, följer med exporten)")),
        ("Ctrl+E", t.gettext("Exportera och visa hämtkoden")),
        ("F9", t.gettext("Nästa familj: allt från samtalet tas bort")),
    ]
    return (counsellor if staff else []) + [
        ("1–9, a–z", t.gettext("Välj ett svar")),
        ("↑ ↓, Tab", t.gettext("Gå mellan knappar")),
        ("Enter", t.gettext("Välj, eller skicka svaret")),
        ("Space", t.gettext("Kryssa i när du får välja flera")),
        ("A–F, -", t.gettext("Betyg i betygstabellen")),
        ("Esc, Ctrl+B", t.gettext("Tillbaka: ändra förra svaret")),
        (t.gettext("Klicka på ditt svar"), t.gettext("Ändra ett tidigare svar")),
        ("Ctrl+G", t.gettext("Förklara orden i meddelandet")),
        ("F3", t.gettext("Varifrån kommer det här? Källor, datum och hur säkert det är")),
        ("Ctrl+T", t.gettext("Visa svenska under texten")),
        ("Ctrl+L", t.gettext("Byt språk")),
        ("Ctrl+S", t.gettext("Sammanfattning inför mötet")),
        ("Ctrl+R", t.gettext("Börja om")),
        ("F2", t.gettext("Byt färgtema")),
        ("F1, ?", t.gettext("Hjälp")),
        ("Ctrl+Q", t.gettext("Avsluta")),
    ]


class HelpScreen(ModalScreen[None]):
    AUTO_FOCUS = None
    blocks_app_keys = True
    BINDINGS = [Binding("escape,f1,question_mark,enter", "close", N_("Stäng"), show=True)]

    def __init__(self, t: Translator | None = None, staff: bool = False) -> None:
        super().__init__()
        self._t = t
        self._staff = staff

    def compose(self) -> ComposeResult:
        t = self._t or self.app.translator  # type: ignore[attr-defined]
        with Vertical(id="help-box", classes="dialog"):
            yield Text(t.gettext("Hjälp"), t, classes="screen-title")
            with VerticalScroll(id="help-list"):
                for keys, what in help_rows(t, self._staff):
                    yield Text(Content.assemble((f"{keys:<20}", "bold"), " ", what), t, classes="help-row")
            yield TextButton(t.gettext("Stäng"), t, id="close-help", compact=True, variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close-help", Button).focus()

    def action_close(self) -> None:
        close(self, None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        close(self, None)


class TooSmallScreen(Screen[None]):
    """Shown instead of the layout while the window is below the smallest usable size."""

    AUTO_FOCUS = None
    blocks_app_keys = True
    too_small_notice = True

    def compose(self) -> ComposeResult:
        with Center(id="too-small-box"):
            t = self.app.translator  # type: ignore[attr-defined]
            yield Text(t.gettext("Gör fönstret större"), t, id="too-small")
