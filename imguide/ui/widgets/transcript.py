"""The transcript: derived from the session state, never kept on its own.

`plan()` turns a state into a list of entries with cheap identity keys. The widget compares the
new keys with what it shows and only removes what changed and mounts what is new, so one new
answer appends a few bubbles however long the conversation is, and back, change and restart are
re-renders of the same state. The keys do not depend on the language: a language switch keeps
every bubble and has it say its message again (`Bubble.retranslate`).
"""

from __future__ import annotations

from typing import Any

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button

from imguide.core.content.model import Bundle, Node
from imguide.core.engine.resolve import Piece, flow_title, format_answer, resolve
from imguide.core.engine.session import State
from imguide.core.i18n.translator import N_, Translator, translator
from imguide.core.records import Record
from imguide.ui.widgets.bubble import AnswerBubble, Bubble, BubbleText
from imguide.ui.widgets.text import TextButton, is_rtl


class Entry(Record):
    """One thing the transcript shows, identified by its key."""

    key: tuple  # identity: equal keys show the same thing
    role: str  # "assistant", "user", "divider", "notice"
    node: Node | None = None
    value: Any = None
    visit: int = 0  # of the node, for a user's answer: which round of a loop it belongs to


NOTICE_ENTRY = Entry(("notice",), "notice")


def plan(bundle: Bundle, state: State) -> list[Entry]:
    """The entries the transcript shows for a state, in order (cheap: no text is resolved)."""
    return Planner().plan(state)[0]


def _step_entries(step, state: State, new_round: bool = False) -> list[Entry]:
    node = step.node
    if new_round:  # "to the menu" went on here: a line between the rounds
        return [Entry(("round", node.id, step.visit), "divider", node, ""), *_step_entries(step, state)]
    if node.kind == "jump":
        return [Entry(("divider", node.id), "divider", node, node.jump_flow or "")]
    entries = [Entry(("assistant", node.id, _dynamic(node, state)), "assistant", node)]
    if step.answer is not None:
        value = step.answer.value
        entries.append(Entry(("user", node.id, step.visit, repr(value)), "user", node, value, step.visit))
    return entries


class Planner:
    """plan() with a memory: the steps a new state shares with the last one (the same node and
    the same answer object, which the session keeps) reuse their entries, so one more answer
    costs the same however long the conversation is."""

    def __init__(self) -> None:
        self._steps: tuple = ()
        self._spans: list[list[Entry]] = []  # entries per step
        self._flat: list[Entry] = []  # the spans, flattened
        self._dynamic: list[int] = []  # steps whose text has placeholders

    def plan(self, state: State) -> tuple[list[Entry], int]:
        """The entries for `state`, and how many leading entries are the same as last time."""
        path = state.path
        old = self._steps
        same = 0
        limit = min(len(old), len(path))
        while same < limit and old[same].node is path[same].node and old[same].answer is path[same].answer:
            same += 1
        for index in self._dynamic:  # a shared text that shows values may read changed ones
            if index >= same:
                break
            if self._spans[index][0].key != ("assistant", path[index].node.id, _dynamic(path[index].node, state)):
                same = index
                break
        kept = sum(len(span) for span in self._spans[:same]) if same < len(self._spans) else len(self._flat)
        rounds = set(state.rounds)
        new_spans = [_step_entries(step, state, same + offset in rounds) for offset, step in enumerate(path[same:])]
        self._spans = self._spans[:same] + new_spans
        self._flat = self._flat[:kept] + [entry for span in new_spans for entry in span]
        self._dynamic = [i for i in self._dynamic if i < same] + [
            same + offset for offset, step in enumerate(path[same:]) if "{" in step.node.text
        ]
        self._steps = path
        entries = list(self._flat)
        if state.current is not None:
            node = state.current
            if len(path) in state.rounds:  # a new round begins with the question asked now
                entries.append(Entry(("round", node.id, state.visit), "divider", node, ""))
            entries.append(Entry(("assistant", node.id, _dynamic(node, state)), "assistant", node))
        return entries, kept

    def reset(self) -> None:
        self.__init__()


