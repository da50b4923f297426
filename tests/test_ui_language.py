"""Languages: the picker (number keys, arrows, mouse), switching mid-chat with the same answers,
translated footer keys, and Swedish under each message for reading together."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from conftest import t as translator
from imguide.core.engine.resolve import format_answer, resolve
from imguide.ui.app import GuideApp
from imguide.ui.screens.chat import ChatScreen
from imguide.ui.screens.language import LanguageButton, LanguageScreen
from imguide.ui.widgets.choices import ChoiceButton

from test_ui_support import SIZE, answers, bubble_widgets, bubbles, bundle, click, current, settle


def text_in(lang: str, node_id: str, app) -> str:
    b = bundle()
    return resolve(b, b.nodes[node_id], translator(lang), app.session.state.values).text


def footer_descriptions(app) -> list[str]:
    return [str(key.description) for key in app.screen.query(FooterKey)]


async def test_picker_comes_first_and_lists_every_language_in_its_own_name():
    app = GuideApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LanguageScreen)
        buttons = list(app.screen.query(LanguageButton))
        assert [b.lang.code for b in buttons] == [lang.code for lang in list(bundle().languages)]
        for number, (button, lang) in enumerate(zip(buttons, list(bundle().languages)), 1):
            label = str(button.label)
            assert lang.native_name in label and str(number) in label
            if not lang.reviewed:
                assert translator(lang.code).gettext("inte granskad ännu") in label
        assert isinstance(app.focused, LanguageButton)


async def test_picker_by_number_key():
    app = GuideApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        assert app.lang == list(bundle().languages)[1].code
        assert bubbles(app, "assistant")[-1] == text_in(app.lang, "start_who", app)


async def test_picker_by_arrows_and_enter():
    app = GuideApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "up")
        await settle(pilot)
        assert app.focused.lang.code == list(bundle().languages)[1].code
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen) and app.lang == list(bundle().languages)[1].code


async def test_picker_by_click():
    app = GuideApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await click(pilot, app.screen.query_one("#lang-sv"))
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen) and app.lang == "sv"
        assert not app.screen.query("#unreviewed-notice")
        assert not [b for b in bubble_widgets(app) if b.role == "notice"]


async def test_switch_mid_chat_rerenders_the_same_answers_in_english():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")  # student
        await settle(pilot)
        await pilot.press("2")  # fit
        await settle(pilot)
        before = answers(app)
        assert "Tillbaka" in footer_descriptions(app)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LanguageScreen)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen) and app.lang == "en"
        assert answers(app) == before
        en = translator("en")
        b = bundle()
        expected_users = [format_answer(b, b.nodes[n], v, en) for n, v in before.items()]
        assert bubbles(app, "user") == expected_users
        assert bubbles(app, "assistant")[-1] == text_in("en", current(app).id, app)
        # not reviewed: the chat says so, in English
        notice = [b for b in bubble_widgets(app) if b.role == "notice"]
        assert notice and en.gettext("Den här översättningen är inte granskad av en mänsklig översättare ännu. Fråga din SYV om något är oklart.") in notice[0].plain
        # the footer follows the switch
        descriptions = footer_descriptions(app)
        assert en.gettext("Tillbaka") in descriptions and en.gettext("Sammanfattning") in descriptions
        if en.gettext("Tillbaka") != "Tillbaka":
            assert "Tillbaka" not in descriptions
        # the progress line too
        progress = str(app.screen.query_one("#progress").render())
        assert en.gettext("fråga %(number)d av ungefär %(total)d").split("%")[0].strip() in progress


async def test_a_switch_says_the_same_messages_again_in_place():
    """The messages are said again where they stand (the same bubbles, not a transcript built
    anew), and going back to Swedish hides the notice about the unreviewed translation again."""
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")  # student
        await settle(pilot)
        answer = bubble_widgets(app, "user")[-1]
        app.set_language("en")
        await settle(pilot)
        assert answer.is_mounted and bubble_widgets(app, "user")[-1] is answer
        en = translator("en")
        b = bundle()
        assert answer.message == format_answer(b, b.nodes["start_who"], answers(app)["start_who"], en)
        assert [bubble.role for bubble in bubble_widgets(app)][0] == "notice"
        app.set_language("sv")
        await settle(pilot)
        assert not [bubble for bubble in bubble_widgets(app) if bubble.role == "notice"]
        assert answer.message == format_answer(b, b.nodes["start_who"], answers(app)["start_who"], translator("sv"))


async def test_a_switch_leaves_the_focus_where_the_user_had_it():
    """Ctrl+L, then a language: the focus comes back to the earlier answer the user was on (to
    change it), or to the option they had moved to, not to the first option of the question."""
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")  # student
        await settle(pilot)
        codes = [language.code for language in bundle().languages]
        for target, lang in ((lambda: bubble_widgets(app, "user")[-1], "en"), (lambda: list(app.screen.query(ChoiceButton))[1], "sv")):
            widget = target()
            widget.focus()
            await settle(pilot)
            await pilot.press("ctrl+l")
            await settle(pilot)
            assert isinstance(app.screen, LanguageScreen)
            await pilot.press(str(codes.index(lang) + 1))
            await settle(pilot)
            assert isinstance(app.screen, ChatScreen) and app.language == lang
            assert app.focused is widget, app.focused


async def test_escape_leaves_the_picker_without_switching():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen) and app.lang == "sv"


async def test_swedish_under_shows_both_languages():
    app = GuideApp(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.both_languages
        question = next(b for b in bubble_widgets(app, "assistant") if b.node_id == "start_who")
        assert text_in("en", "start_who", app) in question.plain
        assert text_in("sv", "start_who", app) in question.plain
        answer = bubble_widgets(app, "user")[0]
        b = bundle()
        assert format_answer(b, b.nodes["start_who"], "student", translator("sv")) in answer.plain
        await pilot.press("ctrl+t")
        await settle(pilot)
        question = next(b for b in bubble_widgets(app, "assistant") if b.node_id == "start_who")
        if text_in("sv", "start_who", app) != text_in("en", "start_who", app):
            assert text_in("sv", "start_who", app) not in question.plain


async def test_swedish_under_is_not_offered_in_swedish():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Svenska under" not in footer_descriptions(app)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert not app.both_languages


async def test_switch_language_while_the_summary_is_open():
    app = GuideApp(lang="sv", flow="fit")
    app.session.answer("fit_grades_known", "yes")
    app.session.answer("fit_grades", {"SV": "C"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+l", "2")
        await settle(pilot)
        en = translator("en")
        assert type(app.screen).__name__ == "SummaryScreen" and app.lang == "en"
        title = str(app.screen.query_one("#summary-title").render())
        assert title == en.gettext("Sammanfattning")
        texts = [str(w.render()) for w in app.screen.query(".summary-answer")]
        b = bundle()
        assert texts[0] == "→ " + format_answer(b, b.nodes["fit_grades"], {"SV": "C"}, en)


async def test_a_missing_translation_shows_swedish_and_says_so(monkeypatch):
    """A catalog without one message: the Swedish text stands there, marked, never a raw id."""
    from imguide.core.content.ids import text_id
    from imguide.core.i18n.translator import Translator

    missing = text_id("start", "start_hello")
    real = Translator.string

    def string(self, string_id, source):
        return source if string_id == missing else real(self, string_id, source)

    monkeypatch.setattr(Translator, "string", string)
    app = GuideApp(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hello = next(b for b in bubble_widgets(app, "assistant") if b.node_id == "start_hello")
        swedish = bundle().nodes["start_hello"].text.split("[[")[0]
        assert hello.plain.startswith(swedish)
        assert translator("en").gettext("Den här texten är inte översatt än. Den står på svenska.") in hello.plain
        assert "start_hello" not in hello.plain
        other = next(b for b in bubble_widgets(app, "assistant") if b.node_id == "start_privacy")
        assert "svenska" not in other.plain  # only the untranslated message is marked


async def test_what_was_typed_stays_through_a_switch_and_the_field_speaks_the_new_language():
    from textual.widgets import Input

    from test_ui_support import typed
    from imguide.ui.widgets.text_answer import PLACEHOLDERS

    app = GuideApp(lang="sv", flow="intake")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(20):  # to the first question answered in the pupil's own words
            if current(app).kind == "text":
                break
            await pilot.press("1", "enter") if current(app).kind == "multi" else await pilot.press("1")
            await settle(pilot)
        node = current(app)
        await pilot.press(*typed("Fotboll och musik"))
        await settle(pilot)
        app.set_language("ar")
        await settle(pilot)
        ar = translator("ar")
        field = app.focused
        assert isinstance(field, Input) and field.value == "Fotboll och musik"
        send = app.screen.query_one(".send")
        assert ar.gettext("Skicka") in str(send.label) and "Skicka" not in str(send.label)
        assert field.placeholder and field.placeholder != PLACEHOLDERS[node.kind]
        await pilot.press("enter")
        await settle(pilot)
        assert answers(app)[node.id] == "Fotboll och musik"
