"""A session that forgets: after `new_session()` no answer of the last person is reachable from the
app, on screen or anywhere in memory (the kiosk wipe and "start again" rest on this)."""

from __future__ import annotations

import gc
import secrets

import pytest

from imguide.core.engine.walks import candidate_answers
from imguide.ui.app import GuideApp
from imguide.ui.screens.language import LanguageScreen
from test_ui_support import SIZE, mash, settle, typed, wait_for

pytestmark = pytest.mark.slow


def containers_holding(marker: str) -> int:
    """How many live containers (dicts, lists, tuples, sets) hold a string with `marker` in it."""
    count = 0
    for obj in gc.get_objects():
        if isinstance(obj, dict):
            items = [*obj.keys(), *obj.values()]
        elif isinstance(obj, (list, tuple, set, frozenset)):
            items = obj
        else:
            continue
        try:
            count += any(isinstance(item, str) and marker in item for item in items)
        except RuntimeError:  # a container that changed while it was read
            continue
    return count


async def answer_until_free_text(pilot, app: GuideApp) -> None:
    """Answer the intake flow by its first candidates until a question takes the pupil's own words."""
    for _ in range(40):
        node = app.session.state.current
        if node is None or node.kind == "text":
            return
        app.session.answer(node.id, next(a for a in candidate_answers(node) if a is not None))
        app.chat.show_state()
        await settle(pilot)


@pytest.mark.parametrize("lang", [None, "sv"])
async def test_after_new_session_no_answer_is_left_in_memory(lang):
    marker = "Q" + secrets.token_hex(8)  # made here, so the test itself holds it in no container
    app = GuideApp(lang=lang, flow="intake")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        if lang is None:
            await pilot.press("2")  # English, from the picker
            await settle(pilot)
        await answer_until_free_text(pilot, app)
        await mash(pilot, [*typed(marker), "enter"])
        await settle(pilot)
        assert any(marker in str(answer.value) for answer in app.session.answers)
        await pilot.press("ctrl+s")  # the summary shows it too
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+t")  # and Swedish under it
        await settle(pilot)
        assert containers_holding(marker) > 0  # the search finds what is there

        app.new_session()
        await wait_for(pilot, lambda: isinstance(app.screen, LanguageScreen) and app.chat is None, "the picker")
        await settle(pilot)
        assert app.session.answers == []
        gc.collect()
        assert containers_holding(marker) == 0


async def test_a_text_field_that_is_gone_is_not_kept_by_the_chat():
    """Every free-text question mounts an Input; once answered it must not live on (Textual's
    selection signal kept each one, with what was typed, for as long as the chat lived)."""
    import gc

    from imguide.ui.widgets.text_answer import CleanInput

    app = GuideApp(lang="sv", flow="fit")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")  # no Swedish grades
        await settle(pilot)
        while app.session.state.current is not None and app.session.state.current.kind != "date":
            await pilot.press("1")
            await settle(pilot)
        assert app.screen.query(CleanInput)
        await pilot.press(*"2010-05-14", "enter")
        await settle(pilot)
        await pilot.press(*"2026-08-17", "enter")
        await settle(pilot)
        await pilot.pause(0.05)
        gc.collect()
        alive = [obj for obj in gc.get_objects() if isinstance(obj, CleanInput) and not obj.is_attached]
        assert alive == []


async def test_after_a_wipe_the_collector_waits_for_the_picker_and_then_runs_again():
    """A full collection (50-150 ms) used to land inside the wipe the next visitor waits for: it is
    held until the picker is painted, then runs. It must never be left off: a kiosk runs for days."""
    assert gc.isenabled()
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.new_session()
        assert not gc.isenabled(), "the wipe should hold the collector"
        await wait_for(pilot, lambda: isinstance(app.screen, LanguageScreen) and app.screen.is_mounted, "the picker")
        await wait_for(pilot, gc.isenabled, "the collector to run again after the wipe")
        app.new_session()  # and the app closes before the collector's turn comes
    assert gc.isenabled(), "an app that closes mid-wipe must not leave the collector off"


async def test_an_answers_frame_holds_the_collector_until_it_is_painted_and_no_longer():
    """The objects an answer makes start two or three collections; they wait until the answer's
    frame is out. A frame that never comes (its screen gone) must not leave the collector off."""
    from imguide.ui import collector

    assert gc.isenabled()
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        painted = []
        display = app._display

        def watched(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None and not app._batch_count:
                painted.append(gc.isenabled())

        app._display = watched
        await pilot.press("1")
        await wait_for(pilot, gc.isenabled, "the collector to run again after the answer's frame")
        assert painted and painted[0] is False  # held while the frame with the answer was painted
        collector.hold()
        collector.release_after_frame(None)  # no screen to wait for: released after a moment
        assert not gc.isenabled()
        await wait_for(pilot, gc.isenabled, "the collector released without a frame")
    assert gc.isenabled()


async def test_the_picker_after_new_session_keeps_no_trace_of_the_last_choice():
    """The session's picker is shown again, not made anew: it must not point at the language the
    last person chose, and a picker opened mid-chat still comes on top of it."""
    from imguide.ui.screens.chat import ChatScreen
    from imguide.ui.screens.language import LanguageButton

    app = GuideApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")  # the fourth language in the list
        await wait_for(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat")
        chosen = app.language
        app.new_session()
        await wait_for(pilot, lambda: isinstance(app.screen, LanguageScreen) and app.screen.is_mounted, "the picker")
        await settle(pilot)
        buttons = list(app.screen.query(LanguageButton))
        assert app.focused is buttons[0] and buttons[0].lang.code != chosen
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat again")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LanguageScreen), "the picker opened mid-chat")
        assert app.screen.cancellable
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ChatScreen), "back in the chat")
