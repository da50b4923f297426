"""Kiosk mode: a shared machine that forgets each visitor.

The `KioskWatch` is attached to the app by `imguide kiosk`. It notes every key, click and scroll;
after `idle_seconds` without one a countdown says, in the visitor's language, that everything will
be removed, and at zero the visit is wiped: `app.new_session()` (back to the language picker, every
answer forgotten), and the terminal's scrollback cleared. "I am done" (F10, or at the end of a
path) exports the answers to the kiosk's outbox, shows the pickup code in large letters, then wipes.
Leaving the kiosk takes the staff PIN (Ctrl+Q), with a growing wait after wrong tries. Old exports
are purged at start and once a day.
"""

from __future__ import annotations

import time
from typing import Any, Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from imguide.core.i18n.translator import N_, Translator
from imguide.core.kiosk.config import KioskConfig
from imguide.core.kiosk.pin import Attempts, pin_matches
from imguide.ui.screens.base import close
from imguide.ui.widgets.text import Text, TextButton

# What counts as someone being there.
PRESENCE = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)
DAY = 24 * 3600


class KioskWatch:
    """Idle time, the countdown, the wipe, "I am done" and the daily purge, for one app."""

    def __init__(self, app: Any, config: KioskConfig, clock: Callable[[], float] = time.monotonic) -> None:
        # app: the GuideApp (not imported here: the app imports this module)
        self.app = app
        self.config = config
        self.clock = clock
        self.last_seen = clock()
        self.attempts = Attempts()
        self.wipes = 0  # for the visit counter of the endurance benchmark and the tests

    def start(self) -> None:
        self.purge()
        self.app.set_interval(1.0, self.tick, name="kiosk idle watch")
        self.app.set_interval(DAY, self.purge, name="kiosk daily purge")

    def seen(self) -> None:
        """Someone pressed, clicked or scrolled: the idle time starts again."""
        self.last_seen = self.clock()
        screen = self.app.screen
        if isinstance(screen, CountdownScreen):
            close(screen, None)

    @property
    def visitor_present(self) -> bool:
        """Is there anything of a visitor to forget (a chat begun, or any screen opened)?"""
        return self.app._session is not None or len(self.app.screen_stack) > 1

    def tick(self) -> None:
        idle = self.clock() - self.last_seen
        if not self.visitor_present or self._open(PinScreen):  # staff at the machine
            return
        left = self.config.idle_seconds - idle
        if left <= 0:
            self.wipe()
        elif left <= self.config.countdown_seconds:
            screen = self._open(CountdownScreen)
            if screen is not None:
                screen.show(int(left + 0.999))
            else:
                self.app.push_screen(CountdownScreen(int(left + 0.999)))

    def _open(self, kind: type):
        """The screen of this kind on the stack, if one is (each may be there once: they have ids)."""
        return next((screen for screen in self.app.screen_stack if isinstance(screen, kind)), None)

    def wipe(self) -> None:
        """Forget the visit: the app's one wipe, then the terminal's scrollback."""
        self.app.new_session()
        driver = getattr(self.app, "_driver", None)
        if driver is not None and not getattr(self.app, "is_headless", True):
            driver.write("\x1b[3J")  # erase the saved lines (the scrollback) as well
        self.last_seen = self.clock()
        self.wipes += 1

    def done(self) -> None:
        """"I am done": export to the outbox and show the pickup code, then wipe. With nothing to
        export, straight to the wipe."""
        app = self.app
        session = app._session
        if session is None or not session.answers:
            self.wipe()
            return
        from imguide.core.export.renderers import ExportError
        from imguide.core.export.writer import export_for_meeting

        earlier = app.export
        try:
            result = export_for_meeting(
                app.bundle,
                session,
                app.current_language,
                outbox=self.config.outbox,
                replace=earlier.pickup_code if earlier is not None else None,
            )
        except (ExportError, OSError) as error:
            t = app.translator
            app.notify(t.gettext("Exporten misslyckades: %(reason)s") % {"reason": str(error)}, severity="error", markup=False)
            return
        app.exported(result)
        app.push_screen(PickupScreen(result.pickup_code or "", app.translator, self))

    def purge(self) -> None:
        """Delete exports older than the retention period (a kiosk keeps nothing for long)."""
        from imguide.core.export.outbox import default_outbox, purge

        try:
            purge(self.config.outbox or default_outbox(), self.config.retention_days)
        except OSError as error:
            self.app.log.warning(f"kiosk: purge failed: {error}")

    def ask_pin(self) -> None:
        if self._open(PinScreen) is None:
            self.app.push_screen(PinScreen(self))


