"""Free text, number and date answers: an input with a visible length counter.

Typed text can only hold printable characters (Input refuses the rest) and stops at the
question's limit; pasted text is cleaned with the core's `clean_text` and cut to the limit, and
the chat says so, so nothing is cut without a word (and a huge paste never freezes the app). Free
text that speaks of health (diagnoses, medicines) gets a gentle reminder that it need not be
written; sending it again sends it, the pupil decides.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input

from imguide.core.content.answers import clean_text, health_words_in
from imguide.core.i18n.translator import N_, Translator
from imguide.ui.messages import Answered, Notice
from imguide.ui.directed import needs_direction
from imguide.ui.widgets.choices import SKIP_LABEL, AnswerPanel
from imguide.ui.widgets.text import Text, TextButton, bidi_mode, is_rtl, line_in

SHORT_INPUT_CAP = 40  # numbers and dates


def hard_cap(limit: int | None) -> int:
    """How much the input holds at most: the question's limit (2000 where it has none)."""
    return limit or 2000


# The directional marks (LRM, RLM, ALM) are invisible and steer a terminal that reorders by
# itself; a field the app does not reorder shows text without them (its preview orders it).
DIRECTIONAL_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))


class CleanInput(Input):
    """An Input whose pastes are cleaned of control characters and cut to its max_length."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(text.translate(DIRECTIONAL_MARKS), start, end)

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()
        event.stop()
        raw = event.text or ""
        start, end = sorted(self.selection)
        room = max(0, (self.max_length or 10**9) - (len(self.value) - (end - start)))
        # cleaning only shortens text: look at no more of a huge paste than can be kept
        kept = raw[: room * 4 + 256]
        text = clean_text(kept, keep_newlines=False)
        if len(text) > room or len(kept) < len(raw):
            text = text[:room]
            self.post_message(
                Notice(N_("Texten var för lång. Bara de första %(limit)d tecknen kom med."), limit=self.max_length)
            )
        if text:
            self.replace(text, start, end)


class Counter(Widget):
    """ "12/300": repaints on each key without a new layout (a Static would ask for one)."""

    DEFAULT_CSS = """
    Counter { width: 10; height: 1; }
    """

    count: reactive[int] = reactive(0)

    def __init__(self, limit: int | None, count: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.limit = limit
        self.set_reactive(Counter.count, count)

    def render(self) -> Content:
        return Content(f"{self.count}/{self.limit}" if self.limit else "")

    def watch_count(self, count: int) -> None:
        self.set_class(bool(self.limit) and count >= (self.limit or 0), "-full")


HEALTH_REMINDER = N_(
    "Du behöver inte skriva om hälsa, diagnoser eller mediciner inför mötet. "
    "Det är ditt val. Tryck Skicka igen om du vill skicka texten ändå, eller ändra den."
)

SEND_LABEL = N_("Skicka")

PLACEHOLDERS = {"date": N_("ÅÅÅÅ-MM-DD"), "number": N_("Skriv ett tal"), "text": N_("Skriv ditt svar här")}


class TextAnswerPanel(AnswerPanel):
    def __init__(
        self,
        t: Translator,
        node_id: str,
        kind: str,
        limit: int | None,
        prefill: Any = None,
        skippable: bool = False,
        draft: str | None = None,
        visit: int = 0,
        health_words: tuple[str, ...] = (),
    ) -> None:
        super().__init__(t, classes="answer-panel")
        self.node_id = node_id
        self.visit = visit
        self.draft = draft  # what the user had typed here before leaving the question unanswered
        self.saved = ""  # the answer given before, set when composed
        self.health_words = health_words
        self._reminded: str | None = None  # the text the health reminder was shown for
        self.kind = kind
        self.limit = limit if kind == "text" else None
        self.prefill = prefill
        self.skippable = skippable

    def compose(self) -> ComposeResult:
        # the Input draws its placeholder itself: it gets it shaped and in visual order
        placeholder = line_in(self.t.gettext(PLACEHOLDERS[self.kind]), self.t, self).plain
        cap = hard_cap(self.limit) if self.kind == "text" else SHORT_INPUT_CAP
        value = "" if self.prefill is None else str(self.prefill)
        if hasattr(self.prefill, "isoformat"):
            value = self.prefill.isoformat()
        self.saved = value  # the answer given before, if any: typing something else makes a draft
        if self.draft is not None:
            value = self.draft
        with Horizontal(classes="input-row"):
            yield CleanInput(value=clean_text(value, keep_newlines=False)[:cap], placeholder=placeholder, max_length=cap, id="answer-input")
            yield Counter(self.limit, len(value), id="counter", classes="counter")
        # the input shows what is typed in the order it was typed; right-to-left words are shown
        # again here as they read (shaped, right to left)
        preview = Text("", self.t, id="typed-preview", classes="typed-preview")
        preview.display = False
        yield preview
        note = Text("", self.t, id="health-note", classes="hint")
        note.display = False
        yield note
        with Horizontal(classes="button-row"):
            yield TextButton(self.t.gettext(SEND_LABEL), self.t, compact=True, classes="send", variant="primary")
            if self.skippable:
                yield TextButton(self.t.gettext(SKIP_LABEL), self.t, compact=True, classes="skip")

    def on_mount(self) -> None:
        super().on_mount()
        self._preview(self.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(Counter).count = len(event.value)
        self._preview(event.value)

    def _preview(self, typed: str) -> None:
        preview = self.query_one("#typed-preview", Text)
        shown = bidi_mode(self) == "app" and needs_direction(typed)
        if shown:
            preview.update(typed)
        preview.display = shown

    def focus_first(self) -> None:
        self.query_one(CleanInput).focus()

    def retranslate(self, t: Translator) -> bool:
        """The same question in another language: its words change, what was typed stays."""
        if not self.is_mounted:
            return False
        self.t = t
        field = self.query_one(CleanInput)
        field.placeholder = line_in(t.gettext(PLACEHOLDERS[self.kind]), t, self).plain
        for selector, msgid in ((".send", SEND_LABEL), (".skip", SKIP_LABEL)):
            for button in self.query(selector).results(TextButton):
                button.rtl = is_rtl(t)
                button.label = t.gettext(msgid)
        self.query_one("#typed-preview", Text).update("", t=t)
        self._preview(field.value)
        note = self.query_one("#health-note", Text)
        note.update(t.gettext(HEALTH_REMINDER) if note.display else "", t=t)
        return True

    def submit(self) -> None:
        raw = clean_text(self.query_one(CleanInput).value)
        if self.kind == "text" and raw != self._reminded and health_words_in(raw, self.health_words):
            self._reminded = raw  # said once; sending the same text again sends it
            note = self.query_one("#health-note", Text)
            note.update(self.t.gettext(HEALTH_REMINDER), t=self.t)
            note.display = True
            return
        self.post_message(Answered(self.node_id, raw))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    @property
    def value(self) -> str:
        return self.query_one(CleanInput).value

    def unsent(self) -> str | None:
        typed = self.value
        return None if self.sent or not typed or typed == self.saved else typed
