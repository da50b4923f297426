"""How many compiled catalogs (.mo) the guide opens at start.

Each case is a fresh process running the `imguide` command headless (as startup.py does) with an
audit hook that records every file opened whose name ends in .mo (gettext, Babel or anything
else): from process start until 1 s after the first screen is painted and ready (for the picker:
and the chat prepared behind it), so work deferred past the first frame is counted too.
  imguide --lang en: target: en's catalog only (1).
  imguide --lang sv: target: sv's catalog only; Swedish is the source language and ships no
                     catalog, so 0.
  imguide (picker):  no target; the figure says what the picker opens (it names every language
                     in that language).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Result, emit, guide_app_code, run_child  # noqa: E402


def opened(screen: str, argv: list[str], done: bool = False) -> list[str]:
    paths = run_child(guide_app_code(screen, argv, done=done, linger=1.0, catalogs=True))["catalogs"]
    return [Path(path).parent.parent.name for path in paths]  # .../<code>/LC_MESSAGES/imguide.mo


def main() -> int:
    results = []
    for lang in ("en", "sv"):
        codes = opened("ChatScreen", ["--lang", lang])
        allowed = {lang}
        expected = 1 if lang == "en" else 0
        print(f"imguide --lang {lang}: opened {codes or 'no catalog'}")
        results.append(
            Result(
                f"catalogs opened at start: imguide --lang {lang} (chat)",
                len(codes), None, None, f"== {expected} ({lang} only)",
                set(codes) <= allowed and len(codes) == expected, "files", ", ".join(codes),
            )
        )
    codes = opened("LanguageScreen", [], done=True)
    print(f"imguide (picker): opened {codes or 'no catalog'}")
    results.append(Result("catalogs opened at start: imguide (picker)", len(codes), None, None, "none (report)", True, "files", ", ".join(codes)))
    emit(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
