"""Endurance: many language switches in one chat leave no memory behind.

GuideApp(lang="sv") on the shipped content, headless (run_test 80x24), with the 50-entry
transcript of language_switch.py. A switch: `app.set_language(code)`, cycling through every
shipped language (right-to-left ones included), then a wait until the newest message's bubble is
mounted in that language and the app is idle (Pilot.pause()). Measured after WARMUP switches and again after SWITCHES more, each
after gc.collect(): VmRSS from /proc/self/status and len(gc.get_objects()).
Targets over 200 switches: RSS growth < 10 MB, objects growth < 1 %.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import SIZE, emit, memory_now, memory_results, settle, until  # noqa: E402
from language_switch import guide_app  # noqa: E402

WARMUP, SWITCHES = 20, 200


async def main_async() -> list:
    app = guide_app()
    codes = [language.code for language in app.languages]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.2)
        transcript = app.chat.transcript

        async def switch(number: int) -> None:
            code = codes[(number + 1) % len(codes)]  # sv is first: the first switch leaves it
            app.set_language(code)
            await until(pilot, lambda: (last := transcript.last) is not None and last.is_mounted and last.t.code == code, f"the chat in {code}")
            await settle(pilot)  # and everything that follows it: a person needs a second or more to switch again

        for number in range(WARMUP):
            await switch(number)
        await settle(pilot)
        before = memory_now()
        for number in range(WARMUP, WARMUP + SWITCHES):
            await switch(number)
        await settle(pilot)
        after = memory_now()
    print(f"{SWITCHES} switches over {len(codes)} languages after {WARMUP}: RSS {before[0] / 1024:.1f} -> {after[0] / 1024:.1f} MB, objects {before[1]} -> {after[1]}, lru_cache entries {before[2]} -> {after[2]}")
    return memory_results("endurance, language switches", SWITCHES, SWITCHES, before, after)


def main() -> int:
    emit(asyncio.run(main_async()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
