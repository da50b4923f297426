"""Bad input and odd situations: random keys anywhere, a huge paste, a tiny or resized window,
NO_COLOR, themes, and restart asking first."""

from __future__ import annotations

import pytest

import random

from textual import events
from textual.widgets import Input

from imguide.ui.app import GuideApp
from imguide.ui.screens.chat import ChatScreen
from imguide.ui.screens.dialogs import ConfirmScreen, TooSmallScreen
from imguide.ui.themes import THEME_NAMES
from imguide.ui.widgets.text_answer import hard_cap

from test_ui_support import SIZE, answers, bubbles, click, current, mash, settle, wait_for

KEYS = [
    *"abcdefghijklmnopqrstuvwxyzåäö0123456789ABCF",
    "enter", "escape", "tab", "shift+tab", "up", "down", "left", "right", "space", "backspace",
    "delete", "home", "end", "pageup", "pagedown", "minus", "question_mark", "comma", "full_stop",
    "ctrl+b", "ctrl+r", "ctrl+s", "ctrl+t", "ctrl+l", "ctrl+g", "ctrl+e", "ctrl+a", "ctrl+u",
    "f1", "f2", "y", "n",
]


async def _random_keys(app, seed: int, count: int = 300) -> None:
    rng = random.Random(seed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for start in range(0, count, 20):
            await mash(pilot, [rng.choice(KEYS) for _ in range(20)])
            assert app.is_running, f"stopped after about {start + 20} keys (seed {seed})"
        await settle(pilot)
        assert app.is_running
        assert app.screen is not None


@pytest.mark.slow
async def test_random_keys_from_the_language_picker():
    await _random_keys(GuideApp(), seed=1)


@pytest.mark.slow
async def test_random_keys_in_the_chat():
    await _random_keys(GuideApp(lang="sv"), seed=2)


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "flow", "seed"), [("en", "fit", 3), ("sv", "intake", 4)])
async def test_random_keys_from_the_grades_and_text_questions(lang, flow, seed):
    await _random_keys(GuideApp(lang=lang, flow=flow), seed=seed)


async def test_huge_paste_is_cut_to_size_and_the_app_stays_responsive():
    app = GuideApp(lang="sv", flow="intake")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(20):
            if current(app).kind == "text":
                break
            await pilot.press("1", "enter") if current(app).kind == "multi" else await pilot.press("1")
            await settle(pilot)
        node = current(app)
        field = app.focused
        assert isinstance(field, Input)
        field.post_message(events.Paste(("En mycket lång rad \x1b[2J med skräp.\n" * 40_000)))  # ~1.5 MB
        await settle(pilot)
        assert len(field.value) == hard_cap(node.max_length)
        assert "\x1b" not in field.value and "\n" not in field.value
        assert f"Bara de första {node.max_length} tecknen kom med" in bubbles(app, "error")[-1]
        await pilot.press("ctrl+u")  # the input still reacts to keys
        await pilot.press("O", "k", "enter")
        await settle(pilot)
        assert answers(app)[node.id] == "Ok"


async def test_tiny_window_says_to_enlarge_and_recovers_on_resize():
    app = GuideApp(lang="sv")
    async with app.run_test(size=(39, 12)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        assert "Gör fönstret större" in str(app.screen.query_one("#too-small").render())
        await pilot.press("1", "ctrl+s", "f1", "ctrl+l")  # nothing happens behind the notice
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen) and answers(app) == {}
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat after the resize")
        await pilot.press("1")
        await settle(pilot)
        assert answers(app) == {"start_who": "student"}
        await pilot.resize_terminal(39, 30)
        await wait_for(pilot, lambda: isinstance(app.screen, TooSmallScreen), "the notice after the resize")
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat after the resize")
        assert bubbles(app, "user") == ["Jag är elev"]


