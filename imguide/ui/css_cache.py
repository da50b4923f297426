"""Textual's parsed CSS, made ahead of time so the guide's first screen comes sooner.

Textual tokenizes and parses the guide's stylesheet and every widget's DEFAULT_CSS at each start:
about 30 ms before the chat's first frame, 10 before the language picker's. `make setup` runs
`css_build.py` once: it starts the guide headless, records every parse Textual makes and writes
them to one file. At start a parse Textual is about to make is taken from that file when everything
it depends on is the same: the CSS text, where it came from, its place among the widget's bases,
and the theme's colours. Anything else (another theme, CSS edited since, another Textual) is parsed
as before. Nothing here writes at run time.

    python -m imguide.ui.css_build            write the parsed CSS, if it is out of date
    python -m imguide.ui.css_build --force    write it anew
"""

from __future__ import annotations

import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path

from textual.css.stylesheet import Stylesheet

from imguide.core.content.compiled import PACKAGE_DIR, file_stamps

CSS_FILE = PACKAGE_DIR / "compiled" / "css.pickle"
# The Textual modules whose classes the parsed rules are made of: a change there must never meet
# an old pickle.
TEXTUAL_CSS_MODULES = ("parse", "model", "styles", "tokenize", "tokenizer", "_styles_builder", "scalar", "types")

_parse_rules = Stylesheet._parse_rules


def signature() -> tuple:
    """The interpreter and the installed Textual's CSS code (paths, sizes and times: cheap)."""
    import textual.css

    folder = Path(textual.css.__file__).parent
    files = []
    for name in TEXTUAL_CSS_MODULES:
        stat = os.stat(folder / f"{name}.py")
        files.append((name, stat.st_size, stat.st_mtime_ns))
    return (sys.version, str(folder), tuple(files))


class _Colours:
    """The signature of a stylesheet's variables (the theme's colours), worked out once per set:
    their text, whose hash Python then keeps."""

    def __init__(self) -> None:
        self._variables: dict | None = None
        self._signature = ""

    def of(self, variables: dict[str, str]) -> str:
        if variables != self._variables:  # comparing two dicts is cheap; writing one out is not
            self._variables = dict(variables)
            self._signature = repr(sorted(variables.items()))
        return self._signature


_colours = _Colours()


def sources_signature() -> tuple:
    """What decides which parses the first screens make: the guide's UI code and style sheet
    (for `make setup` to know the file is up to date; at start the CSS text itself is compared)."""
    return file_stamps((PACKAGE_DIR / "ui",), (".py", ".tcss"))


# The file holds three pickles: signature(), sources_signature() and the parses.


def is_current(path: Path = CSS_FILE) -> bool:
    try:
        with open(path, "rb") as file:
            return pickle.load(file) == signature() and pickle.load(file) == sources_signature()
    except Exception:
        return False


@lru_cache(maxsize=1)
def _compiled() -> dict:
    """{colours signature: {parse key: pickled rules}} from the file, if made for this Textual."""
    try:
        with open(CSS_FILE, "rb") as file:
            if pickle.load(file) != signature():
                return {}
            pickle.load(file)  # the sources: the CSS text is compared parse by parse instead
            entries = pickle.load(file)
    except Exception:  # missing, unreadable or damaged: Textual parses, as it always could
        return {}
    return entries if isinstance(entries, dict) else {}


def _parse_rules_or_compiled(self: Stylesheet, css: str, read_from, is_default_rules: bool = False, tie_breaker: int = 0, scope: str = ""):
    key = (css, read_from, is_default_rules, tie_breaker, scope)
    if key not in self._parse_cache:
        compiled = _compiled()
        pickled = compiled.get(_colours.of(self._variables), {}).get(key) if compiled else None
        if pickled is not None:
            try:
                self._parse_cache[key] = pickle.loads(pickled)
            except Exception:  # a damaged entry: parse it
                pass
    return _parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)


def install() -> None:
    """Let Textual take its parsed CSS from the compiled file (imported by the app at start)."""
    Stylesheet._parse_rules = _parse_rules_or_compiled  # type: ignore[method-assign]