class CountdownScreen(ModalScreen[None]):
    """"Are you still there?" with the seconds left, in the visitor's language; any key stays."""

    AUTO_FOCUS = None
    blocks_app_keys = True

    def __init__(self, left: int) -> None:
        super().__init__(id="kiosk-countdown")
        self.left = left

    def compose(self) -> ComposeResult:
        t: Translator = self.app.translator  # type: ignore[attr-defined]
        with Vertical(id="countdown-box", classes="dialog"):
            yield Text(t.gettext("Är du kvar?"), t, classes="screen-title")
            yield Text(self._message(t), t, id="countdown-text")
            yield Text(t.gettext("Tryck på en tangent eller klicka för att fortsätta."), t, classes="hint")

    def _message(self, t: Translator) -> str:
        return t.ngettext(
            "Om %(seconds)d sekund tas allt du har svarat bort.",
            "Om %(seconds)d sekunder tas allt du har svarat bort.",
            self.left,
        ) % {"seconds": self.left}

    def show(self, left: int) -> None:
        self.left = left
        if self.is_mounted:
            t = self.app.translator  # type: ignore[attr-defined]
            self.query_one("#countdown-text", Text).update(self._message(t), t=t)

    def on_key(self, event: events.Key) -> None:
        event.stop()  # the key only says "I am here" (KioskWatch.seen closes this screen)


