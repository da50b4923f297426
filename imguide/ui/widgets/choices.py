"""Answer panels for choice, multi and outcome nodes: buttons with visible keys (1-9, then a, b,
c... for longer lists), and the arrow keys move between them."""

from __future__ import annotations

from typing import Any, Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button

from imguide.core.i18n.translator import N_, Translator
from imguide.ui.messages import Answered, DoneChosen, OutcomeChosen, Skipped
from imguide.ui.widgets.text import TextButton, is_rtl


# The key of each answer button, in order: the digits, then letters for lists longer than nine.
OPTION_KEYS = "123456789abcdefghijklmnopqrstuvwxz"


def option_key(number: int) -> str | None:
    """The key that chooses the `number`-th option (1-based), if it has one."""
    return OPTION_KEYS[number - 1] if 1 <= number <= len(OPTION_KEYS) else None


# Every panel's "skip" button says the same (and says it again when the language changes).
SKIP_LABEL = N_("Hoppa över")


def option_number(key: str) -> int:
    """The option a key chooses (1-based; 0 for a key that chooses none)."""
    return OPTION_KEYS.find(key) + 1


def numbered(number: int | None, label: str, mark: str = "") -> Content:
    """A button label "1 Ja": the key is part of what the user reads."""
    parts: list = []
    if mark:
        parts.append((mark + " ", "bold"))
    key = option_key(number) if number is not None else None
    if key is not None:
        parts.append((f"{key} ", "bold"))
    parts.append(label)
    return Content.assemble(*parts)


class AnswerPanel(Vertical):
    """Base for everything under the transcript that takes an answer, in the language of `t`."""

    DEFAULT_CSS = """
    AnswerPanel { height: auto; }
    """

    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
    ]

    node_id: str = ""
    visit: int = 0
    sent = False  # set once what the panel holds was taken as the answer

    def __init__(self, t: Translator, **kwargs) -> None:
        super().__init__(**kwargs)
        self.t = t

    def unsent(self) -> str | None:
        """Text the user typed here and did not send, kept if the panel goes (panels with text)."""
        return None

    def on_mount(self) -> None:
        # the composed children exist now: focus at once, so the first frame is interactive
        self._focus_if_current()

    def _focus_if_current(self) -> None:
        if self.is_attached and not self.app._exit:
            try:
                self.focus_first()
            except Exception:  # the panel was replaced meanwhile; the next one takes focus
                pass

    def choose_number(self, number: int) -> bool:
        """Number key `number` was pressed; True when it meant something here."""
        return False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        # The one handler for every panel (Textual would call a handler on each class in the MRO):
        # "skip" and "send" mean the same everywhere; other buttons go to the panel's own hook.
        event.stop()
        if event.button.has_class("skip"):
            self.post_message(Skipped(self.node_id))
        elif event.button.has_class("send"):
            self.submit()
        else:
            self.pressed(event.button)

    def submit(self) -> None:
        """Send what the panel holds as the answer (panels with a "send" button)."""

    def pressed(self, button: Button) -> None:
        """A button of the panel's own, other than skip and send."""

    def action_move(self, step: int) -> None:
        """Up and down go from button to button within the panel (not out of it)."""
        focusable = [widget for widget in self.query("*") if widget.focusable]
        if not focusable:
            return
        index = focusable.index(self.screen.focused) if self.screen.focused in focusable else 0
        focusable[max(0, min(len(focusable) - 1, index + step))].focus()

    def focus_first(self) -> None:
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return


class ChoiceButton(TextButton):
    def __init__(self, label: Content, value: str, t: Translator, **kwargs) -> None:
        super().__init__(label, t, compact=True, **kwargs)
        self.value = value


