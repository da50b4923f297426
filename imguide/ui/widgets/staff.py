"""Widgets of the counsellor's screen (ui/screens/staff.py): the counsellor's notes per topic, a
transcript whose rounds say where they went, and the options of the question in Swedish.

Everything here that only the counsellor reads is in Swedish (the source language's translator),
whatever language the family reads; the strings are still msgids, like every other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Select, TextArea

from imguide.core.content.answers import AnswerError, clean_text
from imguide.core.content.kinds import option_label
from imguide.core.content.model import Bundle
from imguide.core.engine.resolve import Piece, flow_title, topic_title
from imguide.core.engine.session import NOTE_LIMIT, State
from imguide.core.i18n.translator import Translator
from imguide.ui.widgets.bubble import Bubble, BubbleText
from imguide.ui.widgets.choices import OUTCOME_ACTIONS, option_key
from imguide.ui.textual_fixes import unsubscribe_when_unmounted
from imguide.ui.widgets.text import Text
from imguide.ui.widgets.text_answer import DIRECTIONAL_MARKS
from imguide.ui.widgets.transcript import Entry, Transcript

if TYPE_CHECKING:
    from imguide.core.engine.session import Session


def topic_of(state: State) -> str | None:
    """The topic of the intake document being talked about now: the waiting question's, else that
    of the latest question on the path that has one (None before any)."""
    if state.current is not None and state.current.export:
        return state.current.export
    for step in reversed(state.path):
        if step.node.export:
            return step.node.export
    return None


class StaffTranscript(Transcript):
    """The transcript, with a round begun by the counsellor's jump list headed by the flow it
    went to (a round begun at the menu keeps its "Meny")."""

    def _make(self, entry: Entry) -> Widget:
        node = entry.node
        menu = self.bundle.menu
        if entry.role == "divider" and entry.key[0] == "round" and node is not None and (menu is None or node.id != menu.id):
            _state, t, _under = self._last_sync  # type: ignore[misc]
            body = BubbleText((Piece("text", f"— {flow_title(self.bundle, node.flow, t)} —"),), direction=self._direction)
            return Bubble(body, t, "divider", node.id)
        return super()._make(entry)


class SwedishOptions(Text):
    """What the answer panel offers, in Swedish, for the counsellor beside a family that reads
    another language: "1 Ja · 2 Nej"."""

    DEFAULT_CSS = """
    SwedishOptions { height: auto; width: 1fr; padding: 0 1; color: $text-muted; }
    """

    def show(self, bundle: Bundle, state: State, sv: Translator, wanted: bool) -> None:
        node = state.current
        labels: list[str] = []
        if node is None:
            labels = [sv.gettext(label) for _action, label in OUTCOME_ACTIONS]
        elif node.kind in ("choice", "multi"):
            labels = [option_label(node, option.key, sv) for option in node.options]
        self.display = wanted and bool(labels)
        if not self.display:
            return
        parts: list = [(sv.gettext("På svenska:") + " ", "bold")]
        for number, label in enumerate(labels, 1):
            if number > 1:
                parts.append(" · ")
            key = option_key(number)
            if key:
                parts.append((f"{key} ", "bold"))
            parts.append(label)
        self.update(Content.assemble(*parts), t=sv)


class NoteArea(TextArea):
    """The note's text: Tab leaves it (it never types a tab), Esc goes back to the answer."""

    def _on_paste(self, event: events.Paste) -> None:
        # what is pasted is cleaned as every answer is (escape sequences and control characters
        # out), before the field shows it: the session keeps the note cleaned anyway
        event.prevent_default()
        event.stop()
        selected = len(self.selected_text)
        room = max(0, NOTE_LIMIT - (len(self.text) - selected))  # the counter shows it full
        text = clean_text((event.text or "")[: room * 4 + 256]).translate(DIRECTIONAL_MARKS)[:room]
        if text and not self.read_only:
            self.replace(text, *self.selection, maintain_selection_offset=False)

    def on_unmount(self) -> None:
        # TextArea watches the app's theme, and Textual lets go of a closed widget's watcher only
        # when the theme next changes: until then the note (and its undo history) would outlive
        # the session it belongs to. Let go of it now.
        watchers = getattr(self.app, "__watchers", {}).get("theme")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers if node is not self]


