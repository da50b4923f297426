"""The shipped languages: codes, names, directions, aliases, and the one resolver for what a user,
a session file or a command line calls a language.

Swedish is the source language of every string. The list itself is content
(`imguide/content/languages.yaml`, read by the content loader); names and directions come from
Babel's locale data, asked once when the list is read and kept in the compiled content, so the
guide starts without importing Babel.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from imguide.core.records import Factory, Record

SOURCE_LANGUAGE = "sv"
# What the language picker says in every language at once (marked for translation where it is
# shown, in ui/screens/language.py).
PICKER_WORDS = ("Välj språk", "inte granskad ännu")


class UnknownLanguage(ValueError):
    """A language code no shipped language answers to. The message lists the shipped codes."""


class Language(Record):
    """A shipped language: its code, whether a human has reviewed it, its names and direction."""

    code: str  # the catalog and Babel locale id: sv, en, ar, fa_AF (Dari), so, ti, uk
    reviewed: bool  # has a human translator reviewed the catalog? The guide says so when not.
    native_name: str  # the language's name in itself, as a reader of it looks for it in a list
    direction: str  # "ltr" or "rtl"
    aliases: tuple[str, ...] = ()  # other codes people use for it (prs for Dari)
    # its name in each shipped language, by code: the counsellor reads "dari" in Swedish
    names: Mapping[str, str] = Factory(dict)
    # the language picker's own words in this language (PICKER_WORDS msgid -> translation), read
    # from its catalog when the content is compiled: the picker loads no catalog to show them
    picker_words: Mapping[str, str] = Factory(dict)
    _uncompared = frozenset({"names", "picker_words"})

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE_LANGUAGE

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def html_lang(self) -> str:
        return self.code.replace("_", "-")

    @property
    def locale(self):
        """Babel's Locale, for dates, numbers and lists in this language."""
        return babel_locale(self.code)

    def name_in(self, code: str) -> str:
        return self.names.get(code) or self.native_name

    def picker_word(self, message: str) -> str:
        """One of PICKER_WORDS in this language (the Swedish where the catalog has none)."""
        return self.picker_words.get(message) or message


@lru_cache(maxsize=None)
def babel_locale(code: str):
    """Parsing a locale loads Babel's data for it (tens of milliseconds): once per language."""
    from babel import Locale

    return Locale.parse(code)


def babel_knows(code: str) -> bool:
    """Does Babel have locale data for `code`? Asked of its data folder, without loading Babel
    (`imguide check` validates the language list; it does not need the names)."""
    from importlib.util import find_spec

    spec = find_spec("babel")
    if spec is None or not spec.origin:
        return False
    return (Path(spec.origin).parent / "locale-data" / f"{code}.dat").is_file()


def undescribed(code: str, reviewed: bool, aliases: Iterable[str] = ()) -> Language:
    """A language known by its code only, for checking the list: its names and direction are
    not looked up (that loads Babel's data for every language)."""
    if not babel_knows(code):
        raise UnknownLanguage(f"Babel knows no locale '{code}'")
    return Language(code, reviewed, code, "ltr", tuple(aliases))


def describe(code: str, reviewed: bool, aliases: Iterable[str] = (), name_codes: Iterable[str] = ()) -> Language:
    """A language with its names and direction from Babel (UnknownLanguage if Babel has no such
    locale). `name_codes`: the languages its name is wanted in (the shipped ones)."""
    from babel.core import UnknownLocaleError

    try:
        locale = babel_locale(code)
    except (UnknownLocaleError, ValueError, TypeError):
        raise UnknownLanguage(f"Babel knows no locale '{code}'") from None
    names = {}
    for other in dict.fromkeys([SOURCE_LANGUAGE, "en", code, *name_codes]):
        try:
            reader = babel_locale(other)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        # Babel's display name of fa_AF is "Persian (Afghanistan)"; its language table has the
        # name people use: Dari, دری, dari.
        name = reader.languages.get(code) or locale.get_display_name(reader) or code
        names[other] = name
    # the native name starts a line in the picker (scripts without case are left as they are)
    native = names[code][:1].upper() + names[code][1:]
    return Language(code, reviewed, native, "rtl" if locale.text_direction == "rtl" else "ltr", tuple(aliases), names)


class Languages:
    """The shipped languages in picker order, and the one resolver for codes."""

    def __init__(self, languages: Iterable[Language]):
        self._list = tuple(languages)
        self._by_code = {lang.code: lang for lang in self._list}

    def __iter__(self) -> Iterator[Language]:
        return iter(self._list)

    def __len__(self) -> int:
        return len(self._list)

    def __getitem__(self, code: str) -> Language:
        return self._by_code[code]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Languages) and self._list == other._list

    def __hash__(self) -> int:
        return hash(self._list)

    def __reduce__(self):
        return (Languages, (self._list,))

    @property
    def codes(self) -> list[str]:
        return [lang.code for lang in self._list]

    @property
    def source(self) -> Language:
        return self._by_code[SOURCE_LANGUAGE]

    def resolve(self, text: str | None) -> Language | None:
        """What a person or a file means: en, EN, en-GB, fa-AF, prs (an alias)... or None."""
        if not isinstance(text, str) or not text.strip():
            return None
        wanted = text.strip().replace("-", "_").lower()
        for lang in self._list:
            if wanted == lang.code.lower() or wanted in (alias.lower() for alias in lang.aliases):
                return lang
        base = wanted.split("_")[0]
        for lang in self._list:  # en_GB is English; fa_IR is not Dari (fa_AF): only a bare base code matches
            if lang.code.lower() == base:
                return lang
        return None

    def require(self, text: str | None) -> Language:
        """Like resolve, but an unknown code is an error that names the shipped ones."""
        found = self.resolve(text)
        if found is None:
            raise UnknownLanguage(f"unknown language '{text}' (languages: {', '.join(self.codes)})")
        return found
