"""Chat bubbles: the ONE place where conversation text becomes screen text.

`render_bubble()` builds what a bubble says in logical order; the `Text` it is shown in shapes,
wraps and orders it (right to left for Arabic and Dari, ui/directed.py). A bubble is in the
language of the translator it was made with, so two transcripts in two languages can stand side
by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.style import Style

from imguide.core.engine.resolve import Piece
from imguide.core.i18n.translator import N_, Translator
from imguide.ui.directed import directed
from imguide.ui.widgets.text import Text, bidi_mode, is_rtl

TERM_STYLE = Style(bold=True, underline=True)
SOURCE_STYLE = Style(dim=True, underline=True)


@dataclass
class BubbleText:
    """Everything one bubble shows, already in the reader's language."""

    pieces: tuple[Piece, ...]
    under: str | None = None  # the Swedish text under it (both languages at once)
    local: tuple[tuple[str, str | None], ...] = ()  # (text, url) from the local profile
    local_example: bool = False
    direction: str = "ltr"
    explained: dict[str, tuple[str, str]] = field(default_factory=dict)  # term id -> (word, explanation)
    sourced: bool = False  # the message rests on facts: a quiet "Källa" opens them
    untranslated: bool = False  # the language's catalog lacks this text: it is shown in Swedish


def render_bubble(body: BubbleText, t: Translator, clickable_terms: bool = True, affordances: bool = True) -> Content:
    parts: list = []
    for piece in body.pieces:
        if piece.kind == "term":
            style = TERM_STYLE
            if clickable_terms:
                style = Style.from_meta({"@click": f"explain('{piece.ref}')"}) + TERM_STYLE
            parts.append((piece.text, style))
        else:
            parts.append(piece.text)
    if body.sourced and affordances:
        style = SOURCE_STYLE + Style.from_meta({"@click": "sources"}) if clickable_terms else SOURCE_STYLE
        parts.append(("  " + t.gettext("Källa"), style))
    content = Content.assemble(*parts)
    extra: list[Content] = []
    if body.untranslated:
        extra.append(Content.styled(t.gettext("Den här texten är inte översatt än. Den står på svenska."), "dim italic"))
    for word, explanation in body.explained.values():
        extra.append(Content.assemble(("  ", ""), (word, "bold"), ": ", explanation).stylize("italic"))
    for text, url in body.local:
        label = t.gettext("Exempel") if body.local_example else t.gettext("I din kommun")
        line = Content.assemble((f"{label}: ", "bold"), text)
        if url:
            line = Content.assemble(line, " ", (url, "underline"))
        extra.append(line)
    if body.under:
        extra.append(Content.styled(body.under, "dim italic"))
    if extra:
        content = Content("\n").join([content, *extra])
    return content


class Bubble(Text):
    """A message in the transcript. Assistant bubbles may hold glossary terms that open in place."""

    DEFAULT_CSS = """
    Bubble { height: auto; }
    """

    class TermChosen(Message):
        def __init__(self, bubble: "Bubble", term: str) -> None:
            self.bubble = bubble
            self.term = term
            super().__init__()

    class SourcesChosen(Message):
        """The reader asked where this message comes from."""

        def __init__(self, bubble: "Bubble") -> None:
            self.bubble = bubble
            super().__init__()

    def __init__(self, body: BubbleText, t: Translator, role: str, node_id: str | None = None, **kwargs) -> None:
        self.body = body
        self.t = t
        self.role = role
        self.node_id = node_id
        classes = f"-{role}" + (" -rtl" if body.direction == "rtl" else "")
        super().__init__(render_bubble(body, t), t, classes=classes, **kwargs)

    def retranslate(self, body: BubbleText, t: Translator) -> None:
        """Say the message again, in another language (the widget stays where it is)."""
        self.body = body
        self.t = t
        self.set_class(body.direction == "rtl", "-rtl")
        self.update(render_bubble(body, t), t=t)

    @property
    def plain(self) -> str:
        """The text a reader sees (for tests and the glossary list)."""
        return str(self.render_content_plain())

    @property
    def message(self) -> str:
        """What the bubble says, without what can be chosen around it (the "Källa" mark)."""
        return render_bubble(self.body, self.t, clickable_terms=False, affordances=False).plain

    def render_content_plain(self) -> str:
        return render_bubble(self.body, self.t, clickable_terms=False).plain

    @property
    def terms(self) -> list[str]:
        return list(dict.fromkeys(piece.ref for piece in self.body.pieces if piece.kind == "term"))

    def action_explain(self, term: str) -> None:
        self.post_message(self.TermChosen(self, term))

    def action_sources(self) -> None:
        self.post_message(self.SourcesChosen(self))

    def toggle_explanation(self, term: str, word: str, explanation: str) -> bool:
        """Show or hide the explanation of a term inside this bubble; True when now shown."""
        if term in self.body.explained:
            del self.body.explained[term]
            shown = False
        else:
            self.body.explained[term] = (word, explanation)
            shown = True
        self.update(render_bubble(self.body, self.t))
        return shown


class AnswerBubble(Bubble):
    """The user's own answer: select it (click, or focus and Enter) to change it."""

    can_focus = True
    BINDINGS = [Binding("enter,space", "change", N_("Ändra svaret"), show=True)]

    class ChangeRequested(Message):
        def __init__(self, node_id: str, visit: int = 0) -> None:
            self.node_id = node_id
            self.visit = visit  # which time the path reached the question (loops come back)
            super().__init__()

    def __init__(self, body: BubbleText, t: Translator, node_id: str, visit: int = 0, **kwargs) -> None:
        super().__init__(body, t, "user", node_id, **kwargs)
        self.visit = visit

    def on_mount(self) -> None:
        self._say_how_to_change()

    def retranslate(self, body: BubbleText, t: Translator) -> None:
        super().retranslate(body, t)
        if self.is_mounted:
            self._say_how_to_change()

    def _say_how_to_change(self) -> None:
        self.tooltip = directed(self.t.gettext("Välj för att ändra svaret"), is_rtl(self.t), bidi_mode(self))

    def action_change(self) -> None:
        if self.node_id:
            self.post_message(self.ChangeRequested(self.node_id, self.visit))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_change()
