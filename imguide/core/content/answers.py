"""Checking and cleaning one answer, the same way for the screen, `walk` and resumed sessions.
A refused answer raises AnswerError with a message the user can act on. Which parser a node uses
is in the registry of node kinds (kinds.py); `parse_answer` there is the one entry point."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any, Mapping

from imguide.core.eligibility.grading import DASHES, EligibilityError, parse_grades
from imguide.core.i18n.translator import N_, TranslatableError
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
# Bidi overrides and embeddings can make text display as something else; marks that languages
# need (ZWNJ in Persian, ZWJ) are kept.
_SPOOFING = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


class AnswerError(TranslatableError):
    """An answer that does not fit its question; `render(t)` says why in the reader's language.
    `private`: the answer held something the guide never keeps (it must not be shown again)."""

    private = False


class PrivateDataError(AnswerError):
    """Free text holding something shaped like a personal identity number."""

    private = True


# Ten or twelve digits, maybe with "-" or "+" before the last four, whose first digits read as a
# date (YYMMDD or YYYYMMDD; a samordningsnummer adds 60 to the day): a Swedish personal identity
# number, or something shaped like one. Phone numbers rarely read as a date and a day.
_IDENTITY_NUMBER = re.compile(r"(?<!\d)(?:(?:19|20)\d{2}|\d{2})(\d{2})(\d{2})[-+]?\d{4}(?!\d)")


def looks_like_identity_number(text: str) -> bool:
    for match in _IDENTITY_NUMBER.finditer(ascii_digits(text)):
        month, day = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91):
            return True
    return False


# Written words are compared in one form: Arabic and Persian keyboards give different yeh and kaf
# letters for the same word, vowel marks and the tatweel are optional, and a zero-width non-joiner
# sits inside many Dari words (روان‌شناس). Presentation forms (pasted from a PDF) become letters.
_FOLD = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})
_OPTIONAL_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d]")


def fold_word(text: str) -> str:
    return _OPTIONAL_MARKS.sub("", unicodedata.normalize("NFKC", text).casefold()).translate(_FOLD)


def health_words_in(text: str, words: tuple[str, ...]) -> list[str]:
    """The written words that are one of `words` about health (diagnoses, medicines); a word
    ending in * stands for every word that begins so."""
    whole = {fold_word(word) for word in words if not word.endswith("*")}
    starts = tuple(fold_word(word[:-1]) for word in words if word.endswith("*"))
    found = []
    for written in re.findall(r"\w+", fold_word(text)):
        if (written in whole or written.startswith(starts)) and written not in found:
            found.append(written)
    return found


def ascii_digits(text: str) -> str:
    """Digits of any script as 0-9: Arabic-Indic ٢٠١٠ and Persian ۱۴۰۲ are digits too."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(ch)) if unicodedata.category(ch) == "Nd" else ch for ch in text)


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


_NONCHARACTERS = frozenset(range(0xFDD0, 0xFDF0)) | frozenset(
    plane + low for plane in range(0, 0x110000, 0x10000) for low in (0xFFFE, 0xFFFF)
)


def safe_text(value: Any) -> str:
    """User text made safe to write and to parse: no control characters or bidi overrides (as the
    chat cleans them), no lone surrogates or noncharacters (a JSON file can hold them; UTF-8 and
    HTML cannot)."""
    text = clean_text(str(value))
    if text.isascii():
        return text
    return "".join(
        "\ufffd" if unicodedata.category(ch) == "Cs" or ord(ch) in _NONCHARACTERS else ch for ch in text
    )


def safe_json(value: Any) -> Any:
    """A raw value from a session file, with every string in it made safe."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Mapping):
        return {safe_text(k): safe_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [safe_json(v) for v in value]
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)  # NaN and infinities are not JSON
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return safe_text(value)


_NUMBER = re.compile(r"-?\d{1,15}(?:\.\d{1,15})?")


def parse_choice(node, raw: Any) -> str:
    key = str(raw).strip()
    if node.option(key) is None:
        raise AnswerError(N_("Välj ett av alternativen."))
    return key


def parse_multi(node, raw: Any) -> list[str]:
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


def parse_text(node, raw: Any) -> str:
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
    if looks_like_identity_number(text):
        raise PrivateDataError(
            N_("Det ser ut som ett personnummer. Skriv inte ditt personnummer här, det behövs inte. Ta bort det och skicka igen.")
        )
    return text


def parse_number(node, raw: Any) -> int | float:
    if isinstance(raw, bool):
        raise AnswerError(N_("Skriv ett tal, till exempel 3."))
    if isinstance(raw, (int, float)):
        value = raw
    else:
        text = ascii_digits(str(raw).strip()).replace(",", ".").replace("\u2212", "-").replace("\u066b", ".")
        if not _NUMBER.fullmatch(text):  # also keeps 5,000-digit "numbers" away from int()
            raise AnswerError(N_("Skriv ett tal, till exempel 3."))
        value = float(text) if "." in text else int(text)
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


def parse_date(node, raw: Any) -> date:
    if isinstance(raw, date):
        value = raw
    else:
        text = ascii_digits(str(raw).strip()).translate(DASHES)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise AnswerError(N_("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2010-05-14."))
        try:
            value = date.fromisoformat(text)
        except ValueError:
            raise AnswerError(N_("Det datumet finns inte. Kontrollera månad och dag.")) from None
    earliest, latest = _day(node.minimum), _day(node.maximum)
    if earliest is not None and value < earliest:
        raise AnswerError(N_("Datumet kan inte vara före %(limit)s."), limit=earliest.isoformat())
    if latest is not None and value > latest:
        raise AnswerError(N_("Datumet kan inte vara efter %(limit)s."), limit=latest.isoformat())
    return value


def _day(limit: Any) -> date | None:
    """A date limit of a node: a date, or "today" (a birth date cannot be in the future)."""
    return date.today() if limit == "today" else limit


def parse_grades_answer(node, raw: Any) -> dict[str, str]:
    try:
        grades = parse_grades(raw, allowed=node.subjects)
    except EligibilityError as error:
        raise AnswerError(error.message, **error.params) from None
    return {code: grades[code] for code in node.subjects if code in grades}




def to_json_value(value: Any) -> Any:
    """The JSON form of a stored answer (dates as ISO text)."""
    if isinstance(value, date):
        return value.isoformat()
    return value
