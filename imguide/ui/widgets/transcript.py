"""The transcript: derived from the session state, never kept on its own.

`plan()` turns a state into a list of entries with cheap identity keys. The widget compares the
new keys with what it shows and only removes what changed and mounts what is new, so one new
answer appends a few bubbles however long the conversation is, while back, change, restart and a
language switch are re-renders of the same state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from textual.containers import VerticalScroll
from textual.widget import Widget

from imguide.core.i18n import Translator, language, translator
from imguide.core.model import Bundle, Node
from imguide.core.render import Piece, flow_title, format_answer, resolve
from imguide.core.session import State
from imguide.ui.widgets.bubble import AnswerBubble, Bubble, BubbleText
from imguide.ui.widgets.lang import _


@dataclass(frozen=True)
class Entry:
    key: tuple  # identity: equal keys show the same thing
    role: str  # "assistant", "user", "divider", "notice"
    node: Node | None = None
    value: Any = None


def plan(bundle: Bundle, state: State, values_key: Callable[[Node], Any] | None = None) -> list[Entry]:
    """The entries the transcript shows for a state, in order (cheap: no text is resolved)."""
    entries: list[Entry] = []
    steps = list(state.path)
    for step in steps:
        node = step.node
        if node.kind == "jump":
            target = node.jump_flow or ""
            entries.append(Entry(("divider", node.id), "divider", node, target))
            continue
        entries.append(Entry(("assistant", node.id, _dynamic(node, state)), "assistant", node))
        if step.answer is not None:
            value = step.answer.value
            entries.append(Entry(("user", node.id, repr(value)), "user", node, value))
    if state.current is not None:
        node = state.current
        entries.append(Entry(("assistant", node.id, _dynamic(node, state)), "assistant", node))
    return entries


def _dynamic(node: Node, state: State) -> Any:
    """Text with placeholders changes with the answers: make the values part of the key."""
    if "{" not in node.text:
        return None
    return repr(sorted((k, repr(v)) for k, v in state.values.items() if "{" + k in node.text))


class Transcript(VerticalScroll, can_focus=False):
    """The scrolling conversation. The user's answer bubbles are focusable; the log itself is not."""

    DEFAULT_CSS = """
    Transcript { height: 1fr; }
    """

    def __init__(self, bundle: Bundle, **kwargs) -> None:
        super().__init__(**kwargs)
        self.bundle = bundle
        self._shown: list[tuple[tuple, Widget]] = []
        self._style: tuple | None = None  # (lang, both languages) the bubbles were made for
        self._extra: list[Widget] = []  # error lines: gone at the next change

    # ------------------------------------------------------------------ building bubbles

    def _body(self, node: Node, state: State, t: Translator, under: bool) -> BubbleText:
        resolved = resolve(self.bundle, node, t, state.values)
        pieces = resolved.pieces
        below = None
        if under and t.code != "sv":
            below = resolve(self.bundle, node, translator("sv"), state.values).text
        profile = self.bundle.profile
        local = tuple((entry.text, entry.url) for entry in resolved.local)
        return BubbleText(
            pieces,
            under=below,
            local=local,
            local_example=bool(profile and profile.example),
            direction=t.direction,
        )

    def _make(self, entry: Entry, state: State, t: Translator, under: bool) -> Widget:
        node = entry.node
        assert node is not None
        if entry.role == "divider":
            title = flow_title(self.bundle, entry.value, t) if entry.value in self.bundle.flows else entry.value
            below = None
            if under and t.code != "sv" and entry.value in self.bundle.flows:
                below = flow_title(self.bundle, entry.value, translator("sv"))
            body = BubbleText((Piece("text", f"— {title} —"),), under=below, direction=t.direction)
            return Bubble(body, "divider", node.id)
        if entry.role == "user":
            text = format_answer(self.bundle, node, entry.value, t)
            below = None
            if under and t.code != "sv":
                below = format_answer(self.bundle, node, entry.value, translator("sv"))
            body = BubbleText((Piece("text", text),), under=below, direction=t.direction)
            return AnswerBubble(body, node.id)
        return Bubble(self._body(node, state, t, under), "assistant", node.id)

    def _notice(self, t: Translator) -> Bubble:
        text = _("Den här översättningen är inte granskad av en mänsklig översättare ännu. Fråga din SYV om något är oklart.")
        body = BubbleText((Piece("text", text),), direction=t.direction)
        return Bubble(body, "notice", id="unreviewed-notice")

    # ------------------------------------------------------------------ syncing with the state

    def sync(self, state: State, t: Translator, under: bool) -> list[Widget]:
        """Show `state`; returns the widgets that were added."""
        self.clear_extra()
        style = (t.code, under)
        if style != self._style:
            if self._shown:
                self.remove_children([widget for _key, widget in self._shown])
            self._shown = []
            self._style = style
        entries = plan(self.bundle, state)
        if not language(t.code).reviewed:
            entries.insert(0, Entry(("notice", t.code), "notice"))
        keep = 0
        for (shown_key, _widget), entry in zip(self._shown, entries):
            if shown_key != entry.key:
                break
            keep += 1
        stale = [widget for _key, widget in self._shown[keep:]]
        if stale:
            self.remove_children(stale)
        del self._shown[keep:]
        added = []
        for entry in entries[keep:]:
            widget = self._notice(t) if entry.role == "notice" else self._make(entry, state, t, under)
            self._shown.append((entry.key, widget))
            added.append(widget)
        if added:
            self.mount_all(added)
        return added

    def add_error(self, text: str) -> Bubble:
        body = BubbleText((Piece("text", text),))
        bubble = Bubble(body, "error")
        self._extra.append(bubble)
        self.mount(bubble)
        return bubble

    def clear_extra(self) -> None:
        if self._extra:
            self.remove_children(self._extra)
            self._extra = []

    # ------------------------------------------------------------------ reading (tests, glossary)

    def bubbles(self, role: str | None = None) -> list[Bubble]:
        return [w for w in self.children if isinstance(w, Bubble) and (role is None or w.role == role)]

    def latest_terms(self) -> list[tuple[Bubble, str]]:
        """Glossary terms of the assistant's messages since the user's last answer."""
        found: list[tuple[Bubble, str]] = []
        for _key, widget in reversed(self._shown):
            if isinstance(widget, Bubble) and widget.role == "user":
                break
            if isinstance(widget, Bubble) and widget.role == "assistant":
                for term in reversed(widget.terms):
                    found.append((widget, term))
        found.reverse()
        seen: set[str] = set()
        unique = []
        for bubble, term in found:
            if term not in seen:
                seen.add(term)
                unique.append((bubble, term))
        return unique
