"""Kiosk mode: the staff PIN kept only as a salted hash, a growing wait after wrong tries, a
configuration that names what is wrong; and in the app: no way out without the PIN, the countdown
after the idle time and the wipe back to the picker, "I am done" with the pickup code, the purge."""

from __future__ import annotations

import gc
import os
import stat
import time
from pathlib import Path

import pytest
import yaml

from imguide.cli import main
from imguide.core.kiosk.config import ConfigError, KioskConfig, read_config, write_config
from imguide.core.kiosk.pin import Attempts, PinError, hash_pin, pin_matches, pin_problem
from imguide.ui.app import GuideApp
from imguide.ui.kiosk import CountdownScreen, PickupScreen, PinScreen, big_letters
from imguide.ui.screens.chat import ChatScreen
from imguide.ui.screens.language import LanguageScreen

from test_ui_support import SIZE, bubbles, settle, wait_for

PIN = "482916"
STORED = hash_pin(PIN)  # once: a scrypt hash takes a tenth of a second


# ------------------------------------------------------------------ the PIN


def test_only_a_salted_hash_of_the_pin_is_kept():
    again = hash_pin(PIN)
    assert PIN not in repr(STORED) and PIN not in repr(again)
    assert STORED["salt"] != again["salt"] and STORED["hash"] != again["hash"]
    assert STORED["algorithm"] in ("scrypt", "pbkdf2-sha256")
    assert pin_matches(PIN, STORED) and pin_matches(PIN, again)
    assert not pin_matches("482917", STORED) and not pin_matches("", STORED)


@pytest.mark.parametrize("weak", ["1234", "000000", "123456", "987654"])
def test_a_guessable_pin_is_refused(weak):
    assert pin_problem(weak)
    with pytest.raises(PinError):
        hash_pin(weak)


def test_each_wrong_try_waits_longer():
    attempts = Attempts()
    assert [attempts.failed() for _ in range(5)] == [0, 2, 4, 8, 16]
    assert max(attempts.failed() for _ in range(20)) == 300
    attempts.succeeded()
    assert attempts.failed() == 0


# ------------------------------------------------------------------ the configuration


