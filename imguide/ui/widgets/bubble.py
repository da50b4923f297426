"""Chat bubbles: the ONE place where conversation text becomes screen text.

Right-to-left scripts arrive later; bidi reordering and shaping then go into `_line()` and
`render_bubble()` here, and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import Static

from imguide.core.render import Piece
from imguide.ui.widgets.lang import N_, _, lazy

TERM_STYLE = Style(bold=True, underline=True)


@dataclass
class BubbleText:
    """Everything one bubble shows, already in the reader's language."""

    pieces: tuple[Piece, ...]
    under: str | None = None  # the Swedish text under it (both languages at once)
    local: tuple[tuple[str, str | None], ...] = ()  # (text, url) from the local profile
    local_example: bool = False
    direction: str = "ltr"
    explained: dict[str, tuple[str, str]] = field(default_factory=dict)  # term id -> (word, explanation)


def _line(text: str) -> str:
    """One line of text as it should appear (bidi goes here later)."""
    return text


def render_bubble(body: BubbleText, clickable_terms: bool = True) -> Content:
    parts: list = []
    for piece in body.pieces:
        if piece.kind == "term":
            style = TERM_STYLE
            if clickable_terms:
                style = Style.from_meta({"@click": f"explain('{piece.ref}')"}) + TERM_STYLE
            parts.append((_line(piece.text), style))
        else:
            parts.append(_line(piece.text))
    content = Content.assemble(*parts)
    extra: list[Content] = []
    for word, explanation in body.explained.values():
        extra.append(Content.assemble(("  ", ""), (_line(word), "bold"), ": ", _line(explanation)).stylize("italic"))
    for text, url in body.local:
        label = _("Exempel") if body.local_example else _("I din kommun")
        line = Content.assemble((f"{label}: ", "bold"), _line(text))
        if url:
            line = Content.assemble(line, " ", (url, "underline"))
        extra.append(line)
    if body.under:
        extra.append(Content.styled(_line(body.under), "dim italic"))
    if extra:
        content = Content("\n").join([content, *extra])
    return content


class Bubble(Static):
    """A message in the transcript. Assistant bubbles may hold glossary terms that open in place."""

    DEFAULT_CSS = """
    Bubble { height: auto; }
    """

    class TermChosen(Message):
        def __init__(self, bubble: "Bubble", term: str) -> None:
            self.bubble = bubble
            self.term = term
            super().__init__()

    def __init__(self, body: BubbleText, role: str, node_id: str | None = None, **kwargs) -> None:
        self.body = body
        self.role = role
        self.node_id = node_id
        classes = f"-{role}" + (" -rtl" if body.direction == "rtl" else "")
        super().__init__(render_bubble(body), classes=classes, **kwargs)

    @property
    def plain(self) -> str:
        """The text a reader sees (for tests and the glossary list)."""
        return str(self.render_content_plain())

    def render_content_plain(self) -> str:
        return render_bubble(self.body, clickable_terms=False).plain

    @property
    def terms(self) -> list[str]:
        return list(dict.fromkeys(piece.ref for piece in self.body.pieces if piece.kind == "term"))

    def action_explain(self, term: str) -> None:
        self.post_message(self.TermChosen(self, term))

    def toggle_explanation(self, term: str, word: str, explanation: str) -> bool:
        """Show or hide the explanation of a term inside this bubble; True when now shown."""
        if term in self.body.explained:
            del self.body.explained[term]
            shown = False
        else:
            self.body.explained[term] = (word, explanation)
            shown = True
        self.update(render_bubble(self.body))
        return shown


class AnswerBubble(Bubble):
    """The user's own answer: select it (click, or focus and Enter) to change it."""

    can_focus = True
    BINDINGS = [Binding("enter,space", "change", lazy(N_("Ändra svaret")), show=True)]

    class ChangeRequested(Message):
        def __init__(self, node_id: str, visit: int = 0) -> None:
            self.node_id = node_id
            self.visit = visit  # which time the path reached the question (loops come back)
            super().__init__()

    def __init__(self, body: BubbleText, node_id: str, visit: int = 0, **kwargs) -> None:
        super().__init__(body, "user", node_id, **kwargs)
        self.visit = visit

    def on_mount(self) -> None:
        self.tooltip = _("Välj för att ändra svaret")

    def action_change(self) -> None:
        if self.node_id:
            self.post_message(self.ChangeRequested(self.node_id, self.visit))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_change()