class PinScreen(ModalScreen[None]):
    """Staff only: the PIN leaves the kiosk. Wrong tries make the next one wait."""

    AUTO_FOCUS = "#pin"
    blocks_app_keys = True
    BINDINGS = [Binding("escape", "cancel", N_("Tillbaka"), show=True)]

    def __init__(self, watch: KioskWatch) -> None:
        super().__init__(id="kiosk-pin")
        self.watch = watch
        self.locked_until = 0.0

    def compose(self) -> ComposeResult:
        t: Translator = self.app.translator  # type: ignore[attr-defined]
        with Vertical(id="pin-box", classes="dialog"):
            yield Text(t.gettext("Personalens PIN-kod"), t, classes="screen-title")
            yield Input(password=True, id="pin", max_length=64)
            yield Text("", t, id="pin-message", classes="hint")
            with Horizontal(classes="button-row"):
                yield TextButton(t.gettext("Avsluta kiosken"), t, id="pin-ok", variant="warning", compact=True)
                yield TextButton(t.gettext("Tillbaka"), t, id="pin-cancel", variant="primary", compact=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.try_pin(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "pin-ok":
            self.try_pin(self.query_one("#pin", Input).value)
        else:
            self.action_cancel()

    def try_pin(self, pin: str) -> None:
        t = self.app.translator  # type: ignore[attr-defined]
        message = self.query_one("#pin-message", Text)
        field = self.query_one("#pin", Input)
        now = self.watch.clock()
        if now < self.locked_until:
            wait = int(self.locked_until - now + 0.999)
            message.update(t.ngettext("Vänta %(seconds)d sekund.", "Vänta %(seconds)d sekunder.", wait) % {"seconds": wait}, t=t)
            return
        stored = self.watch.config.pin
        if stored is not None and pin and pin_matches(pin, stored):
            self.watch.attempts.succeeded()
            self.app.exit()
            return
        wait = self.watch.attempts.failed()
        self.locked_until = now + wait
        field.value = ""
        text = t.gettext("Fel PIN-kod.")
        if wait:
            text += " " + t.ngettext("Vänta %(seconds)d sekund.", "Vänta %(seconds)d sekunder.", int(wait)) % {"seconds": int(wait)}
        message.update(text, t=t)

    def action_cancel(self) -> None:
        close(self, None)


class PickupScreen(ModalScreen[None]):
    """The pickup code in large letters, to write down or photograph, then the wipe."""

    AUTO_FOCUS = "#pickup-done"
    blocks_app_keys = True
    BINDINGS = [Binding("escape,enter", "finish", N_("Klar"), show=True)]

    def __init__(self, code: str, t: Translator, watch: KioskWatch) -> None:
        super().__init__(id="kiosk-pickup")
        self.code = code
        self.t = t
        self.watch = watch
        self.finished = False

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="pickup-box", classes="dialog"):
            yield Text(t.gettext("Dina svar är sparade för mötet."), t, classes="screen-title")
            yield Text(t.gettext("Skriv upp koden eller ta ett foto av den. Ge koden till din SYV."), t)
            with Center():
                yield Static(Content(big_letters(self.code)), id="pickup-code")
            yield Static(Content(self.code), id="pickup-code-plain")
            yield Text(t.gettext("När du trycker på Klar tas allt du har svarat bort från den här datorn."), t, classes="hint")
            yield TextButton(t.gettext("Klar"), t, id="pickup-done", variant="primary", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_finish()

    def action_finish(self) -> None:
        # Straight to the wipe, which takes this screen away with the chat under it (closing it
        # first would bring the chat back on screen for a moment, answers and all).
        if not self.finished:
            self.finished = True
            self.watch.wipe()


# A 5-line block font for the pickup code's characters (the alphabet has no look-alikes).
_FONT = {
    "3": ["████ ", "   ██", " ███ ", "   ██", "████ "],
    "4": ["██ ██", "██ ██", "█████", "   ██", "   ██"],
    "6": [" ███ ", "██   ", "████ ", "██ ██", " ███ "],
    "7": ["█████", "   ██", "  ██ ", " ██  ", " ██  "],
    "9": [" ███ ", "██ ██", " ████", "   ██", " ███ "],
    "A": [" ███ ", "██ ██", "█████", "██ ██", "██ ██"],
    "C": [" ████", "██   ", "██   ", "██   ", " ████"],
    "D": ["████ ", "██ ██", "██ ██", "██ ██", "████ "],
    "E": ["█████", "██   ", "████ ", "██   ", "█████"],
    "F": ["█████", "██   ", "████ ", "██   ", "██   "],
    "H": ["██ ██", "██ ██", "█████", "██ ██", "██ ██"],
    "J": ["  ███", "   ██", "   ██", "██ ██", " ███ "],
    "K": ["██ ██", "████ ", "███  ", "████ ", "██ ██"],
    "M": ["█   █", "██ ██", "█████", "██ ██", "██ ██"],
    "N": ["█  ██", "██ ██", "█████", "██ ██", "██  █"],
    "P": ["████ ", "██ ██", "████ ", "██   ", "██   "],
    "Q": [" ███ ", "██ ██", "██ ██", "██ █ ", " ██ █"],
    "R": ["████ ", "██ ██", "████ ", "██ █ ", "██ ██"],
    "T": ["█████", " ██  ", " ██  ", " ██  ", " ██  "],
    "U": ["██ ██", "██ ██", "██ ██", "██ ██", " ███ "],
    "V": ["██ ██", "██ ██", "██ ██", " ███ ", "  █  "],
    "W": ["██ ██", "██ ██", "█████", "██ ██", "█   █"],
    "X": ["██ ██", " ███ ", "  █  ", " ███ ", "██ ██"],
    "Y": ["██ ██", "██ ██", " ███ ", "  █  ", "  █  "],
    "-": ["     ", "     ", " ███ ", "     ", "     "],
}


def big_letters(code: str) -> str:
    """The code in five lines of block letters (characters outside the font as they are)."""
    glyphs = [_FONT.get(ch.upper(), [ch.center(5)] * 5) for ch in code]
    return "\n".join(" ".join(glyph[row] for glyph in glyphs) for row in range(5))