def _dynamic(node: Node, state: State) -> Any:
    """Text with placeholders changes with the answers: make the values part of the key."""
    if "{" not in node.text:
        return None
    return repr(sorted((k, repr(v)) for k, v in state.values.items() if "{" + k in node.text))


NOT_REVIEWED = N_("Den här översättningen är inte granskad av en mänsklig översättare ännu. Fråga din SYV om något är oklart.")
CHUNK = 25  # entries let go of, or brought back, at a time
VISIBLE_CHUNKS = 2  # chunks live at once; earlier ones wait behind "Visa tidigare"


class Transcript(VerticalScroll, can_focus=False):
    """The scrolling conversation. The user's answer bubbles are focusable; the log itself is not.

    Every entry of the state is known (by its key), but only the latest VISIBLE_CHUNKS chunks
    exist as widgets; "Visa tidigare" brings back one more chunk at a time, like a messaging app.
    Textual lays out, styles and garbage-collects every live widget, so without this each answer
    in a long conversation would be slower than the one before.

    The bubbles are the transcript's own children, not grouped in containers: every container
    level is laid out and painted again, under its bubbles, on every answer."""

    DEFAULT_CSS = """
    Transcript { height: 1fr; }
    Transcript > #earlier { width: 1fr; height: 1; margin-top: 1; }
    """

    def __init__(self, bundle: Bundle, t: Translator, initial: tuple[State, bool] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.bundle = bundle
        self.t = t  # the language the transcript is in (sync may change it)
        self.source = translator(bundle.languages.source)  # Swedish, shown under the text on request
        self._initial = initial  # composed straight in: no mount round trip before the first frame
        self._entries: list[Entry] = []  # everything the state shows, in order
        self._live: dict[int, Widget] = {}  # entry index -> widget, for the live entries
        self._first_live = 0  # the live entries run from here to the end
        self._style: tuple | None = None  # (lang, both languages) the bubbles were made for
        self._last_sync: tuple | None = None  # (state, translator, both languages) of the last sync
        self._extra: list[Widget] = []  # error lines: gone at the next change
        self.visible_chunks = VISIBLE_CHUNKS
        self._direction = "ltr"
        self._planner = Planner()
        self.mounting: list = []  # the mounts the last sync started (AwaitMount), until they are in

    def on_mount(self) -> None:
        self.anchor()  # stay at the newest message as bubbles arrive, until the user scrolls up

    def compose(self):
        self._earlier = TextButton(self.t.gettext("Visa tidigare meddelanden"), self.t, id="earlier", compact=True)
        self._earlier.display = False
        if self._initial is not None:
            bubbles: list[Widget] = []
            state, under = self._initial
            self._diff(state, self.t, under)
            self._fill_window(composing=bubbles)
            self._initial = None
            yield self._earlier
            yield from bubbles
        else:
            yield self._earlier

    # ------------------------------------------------------------------ building bubbles

    def _body(self, node: Node, state: State, t: Translator, under: bool) -> BubbleText:
        resolved = resolve(self.bundle, node, t, state.values)
        below = None
        if under and not t.language.is_source:
            below = resolve(self.bundle, node, self.source, state.values).text
        profile = self.bundle.profile
        local = tuple((entry.text, entry.url) for entry in resolved.local)
        return BubbleText(
            resolved.pieces,
            under=below,
            local=local,
            local_example=bool(profile and profile.example),
            direction=self._direction,
            sourced=bool(node.sources),
            untranslated=not resolved.translated,
        )

    def _text_for(self, entry: Entry) -> BubbleText:
        """What the entry's bubble says, in the language of the last sync."""
        state, t, under = self._last_sync  # type: ignore[misc]
        if entry.role == "notice":
            # in the language and in Swedish: the counsellor beside the family reads it too
            text = t.gettext(NOT_REVIEWED)
            swedish = None if t.language.is_source else self.source.gettext(NOT_REVIEWED)
            return BubbleText((Piece("text", text),), under=swedish, direction=self._direction)
        node = entry.node
        assert node is not None
        if entry.role == "divider" and entry.key[0] == "round":
            return BubbleText((Piece("text", "— " + t.gettext("Meny") + " —"),), direction=self._direction)
        if entry.role == "divider":
            known = entry.value in self.bundle.flows
            title = flow_title(self.bundle, entry.value, t) if known else entry.value
            below = flow_title(self.bundle, entry.value, self.source) if under and not t.language.is_source and known else None
            return BubbleText((Piece("text", f"— {title} —"),), under=below, direction=self._direction)
        if entry.role == "user":
            text = format_answer(self.bundle, node, entry.value, t)
            below = format_answer(self.bundle, node, entry.value, self.source) if under and not t.language.is_source else None
            return BubbleText((Piece("text", text),), under=below, direction=self._direction)
        return self._body(node, state, t, under)

    def _make(self, entry: Entry) -> Widget:
        t = self._last_sync[1]  # type: ignore[index]
        body = self._text_for(entry)
        if entry.role == "user":
            return AnswerBubble(body, t, entry.node.id, entry.visit)  # type: ignore[union-attr]
        bubble = Bubble(body, t, entry.role, entry.node.id if entry.node is not None else None)
        if entry.role == "notice":
            bubble.display = not t.language.reviewed
        return bubble

    def _retranslate(self) -> None:
        """The language (or Swedish under it) changed: every live bubble says its message again
        in place. Same entries, same widgets: nothing is removed or mounted, so the switch costs
        one layout instead of a transcript built anew."""
        t = self._last_sync[1]  # type: ignore[index]
        for index, widget in self._live.items():
            entry = self._entries[index]
            widget.retranslate(self._text_for(entry), t)
            if entry.role == "notice":
                widget.display = not t.language.reviewed

    # ------------------------------------------------------------------ syncing with the state

    def sync(self, state: State, t: Translator, under: bool) -> list[Widget]:
        """Show `state`; returns the widgets that were added (`mounting` holds their mounts)."""
        self.mounting = []
        self.clear_extra()
        self._diff(state, t, under)
        return self._fill_window()

    def _diff(self, state: State, t: Translator, under: bool) -> None:
        """Take the new state's entries; forget what changed."""
        self._direction = t.direction
        self.t = t
        self._last_sync = (state, t, under)
        style = (t.code, under)
        restyled = self._style is not None and style != self._style
        if style != self._style:
            self._style = style
            self._earlier.rtl = is_rtl(t)
            self._earlier.label = Content(t.gettext("Visa tidigare meddelanden"))
        entries, same = self._planner.plan(state)
        # The notice slot comes first in every language (shown where the translation is not
        # reviewed), so an entry's place does not depend on the language.
        entries.insert(0, NOTICE_ENTRY)
        same += 1
        # entries shared with the last plan are the same objects; compare keys after them only
        keep = min(same, len(self._entries))
        while keep < len(self._entries) and keep < len(entries) and self._entries[keep].key == entries[keep].key:
            keep += 1
        self._truncate(keep)
        self._entries = entries
        if restyled:
            self._retranslate()

    def _truncate(self, keep: int) -> None:
        """Forget the entries from `keep` on, and their widgets."""
        if keep >= len(self._entries):
            return
        gone = [self._live.pop(i) for i in range(keep, len(self._entries)) if i in self._live]
        if gone:
            self.remove_children(gone)
        del self._entries[keep:]

    def _fill_window(self, composing: list[Widget] | None = None) -> list[Widget]:
        """Make widgets for the entries that should be live and are not, let go of those that
        fell out of the window, and mount what is new in order (or, while composing, hand the
        new widgets to `composing` to be yielded).

        The live entries are always one run, from the start of the first visible chunk to the
        end, so what is new is an earlier run ("Visa tidigare") and a later one (answers)."""
        total = (len(self._entries) + CHUNK - 1) // CHUNK
        first = max(0, total - self.visible_chunks) * CHUNK
        dropped = [self._live.pop(i) for i in range(self._first_live, first) if i in self._live]
        if dropped:
            self.remove_children(dropped)
        self._first_live = first
        run_start = next((i for i in range(first, len(self._entries)) if i in self._live), len(self._entries))
        earlier: list[Widget] = []
        later: list[Widget] = []
        for index in range(first, len(self._entries)):
            if index not in self._live:
                widget = self._live[index] = self._make(self._entries[index])
                (earlier if index < run_start else later).append(widget)
        if composing is not None:
            composing.extend(earlier + later)
        else:
            if earlier:
                self.mounting.append(self.mount_all(earlier, after=self._earlier))
            if later:
                self.mounting.append(self.mount_all(later))
        show_earlier = first > 0
        if self._earlier.display != show_earlier:
            self._earlier.display = show_earlier
        return earlier + later

    def show_earlier(self) -> None:
        """Bring back one more chunk of earlier messages, above the ones shown."""
        if self._last_sync is None:
            return
        self.visible_chunks += 1
        self._fill_window()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "earlier":
            event.stop()
            self.show_earlier()

    def add_error(self, text: str) -> Bubble:
        """A line about the last try (an answer refused, a paste cut): it takes the place of the
        one before, so repeated tries do not pile up lines."""
        self.clear_extra()
        body = BubbleText((Piece("text", text),), direction=self._direction)
        bubble = Bubble(body, self.t, "error")
        self._extra.append(bubble)
        self.mount(bubble)
        return bubble

    def clear_extra(self) -> None:
        if self._extra:
            self.remove_children(self._extra)
            self._extra = []

    # ------------------------------------------------------------------ reading (tests, glossary)

    @property
    def last(self) -> Widget | None:
        """The newest entry's widget."""
        return self._live.get(len(self._entries) - 1)

    @property
    def entry_count(self) -> int:
        """The conversation's messages (the notice slot is not one)."""
        return max(0, len(self._entries) - 1)

    @property
    def live_count(self) -> int:
        """Messages that exist as widgets now."""
        return len(self._live) - (0 in self._live)

    def bubbles(self, role: str | None = None) -> list[Bubble]:
        """The bubbles shown now (the latest chunks, and error lines), in order."""
        found = [self._live[i] for i in sorted(self._live)]
        found += self._extra
        return [b for b in found if isinstance(b, Bubble) and b.display and (role is None or b.role == role)]

    def latest_sourced(self) -> Bubble | None:
        """The newest message that rests on facts (for the key that shows where it comes from)."""
        for index in range(len(self._entries) - 1, -1, -1):
            widget = self._live.get(index)
            if isinstance(widget, Bubble) and widget.body.sourced:
                return widget
        return None

    def latest_terms(self) -> list[tuple[Bubble, str, str]]:
        """Glossary terms of the assistant's messages since the user's last answer:
        (bubble, term id, the words the message used for it)."""
        found: list[tuple[Bubble, str, str]] = []
        for index in range(len(self._entries) - 1, -1, -1):
            widget = self._live.get(index)
            if not isinstance(widget, Bubble) or widget.role == "user":
                break
            if widget.role == "assistant":
                for piece in reversed(widget.body.pieces):
                    if piece.kind == "term":
                        found.append((widget, piece.ref, piece.text))
        found.reverse()
        seen: set[str] = set()
        unique = []
        for bubble, term, words in found:
            if term not in seen:
                seen.add(term)
                unique.append((bubble, term, words))
        return unique
