"""From process start to the first interactive screen, against a bare Textual app.

Both run headless the same way, each in a fresh Python process, alternating, N times:
(a) a bare Textual app with a Header, a Static, a Button and a Footer;
(b) the `imguide --lang sv` command, which loads the shipped content and opens the chat;
(c) the `imguide` command, which opens the language picker.
Each process runs the app with `run(headless=True)` and prints the time from its own start (the
interpreter's start, read from /proc) to the first frame sent to the terminal in which the first
screen is ready for input (the bare app's button; the guide's focused answer or language button),
then exits.
Prints the medians and, for each start, the median ratio of paired runs (target: at most 1.25).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = 15

# The time since the process started: the kernel's start time of this process (in clock ticks
# since boot) against the uptime now, so interpreter start-up and imports are counted too.
PRELUDE = r"""
import os, time
def _since_start():
    with open("/proc/self/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
_t0 = time.perf_counter() - _since_start()
"""

COMMON = r"""
def _watch_frames(app, ready, run=None):
    # every frame the app sends to the (headless) terminal; the first one that shows a ready,
    # interactive screen ends the measurement
    original = app._display
    def display(screen, renderable):
        result = original(screen, renderable)
        if ready(app):
            print(f"{(time.perf_counter() - _t0) * 1000:.1f}", flush=True)
            app._display = original
            app.exit()
        return result
    app._display = display
    (run or app.run)(headless=True, size=(80, 24))
"""

BARE = PRELUDE + r"""
from textual.app import App
from textual.widgets import Button, Footer, Header, Static
class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Hej! Jag hjälper dig att förstå introduktionsprogrammen.")
        yield Button("Börja")
        yield Footer()
def ready(app):
    buttons = app.screen.query(Button)
    return bool(buttons) and buttons.first() in app.screen._compositor.visible_widgets
""" + COMMON + r"""
_watch_frames(Bare(), ready)
"""

# imguide as a person starts it: the `imguide` command's own entry point. Its App.run is made
# headless the same way as the bare app's, patched in as Textual is first imported: the command
# imports Textual only once it starts the guide, and that order is part of what is measured.
GUIDE = PRELUDE + r"""
import importlib.util, sys
""" + COMMON + r"""
def ready(app):
    screen = app.screen
    if type(screen).__name__ != READY_SCREEN:
        return False
    focused = app.focused
    return focused is not None and focused in screen._compositor.visible_widgets
class _HeadlessWhenImported:
    def find_spec(self, name, path=None, target=None):
        if name != "textual.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            run = module.App.run
            module.App.run = lambda app, *args, **kwargs: _watch_frames(app, ready, lambda **options: run(app, **options))
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, _HeadlessWhenImported())
from imguide.cli import main
main(ARGV)
"""

CASES = (
    ("imguide --lang sv: the chat, ready for an answer", "ChatScreen", ["--lang", "sv"]),
    ("imguide: the language picker, ready for a choice", "LanguageScreen", []),
)


def guide_code(screen: str, argv: list[str]) -> str:
    return GUIDE.replace("READY_SCREEN", repr(screen)).replace("ARGV", repr(argv))


def run(code: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    if result.returncode != 0:
        raise SystemExit(f"benchmark process failed:\n{result.stderr[-2000:]}")
    return float(result.stdout.strip().splitlines()[-1])


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from imguide.core import compiled

    if not compiled.is_current():
        print("note: the compiled content is missing or out of date (run `make setup`): this measures the slower start from YAML")
    codes = [BARE, *(guide_code(screen, argv) for _, screen, argv in CASES)]
    for code in codes:  # warm the file cache (and .pyc files) for all before measuring
        run(code)
    times: list[list[float]] = [[] for _ in codes]
    for _ in range(N):
        for code, series in zip(codes, times):
            series.append(run(code))
    medians = [statistics.median(series) for series in times]
    print(f"startup: process start -> first interactive screen painted (headless, 80x24, N={N} each, alternating)")
    print(f"  bare Textual app (Header, Static, Button, Footer): median {medians[0]:7.1f} ms")
    for (label, _, _), median, series in zip(CASES, medians[1:], times[1:]):
        # The machine's speed drifts over seconds; each guide run is compared with the bare run
        # just before it, and the ratio is the median of those pairs.
        ratio = statistics.median(guide / bare for guide, bare in zip(series, times[0]))
        print(f"  {label}: median {median:7.1f} ms")
        print(f"    ratio (median of paired runs): {ratio:.2f} (target <= 1.25: {'yes' if ratio <= 1.25 else 'NO'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
