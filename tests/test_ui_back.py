"""Going back without losing work: change any earlier answer (click, or focus and Enter); later
answers still on the path come back; Escape cancels; Ctrl+B / Escape go back one answer."""

from __future__ import annotations

from textual.widgets import Static

from conftest import t as translator
from imguide.core.engine.resolve import resolve
from imguide.ui.app import GuideApp
from imguide.ui.widgets.bubble import AnswerBubble
from imguide.ui.widgets.choices import ChoiceButton

from test_ui_support import SIZE, answers, bubble_widgets, bubbles, bundle, chat, click, current, settle


async def _student_fit_yes(pilot, app) -> None:
    await settle(pilot)
    await pilot.press("1")  # start_who: student
    await settle(pilot)
    await pilot.press("2")  # start_topic: fit
    await settle(pilot)
    await pilot.press("1")  # fit_grades_known: yes
    await settle(pilot)
    assert current(app).id == "fit_grades"


def _answer_bubble(app, node_id: str) -> AnswerBubble:
    return next(b for b in bubble_widgets(app, "user") if b.node_id == node_id)


async def test_change_an_earlier_answer_keeps_later_answers_on_the_path():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await _student_fit_yes(pilot, app)
        first = _answer_bubble(app, "start_who")
        first.scroll_visible(animate=False)
        await settle(pilot)
        await click(pilot, first)
        await settle(pilot)
        # asked again, with the old answer marked and focused, and a way out shown
        assert current(app).id == "start_who"
        assert chat(app).reopening == "start_who"
        banner = app.screen.query_one("#reopen-banner", Static)
        assert banner.display and "Esc" in str(banner.render())
        assert isinstance(app.focused, ChoiceButton) and app.focused.value == "student"
        assert bubbles(app, "user") == []  # the later answers wait until this one is given
        await pilot.press("2")  # now: guardian
        await settle(pilot)
        assert answers(app) == {"start_who": "guardian", "start_topic": "fit", "fit_grades_known": "yes"}
        assert current(app).id == "fit_grades"
        assert chat(app).reopening is None and not banner.display
        guardian_text = resolve(bundle(), bundle().nodes["start_for_guardian"], translator("sv")).text
        assert guardian_text in bubbles(app, "assistant")
        assert bubbles(app, "user") == ["Jag är förälder eller vårdnadshavare", "Vad passar mig?", "Ja"]


async def test_change_by_keyboard_focus_and_enter():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await _student_fit_yes(pilot, app)
        await pilot.press("escape")  # reopen the last answer (fit_grades_known)
        await settle(pilot)
        assert current(app).id == "fit_grades_known"
        for _ in range(6):  # back from the answer buttons (past the word buttons) to the newest answer
            await pilot.press("shift+tab")
            if isinstance(app.focused, AnswerBubble):
                break
        await settle(pilot)
        assert isinstance(app.focused, AnswerBubble) and app.focused.node_id == "start_topic"
        await pilot.press("enter")
        await settle(pilot)
        assert current(app).id == "start_topic"
        await pilot.press("2")  # the same answer again
        await settle(pilot)
        assert answers(app)["fit_grades_known"] == "yes"
        assert current(app).id == "fit_grades"


async def test_escape_cancels_a_change():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await _student_fit_yes(pilot, app)
        before_users = bubbles(app, "user")
        first = _answer_bubble(app, "start_who")
        first.scroll_visible(animate=False)
        await settle(pilot)
        await click(pilot, first)
        await settle(pilot)
        assert current(app).id == "start_who"
        await pilot.press("escape")
        await settle(pilot)
        assert current(app).id == "fit_grades"
        assert chat(app).reopening is None
        assert bubbles(app, "user") == before_users
        assert answers(app) == {"start_who": "student", "start_topic": "fit", "fit_grades_known": "yes"}


async def test_ctrl_b_goes_back_step_by_step_without_losing_answers():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await _student_fit_yes(pilot, app)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert current(app).id == "fit_grades_known"
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert current(app).id == "start_topic"
        assert answers(app) == {"start_who": "student", "start_topic": "fit", "fit_grades_known": "yes"}
        focused = app.focused
        assert isinstance(focused, ChoiceButton) and focused.value == "fit"  # the old answer, ready
        await pilot.press("enter")
        await settle(pilot)
        assert current(app).id == "fit_grades"


async def test_a_loop_keeps_its_earlier_rounds_and_any_round_can_be_changed():
    app = GuideApp(lang="sv", flow="after_im")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for key in ("2", "1", "7"):  # Komvux; yes, more; CSN
            await pilot.press(key)
            await settle(pilot)
        komvux_text = resolve(bundle(), bundle().nodes["after_im_komvux"], translator("sv")).text
        chat(app).transcript.show_earlier()
        await settle(pilot)
        # the first round is still there to read again, above the second
        assert komvux_text in bubbles(app, "assistant")
        assert bubbles(app, "user") == ["Komvux", "Ja, visa vägarna igen", "Pengar från CSN"]
        assert current(app).id == "after_im_more"
        first_round = bubble_widgets(app, "user")[0]
        assert (first_round.node_id, first_round.visit) == ("after_im_topic", 0)
        first_round.scroll_visible(animate=False)
        await settle(pilot)
        await click(pilot, first_round)
        await settle(pilot)
        assert current(app).id == "after_im_topic" and app.session.state.visit == 0
        assert isinstance(app.focused, ChoiceButton) and app.focused.value == "komvux"
        await pilot.press("3")  # the first round is now about kombinationsutbildning
        await settle(pilot)
        assert bubbles(app, "user") == ["Yrke och svenska samtidigt", "Ja, visa vägarna igen", "Pengar från CSN"]
        assert current(app).id == "after_im_more"  # the second round came back as it was
