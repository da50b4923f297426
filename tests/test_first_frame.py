"""The first screen comes whole in its first frame, and nothing is laid out or styled again after
it for nothing (each of these cost the start a layout and a frame, or held the work behind it)."""

from __future__ import annotations

import pytest
from textual.screen import Screen

from imguide.ui.app import GuideApp
from imguide.ui.screens.chat import ChatScreen
from imguide.ui.screens.language import LanguageScreen
from imguide.ui.widgets.footer import QuietFooter
from test_ui_support import SIZE, settle


def frame_text(app, renderable) -> str:
    from textual._compositor import LayoutUpdate

    if isinstance(renderable, LayoutUpdate):
        return "\n".join("".join(strip.text for strip in line) for line in renderable.strips)
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


class FirstFrame:
    """What the first frame sent to the terminal showed, and what ran before it."""

    def __init__(self, app) -> None:
        self.text: str | None = None
        self.events: list[str] = []
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is not None and not app._batch_count and self.text is None:
                self.text = frame_text(app, renderable)
                self.events.append("first frame")

        app._display = display


@pytest.mark.parametrize("lang, words", [("sv", ["Tillbaka", "Språk", "Jag är elev"]), (None, ["Svenska", "English", "Avsluta"])])
async def test_the_first_frame_holds_the_screen_and_its_footer_keys(monkeypatch, lang, words):
    recomposed = []
    original = QuietFooter.recompose

    async def counted(self):
        recomposed.append(self)
        return await original(self)

    monkeypatch.setattr(QuietFooter, "recompose", counted)
    app = GuideApp(lang=lang)
    first = FirstFrame(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen if lang else LanguageScreen)
    assert first.text is not None
    for word in words:
        assert word in first.text, (word, first.text)
    assert recomposed == []  # the keys were composed with the footer, not in a frame of their own


async def test_the_chat_is_prepared_after_the_pickers_first_frame():
    app = GuideApp()
    first = FirstFrame(app)
    prepare = app._prepare_chat

    def prepared() -> None:
        first.events.append("prepared")
        prepare()

    app._prepare_chat = prepared
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert first.events == ["first frame", "prepared"]
    assert app._bundle is not None


async def test_a_new_screen_is_styled_once_and_again_when_shown_again(monkeypatch):
    from textual.app import App

    import imguide.ui.textual_fixes  # noqa: F401  (the fix applies to every screen)

    styled: list[Screen] = []
    original = Screen.update_node_styles

    def counted(self, animate: bool = True) -> None:
        styled.append(self)
        return original(self, animate)

    monkeypatch.setattr(Screen, "update_node_styles", counted)
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        assert app.screen not in styled  # styled as its widgets were mounted, not once more on showing

    shown_twice = Screen()
    plain = App()
    async with plain.run_test(size=SIZE) as pilot:
        await plain.push_screen(shown_twice)
        await pilot.pause()
        assert shown_twice not in styled
        await plain.pop_screen()
        await plain.push_screen(shown_twice)
        await pilot.pause()
        assert shown_twice in styled  # shown again: styled again, as Textual does


async def test_the_empty_notification_rack_is_left_as_it_is_and_notifications_still_show():
    from textual.widgets._toast import ToastRack

    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # (tests run without, by default)
        await settle(pilot)
        rack = app.screen.query_one(ToastRack)
        assert not rack.display
        # hidden by the style sheet, never again by hand: that cost a layout each time a screen showed
        assert not rack.styles.inline.has_rule("display")
        app.notify("Ett meddelande")
        await settle(pilot)
        assert rack.display and [toast for toast in rack.query("Toast") if toast.display]


async def test_the_language_list_has_its_final_width_in_the_first_layout():
    app = GuideApp()
    widths: list[list[int]] = []
    original = app._display

    def display(screen, renderable) -> None:
        original(screen, renderable)
        if renderable is not None and isinstance(app.screen, LanguageScreen):
            widths.append([button.size.width for button in app.screen.query("LanguageButton")])

    app._display = display
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LanguageScreen)
        final = [button.size.width for button in app.screen.query("LanguageButton")]
    assert widths and widths[0] == final
