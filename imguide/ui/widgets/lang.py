"""The active UI language. Every visible UI string is a Swedish msgid passed through `_()`, so a
language switch only has to change the translator here and re-render.

Babel's extractor finds the literal strings in `_("...")`, `N_("...")` and `t.gettext("...")`."""

from __future__ import annotations

from functools import lru_cache

from imguide.core.i18n import N_, SOURCE_LANGUAGE, Translator, translator

__all__ = ["N_", "_", "active", "direction", "lazy", "set_active"]

_active: Translator | None = None


def active() -> Translator:
    global _active
    if _active is None:
        _active = translator("sv")
    return _active


def set_active(code: str) -> Translator:
    global _active
    _active = translator(code)
    return _active


def _(message: str) -> str:
    """Translate a UI string into the active language now."""
    return active().gettext(message)


class LazyText:
    """A UI string translated each time it is used: for binding descriptions, which Textual reads
    from class attributes long after they are written. Mark the literal with N_() there.

    Babel's LazyProxy does the same, but importing babel.support costs a tenth of the guide's
    start-up; this covers what Textual does with a description (truth, joining, printing)."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message

    def __str__(self) -> str:
        return active().gettext(self.message)

    def __repr__(self) -> str:
        return f"lazy({self.message!r})"

    def __bool__(self) -> bool:
        return bool(self.message)

    def __len__(self) -> int:
        return len(str(self))

    def __add__(self, other: str) -> str:
        return str(self) + other

    def __radd__(self, other: str) -> str:
        return other + str(self)

    def __eq__(self, other: object) -> bool:
        return str(self) == (str(other) if isinstance(other, LazyText) else other)

    def __hash__(self) -> int:
        return hash(str(self))  # like its equality: the text as it reads now

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __getattr__(self, name: str):
        # Any other str method (upper, split, ...) on the text as it reads now.
        return getattr(str(self), name)


def lazy(message: str) -> LazyText:
    """A string translated each time it is shown (see LazyText)."""
    return LazyText(message)


@lru_cache(maxsize=None)
def direction(code: str) -> str:
    """"ltr" or "rtl" for a language. Babel loads a locale's whole data for this (tens of ms),
    so it is asked once per language, and not at all for Swedish, the source language."""
    if code == SOURCE_LANGUAGE:
        return "ltr"
    return translator(code).direction