def test_the_configuration_round_trips_owner_only(tmp_path):
    path = tmp_path / "conf" / "kiosk.yaml"
    config = KioskConfig(pin=STORED, idle_seconds=120, countdown_seconds=20, retention_days=7, outbox=tmp_path / "out")
    write_config(path, config)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert read_config(path) == config
    assert PIN not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("idle_seconds: soon\n", "idle_seconds must be a whole number"),
        ("idle_seconds: 2\n", "between 5 and"),
        ("colour: blue\n", "unknown key 'colour'"),
        ("pin: 123456\n", "'pin' must be the mapping"),
        ("pin: {algorithm: md5, salt: aa, hash: bb}\n", "unknown PIN algorithm"),
        ("pin: {algorithm: scrypt, n: 16, r: 8, p: 1, salt: aa, hash: bb}\n", "too weak"),
        ("idle_seconds: 30\ncountdown_seconds: 40\n", "shorter than idle_seconds"),
        ("retention_days: -1\n", "retention_days"),
        ("idle_seconds: [\n", "not valid YAML"),
    ],
)
def test_a_bad_configuration_names_the_file_and_the_problem(tmp_path, text, message):
    path = tmp_path / "kiosk.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        read_config(path)
    assert str(path) in str(raised.value) and message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_set_pin_asks_twice_and_stores_the_hash(tmp_path, monkeypatch, capsys):
    path = tmp_path / "kiosk.yaml"
    answers = iter([PIN, PIN])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["kiosk", "--config", str(path), "--set-pin"]) == 0
    stored = yaml.safe_load(path.read_text(encoding="utf-8"))["pin"]
    assert pin_matches(PIN, stored) and PIN not in path.read_text(encoding="utf-8")
    different = iter([PIN, "999999x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(different))
    assert main(["kiosk", "--config", str(path), "--set-pin"]) == 2
    assert "differ" in capsys.readouterr().err
    assert pin_matches(PIN, yaml.safe_load(path.read_text(encoding="utf-8"))["pin"])  # unchanged


def test_a_kiosk_without_a_pin_will_not_start(tmp_path, capsys):
    path = tmp_path / "kiosk.yaml"
    path.write_text("idle_seconds: 60\n", encoding="utf-8")
    assert main(["kiosk", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--set-pin" in err


# ------------------------------------------------------------------ in the app


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def kiosk_app(tmp_path, lang: str | None = "sv", idle: int = 60, countdown: int = 10) -> tuple[GuideApp, Clock]:
    config = KioskConfig(pin=STORED, idle_seconds=idle, countdown_seconds=countdown, outbox=tmp_path / "outbox")
    app = GuideApp(lang=lang, kiosk=config)
    clock = Clock()
    app.kiosk_watch.clock = clock
    app.kiosk_watch.last_seen = clock()
    return app, clock


async def test_no_quit_key_leaves_the_kiosk(tmp_path):
    app, _clock = kiosk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("ctrl+c", "ctrl+z", "ctrl+backslash", "ctrl+p", "ctrl+d"):
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running and isinstance(app.screen, ChatScreen), key
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, PinScreen) and app.is_running
        footer = " ".join(str(key.description) for key in app.screen.query("FooterKey"))
        assert "Avsluta" not in footer


async def test_wrong_pins_wait_and_the_right_one_leaves(tmp_path):
    app, clock = kiosk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PinScreen)
        for attempt in ("111111", "222222"):
            screen.query_one("#pin").value = attempt
            await pilot.press("enter")
            await settle(pilot)
        message = str(screen.query_one("#pin-message").render())
        assert "Fel PIN-kod" in message and "Vänta 2 sekunder" in message
        screen.query_one("#pin").value = PIN
        await pilot.press("enter")  # still waiting: the right PIN is not even tried
        await settle(pilot)
        assert app.is_running and "Vänta" in str(screen.query_one("#pin-message").render())
        clock.now += 3
        screen.query_one("#pin").value = PIN
        await pilot.press("enter")
        await settle(pilot)
    assert app.return_code == 0 and not app.is_running


async def test_idle_brings_a_countdown_a_key_keeps_the_visit(tmp_path):
    app, clock = kiosk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        clock.now += 52
        app.kiosk_watch.tick()
        await settle(pilot)
        assert isinstance(app.screen, CountdownScreen)
        assert "Om 8 sekunder tas allt du har svarat bort." in str(app.screen.query_one("#countdown-text").render())
        clock.now += 1
        app.kiosk_watch.tick()
        await settle(pilot)
        assert "Om 7 sekunder" in str(app.screen.query_one("#countdown-text").render())
        await pilot.press("space")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen) and app.session.answers  # still here, answers kept


async def test_the_wipe_leaves_nothing_of_the_visit(tmp_path):
    app, clock = kiosk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        said = bubbles(app, "user")[-1]
        clock.now += 61
        app.kiosk_watch.tick()
        await wait_for(pilot, lambda: isinstance(app.screen, LanguageScreen), "the picker after the wipe")
        await pilot.pause(0.05)
        assert app._session is None and app.kiosk_watch.wipes == 1
        assert not any(said in str(widget.render()) for widget in app.screen.walk_children() if hasattr(widget, "render"))
        gc.collect()
        # no answer object of the visit is alive anywhere
        from imguide.core.engine.session import Session

        assert not [obj for obj in gc.get_objects() if isinstance(obj, Session) and obj.answers]


async def test_i_am_done_exports_shows_the_code_large_and_wipes(tmp_path):
    app, _clock = kiosk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, PickupScreen), "the pickup code")
        code = app.screen.code
        assert (tmp_path / "outbox" / code / "intake.html").exists()
        assert str(app.screen.query_one("#pickup-code").render()) == big_letters(code)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LanguageScreen), "the picker after the wipe")
        assert app._session is None


def test_the_big_letters_cover_the_whole_pickup_alphabet():
    from imguide.core.export.outbox import CODE_ALPHABET

    lines = big_letters(CODE_ALPHABET + "-").split("\n")
    assert len(lines) == 5 and len({len(line) for line in lines}) == 1
    assert all(line.strip() for line in lines)
    assert big_letters("K7M4-XR9P").count("█") > 60


async def test_old_exports_are_purged_when_the_kiosk_starts(tmp_path):
    outbox = tmp_path / "outbox"
    old = outbox / "K7M4-XR9P"
    old.mkdir(parents=True)
    (old / "intake.json").write_text("{}", encoding="utf-8")
    fresh = outbox / "ACDE-FHJK"
    fresh.mkdir()
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    app, _clock = kiosk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not old.exists() and fresh.exists()


async def test_an_empty_picker_is_not_counted_down(tmp_path):
    app, clock = kiosk_app(tmp_path, lang=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        clock.now += 1000
        app.kiosk_watch.tick()
        await settle(pilot)
        assert isinstance(app.screen, LanguageScreen) and app.kiosk_watch.wipes == 0


async def test_ctrl_q_with_the_pin_screen_under_another_keeps_one_pin_screen(tmp_path):
    """Found by the monkey: with a screen over the PIN screen (the help), Ctrl+Q pushed a second
    PIN screen under the same id, and the kiosk stopped; the idle countdown must not come up
    over a PIN screen either (the staff are at the machine)."""
    from imguide.ui.screens.dialogs import HelpScreen

    app, clock = kiosk_app(tmp_path, idle=60, countdown=10)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen), "the PIN screen")
        app.push_screen(HelpScreen())
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help over it")
        app.kiosk_watch.last_seen = clock.now - 55
        app.kiosk_watch.tick()
        await settle(pilot)
        app.kiosk_watch.ask_pin()  # what Ctrl+Q does
        await settle(pilot)
        assert app.is_running
        assert sum(isinstance(screen, PinScreen) for screen in app.screen_stack) == 1
        assert not any(isinstance(screen, CountdownScreen) for screen in app.screen_stack)
