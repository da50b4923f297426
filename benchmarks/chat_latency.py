"""Answer -> next question painted, against a bare Textual app doing the least the same change needs.

Guide: GuideApp headless (run_test, 80x24) on a synthetic flow of 600 choice questions in a row,
loaded with load_bundle from a temp folder. Before run_test, `app.session.answer()` answers 5
questions (a transcript of ~10 entries) or 500 (~1,000 entries). Each sample: from just before
the key "1" is sent (as the terminal driver sends it) to the first frame sent to the terminal
whose cells hold the next question's text. 2 answers per block are warm-up, then 6 are measured.

Bare: a Textual app with one anchored VerticalScroll holding as many Statics (one line and a gap
each, like the bubbles) as the guide's transcript showed as widgets at the start of the block
before it; on "1" it mounts one Static with the next question's text at the end and calls
scroll_end. Measured the same way. (Without anchor(), Textual paints the scroll a frame or two
later, ~30 ms; the guide's transcript is anchored too.)

Blocks alternate guide 10, bare, guide 1,000, bare, for 5 rounds. Figures: the paired median
ratio guide/bare for ~10 and ~1,000 entries (target <= 1.5 each), and flatness: guide 1,000
entries / guide 10 entries, paired within a round (target <= 1.2). The guide's ~10-entry median
is also the yardstick of the export figure (export_speed.py, through run_all.py).
Textual's own GC handling at start (launch.py's gc.freeze) is not reproduced: run_test, as in tests.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import SIZE, Frames, Result, chain_bundle, emit, press, question_text, ratio_result, settle, spread  # noqa: E402

QUESTIONS = 600
SMALL, LARGE = 5, 500  # answers given before the app starts: ~10 and ~1,000 transcript entries
ROUNDS, WARMUP, MEASURED = 5, 2, 6
ANSWER_FIGURE = "answer -> next question painted, ~10 entries: guide / bare app"


async def guide_block(bundle, answered: int) -> tuple[int, int, list[float]]:
    """(entries, live widgets at the start, timings in ms)."""
    from imguide.ui.app import GuideApp

    app = GuideApp(lang="sv", flow="bench", bundle=bundle)
    for i in range(answered):
        app.session.answer(f"bench_q{i}", "a")
    frames = Frames(app)
    timings = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.2)
        transcript = app.chat.transcript
        entries, live = transcript.entry_count, transcript.live_count
        for n in range(WARMUP + MEASURED):
            asked = int(app.session.state.current.id.removeprefix("bench_q"))
            ms = await frames.until(question_text(asked + 1), lambda: press(app, "1"))
            if n >= WARMUP:
                timings.append(ms)
            await settle(pilot)
        assert app.session.state.current.id == f"bench_q{answered + WARMUP + MEASURED}"
    return entries, live, timings


async def bare_block(widgets: int) -> list[float]:
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    class Bare(App):
        CSS = "Static { margin-bottom: 1; }"  # one line and a gap, like the guide's bubbles
        BINDINGS = [("1", "add")]

        def __init__(self) -> None:
            super().__init__()
            self.asked = widgets // 2

        def compose(self):
            texts = [question_text(i // 2) if i % 2 == 0 else "Det första" for i in range(widgets)]
            yield VerticalScroll(*[Static(text) for text in texts])

        def on_mount(self) -> None:
            self.query_one(VerticalScroll).anchor()  # keep the newest in view, as a chat log does

        def action_add(self) -> None:
            self.asked += 1
            log = self.query_one(VerticalScroll)
            log.mount(Static(question_text(self.asked)))
            log.scroll_end(animate=False)

    app = Bare()
    frames = Frames(app)
    timings = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.2)
        for n in range(WARMUP + MEASURED):
            ms = await frames.until(question_text(app.asked + 1), lambda: press(app, "1"))
            if n >= WARMUP:
                timings.append(ms)
            await settle(pilot)
    return timings


async def measure(bundle) -> list[Result]:
    guide = {SMALL: [], LARGE: []}
    bare = {SMALL: [], LARGE: []}
    shown = {}
    for _ in range(ROUNDS):
        for answered in (SMALL, LARGE):
            entries, live, timings = await guide_block(bundle, answered)
            shown[answered] = (entries, live)
            guide[answered] += timings
            bare[answered] += await bare_block(live)
    results = []
    for answered in (SMALL, LARGE):
        entries, live = shown[answered]
        label = "~10" if answered == SMALL else "~1,000"
        name = ANSWER_FIGURE if answered == SMALL else f"answer -> next question painted, {label} entries: guide / bare app"
        print(f"guide, {entries} entries ({live} live widgets): {spread(guide[answered])}; bare app with {live} Statics: {spread(bare[answered])}")
        results.append(ratio_result(name, guide[answered], bare[answered], 1.5, note=f"{entries} entries, {live} widgets shown"))
    results.append(ratio_result("answer -> painted flatness: guide ~1,000 entries / ~10 entries", guide[LARGE], guide[SMALL], 1.2))
    return results


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="imguide-bench-") as folder:
        bundle = chain_bundle(Path(folder), QUESTIONS)
    results = asyncio.run(measure(bundle))
    emit(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