class ChoicePanel(AnswerPanel):
    """One answer out of a few. Number keys 1-9 choose directly."""

    def __init__(self, t: Translator, node_id: str, options: Iterable[tuple[str, str]], prefill: Any = None, skippable: bool = False) -> None:
        super().__init__(t, classes="answer-panel")
        self.node_id = node_id
        self.options = list(options)
        self.prefill = prefill
        self.skippable = skippable
        # kept: a reused panel changes them in place, and a query on every answer would walk for them
        self._buttons: list[ChoiceButton] = []

    def compose(self) -> ComposeResult:
        self._buttons = []
        for number, (key, label) in enumerate(self.options, 1):
            mark = "✓" if key == self.prefill else ""
            self._buttons.append(ChoiceButton(numbered(number, label, mark), key, self.t, classes="choice" + (" -prefill" if mark else "")))
        yield from self._buttons
        if self.skippable:
            yield TextButton(self.t.gettext(SKIP_LABEL), self.t, compact=True, classes="skip")

    def reuse(
        self, node_id: str, options: list[tuple[str, str]], prefill: Any, skippable: bool, t: Translator, new_question: bool = True
    ) -> bool:
        """Take the next question (or the same one in another language, `t`) in place when it
        has as many options: no widgets are mounted or removed (answering many choices, and
        switching language, stay quick). A new question puts the focus on its first option (or the
        earlier answer); the same question in another language leaves the focus where the user had
        it, on an option or on an earlier answer up in the transcript."""
        buttons = self._buttons
        if len(options) != len(self.options) or skippable != self.skippable or len(buttons) != len(options):
            return False
        self.node_id = node_id
        self.options = list(options)
        self.prefill = prefill
        if t is not self.t:
            self.t = t
            for skip in self.query(".skip").results(TextButton):
                skip.rtl = is_rtl(t)
                skip.label = t.gettext(SKIP_LABEL)
        for number, (button, (key, label)) in enumerate(zip(buttons, self.options), 1):
            mark = "✓" if key == prefill else ""
            button.value = key
            button.rtl = is_rtl(t)
            button.label = numbered(number, label, mark)
            button.set_class(bool(mark), "-prefill")
        if new_question:
            self.focus_first()
        return True

    def focus_first(self) -> None:
        buttons = self._buttons
        chosen = next((button for button in buttons if button.value == self.prefill), buttons[0] if buttons else None)
        if chosen is not None and not chosen.has_focus:
            chosen.focus()

    def choose_number(self, number: int) -> bool:
        if 1 <= number <= len(self.options):
            self.post_message(Answered(self.node_id, self.options[number - 1][0]))
            return True
        return False

    def pressed(self, button: Button) -> None:
        if isinstance(button, ChoiceButton):
            self.post_message(Answered(self.node_id, button.value))


class OptionToggle(TextButton, inherit_bindings=False):
    """One option of a multi question: Space (or a click) ticks it; Enter confirms the panel."""

    BINDINGS = [Binding("space", "press", N_("Välj"), show=False)]

    def __init__(self, number: int, label: str, value: str, selected: bool, t: Translator) -> None:
        self.number = number
        self.text = label
        self.value = value
        self.selected = selected
        super().__init__(self._label(), t, compact=True, classes="toggle")

    def _label(self) -> Content:
        return numbered(self.number, self.text, "[x]" if self.selected else "[ ]")

    def toggle(self) -> None:
        self.selected = not self.selected
        self.set_class(self.selected, "-selected")
        self.label = self._label()


class MultiPanel(AnswerPanel):
    """Several answers: tick with number keys, Space or clicks; confirm with Enter or the button."""

    BINDINGS = [Binding("enter", "confirm", N_("Klar"), show=True)]

    def __init__(self, t: Translator, node_id: str, options: Iterable[tuple[str, str]], prefill: Any = None, skippable: bool = False) -> None:
        super().__init__(t, classes="answer-panel")
        self.node_id = node_id
        self.options = list(options)
        self.prefill = set(prefill or [])
        self.skippable = skippable

    def compose(self) -> ComposeResult:
        for number, (key, label) in enumerate(self.options, 1):
            toggle = OptionToggle(number, label, key, key in self.prefill, self.t)
            toggle.set_class(toggle.selected, "-selected")
            yield toggle
        yield TextButton(self.t.gettext("Klar"), self.t, compact=True, classes="confirm", variant="primary")
        if self.skippable:
            yield TextButton(self.t.gettext(SKIP_LABEL), self.t, compact=True, classes="skip")

    @property
    def selected(self) -> list[str]:
        return [toggle.value for toggle in self.query(OptionToggle) if toggle.selected]

    def choose_number(self, number: int) -> bool:
        toggles = list(self.query(OptionToggle))
        if 1 <= number <= len(toggles):
            toggles[number - 1].toggle()
            return True
        return False

    def action_confirm(self) -> None:
        self.post_message(Answered(self.node_id, self.selected))

    def pressed(self, button: Button) -> None:
        if isinstance(button, OptionToggle):
            button.toggle()
        elif button.has_class("confirm"):
            self.action_confirm()


OUTCOME_ACTIONS = (
    ("menu", N_("Till menyn")),
    ("summary", N_("Sammanfattning")),
    ("restart", N_("Börja om")),
)


KIOSK_DONE = ("done", N_("Jag är klar"))


class OutcomePanel(AnswerPanel):
    """At the end of a path: back to the menu, the summary, or start over (on a kiosk also "I am
    done", which the app handles)."""

    def __init__(self, t: Translator) -> None:
        super().__init__(t, classes="answer-panel")
        self.actions = OUTCOME_ACTIONS

    def compose(self) -> ComposeResult:
        if getattr(self.app, "kiosk_watch", None) is not None:
            self.actions = (*OUTCOME_ACTIONS, KIOSK_DONE)
        for number, (action, label) in enumerate(self.actions, 1):
            yield ChoiceButton(numbered(number, self.t.gettext(label)), action, self.t, classes="choice")

    def choose_number(self, number: int) -> bool:
        if 1 <= number <= len(self.actions):
            self._chosen(self.actions[number - 1][0])
            return True
        return False

    def pressed(self, button: Button) -> None:
        if isinstance(button, ChoiceButton):
            self._chosen(button.value)

    def _chosen(self, action: str) -> None:
        self.post_message(DoneChosen() if action == "done" else OutcomeChosen(action))
