"""Two places where Textual 8.2 keeps what a widget drew alive after the widget is gone: for a
guide that must forget a visitor's answers (kiosks, "start again"), and run for a week, both matter.

* `StylesCache.get_inner_outer` is an lru_cache on a method, so it keeps up to 1024 StylesCache
  objects alive through their `self` argument, each with the lines its widget last drew (answers
  included). The colours it computes depend only on the two colours, so the cache is keyed by
  them alone here.
* `App._compose_screen` keeps the first screen of the app for as long as the app runs;
  `forget_first_screen` lets it go once that screen has been replaced.
"""

from __future__ import annotations

from functools import lru_cache

from textual.style import Style
from textual._styles_cache import StylesCache
from textual.app import App
from textual.color import Color


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(self, base_background: Color, background: Color) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


if hasattr(StylesCache, "get_inner_outer"):
    StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign]


def forget_first_screen(app: App) -> None:
    """Let go of the screen the app started with (Textual keeps it as `default_screen`)."""
    if getattr(app, "_compose_screen", None) is not None and app._compose_screen not in app.screen_stack:
        app._compose_screen = None