async def test_a_resize_to_the_same_size_does_not_paint_the_screen_again():
    """A terminal reports its size once more as the app starts (the same size): the screen was
    laid out and painted again for it, right after the first frame."""
    from textual.screen import Screen

    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        layouts = []
        original = Screen._refresh_layout

        def counted(screen, *args, **kwargs):
            layouts.append(screen)
            return original(screen, *args, **kwargs)

        Screen._refresh_layout = counted
        try:
            app.post_message(events.Resize(app.size, app.size))
            await settle(pilot)
            await settle(pilot)
            assert layouts == []
            width, height = SIZE
            await pilot.resize_terminal(width + 10, height)  # a real change still lays it out
            await wait_for(pilot, lambda: layouts, "a layout after a real resize")
            assert app.screen.size.width == width + 10
        finally:
            Screen._refresh_layout = original


@pytest.mark.parametrize("lang", ["sv", "ar"])
async def test_works_at_the_smallest_size(lang):
    """40 columns: a phone-wide browser."""
    app = GuideApp(lang=lang, flow="fit")
    async with app.run_test(size=(40, 16)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        await pilot.press("1")
        await settle(pilot)
        # the grades table fits: each subject's name beside its seven grade columns
        from imguide.core.eligibility.explain import subject_name
        from imguide.ui.bidi import visual

        name = subject_name("SV", app.translator)
        shown = visual(name[:1].upper() + name[1:], rtl=app.current_language.rtl)
        rows = [strip.text for strip in app.screen._compositor.render_strips()]
        assert any(shown in row and "A  B  C  D  E  F  –" in row for row in rows), rows
        await pilot.press("c", "enter")
        await settle(pilot)
        assert answers(app)["fit_grades"] == {"SV": "C"}


async def test_no_color_is_respected(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.no_color
        await pilot.press("1")
        await settle(pilot)
        assert answers(app) == {"start_who": "student"}


async def test_themes_cycle_with_f2_and_high_contrast_is_black_white_yellow():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = [app.theme]
        for _ in range(3):
            await pilot.press("f2")
            await settle(pilot)
            seen.append(app.theme)
        assert set(seen) == set(THEME_NAMES) and seen[0] == seen[-1]
        app.theme = "imguide-high-contrast"
        await settle(pilot)
        variables = app.get_css_variables()
        assert variables["background"].upper() == "#000000"
        assert variables["foreground"].upper() == "#FFFFFF"
        assert variables["primary"].upper().startswith("#FFFF00") or variables["primary"].upper() == "#FEFF00"
        assert variables["text-muted"].upper() == "#FFFFFF"


async def test_restart_asks_first():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert app.focused.id == "no"  # the safe answer is the default
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen) and answers(app) == {"start_who": "student"}
        await pilot.press("ctrl+r")
        await settle(pilot)
        await click(pilot, app.screen.query_one("#yes"))
        await settle(pilot)
        assert type(app.screen).__name__ == "LanguageScreen" and app.chat is None
        await pilot.press("1")
        await settle(pilot)
        assert answers(app) == {} and current(app).id == "start_who"
        assert bubbles(app, "user") == []


async def test_help_screen_lists_the_keys_and_closes():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        text = " ".join(str(w.render()) for w in app.screen.query(".help-row"))
        assert "Ctrl+L" in text and "Byt språk" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)


def test_imguide_without_a_subcommand_starts_the_app(monkeypatch):
    from imguide.cli import main

    started = []
    monkeypatch.setattr(GuideApp, "run", lambda self, *a, **k: started.append((self.start_lang, self.flow)))
    assert main([]) == 0
    assert main(["--lang", "en", "--flow", "fit"]) == 0
    assert started == [(None, "start"), ("en", "fit")]


async def test_a_frame_hold_replaced_before_it_began_still_lets_the_chat_paint():
    """Two changes before the event loop turns: the first hold is cancelled before its task ever
    ran (its `finally` never does). The screen must not stay frozen, nor the collector off."""
    import asyncio
    import gc

    from imguide.ui.textual_fixes import frame_held, one_frame_for

    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        pending = asyncio.get_running_loop().create_future()  # a mount that never finishes
        one_frame_for(app, [pending], screen)
        one_frame_for(app, [pending], screen)  # replaces the first before it ran
        await wait_for(pilot, lambda: not frame_held(app), "the held frames to be let go (0.5 s at most)")
        assert app._batch_count == 0 and gc.isenabled()
        node = current(app)
        await pilot.press("1")
        await settle(pilot)
        assert current(app) is not node and bubbles(app, "user"), "the chat still answers and paints"
