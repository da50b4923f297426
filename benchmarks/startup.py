"""Process start -> first screen painted and ready, against a bare Textual app.

Each sample is a fresh Python process, run headless at 80x24 (App.run(headless=True)); the time
runs from the process's start (the kernel's start time in /proc/self/stat, 10 ms steps) to:
  bare:    a Textual app with Header, Static, Button and Footer: the first frame sent to the
           terminal in which the focused button is visible;
  picker:  the `imguide` command (its own entry point): the first frame in which the language
           picker is the screen and its focused button is visible, AND the work GuideApp defers
           until after that frame is done (the chat screen imported and the content loaded:
           `"imguide.ui.screens.chat" in sys.modules and app._bundle is not None`): the reader
           cannot use the picker while that work holds the event loop;
  chat:    `imguide --lang sv`: the first frame in which the chat is the screen and its focused
           answer button is visible.
The three alternate, N rounds (after one unmeasured round to warm the file cache). Figure: for
each start, the median over rounds of guide/bare in the same round (target <= 1.25).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import BARE_APP, Result, emit, guide_app_code, ratio_result, run_child, spread  # noqa: E402

ROUNDS = 15
CASES = {
    "start-up: imguide (language picker, with the chat prepared behind it) / bare app": guide_app_code("LanguageScreen", [], done=True),
    "start-up: imguide --lang sv (chat ready for an answer) / bare app": guide_app_code("ChatScreen", ["--lang", "sv"]),
}


def main() -> int:
    from imguide.core.content import compiled

    note = "" if compiled.is_current() else "compiled content stale: the guide read the YAML (run make setup)"
    if note:
        print("note: " + note)
    codes = [BARE_APP, *CASES.values()]
    for code in codes:  # warm the file cache and the byte-code
        run_child(code)
    times: list[list[float]] = [[] for _ in codes]
    for _ in range(ROUNDS):
        for code, series in zip(codes, times):
            series.append(run_child(code)["ms"])
    print(f"bare app: {spread(times[0])} ms")
    results: list[Result] = []
    for (name, _), series in zip(CASES.items(), times[1:]):
        print(f"{name}: {spread(series)} ms")
        results.append(ratio_result(name, series, times[0], 1.25, note=note))
    emit(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
