"""From process start to the first interactive screen, against a bare Textual app.

Both run headless the same way, each in a fresh Python process, alternating, N times:
(a) a bare Textual app with a Header, a Static, a Button and a Footer;
(b) imguide's GuideApp(lang="sv"), which loads the shipped bundle and opens the chat.
Each process prints the time from its own start (the interpreter's start, read from /proc) to the
first frame drawn after the first screen is mounted and ready for input, then exits.
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
import asyncio
async def _main(app, ready):
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        frames = []
        original = app._display
        def display(screen, renderable):
            frames.append(time.perf_counter())
            return original(screen, renderable)
        app._display = display
        app.screen.refresh()
        while not frames:
            await asyncio.sleep(0)
        print(f"{(frames[0] - _t0) * 1000:.1f}")
        app.exit()
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
async def ready(app, pilot):
    await pilot.pause()
""" + COMMON + r"""
asyncio.run(_main(Bare(), ready))
"""

GUIDE = PRELUDE + r"""
from imguide.ui.app import GuideApp
async def ready(app, pilot):
    from imguide.ui.screens.chat import ChatScreen
    while not (isinstance(app.screen, ChatScreen) and app.focused is not None):
        await pilot.pause()
""" + COMMON + r"""
asyncio.run(_main(GuideApp(lang="sv"), ready))
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
