"""What the benchmark scripts share.

* `Result`: one figure (the six keys run_all.py and results.json need, plus a unit and a note);
  `emit()` prints a script's results as one JSON line on stdout, which run_all.py collects.
* Paired medians: the machine is shared and its speed drifts, so a figure is the median of the
  ratios of measurements taken next to each other in time (`paired_ratio`), never an absolute time.
* `Frames`: the frames an app sends to the terminal, and the first one whose cells hold a text.
* `press()`: a key delivered the way the terminal driver delivers it (Pilot's press() would also
  wait for the app to go idle, which would be measured too).
* Content: synthetic flows (a long chain of choices; bundles of N nodes) and a walk that answers
  the shipped flows to an outcome through the Session API.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MARKER = "BENCH-RESULTS "
SIZE = (80, 24)

# Visits made before memory is first measured, in the endurance benchmarks. A process's RSS rises
# by most of a megabyte once over its first 40 or so visits (caches filling up to their bounds, the
# allocator's arenas settling), while the objects the GC tracks stay level. Counted from visit 20,
# that one-time rise alone broke the limit a 60-visit run scales to (0.61 MB) in about half the
# runs, of this code and of the code before it. Counted from visit 50, a short run sees what grows
# with each visit, which is what its scaled limit is for. (A 1,000-visit run counted from visit 20
# grew 2.5 MB in all, in a few steps of the allocator, with 17 objects more.)
ENDURANCE_WARMUP = 50


# ---------------------------------------------------------------- results


@dataclass
class Result:
    name: str
    value: float
    baseline: float | None
    ratio: float | None
    target: str
    met: bool
    unit: str = ""
    note: str = ""


def emit(results: Iterable[Result]) -> None:
    """The script's results, as the one line run_all.py reads (a script may also print more)."""
    print(MARKER + json.dumps([asdict(r) for r in results], ensure_ascii=False), flush=True)


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def paired_ratio(values: list[float], baselines: list[float]) -> float:
    """The median of value/baseline over pairs measured next to each other."""
    assert len(values) == len(baselines) and values, (len(values), len(baselines))
    return statistics.median(v / b for v, b in zip(values, baselines))


def ratio_result(name: str, values: list[float], baselines: list[float], limit: float, unit: str = "ms", note: str = "") -> Result:
    ratio = paired_ratio(values, baselines)
    return Result(name, round(median(values), 3), round(median(baselines), 3), round(ratio, 3), f"ratio <= {limit}", ratio <= limit, unit, note)


def spread(values: list[float]) -> str:
    return f"n={len(values)} min {min(values):.1f} max {max(values):.1f}"


# ---------------------------------------------------------------- frames and keys


def frame_text(app, renderable) -> str:
    """The text of the cells a frame sends (every changed line of a partial update)."""
    from textual._compositor import ChopsUpdate, LayoutUpdate

    if isinstance(renderable, LayoutUpdate):
        lines = ["".join(strip.text for strip in line) for line in renderable.strips]
    elif isinstance(renderable, ChopsUpdate):
        lines = ["".join(strip.text for strip in chop.values() if strip is not None) for chop in renderable.chops]
    else:  # something else: read the whole screen as it stands after this frame
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
    return "\n".join(lines)


def screen_text(app) -> str:
    """Every cell on the screen now, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


class Frames:
    """Watches every frame `app` sends to the terminal (it wraps `app._display`, as Textual's
    headless driver calls it too). `await frames.until(text, action)` runs `action` and returns the
    milliseconds from just before it to the first frame whose cells hold `text`."""

    def __init__(self, app) -> None:
        self.app = app
        self.count = 0
        # The process's CPU time over the last `until` (all threads). When it is far below the wall
        # time, the wait was for the machine (another process, the VM's host), not the app's work.
        self.cpu_ms = 0.0
        self._want: str | None = None
        self._found: asyncio.Future | None = None
        original = app._display

        def display(screen, renderable) -> None:
            now = time.perf_counter()
            cpu = time.process_time()
            original(screen, renderable)
            if renderable is None or app._batch_count:  # Textual sends nothing for these
                return
            self.count += 1
            if self._want is not None and not self._found.done() and self._want in frame_text(app, renderable):
                self._found.set_result((now, cpu))

        app._display = display

    async def until(self, text: str, action: Callable[[], Any], timeout: float = 30.0) -> float:
        self._want = text
        self._found = asyncio.get_running_loop().create_future()
        forget_painted_screens()
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        try:
            painted, painted_cpu = await asyncio.wait_for(self._found, timeout)
        except asyncio.TimeoutError:
            raise SystemExit(f"no frame showed {text!r} within {timeout} s; the screen holds:\n{screen_text(self.app)}") from None
        finally:
            self._want = None
        self.cpu_ms = (painted_cpu - start_cpu) * 1000
        return (painted - start) * 1000


def press(app, key: str) -> None:
    """Send one key as the terminal driver would (what Pilot.press does, without its waiting)."""
    import unicodedata

    from textual import events
    from textual.keys import _get_unicode_name_from_key

    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


async def settle(pilot, seconds: float = 0.0) -> None:
    """Let the app finish what followed the last measurement (and sleep a little, if asked)."""
    await _pause(pilot)
    if seconds:
        await asyncio.sleep(seconds)
        await _pause(pilot)


async def _pause(pilot) -> None:
    forget_painted_screens()
    await pilot.pause()


def forget_painted_screens() -> None:
    """Before a wait with a timeout (Pilot.pause's 30 s, `Frames.until`'s): asyncio keeps a
    cancelled timer, with the copy of the context it was made in, until it comes due. This task's
    context names the screens Textual last painted (its visible_screen_stack), so each wait kept
    an old chat screen alive for 30 s, and the memory figures counted the harness's leftovers,
    not the app's."""
    from textual._context import visible_screen_stack

    visible_screen_stack.set([])


