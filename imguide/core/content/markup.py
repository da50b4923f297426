"""Message text markup: glossary links `[[term]]` / `[[term|shown words]]` and placeholders
`{name.field}`. Parsed into segments once, so the screen, the export and the checker agree."""

from __future__ import annotations

import re
from typing import NamedTuple

_MARKUP = re.compile(r"\[\[([a-z0-9_]+)(?:\|([^\]]+))?\]\]|\{([A-Za-z_][A-Za-z0-9_.]*)\}")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;]+(?:\s|$)")


class Segment(NamedTuple):
    """A run of source text: plain, a [[term]] or a {placeholder}."""

    kind: str  # "text", "term" or "value"
    text: str  # the words to show (for a value: the placeholder name until it is filled in)
    ref: str = ""  # the glossary id or the placeholder name


def has_markup(text: str) -> bool:
    """Whether the text may hold a glossary link or a placeholder (most texts hold neither)."""
    return "[[" in text or "{" in text


def parse(text: str) -> list[Segment]:
    if not has_markup(text):
        return [Segment("text", text)] if text else []
    segments: list[Segment] = []
    last = 0
    for match in _MARKUP.finditer(text):
        if match.start() > last:
            segments.append(Segment("text", text[last : match.start()]))
        term, shown, name = match.groups()
        if term:
            segments.append(Segment("term", shown or "", term))
        else:
            segments.append(Segment("value", name, name))
        last = match.end()
    if last < len(text):
        segments.append(Segment("text", text[last:]))
    return segments


def placeholders_in(text: str) -> list[str]:
    return [s.ref for s in parse(text) if s.kind == "value"]


def plain(text: str, term_words: dict[str, str] | None = None) -> str:
    """The text as a reader sees it, glossary links replaced by their words."""
    return plain_of(parse(text), term_words)


def plain_of(segments: list[Segment], term_words: dict[str, str] | None = None) -> str:
    """plain() of a text already parsed into segments."""
    out = []
    for segment in segments:
        if segment.kind == "term":
            out.append(segment.text or (term_words or {}).get(segment.ref, segment.ref))
        elif segment.kind == "value":
            out.append("{" + segment.ref + "}")
        else:
            out.append(segment.text)
    return "".join(out)


def lix(text: str) -> float:
    """LIX readability: words per sentence + percentage of words longer than six letters."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text.strip() + " ")))
    long_words = sum(1 for word in words if len(word.replace("-", "")) > 6)
    return len(words) / sentences + 100 * long_words / len(words)
