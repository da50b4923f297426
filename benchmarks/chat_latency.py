"""How long from answering a choice until the next assistant message is on screen.

Runs GuideApp headless (run_test) on a long synthetic flow of choice questions, so the
transcript can be made as long as wanted: first with about 10 entries already shown, then with
about 300. Each measured answer is a number key press; it ends at the first frame the app sends
to the (headless) terminal in which the next question's bubble is visible.
Prints the medians and the ratio 300/10 (targets: median under 15 ms, ratio at most 1.3).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual import events

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = 200
MEASURED = 25
WARMUP = 3


def synthetic_flow(count: int) -> str:
    lines = ["format: 1", "id: bench", "title: Mätning", "start: bench_q0", "nodes:"]
    for i in range(count):
        lines += [
            f"  - id: bench_q{i}",
            "    kind: choice",
            f"    text: Fråga nummer {i}. Vad väljer du nu?",
            "    options:",
            "      - key: a",
            "        label: Det första",
            "      - key: b",
            "        label: Det andra",
            f"    next: bench_m{i}",
            f"  - id: bench_m{i}",
            "    kind: message",
            f"    text: Bra. Det var fråga {i}. Nu kommer nästa.",
            f"    next: {'bench_q' + str(i + 1) if i + 1 < count else 'bench_done'}",
        ]
    lines += ["  - id: bench_done", "    kind: outcome", "    text: Klart."]
    return "\n".join(lines) + "\n"


def load_bench_bundle():
    from imguide.core.loader import load_bundle

    with tempfile.TemporaryDirectory(prefix="imguide-bench-") as name:
        folder = Path(name)
        (folder / "bench.yaml").write_text(synthetic_flow(QUESTIONS), encoding="utf-8")
        return load_bundle([folder])


async def measure(bundle, answered_before: int) -> tuple[int, list[float]]:
    from imguide.ui.app import GuideApp
    from imguide.ui.widgets.bubble import Bubble

    app = GuideApp(lang="sv", flow="bench", bundle=bundle)
    for i in range(answered_before):
        app.session.answer(f"bench_q{i}", "a")
    frames: list[float] = []
    original = app._display

    def display(screen, renderable):  # every frame the app sends to the terminal
        frames.append(time.perf_counter())
        return original(screen, renderable)

    app._display = display  # type: ignore[method-assign]
    timings: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        transcript = app.screen.transcript
        shown = transcript.entry_count
        for n in range(WARMUP + MEASURED):
            target = app.session.state.current.id
            next_id = f"bench_q{int(target[len('bench_q'):]) + 1}"
            frames.clear()
            start = time.perf_counter()
            # the key goes in as the terminal would send it; pilot.press() would also wait for
            # every widget on the screen to answer a callback, which measures the test harness
            app.post_message(events.Key("1", "1"))
            deadline = start + 5
            painted = None
            while time.perf_counter() < deadline:
                bubble = transcript.last
                if isinstance(bubble, Bubble) and bubble.node_id == next_id and frames:
                    if bubble in app.screen._compositor.visible_widgets:
                        painted = next((f for f in frames if f >= start), None)
                        if painted is not None:
                            break
                await asyncio.sleep(0)
            if painted is None:
                raise SystemExit(f"the next question never appeared on screen (answer {n})")
            if n >= WARMUP:
                timings.append((painted - start) * 1000)
            await pilot.pause()  # let the rest of the update settle before the next answer
        await pilot.press("ctrl+q")
    return shown, timings


def main() -> int:
    bundle = load_bench_bundle()
    short_entries, short = asyncio.run(measure(bundle, 3))
    long_entries, long = asyncio.run(measure(bundle, 100))
    short_median = statistics.median(short)
    long_median = statistics.median(long)
    ratio = long_median / short_median
    print(f"chat latency: answer a choice -> next assistant message painted ({MEASURED} answers each)")
    print(f"  with {short_entries:3d} entries: median {short_median:6.2f} ms (min {min(short):.2f}, max {max(short):.2f})")
    print(f"  with {long_entries:3d} entries: median {long_median:6.2f} ms (min {min(long):.2f}, max {max(long):.2f})")
    print(f"  median under 15 ms: {'yes' if short_median < 15 else 'NO'} ({short_median:.2f} ms)")
    print(f"  ratio {long_entries} / {short_entries} entries: {ratio:.2f} (target <= 1.3: {'yes' if ratio <= 1.3 else 'NO'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
