"""The active UI language. Every visible UI string is a Swedish msgid passed through `_()`, so a
language switch only has to change the translator here and re-render.

Babel's extractor finds the literal strings in `_("...")`, `N_("...")` and `t.gettext("...")`."""

from __future__ import annotations

from babel.support import LazyProxy

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


def _lazy_gettext(message: str) -> str:
    return active().gettext(message)


def lazy(message: str) -> LazyProxy:
    """A string translated each time it is shown: for binding descriptions, which Textual reads
    from class attributes. Mark the literal with N_() where it is written."""
    return LazyProxy(_lazy_gettext, message, enable_cache=False)


@lru_cache(maxsize=None)
def direction(code: str) -> str:
    """"ltr" or "rtl" for a language. Babel loads a locale's whole data for this (tens of ms),
    so it is asked once per language, and not at all for Swedish, the source language."""
    if code == SOURCE_LANGUAGE:
        return "ltr"
    return translator(code).direction
