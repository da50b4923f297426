"""Languages and translations. Swedish is the source language of every string (flows, glossary,
Python); other languages are gettext catalogs in `locales/<code>/LC_MESSAGES/imguide.mo`, compiled
by `make setup`. A flow string's gettext context is its stable id, so a translation survives edits
elsewhere."""

from __future__ import annotations

import gettext as _gettext
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Babel and PyYAML are imported where they are needed: the guide's start-up reads the language list
# from the compiled content (compiled.py), which already holds every name and direction Babel gave.

DOMAIN = "imguide"
SOURCE_LANGUAGE = "sv"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
LANGUAGES_FILE = PACKAGE_DIR / "content" / "languages.yaml"


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; it is translated where it is shown."""
    return message


def locales_dir() -> Path:
    return Path(os.environ.get("IMGUIDE_LOCALES") or PACKAGE_DIR.parent / "locales")


@dataclass(frozen=True)
class Language:
    """A shipped language: its code, whether a human has reviewed it, its name and direction."""

    code: str  # the catalog and Babel locale id: sv, en, ar, fa_AF (Dari), so, ti, uk
    reviewed: bool  # has a human translator reviewed the catalog? The app says so when not.
    native_name: str  # the language's name in itself, as a reader of it looks for it in a list
    direction: str  # "ltr" or "rtl"

    @classmethod
    def describe(cls, code: str, reviewed: bool) -> Language:
        """A language with its name and direction from Babel's locale data."""
        locale = _locale(code)
        # Babel names fa_AF "Persian (Afghanistan)"; Afghans call the language Dari (دری).
        name = locale.languages.get(code) or locale.get_display_name(locale) or code
        if locale.language != "ar":
            name = name[:1].upper() + name[1:]
        return cls(code, reviewed, name, "rtl" if locale.text_direction == "rtl" else "ltr")

    @property
    def locale(self):
        """Babel's Locale (for dates and lists in this language)."""
        return _locale(self.code)

    def name_in(self, other: str) -> str:
        target = _locale(other)
        return target.languages.get(self.code) or self.locale.get_display_name(target) or self.code

    @property
    def html_lang(self) -> str:
        return self.code.replace("_", "-")


@lru_cache(maxsize=None)
def _locale(code: str):
    """Parsing a locale loads Babel's data for it (tens of milliseconds); once per language is enough."""
    from babel import Locale

    return Locale.parse(code)


@lru_cache(maxsize=1)
def languages() -> tuple[Language, ...]:
    """The shipped languages, in the order the picker shows them."""
    from imguide.core import compiled

    return compiled.load_languages() or read_languages()


def read_languages() -> tuple[Language, ...]:
    """The language list from its YAML file, described through Babel (what `compiled` stores)."""
    import yaml

    data = yaml.safe_load(LANGUAGES_FILE.read_text(encoding="utf-8")) or []
    return tuple(Language.describe(str(item["code"]), bool(item.get("reviewed", False))) for item in data)


def language(code: str) -> Language:
    for lang in languages():
        if lang.code == code:
            return lang
    known = ", ".join(lang.code for lang in languages())
    raise KeyError(f"unknown language '{code}' (languages: {known})")


def normalise_code(code: str) -> str | None:
    """Accept en, EN, en-GB, fa-AF, prs...: the shipped language it means, or None."""
    wanted = code.strip().replace("-", "_")
    aliases = {"prs": "fa_AF", "dari": "fa_AF"}
    wanted = aliases.get(wanted.lower(), wanted)
    codes = {lang.code.lower(): lang.code for lang in languages()}
    if wanted.lower() in codes:
        return codes[wanted.lower()]
    base = wanted.split("_")[0].lower()
    return codes.get(base)


class Translator:
    """All the strings of one language. Falls back to the Swedish source for anything untranslated."""

    def __init__(self, code: str = SOURCE_LANGUAGE):
        self.language = language(code)
        self.code = code
        self._catalog = _load_catalog(code)

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
        return self.code == SOURCE_LANGUAGE or self.string(string_id, source) != source


@lru_cache(maxsize=None)
def _load_catalog(code: str):
    if code == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    # The catalog of exactly this language: gettext's own lookup would also try the locale's
    # variants (en_US.ISO8859-1, ...), which we never ship.
    path = locales_dir() / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as catalog:
            return _gettext.GNUTranslations(catalog)
    except FileNotFoundError:
        return _gettext.NullTranslations()


@lru_cache(maxsize=None)
def translator(code: str) -> Translator:
    return Translator(code)
