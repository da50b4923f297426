"""Writes Textual's parses of the guide's style sheets for `css_cache.py` (run by `make setup`).

It starts the guide headless the ways it starts for a user (the language picker and then the
chat; the chat straight away, as `--lang sv` does), records every parse Textual makes on the way,
and writes them, with what they were made for, atomically to `css_cache.CSS_FILE`.

    python -m imguide.ui.css_build            write the parsed CSS, if it is out of date
    python -m imguide.ui.css_build --force    write it anew
"""

from __future__ import annotations

import asyncio
import os
import pickle
import sys
from pathlib import Path
from typing import Callable

from textual.css.stylesheet import Stylesheet

from imguide.core.content.compiled import PACKAGE_DIR
from imguide.ui import css_cache
from imguide.ui.app import GuideApp


def record_parses() -> tuple[dict, Callable[[], None]]:
    """Start recording every parse Textual makes: returns the record and a function that stops."""
    recorded: dict[str, dict] = {}

    def recording(self: Stylesheet, css: str, read_from, is_default_rules: bool = False, tie_breaker: int = 0, scope: str = ""):
        rules = css_cache._parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        recorded.setdefault(css_cache._colours.of(self._variables), {})[key] = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
        return rules

    before = Stylesheet._parse_rules
    Stylesheet._parse_rules = recording  # type: ignore[method-assign]

    def stop() -> None:
        Stylesheet._parse_rules = before  # type: ignore[method-assign]

    return recorded, stop


async def _show_the_first_screens() -> None:
    """The ways the guide starts: the picker and then the chat, and the chat straight away."""
    for lang in (None, "sv"):
        app = GuideApp(lang=lang)
        # as a terminal runs it: with the notification rack and tooltips, which tests leave out
        async with app.run_test(size=(80, 24), tooltips=True, notifications=True) as pilot:
            await pilot.pause()
            if lang is None:
                app.language_chosen("sv")
                await pilot.pause()
            await pilot.pause()


def build(path: Path | None = None) -> int:
    """Record the parses of the guide's first screens and write them (atomically); returns how
    many parses were written."""
    path = css_cache.CSS_FILE if path is None else path
    recorded, stop = record_parses()
    try:
        asyncio.run(_show_the_first_screens())
    finally:
        stop()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with open(partial, "wb") as file:
        pickle.dump(css_cache.signature(), file, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(css_cache.sources_signature(), file, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(recorded, file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)
    css_cache._compiled.cache_clear()
    return sum(len(entries) for entries in recorded.values())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["--force"]):
        print("usage: python -m imguide.ui.css_build [--force]", file=sys.stderr)
        return 2
    if not args and css_cache.is_current():
        return 0
    try:
        count = build()
    except OSError as error:  # a read-only install: the guide parses its CSS at start, as before
        print(f"imguide: parsed CSS not written ({error.strerror or error}); the guide parses it at each start")
        return 0
    print(f"{count} parsed style sheets in {css_cache.CSS_FILE.relative_to(PACKAGE_DIR.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
