"""From process start to the first interactive screen, against a bare Textual app.

Both run headless the same way, each in a fresh Python process, alternating, N times:
(a) a bare Textual app with a Header, a Static, a Button and a Footer;
(b) imguide's GuideApp(lang="sv"), which loads the shipped bundle and opens the chat.
Each process runs the app with `run(headless=True)` and prints the time from its own start (the
interpreter's start, read from /proc) to the first frame sent to the terminal in which the first
screen is ready for input (the bare app's button, the chat's focused answer button), then exits.
Prints both medians and the ratio (target: at most 1.25).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = 7

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
def _watch_frames(app, ready):
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
    app.run(headless=True, size=(80, 24))
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

GUIDE = PRELUDE + r"""
from imguide.ui.app import GuideApp
def ready(app):
    from imguide.ui.screens.chat import ChatScreen
    focused = app.focused
    return isinstance(app.screen, ChatScreen) and focused is not None and focused in app.screen._compositor.visible_widgets
""" + COMMON + r"""
_watch_frames(GuideApp(lang="sv"), ready)
"""


def run(code: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    if result.returncode != 0:
        raise SystemExit(f"benchmark process failed:\n{result.stderr[-2000:]}")
    return float(result.stdout.strip().splitlines()[-1])


def main() -> int:
    run(BARE)  # warm the file cache (and .pyc files) for both before measuring
    run(GUIDE)
    bare: list[float] = []
    guide: list[float] = []
    for _ in range(N):
        bare.append(run(BARE))
        guide.append(run(GUIDE))
    bare_median = statistics.median(bare)
    guide_median = statistics.median(guide)
    ratio = guide_median / bare_median
    print(f"startup: process start -> first interactive screen painted (headless, 80x24, N={N} each, alternating)")
    print(f"  bare Textual app (Header, Static, Button, Footer): median {bare_median:7.1f} ms  {sorted(bare)}")
    print(f"  imguide GuideApp(lang='sv'), chat ready:           median {guide_median:7.1f} ms  {sorted(guide)}")
    print(f"  ratio: {ratio:.2f} (target <= 1.25: {'yes' if ratio <= 1.25 else 'NO'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
