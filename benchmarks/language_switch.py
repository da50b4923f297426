"""Language switch (sv -> en) of a 50-message transcript -> the newest message painted in English.

Guide: GuideApp(lang="sv") on the shipped content, headless (run_test, 80x24); before run_test
the start flow is answered through `app.session` until the transcript holds 50 entries (going on
at the menu after an outcome). Each sample: from just before `app.set_language("en")` is handed to
the app's message queue (app.call_later, as a key binding's action would run) to the first frame
whose cells hold the start of the newest message's English text. Between samples the app goes
back to sv (not measured). One unmeasured switch first, which also reads the texts.

Bare: a Textual app with an anchored VerticalScroll of 50 Statics (one gap each) holding the
guide's Swedish message texts; each sample updates all 50 to the English texts (call_later), to the
first frame holding the newest one's text; back to Swedish between samples.

Blocks alternate guide and bare, 5 rounds of 4 samples. Figure: paired median ratio guide/bare
(target <= 1.5).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import asyncio  # noqa: E402

from _harness import SIZE, Frames, answer_next, emit, ratio_result, screen_text, settle, spread  # noqa: E402

MESSAGES = 50
ROUNDS, SAMPLES = 5, 4


def start_of(text: str, length: int = 28) -> str:
    """The first words of a text (fits one line of a bubble)."""
    cut = text[:length]
    return cut.rsplit(" ", 1)[0] if " " in cut and len(text) > length else cut


def guide_app():
    from imguide.ui.app import GuideApp
    from imguide.ui.widgets.transcript import plan

    app = GuideApp(lang="sv")
    session, visits = app.session, {}
    while len(plan(app.bundle, session.state)) < MESSAGES:
        if not answer_next(session, visits):
            session.continue_at(app.bundle.menu.id)
    return app


async def guide_block(texts: dict) -> list[float]:
    app = guide_app()
    frames = Frames(app)
    timings = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.2)
        transcript = app.chat.transcript
        texts.setdefault("sv", [bubble.message for bubble in transcript.bubbles()])
        app.set_language("en")
        await settle(pilot)
        texts.setdefault("en", [bubble.message for bubble in transcript.bubbles()])
        marker = start_of(transcript.last.message)
        app.set_language("sv")
        await settle(pilot, 0.1)
        assert marker not in screen_text(app), marker
        for _ in range(SAMPLES):
            timings.append(await frames.until(marker, lambda: app.call_later(app.set_language, "en")))
            await settle(pilot)
            app.set_language("sv")
            await settle(pilot, 0.1)
        texts.setdefault("entries", transcript.entry_count)
    return timings


async def bare_block(swedish: list[str], english: list[str]) -> list[float]:
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    class Bare(App):
        CSS = "Static { margin-bottom: 1; }"

        def compose(self):
            yield VerticalScroll(*[Static(text) for text in swedish])

        def on_mount(self) -> None:
            self.query_one(VerticalScroll).anchor()

        def show(self, texts: list[str]) -> None:
            for static, text in zip(self.query(Static), texts):
                static.update(text)

    app = Bare()
    frames = Frames(app)
    timings = []
    marker = start_of(english[-1])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.2)
        for _ in range(SAMPLES):
            timings.append(await frames.until(marker, lambda: app.call_later(app.show, english)))
            await settle(pilot)
            app.show(swedish)
            await settle(pilot, 0.1)
    return timings


async def measure():
    texts: dict = {}
    guide, bare = [], []
    for _ in range(ROUNDS):
        guide += await guide_block(texts)
        # as many messages as the guide's transcript, in the texts its bubbles showed (cycled)
        swedish = [texts["sv"][i % len(texts["sv"])] for i in range(MESSAGES)]
        english = [texts["en"][i % len(texts["en"])] for i in range(MESSAGES - 1)] + [texts["en"][-1]]
        bare += await bare_block(swedish, english)
    print(f"guide, {texts['entries']} entries ({len(texts['sv'])} sv / {len(texts['en'])} en bubbles live): {spread(guide)} ms; bare, {MESSAGES} Statics: {spread(bare)} ms")
    return guide, bare


def main() -> int:
    guide, bare = asyncio.run(measure())
    emit([ratio_result(f"language switch sv -> en, {MESSAGES}-message transcript -> newest painted: guide / bare app", guide, bare, 1.5)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
