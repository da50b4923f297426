"""Checking and cleaning one answer for one node, the same way for the screen, `walk` and resumed
sessions. A refused answer raises AnswerError with a message the user can act on."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any, Mapping

from imguide.core.grading import GRADES
from imguide.core.i18n import N_
from imguide.core.model import Node

GRADE_VALUES = GRADES
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
# Bidi overrides and embeddings can make text display as something else; marks that languages
# need (ZWNJ in Persian, ZWJ) are kept.
_SPOOFING = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


class AnswerError(ValueError):
    """`message` is a Swedish msgid with %(name)s placeholders; `params` fill them."""

    def __init__(self, message: str, **params: Any):
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)

    def render(self, gettext) -> str:
        text = gettext(self.message)
        return text % self.params if self.params else text


def clean_text(raw: str, keep_newlines: bool = True) -> str:
    """Remove escape sequences and control characters before text is shown or stored."""
    text = _ESCAPE_SEQUENCE.sub("", raw).translate(_SPOOFING)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    kept = []
    for char in text:
        if char == "\n":
            kept.append("\n" if keep_newlines else " ")
        elif unicodedata.category(char) == "Cs":
            kept.append("\ufffd")  # a lone surrogate cannot be saved as UTF-8; show that one was there
        elif unicodedata.category(char) != "Cc":
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).strip()


def parse_answer(node: Node, raw: Any) -> Any:
    """The stored value for `raw` as an answer to `node`; None means skipped."""
    if raw is None:
        if node.skippable:
            return None
        raise AnswerError(N_("Den här frågan behöver ett svar."))
    parser = _PARSERS.get(node.kind)
    if parser is None:
        raise AnswerError(N_("Här behövs inget svar."))
    return parser(node, raw)


def _choice(node: Node, raw: Any) -> str:
    key = str(raw).strip()
    if node.option(key) is None:
        raise AnswerError(N_("Välj ett av alternativen."))
    return key


def _multi(node: Node, raw: Any) -> list[str]:
    if isinstance(raw, str):
        raw = [part for part in re.split(r"[,\s]+", raw) if part]
    if not isinstance(raw, (list, tuple)):
        raise AnswerError(N_("Välj ett eller flera av alternativen."))
    keys = []
    for item in raw:
        key = str(item).strip()
        if node.option(key) is None:
            raise AnswerError(N_("Välj ett eller flera av alternativen."))
        if key not in keys:
            keys.append(key)
    order = [option.key for option in node.options]
    keys.sort(key=order.index)
    if node.minimum is not None and len(keys) < node.minimum:
        raise AnswerError(N_("Välj minst %(count)d."), count=node.minimum)
    if node.maximum is not None and len(keys) > node.maximum:
        raise AnswerError(N_("Välj högst %(count)d."), count=node.maximum)
    return keys


def _text(node: Node, raw: Any) -> str:
    if not isinstance(raw, str):
        raw = str(raw)
    text = clean_text(raw)
    if not text:
        raise AnswerError(N_("Skriv något, eller hoppa över frågan."))
    limit = node.max_length or 0
    if limit and len(text) > limit:
        raise AnswerError(
            N_("Texten är för lång: %(length)d tecken. Högst %(limit)d tecken får plats."),
            length=len(text),
            limit=limit,
        )
    return text


def _number(node: Node, raw: Any) -> int | float:
    if isinstance(raw, bool):
        raise AnswerError(N_("Skriv ett tal, till exempel 3."))
    if isinstance(raw, (int, float)):
        value = raw
    else:
        text = str(raw).strip().replace(",", ".").replace("\u2212", "-")
        try:
            value = float(text) if re.search(r"[.eE]", text) else int(text)
        except ValueError:
            raise AnswerError(N_("Skriv ett tal, till exempel 3.")) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise AnswerError(N_("Skriv ett tal, till exempel 3."))
    if node.integer:
        if value != int(value):
            raise AnswerError(N_("Skriv ett heltal, utan decimaler."))
        value = int(value)
    if node.minimum is not None and value < node.minimum:
        raise AnswerError(N_("Talet måste vara minst %(limit)s."), limit=node.minimum)
    if node.maximum is not None and value > node.maximum:
        raise AnswerError(N_("Talet får vara högst %(limit)s."), limit=node.maximum)
    return value


def _date(node: Node, raw: Any) -> date:
    if isinstance(raw, date):
        value = raw
    else:
        text = str(raw).strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise AnswerError(N_("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2010-05-14."))
        try:
            value = date.fromisoformat(text)
        except ValueError:
            raise AnswerError(N_("Det datumet finns inte. Kontrollera månad och dag.")) from None
    if node.minimum is not None and value < node.minimum:
        raise AnswerError(N_("Datumet kan inte vara före %(limit)s."), limit=node.minimum.isoformat())
    if node.maximum is not None and value > node.maximum:
        raise AnswerError(N_("Datumet kan inte vara efter %(limit)s."), limit=node.maximum.isoformat())
    return value


def _grades(node: Node, raw: Any) -> dict[str, str]:
    if isinstance(raw, str):
        pairs = {}
        for part in filter(None, (p.strip() for p in raw.split(","))):
            if "=" not in part:
                raise AnswerError(N_("Skriv betygen som ÄMNE=BETYG, till exempel EN=C."))
            subject, grade = (s.strip() for s in part.split("=", 1))
            if subject.upper() in pairs:
                raise AnswerError(N_("Ämnet %(subject)s finns två gånger."), subject=subject.upper())
            pairs[subject.upper()] = grade
        raw = pairs
    if not isinstance(raw, Mapping):
        raise AnswerError(N_("Skriv betygen som ÄMNE=BETYG, till exempel EN=C."))
    grades: dict[str, str] = {}
    for subject, grade in raw.items():
        code = str(subject).strip().upper()
        if code not in node.subjects:
            raise AnswerError(N_("Ämnet %(subject)s finns inte i listan."), subject=code)
        letter = str(grade).strip().upper().replace("\u2013", "-").replace("\u2014", "-")
        if letter == "":
            continue
        if letter not in GRADE_VALUES:
            raise AnswerError(N_("%(grade)s är inget betyg. Använd A–F eller streck (-)."), grade=letter)
        grades[code] = letter
    ordered = {code: grades[code] for code in node.subjects if code in grades}
    return ordered


_PARSERS = {
    "choice": _choice,
    "multi": _multi,
    "text": _text,
    "number": _number,
    "date": _date,
    "grades": _grades,
}


def to_json_value(value: Any) -> Any:
    """The JSON form of a stored answer (dates as ISO text)."""
    if isinstance(value, date):
        return value.isoformat()
    return value
