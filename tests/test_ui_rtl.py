"""An Arabic and a Dari session as the reader sees them: the cells the terminal is given, read from
the compositor (an SVG picture would be reordered again by the browser that shows it)."""

from __future__ import annotations

import io
import re

import pytest

from conftest import t as translator
from imguide.core.content.kinds import option_label
from imguide.core.engine.resolve import resolve
from imguide.ui import bidi, launch
from imguide.ui.app import GuideApp
from imguide.ui.widgets.text_answer import TextAnswerPanel

from test_ui_support import bundle, mash, settle, typed, wait_for

SIZE = (70, 40)
# Arabic letters in their plain (logical, unjoined) code points: never on screen when the app
# shapes. Presentation forms, vowel marks, Arabic punctuation and digits are fine.
UNSHAPED = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]")
INVISIBLE = re.compile("[\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")


def screen_lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def first_words(text: str, count: int = 2) -> str:
    """The first words of a message, as the right end of its first line shows them."""
    words = " ".join(text.split()[:count])
    return bidi.visual(words, rtl=True)


@pytest.mark.parametrize("code", ["ar", "fa_AF"])
async def test_a_right_to_left_session_reads_right_to_left(code):
    app = GuideApp(lang=code)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        screen = "\n".join(lines)
        assert not UNSHAPED.search(screen), "letters reach the terminal unshaped"
        assert not INVISIBLE.search(screen), "invisible controls reach the terminal"
        # the greeting starts at the right: its first words end its first line, next to the
        # bubble's right border
        greeting = resolve(bundle(), bundle().nodes["start_hello"], translator(code), {}).text
        expected = first_words(greeting)
        line = next(line for line in lines if expected in line)
        assert line.rstrip(" ▐").endswith(expected)
        # the question's answers: their keys stand at the right, before the words
        question = bundle().nodes["start_who"]
        label = option_label(question, question.options[0].key, translator(code))
        shown = bidi.visual(f"1 {label}", rtl=True)
        assert any(line.rstrip().endswith(shown) for line in lines), shown
        # Latin school terms are whole and readable inside the Arabic script
        assert "SYV" in screen and "imguide" in screen


async def test_arabic_digits_and_a_date_read_in_their_own_order():
    app = GuideApp(lang="ar", flow="fit")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        while app.session.state.current is not None and app.session.state.current.id != "fit_birth_date":
            node = app.session.state.current
            key = "3" if node.id == "fit_grades_known" else "1"
            await mash(pilot, [key] if node.kind == "choice" else ["enter"])
            await settle(pilot)
        assert app.session.state.current.id == "fit_birth_date"
        await mash(pilot, typed("٢٠١٠-٠٥-١٤") + ["enter"])
        await wait_for(pilot, lambda: app.session.state.current is None or app.session.state.current.id != "fit_birth_date")
        assert str(app.session.answers[-1].value) == "2010-05-14"
        screen = "\n".join(screen_lines(app))
        assert "14" in screen and "2010" in screen
        assert not UNSHAPED.search(screen)


async def test_typed_arabic_gets_a_preview_that_reads_right_to_left():
    app = GuideApp(lang="ar", flow="intake")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(12):
            if app.screen.query(TextAnswerPanel):
                break
            node = app.session.state.current
            await mash(pilot, ["1", "enter"] if node.kind == "multi" else ["1"])
            await settle(pilot)
        panels = app.screen.query(TextAnswerPanel)
        if not panels:
            pytest.skip("no free-text question reached in the intake flow")
        preview = app.screen.query_one("#typed-preview")
        assert not preview.display
        words = "أريد أن أدرس"
        app.screen.query_one("#answer-input").insert_text_at_cursor(words)
        await settle(pilot)
        assert preview.display
        screen = "\n".join(screen_lines(app))
        assert bidi.visual(words, rtl=True) in screen


async def test_bidi_off_hands_the_terminal_logical_order():
    app = GuideApp(lang="ar", bidi="off")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = "\n".join(screen_lines(app))
        greeting = resolve(bundle(), bundle().nodes["start_hello"], translator("ar"), {}).text
        assert greeting.split()[0] in screen  # as written, unshaped, left to right


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_vte_reordering_is_turned_off_and_back_on_also_through_tmux(monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr(launch.sys, "__stdout__", terminal)
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    launch._terminal_bidi(False)
    launch._terminal_bidi(True)
    written = terminal.getvalue()
    assert written.startswith("\x1b[8l\x1bPtmux;\x1b\x1b[8l\x1b\\")
    assert written.endswith("\x1b[8h\x1bPtmux;\x1b\x1b[8h\x1b\\")
    monkeypatch.delenv("TMUX")
    terminal.seek(0)
    terminal.truncate()
    launch._terminal_bidi(False)
    assert terminal.getvalue() == "\x1b[8l"


async def test_the_picker_lists_every_language_left_to_right_each_name_in_its_own_direction():
    app = GuideApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = "\n".join(screen_lines(app))
        assert not UNSHAPED.search(screen) and not INVISIBLE.search(screen)
        for code in ("ar", "fa_AF"):
            language = bundle().language(code)
            number = [lang.code for lang in bundle().languages].index(code) + 1
            note = language.picker_word("inte granskad ännu")
            # the number at the left; the name, then its note, read from the right
            expected = f"{number}  " + bidi.visual(f"{language.native_name}  ({note})", rtl=True)
            assert expected in screen, expected
            # "choose a language" whole on one line, in its own order
            assert bidi.visual(language.picker_word("Välj språk"), rtl=True).replace(" ", "\u00a0") in screen.replace(" ", "\u00a0")
