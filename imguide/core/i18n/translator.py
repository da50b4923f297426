"""Translators: every string a reader sees, in one language.

Swedish is the source language: UI strings are Swedish msgids (marked with `N_` where they are
defined), content strings are looked up by their stable id as gettext context (msgctxt), so a
translation survives edits elsewhere. Compiled catalogs live inside the package, in
`imguide/locales/<code>/LC_MESSAGES/imguide.mo` (built from `locales/` by `make setup` and by the
wheel build). A language without its catalog falls back to Swedish, and says so
(`Translator.catalog_found`).
"""

from __future__ import annotations

import gettext as _gettext
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from imguide.core.i18n.languages import Language

DOMAIN = "imguide"
PACKAGE_DIR = Path(__file__).resolve().parents[2]


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; it is translated where it is shown."""
    return message


def pgettext_marker(context: str, message: str) -> str:
    """Marks a string with a context for Babel's `pgettext` keyword; translated where it is shown."""
    return message


def locales_dir() -> Path:
    """Where the compiled catalogs are ($IMGUIDE_LOCALES, for tests and odd installs)."""
    return Path(os.environ.get("IMGUIDE_LOCALES") or PACKAGE_DIR / "locales")


QUOTE_LIMIT = 60  # characters of what the reader wrote that an error message quotes back


def quotable(value: Any) -> Any:
    """Text the reader gave, fit to quote in a one-line message: line breaks as spaces, and a
    long text cut short (the message says what is wrong; it need not repeat a whole paste)."""
    if not isinstance(value, str):
        return value
    text = " ".join(value.split()) if any(ch in value for ch in "\n\r\t\v\f\x1c\x1d\x1e\x85\u2028\u2029") else value
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


class TranslatableError(ValueError):
    """An error a reader sees: `message` is a Swedish msgid with %(name)s placeholders, `params`
    fill them; `render(t)` gives it in t's language."""

    context: str | None = None  # for a content string: its id (the message is then not a msgid)

    def __init__(self, message: str, **params: Any):
        self.message = message
        self.params = {name: quotable(value) for name, value in params.items()}
        super().__init__(message % self.params if params else message)

    def render(self, t: "Translator") -> str:
        text = t.string(self.context, self.message) if self.context else t.gettext(self.message)
        return text % self.params if self.params else text


class Translator:
    """All the strings of one language. Falls back to the Swedish source for anything untranslated."""

    def __init__(self, language: Language, catalog: _gettext.NullTranslations | None = None, catalog_found: bool = True):
        self.language = language
        self.code = language.code
        self._catalog = catalog if catalog is not None else _gettext.NullTranslations()
        self.catalog_found = catalog_found

    def __repr__(self) -> str:
        return f"Translator({self.code!r})"

    @property
    def direction(self) -> str:
        return self.language.direction

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._catalog.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self._catalog.npgettext(context, singular, plural, n)

    def string(self, string_id: str, source: str) -> str:
        """A content string (flow text, option label, glossary entry) by its stable id."""
        if not source:
            return source
        return self._catalog.pgettext(string_id, source)

    def is_translated(self, string_id: str, source: str) -> bool:
        return self.language.is_source or not source or self.string(string_id, source) != source

    def date(self, day) -> str:
        """A date the way the language writes it ("14 maj 2010", "May 14, 2010"), from Babel."""
        from babel.dates import format_date

        return format_date(day, format="long", locale=self.language.locale)

    def number(self, value: float) -> str:
        """A number the way the language writes it (grouping, decimal sign), from Babel."""
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.language.locale)

    def join(self, items: Iterable[str], style: str = "standard") -> str:
        """'a, b and c' (or with style "or": 'a, b or c') the way the language writes it, from
        Babel's list patterns."""
        items = list(items)
        if len(items) < 2:
            return "".join(items)
        from babel.lists import format_list

        try:
            return format_list(items, style=style, locale=self.language.locale)
        except (KeyError, ValueError):  # a locale without list patterns: a comma list still reads
            return ", ".join(items)


@lru_cache(maxsize=None)
def _catalog(code: str, folder: str) -> tuple[_gettext.NullTranslations, bool]:
    # The catalog of exactly this language: gettext's own lookup would also try the locale's
    # variants (en_US.ISO8859-1, ...), which are never shipped.
    path = Path(folder) / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as handle:
            return _gettext.GNUTranslations(handle), True
    except OSError:  # missing, unreadable, or not a catalog (bad magic number)
        return _gettext.NullTranslations(), False


def translator(language: Language) -> Translator:
    """The translator for a language; one per language and catalog folder, its catalog read once
    and only when the language is first used."""
    return _translator(language, str(locales_dir()))


@lru_cache(maxsize=None)
def _translator(language: Language, folder: str) -> Translator:
    if language.is_source:
        return Translator(language)
    catalog, found = _catalog(language.code, folder)
    return Translator(language, catalog, found)


def forget_catalogs() -> None:
    """Read the catalogs again on next use (tests that point IMGUIDE_LOCALES elsewhere)."""
    _catalog.cache_clear()
    _translator.cache_clear()