unsubscribe_when_unmounted(NoteArea)  # nor may its screen's selection signal keep it


class NotesPanel(Vertical):
    """The counsellor's notes, in Swedish, one per topic of the intake document; what is typed is
    kept in the session as it is typed (`Session.note`), so it is in every export and forgotten
    with the session. A note the session refuses (a personal identity number, too long) is taken
    out of the session and the reason shown until it is put right; meanwhile the topic stays."""

    DEFAULT_CSS = """
    NotesPanel { height: auto; padding: 0 1; }
    NotesPanel > .notes-title { height: auto; text-style: bold; }
    NotesPanel > #note-topic { width: 1fr; margin: 0; }
    NotesPanel > NoteArea { height: 6; min-height: 3; }
    NotesPanel > #note-status { height: auto; color: $text-muted; }
    NotesPanel > #note-status.-error { color: $text-error; text-style: bold; }
    """

    def __init__(self, bundle: Bundle, sv: Translator, topic: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.bundle = bundle
        self.sv = sv
        self.topic = topic if topic in bundle.topics else next(iter(bundle.topics), "")
        self.refused: AnswerError | None = None  # why the text shown is not kept, if it is not

    @property
    def session(self) -> "Session":
        return self.app.session  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        sv = self.sv
        yield Text(sv.gettext("SYV:s anteckningar (kommer med i exporten)"), sv, classes="notes-title")
        options = [(topic_title(self.bundle, topic, sv), topic) for topic in self.bundle.topics]
        yield Select(options, value=self.topic, allow_blank=False, compact=True, id="note-topic")
        yield NoteArea(
            self.session.notes.get(self.topic, ""),
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=sv.gettext("Skriv om ämnet här. Skriv inga personnummer."),
            id="note",
        )
        yield Text("", sv, id="note-status")

    def on_mount(self) -> None:
        self.area = self.query_one("#note", NoteArea)
        self.select = self.query_one("#note-topic", Select)
        self._status = self.query_one("#note-status", Text)
        self._show_status()

    @property
    def editing(self) -> bool:
        """The counsellor is in the notes now (typing, or choosing the topic)."""
        focused = self.screen.focused
        return focused is not None and self in focused.ancestors_with_self

    # ------------------------------------------------------------------ keeping the note

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.save()

    def save(self) -> bool:
        """Keep what the note says in the session; False (and why, below it) when refused."""
        if not self.is_mounted or not self.topic:
            return True
        try:
            self.session.note(self.topic, self.area.text)
        except AnswerError as error:
            self.session.note(self.topic, "")  # nothing of a refused note stays behind
            self.refused = error
        else:
            self.refused = None
        self._show_status()
        return self.refused is None

    def _show_status(self) -> None:
        status = self._status
        status.set_class(self.refused is not None, "-error")
        if self.refused is not None:
            status.update(self.refused.render(self.sv))
        else:
            status.update(self.sv.gettext("%(count)d av högst %(limit)d tecken") % {"count": len(self.area.text), "limit": NOTE_LIMIT})

    # ------------------------------------------------------------------ changing the topic

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value != self.topic:
            self.show_topic(event.value)

    def show_topic(self, topic: str) -> bool:
        """Write about another topic now; False while the note shown is refused (it must be put
        right first, or it would be lost)."""
        if topic == self.topic or topic not in self.bundle.topics:
            return True
        if not self.save():
            with self.prevent(Select.Changed):
                self.select.value = self.topic
            return False
        self.topic = topic
        with self.prevent(Select.Changed):
            self.select.value = topic
        with self.prevent(TextArea.Changed):
            self.area.load_text(self.session.notes.get(topic, ""))
        self._show_status()
        return True

    def follow(self, topic: str | None) -> None:
        """The conversation moved on to `topic`: the notes go with it, unless the counsellor is
        writing in them (or the note shown is refused)."""
        if topic and topic != self.topic and not self.editing and self.refused is None:
            self.show_topic(topic)
