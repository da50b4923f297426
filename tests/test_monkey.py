"""Monkey testing: seeded sequences of keys, clicks, pastes, resizes and (on a kiosk) idle time,
sent as fast as the app takes them, on every screen the keys lead to, in every language and mode
(the guide, a counsellor's screen, a kiosk).

A run passes when the app never stops on its own, nothing it shows holds a control character, and
nothing is written outside the outbox. The runs are seeded, so a failure names the seed that
reproduces it; IMGUIDE_SOAK=N makes each run N times as long (`make soak`).
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from textual import events

from hostile import HOSTILE, MEGABYTE, screen_lines, unsafe_on_screen
from imguide.core.kiosk.config import KioskConfig
from imguide.ui.app import GuideApp
from test_kiosk import STORED, Clock
from test_ui_support import mash, settle

pytestmark = pytest.mark.slow

SOAK = max(1, int(os.environ.get("IMGUIDE_SOAK", "1") or "1"))
STEPS = 60 * SOAK  # per run: a burst of keys, a click, a paste, a resize or idle time each

KEYS = [
    *"abcdefghijklmnopqrstuvwxyzåäö0123456789ABCDEF",
    "enter", "escape", "tab", "shift+tab", "up", "down", "left", "right", "space", "backspace",
    "delete", "home", "end", "pageup", "pagedown", "minus", "question_mark", "comma", "full_stop",
    "ctrl+b", "ctrl+r", "ctrl+s", "ctrl+t", "ctrl+l", "ctrl+g", "ctrl+e", "ctrl+a", "ctrl+u",
    "ctrl+p", "ctrl+z", "ctrl+d", "f1", "f2", "f3", "y", "n",
]
STAFF_KEYS = ["f4", "f8", "f9"]  # jump, notes, next family
KIOSK_KEYS = ["f10", "ctrl+q", "ctrl+c", "ctrl+backslash"]  # "I am done", and the ways out that must not work
SIZES = [(40, 16), (40, 30), (60, 20), (80, 24), (100, 30), (120, 40), (140, 45), (30, 10)]  # the last too small


@dataclass
class Mode:
    name: str
    lang: str | None = None
    flow: str | None = None
    staff: bool = False
    kiosk: bool = False
    extra_keys: list[str] = field(default_factory=list)


MODES = [
    Mode("picker"),
    Mode("sv", "sv"),
    Mode("en-fit", "en", "fit"),
    Mode("ar-intake", "ar", "intake"),
    Mode("fa_AF-fit", "fa_AF", "fit"),
    Mode("so", "so"),
    Mode("ti-intake", "ti", "intake"),
    Mode("uk-fit", "uk", "fit"),
    Mode("staff-ar", "ar", staff=True, extra_keys=STAFF_KEYS),
    Mode("staff-sv-intake", "sv", "intake", staff=True, extra_keys=STAFF_KEYS),
    Mode("kiosk-picker", kiosk=True, extra_keys=KIOSK_KEYS),
    Mode("kiosk-ar-fit", "ar", "fit", kiosk=True, extra_keys=KIOSK_KEYS),
]

PASTES = HOSTILE + [MEGABYTE, "20100514-1234", "٢٠١٠-٠٥-١٤", "۱۴۰۲", "Jag har ADHD och tar medicin"]


def seed_of(mode: Mode) -> int:
    return 1000 + MODES.index(mode)


def make_app(mode: Mode, tmp_path: Path) -> tuple[GuideApp, Clock | None]:
    if not mode.kiosk:
        return GuideApp(lang=mode.lang, flow=mode.flow, staff=mode.staff), None
    config = KioskConfig(pin=STORED, idle_seconds=60, countdown_seconds=10, outbox=tmp_path / "outbox")
    app = GuideApp(lang=mode.lang, flow=mode.flow, kiosk=config)
    clock = Clock()
    app.kiosk_watch.clock = clock
    app.kiosk_watch.last_seen = clock()
    return app, clock


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


async def monkey(app: GuideApp, clock: Clock | None, mode: Mode, seed: int) -> dict[str, int]:
    """`STEPS` random steps; returns how many of each action were sent."""
    rng = random.Random(seed)
    keys = KEYS + mode.extra_keys
    counts = {"keys": 0, "clicks": 0, "pastes": 0, "resizes": 0, "idle": 0}
    screens: set[str] = set()
    size = (100, 30)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for done in range(1, STEPS + 1):
            roll = rng.random()
            if roll < 0.70:
                burst = [rng.choice(keys) for _ in range(rng.randint(1, 12))]
                await mash(pilot, burst)
                counts["keys"] += len(burst)
            elif roll < 0.82:
                x, y = rng.randrange(size[0]), rng.randrange(size[1])
                await pilot.click(offset=(x, y))
                counts["clicks"] += 1
            elif roll < 0.90:
                app.post_message(events.Paste(rng.choice(PASTES)))
                await settle(pilot)
                counts["pastes"] += 1
            elif roll < 0.95 or clock is None:
                size = rng.choice(SIZES)
                await pilot.resize_terminal(*size)
                await settle(pilot)
                counts["resizes"] += 1
            else:  # a kiosk left alone: the countdown, and sometimes the wipe
                clock.now += rng.choice([5, 30, 61, 75])
                app.kiosk_watch.tick()
                await settle(pilot)
                counts["idle"] += 1
            assert app.is_running, f"{mode.name}: the app stopped after {done} steps (seed {seed})"
            screens.add(type(app.screen).__name__)
            for line in screen_lines(app):
                assert not unsafe_on_screen(line), f"{mode.name}: {unsafe_on_screen(line)} on screen (seed {seed}): {line!r}"
        await settle(pilot)
        assert app.is_running and app.screen is not None
    counts["screens"] = len(screens)
    return counts


@pytest.mark.parametrize("mode", MODES, ids=[mode.name for mode in MODES])
async def test_monkey(mode: Mode, tmp_path, monkeypatch):
    outbox, home, cwd = tmp_path / "outbox", tmp_path / "home", tmp_path / "cwd"
    for folder in (home, cwd):
        folder.mkdir()
    monkeypatch.setenv("IMGUIDE_OUTBOX", str(outbox))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.chdir(cwd)
    app, clock = make_app(mode, tmp_path)
    counts = await monkey(app, clock, mode, seed_of(mode))
    assert counts["keys"] and counts["clicks"] and counts["resizes"] and counts["pastes"]
    assert counts["screens"] >= 3, "the keys should lead to other screens (help, summary, picker ...)"
    assert files_under(home) == [] and files_under(cwd) == [], "written outside the outbox"
    for path in files_under(outbox) if outbox.exists() else []:
        assert path.stat().st_mode & 0o077 == 0, f"{path} can be read by others"
