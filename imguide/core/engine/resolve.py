"""The one resolver for the screen and the export: a node, a language and the session's values in;
the words to show out. What the family saw is therefore what the counsellor reads."""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from imguide.core.content import expressions, markup
from imguide.core.content.ids import fact_text_id, flow_title_id, term_ids, text_id, topic_title_id
from imguide.core.content.kinds import option_label, say_answer
from imguide.core.content.model import Bundle, Node, ProfileEntry
from imguide.core.eligibility.explain import missing_token_text
from imguide.core.i18n.translator import N_, Translator
from imguide.core.records import Record

__all__ = [
    "Piece", "Resolved", "SourceNote", "flow_title", "format_answer", "format_date", "format_value",
    "option_label", "resolve", "sources_of", "term_explanation", "term_word", "topic_title",
]  # fmt: skip

# How sure a fact is, in words a reader can weigh (the fact sheet's High, Medium, Low).
SURENESS = {
    "high": N_("Säker uppgift: en myndighet eller flera källor säger samma sak."),
    "medium": N_("Ganska säker uppgift: en kommun, en skola eller en äldre sida säger det."),
    "low": N_("Osäker uppgift: källorna är få eller säger olika. Fråga din SYV."),
}
LOCAL_NOTE = N_("Det kan vara olika i olika kommuner.")
UNKNOWN_DATE = N_("datum okänt")


class Piece(Record):
    """A run of message text: plain, a glossary term, or a filled-in value."""

    kind: str  # "text", "term" or "value"
    text: str
    ref: str = ""


class Resolved(Record):
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
    return t.string(flow_title_id(flow_id), bundle.flows[flow_id].title)


def topic_title(bundle: Bundle, topic_id: str, t: Translator) -> str:
    topic = bundle.topics.get(topic_id)
    return t.string(topic_title_id(topic_id), topic.title) if topic else topic_id


def resolve(bundle: Bundle, node: Node, t: Translator, values: Mapping[str, Any] | None = None) -> Resolved:
    entry = bundle.glossary.get(node.term or "") if node.kind == "term" and not node.text else None
    if entry is not None:  # a term node without text of its own explains the term
        string_id, source = term_ids(entry.id)[1], entry.explanation
        translated_text = f"[[{entry.id}]]: {t.string(string_id, source)}"
    else:
        string_id, source = text_id(node.flow, node.id), node.text
        translated_text = t.string(string_id, source)
    pieces = tuple(_pieces(bundle, translated_text, t, values or {}))
    options = tuple((o.key, option_label(node, o.key, t)) for o in node.options)
    local: tuple[ProfileEntry, ...] = ()
    if bundle.profile is not None:
        local = tuple(e for topic in node.local for e in bundle.profile.entries_for(topic))
    return Resolved(node, pieces, options, local, t.is_translated(string_id, source))


def _pieces(bundle: Bundle, source: str, t: Translator, values: Mapping[str, Any]):
    for segment in markup.parse(source):
        if segment.kind == "term":
            yield Piece("term", segment.text or term_word(bundle, segment.ref, t), segment.ref)
        elif segment.kind == "value":
            value = expressions.evaluate(expressions.Var(tuple(segment.ref.split("."))), values)
            yield Piece("value", format_value(value, t), segment.ref)
        else:
            yield Piece("text", segment.text)


def format_value(value: Any, t: Translator) -> str:
    """A value inside a sentence: lists joined in the language's way, subjects by their names."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return t.gettext("ja") if value else t.gettext("nej")
    if isinstance(value, date):
        return t.date(value)
    if isinstance(value, (int, float)):
        return t.number(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return t.gettext("inget")
        # the eligibility engine's tokens ("EN", "EN|MA", "others:2"); programme codes pass through
        return t.join([missing_token_text(str(item), t) for item in value])
    return str(value)


def format_answer(bundle: Bundle, node: Node, value: Any, t: Translator) -> str:
    """An answer as the user would say it, in the language t speaks."""
    return say_answer(node, value, t)


class SourceNote(Record):
    """One fact behind a message, as a reader sees it when asking where the message comes from."""

    fact: str  # the fact's id
    text: str  # the fact, in the reader's language
    publisher: str
    title: str
    where: str  # the web address, or the project's document (sources/NNN)
    date: str  # the document's date in the reader's language, or that it is not known
    sureness: str  # how sure the fact is, in words
    local: str  # that it varies between municipalities, or ""


def format_date(day: date | None, t: Translator, empty: str = UNKNOWN_DATE) -> str:
    """A date the way the reader's language writes it (Babel), or `empty` said in that language."""
    if day is None:
        return t.gettext(empty)
    return t.date(day)


def sources_of(bundle: Bundle, fact_ids, t: Translator) -> list[SourceNote]:
    """The facts behind a message (a node's `sources`) with their documents, dates and sureness."""
    notes = []
    for fact_id in dict.fromkeys(fact_ids):
        fact = bundle.facts.get(fact_id)
        source = bundle.sources.get(fact.source) if fact is not None else None
        if fact is None or source is None:
            continue
        notes.append(
            SourceNote(
                fact=fact.id,
                text=t.string(fact_text_id(fact.id), fact.text),
                publisher=source.publisher,
                title=source.title,
                where=source.url or source.document or "",
                date=format_date(source.as_of, t),
                sureness=t.gettext(SURENESS.get(fact.confidence, SURENESS["low"])),
                local=t.gettext(LOCAL_NOTE) if fact.scope == "local" else "",
            )
        )
    return notes
