"""The one resolver for the screen and the export: a node, a language and the session's values in;
the words to show out. What the family saw is therefore what the counsellor reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from imguide.core import expr
from imguide.core import text as markup
from imguide.core.i18n import Translator
from imguide.core.model import Bundle, Node, ProfileEntry


def text_id(node: Node) -> str:
    return f"{node.flow}.{node.id}.text"


def option_id(node: Node, key: str) -> str:
    return f"{node.flow}.{node.id}.option.{key}"


def flow_title_id(flow_id: str) -> str:
    return f"{flow_id}.title"


def term_ids(term_id: str) -> tuple[str, str]:
    return f"glossary.{term_id}.term", f"glossary.{term_id}.explanation"


@dataclass(frozen=True)
class Piece:
    """A run of message text: plain, a glossary term, or a filled-in value."""

    kind: str  # "text", "term" or "value"
    text: str
    ref: str = ""


@dataclass(frozen=True)
class Resolved:
    """A node as shown to a reader in one language."""

    node: Node
    pieces: tuple[Piece, ...]
    options: tuple[tuple[str, str], ...]  # (key, label)
    local: tuple[ProfileEntry, ...]
    translated: bool  # False when the language had no translation and Swedish is shown

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)

    @property
    def terms(self) -> list[str]:
        return list(dict.fromkeys(piece.ref for piece in self.pieces if piece.kind == "term"))


def term_word(bundle: Bundle, term_id: str, t: Translator) -> str:
    term = bundle.glossary.get(term_id)
    if term is None:
        return term_id
    return t.string(term_ids(term_id)[0], term.term)


def term_explanation(bundle: Bundle, term_id: str, t: Translator) -> str:
    term = bundle.glossary.get(term_id)
    if term is None:
        return ""
    explained = t.string(term_ids(term_id)[1], term.explanation)
    return "".join(p.text for p in _pieces(bundle, explained, t, {}))


def flow_title(bundle: Bundle, flow_id: str, t: Translator) -> str:
    flow = bundle.flows[flow_id]
    return t.string(flow_title_id(flow_id), flow.title)


def option_label(node: Node, key: str, t: Translator) -> str:
    option = node.option(key)
    return t.string(option_id(node, key), option.label) if option else key


def resolve(bundle: Bundle, node: Node, t: Translator, values: Mapping[str, Any] | None = None) -> Resolved:
    entry = bundle.glossary.get(node.term or "") if node.kind == "term" and not node.text else None
    if entry is not None:  # a term node without text of its own explains the term
        string_id, source = term_ids(entry.id)[1], entry.explanation
        translated_text = f"[[{entry.id}]]: {t.string(string_id, source)}"
    else:
        string_id, source = text_id(node), node.text
        translated_text = t.string(string_id, source)
    pieces = tuple(_pieces(bundle, translated_text, t, values or {}))
    options = tuple((o.key, t.string(option_id(node, o.key), o.label)) for o in node.options)
    local: tuple[ProfileEntry, ...] = ()
    if bundle.profile is not None:
        local = tuple(e for topic in node.local for e in bundle.profile.entries_for(topic))
    return Resolved(node, pieces, options, local, t.is_translated(string_id, source))


def _pieces(bundle: Bundle, source: str, t: Translator, values: Mapping[str, Any]):
    for segment in markup.parse(source):
        if segment.kind == "term":
            yield Piece("term", segment.text or term_word(bundle, segment.ref, t), segment.ref)
        elif segment.kind == "value":
            value = expr.evaluate(expr.Var(tuple(segment.ref.split("."))), values)
            yield Piece("value", format_value(value, t), segment.ref)
        else:
            yield Piece("text", segment.text)


def format_value(value: Any, t: Translator) -> str:
    """A value inside a sentence: lists joined in the language's way, subjects by their names."""
    from imguide.core.eligibility_text import missing_token_text

    if value is None:
        return "–"
    if isinstance(value, bool):
        return t.gettext("ja") if value else t.gettext("nej")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        # the eligibility engine's tokens ("EN", "EN|MA", "others:2"); programme codes pass through
        return join_list([missing_token_text(str(item), t) for item in value], t)
    return str(value)


def join_list(items: list[str], t: Translator) -> str:
    if not items:
        return t.gettext("inget")
    from babel.lists import format_list

    try:
        return format_list(items, locale=t.language.locale)
    except (KeyError, ValueError):  # Babel lacks list patterns for a few locales; a comma list reads
        return ", ".join(items)


def format_answer(bundle: Bundle, node: Node, value: Any, t: Translator) -> str:
    """An answer as the user would say it, in the language t speaks."""
    if value is None:
        return t.gettext("(hoppade över)")
    if node.kind == "choice":
        return option_label(node, value, t)
    if node.kind == "multi":
        return join_list([option_label(node, key, t) for key in value], t) if value else t.gettext("inget valt")
    if node.kind == "grades":
        from imguide.core.eligibility_text import subject_name

        if not value:
            return t.gettext("inga betyg ifyllda")
        return ", ".join(f"{subject_name(code, t)} {grade}" for code, grade in value.items())
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
