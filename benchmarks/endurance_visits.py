"""Endurance: many visits in one guide process leave no memory behind.

One GuideApp (shipped content, language picker first, headless run_test 80x24) serves visit after
visit, as a kiosk does. A visit: choose a language on the picker (key "1" or "2": sv and en by
turns), wait for the chat; answer the start flow to an outcome through `app.session`
(_harness.answer_next), the chat showing the state after each answer (`chat.show_state()`, then a
wait until the next answer panel is mounted); open the summary (`app.show_summary()`), Ctrl+E,
wait for the export to be written; `app.new_session()`, wait for the picker.

Measured after WARMUP visits and again at the end (_harness.memory_now): VmRSS from
/proc/self/status, and len(gc.get_objects()) after the bounded functools.lru_caches are emptied
and a full collection (Textual's geometry caches go on filling for hundreds of visits up to their
bound, which a short run would count as growth; caches without a bound are counted).
Targets over 1,000 visits: RSS growth < 10 MB, objects growth < 1 %. A shorter run scales both to
the visits it measured: `make bench` 110 visits (60 measured after the warm-up that
_harness.ENDURANCE_WARMUP explains; a visit costs 1-3 s of CPU),
`make soak` or BENCH_SOAK=1 1,000, BENCH_VISITS=N another count.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import ENDURANCE_WARMUP, SIZE, answer_next, emit, env_int, memory_now, memory_results, press, settle, until  # noqa: E402

WARMUP = ENDURANCE_WARMUP
FULL = 1000
VISITS = FULL if os.environ.get("BENCH_SOAK") else env_int("BENCH_VISITS", WARMUP + 60)


def panel_shown(chat) -> bool:
    """The panel for what the session waits for now is mounted (what a user would answer next)."""
    from imguide.ui.widgets.choices import OutcomePanel

    panel, current = chat.panel, chat.guide.session.state.current
    if panel is None or not panel.is_mounted:
        return False
    return panel.node_id == current.id if current is not None else isinstance(panel, OutcomePanel)


async def answer_a_flow(app, pilot, number: int) -> None:
    """From the language picker (sv and en by turns) through the start flow to its outcome, the
    chat showing each state."""
    from imguide.ui.screens.chat import ChatScreen
    from imguide.ui.screens.language import LanguageScreen

    await until(pilot, lambda: isinstance(app.screen, LanguageScreen) and app.screen.is_mounted, "the language picker")
    press(app, "1" if number % 2 == 0 else "2")
    await until(pilot, lambda: isinstance(app.screen, ChatScreen) and app.screen.is_mounted, "the chat")
    chat, visits = app.screen, {}
    while answer_next(app.session, visits):
        chat.show_state()
        await until(pilot, lambda: panel_shown(chat), "the next answer panel", pause=0.005)


async def visit(app, pilot, number: int) -> None:
    from imguide.ui.screens.summary import SummaryScreen

    await answer_a_flow(app, pilot, number)
    app.show_summary()
    await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.is_mounted, "the summary")
    await settle(pilot)
    press(app, "ctrl+e")
    await until(pilot, lambda: app.export is not None, "the export")
    app.new_session()
    await settle(pilot)


async def main_async() -> list:
    from imguide.ui.launch import app_as_launched

    app = app_as_launched()  # started as `imguide` starts it (the collector's settings count here)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.2)
        for number in range(WARMUP):
            await visit(app, pilot, number)
        before = memory_now()
        for number in range(WARMUP, VISITS):
            await visit(app, pilot, number)
            if (number + 1) % 20 == 0:
                rss, objects, cached = memory_now()
                print(f"after {number + 1} visits: RSS {rss / 1024:.1f} MB, {objects} objects, {cached} lru_cache entries", flush=True)
        after = memory_now()
    measured = VISITS - WARMUP
    print(f"{measured} visits after {WARMUP} warm-up: RSS {before[0] / 1024:.1f} -> {after[0] / 1024:.1f} MB, objects {before[1]} -> {after[1]}, lru_cache entries {before[2]} -> {after[2]}")
    return memory_results("endurance, visits", measured, FULL - WARMUP, before, after)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="imguide-outbox-") as outbox:
        os.environ["IMGUIDE_OUTBOX"] = outbox
        emit(asyncio.run(main_async()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
