"""Shared helpers for the Pilot UI tests (test_ui_*.py), and a check of the helpers themselves.

The helpers read what a user would notice: the bubbles in the transcript, the focused widget, the
screen on top, and the session's answers."""

from __future__ import annotations

import asyncio
import unicodedata
from typing import Any

from textual import events
from textual.keys import _character_to_key, _get_unicode_name_from_key
from textual.widgets import Input

from imguide.core.content.compiled import shipped_bundle
from imguide.core.content.loader import load_bundle
from imguide.core.content.model import Node
from imguide.ui.app import GuideApp
from imguide.ui.screens.chat import ChatScreen
from imguide.ui.widgets.bubble import Bubble
from imguide.ui.widgets.choices import option_key

SIZE = (80, 24)


def bundle():
    return shipped_bundle()


def chat(app: GuideApp) -> ChatScreen:
    screen = app.chat
    assert screen is not None, "the chat screen is not open"
    return screen


def bubbles(app: GuideApp, role: str | None = None) -> list[str]:
    """What the live bubbles say, oldest first."""
    return [bubble.message for bubble in chat(app).transcript.bubbles(role)]


def bubble_widgets(app: GuideApp, role: str | None = None) -> list[Bubble]:
    return chat(app).transcript.bubbles(role)


def answers(app: GuideApp) -> dict[str, Any]:
    return {answer.node: answer.value for answer in app.session.answers}


def current(app: GuideApp) -> Node | None:
    return app.session.state.current


async def settle(pilot) -> None:
    """Let mounts, focus moves and the follow-up refreshes finish."""
    await pilot.pause()


def typed(text: str) -> list[str]:
    """Pilot key names for typing `text` (space and punctuation have names)."""
    return ["space" if ch == " " else ch for ch in text]


def keys_for(node: Node, visits: dict[str, int]) -> list[str]:
    """Key presses that answer `node` as a user would: the options in turn on each visit (so a
    loop back to a menu picks something new), the shortest declared sample for typed answers
    (its first word for free text: every key press costs the test a Pilot round trip)."""
    visit = visits.get(node.id, 0)
    visits[node.id] = visit + 1
    if node.kind == "choice":
        # options that stay in this flow first, in turn; a jump to another flow only when needed
        shipped = shipped_bundle()
        numbers = list(range(1, len(node.options) + 1))
        staying = [n for n in numbers if not _jumps(shipped, node.options[n - 1].goto)]
        order = staying or numbers
        return [option_key(order[visit % len(order)])]
    if node.kind == "multi":
        return [option_key(visit % len(node.options) + 1), "enter"]
    if node.kind == "grades":
        sample = dict(node.samples[0]) if node.samples else {"SV": "C", "EN": "C", "MA": "C"}
        keys = []
        for code in node.subjects:
            grade = sample.get(code)
            keys.append(grade if grade else "down")
        return keys + ["enter"]
    if not node.samples:
        return typed("3") + ["enter"]
    samples = [s.isoformat() if hasattr(s, "isoformat") else str(s) for s in node.samples]
    sample = min(samples, key=len)
    if node.kind == "text":
        sample = sample.split()[0].strip(",.")  # one word is an answer too, and quick to type
    return typed(sample) + ["enter"]


def _jumps(shipped, target: str | None) -> bool:
    return bool(target) and shipped.nodes[target].kind == "jump"


async def answer_current(pilot, app: GuideApp, visits: dict[str, int]) -> Node:
    node = current(app)
    assert node is not None
    if node.kind in ("text", "number", "date"):
        assert isinstance(app.focused, Input), f"the input should have focus at {node.id}, not {app.focused!r}"
    await mash(pilot, keys_for(node, visits))
    return node


def _key_event(key: str) -> events.Key:
    """The event a terminal would produce for `key`: a character keeps itself as `character`."""
    if len(key) == 1:
        return events.Key(key if key.isalnum() else _character_to_key(key), key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = None
    return events.Key(key, char)


async def mash(pilot, keys) -> None:
    """Keys as fast as a child mashing the keyboard: sent without waiting for the app to catch
    up between them (Pilot.press waits for idle after every key, which makes 300 keys slow)."""
    app = pilot.app
    for key in keys:
        event = _key_event(key)
        event.set_sender(app)
        app._driver.send_message(event)
        await asyncio.sleep(0)
    await settle(pilot)



def test_every_shipped_flow_has_a_start_and_samples_for_typed_questions():
    shipped = load_bundle()
    for node in shipped.nodes.values():
        if node.kind in ("text", "number", "date"):
            assert node.samples, node.id
    assert "start" in shipped.flows


def test_keys_for_cycles_through_options():
    shipped = load_bundle()
    node = shipped.nodes["start_who"]
    visits: dict[str, int] = {}
    assert [keys_for(node, visits) for _ in range(4)] == [["1"], ["2"], ["3"], ["1"]]


def test_keys_for_prefers_options_that_stay_in_the_flow():
    shipped = load_bundle()
    menu = next(n for n in shipped.nodes.values() if n.kind == "choice" and any(_jumps(shipped, o.goto) for o in n.options) and not all(_jumps(shipped, o.goto) for o in n.options))
    pressed = int(keys_for(menu, {})[0])
    assert not _jumps(shipped, menu.options[pressed - 1].goto)


async def wait_for(pilot, condition, what: str = "the screen to settle", tries: int = 200) -> None:
    """Pause until `condition()` holds: a test waits for what it needs, never for a fixed time."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"waited in vain for {what}")


async def click(pilot, widget, offset: tuple[int, int] = (0, 0)) -> None:
    """Click `widget` once it is laid out and nothing covers the point: on a busy machine the
    layout may come a frame later than the test."""
    screen = pilot.app.screen

    def under_pointer() -> bool:
        region = widget.region
        if not region.area:
            return False
        x, y = region.x + offset[0], region.y + offset[1]
        try:
            found, _ = screen.get_widget_at(x, y)
        except Exception:  # the point is outside the screen, or the layout is not done yet
            return False
        return found is widget or widget in found.ancestors_with_self

    await wait_for(pilot, under_pointer, f"{widget!r} to be under the pointer")
    assert await pilot.click(widget, offset=offset)