# ---------------------------------------------------------------- content


def choice_chain(count: int, flow: str = "bench") -> str:
    """A flow of `count` choice questions in a row (each answer leads to the next question)."""
    lines = ["format: 1", f"id: {flow}", "title: Mätning", f"start: {flow}_q0", "nodes:"]
    for i in range(count):
        after = f"{flow}_q{i + 1}" if i + 1 < count else f"{flow}_done"
        lines += [
            f"  - id: {flow}_q{i}",
            "    kind: choice",
            f"    text: {question_text(i)}",
            "    options:",
            "      - {key: a, label: Det första}",
            "      - {key: b, label: Det andra}",
            f"    next: {after}",
        ]
    lines += [f"  - {{id: {flow}_done, kind: outcome, text: Klart.}}"]
    return "\n".join(lines) + "\n"


def question_text(i: int) -> str:
    return f"Fråga nummer {i}. Vad väljer du nu?"


def chain_bundle(folder: Path, count: int):
    """The chain flow written to `folder` and loaded as the app loads content (refused with errors)."""
    from imguide.core.content.loader import read_bundle

    (folder / "bench.yaml").write_text(choice_chain(count), encoding="utf-8")
    bundle, diagnostics = read_bundle([folder])
    errors = [d.format() for d in diagnostics if d.is_error]
    assert not errors, errors[:3]
    return bundle


def branching_flow(flow: int, questions: int, last: bool) -> str:
    """A chain of choices, each branching two ways and joining again; flows jump to the next one."""
    p = f"f{flow}_"
    lines = ["format: 1", f"id: flow{flow}", f"title: Flöde {flow}", f"start: {p}q0", "nodes:"]
    for i in range(questions):
        after = f"{p}q{i + 1}" if i + 1 < questions else f"{p}end"
        lines += [
            f"  - id: {p}q{i}",
            "    kind: choice",
            f"    text: Fråga nummer {i}. Välj ett svar.",
            "    options:",
            '      - {key: "yes", label: Ja}',
            '      - {key: "no", label: Nej}',
            "    next:",
            f"      - if: {p}q{i} == 'yes'",
            f"        goto: {p}a{i}",
            f"      - goto: {p}b{i}",
            f"  - {{id: {p}a{i}, kind: message, text: Du svarade ja på fråga {i}., next: {after}}}",
            f"  - {{id: {p}b{i}, kind: message, text: Du svarade nej på fråga {i}., next: {after}}}",
        ]
    lines += [f"  - {{id: {p}end, kind: outcome, text: Klart.}}" if last else f"  - {{id: {p}end, kind: jump, flow: flow{flow + 1}}}"]
    return "\n".join(lines) + "\n"


