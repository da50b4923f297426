"""Ctrl+E on the summary -> the pickup code painted, for the first export in a process.

Each sample is a fresh process (this script with --child): GuideApp(lang="sv") on the shipped
content, the start flow answered to an outcome through `app.session` (student, fit, the intake:
_harness.answer_to_outcome) before run_test (headless, 80x24); then `app.show_summary()`, and the
app is left idle for IDLE seconds (and its workers finished) so that any warm-up the app does in
the background has had its chance. Measured: from just before Ctrl+E is sent (as the terminal
driver sends it) to the first frame whose cells hold "Hämtkod" (the #export-status text with the
pickup code). IMGUIDE_OUTBOX points at a temp folder; the export's files are checked afterwards.

Target: the median is at most 2x the answer -> painted figure of chat_latency.py (its guide median
with ~10 entries), which run_all.py passes in BENCH_ANSWER_MS from the same `make bench` run; run
alone, this script measures that figure itself first.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import SIZE, Frames, Result, answer_to_outcome, emit, median, press, run_child, screen_text, settle, spread  # noqa: E402

SAMPLES = 7
IDLE = 1.5  # seconds idle on the summary before Ctrl+E


async def child() -> dict:
    from imguide.ui.app import GuideApp
    from imguide.ui.screens.summary import SummaryScreen

    app = GuideApp(lang="sv")
    answers = answer_to_outcome(app.session)
    frames = Frames(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.show_summary()
        while not isinstance(app.screen, SummaryScreen):
            await asyncio.sleep(0.01)
        await settle(pilot, IDLE)
        await app.workers.wait_for_complete()
        await settle(pilot)
        ms = await frames.until("Hämtkod", lambda: press(app, "ctrl+e"))
        await settle(pilot)
        shown = screen_text(app)
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", app.export.pickup_code or "")
    folder = Path(os.environ["IMGUIDE_OUTBOX"]) / app.export.pickup_code
    assert code and sorted(p.name for p in folder.iterdir()) == ["intake.html", "intake.json", "intake.md"], shown
    return {"ms": ms, "answers": answers, "exported": len(app.session.exported())}


def answer_figure() -> float:
    """The answer -> painted figure, from run_all.py, or measured here when run alone."""
    if os.environ.get("BENCH_ANSWER_MS"):
        return float(os.environ["BENCH_ANSWER_MS"])
    import chat_latency

    with tempfile.TemporaryDirectory(prefix="imguide-bench-") as folder:
        bundle = chat_latency.chain_bundle(Path(folder), chat_latency.QUESTIONS)

    async def blocks() -> list[float]:
        timings = []
        for _ in range(3):
            timings += (await chat_latency.guide_block(bundle, chat_latency.SMALL))[2]
        return timings

    return median(asyncio.run(blocks()))


def main() -> int:
    if sys.argv[1:] == ["--child"]:
        print(json.dumps(asyncio.run(child())), flush=True)
        return 0
    answer_ms = answer_figure()
    samples = []
    code = f"import runpy, sys; sys.argv = [{__file__!r}, '--child']; runpy.run_path({__file__!r}, run_name='__main__')"
    for _ in range(SAMPLES):
        with tempfile.TemporaryDirectory(prefix="imguide-outbox-") as outbox:
            samples.append(run_child(code, env={"IMGUIDE_OUTBOX": outbox}))
    times = [s["ms"] for s in samples]
    value = median(times)
    ratio = value / answer_ms
    print(f"first export ({samples[0]['answers']} answers, {samples[0]['exported']} exported): {spread(times)} ms; answer -> painted {answer_ms:.1f} ms")
    emit([Result("export: Ctrl+E -> pickup code painted, first in process / answer -> painted", round(value, 1), round(answer_ms, 1), round(ratio, 3), "ratio <= 2", ratio <= 2, "ms")])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