def write_branching_bundle(folder: Path, nodes: int) -> list[Path]:
    """About `nodes` nodes in files of about 1,000 each."""
    flows = max(1, nodes // 1000)
    paths = []
    for flow in range(flows):
        path = folder / f"flow{flow}.yaml"
        path.write_text(branching_flow(flow, (nodes // flows - 1) // 3, flow == flows - 1), encoding="utf-8")
        paths.append(path)
    return paths


# Answers that take the walk through the longest part of the shipped content (the intake, which
# the export is about); used only where the option exists, else the walk picks for itself.
PREFERRED = {"start_who": "student", "start_topic": "fit", "fit_next": "intake", "intake_next": "done"}


def answer_next(session, visits: dict[str, int]) -> bool:
    """Answer the question waiting now with an answer the flow accepts; False at an outcome.
    The first visit takes the preferred or first candidate, later visits (a loop) the last, so
    loops end; a multiple choice takes the most options."""
    from imguide.core.content.answers import AnswerError
    from imguide.core.engine.walks import candidate_answers

    node = session.state.current
    if node is None:
        return False
    visit = visits.get(node.id, 0)
    visits[node.id] = visit + 1
    candidates = [c for c in candidate_answers(node) if c is not None]
    if node.kind == "multi":
        candidates.sort(key=lambda c: -len(c) if isinstance(c, (list, tuple, set)) else 0)
    elif visit:
        candidates.reverse()
    preferred = PREFERRED.get(node.id)
    if preferred is not None and not visit and node.kind == "choice" and preferred in [o.key for o in node.options]:
        candidates.insert(0, preferred)
    for candidate in candidates:
        try:
            session.answer(node.id, candidate)
            return True
        except AnswerError:
            continue
    session.answer(node.id, None)  # nothing fits: skip (a required question raises here)
    return True


def answer_to_outcome(session, limit: int = 500) -> int:
    """Answer the session's flow until an outcome; returns the number of answers."""
    visits: dict[str, int] = {}
    for count in range(limit):
        if not answer_next(session, visits):
            return count
    raise RuntimeError(f"no outcome after {limit} answers (a loop the walk does not leave?)")


# ---------------------------------------------------------------- memory


def rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


# ---------------------------------------------------------------- fresh processes

# Code a child process runs first: the time since the process started, from the kernel's start
# time of this process (clock ticks since boot, 10 ms steps) against CLOCK_BOOTTIME now, so
# interpreter start-up and every import are counted.
PRELUDE = r"""
import os, time
def _since_start():
    with open("/proc/self/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    return time.clock_gettime(time.CLOCK_BOOTTIME) - start_ticks / os.sysconf("SC_CLK_TCK")
_t0 = time.perf_counter() - _since_start()
"""

# The frames an app sends; at the first that shows `ready(app)`, the time since process start is
# taken; with `done(app)`, the end is when that also holds (polled every millisecond on the app's
# loop, so work the app deferred until after its first frame is counted). The child prints one
# JSON line {"ms": ...} (plus `report()`'s keys) and exits.
WATCH = r"""
import asyncio, json
_tasks = []
def _watch_frames(app, ready, run=None, done=None, linger=0.0, report=lambda app: {}):
    original = app._display
    def finish(ms):
        async def later():
            try:
                await asyncio.sleep(linger)
                print(json.dumps({"ms": ms, **report(app)}), flush=True)
            finally:
                app.exit()
        _tasks.append(asyncio.get_running_loop().create_task(later()))
    def display(screen, renderable):
        now = time.perf_counter()
        original(screen, renderable)
        if renderable is None or app._batch_count or not ready(app):
            return
        app._display = original
        if done is None or done(app):
            return finish((now - _t0) * 1000)
        async def poll():
            try:
                while not done(app):
                    await asyncio.sleep(0.001)
            except BaseException:
                app.exit()
                raise
            finish((time.perf_counter() - _t0) * 1000)
        _tasks.append(asyncio.get_running_loop().create_task(poll()))
    app._display = display
    (run or app.run)(headless=True, size=(80, 24))

def _focused_and_visible(app):
    focused = app.focused
    return focused is not None and focused in app.screen._compositor.visible_widgets
"""

BARE_APP = PRELUDE + WATCH + r"""
from textual.app import App
from textual.widgets import Button, Footer, Header, Static
class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Hej! Jag hjälper dig att förstå introduktionsprogrammen.")
        yield Button("Börja")
        yield Footer()
_watch_frames(Bare(), _focused_and_visible)
"""

# imguide as a person starts it: the `imguide` command's own entry point. Its App.run is made
# headless and watched the same way, patched in as Textual is first imported: the command imports
# Textual only once it starts the guide, and that order is part of what is measured.
GUIDE_APP = PRELUDE + WATCH + r"""
import importlib.util, sys
SCREEN, ARGV, DONE, LINGER, CATALOGS = SETTINGS
opened = []
if CATALOGS:
    def _audit(event, args):
        if event == "open" and str(args[0]).endswith(".mo"):
            opened.append(str(args[0]))
    sys.addaudithook(_audit)
def ready(app):
    return type(app.screen).__name__ == SCREEN and _focused_and_visible(app)
def chat_prepared(app):
    # what GuideApp.on_mount defers until after the picker's first frame: the chat, and the content
    return "imguide.ui.screens.chat" in sys.modules and getattr(app, "_bundle", None) is not None
def report(app):
    return {"catalogs": opened} if CATALOGS else {}
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
            def watched(app, *args, **kwargs):
                return _watch_frames(app, ready, lambda **options: run(app, **options),
                                     chat_prepared if DONE else None, LINGER, report)
            module.App.run = watched
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, _HeadlessWhenImported())
from imguide.cli import main
main(ARGV)
"""


def guide_app_code(screen: str, argv: list[str], done: bool = False, linger: float = 0.0, catalogs: bool = False) -> str:
    """Child code: `imguide ARGV` until `screen` is painted and focused (and, with `done`, the chat
    prepared behind the picker); with `catalogs`, also the .mo files opened, `linger` s later."""
    return GUIDE_APP.replace("= SETTINGS", "= " + repr((screen, argv, done, linger, catalogs)))


def run_child(code: str, env: dict | None = None, timeout: float = 120) -> dict:
    """Run `code` in a fresh interpreter (this one's), return the JSON of its last stdout line."""
    import subprocess

    environment = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment, cwd=ROOT, timeout=timeout)
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise SystemExit(f"benchmark process failed ({result.returncode}):\n{result.stdout[-1000:]}\n{result.stderr[-3000:]}")
    return json.loads(lines[-1])


async def until(pilot, condition: Callable[[], bool], what: str, timeout: float = 30.0, pause: float = 0.01) -> None:
    """Wait (letting the app run) until `condition()` holds."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out waiting for {what}; the screen holds:\n{screen_text(pilot.app)}")
        await asyncio.sleep(pause)


def _bounded_lru_caches() -> list:
    """Every functools.lru_cache with a size limit: those the GC sees, and those in modules and
    classes (the app's launcher freezes the imported modules out of the GC's sight)."""
    import functools
    import gc

    found: dict[int, object] = {}

    def look(value) -> None:
        value = getattr(value, "__func__", value)  # staticmethod, classmethod
        if isinstance(value, functools._lru_cache_wrapper) and value.cache_info().maxsize is not None:
            found[id(value)] = value

    for module in list(sys.modules.values()):
        for value in list(getattr(module, "__dict__", {}).values()):
            look(value)
            if isinstance(value, type):
                for member in list(vars(value).values()):
                    look(member)
    for value in gc.get_objects():
        look(value)
    return list(found.values())


def memory_now() -> tuple[int, int, int]:
    """(RSS in kB, objects the GC tracks, entries the bounded functools.lru_caches held), after a
    full collection. Bounded caches (Textual's geometry and style caches hold up to 4,096 entries
    each, and fill for hundreds of visits) are emptied before counting: they cannot grow without
    limit, which is what the figure looks for; unbounded caches (maxsize=None) are counted as they
    are. Their entries are returned as context. Objects frozen out of the collector's way at start
    (imguide/ui/collector.py) are counted too: they are tracked all the same."""
    import gc

    cached = 0
    for cache in _bounded_lru_caches():
        cached += cache.cache_info().currsize
        cache.cache_clear()
    _drop_cancelled_timers()
    gc.collect()
    return rss_kb(), len(gc.get_objects()) + gc.get_freeze_count(), cached


def _drop_cancelled_timers() -> None:
    """Take the cancelled timers out of the running event loop's queue, as asyncio itself does once
    they are more than half of it (otherwise they stay until they come due). Each holds a copy of
    the context it was made in; how many happened to be queued at the moment of counting (the
    harness's and Pilot's 30 s waits, a frame hold's 0.5 s) swung the object count by a hundred
    or so, more than the limit the figure checks."""
    import asyncio
    import heapq

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    scheduled = getattr(loop, "_scheduled", None)
    if scheduled is None:
        return
    kept = [handle for handle in scheduled if not handle.cancelled()]
    for handle in scheduled:
        if handle.cancelled():
            handle._scheduled = False
    heapq.heapify(kept)
    loop._scheduled = kept
    loop._timer_cancelled_count = 0


def memory_results(what: str, count: int, full: int, before: tuple, after: tuple) -> list[Result]:
    """RSS growth under 10 MB and tracked objects under 1 % over `full` repetitions, the limits
    scaled to the `count` that were measured (a steady leak grows with the count)."""
    scale = count / full
    rss_mb, rss_limit = (after[0] - before[0]) / 1024, 10 * scale
    growth, growth_limit = (after[1] - before[1]) / before[1] * 100, 1.0 * scale
    return [
        Result(f"{what}: RSS growth over {count}", round(rss_mb, 2), round(before[0] / 1024, 1), None, f"< {rss_limit:.2f} MB", rss_mb < rss_limit, "MB"),
        Result(
            f"{what}: GC-tracked objects growth over {count}", round(growth, 3), None, None, f"< {growth_limit:.3f} %", growth < growth_limit, "%",
            f"{before[1]} -> {after[1]} objects; lru_cache entries {before[2]} -> {after[2]}",
        ),
    ]
